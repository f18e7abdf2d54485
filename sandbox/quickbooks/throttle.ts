/**
 * Per-realm limits of quickbooks.md §6: 10 requests per second, 500 per minute, and 40 batch calls per
 * minute. Sliding windows on the simulator clock (SimClock.limitsNow), so a test can cross a window by advancing time.
 * A refused request does not count (it never reached the service).
 */
import type { SimClock } from './clock';

export const LIMITS = { perSecond: 10, perMinute: 500, batchPerMinute: 40 } as const;

export type ThrottleVerdict = { allowed: true } | { allowed: false; limit: string };

class Window {
	private readonly times: number[] = [];

	constructor(
		private readonly spanMs: number,
		private readonly capacity: number,
	) {}

	full(now: number): boolean {
		while (this.times.length > 0 && this.times[0] <= now - this.spanMs) this.times.shift();
		return this.times.length >= this.capacity;
	}

	record(now: number): void {
		this.times.push(now);
	}
}

class RealmWindows {
	readonly second = new Window(1000, LIMITS.perSecond);
	readonly minute = new Window(60_000, LIMITS.perMinute);
	readonly batchMinute = new Window(60_000, LIMITS.batchPerMinute);
}

export class Throttle {
	private readonly realms = new Map<string, RealmWindows>();

	constructor(private readonly clock: SimClock) {}

	/** Counts the request when it is allowed. */
	admit(realmId: string, isBatch: boolean): ThrottleVerdict {
		let windows = this.realms.get(realmId);
		if (!windows) this.realms.set(realmId, (windows = new RealmWindows()));
		const now = this.clock.limitsNow();
		if (windows.second.full(now)) return { allowed: false, limit: `${LIMITS.perSecond} requests per second per realm` };
		if (windows.minute.full(now)) return { allowed: false, limit: `${LIMITS.perMinute} requests per minute per realm` };
		if (isBatch && windows.batchMinute.full(now)) return { allowed: false, limit: `${LIMITS.batchPerMinute} batch requests per minute per realm` };
		windows.second.record(now);
		windows.minute.record(now);
		if (isBatch) windows.batchMinute.record(now);
		return { allowed: true };
	}

	reset(): void {
		this.realms.clear();
	}
}
