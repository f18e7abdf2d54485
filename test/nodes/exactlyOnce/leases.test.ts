/**
 * The lease module on its own, in-process and in a real redis-server: one holder per key at a time,
 * fences that grow, release when the work fails, a bounded wait, and expiry of a holder that vanished.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Redis from 'ioredis';

import { closeLeaseConnections, leaseKey, leaseOptionsFromEnvironment, LeaseUnavailableError, sourceLeasesFor, type LeaseOptions } from '../../../transport/leases';
import { startRedis, type RunningRedis } from './redisServer';

let redis: RunningRedis;

beforeAll(async () => {
	redis = await startRedis();
});

afterAll(async () => {
	await closeLeaseConnections();
	await redis.stop();
});

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
	['in-process', (): LeaseOptions => ({})],
	['redis', (): LeaseOptions => ({ redis: { host: redis.host, port: redis.port } })],
])('%s leases', (_name, options) => {
	const key = (id: string) => leaseKey(`realm-${_name}`, 'invoice', id);

	it('lets one writer at a time hold a key, and each grant gets a larger fence', async () => {
		const leases = sourceLeasesFor({ ...options(), waitMs: 5_000 });
		let inside = 0;
		let most = 0;
		const fences: number[] = [];
		await Promise.all(
			Array.from({ length: 6 }, async () =>
				await leases.withLease(key('412'), async (lease) => {
					inside += 1;
					most = Math.max(most, inside);
					fences.push(lease.fence);
					expect(lease.stillHeld()).toBe(true);
					await sleep(15);
					inside -= 1;
				}),
			),
		);
		expect(most).toBe(1);
		expect(fences).toEqual([...fences].sort((a, b) => a - b));
		expect(new Set(fences).size).toBe(6);
	});

	it('grants overlapping key sets all at once or not at all, so overlapping runs never deadlock', async () => {
		const leases = sourceLeasesFor({ ...options(), waitMs: 5_000 });
		const order: string[] = [];
		await Promise.all([
			leases.withLeases([key('1'), key('2'), key('3')], async () => {
				order.push('a-start');
				await sleep(40);
				order.push('a-end');
			}),
			(async () => {
				await sleep(5);
				await leases.withLeases([key('3'), key('4')], async () => {
					order.push('b-start');
				});
			})(),
			(async () => {
				await sleep(5);
				// Disjoint from both: not held up.
				await leases.withLeases([key('9')], async () => {
					order.push('c');
				});
			})(),
		]);
		expect(order.indexOf('c')).toBeLessThan(order.indexOf('a-end'));
		expect(order.indexOf('b-start')).toBeGreaterThan(order.indexOf('a-end'));
	});

	it('releases the lease when the work fails', async () => {
		const leases = sourceLeasesFor({ ...options(), waitMs: 1_000 });
		await expect(leases.withLease(key('77'), async () => await Promise.reject(new Error('QuickBooks said no')))).rejects.toThrow('QuickBooks said no');
		await expect(leases.withLease(key('77'), async () => 'next writer')).resolves.toBe('next writer');
	});

	it('gives up after the wait bound with a clear error', async () => {
		const leases = sourceLeasesFor({ ...options(), waitMs: 80 });
		let release!: () => void;
		const holding = leases.withLease(key('500'), async () => await new Promise<void>((resolve) => (release = resolve)));
		await sleep(10);
		const started = Date.now();
		const waiting = leases.withLease(key('500'), async () => 'never');
		await expect(waiting).rejects.toBeInstanceOf(LeaseUnavailableError);
		await expect(waiting).rejects.toThrow('Another execution is writing this record to QuickBooks');
		expect(Date.now() - started).toBeLessThan(2_000);
		release();
		await holding;
	});
});

describe('redis leases across holders that vanish', () => {
	it('frees a key after its TTL when the holder died without releasing it', async () => {
		const raw = new Redis({ host: redis.host, port: redis.port });
		const key = leaseKey('realm-dead', 'payment', '77');
		// What a worker killed mid-write leaves behind: its token with an expiry.
		await raw.set(key, 'token-of-a-dead-worker', 'PX', 300);
		const leases = sourceLeasesFor({ redis: { host: redis.host, port: redis.port }, waitMs: 5_000 });
		const started = Date.now();
		await leases.withLease(key, async (lease) => expect(lease.stillHeld()).toBe(true));
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
		await raw.quit();
	});

	it('renews a lease while the work runs longer than its TTL', async () => {
		const options = { redis: { host: redis.host, port: redis.port }, ttlMs: 150, waitMs: 50 };
		const leases = sourceLeasesFor(options);
		const key = leaseKey('realm-long', 'invoice', '1');
		let finish!: () => void;
		const finished = new Promise<void>((resolve) => (finish = resolve));
		let heldAfterThreeTtls = false;
		const holder = leases.withLease(key, async (lease) => {
			await sleep(500);
			heldAfterThreeTtls = lease.stillHeld();
			await finished;
		});
		await sleep(500);
		// Another writer (another call chain, as another execution would be) still finds it taken.
		await expect(sourceLeasesFor(options).withLease(key, async () => 'taken')).rejects.toBeInstanceOf(LeaseUnavailableError);
		finish();
		await holder;
		expect(heldAfterThreeTtls).toBe(true);
	});

	it('reports a Redis that cannot be reached without its password', async () => {
		const leases = sourceLeasesFor({ redis: { host: '127.0.0.1', port: 1, password: 's3cret-pass' }, waitMs: 50 });
		const failure = leases.withLease(leaseKey('realm', 'invoice', '1'), async () => 'never');
		await expect(failure).rejects.toThrow('Could not use the Redis at 127.0.0.1:1 for sync leases');
		await expect(failure).rejects.not.toThrow('s3cret-pass');
	});
});

describe('where the leases live', () => {
	it('uses n8n queue mode Redis settings, an explicit URL, or process memory', () => {
		expect(leaseOptionsFromEnvironment({})).toEqual({});
		expect(leaseOptionsFromEnvironment({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis', QUEUE_BULL_REDIS_PASSWORD: 'pw', QUEUE_BULL_REDIS_DB: '2' }).redis).toEqual({
			host: 'redis',
			port: 6379,
			password: 'pw',
			db: 2,
		});
		expect(leaseOptionsFromEnvironment({ HSQB_LEASE_REDIS_URL: 'rediss://:pw@cache:6380/1', HSQB_LEASE_WAIT_MS: '1000' })).toEqual({
			waitMs: 1000,
			redis: { host: 'cache', port: 6380, password: 'pw', db: 1, tls: true },
		});
	});
});

describe('a holder asking again', () => {
	it('gets the lease it holds instead of waiting for itself, and only waits for the keys it lacks', async () => {
		const leases = sourceLeasesFor({ waitMs: 100 });
		const invoice = leaseKey('realm-nested', 'invoice', '412');
		const payment = leaseKey('realm-nested', 'payment', '77');
		const result = await leases.withLease(payment, async (outer) =>
			await leases.withLeases([payment, invoice], async ([inner, invoiceLease]) => [inner.fence === outer.fence, invoiceLease.stillHeld()]),
		);
		expect(result).toEqual([true, true]);
		// Both released afterwards.
		await expect(sourceLeasesFor({ waitMs: 10 }).withLeases([payment, invoice], async () => 'free')).resolves.toBe('free');
	});
});
