/**
 * Sync HubSpot Invoice across processes, under every numbering and requestid mode:
 * - kill -9 mid-bulk, then rerun: a separate process syncing 100 invoices is killed with SIGKILL while
 *   its /batch calls are in QuickBooks (some committed, none answered, nothing written back); the rerun
 *   finds what was committed by number or marker and creates only the rest;
 * - two processes sharing one real redis-server (Debian's package, started here on a free port), as
 *   queue-mode workers share n8n's Redis: overlapping invoice sets at once, /batch answering slowly,
 *   the Redis leases make one wait for the other.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { useInvoiceSyncTestbed, type InvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { eachCombination, matrixInvoice, MatrixTable } from './matrix';
import { startRedis, type RunningRedis } from './redisServer';
import { startSyncWorker, stopAllSyncWorkers, type SyncWorker } from './workers';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const table = new MatrixTable('Sync HubSpot Invoice, separate processes');

afterAll(() => table.print());

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await sleep(10);
	}
}

/** Requests a dead process sent still run at the server: wait until each has been handled. */
async function inFlightSettled(testbed: InvoiceSyncTestbed): Promise<void> {
	await until(() => testbed.qb.sim.server.requestLog.every((call) => call.status !== 0), 10_000, 'the killed process\'s requests were handled');
}

function failures(results: IDataObject[]): IDataObject[] {
	return results.filter((result) => result.action === 'failed' || result.error !== undefined);
}

describe('kill -9 mid-bulk, then rerun', () => {
	// Each combination kills its worker: the next one starts while the current one runs.
	let spare: Promise<SyncWorker> | undefined;
	const nextWorker = async (): Promise<SyncWorker> => {
		const worker = spare ?? startSyncWorker(bed);
		spare = startSyncWorker(bed);
		spare.catch(() => undefined); // awaited by the next combination
		return await worker;
	};
	afterAll(async () => await stopAllSyncWorkers());

	eachCombination(
		table,
		'kill -9 mid-bulk, then rerun',
		bed,
		async (numbering) => {
			// One customer, in QuickBooks already: the run's /batch calls are the invoices'.
			const contacts = [{ email: 'ap@kill-nine.example', firstname: 'Kill', lastname: 'Nine' }];
			await bed.sync([matrixInvoice(bed, numbering, { contacts }).id]);
			const ids = Array.from({ length: 100 }, () => matrixInvoice(bed, numbering, { contacts }).id);
			bed.clearLogs();
			// Four invoice /batch calls, three at a time, each answering after 400 ms.
			bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1_000, latencyMs: 400 });
			const worker = await nextWorker();
			const running = worker.sync(ids).catch(() => []);
			// Killed as soon as the first invoice /batch reaches QuickBooks: three are on their way, one never leaves.
			const invoiceBatchSent = () => bed.qb.sim.server.requestLog.some((call) => call.path.endsWith('/batch') && JSON.stringify(call.body).includes('"Invoice":'));
			await until(invoiceBatchSent, 60_000, 'the first invoice /batch is sent');
			await worker.kill();
			await running;
			await inFlightSettled(bed);
			const committed = bed.qboInvoices().length - 1;
			expect(committed).toBeLessThan(ids.length);
			bed.qb.sim.server.faults = [];

			const rerun = await bed.sync(ids);
			expect(failures(rerun)).toEqual([]);
			expect(rerun.filter((result) => result.action === 'created')).toHaveLength(ids.length - committed);
			return { hubspotIds: ids, note: `killed with ${committed} of ${ids.length} committed` };
		},
		300_000,
	);
});

describe('two processes sharing one redis-server', () => {
	let redis: RunningRedis;
	let workers: SyncWorker[] = [];

	beforeAll(async () => {
		redis = await startRedis();
		const env = { HSQB_LEASE_REDIS_URL: `redis://${redis.host}:${redis.port}` };
		workers = await Promise.all([startSyncWorker(bed, env), startSyncWorker(bed, env)]);
	}, 300_000);

	afterAll(async () => {
		await Promise.all(workers.map(async (worker) => await worker.stop()));
		await stopAllSyncWorkers();
		await redis?.stop();
	});

	eachCombination(
		table,
		'two processes, one redis-server',
		bed,
		async (numbering) => {
			const ids = Array.from({ length: 30 }, () => matrixInvoice(bed, numbering).id);
			bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1_000, latencyMs: 150 });
			const [first, second] = await Promise.all([workers[0].sync(ids.slice(0, 20)), workers[1].sync(ids.slice(10))]);
			expect(failures([...first, ...second])).toEqual([]);
			const shared = ids.slice(10, 20).map((id) => [first.find((result) => result.hubspotInvoiceId === id)?.action, second.find((result) => result.hubspotInvoiceId === id)?.action].sort());
			expect(shared.every(([a, b]) => a === 'created' && b === 'unchanged')).toBe(true);
			return { hubspotIds: ids, note: '10 of 30 invoices in both processes' };
		},
		60_000,
	);
});
