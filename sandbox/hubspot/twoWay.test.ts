import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call } from './testing';

/** What the QuickBooks → HubSpot direction relies on: unique properties, creates with associations, payments that pay. */

let sim: HubSpotSimulator;
beforeAll(async () => {
	sim = await startHubSpotSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

async function uniqueProperty(objectType: string, name: string) {
	const group = await call(sim, 'POST', `/crm/v3/properties/${objectType}/groups`, { name: 'quickbooks_sync', label: 'QuickBooks sync' });
	expect([201, 409]).toContain(group.status);
	const created = await call(sim, 'POST', `/crm/v3/properties/${objectType}`, { name, label: name, type: 'string', fieldType: 'text', groupName: 'quickbooks_sync', hasUniqueValue: true });
	expect(created.status).toBe(201);
}

describe('unique property values (properties guide: hasUniqueValue)', () => {
	it('a second record with the value is refused with 409; the record is read by it at once (idProperty)', async () => {
		await uniqueProperty('invoices', 'qbo_origin_invoice_id');
		const first = await call(sim, 'POST', '/crm/v3/objects/invoices', { properties: { hs_currency: 'USD', qbo_origin_invoice_id: '42' } });
		expect(first.status).toBe(201);
		const second = await call(sim, 'POST', '/crm/v3/objects/invoices', { properties: { hs_currency: 'USD', qbo_origin_invoice_id: '42' } });
		expect(second.status).toBe(409);
		expect(second.body).toMatchObject({ status: 'error', category: 'CONFLICT' });
		expect(second.body.message).toContain(`Existing ID: ${first.body.id}`);
		const byMarker = await call(sim, 'GET', '/crm/v3/objects/invoices/42?idProperty=qbo_origin_invoice_id');
		expect(byMarker.body.id).toBe(first.body.id);
		// Another record may not take it by update either; the record itself may write it again.
		const other = await call(sim, 'POST', '/crm/v3/objects/invoices', { properties: { hs_currency: 'USD' } });
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${other.body.id}`, { properties: { qbo_origin_invoice_id: '42' } })).status).toBe(409);
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${first.body.id}`, { properties: { qbo_origin_invoice_id: '42' } })).status).toBe(200);
	});

	it("contacts' email is unique: a second create with it is a 409", async () => {
		expect((await call(sim, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'ap@acme.example' } })).status).toBe(201);
		expect((await call(sim, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'ap@acme.example' } })).status).toBe(409);
	});
});

describe('payments recorded from an external system (commerce payments guide: "associate completed payment records with invoices to mark them as paid")', () => {
	it('a succeeded payment created with its invoice association lowers the balance; the rest makes the invoice paid', async () => {
		const contact = await call(sim, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'buyer@example.com' } });
		const invoice = await call(sim, 'POST', '/crm/v3/objects/invoices', { properties: { hs_currency: 'USD' }, associations: [{ to: { id: contact.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 177 }] }] });
		await call(sim, 'POST', '/crm/v3/objects/line_items', { properties: { name: 'Work', quantity: '2', price: '50.00' }, associations: [{ to: { id: invoice.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 410 }] }] });
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.body.id}`, { properties: { hs_invoice_status: 'open' } })).status).toBe(200);
		const pay = (amount: string) =>
			call(sim, 'POST', '/crm/v3/objects/commerce_payments', {
				properties: { hs_initial_amount: amount, hs_initiated_date: '2026-10-20T00:00:00.000Z', hs_currency_code: 'USD', hs_processor_type: 'quickbooks', hs_latest_status: 'succeeded' },
				associations: [{ to: { id: invoice.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 542 }] }],
			});
		expect((await pay('40.00')).status).toBe(201);
		expect(sim.inspect('invoices', invoice.body.id)!.properties).toMatchObject({ hs_invoice_status: 'open', hs_amount_billed: '100.00', hs_balance_due: '60.00' });
		expect((await pay('60.00')).status).toBe(201);
		expect(sim.inspect('invoices', invoice.body.id)!.properties).toMatchObject({ hs_invoice_status: 'paid', hs_balance_due: '0.00' });
		// Writing the status instead is refused (invoices guide: "Recording payments manually is not possible via the API").
		const other = await call(sim, 'POST', '/crm/v3/objects/invoices', { properties: { hs_currency: 'USD' } });
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${other.body.id}`, { properties: { hs_invoice_status: 'paid' } })).status).toBe(400);
	});
});
