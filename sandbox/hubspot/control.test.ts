import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call } from './testing';

/** The control routes a separate process (a real n8n, the demo CLI) uses to drive the simulator. */

let sim: HubSpotSimulator;

beforeAll(async () => {
	sim = await startHubSpotSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

// Control routes need no token: they are not HubSpot's API.
const control = (method: string, path: string, body?: unknown) => call(sim, method, `/__sandbox${path}`, body, { token: null });

describe('/__sandbox control routes', () => {
	it('seeds, reports state and resets', async () => {
		const seeded = await control('POST', '/seed', { invoices: 50, seed: 4, currencies: ['USD', 'EUR'] });
		expect(seeded.status).toBe(200);
		expect(seeded.body.invoices).toBe(50);
		const state = await control('GET', '/state');
		expect(state.body).toMatchObject({ portalId: sim.portalId, token: sim.token, counts: { invoices: 50 } });
		const reset = await control('POST', '/reset');
		expect(reset.status).toBe(200);
		expect((await control('GET', '/state')).body.counts.invoices).toBe(0);
		expect((await control('POST', '/seed', { invoices: 'many' })).status).toBe(400);
	});

	it('creates an invoice, opens it, records and refunds a payment, like a HubSpot user', async () => {
		const created = await control('POST', '/objects/invoices', {
			currency: 'EUR',
			lineItems: [{ name: 'Consulting', price: '120.00', quantity: 2 }],
			contacts: [{ email: 'ops@example.com' }],
			discounts: [{ type: 'PERCENT', value: '5' }],
		});
		expect(created.status).toBe(201);
		const invoiceId = created.body.id;
		const opened = await control('POST', `/objects/invoices/${invoiceId}/status`, { status: 'open' });
		expect(opened.body.properties).toMatchObject({ hs_invoice_status: 'open', hs_amount_billed: '228.00' });
		const payment = await control('POST', '/objects/commerce_payments', { invoiceId, feesAmount: '6.91', platformFee: '1.14' });
		expect(payment.status).toBe(201);
		expect(payment.body.properties).toMatchObject({ hs_initial_amount: '228.00', hs_currency_code: 'EUR', hs_latest_status: 'succeeded' });
		expect((await control('GET', `/objects/invoices/${invoiceId}`)).body.properties.hs_invoice_status).toBe('paid');
		const refunded = await control('POST', `/objects/commerce_payments/${payment.body.id}/refund`, { amount: '28.00' });
		expect(refunded.body.properties).toMatchObject({ hs_refunds_amount: '28.00', hs_latest_status: 'partially_refunded' });
		const invoice = await control('GET', `/objects/invoices/${invoiceId}`);
		expect(invoice.body.properties.hs_balance_due).toBe('28.00');
		expect(invoice.body.history.hs_invoice_status.map((entry: any) => entry.value)).toEqual(['paid', 'open', 'draft']);
	});

	it('updates any property, sets hs_lastmodifieddate, associates and archives', async () => {
		const contact = await control('POST', '/objects/contacts', { properties: { email: 'a@example.com' } });
		const patched = await control('PATCH', `/objects/contacts/${contact.body.id}`, { properties: { firstname: 'Ada' } });
		expect(patched.body.properties.firstname).toBe('Ada');
		const touched = await control('POST', `/objects/contacts/${contact.body.id}/lastmodified`, { at: '2026-02-01T00:00:00.000Z' });
		expect(touched.body.properties.hs_lastmodifieddate).toBe('2026-02-01T00:00:00.000Z');
		const company = await control('POST', '/objects/companies', { properties: { name: 'Engines' } });
		const linked = await control('POST', `/objects/contacts/${contact.body.id}/associations/companies/${company.body.id}`);
		expect(linked.body.associations.companies).toEqual([company.body.id]);
		expect((await control('DELETE', `/objects/contacts/${contact.body.id}`)).status).toBe(204);
		expect((await call(sim, 'GET', `/crm/v3/objects/contacts/${contact.body.id}`)).status).toBe(404);
	});

	it('answers 400 with a message for impossible actions, and the HubSpot body for invalid properties', async () => {
		const invoice = await control('POST', '/objects/invoices', { currency: 'USD' });
		const refused = await control('POST', `/objects/invoices/${invoice.body.id}/status`, { status: 'open' });
		expect(refused.status).toBe(400);
		expect(refused.body.message).toMatch(/contact/);
		const unknown = await control('PATCH', `/objects/invoices/${invoice.body.id}`, { properties: { nope: 1 } });
		expect(unknown.status).toBe(400);
		expect(unknown.body.category).toBe('VALIDATION_ERROR');
	});

	it('changes the index lag and rate limits at run time', async () => {
		const config = await control('POST', '/config', { indexLagMs: 50, rateLimits: { burstMax: 2 } });
		expect(config.body).toMatchObject({ indexLagMs: 50, rateLimits: { enabled: true, burstMax: 2 } });
		await call(sim, 'GET', '/crm/v3/objects/invoices');
		await call(sim, 'GET', '/crm/v3/objects/invoices');
		expect((await call(sim, 'GET', '/crm/v3/objects/invoices')).status).toBe(429);
		await control('POST', '/config', { indexLagMs: 0, rateLimits: false });
		expect((await call(sim, 'GET', '/crm/v3/objects/invoices')).status).toBe(200);
	});

	it('works with the shared fault injection: a reset after the write committed', async () => {
		const invoice = await control('POST', '/objects/invoices', { currency: 'USD' });
		await control('POST', '/faults', { method: 'PATCH', path: '/crm/v3/objects/invoices/', count: 1, resetAfterCommit: true });
		await expect(call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.body.id}`, { properties: { hs_comments: 'committed' } })).rejects.toThrow();
		expect((await control('GET', `/objects/invoices/${invoice.body.id}`)).body.properties.hs_comments).toBe('committed');
		expect(sim.server.calls(/invoices/, 'PATCH')[0].outcome).toBe('reset');
		await control('POST', '/faults', { path: '/search$', count: 1, status: 502, body: { status: 'error', message: 'Bad gateway' } });
		expect((await call(sim, 'POST', '/crm/v3/objects/invoices/search', {})).status).toBe(502);
		expect((await call(sim, 'POST', '/crm/v3/objects/invoices/search', {})).status).toBe(200);
	});
});
