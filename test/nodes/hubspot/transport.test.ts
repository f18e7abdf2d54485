import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { INode } from 'n8n-workflow';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { createHubSpotClient, isHubSpotTimeout, QBO_SYNC_PROPERTIES, type HubSpotClient } from '../../../transport/hubspot';

/** The HubSpot transport as the QuickBooks sync operations call it, against the simulator over HTTP. */

const node: INode = { id: 'n1', name: 'HubSpot', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };

let sim: HubSpotSimulator;
let tokenCounter = 0;
beforeAll(async () => {
	sim = await startHubSpotSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

/** A client on a fresh token: each test gets its own portal windows. */
async function client(options: Parameters<typeof createHubSpotClient>[1] = {}, token?: string): Promise<HubSpotClient> {
	const accessToken = token ?? `transport-token-${++tokenCounter}`;
	sim.addToken(accessToken);
	return await createHubSpotClient(
		{ getNode: () => node, getCredentials: async () => ({ accessToken, useCustomBaseUrl: true, baseUrl: `${sim.url}/` }) },
		options,
	);
}

let buyer = 0;
function invoice() {
	return sim.createInvoice({ currency: 'USD', lineItems: [{ name: 'A', price: '10.00' }, { name: 'B', price: '2.50' }], contacts: [{ email: `t${++buyer}@example.com` }] });
}

describe('HubSpot transport', () => {
	it('readInvoices batches 100 ids per call, keeps the order and leaves out missing ids', async () => {
		const ids = Array.from({ length: 230 }, () => sim.store.create('invoices', { hs_currency: 'EUR' }).id);
		const hubspot = await client({ requestsPerWindow: 1000 });
		const found = await hubspot.readInvoices([...ids.slice().reverse(), '999999999']);
		expect(found.map((record) => record.id)).toEqual(ids.slice().reverse());
		expect(sim.server.calls(/batch\/read$/)).toHaveLength(3);
		expect(hubspot.requestCount).toBe(3);
	});

	it('getInvoice with includes, and a clear "not found" for a bad id', async () => {
		const created = invoice();
		const hubspot = await client();
		const read = await hubspot.getInvoice(created.id, { include: ['lineItems', 'contacts'] });
		expect(read.lineItems!.map((line) => line.properties.name)).toEqual(['A', 'B']);
		expect(read.contacts![0].properties.email).toMatch(/@example\.com$/);
		await expect(hubspot.getInvoice('424242')).rejects.toThrow('The HubSpot invoice 424242 was not found');
	});

	it('readPayments with their invoice', async () => {
		const created = invoice();
		sim.setInvoiceStatus(created.id, 'open');
		const payment = sim.recordPayment({ invoiceId: created.id, feesAmount: '0.66' });
		const standalone = sim.recordPayment({ amount: '9.00', sourceApp: 'SALES_CHECKOUT' });
		const hubspot = await client();
		const [withInvoice, without] = await hubspot.readPayments([payment.id, standalone.id], { include: ['invoice'] });
		expect(withInvoice.invoice).toMatchObject({ id: created.id, properties: expect.objectContaining({ hs_invoice_status: 'paid' }) });
		expect(without.invoice).toBeNull();
	});

	it('writeSyncStatus writes the sync properties, also on paid invoices', async () => {
		const hubspot = await client();
		await hubspot.ensureSyncProperties();
		const created = invoice();
		sim.setInvoiceStatus(created.id, 'paid');
		await hubspot.writeSyncStatus([{ invoiceId: created.id, status: 'synced', qboInvoiceId: '145', docNumber: created.number, syncedAt: new Date('2026-02-01T10:00:00Z') }]);
		expect(sim.inspect('invoices', created.id)!.properties).toMatchObject({
			[QBO_SYNC_PROPERTIES.status]: 'synced',
			[QBO_SYNC_PROPERTIES.invoiceId]: '145',
			[QBO_SYNC_PROPERTIES.docNumber]: created.number,
			[QBO_SYNC_PROPERTIES.lastSyncedAt]: '2026-02-01T10:00:00.000Z',
		});
		await hubspot.writeSyncStatus([{ invoiceId: created.id, status: 'failed', errorCategory: 'customer_not_found', errorMessage: 'No customer' }]);
		expect(sim.inspect('invoices', created.id)!.properties).toMatchObject({ qbo_sync_status: 'failed', qbo_sync_error_category: 'customer_not_found', qbo_invoice_id: '145' });
		await expect(hubspot.writeSyncStatus([{ invoiceId: '31337', status: 'synced' }])).rejects.toThrow('The HubSpot invoice 31337 was not found');
	});

	it('a TEN_SECONDLY_ROLLING 429 waits the window (from the interval header) and resumes', async () => {
		invoice();
		const hubspot = await client();
		sim.server.injectFault({
			path: 'batch/read$',
			count: 1,
			status: 429,
			body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
			headers: { 'X-HubSpot-RateLimit-Interval-Milliseconds': '400', 'X-HubSpot-RateLimit-Remaining': '0' },
		});
		const started = Date.now();
		const read = await hubspot.batchRead('invoices', [sim.store.create('invoices', { hs_currency: 'USD' }).id]);
		expect(read).toHaveLength(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
		expect(sim.server.calls(/batch\/read$/).map((call) => call.status)).toEqual([429, 200]);
	});

	it('a SECONDLY 429 on search waits a second; a DAILY 429 fails at once with a clear message', async () => {
		const hubspot = await client();
		sim.server.injectFault({ path: '/search$', count: 1, status: 429, body: { status: 'error', message: 'You have reached your secondly limit.', policyName: 'SECONDLY' } });
		const started = Date.now();
		await hubspot.search('invoices', { limit: 1 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(990);
		sim.server.injectFault({ path: '/search$', count: 1, status: 429, body: { status: 'error', message: 'You have reached your daily limit.', policyName: 'DAILY' } });
		await expect(hubspot.search('invoices', { limit: 1 })).rejects.toThrow("HubSpot's daily API limit for this account is used up");
		expect(sim.server.calls(/search$/).map((call) => call.status)).toEqual([429, 200, 429]);
	});

	it('against the simulator\'s own limits: 50 reads in a row at 20 per window finish without a 429', async () => {
		sim.setRateLimits({ burstMax: 20, burstWindowMs: 1000 });
		const ids = Array.from({ length: 3 }, () => sim.store.create('invoices', { hs_currency: 'USD' }).id);
		const hubspot = await client({ requestsPerWindow: 20, windowMs: 1000 });
		const started = Date.now();
		for (let index = 0; index < 50; index++) await hubspot.batchRead('invoices', ids);
		expect(sim.server.calls(/batch\/read$/).every((call) => call.status === 200)).toBe(true);
		// 50 calls at 20 per second take at least two full windows.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		sim.setRateLimits(false);
	}, 20_000);

	it('5xx and 423 are retried with backoff; a lasting 503 ends in a clear error', async () => {
		const hubspot = await client();
		const id = sim.store.create('invoices', { hs_currency: 'USD' }).id;
		sim.server.injectFault({ path: 'batch/read$', count: 1, status: 502 });
		sim.server.injectFault({ path: 'batch/read$', count: 1, status: 423 });
		expect(await hubspot.batchRead('invoices', [id])).toHaveLength(1);
		sim.server.injectFault({ path: `/invoices/${id}$`, count: 10, status: 503, body: { status: 'error', message: 'Service Unavailable' } });
		await expect(hubspot.getRecord('invoices', id)).rejects.toThrow(/HubSpot is temporarily unavailable \(HTTP 503\).*after 4 attempts/);
	}, 20_000);

	it('a lasting 502 says what to do (an outage: run again later), with HubSpot\'s words in the message, not as the advice', async () => {
		const hubspot = await client();
		const id = sim.store.create('invoices', { hs_currency: 'USD' }).id;
		sim.server.injectFault({ path: `/invoices/${id}$`, count: 10, status: 502, body: { status: 'error', message: 'Bad gateway' } });
		const error = (await hubspot.getRecord('invoices', id).catch((caught: Error) => caught)) as Error & { description?: string };
		expect(error.message).toBe(`HubSpot is temporarily unavailable (HTTP 502) while trying to read the invoice ${id}, after 4 attempts ("Bad gateway")`);
		expect(error.description).toMatch(/^HubSpot is having a temporary outage or is overloaded: run the workflow again in a few minutes/);
		expect(sim.server.calls(new RegExp(`/invoices/${id}$`)).map((call) => call.status)).toEqual([502, 502, 502, 502]);
	}, 20_000);

	it('a call left unanswered ends within the request timeout, and is not repeated', async () => {
		const hubspot = await client({ requestTimeoutMs: 500 });
		const id = sim.store.create('invoices', { hs_currency: 'USD' }).id;
		sim.server.injectFault({ path: `/invoices/${id}$`, count: 1, hang: 'before' });
		const error = (await hubspot.getRecord('invoices', id).catch((caught: Error) => caught)) as Error & { description?: string };
		expect(error.message).toBe(`HubSpot did not answer within 0.5 s while trying to read the invoice ${id}`);
		expect(isHubSpotTimeout(error)).toBe(true);
		expect(sim.server.calls(new RegExp(`/invoices/${id}$`)).map((call) => call.outcome)).toEqual(['hung']);
		// The client goes on working once HubSpot answers again.
		expect((await hubspot.getRecord('invoices', id)).id).toBe(id);
	}, 20_000);

	it('a bad token: "reconnect the HubSpot credential", and the token never appears in the error', async () => {
		const leakProbe = ['pat', 'na1', 'super', 'secret'].join('-');
		const hubspot = await createHubSpotClient({
			getNode: () => node,
			getCredentials: async () => ({ accessToken: leakProbe, useCustomBaseUrl: true, baseUrl: sim.url }),
		});
		const error = await hubspot.search('invoices', { limit: 1 }).catch((caught: Error) => caught);
		expect((error as Error).message).toBe('The HubSpot access token was rejected: reconnect the HubSpot credential');
		expect(JSON.stringify(error)).not.toContain('super-secret');
		expect(String((error as Error).stack)).not.toContain('super-secret');
	});
});
