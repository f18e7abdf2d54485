/**
 * The shared request budgets of queue mode (transport/budgets): slot plans that keep a rolling limit
 * with fixed-window counters, the Redis keys per company and portal, where the Redis comes from, and
 * the fallback to in-process pacing when that Redis does not answer.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { LoggerProxy, type Logger } from 'n8n-workflow';

import {
	budgetStoreFromEnvironment,
	GRANT_TO_ARRIVAL_MARGIN_MS,
	hubSpotBudgetKey,
	hubSpotBudgetLimits,
	hubSpotPortalBudget,
	mostInAnyWindow,
	quickBooksBudgetKey,
	quickBooksBudgetLimits,
	quickBooksCompanyBudget,
	redisBudgetStore,
	slotAt,
	slotPlan,
} from '../../../transport/budgets';
import { closeLeaseConnections } from '../../../transport/leases';
import { busiestWindow } from '../../harness/rollingWindow';
import { QUICKBOOKS_LIMITS } from '../../../transport/quickbooks';
import { DEFAULT_RATE_LIMITS } from '../../../transport/hubspot/rateLimit';

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be run again. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('slot plans', () => {
	const limits = [
		{ what: 'QuickBooks per second', limit: QUICKBOOKS_LIMITS.perSecond, windowMs: 1000 },
		{ what: 'QuickBooks per minute', limit: QUICKBOOKS_LIMITS.perMinute, windowMs: 60_000 },
		{ what: 'QuickBooks /batch per minute', limit: QUICKBOOKS_LIMITS.batchPerMinute, windowMs: 60_000 },
		{ what: 'HubSpot burst (Free/Starter)', limit: DEFAULT_RATE_LIMITS.requestsPerWindow, windowMs: DEFAULT_RATE_LIMITS.windowMs },
		{ what: 'HubSpot burst (Professional)', limit: 190, windowMs: 10_000 },
		{ what: 'HubSpot search', limit: DEFAULT_RATE_LIMITS.searchesPerSecond, windowMs: 1000 },
	];

	it.each(limits)('$what: no rolling window, widened by the margin, holds more than the limit', ({ limit, windowMs }) => {
		const plan = slotPlan(limit, windowMs, GRANT_TO_ARRIVAL_MARGIN_MS);
		expect(mostInAnyWindow(plan, windowMs, GRANT_TO_ARRIVAL_MARGIN_MS)).toBeLessThanOrEqual(limit);
		// What the safety costs: the steady rate stays well above half the limit.
		expect((plan.points / plan.slotMs) * windowMs).toBeGreaterThan(limit * 0.6);
	});

	it.each(limits)('$what: greedy callers whose calls arrive up to the margin late never push a rolling window past the limit', ({ limit, windowMs }) => {
		const plan = slotPlan(limit, windowMs, GRANT_TO_ARRIVAL_MARGIN_MS);
		const next = random(limit * 7919 + windowMs);
		const arrivals: number[] = [];
		const used = new Map<number, number>();
		// Callers ask every few milliseconds for three windows; every grant is used at once and arrives late by up to the margin.
		for (let now = 0; now < 3 * windowMs; now += 1 + Math.floor(next() * 5)) {
			const { index } = slotAt(plan, now);
			if ((used.get(index) ?? 0) >= plan.points) continue;
			used.set(index, (used.get(index) ?? 0) + 1);
			arrivals.push(now + next() * GRANT_TO_ARRIVAL_MARGIN_MS);
		}
		expect(busiestWindow(arrivals, windowMs)).toBeLessThanOrEqual(limit);
		expect(arrivals.length).toBeGreaterThan(limit * 1.5);
	});

	it('a plain fixed window of the full limit would not do: around its edge twice the limit gets through', () => {
		// The library's own window of 10 points per second: 10 at 0.99 s and 10 at 1.0 s.
		const arrivals = [...Array.from({ length: 10 }, () => 990), ...Array.from({ length: 10 }, () => 1000)];
		expect(busiestWindow(arrivals, 1000)).toBe(20);
	});

	it('refuses a limit it cannot keep with slots', () => {
		expect(() => slotPlan(1, 1000, 0)).toThrow(/at least 2 calls/);
	});
});

describe('keys and limits', () => {
	it('keys QuickBooks budgets by company and HubSpot budgets by portal, under the package prefix', () => {
		expect(quickBooksBudgetKey('9341453000000000')).toBe('hsqb:budget:quickbooks:9341453000000000');
		expect(hubSpotBudgetKey('0f3a')).toBe('hsqb:budget:hubspot:0f3a');
		const store = redisBudgetStore({ host: '127.0.0.1', port: 1 });
		expect(quickBooksCompanyBudget(store, '123', quickBooksBudgetLimits(QUICKBOOKS_LIMITS)).keyBase).toBe('hsqb:budget:quickbooks:123');
		expect(hubSpotPortalBudget(store, 'abc', hubSpotBudgetLimits(DEFAULT_RATE_LIMITS)).keyBase).toBe('hsqb:budget:hubspot:abc');
	});

	it("carries quickbooks.md §6's and hubspot.md §5.1's limits", () => {
		expect(quickBooksBudgetLimits(QUICKBOOKS_LIMITS)).toEqual({
			second: { limit: 10, windowMs: 1000 },
			minute: { limit: 500, windowMs: 60_000 },
			batch: { limit: 40, windowMs: 60_000 },
		});
		expect(hubSpotBudgetLimits(DEFAULT_RATE_LIMITS)).toEqual({ burst: { limit: 100, windowMs: 10_000 }, search: { limit: 5, windowMs: 1000 } });
	});
});

describe('where the shared budgets live', () => {
	it('nowhere outside queue mode: each process keeps its in-process budgets', () => {
		expect(budgetStoreFromEnvironment({})).toBeUndefined();
		expect(budgetStoreFromEnvironment({ EXECUTIONS_MODE: 'regular', QUEUE_BULL_REDIS_HOST: 'redis' })).toBeUndefined();
	});

	it("in queue mode, in n8n's queue Redis, named without its password", () => {
		const store = budgetStoreFromEnvironment({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis.internal', QUEUE_BULL_REDIS_PORT: '6380', QUEUE_BULL_REDIS_PASSWORD: 's3cret' });
		expect(store?.description).toBe('redis.internal:6380');
	});

	it('in the Redis of HSQB_LEASE_REDIS_URL when set, as the leases', () => {
		const store = budgetStoreFromEnvironment({ HSQB_LEASE_REDIS_URL: 'redis://user:s3cret@leases.internal:6390/2', EXECUTIONS_MODE: 'queue' });
		expect(store?.description).toBe('leases.internal:6390');
	});
});

describe('when the Redis does not answer', () => {
	let server: Server | undefined;
	const sockets: Socket[] = [];
	const lines: Array<{ level: string; message: string }> = [];
	const logger = {
		error: (message: string) => lines.push({ level: 'error', message }),
		warn: (message: string) => lines.push({ level: 'warn', message }),
		info: (message: string) => lines.push({ level: 'info', message }),
		debug: () => undefined,
	} as unknown as Logger;

	afterEach(async () => {
		await closeLeaseConnections();
		sockets.forEach((socket) => socket.destroy());
		await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
		server = undefined;
	});

	it('lets every call go on with in-process pacing, says so once in the log without the password, and does not ask again at once', async () => {
		LoggerProxy.init(logger);
		// A port that accepts connections and never answers: a Redis that hangs.
		server = createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
		const { port } = server.address() as { port: number };
		const store = budgetStoreFromEnvironment({ HSQB_LEASE_REDIS_URL: `redis://:s3cret@127.0.0.1:${port}` })!;
		const company = quickBooksCompanyBudget(store, '4620816365', quickBooksBudgetLimits(QUICKBOOKS_LIMITS));
		const portal = hubSpotPortalBudget(store, 'abc', hubSpotBudgetLimits(DEFAULT_RATE_LIMITS));

		const started = Date.now();
		expect(await company.take(['minute', 'second'])).toBe(false);
		expect(await portal.take(['burst'])).toBe(false);
		const asked = Date.now() - started;
		// Later calls within the pause go on at once, without asking Redis.
		const again = Date.now();
		const more = await Promise.all(Array.from({ length: 20 }, async () => await company.take(['batch', 'minute', 'second'])));
		expect(more.every((granted) => !granted)).toBe(true);
		expect(Date.now() - again).toBeLessThan(50);
		expect(asked).toBeLessThan(10_000);

		const warnings = lines.filter((line) => line.level === 'warn');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain(`127.0.0.1:${port}`);
		expect(warnings[0].message).toContain('paces its own calls');
		expect(warnings[0].message).not.toContain('s3cret');
	}, 20_000);

	it('needs no Redis at all for limits it leaves to in-process pacing (an unthrottled simulator, no /batch)', async () => {
		const store = redisBudgetStore({ host: '127.0.0.1', port: 1 });
		const budget = quickBooksCompanyBudget(store, '1', quickBooksBudgetLimits({ perSecond: 1_000_000, perMinute: 1_000_000, batchPerMinute: 0 }));
		expect(await budget.take(['batch', 'minute', 'second'])).toBe(true);
	});
});
