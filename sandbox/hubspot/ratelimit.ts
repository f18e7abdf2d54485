import { randomUUID } from 'node:crypto';
import { HubSpotApiError, type HubSpotErrorBody } from './errors';

/** Rate-limit settings; the defaults are the Free/Starter private-app numbers of hubspot.md §5.1. */
export interface RateLimitSettings {
	/** Burst: requests per rolling window per token (hubspot.md §5.1: 100 per 10 s per app). */
	burstMax: number;
	burstWindowMs: number;
	/** Search: requests per second per account (hubspot.md §4.2: "five requests per second per account"). */
	searchPerSecond: number;
	/** Daily requests per account (hubspot.md §5.1: 250,000 on Free/Starter). */
	dailyMax: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
	burstMax: 100,
	burstWindowMs: 10_000,
	searchPerSecond: 5,
	dailyMax: 250_000,
};

const DAY_MS = 86_400_000;

/** Timestamps in a rolling window, oldest first; amortized O(1). */
class RollingWindow {
	private stamps: number[] = [];
	private head = 0;

	count(now: number, windowMs: number): number {
		while (this.head < this.stamps.length && this.stamps[this.head] <= now - windowMs) this.head += 1;
		if (this.head > 1024 && this.head * 2 > this.stamps.length) {
			this.stamps = this.stamps.slice(this.head);
			this.head = 0;
		}
		return this.stamps.length - this.head;
	}

	add(now: number): void {
		this.stamps.push(now);
	}
}

/**
 * HubSpot's limits as the simulator enforces them when switched on:
 * - burst per token in a rolling 10-second window, 429 policyName TEN_SECONDLY_ROLLING (hubspot.md §5.2);
 * - search per account per second, 429 "You have reached your secondly limit." policyName SECONDLY (§5.2, §7.3);
 * - daily per account, 429 policyName DAILY (§5.2).
 * Search calls count against the search limit only ("This excludes the CRM Search API", §5.1).
 */
export class RateLimiter {
	enabled: boolean;
	settings: RateLimitSettings;
	private burst = new Map<string, RollingWindow>();
	private search = new RollingWindow();
	private daily = { day: -1, count: 0 };

	constructor(enabled: boolean, settings: Partial<RateLimitSettings> = {}) {
		this.enabled = enabled;
		this.settings = { ...DEFAULT_RATE_LIMITS, ...settings };
	}

	reset(): void {
		this.burst = new Map();
		this.search = new RollingWindow();
		this.daily = { day: -1, count: 0 };
	}

	/** Admits one call or throws the 429 HubSpot would send. Returns the headers for the answer (none for search). */
	admit(token: string, isSearch: boolean, now: number): Record<string, string> {
		if (!this.enabled) return {};
		const day = Math.floor(now / DAY_MS);
		if (this.daily.day !== day) this.daily = { day, count: 0 };
		if (this.daily.count >= this.settings.dailyMax) {
			throw new HubSpotApiError(
				429,
				rateLimitBody('You have reached your daily limit.', 'DAILY'),
				isSearch ? {} : this.headers(0),
			);
		}
		if (isSearch) {
			if (this.search.count(now, 1000) >= this.settings.searchPerSecond) {
				// hubspot.md §4.2: search responses carry no rate-limit headers.
				throw new HubSpotApiError(
					429,
					rateLimitBody('You have reached your secondly limit.', 'SECONDLY'),
				);
			}
			this.search.add(now);
			this.daily.count += 1;
			return {};
		}
		const window = this.windowOf(token);
		const used = window.count(now, this.settings.burstWindowMs);
		if (used >= this.settings.burstMax) {
			throw new HubSpotApiError(
				429,
				rateLimitBody('You have reached your ten_secondly_rolling limit.', 'TEN_SECONDLY_ROLLING'),
				this.headers(0),
			);
		}
		window.add(now);
		this.daily.count += 1;
		return this.headers(this.settings.burstMax - used - 1);
	}

	/** hubspot.md §5.2 headers: Max, Remaining, Interval-Milliseconds, and the daily pair for private-app tokens. */
	private headers(remaining: number): Record<string, string> {
		return {
			'X-HubSpot-RateLimit-Max': String(this.settings.burstMax),
			'X-HubSpot-RateLimit-Remaining': String(Math.max(remaining, 0)),
			'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.settings.burstWindowMs),
			'X-HubSpot-RateLimit-Daily': String(this.settings.dailyMax),
			'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(this.settings.dailyMax - this.daily.count, 0)),
		};
	}

	private windowOf(token: string): RollingWindow {
		let window = this.burst.get(token);
		if (!window) this.burst.set(token, (window = new RollingWindow()));
		return window;
	}
}

/** hubspot.md §5.2: the 429 body: status, message, errorType RATE_LIMIT, correlationId, policyName, requestId. */
function rateLimitBody(message: string, policyName: 'DAILY' | 'SECONDLY' | 'TEN_SECONDLY_ROLLING'): HubSpotErrorBody {
	return { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName, requestId: randomUUID() };
}
