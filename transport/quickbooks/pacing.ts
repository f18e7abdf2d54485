/**
 * Client-side pacing of QuickBooks calls per company (realm), so a bulk run spends Intuit's budget
 * (quickbooks.md §6: 10 requests per second, 500 per minute, 40 /batch calls per minute) without 429
 * storms. Each limit is a bucket of tokens: a call takes one from every bucket it counts against, and
 * a token comes back one window after the call's answer arrived. Counting from the answer, not from
 * the send, keeps the pacing right whatever the latency: QuickBooks counted the call at some moment
 * before it answered, so one window after the answer that call has surely left QuickBooks' window.
 *
 * The buckets live in this process, keyed by host and realm: every execution of this process shares
 * them. In queue mode (a Redis shared by main and workers, see transport/budgets) each grant also
 * takes its share of the company's budget in Redis, so N workers on one company together stay inside
 * its limits; without that Redis, or while it does not answer, each process paces itself and the 429
 * back-off in http.ts (with `pause` here) covers what several processes spend together.
 */
import { sleep } from 'n8n-workflow';

import { budgetStoreFromEnvironment, quickBooksBudgetLimits, quickBooksCompanyBudget, type QuickBooksLimitName, type SharedBudget } from '../budgets';

export interface PacingLimits {
	perSecond: number;
	perMinute: number;
	batchPerMinute: number;
}

/** quickbooks.md §6: per realm and app, production and sandbox alike. */
export const QUICKBOOKS_LIMITS: PacingLimits = { perSecond: 10, perMinute: 500, batchPerMinute: 40 };

/** The server's clock and ours tick apart by a few milliseconds: hand a token back a little later. */
const RETURN_MARGIN_MS = 25;

/** When every token of a bucket is out on a call still unanswered, look again this often at most. */
const IN_FLIGHT_RECHECK_MS = 250;

interface Token {
	/** When the token is back in its bucket; Infinity while its call has no answer yet. */
	returnsAt: number;
}

class Bucket {
	private tokens: Token[] = [];

	constructor(
		public capacity: number,
		readonly windowMs: number,
	) {}

	/**
	 * Milliseconds until a token is free for a call with `ahead` calls queued before it: 0 now, Infinity
	 * when only unanswered calls hold the tokens it needs.
	 */
	waitMs(now: number, ahead = 0): number {
		this.tokens = this.tokens.filter((token) => token.returnsAt > now);
		const free = this.capacity - this.tokens.length;
		if (ahead < free) return 0;
		const returns = this.tokens.map((token) => token.returnsAt).sort((a, b) => a - b);
		const index = ahead - free;
		// Queued beyond every token out now: they wait for tokens that later calls will take and return.
		if (index >= returns.length) return returns.length === 0 ? this.windowMs : returns[returns.length - 1] - now + this.windowMs;
		return returns[index] - now;
	}

	take(): Token {
		const token: Token = { returnsAt: Number.POSITIVE_INFINITY };
		this.tokens.push(token);
		return token;
	}

	giveBack(token: Token, answeredAt: number): void {
		token.returnsAt = answeredAt + this.windowMs + RETURN_MARGIN_MS;
	}
}

/** A granted call: `done()` once its answer (or failure) is in, so the tokens start coming back. */
export interface PacingTicket {
	done(): void;
}

export class RealmPacer {
	private readonly perSecond: Bucket;
	private readonly perMinute: Bucket;
	private readonly batchPerMinute: Bucket;
	private pausedUntil = 0;
	/** Calls that asked for tokens and wait for them (a /batch call counts in both). */
	private readonly queued = { request: 0, batch: 0 };
	/** Grants are made in arrival order, one at a time. */
	private queue: Promise<unknown> = Promise.resolve();
	private answered?: { promise: Promise<void>; resolve: () => void };
	/** The company's budget shared with the other processes (queue mode), if any. */
	private shared?: SharedBudget<QuickBooksLimitName>;

	constructor(limits: PacingLimits = QUICKBOOKS_LIMITS) {
		this.perSecond = new Bucket(limits.perSecond, 1000);
		this.perMinute = new Bucket(limits.perMinute, 60_000);
		this.batchPerMinute = new Bucket(limits.batchPerMinute, 60_000);
	}

	configure(limits: PacingLimits): void {
		this.perSecond.capacity = limits.perSecond;
		this.perMinute.capacity = limits.perMinute;
		this.batchPerMinute.capacity = limits.batchPerMinute;
		this.shared?.configure(quickBooksBudgetLimits(limits));
	}

	/** From now on every grant also takes its share of `budget` (the company's budget in Redis). */
	share(budget: SharedBudget<QuickBooksLimitName>): void {
		this.shared = budget;
	}

	/** Waits for a token of every bucket the call counts against (a /batch call counts against all three). */
	async acquire(kind: 'request' | 'batch'): Promise<PacingTicket> {
		this.queued[kind] += 1;
		const granted = this.queue.then(async () => {
			try {
				return await this.grant(kind);
			} finally {
				this.queued[kind] -= 1;
			}
		});
		this.queue = granted.catch(() => undefined);
		return await granted;
	}

	/**
	 * How long a call of this kind asked for now would wait, behind the calls already queued: lets a bulk
	 * writer send a few single calls instead of waiting most of a minute for a /batch token.
	 */
	waitMs(kind: 'request' | 'batch', now = Date.now()): number {
		return this.waitBehind(kind, now, { request: this.queued.request, batch: this.queued.batch });
	}

	private waitBehind(kind: 'request' | 'batch', now: number, ahead: { request: number; batch: number }): number {
		const waits = this.bucketsFor(kind).map((bucket) => bucket.waitMs(now, bucket === this.batchPerMinute ? ahead.batch : ahead.request + ahead.batch));
		return Math.max(this.pausedUntil - now, 0, ...waits, this.shared?.waitHintMs(sharedLimitsOf(kind), now) ?? 0);
	}

	/** After a 429 that came anyway (another worker, another app): nobody goes before `until`. */
	pause(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	private bucketsFor(kind: 'request' | 'batch'): Bucket[] {
		return kind === 'batch' ? [this.perSecond, this.perMinute, this.batchPerMinute] : [this.perSecond, this.perMinute];
	}

	private async grant(kind: 'request' | 'batch'): Promise<PacingTicket> {
		const buckets = this.bucketsFor(kind);
		for (;;) {
			// Grants are made one at a time, in order: nobody is ahead of this call any more.
			const wait = this.waitBehind(kind, Date.now(), { request: 0, batch: 0 });
			if (wait === 0) break;
			if (Number.isFinite(wait)) await sleep(wait);
			else await Promise.race([this.nextAnswer(), sleep(IN_FLIGHT_RECHECK_MS)]);
		}
		// This process's own buckets allow the call; the other processes' calls to the company count too.
		if (this.shared) await this.shared.take(sharedLimitsOf(kind));
		const tokens = buckets.map((bucket) => bucket.take());
		let done = false;
		return {
			done: () => {
				if (done) return;
				done = true;
				const now = Date.now();
				buckets.forEach((bucket, index) => bucket.giveBack(tokens[index], now));
				this.answered?.resolve();
				this.answered = undefined;
			},
		};
	}

	private async nextAnswer(): Promise<void> {
		if (!this.answered) {
			let resolve!: () => void;
			const promise = new Promise<void>((resolved) => (resolve = resolved));
			this.answered = { promise, resolve };
		}
		return await this.answered.promise;
	}
}

/** The Redis budget limits a call counts against: the most scarce first, so a full slot is found early. */
function sharedLimitsOf(kind: 'request' | 'batch'): QuickBooksLimitName[] {
	return kind === 'batch' ? ['batch', 'minute', 'second'] : ['minute', 'second'];
}

const pacers = new Map<string, RealmPacer>();

/**
 * The process-wide pacer of one company on one host. `limits` sets other limits for that host and
 * company (a local simulator without throttling, in tests); clients then use them too. In queue mode
 * (budgetStoreFromEnvironment) the pacer shares the company's budget in Redis with the other processes.
 */
export function pacerFor(baseUrl: string, realmId: string, limits?: PacingLimits): RealmPacer {
	const key = `${baseUrl.replace(/\/+$/, '')}\n${realmId}`;
	let pacer = pacers.get(key);
	if (!pacer) {
		pacer = new RealmPacer(limits);
		const store = budgetStoreFromEnvironment();
		if (store) pacer.share(quickBooksCompanyBudget(store, realmId, quickBooksBudgetLimits(limits ?? QUICKBOOKS_LIMITS)));
		pacers.set(key, pacer);
	} else if (limits) {
		pacer.configure(limits);
	}
	return pacer;
}
