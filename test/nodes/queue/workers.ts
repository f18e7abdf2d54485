/**
 * Starts nodeWorker.ts in Node processes of their own (tsx), as n8n starts queue-mode workers, and
 * hands them jobs: `run(job)` resolves with the node's output items; `logs` holds what the package
 * logged there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { IDataObject } from 'n8n-workflow';

import type { NodeJob, NodeJobAnswer } from './nodeWorker';

export interface NodeWorker {
	run(job: Omit<NodeJob, 'job'>): Promise<IDataObject[]>;
	logs: Array<{ level: string; message: string }>;
	stop(): Promise<void>;
}

const WORKER = join(__dirname, 'nodeWorker.ts');
/** Loading n8n-core and the package through tsx takes seconds, many on a busy machine. */
const START_TIMEOUT_MS = 240_000;

export async function startNodeWorker(): Promise<NodeWorker> {
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: join(__dirname, '../../..'), env: process.env, stdio: ['pipe', 'pipe', 'inherit'] });
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const waiting = new Map<number, (answer: NodeJobAnswer) => void>();
	const logs: NodeWorker['logs'] = [];
	let markReady!: () => void;
	const ready = new Promise<void>((resolve) => (markReady = resolve));
	createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
		if (!line.startsWith('{')) return;
		const message = JSON.parse(line) as NodeJobAnswer & { ready?: boolean; log?: { level: string; message: string } };
		if (message.ready) markReady();
		else if (message.log) logs.push(message.log);
		else waiting.get(message.job)?.(message);
	});
	let timer: NodeJS.Timeout | undefined;
	const failed = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => reject(new Error('The node worker did not start')), START_TIMEOUT_MS);
		void exited.then(() => reject(new Error('The node worker exited')));
	});
	failed.catch(() => undefined);
	try {
		await Promise.race([ready, failed]);
	} finally {
		clearTimeout(timer);
	}

	let jobs = 0;
	return {
		logs,
		async run(job) {
			const id = ++jobs;
			const answer = new Promise<NodeJobAnswer>((resolve) => waiting.set(id, resolve));
			child.stdin?.write(`${JSON.stringify({ ...job, job: id })}\n`);
			const { results, error } = await Promise.race([answer, failed]);
			if (error !== undefined) throw new Error(error);
			return results ?? [];
		},
		async stop() {
			if (child.exitCode !== null) return;
			child.kill('SIGKILL');
			await exited;
		},
	};
}
