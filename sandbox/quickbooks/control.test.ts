/** The /__sandbox/ controls a separate process (a real n8n, the demo) drives the simulator with. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { invoiceBody, qboClient } from './testing';

let sim: QuickBooksSimulator;

beforeAll(async () => {
	sim = await startQuickBooksSimulator();
});
afterAll(() => sim.close());

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const response = await fetch(`${sim.url}/__sandbox${path}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('controls', () => {
	it('describes itself: urls, realm and client credentials', async () => {
		const info = (await control('GET', '/info')).body;
		expect(info).toMatchObject({ realmId: '9341453000000000', clientId: 'qbo-sandbox-client', clientSecret: 'qbo-sandbox-secret', tokenUrl: `${sim.url}/oauth2/v1/tokens/bearer` });
	});

	it('hands out tokens, expires them and resets the books', async () => {
		const tokens = (await control('POST', '/tokens')).body;
		const qbo = qboClient(sim, tokens.access_token);
		expect((await qbo.post('/invoice', invoiceBody())).status).toBe(200);
		expect((await control('GET', '/state')).body.counts.Invoice).toBe(1);
		expect((await control('GET', '/state/Invoice')).body.Invoice).toHaveLength(1);
		expect((await control('POST', '/reset')).body.counts.Invoice).toBe(0);
		expect(sim.server.requestLog).toHaveLength(0);
		expect((await qbo.get('/term/1')).status).toBe(200);
		expect((await control('POST', '/tokens/expire')).status).toBe(204);
		expect((await qbo.get('/term/1')).status).toBe(401);
	});

	it('switches settings: duplicate requestid mode, throttling, preferences', async () => {
		await control('POST', '/reset');
		const qbo = qboClient(sim);
		const settings = (await control('POST', '/settings', { duplicateRequestIdMode: 'error600', preferences: { SalesFormsPrefs: { AllowShipping: true } } })).body;
		expect(settings.duplicateRequestIdMode).toBe('error600');
		expect(sim.duplicateRequestIdMode).toBe('error600');
		expect(sim.store.preferences.SalesFormsPrefs.AllowShipping).toBe(true);
		await qbo.post('/invoice?requestid=ctl-1', invoiceBody());
		expect((await qbo.post('/invoice?requestid=ctl-1', invoiceBody())).body.Fault.Error[0].code).toBe('600');
		await control('POST', '/reset');
		expect(sim.duplicateRequestIdMode).toBe('replay');
	});

	it('seeds bulk data deterministically', async () => {
		await control('POST', '/reset');
		const seeded = (await control('POST', '/seed', { customers: 5, invoices: 12, paidShare: 0.5, seed: 7 })).body;
		expect(seeded.customers).toHaveLength(5);
		expect(seeded.invoices).toHaveLength(12);
		const first = sim.store.list('Invoice').map((invoice) => [invoice.DocNumber, invoice.TotalAmt, invoice.Balance]);
		await control('POST', '/reset');
		await control('POST', '/seed', { customers: 5, invoices: 12, paidShare: 0.5, seed: 7 });
		expect(sim.store.list('Invoice').map((invoice) => [invoice.DocNumber, invoice.TotalAmt, invoice.Balance])).toEqual(first);
		expect(seeded.payments.length).toBeGreaterThan(0);
	});

	it('moves the clock', async () => {
		const before = (await control('GET', '/state')).body.now;
		const after = (await control('POST', '/clock', { advanceSeconds: 3600 })).body.now;
		expect(after > before).toBe(true);
	});

	it('keeps the default company deterministic across resets', async () => {
		await control('POST', '/reset');
		const first = JSON.stringify([sim.store.list('Customer'), sim.store.list('Item'), sim.store.list('Account')]);
		await control('POST', '/reset');
		expect(JSON.stringify([sim.store.list('Customer'), sim.store.list('Item'), sim.store.list('Account')])).toBe(first);
		expect(sim.store.get('Customer', DEFAULT_COMPANY.customers.obrienAndSons)?.DisplayName).toBe("O'Brien & Sons");
	});

	it('injects faults through the shared shell and logs calls', async () => {
		await control('POST', '/reset');
		const qbo = qboClient(sim);
		await control('POST', '/faults', { method: 'GET', path: '/term/', count: 1, status: 503, body: { message: 'unavailable' } });
		expect((await qbo.get('/term/1')).status).toBe(503);
		expect((await qbo.get('/term/1')).status).toBe(200);
		const log = (await control('GET', '/log')).body;
		expect(log.map((entry: any) => entry.status)).toEqual([503, 200]);
	});
});
