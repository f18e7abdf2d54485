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

/** The profile HSQB_SANDBOX_PROFILE names ('plain' when unset); an unknown name is an error that lists the known ones. */
export function sandboxProfile(name = process.env.HSQB_SANDBOX_PROFILE): { name: SandboxProfileName; hubspot: HubSpotProfile; quickbooks: QuickBooksProfile } {
	const chosen = (name || 'plain') as SandboxProfileName;
	if (!(chosen in PROFILES)) throw new Error(`HSQB_SANDBOX_PROFILE: unknown profile '${name}' (known: ${Object.keys(PROFILES).join(', ')})`);
	return { name: chosen, ...PROFILES[chosen] };
}
