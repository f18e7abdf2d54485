import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call, manualClock } from './testing';

const clock = manualClock();
let sim: HubSpotSimulator;

beforeAll(async () => {
	sim = await startHubSpotSimulator({ now: clock.now, rateLimits: true });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
	sim.setRateLimits(true);
	clock.set(Date.UTC(2026, 0, 15, 12, 0, 0));
});

const get = () => call(sim, 'GET', '/crm/v3/objects/invoices?limit=1');
const search = () => call(sim, 'POST', '/crm/v3/objects/invoices/search', { limit: 1 });

describe('burst limit: 100 per rolling 10 s per token (hubspot.md §5.1, §5.2)', () => {
	it('counts down X-HubSpot-RateLimit-Remaining, then answers 429 TEN_SECONDLY_ROLLING', async () => {
		const first = await get();
		expect(first.status).toBe(200);
		expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('100');
		expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
		expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
		for (let index = 1; index < 100; index += 1) expect((await get()).status).toBe(200);
		const limited = await get();
		expect(limited.status).toBe(429);
		expect(limited.body).toMatchObject({
			status: 'error',
			message: 'You have reached your ten_secondly_rolling limit.',
			errorType: 'RATE_LIMIT',
			policyName: 'TEN_SECONDLY_ROLLING',
		});
		expect(typeof limited.body.correlationId).toBe('string');
		expect(typeof limited.body.requestId).toBe('string');
		expect(limited.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
	});

	it('rolls: calls leave the window 10 s after they were made', async () => {
		for (let index = 0; index < 60; index += 1) await get();
		clock.advance(5_000);
		for (let index = 0; index < 40; index += 1) await get();
		expect((await get()).status).toBe(429);
		clock.advance(5_000);
		// The first 60 are now older than 10 s.
		const after = await get();
		expect(after.status).toBe(200);
		expect(after.headers.get('x-hubspot-ratelimit-remaining')).toBe('59');
	});

	it('keeps one window per token', async () => {
		sim.addToken('pat-second-app');
		for (let index = 0; index < 100; index += 1) await get();
		expect((await get()).status).toBe(429);
		expect((await call(sim, 'GET', '/crm/v3/objects/invoices?limit=1', undefined, { token: 'pat-second-app' })).status).toBe(200);
	});

	it('takes configurable numbers', async () => {
		sim.setRateLimits({ burstMax: 3, burstWindowMs: 1_000 });
		for (let index = 0; index < 3; index += 1) expect((await get()).status).toBe(200);
		expect((await get()).status).toBe(429);
		clock.advance(1_000);
		expect((await get()).headers.get('x-hubspot-ratelimit-max')).toBe('3');
	});
});

describe('search limit: 5 per second (hubspot.md §4.2)', () => {
	it('answers the sixth search in a second with 429 SECONDLY and "You have reached your secondly limit."', async () => {
		for (let index = 0; index < 5; index += 1) expect((await search()).status).toBe(200);
		const limited = await search();
		expect(limited.status).toBe(429);
		// The SDK's retry decorator matches this exact message (hubspot.md §7.3).
		expect(limited.body).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
		clock.advance(1_000);
		expect((await search()).status).toBe(200);
	});

	it('search answers carry no rate-limit headers (hubspot.md §4.2)', async () => {
		const ok = await search();
		for (const name of ['x-hubspot-ratelimit-max', 'x-hubspot-ratelimit-remaining', 'x-hubspot-ratelimit-interval-milliseconds']) expect(ok.headers.get(name)).toBeNull();
		for (let index = 0; index < 5; index += 1) await search();
		const limited = await search();
		expect(limited.status).toBe(429);
		expect(limited.headers.get('x-hubspot-ratelimit-max')).toBeNull();
	});

	it('searches do not use up the burst window', async () => {
		for (let index = 0; index < 5; index += 1) await search();
		expect((await get()).headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
	});
});

describe('daily limit (hubspot.md §5.2)', () => {
	it('answers 429 DAILY once the day is used up, until the next day', async () => {
		sim.setRateLimits({ dailyMax: 2, burstMax: 100 });
		await get();
		const second = await get();
		expect(second.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('0');
		const limited = await get();
		expect(limited.status).toBe(429);
		expect(limited.body).toMatchObject({ message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
		clock.advance(86_400_000);
		expect((await get()).status).toBe(200);
	});
});

describe('when switched off (the default)', () => {
	it('never limits and sends no headers', async () => {
		sim.setRateLimits(false);
		for (let index = 0; index < 120; index += 1) expect((await get()).status).toBe(200);
		for (let index = 0; index < 10; index += 1) expect((await search()).status).toBe(200);
		expect((await get()).headers.get('x-hubspot-ratelimit-max')).toBeNull();
	});

	it('401 comes before rate limiting and does not count', async () => {
		for (let index = 0; index < 150; index += 1) expect((await call(sim, 'GET', '/crm/v3/objects/invoices', undefined, { token: 'nope' })).status).toBe(401);
		expect((await get()).headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
	});
});
