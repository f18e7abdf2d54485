/** The realistic profile: what HSQB_SANDBOX_PROFILE=realistic switches on, and that a test's own options still win. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator } from './hubspot';
import { sandboxProfile } from './profile';
import { startQuickBooksSimulator } from './quickbooks/simulator';

const saved = { profile: process.env.HSQB_SANDBOX_PROFILE, scale: process.env.HSQB_SANDBOX_LATENCY_SCALE };
afterEach(() => {
	if (saved.profile === undefined) delete process.env.HSQB_SANDBOX_PROFILE;
	else process.env.HSQB_SANDBOX_PROFILE = saved.profile;
	if (saved.scale === undefined) delete process.env.HSQB_SANDBOX_LATENCY_SCALE;
	else process.env.HSQB_SANDBOX_LATENCY_SCALE = saved.scale;
});

describe('sandbox profiles', () => {
	it('is plain unless asked, and refuses an unknown name', () => {
		expect(sandboxProfile(undefined).name).toBe('plain');
		expect(() => sandboxProfile('fast')).toThrow(/known: plain, realistic/);
	});

	it("'realistic': HubSpot answers carry X-HubSpot-RateLimit-* headers and search lags writes; QBO throttles and tokens expire", async () => {
		process.env.HSQB_SANDBOX_PROFILE = 'realistic';
		const hubspot = await startHubSpotSimulator();
		const quickbooks = await startQuickBooksSimulator();
		try {
			const answer = await fetch(`${hubspot.url}/crm/v3/objects/contacts`, { headers: { authorization: `Bearer ${hubspot.token}` } });
			// hubspot.md §5.2: the window's max, what remains, and its length.
			expect(answer.headers.get('x-hubspot-ratelimit-max')).toBe('100');
			expect(answer.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
			expect(answer.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
			expect(hubspot.store.index.lagMs).toBe(1500);
			expect(quickbooks.settings).toMatchObject({ throttling: true, accessTokenTtlSeconds: 30 });
			expect(quickbooks.server.latencyMs).toEqual([20, 80]);
		} finally {
			await Promise.all([hubspot.close(), quickbooks.close()]);
		}
	});

	it('HSQB_SANDBOX_LATENCY_SCALE scales the latency only: limits, index lag and token expiry stay as the profile has them', async () => {
		expect(sandboxProfile('realistic', '0.25')).toMatchObject({
			hubspot: { latencyMs: [4, 15], indexLagMs: 1500, rateLimits: true },
			quickbooks: { latencyMs: [5, 20], throttling: true, accessTokenTtlSeconds: 30 },
		});
		expect(sandboxProfile('realistic', '').quickbooks.latencyMs).toEqual([20, 80]);
		expect(() => sandboxProfile('realistic', 'fast')).toThrow(/HSQB_SANDBOX_LATENCY_SCALE: 'fast' is not a number from 0 up/);
		expect(() => sandboxProfile('realistic', '-1')).toThrow(/not a number from 0 up/);

		process.env.HSQB_SANDBOX_PROFILE = 'realistic';
		process.env.HSQB_SANDBOX_LATENCY_SCALE = '0.5';
		const hubspot = await startHubSpotSimulator();
		// A latency the test sets itself is not scaled.
		const quickbooks = await startQuickBooksSimulator({ latencyMs: [100, 100] });
		try {
			expect(hubspot.server.latencyMs).toEqual([8, 30]);
			expect(hubspot.store.index.lagMs).toBe(1500);
			expect(quickbooks.server.latencyMs).toEqual([100, 100]);
			expect(quickbooks.settings).toMatchObject({ throttling: true, accessTokenTtlSeconds: 30 });
		} finally {
			await Promise.all([hubspot.close(), quickbooks.close()]);
		}
	});

	it("a test's own options win over the profile", async () => {
		process.env.HSQB_SANDBOX_PROFILE = 'realistic';
		const hubspot = await startHubSpotSimulator({ rateLimits: false, indexLagMs: 0, latencyMs: [0, 0] });
		const quickbooks = await startQuickBooksSimulator({ throttling: false, accessTokenTtlSeconds: 3600, latencyMs: [0, 0] });
		try {
			const answer = await fetch(`${hubspot.url}/crm/v3/objects/contacts`, { headers: { authorization: `Bearer ${hubspot.token}` } });
			expect(answer.headers.get('x-hubspot-ratelimit-max')).toBeNull();
			expect(hubspot.store.index.lagMs).toBe(0);
			expect(quickbooks.settings).toMatchObject({ throttling: false, accessTokenTtlSeconds: 3600 });
		} finally {
			await Promise.all([hubspot.close(), quickbooks.close()]);
		}
	});
});
