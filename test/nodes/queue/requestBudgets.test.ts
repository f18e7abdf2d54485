/**
 * Request budgets shared across queue-mode workers: three separate Node processes run the nodes through
 * n8n-core against throttling simulators (quickbooks.md §6: 10 per second per company; hubspot.md §5.1:
 * 100 per 10 s per app and portal) and share one real redis-server, as n8n's workers share its queue
 * Redis. Together they stay inside one company's or portal's limits (no 429); two companies or portals
 * do not share a budget; a Redis that goes away does not stop a run; and the same load with
 * in-process budgets only (each process pacing itself, as outside queue mode) draws 429s.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import type { RequestLogEntry } from '../../../sandbox/common/server';
import { busiestWindow } from '../../harness/rollingWindow';
import { startRedis, type RunningRedis } from '../exactlyOnce/redisServer';
import { byId, DEFAULT_COMPANY, QuickBooksTestbed } from '../quickbooks/testbed';
import { CREDENTIALS as SYNC_CREDENTIALS, InvoiceSyncTestbed, SYNC } from '../sync/invoiceTestbed';
import { startNodeWorker, type NodeWorker } from './workers';

let redis: RunningRedis;
let workers: NodeWorker[] = [];
const simulators: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
	[redis, ...workers] = await Promise.all([startRedis(), startNodeWorker(), startNodeWorker(), startNodeWorker()]);
}, 300_000);

afterAll(async () => {
	await Promise.all(workers.map(async (worker) => await worker.stop()));
	await Promise.all(simulators.map(async (sim) => await sim.close()));
	await redis?.stop();
});

/** What the workers logged about the shared budgets. */
const warningsAbout = (word: string) => workers.flatMap((worker) => worker.logs).filter((line) => line.level === 'warn' && line.message.includes('shared request budgets') && line.message.includes(word));

const redisUrl = () => `redis://${redis.host}:${redis.port}`;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** The most calls the server let through in any rolling window. */
const busiestServed = (calls: RequestLogEntry[], windowMs: number) => busiestWindow(calls.filter((call) => call.status !== 429).map((call) => call.at), windowMs);

const throttled = (calls: RequestLogEntry[]) => calls.filter((call) => call.status === 429).length;

/**
 * ≈0 429s: the budgets leave room for a call to reach the server up to GRANT_TO_ARRIVAL_MARGIN_MS late;
 * on a machine loaded far past its cores a simulator can stall longer and then count a bunch of calls
 * at once. On a quiet machine this is 0; the contrast without shared budgets is several times more.
 */
const nearlyNone = (calls: RequestLogEntry[]) => Math.floor(calls.length * 0.05);

// ------------------------------------------------------------------ QuickBooks

async function quickBooksCompany(realmId: string): Promise<QuickBooksTestbed> {
	const bed = new QuickBooksTestbed();
	await bed.start({ throttling: true, realmId });
	simulators.push(bed.sim);
	return bed;
}

const apiCalls = (bed: QuickBooksTestbed) => bed.sim.server.requestLog.filter((call) => call.path.startsWith('/v3/company/'));

/** `count` executions of "Customer: Get" on one worker at once (a worker runs several executions at a time), one call each. */
async function readCustomers(worker: NodeWorker, bed: QuickBooksTestbed, count: number, shared: boolean): Promise<IDataObject[][]> {
	return await Promise.all(
		Array.from({ length: count }, async () =>
			await worker.run({
				node: 'quickbooks',
				parameters: { resource: 'customer', operation: 'get', customer: byId(DEFAULT_COMPANY.customers.acme) },
				credentials: bed.credentials.store,
				nodeCredentials: { quickBooksSyncOAuth2Api: { id: 'qbo-1', name: 'QuickBooks sandbox' } },
				items: [{}],
				...(shared ? { redisUrl: redisUrl() } : {}),
			}),
		),
	);
}

function expectAllAcme(runs: IDataObject[][]): void {
	expect(runs.flat().map((customer) => customer.DisplayName ?? customer.error)).toEqual(runs.map(() => 'Acme Corporation'));
}

describe('QuickBooks: one budget per company across workers', () => {
	it('three workers reading one company at once stay inside its 10 calls per second (no 429, or next to none)', async () => {
		const bed = await quickBooksCompany('4620816365100001');
		const started = Date.now();
		const runs = (await Promise.all(workers.map(async (worker) => await readCustomers(worker, bed, 20, true)))).flat();
		const seconds = (Date.now() - started) / 1000;
		expectAllAcme(runs);
		const calls = apiCalls(bed);
		expect(calls.length).toBeGreaterThanOrEqual(60);
		expect(throttled(calls)).toBeLessThanOrEqual(nearlyNone(calls));
		expect(warningsAbout('unavailable')).toEqual([]);
		console.log(`QuickBooks, 3 workers, one company, shared budget: ${calls.length} calls in ${seconds.toFixed(1)} s, busiest second ${busiestServed(calls, 1000)}, 429s ${throttled(calls)}`);
	}, 120_000);

	it('two companies do not share a budget: together they pass 10 calls in a second, each stays inside its own', async () => {
		const [first, second] = await Promise.all([quickBooksCompany('4620816365100002'), quickBooksCompany('4620816365100003')]);
		const runs = await Promise.all([readCustomers(workers[0], first, 20, true), readCustomers(workers[1], first, 20, true), readCustomers(workers[2], second, 40, true)]);
		runs.forEach(expectAllAcme);
		const [firstCalls, secondCalls] = [apiCalls(first), apiCalls(second)];
		expect(throttled(firstCalls)).toBeLessThanOrEqual(nearlyNone(firstCalls));
		expect(throttled(secondCalls)).toBeLessThanOrEqual(nearlyNone(secondCalls));
		expect(busiestServed([...firstCalls, ...secondCalls], 1000)).toBeGreaterThan(10);
	}, 120_000);
});

// ------------------------------------------------------------------ HubSpot

async function hubSpotPortal(): Promise<HubSpotSimulator> {
	const sim = await startHubSpotSimulator({ rateLimits: true });
	simulators.push(sim);
	return sim;
}

/** `count` executions of "Invoice: Get" on one worker at once, over the portal's invoices in turn. */
async function readInvoices(worker: NodeWorker, sim: HubSpotSimulator, ids: string[], count: number, shared: boolean): Promise<IDataObject[][]> {
	return await Promise.all(
		Array.from({ length: count }, async (_, index) =>
			await worker.run({
				node: 'commerce',
				parameters: { resource: 'invoice', operation: 'get', invoiceId: byId(ids[index % ids.length]) },
				credentials: { hubspotCommerceApi: { accessToken: sim.token, useCustomBaseUrl: true, baseUrl: sim.url } },
				nodeCredentials: { hubspotCommerceApi: { id: 'hs-1', name: 'HubSpot sandbox' } },
				items: [{}],
				...(shared ? { redisUrl: redisUrl() } : {}),
			}),
		),
	);
}

function invoicesOf(sim: HubSpotSimulator): string[] {
	return Array.from({ length: 5 }, (_, index) => sim.createInvoice({ currency: 'USD', status: 'open', lineItems: [{ name: `Line ${index}`, price: '10.00' }], contacts: [{ email: `ap${index}@budget.example`, firstname: 'Ada' }] }).id);
}

const hubSpotCalls = (sim: HubSpotSimulator) => sim.server.requestLog.filter((call) => call.path.startsWith('/crm/'));

function expectInvoices(runs: IDataObject[][], ids: string[]): void {
	const read = runs.flat().map((invoice) => invoice.id ?? invoice.error);
	expect(read.every((id) => ids.includes(String(id)))).toBe(true);
}

describe('HubSpot: one budget per portal across workers', () => {
	it('three workers reading one portal at once stay inside its 100 calls per 10 s (no 429, or next to none)', async () => {
		const sim = await hubSpotPortal();
		const ids = invoicesOf(sim);
		const started = Date.now();
		const runs = (await Promise.all(workers.map(async (worker) => await readInvoices(worker, sim, ids, 40, true)))).flat();
		const seconds = (Date.now() - started) / 1000;
		expectInvoices(runs, ids);
		const calls = hubSpotCalls(sim);
		expect(calls.length).toBeGreaterThanOrEqual(120);
		expect(throttled(calls)).toBeLessThanOrEqual(nearlyNone(calls));
		expect(warningsAbout('unavailable')).toEqual([]);
		console.log(`HubSpot, 3 workers, one portal, shared budget: ${calls.length} calls in ${seconds.toFixed(1)} s, busiest 10 s ${busiestServed(calls, 10_000)}, 429s ${throttled(calls)}`);
	}, 120_000);

	it('two portals do not share a budget: together they pass 100 calls in 10 s, each stays inside its own', async () => {
		const [first, second] = await Promise.all([hubSpotPortal(), hubSpotPortal()]);
		const [firstIds, secondIds] = [invoicesOf(first), invoicesOf(second)];
		const runs = await Promise.all([readInvoices(workers[0], first, firstIds, 30, true), readInvoices(workers[1], first, firstIds, 30, true), readInvoices(workers[2], second, secondIds, 60, true)]);
		expectInvoices([...runs[0], ...runs[1]], firstIds);
		expectInvoices(runs[2], secondIds);
		const [firstCalls, secondCalls] = [hubSpotCalls(first), hubSpotCalls(second)];
		expect(throttled(firstCalls)).toBeLessThanOrEqual(nearlyNone(firstCalls));
		expect(throttled(secondCalls)).toBeLessThanOrEqual(nearlyNone(secondCalls));
		expect(busiestServed([...firstCalls, ...secondCalls], 10_000)).toBeGreaterThan(100);
	}, 120_000);
});

describe('Sync HubSpot Invoice on three workers, one company', () => {
	it('books every invoice once, to the cent, with next to no 429 from QuickBooks or HubSpot', async () => {
		const bed = new InvoiceSyncTestbed();
		await bed.start({ throttling: true, realmId: '4620816365100006' }, { rateLimits: true });
		simulators.push({ close: async () => await bed.stop() });
		await bed.reset();
		const ids = Array.from({ length: 80 }, () => bed.invoice().id);
		bed.clearLogs();
		// 30 invoices per worker; workers 1 and 2 overlap on ten, which the leases hand to one of them.
		const shares = [ids.slice(0, 30), ids.slice(30, 60), ids.slice(50, 80)];
		const started = Date.now();
		const results = (
			await Promise.all(
				shares.map(
					async (share, index) =>
						await workers[index].run({
							node: 'quickbooks',
							parameters: SYNC,
							credentials: bed.qb.credentials.store,
							nodeCredentials: SYNC_CREDENTIALS,
							items: share.map((id) => ({ id })),
							redisUrl: redisUrl(),
						}),
				),
			)
		).flat();
		const seconds = (Date.now() - started) / 1000;
		expect(results.filter((result) => result.action === 'failed' || result.error !== undefined)).toEqual([]);
		const invoices = bed.qboInvoices();
		expect(invoices).toHaveLength(ids.length);
		expect(invoices.every((invoice) => invoice.TotalAmt === 100)).toBe(true);
		expect(ids.filter((id) => bed.hubspotProperties(id).qbo_sync_status !== 'synced')).toEqual([]);
		const [qboCalls, hubspotCalls] = [apiCalls(bed.qb), hubSpotCalls(bed.hs)];
		console.log(
			`Sync, 3 workers, ${ids.length} invoices, one company, shared budgets: ${seconds.toFixed(1)} s; QuickBooks ${qboCalls.length} calls, ${throttled(qboCalls)} 429s; HubSpot ${hubspotCalls.length} calls, ${throttled(hubspotCalls)} 429s`,
		);
		expect(throttled(qboCalls)).toBeLessThanOrEqual(nearlyNone(qboCalls));
		expect(throttled(hubspotCalls)).toBeLessThanOrEqual(nearlyNone(hubspotCalls));
	}, 180_000);
});

// ------------------------------------------------------------------ a Redis outage, and the contrast without Redis

describe('without the shared Redis', () => {
	it('a Redis that goes away mid-run does not stop it: the worker paces itself and says so once', async () => {
		const bed = await quickBooksCompany('4620816365100004');
		const running = readCustomers(workers[0], bed, 30, true);
		while (apiCalls(bed).length < 5) await sleep(20);
		await redis.stop();
		const runs = await running;
		expectAllAcme(runs);
		expect(throttled(apiCalls(bed))).toBe(0);
		const warnings = warningsAbout('unavailable');
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain(`${redis.host}:${redis.port}`);
	}, 120_000);

	/**
	 * Starts the reads without awaiting them (throttled executions pause for the API's back-off; the
	 * workers end with the file) and returns the calls once the first 429s are in.
	 */
	async function firstThrottledWave(reads: Array<Promise<unknown>>, calls: () => RequestLogEntry[]): Promise<RequestLogEntry[]> {
		void Promise.all(reads).catch(() => undefined);
		const deadline = Date.now() + 30_000;
		while (throttled(calls()) === 0 && Date.now() < deadline) await sleep(50);
		await sleep(500);
		return calls();
	}

	it('in-process budgets only (no queue mode): three workers on one company each spend its whole budget and draw 429s', async () => {
		const bed = await quickBooksCompany('4620816365100005');
		const calls = await firstThrottledWave(workers.map(async (worker) => await readCustomers(worker, bed, 20, false)), () => apiCalls(bed));
		console.log(`QuickBooks, 3 workers, one company, in-process budgets: ${throttled(calls)} 429s of ${calls.length} calls`);
		expect(throttled(calls)).toBeGreaterThan(0);
	}, 60_000);

	it('in-process budgets only: three workers on one portal draw HubSpot 429s', async () => {
		const sim = await hubSpotPortal();
		const ids = invoicesOf(sim);
		const calls = await firstThrottledWave(workers.map(async (worker) => await readInvoices(worker, sim, ids, 40, false)), () => hubSpotCalls(sim));
		console.log(`HubSpot, 3 workers, one portal, in-process budgets: ${throttled(calls)} 429s of ${calls.length} calls`);
		expect(throttled(calls)).toBeGreaterThan(0);
	}, 60_000);
});
