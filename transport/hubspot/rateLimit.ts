import { createHash } from 'node:crypto';
import { sleep } from 'n8n-workflow';

import { budgetStoreFromEnvironment, hubSpotBudgetLimits, hubSpotPortalBudget, type HubSpotLimitName, type SharedBudget } from '../budgets';

/**
 * HubSpot's limits are per app and portal (hubspot.md §5.1): a rolling 10-second burst window and
 * five searches per second per account. Every client of one portal in this process draws from the
 * same windows, keyed by a hash of the access token (never the token itself). In queue mode each
 * call also takes its share of the portal's budget in Redis (transport/budgets), shared with the other
 * workers; without that Redis the 429 handling in the client covers what processes spend together.
 */

export interface RateLimits {
	/** Requests per rolling window (hubspot.md §5.1: 100 per 10 s on Free/Starter, 190 on Professional). */
	requestsPerWindow: number;
	windowMs: number;
	/** Search requests per second (hubspot.md §4.2: five per account). */
	searchesPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { requestsPerWindow: 100, windowMs: 10_000, searchesPerSecond: 5 };

// The server counts a call when it arrives, a little after we let it go: keep a small margin.
const MARGIN_MS = 50;

/** A sliding log of grants: at most `max` grants in any `windowMs`. Reservations are made in order. */
export class SlidingWindow {
	private grants: number[] = [];
	private pausedUntil = 0;

	constructor(
		public max: number,
		public windowMs: number,
	) {}

	/**
	 * Reserves the next slot: how long the caller must wait before using it, and `settle` to call
	 * once the answer is in. The slot then counts from the answer, not from the grant: under
	 * event-loop lag a call can leave later than granted, and the server counts it when it arrives.
	 */
	reserve(now: number): { waitMs: number; settle: () => void } {
		while (this.grants.length > 0 && this.grants[0] + this.windowMs + MARGIN_MS <= now) this.grants.shift();
		let at = Math.max(now, this.pausedUntil);
		if (this.grants.length >= this.max) at = Math.max(at, this.grants[this.grants.length - this.max] + this.windowMs + MARGIN_MS);
		this.grants.push(at);
		const settle = () => {
			const index = this.grants.indexOf(at);
			const answeredAt = Date.now();
			if (index < 0 || answeredAt <= at) return;
			this.grants.splice(index, 1);
			const insertAt = this.grants.findIndex((grant) => grant > answeredAt);
			this.grants.splice(insertAt < 0 ? this.grants.length : insertAt, 0, answeredAt);
		};
		return { waitMs: at - now, settle };
	}

	/** After a 429: nobody goes before `until`. */
	pause(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	/** Aligns with the server's count (X-HubSpot-RateLimit-Remaining) when others use the same app. */
	observeRemaining(remaining: number, now: number): void {
		while (this.grants.length > 0 && this.grants[0] + this.windowMs + MARGIN_MS <= now) this.grants.shift();
		const localRemaining = this.max - this.grants.length;
		for (let missing = localRemaining - remaining; missing > 0; missing--) this.grants.push(now);
		this.grants.sort((a, b) => a - b);
	}
}

export class PortalLimiter {
	readonly burst: SlidingWindow;
	readonly search: SlidingWindow;
	/** The portal's budget shared with the other processes (queue mode), if any. */
	private shared?: SharedBudget<HubSpotLimitName>;

	constructor(limits: RateLimits) {
		this.burst = new SlidingWindow(limits.requestsPerWindow, limits.windowMs);
		this.search = new SlidingWindow(limits.searchesPerSecond, 1000);
	}

	configure(limits: RateLimits): void {
		const changed = this.burst.max !== limits.requestsPerWindow || this.burst.windowMs !== limits.windowMs || this.search.max !== limits.searchesPerSecond;
		this.burst.max = limits.requestsPerWindow;
		this.burst.windowMs = limits.windowMs;
		this.search.max = limits.searchesPerSecond;
		if (changed) this.shared?.configure(hubSpotBudgetLimits(limits));
	}

	/** From now on every call also takes its share of `budget` (the portal's budget in Redis). */
	share(budget: SharedBudget<HubSpotLimitName>): void {
		this.shared = budget;
	}

	/**
	 * Waits for a slot and returns the function to call when the answer is in. Search calls count
	 * against the search limit only (hubspot.md §5.1).
	 */
	async acquire(kind: 'standard' | 'search'): Promise<() => void> {
		const { waitMs, settle } = (kind === 'search' ? this.search : this.burst).reserve(Date.now());
		if (waitMs > 0) await sleep(waitMs);
		if (this.shared) await this.shared.take([kind === 'search' ? 'search' : 'burst']);
		return settle;
	}
}

const limiters = new Map<string, PortalLimiter>();

export function portalKey(accessToken: string, basePath: string): string {
	return createHash('sha256').update(`${basePath}\n${accessToken}`).digest('hex').slice(0, 32);
}

/** The process-wide limiter of one portal (token), created on first use, reconfigured on each client. */
export function limiterFor(key: string, limits: RateLimits): PortalLimiter {
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new PortalLimiter(limits);
		const store = budgetStoreFromEnvironment();
		if (store) limiter.share(hubSpotPortalBudget(store, key, hubSpotBudgetLimits(limits)));
		limiters.set(key, limiter);
	} else {
		limiter.configure(limits);
	}
	return limiter;
}
