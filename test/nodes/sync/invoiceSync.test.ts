/**
 * "Sync HubSpot Invoice", branch by branch, through n8n-core against both simulators over HTTP: what
 * lands in QuickBooks (the simulator's store), what is written back to HubSpot (its store), and that a
 * second run changes nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from '../../harness/engine';
import { byId, DEFAULT_COMPANY, NODE_NAME, useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

type Line = IDataObject & { SalesItemLineDetail?: IDataObject; DiscountLineDetail?: IDataObject };

function linesOf(invoice: IDataObject | undefined): Line[] {
	return ((invoice?.Line as Line[] | undefined) ?? []).filter((line) => line.DetailType !== 'SubTotalLineDetail');
}

function itemIds(invoice: IDataObject | undefined): string[] {
	return linesOf(invoice)
		.filter((line) => line.DetailType === 'SalesItemLineDetail')
		.map((line) => String((line.SalesItemLineDetail?.ItemRef as IDataObject).value));
}

/** The failures on the error output ("Continue (using error output)"): the router's summary plus the invoice. */
function failures(result: RunResult): IDataObject[] {
	return result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
}

/** Syncs, then syncs again and checks nothing changed anywhere; returns the first run's output. */
async function syncTwice(ids: string[], parameters: IDataObject = {}): Promise<IDataObject[]> {
	const first = await bed.sync(ids, parameters);
	const before = bed.snapshot(ids);
	const second = await bed.sync(ids, parameters);
	expect(bed.snapshot(ids)).toBe(before);
	for (const [index, result] of second.entries()) {
		const expected = first[index].action === 'failed' ? 'failed' : first[index].action === 'skipped' ? 'skipped' : first[index].action === 'voided' ? 'unchanged' : 'unchanged';
		expect(result.action).toBe(expected);
	}
	return first;
}

describe('Sync HubSpot Invoice: customers', () => {
	it('creates the invoice and a new customer, writes the outcome back, and changes nothing the second time', async () => {
		const hubspot = bed.invoice({ contacts: [{ email: 'Jane@Newco.example', firstname: 'Jane', lastname: 'Doe' }], companies: [{ name: 'Newco Inc' }] });
		const [result] = await syncTwice([hubspot.id]);

		expect(result).toMatchObject({ action: 'created', hubspotInvoiceId: hubspot.id, docNumber: hubspot.number, customer: { matchedBy: 'created', displayName: 'Newco Inc' } });
		const [customer] = bed.qboCustomers().filter((record) => record.DisplayName === 'Newco Inc');
		expect(customer).toMatchObject({ CompanyName: 'Newco Inc', GivenName: 'Jane', FamilyName: 'Doe', PrimaryEmailAddr: { Address: 'jane@newco.example' } });

		const [invoice] = bed.qboInvoices();
		expect(invoice).toMatchObject({
			Id: (result.qboInvoice as IDataObject).Id,
			DocNumber: hubspot.number,
			TxnDate: '2026-10-05',
			DueDate: '2026-11-04',
			CustomerRef: { value: customer.Id },
			BillEmail: { Address: 'jane@newco.example' },
			// The marker, then the execution that created it (Undo finds it by that).
			PrivateNote: expect.stringMatching(new RegExp(`^HubSpot invoice ${hubspot.id}\nn8n execution \\S+$`)),
			TotalAmt: 100,
		});
		expect(linesOf(invoice)).toEqual([
			expect.objectContaining({ Amount: 100, Description: 'Consulting', SalesItemLineDetail: expect.objectContaining({ Qty: 1, UnitPrice: 100, TaxCodeRef: { value: 'NON' } }) }),
		]);

		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({
			qbo_invoice_id: String(invoice.Id),
			qbo_doc_number: hubspot.number,
			qbo_sync_status: 'synced',
			qbo_last_synced_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		});
		expect(bed.hubspotProperties(hubspot.id).qbo_sync_error_category ?? '').toBe('');
	});

	it('matches the customer by the billing contact\'s email first, whatever its display name', async () => {
		// ap@acme.example is Acme Corporation's email; the HubSpot company has another name.
		const hubspot = bed.invoice({ contacts: [{ email: 'AP@acme.example', firstname: 'Road', lastname: 'Runner' }], companies: [{ name: 'ACME Holdings' }] });
		const [result] = await syncTwice([hubspot.id]);
		expect(result.customer).toMatchObject({ id: DEFAULT_COMPANY.customers.acme, matchedBy: 'email' });
		expect(bed.qboCustomers()).toHaveLength(5);
		expect(bed.qboInvoices()[0].CustomerRef).toMatchObject({ value: DEFAULT_COMPANY.customers.acme });
	});

	it('never bills a customer found by display name alone when its email is another one: a distinct name instead', async () => {
		// Globex Ltd in QuickBooks has finance@globex.example; matching on the name would be a guess.
		const hubspot = bed.invoice({ contacts: [{ email: 'new.person@globex.example', firstname: 'New', lastname: 'Person' }], companies: [{ name: 'Globex Ltd' }] });
		const [result] = await syncTwice([hubspot.id]);
		expect(result.customer).toMatchObject({ matchedBy: 'created', displayName: 'Globex Ltd (new.person@globex.example)' });
		expect(bed.qboCustomers()).toHaveLength(6);
	});

	it('matches names with an apostrophe (escaped in the query) when name-only matches are allowed: O\'Brien & Sons', async () => {
		const hubspot = bed.invoice({ contacts: [{ email: 'someone@obrien.example' }], companies: [{ name: "O'Brien & Sons" }] });
		const [result] = await bed.sync([hubspot.id], { customerNameMatch: 'name-only' });
		expect(result.customer).toMatchObject({ id: DEFAULT_COMPANY.customers.obrienAndSons, matchedBy: 'display-name' });
	});

	it('gives a customer whose name is taken by an employee, a vendor or an inactive customer a distinct name, the same one every run', async () => {
		const employee = bed.invoice({ contacts: [{ email: 'emily@platt.example', firstname: 'Emily', lastname: 'Platt' }] });
		const vendor = bed.invoice({ contacts: [{ email: 'billing@stripe.example', firstname: 'Bill', lastname: 'Ing' }], companies: [{ name: 'Stripe' }] });
		const inactive = bed.invoice({ contacts: [{ firstname: 'No', lastname: 'Email' }], companies: [{ name: 'Dormant Client' }] });
		const results = await syncTwice([employee.id, vendor.id, inactive.id]);

		expect(results.map((result) => result.action)).toEqual(['created', 'created', 'created']);
		expect(results.map((result) => (result.customer as IDataObject).displayName)).toEqual([
			'Emily Platt (emily@platt.example)',
			'Stripe (billing@stripe.example)',
			'Dormant Client (No Email)',
		]);
		expect(bed.qboCustomers()).toHaveLength(8);
	});

	it('reports duplicate_display_name and creates nothing when collisions are set to fail', async () => {
		const hubspot = bed.invoice({ contacts: [{ email: 'emily@platt.example', firstname: 'Emily', lastname: 'Platt' }] });
		const result = await bed.run({ displayNameCollision: 'error' }, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		expect(result.output(NODE_NAME, 0)).toHaveLength(0);
		expect(failures(result)).toEqual([
			expect.objectContaining({
				action: 'failed',
				hubspotInvoiceId: hubspot.id,
				category: 'duplicate_display_name',
				message: expect.stringContaining('Emily Platt'),
				howToFix: expect.stringContaining('Make the name distinct'),
				code: '6240',
			}),
		]);
		expect(bed.qboCustomers()).toHaveLength(5);
		expect(bed.qboInvoices()).toHaveLength(0);
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'failed', qbo_sync_error_category: 'duplicate_display_name' });

		// Without Continue On Fail, the node stops and names the item.
		const error = await bed.run({ displayNameCollision: 'error' }, [{ json: { id: hubspot.id } }]);
		expect(error.error(NODE_NAME)?.message).toMatch(/Emily Platt.*\[item 0\]/s);
	});

	it('fails an invoice without contact or company with customer_not_found, writing nothing', async () => {
		const hubspot = bed.invoice();
		bed.hs.archive('contacts', hubspot.contactIds[0]);
		const result = await bed.run({}, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		expect(failures(result)[0]).toMatchObject({ action: 'failed', category: 'customer_not_found' });
		expect(bed.qboInvoices()).toHaveLength(0);
	});
});

describe('Sync HubSpot Invoice: items, discounts, fees and taxes', () => {
	it('maps lines by SKU, then by name, then to the default item', async () => {
		const hubspot = bed.invoice({
			lineItems: [
				{ name: 'Hours of consulting', sku: 'CONS-HR', quantity: '3', price: '150.00' },
				{ name: 'Software license', price: '499.99' },
				{ name: 'Something new', sku: 'NEW-1', price: '10.00' },
			],
		});
		const [result] = await syncTwice([hubspot.id]);
		expect(result.action).toBe('created');
		const [invoice] = bed.qboInvoices();
		expect(itemIds(invoice)).toEqual([DEFAULT_COMPANY.items.consultingHours, DEFAULT_COMPANY.items.softwareLicense, DEFAULT_COMPANY.items.services]);
		expect(linesOf(invoice)[0]).toMatchObject({ Amount: 450, SalesItemLineDetail: { Qty: 3, UnitPrice: 150 } });
		expect(invoice.TotalAmt).toBe(959.99);
	});

	it('fails with item_not_found when nothing matches and there is no default item', async () => {
		const hubspot = bed.invoice({ lineItems: [{ name: 'Mystery box', sku: 'MYST-1', price: '10.00' }] });
		const result = await bed.run({ defaultItem: { __rl: true, mode: 'list', value: '' } }, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		expect(failures(result)[0]).toMatchObject({ action: 'failed', category: 'item_not_found', message: expect.stringContaining('MYST-1') });
		expect(bed.qboCustomers()).toHaveLength(5);
	});

	it('creates missing items once, with the product name and SKU, on the chosen income account', async () => {
		const first = bed.invoice({ lineItems: [{ name: 'Onboarding package', sku: 'SRV-ONBOARD', price: '1200.00' }, { name: 'Widget: large', sku: 'WID-L', price: '5.00' }] });
		const second = bed.invoice({ lineItems: [{ name: 'Onboarding package', sku: 'SRV-ONBOARD', quantity: '2', price: '1200.00' }] });
		const parameters = { createMissingItems: true, newItemIncomeAccount: byId(DEFAULT_COMPANY.accounts.services) };
		const results = await syncTwice([first.id, second.id], parameters);
		expect(results.map((result) => result.action)).toEqual(['created', 'created']);

		const created = bed.qboItems().filter((item) => ['SRV-ONBOARD', 'WID-L'].includes(String(item.Sku)));
		expect(created).toEqual([
			expect.objectContaining({ Name: 'Onboarding package', Sku: 'SRV-ONBOARD', Type: 'Service', IncomeAccountRef: expect.objectContaining({ value: DEFAULT_COMPANY.accounts.services }) }),
			expect.objectContaining({ Name: 'Widget- large', Sku: 'WID-L' }),
		]);
		const [one, two] = bed.qboInvoices();
		expect(itemIds(one)).toEqual([created[0].Id, created[1].Id]);
		expect(itemIds(two)).toEqual([created[0].Id]);
	});

	it('puts the invoice discounts on one discount line (account chosen), and each fee and tax on its item, marked NON', async () => {
		const hubspot = bed.invoice({
			lineItems: [{ name: 'Consulting', price: '200.00' }, { name: 'Support', price: '50.00', quantity: '2', discountPercentage: '10' }],
			discounts: [
				{ label: 'Loyalty', type: 'PERCENT', value: '10', sortOrder: 1 },
				{ label: 'Promo', type: 'FIXED', value: '5.00', sortOrder: 2 },
			],
			fees: [{ label: 'Shipping', type: 'FIXED', value: '15.00' }],
			taxes: [{ label: 'Sales tax', type: 'PERCENT', value: '8.875' }],
		});
		const [result] = await syncTwice([hubspot.id]);
		expect(result.action).toBe('created');
		const [invoice] = bed.qboInvoices();
		const lines = linesOf(invoice);
		// 200 + 90 = 290; −29 −5 = 256; +15 = 271; tax 8.875 % of 271 = 24.05; 295.05.
		expect(lines.map((line) => [line.DetailType, line.Amount])).toEqual([
			['SalesItemLineDetail', 200],
			['SalesItemLineDetail', 90],
			['DiscountLineDetail', 34],
			['SalesItemLineDetail', 15],
			['SalesItemLineDetail', 24.05],
		]);
		expect(lines[2].DiscountLineDetail).toMatchObject({ PercentBased: false, DiscountAccountRef: expect.objectContaining({ value: DEFAULT_COMPANY.accounts.discountsGiven }) });
		expect(itemIds(invoice).slice(2)).toEqual([DEFAULT_COMPANY.items.shippingFee, DEFAULT_COMPANY.items.salesTaxCollected]);
		for (const line of lines.filter((entry) => entry.DetailType === 'SalesItemLineDetail')) expect(line.SalesItemLineDetail?.TaxCodeRef).toEqual({ value: 'NON' });
		expect(invoice.TotalAmt).toBe(295.05);
		expect(bed.hubspotProperties(hubspot.id).hs_amount_billed).toBe('295.05');
	});

	it('uses the company\'s discount account when none is chosen', async () => {
		const hubspot = bed.invoice({ discounts: [{ label: 'Promo', type: 'FIXED', value: '10.00' }] });
		const [result] = await bed.sync([hubspot.id], { discountAccount: { __rl: true, mode: 'list', value: '' } });
		expect(result.action).toBe('created');
		expect(linesOf(bed.qboInvoices()[0])[1].DiscountLineDetail).toMatchObject({ DiscountAccountRef: expect.objectContaining({ value: DEFAULT_COMPANY.accounts.discountsGiven }) });
	});

	it('fails invoices with fees when no fee item is chosen (item_not_found), before writing anything', async () => {
		const hubspot = bed.invoice({ fees: [{ label: 'Shipping', type: 'FIXED', value: '15.00' }] });
		const result = await bed.run({ feeItem: { __rl: true, mode: 'list', value: '' } }, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		expect(failures(result)[0]).toMatchObject({ category: 'item_not_found', howToFix: expect.stringContaining('fees') });
		expect(bed.qboCustomers()).toHaveLength(5);
	});
});

describe('Sync HubSpot Invoice: header', () => {
	it('refuses HubSpot numbers over 21 characters, or shortens them by the chosen rule', async () => {
		const hubspot = bed.invoice({ number: 'ACME-EUROPE-2026-000123456' });
		const refused = await bed.run({}, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		expect(failures(refused)[0]).toMatchObject({ action: 'failed', category: 'validation', message: expect.stringContaining('26 characters') });
		expect(bed.qboInvoices()).toHaveLength(0);
		expect(bed.qboCustomers()).toHaveLength(5);

		const [kept] = await syncTwice([hubspot.id], { docNumberRule: 'keep-last-21' });
		expect(kept).toMatchObject({ action: 'created', docNumber: 'EUROPE-2026-000123456', notes: [expect.stringContaining('shortened')] });
		expect(bed.hubspotProperties(hubspot.id).qbo_doc_number).toBe('EUROPE-2026-000123456');

		const other = bed.invoice({ number: 'ACME-EUROPE-2026-000123457' });
		const [truncated] = await bed.sync([other.id], { docNumberRule: 'truncate-end' });
		expect(truncated.docNumber).toBe('ACME-EUROPE-2026-0001');
	});

	it('writes the PO number to the QuickBooks custom field and the HubSpot memo and link to the notes', async () => {
		const hubspot = bed.invoice({ purchaseOrderNumber: 'PO-4711', properties: { hs_comments: 'Thank you!' } });
		const parameters = {
			customFieldMappings: { mapping: [{ hubspotProperty: 'hs_purchase_order_number', customField: '1' }] },
			invoiceSyncOptions: { hubspotAccountId: '8675309' },
		};
		await syncTwice([hubspot.id], parameters);
		const [invoice] = bed.qboInvoices();
		expect((invoice.CustomField as IDataObject[]).find((field) => field.DefinitionId === '1')).toMatchObject({ Name: 'PO Number', StringValue: 'PO-4711' });
		expect(invoice.CustomerMemo).toEqual({ value: 'Thank you!' });
		expect(invoice.PrivateNote).toMatch(new RegExp(`^HubSpot invoice ${hubspot.id}\nhttps://app.hubspot.com/contacts/8675309/record/0-53/${hubspot.id}\nn8n execution \\S+$`));
	});

	it('writes nothing when the QuickBooks total would differ from HubSpot\'s billed amount (amount_mismatch, both figures)', async () => {
		const hubspot = bed.invoice({ contacts: [{ email: 'new@mismatch.example', firstname: 'New' }] });
		bed.hs.updateProperties('invoices', hubspot.id, { hs_amount_billed: '100.01' });
		const result = await bed.run({}, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		const [failed] = failures(result);
		expect(failed).toMatchObject({ action: 'failed', category: 'amount_mismatch', message: expect.stringMatching(/100\.00.*100\.01/) });
		expect(bed.qboInvoices()).toHaveLength(0);
		expect(bed.qboCustomers()).toHaveLength(5);
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'failed', qbo_sync_error_category: 'amount_mismatch', qbo_sync_error_message: expect.stringContaining('nothing was written') });
		expect(bed.calls().qboWrites).toBe(0);

		// The same failure again writes nothing new anywhere.
		const before = bed.snapshot([hubspot.id]);
		await bed.run({}, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		expect(bed.snapshot([hubspot.id])).toBe(before);
	});
});

describe('Sync HubSpot Invoice: create or update', () => {
	it('updates only what changed in HubSpot, then finds nothing to change', async () => {
		const hubspot = bed.invoice({ lineItems: [{ name: 'Consulting', sku: 'SVC-001', quantity: '2', price: '100.00' }] });
		const [created] = await bed.sync([hubspot.id]);
		const [lineItemId] = hubspot.lineItemIds;
		bed.hs.updateProperties('line_items', lineItemId, { quantity: '3' });
		bed.hs.updateProperties('invoices', hubspot.id, { hs_due_date: '2026-12-04T12:00:00.000Z' });

		const [updated] = await bed.sync([hubspot.id]);
		expect(updated).toMatchObject({ action: 'updated', changedFields: ['DueDate', 'Line'] });
		expect((updated.qboInvoice as IDataObject).Id).toBe((created.qboInvoice as IDataObject).Id);
		const [invoice] = bed.qboInvoices();
		expect(invoice).toMatchObject({ TotalAmt: 300, DueDate: '2026-12-04', SyncToken: '1' });
		expect(bed.qboInvoices()).toHaveLength(1);

		const [again] = await bed.sync([hubspot.id]);
		expect(again.action).toBe('unchanged');
		expect(bed.qboInvoices()[0].SyncToken).toBe('1');
	});

	it('finds an invoice synced without write-back by its DocNumber, and refuses a number another document uses', async () => {
		const hubspot = bed.invoice();
		const [created] = await bed.sync([hubspot.id], { writeBackToHubSpot: false });
		expect(bed.hubspotProperties(hubspot.id).qbo_invoice_id).toBeUndefined();
		const [again] = await bed.sync([hubspot.id]);
		expect(again).toMatchObject({ action: 'unchanged', qboInvoice: { Id: (created.qboInvoice as IDataObject).Id } });
		expect(bed.hubspotProperties(hubspot.id).qbo_invoice_id).toBe((created.qboInvoice as IDataObject).Id);

		// A QuickBooks invoice typed by hand with the next HubSpot number.
		const other = bed.invoice();
		await bed.qb.json({
			resource: 'invoice',
			operation: 'create',
			customer: byId(DEFAULT_COMPANY.customers.acme),
			lines: { line: [{ item: byId(DEFAULT_COMPANY.items.services), quantity: 1, unitPrice: '5.00', taxCode: byId('NON') }] },
			additionalFields: { docNumber: other.number },
		});
		const result = await bed.run({}, [{ json: { id: other.id } }], { continueOnFail: true });
		expect(failures(result)[0]).toMatchObject({ action: 'failed', category: 'duplicate_document_number', message: expect.stringContaining(other.number) });
		expect(bed.qboInvoices()).toHaveLength(2);
	});

	it('voids the QuickBooks invoice when the HubSpot invoice is voided and voiding is on; skips it otherwise', async () => {
		const hubspot = bed.invoice();
		const never = bed.invoice();
		await bed.sync([hubspot.id]);
		bed.hs.setInvoiceStatus(hubspot.id, 'voided');
		bed.hs.setInvoiceStatus(never.id, 'voided');

		const skipped = await bed.sync([hubspot.id, never.id]);
		expect(skipped.map((result) => [result.action, result.reason])).toEqual([
			['skipped', expect.stringContaining('turned off')],
			['skipped', expect.stringContaining('never synced')],
		]);
		expect(bed.qboInvoices()[0].TotalAmt).toBe(100);

		const [voided, stillNever] = await syncTwice([hubspot.id, never.id], { voidInQuickBooks: true });
		expect(voided).toMatchObject({ action: 'voided', qboInvoice: { TotalAmt: 0 } });
		expect(stillNever.action).toBe('skipped');
		expect(bed.qboInvoices()).toEqual([expect.objectContaining({ TotalAmt: 0, Balance: 0, PrivateNote: expect.stringMatching(/Voided/) })]);
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'voided', qbo_invoice_id: bed.qboInvoices()[0].Id });
		expect(bed.hubspotProperties(never.id)).toMatchObject({ qbo_sync_status: 'skipped' });
	});

	it('skips drafts until they are finalized', async () => {
		const hubspot = bed.invoice({ status: 'draft' });
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'skipped', reason: expect.stringContaining('Draft') });
		expect(bed.qboInvoices()).toHaveLength(0);
	});
});

describe('Sync HubSpot Invoice: inputs, errors and write-back', () => {
	it('takes the invoices as the HubSpot Commerce node emits them: HubSpot is only written to', async () => {
		const first = bed.invoice({ discounts: [{ label: 'Promo', type: 'FIXED', value: '10.00' }] });
		const second = bed.invoice();
		const items = await bed.commerceItems([first.id, second.id]);
		bed.clearLogs();
		const result = await bed.run({}, items);
		expect(result.output(NODE_NAME).map((item) => item.json.action)).toEqual(['created', 'created']);
		expect(result.output(NODE_NAME).map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(bed.hs.server.requestLog.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /crm/v3/objects/invoices/batch/update']);
	});

	it('works without the HubSpot credential when the input is complete and write-back is off', async () => {
		const hubspot = bed.invoice();
		const items = await bed.commerceItems([hubspot.id]);
		const result = await bed.run({ writeBackToHubSpot: false }, items, { withoutHubSpot: true });
		expect(result.output(NODE_NAME)[0].json.action).toBe('created');

		const needsHubSpot = await bed.run({}, items, { withoutHubSpot: true });
		expect(needsHubSpot.error(NODE_NAME)?.message).toMatch(/Write Back to HubSpot needs a HubSpot credential/);
	});

	it('says to run the Commerce node\'s Setup first when the sync properties are missing, before writing to QuickBooks', async () => {
		await bed.reset({ setup: false });
		const hubspot = bed.invoice();
		const stopped = await bed.run({}, [{ json: { id: hubspot.id } }]);
		expect(stopped.error(NODE_NAME)?.message).toMatch(/Run HubSpot Commerce › Setup first/);
		expect(bed.qboInvoices()).toHaveLength(0);

		// With the error output every item carries the failure: none passes on as if it were synced.
		const routed = await bed.run({}, [{ json: { id: hubspot.id } }, { json: { id: bed.invoice().id } }], { continueOnFail: true });
		expect(routed.output(NODE_NAME, 0)).toHaveLength(0);
		expect(routed.output(NODE_NAME, 1).map((item) => [(item.json.error as IDataObject).message, item.pairedItem])).toEqual([
			[expect.stringMatching(/Run HubSpot Commerce › Setup first/), { item: 0 }],
			[expect.stringMatching(/Run HubSpot Commerce › Setup first/), { item: 1 }],
		]);
		expect(bed.qboInvoices()).toHaveLength(0);
	});

	it('keeps failures per item: the others are synced, the failed one goes to the error output', async () => {
		const good = bed.invoice();
		const bad = bed.invoice();
		bed.hs.updateProperties('invoices', bad.id, { hs_amount_billed: '99.00' });
		const result = await bed.run({}, [{ json: { id: good.id } }, { json: { id: bad.id } }, { json: { id: '999999999' } }], { continueOnFail: true });
		expect(result.output(NODE_NAME, 0).map((item) => [item.json.action, item.pairedItem])).toEqual([['created', { item: 0 }]]);
		expect(result.output(NODE_NAME, 1).map((item) => [(item.json.error as IDataObject).category, item.pairedItem])).toEqual([
			['amount_mismatch', { item: 1 }],
			['not_found', { item: 2 }],
		]);
		expect(bed.qboInvoices()).toHaveLength(1);

		const stopped = await bed.run({}, [{ json: { id: good.id } }, { json: { id: bad.id } }]);
		expect(stopped.error(NODE_NAME)?.message).toMatch(/\[item 1\]/);
	});
});
