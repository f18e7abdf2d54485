import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call, simpleInvoice } from './testing';

let sim: HubSpotSimulator;

beforeAll(async () => {
	sim = await startHubSpotSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

function expectHubSpotError(body: any, category: string) {
	expect(body).toMatchObject({ status: 'error', category });
	expect(typeof body.message).toBe('string');
	expect(typeof body.correlationId).toBe('string');
}

describe('authentication (hubspot.md §7.1: Bearer token)', () => {
	it('401 INVALID_AUTHENTICATION without a token', async () => {
		const response = await call(sim, 'GET', '/crm/v3/objects/invoices', undefined, { token: null });
		expect(response.status).toBe(401);
		expectHubSpotError(response.body, 'INVALID_AUTHENTICATION');
		expect(response.body.message).toMatch(/^Authentication credentials not found/);
	});

	it('401 with a wrong token', async () => {
		const response = await call(sim, 'GET', '/account-info/v3/details', undefined, { token: 'pat-na1-wrong' });
		expect(response.status).toBe(401);
		expectHubSpotError(response.body, 'INVALID_AUTHENTICATION');
	});

	it('answers the credential test call with the portal id', async () => {
		const response = await call(sim, 'GET', '/account-info/v3/details');
		expect(response.status).toBe(200);
		expect(response.body.portalId).toBe(sim.portalId);
	});
});

describe('get by id (hubspot.md §1.2)', () => {
	it('returns the default properties and ISO timestamps', async () => {
		const invoice = simpleInvoice(sim);
		const response = await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}`);
		expect(response.status).toBe(200);
		expect(Object.keys(response.body.properties).sort()).toEqual(['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id']);
		expect(response.body).toMatchObject({ id: invoice.id, archived: false });
		expect(response.body.updatedAt).toBe(response.body.properties.hs_lastmodifieddate);
		expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
	});

	it('accepts the object type id and the singular name in paths', async () => {
		const invoice = simpleInvoice(sim);
		for (const type of ['0-53', 'invoice', 'INVOICES']) {
			expect((await call(sim, 'GET', `/crm/v3/objects/${type}/${invoice.id}`)).status).toBe(200);
		}
		const unknown = await call(sim, 'GET', `/crm/v3/objects/widgets/${invoice.id}`);
		expect(unknown.status).toBe(400);
		expect(unknown.body.message).toBe('Unable to infer object type from: widgets');
	});

	it('404 OBJECT_NOT_FOUND for a missing record, and for a record of another type', async () => {
		const invoice = simpleInvoice(sim);
		const missing = await call(sim, 'GET', '/crm/v3/objects/invoices/999999999');
		expect(missing.status).toBe(404);
		expectHubSpotError(missing.body, 'OBJECT_NOT_FOUND');
		const wrongType = await call(sim, 'GET', `/crm/v3/objects/commerce_payments/${invoice.id}`);
		expect(wrongType.status).toBe(404);
	});

	it('returns asked-for properties (repeated or comma separated), null when empty, unknown names left out', async () => {
		const invoice = simpleInvoice(sim);
		const response = await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}?properties=hs_number,hs_currency&properties=hs_purchase_order_number&properties=no_such_property`);
		expect(response.body.properties).toMatchObject({ hs_number: invoice.number, hs_currency: 'USD', hs_purchase_order_number: null });
		expect('no_such_property' in response.body.properties).toBe(false);
	});

	it('returns v3 associations with their type names', async () => {
		const invoice = simpleInvoice(sim, [{ price: '10.00' }, { price: '20.00' }]);
		const response = await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}?associations=line_items,contacts,commerce_payments`);
		expect(response.body.associations['line items'].results).toEqual(invoice.lineItemIds.map((id) => ({ id, type: 'invoice_to_line_item' })));
		expect(response.body.associations.contacts.results).toEqual([{ id: invoice.contactIds[0], type: 'invoice_to_contact' }]);
		expect(response.body.associations.commerce_payments).toBeUndefined();
	});

	it('finds a record by a unique idProperty, and refuses a non-unique one', async () => {
		const invoice = simpleInvoice(sim);
		const byNumber = await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.number}?idProperty=hs_number`);
		expect(byNumber.body.id).toBe(invoice.id);
		const notUnique = await call(sim, 'GET', `/crm/v3/objects/invoices/USD?idProperty=hs_currency`);
		expect(notUnique.status).toBe(400);
	});

	it('archived records answer only with archived=true', async () => {
		const invoice = simpleInvoice(sim);
		expect((await call(sim, 'DELETE', `/crm/v3/objects/invoices/${invoice.id}`)).status).toBe(204);
		expect((await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}`)).status).toBe(404);
		const archived = await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}?archived=true`);
		expect(archived.body).toMatchObject({ id: invoice.id, archived: true });
		expect(archived.body.archivedAt).toBeDefined();
	});
});

describe('list (hubspot.md §1.2: limit up to 100)', () => {
	it('pages with after and stops when done', async () => {
		for (let index = 0; index < 5; index += 1) sim.createObject('contacts', { email: `c${index}@example.com` });
		const first = await call(sim, 'GET', '/crm/v3/objects/contacts?limit=3&properties=email');
		expect(first.body.results).toHaveLength(3);
		expect(first.body.results[0].properties.email).toBe('c0@example.com');
		const second = await call(sim, 'GET', `/crm/v3/objects/contacts?limit=3&after=${first.body.paging.next.after}`);
		expect(second.body.results.map((record: any) => record.properties.email)).toEqual(['c3@example.com', 'c4@example.com']);
		expect(second.body.paging).toBeUndefined();
	});

	it('400 for a limit above 100', async () => {
		const response = await call(sim, 'GET', '/crm/v3/objects/contacts?limit=101');
		expect(response.status).toBe(400);
		expectHubSpotError(response.body, 'VALIDATION_ERROR');
	});
});

describe('update (PATCH) rejections', () => {
	it('400 VALIDATION_ERROR PROPERTY_DOESNT_EXIST for an unknown property (hubspot.md §5.2 error shape)', async () => {
		const invoice = simpleInvoice(sim);
		const response = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { qbo_invoice_id: '42' } });
		expect(response.status).toBe(400);
		expectHubSpotError(response.body, 'VALIDATION_ERROR');
		expect(response.body.message).toMatch(/^Property values were not valid: /);
		expect(JSON.parse(response.body.message.replace('Property values were not valid: ', ''))[0]).toMatchObject({ error: 'PROPERTY_DOESNT_EXIST', name: 'qbo_invoice_id' });
		expect(response.body.errors).toEqual([{ message: 'Property "qbo_invoice_id" does not exist', code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: ['qbo_invoice_id'] } }]);
	});

	it('400 READ_ONLY_VALUE for calculated invoice amounts (hubspot.md §1.4) and payment read-only fields (§2.3)', async () => {
		const invoice = simpleInvoice(sim);
		const amounts = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_balance_due: '0.00' } });
		expect(amounts.status).toBe(400);
		expect(amounts.body.errors[0].code).toBe('READ_ONLY_VALUE');
		const payment = sim.recordPayment({ amount: '10.00', processorType: 'none' });
		const platformFee = await call(sim, 'PATCH', `/crm/v3/objects/commerce_payments/${payment.id}`, { properties: { hs_platform_fee: '1.00' } });
		expect(platformFee.status).toBe(400);
		expect(platformFee.body.errors[0]).toMatchObject({ code: 'READ_ONLY_VALUE', context: { propertyName: ['hs_platform_fee'] } });
	});

	it('400 INVALID_OPTION: enumeration values are exact, case included (hubspot.md §1.4, §4.1)', async () => {
		const invoice = simpleInvoice(sim);
		const response = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_invoice_status: 'Open' } });
		expect(response.status).toBe(400);
		expect(response.body.errors[0].code).toBe('INVALID_OPTION');
	});

	it('400 for values that do not fit the property type', async () => {
		const invoice = simpleInvoice(sim);
		const date = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_due_date: 'next tuesday' } });
		expect(date.body.errors[0].code).toBe('INVALID_DATE');
		const bool = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_allow_partial_payments: 'yes' } });
		expect(bool.body.errors[0].code).toBe('INVALID_BOOLEAN');
		const line = await call(sim, 'PATCH', `/crm/v3/objects/line_items/${invoice.lineItemIds[0]}`, { properties: { quantity: 'two' } });
		expect(line.body.errors[0].code).toBe('INVALID_DECIMAL');
	});

	it('400 when the body has no properties object', async () => {
		const invoice = simpleInvoice(sim);
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { hs_comments: 'x' })).status).toBe(400);
	});

	it('accepts ISO and epoch-ms datetimes and returns ISO (hubspot.md §1.4)', async () => {
		const invoice = simpleInvoice(sim);
		const epoch = Date.UTC(2026, 2, 1);
		const response = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_due_date: String(epoch), hs_purchase_order_number: 'PO-7' } });
		expect(response.status).toBe(200);
		expect(response.body.properties).toMatchObject({ hs_due_date: '2026-03-01T00:00:00.000Z', hs_purchase_order_number: 'PO-7' });
	});

	it('refuses to mark an invoice paid by writing its status (hubspot.md §1.3)', async () => {
		const invoice = simpleInvoice(sim);
		sim.setInvoiceStatus(invoice.id, 'open');
		const response = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_invoice_status: 'paid' } });
		expect(response.status).toBe(400);
		expectHubSpotError(response.body, 'VALIDATION_ERROR');
	});

	it('refuses to open an invoice without a contact and a line item (hubspot.md §1.3)', async () => {
		const bare = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '5.00' }] });
		const response = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${bare.id}`, { properties: { hs_invoice_status: 'open' } });
		expect(response.status).toBe(400);
		expect(response.body.message).toMatch(/one contact and at least one line item/);
		const ready = simpleInvoice(sim);
		const opened = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${ready.id}`, { properties: { hs_invoice_status: 'open' } });
		expect(opened.status).toBe(200);
		expect(opened.body.properties.hs_invoice_status).toBe('open');
	});

	it('refuses HubSpot-defined edits once a payment was made, but keeps custom properties writable (hubspot.md §1.3)', async () => {
		await call(sim, 'POST', '/crm/v3/properties/invoices', { name: 'qbo_sync_status', label: 'QBO sync status', type: 'string', fieldType: 'text', groupName: 'invoiceinformation' });
		const invoice = simpleInvoice(sim);
		sim.setInvoiceStatus(invoice.id, 'open');
		sim.recordPayment({ invoiceId: invoice.id, amount: '40.00' });
		const locked = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_due_date: '2026-05-01T00:00:00Z' } });
		expect(locked.status).toBe(400);
		const custom = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { qbo_sync_status: 'synced' } });
		expect(custom.status).toBe(200);
	});

	it('refuses changes to payments processed through Commerce Hub (hubspot.md §2.1)', async () => {
		const payment = sim.recordPayment({ amount: '10.00', processorType: 'hs_payments' });
		const response = await call(sim, 'PATCH', `/crm/v3/objects/commerce_payments/${payment.id}`, { properties: { hs_internal_comment: 'x' } });
		expect(response.status).toBe(400);
		const external = sim.recordPayment({ amount: '10.00', processorType: 'none' });
		expect((await call(sim, 'PATCH', `/crm/v3/objects/commerce_payments/${external.id}`, { properties: { hs_internal_comment: 'x' } })).status).toBe(200);
	});

	it('refuses a negative unit price (hubspot.md §3.1) and a percentage outside 0–100 (§3.2)', async () => {
		const invoice = simpleInvoice(sim);
		expect((await call(sim, 'PATCH', `/crm/v3/objects/line_items/${invoice.lineItemIds[0]}`, { properties: { price: '-1.00' } })).status).toBe(400);
		const discount = await call(sim, 'POST', '/crm/v3/objects/discounts', { properties: { hs_label: 'Too much', hs_type: 'PERCENT', hs_value: '150' } });
		expect(discount.status).toBe(400);
	});

	it('404 when updating a missing record', async () => {
		const response = await call(sim, 'PATCH', '/crm/v3/objects/invoices/424242', { properties: { hs_comments: 'x' } });
		expect(response.status).toBe(404);
		expectHubSpotError(response.body, 'OBJECT_NOT_FOUND');
	});
});

describe('create and delete', () => {
	it('400 without hs_currency, the one property a draft invoice needs (hubspot.md §1.3)', async () => {
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices', { properties: { hs_comments: 'no currency' } });
		expect(response.status).toBe(400);
		expect(response.body.errors[0]).toMatchObject({ code: 'REQUIRED_PROPERTY', context: { propertyName: ['hs_currency'] } });
	});

	it('400 for a payment without hs_initial_amount and hs_initiated_date (hubspot.md §2.1)', async () => {
		const response = await call(sim, 'POST', '/crm/v3/objects/commerce_payments', { properties: { hs_currency_code: 'USD' } });
		expect(response.status).toBe(400);
		expect(response.body.errors.map((error: any) => error.context.propertyName[0]).sort()).toEqual(['hs_initial_amount', 'hs_initiated_date']);
	});

	it('creates a draft invoice with inline associations (hubspot.md §1.3, type 177) and a number', async () => {
		const contact = sim.createObject('contacts', { email: 'inline@example.com' });
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices', {
			properties: { hs_currency: 'EUR' },
			associations: [{ to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 177 }] }],
		});
		expect(response.status).toBe(201);
		const stored = sim.inspect('invoices', response.body.id)!;
		expect(stored.properties).toMatchObject({ hs_invoice_status: 'draft', hs_currency: 'EUR', hs_amount_billed: '0.00' });
		expect(stored.properties.hs_number).toMatch(/^INV-\d+$/);
		expect(stored.associations.contacts).toEqual([contact.id]);
	});

	it('refuses an association type id that does not start at the object (hubspot.md §1.5)', async () => {
		const contact = sim.createObject('contacts', { email: 'x@example.com' });
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices', {
			properties: { hs_currency: 'USD' },
			associations: [{ to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 178 }] }],
		});
		expect(response.status).toBe(400);
	});

	it('deletes only draft and open invoices (hubspot.md §1.3)', async () => {
		const invoice = simpleInvoice(sim);
		sim.setInvoiceStatus(invoice.id, 'paid');
		expect((await call(sim, 'DELETE', `/crm/v3/objects/invoices/${invoice.id}`)).status).toBe(400);
	});
});

describe('batch read (hubspot.md §1.2: ≤100 inputs, no associations)', () => {
	it('reads in input order with properties and propertiesWithHistory', async () => {
		const first = simpleInvoice(sim);
		const second = simpleInvoice(sim);
		sim.setInvoiceStatus(second.id, 'open');
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/read', {
			inputs: [{ id: second.id }, { id: first.id }],
			properties: ['hs_invoice_status'],
			propertiesWithHistory: ['hs_invoice_status'],
		});
		expect(response.status).toBe(200);
		expect(response.body.status).toBe('COMPLETE');
		expect(response.body.results.map((record: any) => record.id)).toEqual([second.id, first.id]);
		expect(response.body.results[0].propertiesWithHistory.hs_invoice_status.map((entry: any) => entry.value)).toEqual(['open', 'draft']);
	});

	it('207 with OBJECT_NOT_FOUND for missing ids', async () => {
		const invoice = simpleInvoice(sim);
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/read', { inputs: [{ id: invoice.id }, { id: '31337' }], properties: [] });
		expect(response.status).toBe(207);
		expect(response.body.results).toHaveLength(1);
		expect(response.body.numErrors).toBe(1);
		expect(response.body.errors[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['31337'] } });
	});

	it('400 above 100 inputs', async () => {
		const inputs = Array.from({ length: 101 }, (_, index) => ({ id: String(index + 1) }));
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/read', { inputs, properties: [] });
		expect(response.status).toBe(400);
		expectHubSpotError(response.body, 'VALIDATION_ERROR');
	});
});

describe('batch update (hubspot.md §1.2: ≤100 inputs)', () => {
	it('updates every input', async () => {
		await call(sim, 'POST', '/crm/v3/properties/invoices', { name: 'qbo_invoice_id', label: 'QBO id', type: 'string', fieldType: 'text', groupName: 'invoiceinformation' });
		const first = simpleInvoice(sim);
		const second = simpleInvoice(sim);
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/update', {
			inputs: [{ id: first.id, properties: { qbo_invoice_id: '101' } }, { id: second.id, properties: { qbo_invoice_id: '102' } }],
		});
		expect(response.status).toBe(200);
		expect(sim.inspect('invoices', second.id)!.properties.qbo_invoice_id).toBe('102');
	});

	it('writes nothing when one input is invalid', async () => {
		const first = simpleInvoice(sim);
		const second = simpleInvoice(sim);
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/update', {
			inputs: [{ id: first.id, properties: { hs_comments: 'ok' } }, { id: second.id, properties: { nope: '1' } }],
		});
		expect(response.status).toBe(400);
		expect(sim.inspect('invoices', first.id)!.properties.hs_comments).toBeUndefined();
	});

	it('400 for duplicate ids and above 100 inputs', async () => {
		const invoice = simpleInvoice(sim);
		const duplicate = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/update', {
			inputs: [{ id: invoice.id, properties: { hs_comments: 'a' } }, { id: invoice.id, properties: { hs_comments: 'b' } }],
		});
		expect(duplicate.status).toBe(400);
		expect(duplicate.body.message).toMatch(/Duplicate IDs/);
		const tooMany = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/update', {
			inputs: Array.from({ length: 101 }, (_, index) => ({ id: String(index), properties: { hs_comments: 'x' } })),
		});
		expect(tooMany.status).toBe(400);
	});
});

describe('associations v4 (hubspot.md §1.5, §2.5)', () => {
	it('batch reads associations with HUBSPOT_DEFINED type ids', async () => {
		const invoice = simpleInvoice(sim, [{ price: '1.00' }, { price: '2.00' }]);
		const response = await call(sim, 'POST', '/crm/v4/associations/invoices/line_items/batch/read', { inputs: [{ id: invoice.id }] });
		expect(response.status).toBe(200);
		expect(response.body.results).toEqual([
			{
				from: { id: invoice.id },
				to: invoice.lineItemIds.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 409, label: null }] })),
			},
		]);
	});

	it('uses the documented type ids in both directions', async () => {
		const invoice = simpleInvoice(sim);
		sim.setInvoiceStatus(invoice.id, 'open');
		const payment = sim.recordPayment({ invoiceId: invoice.id, amount: '10.00' });
		const expectations: Array<[string, string, string, number]> = [
			['invoices', invoice.id, 'contacts', 177],
			['contacts', invoice.contactIds[0], 'invoices', 178],
			['invoices', invoice.id, 'commerce_payments', 541],
			['commerce_payments', payment.id, 'invoices', 542],
			['commerce_payments', payment.id, 'contacts', 387],
		];
		for (const [from, id, to, typeId] of expectations) {
			const response = await call(sim, 'GET', `/crm/v4/objects/${from}/${id}/associations/${to}`);
			expect(response.body.results[0].associationTypes[0].typeId).toBe(typeId);
		}
	});

	it('207 with an error for inputs that have no associations', async () => {
		const invoice = simpleInvoice(sim);
		const lonely = sim.createInvoice({ currency: 'USD' });
		const response = await call(sim, 'POST', '/crm/v4/associations/invoices/discounts/batch/read', { inputs: [{ id: invoice.id }, { id: lonely.id }] });
		expect(response.status).toBe(207);
		expect(response.body.results).toEqual([]);
		expect(response.body.errors).toHaveLength(2);
		expect(response.body.errors[0]).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND', context: { fromObjectId: [invoice.id] } });
	});

	it('400 above 1,000 inputs (hubspot.md §1.5)', async () => {
		const inputs = Array.from({ length: 1001 }, (_, index) => ({ id: String(index + 1) }));
		const response = await call(sim, 'POST', '/crm/v4/associations/invoices/line_items/batch/read', { inputs });
		expect(response.status).toBe(400);
		expectHubSpotError(response.body, 'VALIDATION_ERROR');
	});

	it('associates with the default type and refuses pairs without a type', async () => {
		const invoice = sim.createInvoice({ currency: 'USD' });
		const contact = sim.createObject('contacts', { email: 'late@example.com' });
		const response = await call(sim, 'PUT', `/crm/v4/objects/invoices/${invoice.id}/associations/default/contacts/${contact.id}`);
		expect(response.status).toBe(200);
		expect(sim.inspect('invoices', invoice.id)!.associations.contacts).toEqual([contact.id]);
		const fee = sim.createObject('fees', { hs_label: 'x', hs_type: 'FIXED', hs_value: '1' });
		const bad = await call(sim, 'PUT', `/crm/v4/objects/fees/${fee.id}/associations/default/companies/${contact.id}`);
		expect(bad.status).toBe(400);
	});
});

describe('property definitions (GET/POST /crm/v3/properties)', () => {
	it('lists and reads the documented invoice and payment properties', async () => {
		const list = await call(sim, 'GET', '/crm/v3/properties/invoices');
		const names = list.body.results.map((property: any) => property.name);
		for (const name of ['hs_currency', 'hs_invoice_status', 'hs_amount_billed', 'hs_balance_due', 'hs_number', 'hs_due_date', 'hs_purchase_order_number']) expect(names).toContain(name);
		const status = await call(sim, 'GET', '/crm/v3/properties/0-53/hs_invoice_status');
		expect(status.body.options.map((option: any) => option.value)).toEqual(['draft', 'open', 'paid', 'voided']);
		const source = await call(sim, 'GET', '/crm/v3/properties/commerce_payments/hs_payment_source_app');
		expect(source.body.options.map((option: any) => option.value)).toEqual(['SALES_CHECKOUT', 'QUOTE', 'INVOICE', 'MIGRATION', 'SUBSCRIPTION']);
		const missing = await call(sim, 'GET', '/crm/v3/properties/invoices/hs_subtotal');
		expect(missing.status).toBe(404);
		expectHubSpotError(missing.body, 'OBJECT_NOT_FOUND');
	});

	it('creates a property (201), then 409 OBJECT_ALREADY_EXISTS for the same name', async () => {
		const definition = { name: 'qbo_sync_status', label: 'QuickBooks sync status', type: 'enumeration', fieldType: 'select', groupName: 'invoiceinformation', options: [{ label: 'Synced', value: 'synced' }, { label: 'Failed', value: 'failed' }] };
		const created = await call(sim, 'POST', '/crm/v3/properties/invoices', definition);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'qbo_sync_status', hubspotDefined: false, type: 'enumeration' });
		const again = await call(sim, 'POST', '/crm/v3/properties/invoices', definition);
		expect(again.status).toBe(409);
		expectHubSpotError(again.body, 'OBJECT_ALREADY_EXISTS');
		expect(again.body.message).toBe("Property named 'qbo_sync_status' already exists.");
		const invoice = simpleInvoice(sim);
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { qbo_sync_status: 'Synced' } })).status).toBe(400);
		expect((await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { qbo_sync_status: 'synced' } })).status).toBe(200);
	});

	it('refuses bad definitions: missing fields, hs_ prefix, type/fieldType mismatch, unknown group, enumeration without options', async () => {
		const base = { name: 'qbo_x', label: 'X', type: 'string', fieldType: 'text', groupName: 'invoiceinformation' };
		const cases = [
			{ label: 'X', type: 'string', fieldType: 'text', groupName: 'invoiceinformation' },
			{ ...base, name: 'hs_qbo_x' },
			{ ...base, name: 'Qbo X' },
			{ ...base, type: 'number', fieldType: 'text' },
			{ ...base, groupName: 'nosuchgroup' },
			{ ...base, type: 'enumeration', fieldType: 'select' },
		];
		for (const definition of cases) {
			const response = await call(sim, 'POST', '/crm/v3/properties/invoices', definition);
			expect(response.status).toBe(400);
			expectHubSpotError(response.body, 'VALIDATION_ERROR');
		}
	});

	it('creates and lists property groups, 409 for a duplicate', async () => {
		const created = await call(sim, 'POST', '/crm/v3/properties/invoices/groups', { name: 'quickbooks_sync', label: 'QuickBooks sync' });
		expect(created.status).toBe(201);
		const groups = await call(sim, 'GET', '/crm/v3/properties/invoices/groups');
		expect(groups.body.results.map((group: any) => group.name)).toContain('quickbooks_sync');
		const again = await call(sim, 'POST', '/crm/v3/properties/invoices/groups', { name: 'quickbooks_sync', label: 'QuickBooks sync' });
		expect(again.status).toBe(409);
		const property = await call(sim, 'POST', '/crm/v3/properties/invoices', { name: 'qbo_id', label: 'QBO id', type: 'string', fieldType: 'text', groupName: 'quickbooks_sync' });
		expect(property.status).toBe(201);
	});
});

describe('request log', () => {
	it('records every API call for assertions', async () => {
		const invoice = simpleInvoice(sim);
		await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}?properties=hs_number`);
		await call(sim, 'POST', '/crm/v3/objects/invoices/search', { limit: 1 });
		expect(sim.server.calls(/\/crm\/v3\/objects\/invoices/).map((entry) => [entry.method, entry.status])).toEqual([
			['GET', 200],
			['POST', 200],
		]);
		expect(sim.server.calls(/search$/, 'POST')[0].body).toEqual({ limit: 1 });
	});
});
