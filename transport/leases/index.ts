/**
 * One writer per source record at a time, across executions and processes:
 *
 *   const leases = sourceLeasesFor(leaseOptionsFromEnvironment());
 *   await leases.withLease(leaseKey(realmId, 'invoice', hubspotId), async (lease) => { look up, then write });
 *
 * In-process by default (every execution in one n8n process shares the leases); in Redis when one is
 * configured: n8n in queue mode (EXECUTIONS_MODE=queue, where main and workers already share the Redis
 * named by QUEUE_BULL_REDIS_*), or HSQB_LEASE_REDIS_URL set explicitly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';

import { InProcessLeases } from './inProcess';
import { RedisLeases } from './redis';
import { DEFAULT_LEASE_TTL_MS, DEFAULT_LEASE_WAIT_MS, uniqueKeys, type Lease, type LeaseOptions, type RedisOptions, type SourceLeases } from './types';

export { closeLeaseConnections, sharedRedisConnection } from './redis';
export {
	DEFAULT_LEASE_TTL_MS,
	DEFAULT_LEASE_WAIT_MS,
	leaseKey,
	LeaseStoreError,
	LeaseUnavailableError,
	type Lease,
	type LeaseOptions,
	type RedisOptions,
	type SourceKind,
	type SourceLeases,
} from './types';

export interface LeaseStatistics {
	/** Grants asked of the lease store (a holder asking again for what it holds is not one). */
	grants: number;
	/** Keys in those grants. */
	keys: number;
	/** Time from asking to holding, summed: the lease overhead, waits for other writers included. */
	acquireMs: number;
}

const STATISTICS = Symbol.for('n8n-nodes-hubspot-quickbooks.leaseStatistics');

/** This process's lease figures so far (the benchmark prints them as the lease overhead). */
export function leaseStatistics(): LeaseStatistics {
	const global = globalThis as unknown as Record<symbol, LeaseStatistics | undefined>;
	global[STATISTICS] ??= { grants: 0, keys: 0, acquireMs: 0 };
	return global[STATISTICS];
}

/** The leases the current async call chain holds. */
const heldHere = new AsyncLocalStorage<ReadonlyMap<string, Lease>>();

/**
 * A holder asking again for a key it holds gets the lease it has (a payment sync holding its record
 * that syncs the invoice it pays must not wait for itself); only the keys it lacks are asked for.
 */
class ReentrantLeases implements SourceLeases {
	constructor(private readonly store: SourceLeases) {}

	async withLease<T>(key: string, work: (lease: Lease) => Promise<T>): Promise<T> {
		return await this.withLeases([key], async ([lease]) => await work(lease));
	}

	async withLeases<T>(keys: readonly string[], work: (leases: Lease[]) => Promise<T>): Promise<T> {
		const held = heldHere.getStore() ?? new Map<string, Lease>();
		const missing = uniqueKeys(keys).filter((key) => !held.has(key));
		if (missing.length === 0) return await work(keys.map((key) => held.get(key) as Lease));
		const asked = performance.now();
		return await this.store.withLeases(missing, async (granted) => {
			const statistics = leaseStatistics();
			statistics.grants += 1;
			statistics.keys += missing.length;
			statistics.acquireMs += performance.now() - asked;
			const all = new Map(held);
			missing.forEach((key, index) => all.set(key, granted[index]));
			return await heldHere.run(all, async () => await work(keys.map((key) => all.get(key) as Lease)));
		});
	}
}

export function sourceLeasesFor(options: LeaseOptions = {}): SourceLeases {
	const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
	const waitMs = options.waitMs ?? DEFAULT_LEASE_WAIT_MS;
	return new ReentrantLeases(options.redis ? new RedisLeases(options.redis, ttlMs, waitMs) : new InProcessLeases(waitMs));
}

type Environment = Record<string, string | undefined>;

function wholeNumber(value: string | undefined): number | undefined {
	return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

function redisFromUrl(text: string): RedisOptions {
	const url = new URL(text);
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('HSQB_LEASE_REDIS_URL must start with redis:// or rediss://');
	const db = url.pathname.replace(/^\//, '');
	return {
		host: url.hostname,
		port: url.port ? Number(url.port) : 6379,
		...(url.username ? { username: decodeURIComponent(url.username) } : {}),
		...(url.password ? { password: decodeURIComponent(url.password) } : {}),
		...(db ? { db: Number(db) } : {}),
		...(url.protocol === 'rediss:' ? { tls: true } : {}),
	};
}

/**
 * The Redis main and workers share, from the environment n8n runs in (the leases and the request
 * budgets both live there):
 * - HSQB_LEASE_REDIS_URL (redis://user:password@host:port/db): that Redis;
 * - EXECUTIONS_MODE=queue: n8n's own queue Redis (QUEUE_BULL_REDIS_HOST, _PORT, _USERNAME, _PASSWORD,
 *   _DB, _TLS, with n8n's defaults localhost:6379, db 0);
 * - otherwise none: this process's memory.
 */
export function sharedRedisOptions(env: Environment = process.env): RedisOptions | undefined {
	if (env.HSQB_LEASE_REDIS_URL) return redisFromUrl(env.HSQB_LEASE_REDIS_URL);
	if (env.EXECUTIONS_MODE !== 'queue') return undefined;
	const number = (name: string) => wholeNumber(env[name]);
	return {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: number('QUEUE_BULL_REDIS_PORT') ?? 6379,
		...(env.QUEUE_BULL_REDIS_USERNAME ? { username: env.QUEUE_BULL_REDIS_USERNAME } : {}),
		...(env.QUEUE_BULL_REDIS_PASSWORD ? { password: env.QUEUE_BULL_REDIS_PASSWORD } : {}),
		...(number('QUEUE_BULL_REDIS_DB') !== undefined ? { db: number('QUEUE_BULL_REDIS_DB') } : {}),
		...(env.QUEUE_BULL_REDIS_TLS === 'true' ? { tls: true } : {}),
	};
}

/**
 * Where the leases live: the shared Redis (sharedRedisOptions), else this process's memory.
 * HSQB_LEASE_WAIT_MS and HSQB_LEASE_TTL_MS tune the wait and the expiry.
 */
export function leaseOptionsFromEnvironment(env: Environment = process.env): LeaseOptions {
	const options: LeaseOptions = {};
	const number = (name: string) => wholeNumber(env[name]);
	const waitMs = number('HSQB_LEASE_WAIT_MS');
	const ttlMs = number('HSQB_LEASE_TTL_MS');
	if (waitMs !== undefined) options.waitMs = waitMs;
	if (ttlMs !== undefined) options.ttlMs = ttlMs;
	const redis = sharedRedisOptions(env);
	if (redis) options.redis = redis;
	return options;
}

/** The leases of this process as n8n runs it (see leaseOptionsFromEnvironment). */
export function sourceLeases(): SourceLeases {
	return sourceLeasesFor(leaseOptionsFromEnvironment());
}
