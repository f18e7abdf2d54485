import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { searchInvoices } from '../../../nodes/HubspotCommerce/methods/listSearch';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { QBO_SYNC_PROPERTY_DEFINITIONS, QBO_SYNC_PROPERTY_GROUP } from '../../../transport/hubspot';
import { callsSince, credentialsFor, lastSeq, runCommerce, untilSearchable } from './helpers';

/** The HubSpot Commerce node through WorkflowExecute, against the simulator over HTTP. */

let sim: HubSpotSimulator;
beforeAll(async () => {
	sim = await startHubSpotSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

let buyer = 0;
function fullInvoice(options: { currency?: string; price?: string; status?: 'draft' | 'open' | 'paid' } = {}) {
	return sim.createInvoice({
		currency: options.currency ?? 'USD',
		status: options.status ?? 'open',
		lineItems: [{ name: 'Widget', price: options.price ?? '100.00', quantity: 2 }, { name: 'Setup', price: '25.00' }],
		contacts: [{ email: `commerce${++buyer}@example.com`, firstname: 'Grace' }],
		companies: [{ name: 'Hopper Inc' }],
		discounts: [{ type: 'FIXED', value: '5.00' }],
		taxes: [{ type: 'PERCENT', value: '10' }],
	});
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('HubSpot Commerce: invoice', () => {
	it('Get, by id, by URL and from the list, with includes read in batches across items', async () => {
		const a = fullInvoice();
		const b = fullInvoice({ status: 'paid' });
		const c = fullInvoice();
		const before = lastSeq(sim);
		const result = await runCommerce(
			credentialsFor(sim),
			{
				resource: 'invoice',
				operation: 'get',
				invoiceId: '={{ $json.locator }}',
				include: ['lineItems', 'contacts', 'discounts', 'taxes', 'payments'],
			},
			[
				{ json: { locator: byId(a.id) } },
				{ json: { locator: { __rl: true, mode: 'url', value: `https://app.hubspot.com/contacts/${sim.portalId}/record/0-53/${b.id}` } } },
				{ json: { locator: { __rl: true, mode: 'list', value: c.id } } },
			],
		);
		const output = result.output('HubSpot');
		expect(output.map((item) => item.json.id)).toEqual([a.id, b.id, c.id]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const first = output[0].json as any;
		expect(first.objectType).toBe('invoice');
		expect(first.properties).toMatchObject({ hs_number: a.number, hs_invoice_status: 'open', hs_amount_billed: '242.00' });
		expect(first.lineItems.map((line: any) => line.properties.name)).toEqual(['Widget', 'Setup']);
		expect(first.taxes[0].properties.hs_value).toBe('10');
		expect((output[1].json as any).payments).toHaveLength(1);
		expect(first.companies).toBeUndefined();
		// Three items, one batch read of invoices, then one association read and one batch read per relation.
		const paths = callsSince(sim, before).map((call) => call.path);
		expect(paths.filter((path) => path === '/crm/v3/objects/invoices/batch/read')).toHaveLength(1);
		expect(paths).toHaveLength(1 + 5 * 2);
	});

	it('Get: a bad id is a clear "not found"; with Continue on Fail it becomes an error item and the rest goes on', async () => {
		const good = fullInvoice();
		const credentials = credentialsFor(sim);
		const failing = await runCommerce(credentials, { resource: 'invoice', operation: 'get', invoiceId: byId('987654321') });
		expect(failing.run.data.resultData.error?.message).toBe('The HubSpot invoice 987654321 was not found');

		const continued = await runCommerce(
			credentials,
			{ resource: 'invoice', operation: 'get', invoiceId: '={{ $json.locator }}' },
			[{ json: { locator: byId('987654321') } }, { json: { locator: byId(good.id) } }, { json: { locator: byId('12ab') } }],
			true,
		);
		const output = continued.output('HubSpot');
		expect(output[0].json).toMatchObject({ error: 'The HubSpot invoice 987654321 was not found', httpCode: '404' });
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json).toMatchObject({ id: good.id, objectType: 'invoice' });
		expect(output[2].json.error).toMatch(/is not a HubSpot invoice ID/);
		expect(output[2].pairedItem).toEqual({ item: 2 });
	});

	it('a bad token: the error says to reconnect the credential', async () => {
		const result = await runCommerce(credentialsFor(sim, 'not-the-token'), { resource: 'invoice', operation: 'get', invoiceId: byId('1') });
		expect(result.run.data.resultData.error?.message).toBe('The HubSpot access token was rejected: reconnect the HubSpot credential');
	});

	it('Search: status, several currencies, amount range, a property condition, sort and limit', async () => {
		const usd = fullInvoice({ currency: 'USD', price: '100.00' });
		const eur = fullInvoice({ currency: 'EUR', price: '300.00' });
		fullInvoice({ currency: 'GBP', price: '100.00' });
		fullInvoice({ currency: 'USD', status: 'draft' });
		fullInvoice({ currency: 'EUR', price: '1.00' });
		await untilSearchable(sim);
		const result = await runCommerce(credentialsFor(sim), {
			resource: 'invoice',
			operation: 'search',
			returnAll: false,
			limit: 10,
			filters: {
				statuses: ['open'],
				currencies: 'usd, EUR',
				amountBilledMin: '200',
				conditions: { condition: [{ property: 'hs_number', operator: 'HAS_PROPERTY' }] },
			},
			sort: { propertyName: 'hs_amount_billed', direction: 'DESCENDING' },
			include: ['lineItems'],
		});
		const output = result.output('HubSpot');
		expect(output.map((item) => item.json.id)).toEqual([eur.id, usd.id]);
		expect((output[0].json as any).lineItems).toHaveLength(2);
	});

	it('Search: Return All pages past 200 results by record id, without the 10,000 cap', async () => {
		const ids = Array.from({ length: 450 }, () => sim.store.create('invoices', { hs_currency: 'JPY' }).id);
		sim.store.create('invoices', { hs_currency: 'USD' });
		const before = lastSeq(sim);
		await untilSearchable(sim);
		const result = await runCommerce(credentialsFor(sim), { resource: 'invoice', operation: 'search', returnAll: true, filters: { currencies: 'JPY' } });
		expect(result.output('HubSpot').map((item) => item.json.id)).toEqual(ids);
		const searches = callsSince(sim, before).filter((call) => call.path.endsWith('/search'));
		expect(searches).toHaveLength(3);
		expect(searches.every((call) => (call.body as { after?: string }).after === undefined)).toBe(true);
	});

	it('Update: sets properties; HubSpot\'s refusal of an unknown property is passed on clearly', async () => {
		const invoice = fullInvoice({ status: 'draft' });
		const credentials = credentialsFor(sim);
		const result = await runCommerce(credentials, {
			resource: 'invoice',
			operation: 'update',
			invoiceId: byId(invoice.id),
			properties: { property: [{ name: 'hs_purchase_order_number', value: 'PO-42' }, { name: 'hs_comments', value: 'Thanks' }] },
		});
		expect(result.output('HubSpot')[0].json).toMatchObject({ id: invoice.id, properties: { hs_purchase_order_number: 'PO-42', hs_comments: 'Thanks' } });
		expect(sim.inspect('invoices', invoice.id)!.properties.hs_purchase_order_number).toBe('PO-42');

		const refused = await runCommerce(credentials, {
			resource: 'invoice',
			operation: 'update',
			invoiceId: byId(invoice.id),
			properties: { property: [{ name: 'no_such_property', value: 'x' }] },
		});
		expect(refused.run.data.resultData.error?.message).toMatch(/^HubSpot rejected the request to update the invoice \d+: Property values were not valid/);

		const missing = await runCommerce(credentials, { resource: 'invoice', operation: 'update', invoiceId: byId('5555'), properties: { property: [{ name: 'hs_comments', value: 'x' }] } });
		expect(missing.run.data.resultData.error?.message).toBe('The HubSpot invoice 5555 was not found');
	});

	it('Get PDF Link: the link of a finalized invoice; a clear error for a draft', async () => {
		const open = fullInvoice();
		sim.updateProperties('invoices', open.id, { hs_pdf_download_link: `https://app.hubspot.com/invoices/pdf/${open.id}`, hs_invoice_link: `https://app.hubspot.com/pay/${open.id}` });
		const draft = fullInvoice({ status: 'draft' });
		const result = await runCommerce(
			credentialsFor(sim),
			{ resource: 'invoice', operation: 'getPdfLink', invoiceId: '={{ $json.locator }}' },
			[{ json: { locator: byId(open.id) } }, { json: { locator: byId(draft.id) } }],
			true,
		);
		const [link, error] = result.output('HubSpot');
		expect(link.json).toEqual({
			objectType: 'invoice',
			id: open.id,
			number: open.number,
			status: 'open',
			pdfDownloadLink: `https://app.hubspot.com/invoices/pdf/${open.id}`,
			invoiceLink: `https://app.hubspot.com/pay/${open.id}`,
		});
		expect(error.json.error).toBe(`The HubSpot invoice ${draft.id} has no PDF link yet`);
	});

	it('the invoice picker lists invoices and finds one by number', async () => {
		const a = fullInvoice();
		const b = fullInvoice();
		const context = {
			getNode: () => ({ id: 'x', name: 'HubSpot', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () => ({ accessToken: sim.token, useCustomBaseUrl: true, baseUrl: sim.url }),
		} as unknown as ILoadOptionsFunctions;
		await untilSearchable(sim);
		const all = await searchInvoices.call(context);
		expect(all.results.map((result) => result.value).sort()).toEqual([a.id, b.id].sort());
		expect(all.results[0].name).toMatch(/^INV-\d+ · open · /);
		const found = await searchInvoices.call(context, b.number);
		expect(found.results.map((result) => result.value)).toEqual([b.id]);
	});
});

describe('HubSpot Commerce: payment', () => {
	it('Get with its invoice; a bad id is "not found"', async () => {
		const invoice = fullInvoice();
		const payment = sim.recordPayment({ invoiceId: invoice.id, feesAmount: '7.43', platformFee: '1.24' });
		const credentials = credentialsFor(sim);
		const result = await runCommerce(credentials, { resource: 'payment', operation: 'get', paymentId: payment.id, include: ['invoice', 'contacts'] });
		const json = result.output('HubSpot')[0].json as any;
		expect(json).toMatchObject({ objectType: 'payment', id: payment.id, properties: { hs_fees_amount: '7.43', hs_platform_fee: '1.24', hs_latest_status: 'succeeded' } });
		expect(json.invoice).toMatchObject({ id: invoice.id, properties: { hs_number: invoice.number } });
		expect(json.contacts).toHaveLength(1);

		const missing = await runCommerce(credentials, { resource: 'payment', operation: 'get', paymentId: '777' });
		expect(missing.run.data.resultData.error?.message).toBe('The HubSpot payment 777 was not found');
	});

	it('Search: the succeeded payments of a period (hs_initiated_date), e.g. to book their fees', async () => {
		const january = Date.UTC(2026, 0, 10);
		const inJanuary = [
			sim.recordPayment({ amount: '100.00', feesAmount: '3.20', initiatedAt: january }),
			sim.recordPayment({ amount: '50.00', feesAmount: '1.75', initiatedAt: Date.UTC(2026, 0, 31, 23, 59) }),
		];
		sim.recordPayment({ amount: '10.00', initiatedAt: Date.UTC(2026, 1, 1) });
		sim.recordPayment({ amount: '10.00', initiatedAt: Date.UTC(2025, 11, 31, 23, 59) });
		sim.recordPayment({ amount: '20.00', initiatedAt: january, status: 'failed' });
		await untilSearchable(sim);
		const result = await runCommerce(credentialsFor(sim), {
			resource: 'payment',
			operation: 'search',
			returnAll: true,
			filters: { statuses: ['succeeded', 'partially_refunded', 'refunded'], initiatedFrom: '2026-01-01T00:00:00Z', initiatedTo: '2026-02-01T00:00:00Z' },
		});
		const output = result.output('HubSpot');
		expect(output.map((item) => item.json.id).sort()).toEqual(inJanuary.map((payment) => payment.id).sort());
		expect(output.map((item) => (item.json as any).properties.hs_fees_amount).sort()).toEqual(['1.75', '3.20']);
	});

	it('Search: by processor type and several source apps', async () => {
		const checkout = sim.recordPayment({ amount: '10.00', sourceApp: 'SALES_CHECKOUT', processorType: 'byo_stripe' });
		const quote = sim.recordPayment({ amount: '11.00', sourceApp: 'QUOTE', processorType: 'byo_stripe' });
		sim.recordPayment({ amount: '12.00', sourceApp: 'QUOTE', processorType: 'quickbooks' });
		sim.recordPayment({ amount: '13.00', sourceApp: 'SUBSCRIPTION', processorType: 'byo_stripe' });
		await untilSearchable(sim);
		const result = await runCommerce(credentialsFor(sim), {
			resource: 'payment',
			operation: 'search',
			returnAll: true,
			filters: { processorTypes: ['byo_stripe'], sourceApps: ['SALES_CHECKOUT', 'QUOTE'] },
		});
		expect(result.output('HubSpot').map((item) => item.json.id).sort()).toEqual([checkout.id, quote.id].sort());
	});
});

describe('HubSpot Commerce: setup', () => {
	it('creates the sync properties in their own group, then keeps them on a second run', async () => {
		const credentials = credentialsFor(sim);
		const first = await runCommerce(credentials, { resource: 'setup', operation: 'createSyncProperties' }, [{ json: {} }, { json: {} }]);
		const names = QBO_SYNC_PROPERTY_DEFINITIONS.map((definition) => definition.name);
		expect(first.output('HubSpot')).toEqual([{ json: { group: { name: 'quickbooks_sync', created: true }, created: names, existing: [] }, pairedItem: { item: 0 } }]);
		for (const name of names) expect(sim.store.propertyDefinition('invoices', name)?.groupName).toBe(QBO_SYNC_PROPERTY_GROUP.name);
		expect(sim.store.propertyDefinition('invoices', 'qbo_sync_status')!.options.map((option) => option.value)).toEqual(['synced', 'failed', 'skipped', 'voided']);
		expect(sim.store.propertyDefinition('invoices', 'qbo_last_synced_at')!.type).toBe('datetime');

		const second = await runCommerce(credentials, { resource: 'setup', operation: 'createSyncProperties' });
		expect(second.output('HubSpot')[0].json).toEqual({ group: { name: 'quickbooks_sync', created: false }, created: [], existing: names });
	});

	it('keeps a group and a property the user made already, and creates the rest', async () => {
		const post = (path: string, body: unknown) =>
			fetch(`${sim.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect((await post('/crm/v3/properties/invoices/groups', { name: 'quickbooks_sync', label: 'Our QuickBooks fields' })).status).toBe(201);
		expect((await post('/crm/v3/properties/invoices', { name: 'qbo_invoice_id', label: 'QBO #', type: 'string', fieldType: 'text', groupName: 'quickbooks_sync' })).status).toBe(201);
		const result = await runCommerce(credentialsFor(sim), { resource: 'setup', operation: 'createSyncProperties' });
		const names = QBO_SYNC_PROPERTY_DEFINITIONS.map((definition) => definition.name);
		expect(result.output('HubSpot')[0].json).toEqual({ group: { name: 'quickbooks_sync', created: false }, created: names.filter((name) => name !== 'qbo_invoice_id'), existing: ['qbo_invoice_id'] });
		expect(sim.store.propertyDefinition('invoices', 'qbo_invoice_id')!.label).toBe('QBO #');
	});
});
