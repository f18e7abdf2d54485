/**
 * The simulators' profiles. 'plain' (the default for tests): no limits, no latency, no index lag, hour-long
 * tokens, so a test sees only what it switches on. 'realistic': what a real account does to a long run, from the
 * references: HubSpot's limits with their X-HubSpot-RateLimit-* headers (hubspot.md §5.1, §5.2), a search index
 * that lags writes (§4.2 "It may take a few moments"), QBO's per-realm throttling (quickbooks.md §6), network
 * latency on every call, and QBO access tokens that expire during a run (§9.2: a 401 then a refresh, here after
 * 30 s instead of an hour so that a test run meets it).
 *
 * HSQB_SANDBOX_PROFILE=realistic starts every simulator so (npm run sandbox does by default); options a test passes
 * still win, so a test that needs the plain behaviour says so explicitly.
 *
 * HSQB_SANDBOX_LATENCY_SCALE multiplies the profile's latency (never a latency a test sets itself): CI runs the node
 * tests under the realistic profile at a fraction of it to stay inside its time, with the limits and their headers,
 * the index lag and the token expiry unchanged.
 */
import type { RateLimitSettings } from './hubspot/ratelimit';

export type SandboxProfileName = 'plain' | 'realistic';

export interface HubSpotProfile {
	rateLimits: boolean | Partial<RateLimitSettings>;
	indexLagMs: number;
	latencyMs: [number, number];
}

export interface QuickBooksProfile {
	throttling: boolean;
	latencyMs: [number, number];
	accessTokenTtlSeconds: number;
}

export const PROFILES: Record<SandboxProfileName, { hubspot: HubSpotProfile; quickbooks: QuickBooksProfile }> = {
	plain: {
		hubspot: { rateLimits: false, indexLagMs: 0, latencyMs: [0, 0] },
		quickbooks: { throttling: false, latencyMs: [0, 0], accessTokenTtlSeconds: 3600 },
	},
	realistic: {
		hubspot: { rateLimits: true, indexLagMs: 1500, latencyMs: [15, 60] },
		quickbooks: { throttling: true, latencyMs: [20, 80], accessTokenTtlSeconds: 30 },
	},
};

/**
 * The profile HSQB_SANDBOX_PROFILE names ('plain' when unset), its latency multiplied by HSQB_SANDBOX_LATENCY_SCALE
 * (1 when unset). An unknown name or a scale that is not a number from 0 up is an error that says what is accepted.
 */
export function sandboxProfile(
	name = process.env.HSQB_SANDBOX_PROFILE,
	scale = process.env.HSQB_SANDBOX_LATENCY_SCALE,
): { name: SandboxProfileName; hubspot: HubSpotProfile; quickbooks: QuickBooksProfile } {
	const chosen = (name || 'plain') as SandboxProfileName;
	if (!Object.hasOwn(PROFILES, chosen)) throw new Error(`HSQB_SANDBOX_PROFILE: unknown profile '${name}' (known: ${Object.keys(PROFILES).join(', ')})`);
	const factor = latencyScale(scale);
	const { hubspot, quickbooks } = PROFILES[chosen];
	return {
		name: chosen,
		hubspot: { ...hubspot, latencyMs: scaled(hubspot.latencyMs, factor) },
		quickbooks: { ...quickbooks, latencyMs: scaled(quickbooks.latencyMs, factor) },
	};
}

function latencyScale(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return 1;
	const factor = Number(value);
	if (!Number.isFinite(factor) || factor < 0) throw new Error(`HSQB_SANDBOX_LATENCY_SCALE: '${value}' is not a number from 0 up (e.g. 0.25 for a quarter of the profile's latency)`);
	return factor;
}

function scaled([min, max]: [number, number], factor: number): [number, number] {
	return [Math.round(min * factor), Math.round(max * factor)];
}
