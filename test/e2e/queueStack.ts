/**
 * n8n's queue mode on this machine, as a self-hoster runs it: a redis-server (the job queue, and the
 * Redis the package keeps its leases and request budgets in), a PostgreSQL cluster (queue mode does not
 * run on SQLite), one n8n main (editor, REST, triggers: EXECUTIONS_MODE=queue) and N `n8n worker`
 * processes that run the executions. Every process has its own user folder with the packed package
 * installed in its .n8n/nodes (n8n's docs: community packages are installed by hand on main and every
 * worker in queue mode), its own ports, and the same N8N_ENCRYPTION_KEY, database and Redis.
 * Everything lives on free ports and in temporary folders; stop() ends and removes all of it.
 *
 * Used by `npm run queue` (scripts/queue-mode.ts), test/e2e/queueMode.test.ts and `npm run bench -- --queue`.
 */
import { randomBytes } from 'node:crypto';

import { startRedis, type RunningRedis } from '../nodes/exactlyOnce/redisServer';
import { startN8n, startN8nWorker, type CredentialSeed, type N8nInstance, type N8nWorker } from './n8n';
import { startPostgres, type RunningPostgres } from './postgres';

export interface QueueStackOptions {
	/** Names the logs (test-artifacts/logs/<name>-main.log, <name>-worker-1.log, ...). */
	name: string;
	/** The packed package (packPackage()), installed on main and on every worker. */
	tarball: string;
	/** Workers started with the stack (default 2). */
	workers?: number;
	/** Jobs each worker runs at once (default n8n's 10). */
	concurrency?: number;
	/** Imported into the database before main starts (plain data, encrypted by n8n with the stack's key). */
	credentials?: CredentialSeed[];
	/** Main's port (default a free one). */
	port?: number;
	/** More environment for every n8n process. */
	env?: Record<string, string>;
	keepUserFolders?: boolean;
	/** Called with each part as it is up (the script prints them). */
	onStarted?: (part: string) => void;
}

export interface QueueStack {
	redis: RunningRedis;
	postgres: RunningPostgres;
	main: N8nInstance;
	workers: N8nWorker[];
	/** The environment main and every worker share (queue mode, Redis, Postgres, encryption key). */
	sharedEnv: Record<string, string>;
	/** Starts one more worker on the same queue, database and Redis. */
	addWorker(): Promise<N8nWorker>;
	/** Which worker started each execution id (from the workers' logs). */
	workerOfExecution(): Map<string, string>;
	/** Stops the workers, main, Postgres and Redis, and removes their folders. */
	stop(): Promise<void>;
}

/** Starts Redis, Postgres, main and the workers; on a failure it stops what it had started and throws. */
export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	/** Redis, Postgres and main, stopped last first; the workers before them, all at once. */
	const stops: Array<() => Promise<void>> = [];
	const workerStops: Array<() => Promise<void>> = [];
	const report = (error: unknown) => console.error(`[queue] stopping: ${(error as Error).message}`);
	const stopAll = async () => {
		await Promise.all(workerStops.splice(0).map(async (stop) => await stop().catch(report)));
		for (const stop of stops.splice(0).reverse()) await stop().catch(report);
	};
	const started = options.onStarted ?? (() => undefined);
	try {
		const redis = await startRedis();
		stops.push(redis.stop);
		started(`redis-server on ${redis.host}:${redis.port}`);
		const postgres = await startPostgres({ name: options.name });
		stops.push(postgres.stop);
		started(`PostgreSQL on ${postgres.host}:${postgres.port} (database ${postgres.database}, data in ${postgres.dataDir})`);
		const sharedEnv: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...postgres.n8nEnv,
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			// Queue mode keeps binary data out of the worker's file system (n8n's docs: filesystem mode is not supported there).
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			...options.env,
		};
		const main = await startN8n({ name: `${options.name}-main`, tarball: options.tarball, credentials: options.credentials, port: options.port, env: sharedEnv, keepUserFolder: options.keepUserFolders });
		stops.push(main.stop);
		started(`n8n main on ${main.url} (log ${main.logFile})`);
		const workers: N8nWorker[] = [];
		const addWorker = async () => {
			const worker = await startN8nWorker({
				name: `${options.name}-worker-${workers.length + 1}`,
				tarball: options.tarball,
				env: sharedEnv,
				concurrency: options.concurrency,
				keepUserFolder: options.keepUserFolders,
			});
			workers.push(worker);
			workerStops.push(worker.stop);
			started(`n8n worker ${workers.length} (pid ${worker.pid}, log ${worker.logFile})`);
			return worker;
		};
		// One after another: each worker installs the package with npm, which two at once would only slow down.
		for (let index = 0; index < (options.workers ?? 2); index++) await addWorker();
		return {
			redis,
			postgres,
			main,
			workers,
			sharedEnv,
			addWorker,
			workerOfExecution() {
				const byExecution = new Map<string, string>();
				for (const worker of workers) for (const id of worker.startedExecutions()) byExecution.set(id, worker.name);
				return byExecution;
			},
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}
