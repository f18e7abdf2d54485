/** What the parent (simulators) hands a worker (engine), and what the worker reports back. */

export type ContenderId = 'a' | 'b' | 'c';

export const CONTENDER_LABELS: Record<ContenderId, string> = {
	a: '(a) our nodes, bulk',
	b: '(b) our nodes, 1 item/execution',
	c: '(c) n8n built-in nodes only',
};

export interface ApiConnection {
	hubspot: { url: string; token: string };
	quickbooks: {
		url: string;
		realmId: string;
		accessToken: string;
		refreshToken: string;
		tokenUrl: string;
		authorizeUrl: string;
		clientId: string;
		clientSecret: string;
	};
}

/** Invoice statuses every contender syncs: issued ones (drafts are not invoices yet; voided ones are not booked). */
export const SYNCED_STATUSES = ['open', 'paid'];

/** Contender (c)'s "Wait Between Tries" after a failed call: 5000 ms, the most n8n's UI allows. */
export const BUILT_IN_RETRY_WAIT_MS = 5000;

export interface WorkerRequest {
	kind: 'run';
	contender: ContenderId;
	connection: ApiConnection;
	/** Contender (c): the HTTP nodes' wait between tries. */
	builtInRetryWaitMs: number;
}

export interface ProbeRequest {
	kind: 'probe';
}

export type WorkerMessage = WorkerRequest | ProbeRequest;

export interface Failure {
	node: string;
	message: string;
	/** The failure came from a 429 / throttling answer that the contender gave up on. */
	throttled: boolean;
}

export interface ContenderOutcome {
	kind: 'outcome';
	contender: ContenderId;
	/** Epoch ms when the timed run began: simulator log entries from here on are the contender's. */
	startedAt: number;
	wallMs: number;
	/** Workflow executions the contender needed (1 for a bulk run, 1 + N for one item per execution). */
	executions: number;
	/** Per-item failures and node errors, at most a sample of them. */
	failures: Failure[];
	failureCount: number;
	throttledFailureCount: number;
	/** The workflow stopped on a node error (the remaining invoices were not processed). */
	stoppedEarly: boolean;
	/** process.resourceUsage().maxRSS of the worker, in MB. */
	peakRssMb: number;
	/** RSS just before the timed run started (engine and nodes loaded), in MB. */
	rssBeforeMb: number;
	/** Highest RSS sampled during the run minus rssBeforeMb. */
	rssGrowthMb: number;
	/** The worker's lease figures for the timed run (transport/leases leaseStatistics). */
	leases?: { grants: number; keys: number; acquireMs: number };
	notes: string[];
}

export interface ProbeOutcome {
	kind: 'probe';
	/** Why contenders (a) and (b) cannot run yet, or undefined when they can. */
	oursUnavailable?: string;
	/** Why contender (c) cannot run, or undefined when it can. */
	builtInUnavailable?: string;
}

export interface WorkerFailure {
	kind: 'error';
	message: string;
	stack?: string;
}

export type WorkerReply = ContenderOutcome | ProbeOutcome | WorkerFailure;

const THROTTLE_PATTERN = /\b429\b|ThrottleExceeded|RATE_LIMIT|rate limit|too many requests|ten_secondly|secondly limit|request limit was reached/i;

export function looksThrottled(...texts: Array<string | undefined>): boolean {
	return texts.some((text) => text !== undefined && THROTTLE_PATTERN.test(text));
}
