import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects';
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';

/** The simulator driven by @hubspot/api-client 13.5.0 as shipped (hubspot.md §7.1: basePath for a local mock). */

let sim: HubSpotSimulator;
let client: Client;

beforeAll(async () => {
	sim = await startHubSpotSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
	client = new Client({ accessToken: sim.token, basePath: sim.url, numberOfApiCallRetries: 0 });
});

function paidInvoice() {
	return sim.createInvoice({
		currency: 'USD',
		lineItems: [{ name: 'Widget', price: '40.00', quantity: 2 }, { name: 'Setup', price: '25.00' }],
		contacts: [{ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' }],
		companies: [{ name: 'Analytical Engines Ltd', domain: 'engines.example.com' }],
		taxes: [{ type: 'PERCENT', value: '10' }],
		status: 'paid',
		payment: { feesAmount: '3.65', platformFee: '0.58' },
	});
}

describe('@hubspot/api-client against the simulator', () => {
	it('reads the portal id the way a credential test does', async () => {
		const response = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
		expect(response.status).toBe(200);
		expect(((await response.json()) as { portalId: number }).portalId).toBe(sim.portalId);
	});

	it('crm.objects.basicApi.getById with properties, history and associations', async () => {
		const invoice = paidInvoice();
		const record = await client.crm.objects.basicApi.getById('invoices', invoice.id, ['hs_number', 'hs_amount_billed', 'hs_balance_due', 'hs_invoice_status'], ['hs_invoice_status'], ['line_items', 'contacts']);
		expect(record.id).toBe(invoice.id);
		expect(record.properties).toMatchObject({ hs_number: invoice.number, hs_amount_billed: '115.50', hs_balance_due: '0.00', hs_invoice_status: 'paid' });
		expect(record.createdAt).toBeInstanceOf(Date);
		expect(record.propertiesWithHistory!.hs_invoice_status.map((entry) => entry.value)).toEqual(['paid', 'open', 'draft']);
		expect(record.propertiesWithHistory!.hs_invoice_status[0].timestamp).toBeInstanceOf(Date);
		expect(record.associations!['line items'].results.map((association) => association.id)).toEqual(invoice.lineItemIds);
		expect(record.associations!.contacts.results[0]).toMatchObject({ id: invoice.contactIds[0], type: 'invoice_to_contact' });
	});

	it('the dedicated invoices client (hubspot.md §7.2) reaches the same paths', async () => {
		const invoice = paidInvoice();
		const record = await client.crm.commerce.invoices.basicApi.getById(invoice.id, ['hs_currency']);
		expect(record.properties.hs_currency).toBe('USD');
	});

	it('crm.objects.searchApi.doSearch pages through invoices', async () => {
		const ids = Array.from({ length: 5 }, () => paidInvoice().id);
		const first = await client.crm.objects.searchApi.doSearch('invoices', {
			filterGroups: [{ filters: [{ propertyName: 'hs_invoice_status', operator: FilterOperatorEnum.Eq, value: 'paid' }] }],
			sorts: ['hs_object_id'],
			properties: ['hs_number', 'hs_amount_billed'],
			limit: 3,
			after: '0',
		});
		expect(first.total).toBe(5);
		expect(first.results.map((record) => record.id)).toEqual(ids.slice(0, 3));
		expect(first.paging?.next?.after).toBe('3');
		const second = await client.crm.objects.searchApi.doSearch('invoices', {
			filterGroups: [{ filters: [{ propertyName: 'hs_invoice_status', operator: FilterOperatorEnum.Eq, value: 'paid' }] }],
			sorts: ['hs_object_id'],
			properties: ['hs_number'],
			limit: 3,
			after: first.paging!.next!.after,
		});
		expect(second.results.map((record) => record.id)).toEqual(ids.slice(3));
		expect(second.paging).toBeUndefined();
	});

	it('crm.objects.batchApi.read with propertiesWithHistory', async () => {
		const invoice = paidInvoice();
		const batch = await client.crm.objects.batchApi.read('invoices', { inputs: [{ id: invoice.id }], properties: ['hs_balance_due'], propertiesWithHistory: ['hs_invoice_status'] });
		expect(batch.status).toBe('COMPLETE');
		expect(batch.results[0].properties.hs_balance_due).toBe('0.00');
		expect(batch.results[0].propertiesWithHistory!.hs_invoice_status).toHaveLength(3);
	});

	it('crm.properties.coreApi.create, then basicApi.update writes the new property', async () => {
		const property = await client.crm.properties.coreApi.create('invoices', {
			name: 'qbo_invoice_id',
			label: 'QuickBooks invoice id',
			type: PropertyCreateTypeEnum.String,
			fieldType: PropertyCreateFieldTypeEnum.Text,
			groupName: 'invoiceinformation',
		});
		expect(property).toMatchObject({ name: 'qbo_invoice_id', hubspotDefined: false });
		const invoice = paidInvoice();
		const updated = await client.crm.objects.basicApi.update('invoices', invoice.id, { properties: { qbo_invoice_id: '1042' } });
		expect(updated.properties.qbo_invoice_id).toBe('1042');
		const again = client.crm.properties.coreApi.create('invoices', {
			name: 'qbo_invoice_id',
			label: 'QuickBooks invoice id',
			type: PropertyCreateTypeEnum.String,
			fieldType: PropertyCreateFieldTypeEnum.Text,
			groupName: 'invoiceinformation',
		});
		await expect(again).rejects.toMatchObject({ code: 409, body: { category: 'OBJECT_ALREADY_EXISTS' } });
	});

	it('crm.associations.v4.batchApi.getPage reads line items and payments of invoices', async () => {
		const first = paidInvoice();
		const second = paidInvoice();
		const lines = await client.crm.associations.v4.batchApi.getPage('invoices', 'line_items', { inputs: [{ id: first.id }, { id: second.id }] });
		expect(lines.results.map((result) => [result._from.id, result.to.map((to) => String(to.toObjectId))])).toEqual([
			[first.id, first.lineItemIds],
			[second.id, second.lineItemIds],
		]);
		expect(lines.results[0].to[0].associationTypes[0]).toMatchObject({ category: 'HUBSPOT_DEFINED', typeId: 409 });
		const payments = await client.crm.associations.v4.batchApi.getPage('commerce_payments', 'invoices', { inputs: [{ id: first.paymentIds[0] }] });
		expect(payments.results[0].to[0]).toMatchObject({ toObjectId: Number(first.id), associationTypes: [{ typeId: 542 }] });
	});

	it('surfaces HubSpot errors as ApiException with code and body', async () => {
		const invoice = paidInvoice();
		await expect(client.crm.objects.basicApi.getById('invoices', '999999')).rejects.toMatchObject({ code: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND' } });
		await expect(client.crm.objects.basicApi.update('invoices', invoice.id, { properties: { not_a_property: 'x' } })).rejects.toMatchObject({
			code: 400,
			body: { category: 'VALIDATION_ERROR', errors: [{ code: 'PROPERTY_DOESNT_EXIST' }] },
		});
		const stranger = new Client({ accessToken: `${sim.token}-revoked`, basePath: sim.url, numberOfApiCallRetries: 0 });
		await expect(stranger.crm.objects.basicApi.getPage('invoices')).rejects.toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });
	});

	it('gives the retry decorator the 429 bodies it looks for (hubspot.md §7.3)', async () => {
		sim.setRateLimits({ searchPerSecond: 1 });
		await client.crm.objects.searchApi.doSearch('invoices', { limit: 1 });
		await expect(client.crm.objects.searchApi.doSearch('invoices', { limit: 1 })).rejects.toMatchObject({
			code: 429,
			body: { message: 'You have reached your secondly limit.', policyName: 'SECONDLY' },
		});
		sim.setRateLimits({ burstMax: 1 });
		await client.crm.objects.basicApi.getPage('invoices', 1);
		await expect(client.crm.objects.basicApi.getPage('invoices', 1)).rejects.toMatchObject({ code: 429, body: { policyName: 'TEN_SECONDLY_ROLLING' } });
	});
});
