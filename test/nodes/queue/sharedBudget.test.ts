/**
 * The shared budget against a real redis-server, with one connection per would-be worker: grants
 * across connections keep every rolling window (the /batch budget's too), and the keys carry the
 * company's realm and expire on their own.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Redis from 'ioredis';

import { GRANT_TO_ARRIVAL_MARGIN_MS, mostInAnyWindow, quickBooksBudgetLimits, quickBooksCompanyBudget, type BudgetStore } from '../../../transport/budgets';
import { busiestWindow } from '../../harness/rollingWindow';
import { startRedis, type RunningRedis } from '../exactlyOnce/redisServer';

let redis: RunningRedis;
const connections: Redis[] = [];

beforeAll(async () => {
	redis = await startRedis();
}, 60_000);

afterAll(async () => {
	await Promise.all(connections.map(async (connection) => await connection.quit()));
	await redis?.stop();
});

/** A store with a connection of its own, as each worker process has. */
function workerStore(): BudgetStore {
	const connection = new Redis({ host: redis.host, port: redis.port, lazyConnect: true, maxRetriesPerRequest: 1 });
	connections.push(connection);
	return { connection: () => connection, description: `${redis.host}:${redis.port}` };
}

describe('a company budget shared by three connections', () => {
	it('keeps a /batch limit of 6 per 3 s across them, and keys expire by themselves', async () => {
		// Small limits keep the test short; QuickBooks' own (40 per minute) plan the same way.
		const limits = quickBooksBudgetLimits({ perSecond: 1_000_000, perMinute: 1_000_000, batchPerMinute: 6 });
		limits.batch.windowMs = 3000;
		const budgets = [workerStore(), workerStore(), workerStore()].map((store) => quickBooksCompanyBudget(store, '4620816365200001', limits));
		const plan = budgets[0].planOf('batch');
		expect(mostInAnyWindow(plan, 3000, GRANT_TO_ARRIVAL_MARGIN_MS)).toBeLessThanOrEqual(6);

		const grants: number[] = [];
		const started = Date.now();
		await Promise.all(
			budgets.map(async (budget) => {
				for (let call = 0; call < 4; call++) {
					expect(await budget.take(['batch', 'minute', 'second'])).toBe(true);
					grants.push(Date.now());
				}
			}),
		);
		expect(grants).toHaveLength(12);
		// Any rolling 3 s, widened by the margin a call may take to arrive, holds at most 6 grants.
		expect(busiestWindow(grants, 3000 + GRANT_TO_ARRIVAL_MARGIN_MS)).toBeLessThanOrEqual(6);
		// 12 calls at 6 per 3 s cannot all go in the first window.
		expect(Date.now() - started).toBeGreaterThan(3000);

		const keys = await connections[0].keys('hsqb:budget:*');
		expect(keys.length).toBeGreaterThan(0);
		expect(keys.every((key) => /^hsqb:budget:quickbooks:4620816365200001:batch:\d+$/.test(key))).toBe(true);
		const ttls = await Promise.all(keys.map(async (key) => await connections[0].pttl(key)));
		expect(ttls.every((ttl) => ttl > 0 && ttl <= (Math.ceil(plan.slotMs / 1000) + 1) * 1000)).toBe(true);
	}, 60_000);
});
