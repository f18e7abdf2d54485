/**
 * Starts syncWorker.ts in its own Node process (tsx) and talks to it: `sync(ids)` sends a job and
 * resolves with the node's output; `kill()` ends it with SIGKILL, mid-write if need be.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { IDataObject } from 'n8n-workflow';

import { CREDENTIALS, NODE_NAME, SYNC, type InvoiceSyncTestbed } from '../sync/invoiceTestbed';
import type { SyncJobAnswer } from './syncWorker';

export interface SyncWorker {
	sync(ids: string[], parameters?: IDataObject): Promise<IDataObject[]>;
	kill(): Promise<void>;
	stop(): Promise<void>;
}

const WORKER = join(__dirname, 'syncWorker.ts');
/** Loading n8n-core and the package through tsx takes seconds, many on a busy machine. */
const START_TIMEOUT_MS = 240_000;

const running = new Set<ChildProcess>();

/** Ends every worker still running (afterAll), killed or not. */
export async function stopAllSyncWorkers(): Promise<void> {
	await Promise.all(
		[...running].map(async (child) => {
			const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGKILL');
			await exited;
		}),
	);
}

export async function startSyncWorker(bed: InvoiceSyncTestbed, env: Record<string, string> = {}): Promise<SyncWorker> {
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER], {
		cwd: join(__dirname, '../../..'),
		env: { ...process.env, ...env },
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	running.add(child);
	const exited = new Promise<void>((resolve) =>
		child.once('exit', () => {
			running.delete(child);
			resolve();
		}),
	);
	const waiting = new Map<number, (answer: SyncJobAnswer) => void>();
	let markReady!: () => void;
	const ready = new Promise<void>((resolve) => (markReady = resolve));
	createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
		if (!line.startsWith('{')) return;
		const message = JSON.parse(line) as SyncJobAnswer & { ready?: boolean };
		if (message.ready) markReady();
		else waiting.get(message.job)?.(message);
	});
	const startFailed = new Promise<never>((_resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('The sync worker did not start')), START_TIMEOUT_MS);
		void ready.then(() => clearTimeout(timer));
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error('The sync worker exited before it was ready'));
		});
	});
	startFailed.catch(() => undefined);
	await Promise.race([ready, startFailed]);

	let jobs = 0;
	return {
		async sync(ids, parameters = {}) {
			const job = ++jobs;
			const answer = new Promise<SyncJobAnswer>((resolve) => waiting.set(job, resolve));
			child.stdin?.write(
				`${JSON.stringify({
					job,
					credentials: bed.qb.credentials.store,
					qboUrl: bed.qb.sim.url,
					realmId: bed.qb.sim.realmId,
					throttled: bed.qb.sim.settings.throttling,
					ids,
					nodeName: NODE_NAME,
					parameters: { ...SYNC, ...parameters },
					nodeCredentials: CREDENTIALS,
				})}\n`,
			);
			const { results, error } = await Promise.race([answer, exited.then((): SyncJobAnswer => ({ job, error: 'The sync worker exited' }))]);
			if (error !== undefined) throw new Error(error);
			return results ?? [];
		},
		async kill() {
			child.kill('SIGKILL');
			await exited;
		},
		async stop() {
			child.stdin?.end();
			await exited;
		},
	};
}
