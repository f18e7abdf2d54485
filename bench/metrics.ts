/**
 * The rate-limit lower bound: the least time the published limits allow for a given set of calls, with
 * infinitely fast servers and a perfect client. Each limit is a sliding window of C calls per W seconds,
 * so k calls need at least floor((k − 1) / C) × W seconds before the last one may start (the first C go at
 * once, the next C one window later, ...). Every window gives such a bound; the largest one wins, HubSpot
 * and QuickBooks work in parallel (a pipeline can read the next page while it writes the last), and the
 * last call still takes one round trip (the minimum latency).
 */
import type { CallCounts } from './simulators';

export interface Limits {
	hubspot: { burstMax: number; burstWindowMs: number; searchPerSecond: number };
	quickbooks: { perSecond: number; perMinute: number; batchPerMinute: number };
}

export interface LowerBound {
	seconds: number;
	/** The window that sets the bound. */
	binding: string;
	/** Seconds each window needs on its own (before the last round trip). */
	parts: Record<string, number>;
}

/** Least seconds before the k-th call may start under "capacity per windowSeconds". */
export function windowSeconds(calls: number, capacity: number, windowLength: number): number {
	return calls <= 0 ? 0 : Math.floor((calls - 1) / capacity) * windowLength;
}

export function rateLimitLowerBound(counts: CallCounts, limits: Limits, minLatencyMs: number): LowerBound {
	const { hubspot, quickbooks } = counts;
	const parts: Record<string, number> = {
		[`HubSpot ${limits.hubspot.burstMax} per ${limits.hubspot.burstWindowMs / 1000} s (${hubspot.admittedNonSearch} calls)`]: windowSeconds(
			hubspot.admittedNonSearch,
			limits.hubspot.burstMax,
			limits.hubspot.burstWindowMs / 1000,
		),
		[`HubSpot search ${limits.hubspot.searchPerSecond}/s (${hubspot.admittedSearches} calls)`]: windowSeconds(hubspot.admittedSearches, limits.hubspot.searchPerSecond, 1),
		[`QBO ${limits.quickbooks.perSecond}/s (${quickbooks.admitted} calls)`]: windowSeconds(quickbooks.admitted, limits.quickbooks.perSecond, 1),
		[`QBO ${limits.quickbooks.perMinute}/min (${quickbooks.admitted} calls)`]: windowSeconds(quickbooks.admitted, limits.quickbooks.perMinute, 60),
		[`QBO batch ${limits.quickbooks.batchPerMinute}/min (${quickbooks.admittedBatchCalls} calls)`]: windowSeconds(quickbooks.admittedBatchCalls, limits.quickbooks.batchPerMinute, 60),
	};
	let binding = 'one round trip';
	let longest = 0;
	for (const [name, seconds] of Object.entries(parts)) {
		if (seconds > longest) {
			longest = seconds;
			binding = name;
		}
	}
	return { seconds: longest + minLatencyMs / 1000, binding, parts };
}

export function ratio(numerator: number | undefined, denominator: number | undefined): number | null {
	if (numerator === undefined || denominator === undefined || denominator <= 0) return null;
	return numerator / denominator;
}

export function round(value: number | null | undefined, digits = 2): number | null {
	if (value === null || value === undefined || !Number.isFinite(value)) return null;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
