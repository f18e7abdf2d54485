/**
 * One contender run in its own process, so its peak RSS is its own (the simulators live in the parent).
 * The parent forks this file, sends one WorkerMessage, and gets one WorkerReply back.
 */
import '../test/harness/env';

import { performance } from 'node:perf_hooks';

import { registerNodeTypes } from './engine';
import { runBuiltIn, BUILT_IN_NODE_NAMES } from './contenders/builtin';
import { credentialsFor } from './contenders/credentials';
import { prepareOurs, registerOurNodes, runBulk, runOneItemPerExecution } from './contenders/ours';
import { looksThrottled, type ContenderOutcome, type Failure, type ProbeOutcome, type WorkerMessage, type WorkerReply, type WorkerRequest } from './contenders/types';
import { loadBuiltInNodes } from './n8nNodesBase';
import { leaseStatistics } from '../transport/leases';

const MB = 1024 * 1024;
const FAILURE_SAMPLE = 20;

function reasonOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.split('\n')[0];
}

/** Registers n8n-nodes-base's nodes when n8n is installed; the reason otherwise. */
function loadBuiltIns(): string | undefined {
	try {
		registerNodeTypes(loadBuiltInNodes());
		return undefined;
	} catch (error) {
		return reasonOf(error);
	}
}

function probe(): ProbeOutcome {
	const builtInUnavailable = loadBuiltIns();
	let oursUnavailable: string | undefined;
	try {
		registerOurNodes();
	} catch (error) {
		oursUnavailable = reasonOf(error);
	}
	return { kind: 'probe', oursUnavailable, builtInUnavailable };
}

/** Samples RSS while the contender runs; the high-water mark of the process comes from resourceUsage(). */
function rssSampler(): { stop(): number } {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 25);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(peak, process.memoryUsage().rss);
		},
	};
}

async function run(request: WorkerRequest): Promise<ContenderOutcome> {
	const builtInUnavailable = loadBuiltIns();
	if (request.contender === 'c' && builtInUnavailable) throw new Error(builtInUnavailable);
	const credentials = credentialsFor(request.connection);
	const notes: string[] = [];
	if (builtInUnavailable && request.contender !== 'c') notes.push(`n8n-nodes-base not loaded (${builtInUnavailable}); started by a plain start node instead of the Schedule Trigger`);
	if (request.contender !== 'c') await prepareOurs(credentials);

	global.gc?.();
	const leasesBefore = { ...leaseStatistics() };
	const rssBefore = process.memoryUsage().rss;
	const sampler = rssSampler();
	const startedAt = Date.now();
	const started = performance.now();
	let executions: number;
	let failures: Failure[];
	let stoppedEarly: boolean;
	if (request.contender === 'c') {
		const result = await runBuiltIn(request.connection, credentials, { waitBetweenTriesMs: request.builtInRetryWaitMs });
		executions = result.executions;
		const nodeErrors = result.execution.nodeErrors();
		failures = [
			...nodeErrors.map((error) => ({ node: error.node, message: error.message, throttled: looksThrottled(error.message, error.description, error.httpCode) })),
			...result.execution.outputs(BUILT_IN_NODE_NAMES.createInvoice)
				.filter((item) => item.json.error !== undefined)
				.map((item) => {
					const text = typeof item.json.error === 'string' ? item.json.error : JSON.stringify(item.json.error);
					return { node: BUILT_IN_NODE_NAMES.createInvoice, message: text, throttled: looksThrottled(text, JSON.stringify(item.json)) };
				}),
		];
		stoppedEarly = nodeErrors.length > 0;
	} else {
		const result = request.contender === 'a' ? await runBulk(credentials) : await runOneItemPerExecution(credentials);
		({ executions, failures, stoppedEarly } = result);
	}
	const wallMs = performance.now() - started;
	const peakDuringRun = sampler.stop();
	const leasesAfter = leaseStatistics();
	return {
		kind: 'outcome',
		contender: request.contender,
		startedAt,
		wallMs,
		executions,
		failures: failures.slice(0, FAILURE_SAMPLE),
		failureCount: failures.length,
		throttledFailureCount: failures.filter((failure) => failure.throttled).length,
		stoppedEarly,
		peakRssMb: Math.max(process.resourceUsage().maxRSS * 1024, peakDuringRun) / MB,
		rssBeforeMb: rssBefore / MB,
		rssGrowthMb: Math.max(0, peakDuringRun - rssBefore) / MB,
		leases: { grants: leasesAfter.grants - leasesBefore.grants, keys: leasesAfter.keys - leasesBefore.keys, acquireMs: leasesAfter.acquireMs - leasesBefore.acquireMs },
		notes,
	};
}

async function handle(message: WorkerMessage): Promise<WorkerReply> {
	try {
		return message.kind === 'probe' ? probe() : await run(message);
	} catch (error) {
		return { kind: 'error', message: reasonOf(error), stack: error instanceof Error ? error.stack : undefined };
	}
}

process.once('message', (message: WorkerMessage) => {
	void handle(message).then((reply) => {
		process.send!(reply, () => process.exit(0));
	});
});
