/**
 * A request budget several processes share through Redis (queue mode: main and workers already share
 * n8n's queue Redis). Each limit ("at most L calls in any W ms") is a rate-limiter-flexible counter per
 * clock-aligned slot (slots.ts), so N workers on one QuickBooks company or HubSpot portal together stay
 * inside that company's or portal's limits.
 *
 * The budget only ever delays a call, it never fails or skips one: when Redis does not answer, calls
 * go on with this process's own pacing (the in-process budgets of pacing.ts and rateLimit.ts, which run
 * in front of this one anyway), the log says so once, and Redis is asked again after a short pause.
 */
import type Redis from 'ioredis';
import { LoggerProxy, sleep } from 'n8n-workflow';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import { slotAt, slotPlan, type SlotPlan } from './slots';

/** At most `limit` calls in any rolling `windowMs`. */
export interface BudgetLimit {
	limit: number;
	windowMs: number;
}

/**
 * How long after its grant a call may reach the server and be counted there: the simulators' and real
 * networks' latency, a token refresh before the call, event-loop lag. The slots are sized for it.
 */
export const GRANT_TO_ARRIVAL_MARGIN_MS = 250;

/** After Redis failed to answer, calls use only the in-process pacing this long before Redis is tried again. */
export const REDIS_RETRY_AFTER_MS = 10_000;

/**
 * Limits this high are no limit (tests against a simulator that does not throttle); limits under 2 are
 * left to the in-process pacing, which already holds such calls back (0: never in a /batch).
 */
const UNLIMITED_FROM = 100_000;
const SHARED_FROM = 2;

/** How long a call waits for a Redis connection that is still being made before it goes on without it. */
const READY_WAIT_MS = 2_000;

/** Redis outages already in the log: one line per outage and process, not one per call or company. */
const redisesReportedDown = new Set<string>();
/** Connections being made, each waited for once. */
const connections = new WeakMap<Redis, Promise<void>>();
/** Per Redis: until when this process's budgets in it go without it after it failed to answer. */
const redisesSkippedUntil = new Map<string, number>();

interface PlannedLimit {
	plan: SlotPlan;
	counter: RateLimiterRedis;
	/** The end of the last slot found full: a hint of how long the next call would wait. */
	fullUntil: number;
}

/** Where the budget's counters live; `connection()` is asked on every call, so a reopened connection is used. */
export interface BudgetStore {
	connection(): Redis;
	/** Names the Redis in log lines (host and port, never a password). */
	description: string;
}

export class SharedBudget<Name extends string> {
	private limits = new Map<Name, PlannedLimit>();
	private planned?: Redis;

	/**
	 * @param keyBase the Redis key prefix of this company or portal, e.g. `hsqb:budget:quickbooks:<realmId>`;
	 *   each slot is one key `<keyBase>:<limit name>:<slot number>`.
	 * @param what names the budget in the log line of a Redis outage ("QuickBooks company 1234").
	 */
	constructor(
		private readonly store: BudgetStore,
		readonly keyBase: string,
		private limitsByName: Record<Name, BudgetLimit>,
		private readonly what: string,
		private readonly marginMs = GRANT_TO_ARRIVAL_MARGIN_MS,
	) {}

	/** New limits (a test's unthrottled simulator, HubSpot's Professional tier): slots are planned again. */
	configure(limitsByName: Record<Name, BudgetLimit>): void {
		this.limitsByName = limitsByName;
		this.planned = undefined;
	}

	/** The slot plan of one limit (for tests and the benchmark report). */
	planOf(name: Name): SlotPlan {
		return slotPlan(this.limitsByName[name].limit, this.limitsByName[name].windowMs, this.marginMs);
	}

	/** How long a call counting against these limits would wait now, as far as this process last saw. */
	waitHintMs(names: readonly Name[], now = Date.now()): number {
		if (now < (redisesSkippedUntil.get(this.store.description) ?? 0)) return 0;
		return Math.max(0, ...names.map((name) => (this.limits.get(name)?.fullUntil ?? 0) - now));
	}

	/**
	 * Waits until every named limit has a point free in its current slot and takes them: true when the
	 * shared budget granted the call, false when Redis did not answer and the call goes on paced in-process.
	 */
	async take(names: readonly Name[]): Promise<boolean> {
		const shared = names.filter((name) => this.isShared(name));
		if (shared.length === 0) return true;
		for (;;) {
			if (Date.now() < (redisesSkippedUntil.get(this.store.description) ?? 0)) return false;
			let redis: Redis;
			try {
				redis = await this.ready();
			} catch (error) {
				this.unavailable(error);
				return false;
			}
			const limits = this.limitsFor(redis);
			const taken: Array<{ counter: RateLimiterRedis; key: string }> = [];
			let waitUntil = 0;
			for (const name of shared) {
				const limit = limits.get(name) as PlannedLimit;
				const slot = slotAt(limit.plan, Date.now());
				const key = `${name}:${slot.index}`;
				// The library resolves with the points left, rejects with them when the slot is full, or with an Error.
				const outcome = await limit.counter.consume(key, 1).then(
					() => 'granted' as const,
					(refused: unknown) => (refused instanceof RateLimiterRes ? ('full' as const) : refused),
				);
				if (outcome === 'granted') {
					taken.push({ counter: limit.counter, key });
					continue;
				}
				if (outcome !== 'full') {
					this.unavailable(outcome);
					return false;
				}
				limit.fullUntil = slot.endsAt;
				waitUntil = slot.endsAt;
				break;
			}
			if (waitUntil === 0) {
				this.available();
				return true;
			}
			// The points taken of the other limits go back: this call is not sent in their slots.
			await Promise.all(taken.map(async ({ counter, key }) => await counter.reward(key, 1).catch(() => undefined)));
			await sleep(Math.max(1, waitUntil - Date.now()));
		}
	}

	private isShared(name: Name): boolean {
		const { limit } = this.limitsByName[name];
		return limit >= SHARED_FROM && limit < UNLIMITED_FROM;
	}

	private limitsFor(redis: Redis): Map<Name, PlannedLimit> {
		if (this.planned === redis) return this.limits;
		const limits = new Map<Name, PlannedLimit>();
		for (const name of Object.keys(this.limitsByName) as Name[]) {
			if (!this.isShared(name)) continue;
			const plan = this.planOf(name);
			const counter = new RateLimiterRedis({
				storeClient: redis,
				keyPrefix: this.keyBase,
				points: plan.points,
				// Whole seconds (the library's unit), past the slot's end: a slot's key is gone soon after its slot.
				duration: Math.ceil(plan.slotMs / 1000) + 1,
			});
			limits.set(name, { plan, counter, fullUntil: this.limits.get(name)?.fullUntil ?? 0 });
		}
		this.limits = limits;
		this.planned = redis;
		return limits;
	}

	private async ready(): Promise<Redis> {
		const redis = this.store.connection();
		if (redis.status === 'ready') return redis;
		let connecting = connections.get(redis);
		if (!connecting) {
			// One wait per connection, however many calls ask at once (an event listener each would pile up).
			if (redis.status === 'wait') redis.connect().catch(() => undefined);
			connecting = new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					redis.off('ready', onReady);
					reject(new Error(`no connection within ${READY_WAIT_MS} ms`));
				}, READY_WAIT_MS);
				const onReady = () => {
					clearTimeout(timer);
					resolve();
				};
				redis.once('ready', onReady);
			}).finally(() => connections.delete(redis));
			connections.set(redis, connecting);
		}
		await connecting;
		return redis;
	}

	private unavailable(error: unknown): void {
		redisesSkippedUntil.set(this.store.description, Date.now() + REDIS_RETRY_AFTER_MS);
		if (redisesReportedDown.has(this.store.description)) return;
		redisesReportedDown.add(this.store.description);
		const reason = error instanceof Error ? error.message : String(error);
		LoggerProxy.warn(
			`The shared request budgets in the Redis at ${this.store.description} are unavailable (${reason}, first seen for ${this.what}): this process paces its own calls until Redis answers again`,
		);
	}

	private available(): void {
		if (!redisesReportedDown.delete(this.store.description)) return;
		LoggerProxy.info(`The shared request budgets in the Redis at ${this.store.description} are in use again`);
	}
}
