/**
 * Leases in Redis, for queue mode: main and workers run executions in different processes and already
 * share a Redis. Each lease is a key holding a random token with an expiry (`PX`), so a worker that
 * dies (kill -9, OOM) frees its records after the TTL; while the work runs it is renewed every third of
 * the TTL. Grant, renewal and release are Lua scripts, so "all these keys are free → take them all" and
 * "still mine → extend / delete" are atomic. Each grant also increments a per-key fence counter.
 *
 * Why not Redlock (or @sesamecare-oss/redlock on top of ioredis): its quorum over independent masters
 * buys nothing with n8n's single queue Redis, it hands out no fencing tokens, and it takes several keys
 * by locking them one after another; this needs all of a chunk's keys at once or none.
 */
import { randomUUID } from 'node:crypto';

import Redis from 'ioredis';

import { LeaseStoreError, LeaseUnavailableError, uniqueKeys, type Lease, type RedisOptions, type SourceLeases } from './types';

/** Every Redis command gives up after this long; a lease store that does not answer fails the item. */
const REDIS_COMMAND_TIMEOUT_MS = 5_000;
/** A fence counter outlives any lease on its key by far, then goes (it only orders overlapping holders). */
const FENCE_TTL_MS = 24 * 60 * 60 * 1000;
const FIRST_POLL_MS = 20;
const LONGEST_POLL_MS = 500;

const GRANT = `
for _, key in ipairs(KEYS) do
	if redis.call('EXISTS', key) == 1 then return false end
end
local fences = {}
for i, key in ipairs(KEYS) do
	redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
	fences[i] = redis.call('INCR', key .. ':fence')
	redis.call('PEXPIRE', key .. ':fence', ARGV[3])
end
return fences`;

const RENEW = `
local held = {}
for i, key in ipairs(KEYS) do
	if redis.call('GET', key) == ARGV[1] then
		redis.call('PEXPIRE', key, ARGV[2])
		held[i] = 1
	else
		held[i] = 0
	end
end
return held`;

const RELEASE = `
for _, key in ipairs(KEYS) do
	if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 1`;

interface LeaseCommands {
	hsqbGrant(...args: Array<string | number>): Promise<number[] | null>;
	hsqbRenew(...args: Array<string | number>): Promise<number[]>;
	hsqbRelease(...args: Array<string | number>): Promise<number>;
}

type LeaseRedis = Redis & LeaseCommands;

const CLIENTS = Symbol.for('n8n-nodes-hubspot-quickbooks.leaseRedisClients');

function clients(): Map<string, LeaseRedis> {
	const global = globalThis as unknown as Record<symbol, Map<string, LeaseRedis> | undefined>;
	let found = global[CLIENTS];
	if (!found) {
		found = new Map();
		global[CLIENTS] = found;
	}
	return found;
}

/** One connection per Redis, shared by every execution in the process. */
function clientFor(options: RedisOptions): LeaseRedis {
	const id = JSON.stringify([options.host, options.port, options.db ?? 0, options.username ?? '', options.tls === true]);
	const existing = clients().get(id);
	if (existing) return existing;
	const client = new Redis({
		host: options.host,
		port: options.port,
		db: options.db ?? 0,
		...(options.username ? { username: options.username } : {}),
		...(options.password ? { password: options.password } : {}),
		...(options.tls ? { tls: {} } : {}),
		lazyConnect: true,
		connectTimeout: REDIS_COMMAND_TIMEOUT_MS,
		commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
		maxRetriesPerRequest: 1,
		disconnectTimeout: 200,
	}) as LeaseRedis;
	// ioredis reports connection trouble as events; the failing command carries it to the caller.
	client.on('error', () => undefined);
	client.defineCommand('hsqbGrant', { lua: GRANT });
	client.defineCommand('hsqbRenew', { lua: RENEW });
	client.defineCommand('hsqbRelease', { lua: RELEASE });
	clients().set(id, client);
	return client;
}

/**
 * The process's connection to this Redis, shared with the request budgets (transport/budgets), so a
 * queue-mode worker holds one connection to n8n's Redis for both.
 */
export function sharedRedisConnection(options: RedisOptions): Redis {
	return clientFor(options);
}

/** Closes the shared Redis connections (tests and short-lived processes; n8n keeps them for its lifetime). */
export async function closeLeaseConnections(): Promise<void> {
	const open = [...clients().values()];
	clients().clear();
	await Promise.all(
		open.map(async (client) => {
			if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
			else client.disconnect();
		}),
	);
}

function storeError(options: RedisOptions, error: unknown): LeaseStoreError {
	// The message names where, never the password.
	const reason = error instanceof Error ? error.message : String(error);
	return new LeaseStoreError(`Could not use the Redis at ${options.host}:${options.port} for sync leases: ${reason}`);
}

export class RedisLeases implements SourceLeases {
	private readonly redis: LeaseRedis;

	constructor(
		private readonly options: RedisOptions,
		private readonly ttlMs: number,
		private readonly waitMs: number,
	) {
		this.redis = clientFor(options);
	}

	async withLease<T>(key: string, work: (lease: Lease) => Promise<T>): Promise<T> {
		return await this.withLeases([key], async ([lease]) => await work(lease));
	}

	async withLeases<T>(keys: readonly string[], work: (leases: Lease[]) => Promise<T>): Promise<T> {
		const wanted = uniqueKeys(keys);
		const token = randomUUID();
		const fences = await this.acquire(wanted, token);
		let confirmedAt = Date.now();
		const lost = new Set<string>();
		let finished = false;
		const renewal = setInterval(() => {
			void this.command(async () => await this.redis.hsqbRenew(wanted.length, ...wanted, token, this.ttlMs))
				.then((held) => {
					held.forEach((flag, index) => {
						if (Number(flag) !== 1) lost.add(wanted[index]);
					});
					confirmedAt = Date.now();
				})
				.catch(() => undefined); // an unanswered renewal shows as an expired lease below
		}, Math.max(10, Math.floor(this.ttlMs / 3)));
		renewal.unref();
		const leaseOf = (key: string, fence: number): Lease => ({
			fence,
			stillHeld: () => !finished && !lost.has(key) && Date.now() - confirmedAt < this.ttlMs,
		});
		const leases = new Map(wanted.map((key, index) => [key, leaseOf(key, fences[index])]));
		try {
			return await work(keys.map((key) => leases.get(key) as Lease));
		} finally {
			finished = true;
			clearInterval(renewal);
			// Not released (Redis gone): the keys expire after the TTL on their own.
			await this.command(async () => await this.redis.hsqbRelease(wanted.length, ...wanted, token)).catch(() => undefined);
		}
	}

	private async command<T>(run: () => Promise<T>): Promise<T> {
		try {
			if (this.redis.status === 'wait') await this.redis.connect();
			return await run();
		} catch (error) {
			throw storeError(this.options, error);
		}
	}

	private async acquire(keys: readonly string[], token: string): Promise<number[]> {
		const started = Date.now();
		for (let poll = FIRST_POLL_MS; ; poll = Math.min(poll * 2, LONGEST_POLL_MS)) {
			const fences = await this.command(async () => await this.redis.hsqbGrant(keys.length, ...keys, token, this.ttlMs, FENCE_TTL_MS));
			if (fences) return fences.map(Number);
			const left = this.waitMs - (Date.now() - started);
			if (left <= 0) throw new LeaseUnavailableError(keys, Date.now() - started);
			// Jitter, so two waiters polling the same keys do not keep colliding.
			await new Promise((resolve) => setTimeout(resolve, Math.min(left, poll / 2 + Math.random() * poll)));
		}
	}
}
