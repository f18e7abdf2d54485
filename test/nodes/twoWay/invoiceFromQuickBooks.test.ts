import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { acmeInvoice, DEFAULT_COMPANY, TwoWayTestbed } from './twoWayTestbed';

/**
 * QuickBooks-born invoices in HubSpot: the Commerce node's "QuickBooks Document" operations through
 * n8n-core, QuickBooks documents made and read over QuickBooks' API, HubSpot written over its API.
 */

const bed = new TwoWayTestbed();
beforeAll(async () => await bed.start());
afterAll(async () => await bed.stop());
beforeEach(async () => await bed.reset());

describe('Sync Invoice: a QuickBooks-born invoice in HubSpot', () => {
	it('appears once, open, with the same total to the cent, its lines, discount, tax, contact and company', async () => {
		const invoice = await bed.createInvoice(acmeInvoice());
		// US sales tax on the taxable line (QuickBooks computes it): the total is not a round figure.
		expect(invoice.TotalAmt).not.toBe(247.95);
		const [result] = await bed.run('syncInvoice', [invoice]);
		expect(result).toMatchObject({ action: 'created', quickBooksId: invoice.Id, status: 'open', amountBilled: Number(invoice.TotalAmt).toFixed(2) });

		const [hubspot] = bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id));
		expect(hubspot.id).toBe(result.hubspotInvoiceId);
		const stored = bed.hs.inspect('invoices', hubspot.id)!;
		expect(stored.properties).toMatchObject({
			hs_currency: 'USD',
			hs_invoice_status: 'open',
			hs_amount_billed: Number(invoice.TotalAmt).toFixed(2),
			hs_balance_due: Number(invoice.TotalAmt).toFixed(2),
			qbo_doc_number: 'QB-1001',
			hs_invoice_date: '2026-10-05T00:00:00.000Z',
			hs_due_date: '2026-11-04T00:00:00.000Z',
		});
		const lines = stored.associations.line_items!.map((id) => bed.props('line_items', id));
		expect(lines.map((line) => [line.name, line.quantity, line.price])).toEqual([
			['Consulting hours', '2', '120.00'],
			['Software license', '1', '35.50'],
		]);
		expect(stored.associations.discounts!.map((id) => bed.props('discounts', id).hs_value)).toEqual(['27.55']);
		expect(stored.associations.taxes!.map((id) => bed.props('taxes', id).hs_value)).toEqual([Number((invoice.TxnTaxDetail as any).TotalTax).toFixed(2)]);
		const contact = bed.props('contacts', stored.associations.contacts![0]);
		expect(contact.email).toBe('ap@acme.example');
		expect(bed.props('companies', stored.associations.companies![0])).toMatchObject({ name: 'Acme Corporation', qbo_customer_id: DEFAULT_COMPANY.customers.acme });

		// Run again, as a re-delivered event or a second poll would: nothing new.
		const [again] = await bed.run('syncInvoice', [invoice]);
		expect(again).toMatchObject({ action: 'unchanged', hubspotInvoiceId: hubspot.id });
		expect(bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id))).toHaveLength(1);
		expect(bed.records('contacts', 'email', 'ap@acme.example')).toHaveLength(1);
		expect(bed.records('companies', 'name', 'Acme Corporation')).toHaveLength(1);
	});

	it('an edit in QuickBooks updates it; a void voids it; a delete is reported and changes nothing', async () => {
		const invoice = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-2001' }));
		const [created] = await bed.run('syncInvoice', [invoice]);
		const hubspotId = String(created.hubspotInvoiceId);

		const edited = await bed.sparseUpdateInvoice(invoice, {
			Line: [{ DetailType: 'SalesItemLineDetail', Amount: 360, SalesItemLineDetail: { ItemRef: { value: DEFAULT_COMPANY.items.consultingHours }, Qty: 3, UnitPrice: 120, TaxCodeRef: { value: 'NON' } } }],
			DueDate: '2026-12-01',
			TxnTaxDetail: { TotalTax: 0 },
		});
		expect(edited.TotalAmt).toBe(360);
		const [updated] = await bed.run('syncInvoice', [edited]);
		expect(updated).toMatchObject({ action: 'updated', hubspotInvoiceId: hubspotId, amountBilled: '360.00', status: 'open' });
		const stored = bed.hs.inspect('invoices', hubspotId)!;
		expect(stored.properties).toMatchObject({ hs_amount_billed: '360.00', hs_due_date: '2026-12-01T00:00:00.000Z', qbo_origin_sync_token: String(edited.SyncToken) });
		expect(stored.associations.line_items!.map((id) => bed.props('line_items', id).quantity)).toEqual(['3']);
		expect(stored.associations.discounts ?? []).toEqual([]);
		expect(stored.associations.taxes ?? []).toEqual([]);

		const voided = await bed.voidInvoice(edited);
		const [voidResult] = await bed.run('syncInvoice', [voided]);
		expect(voidResult).toMatchObject({ action: 'voided', hubspotInvoiceId: hubspotId, status: 'voided' });
		expect(bed.props('invoices', hubspotId).hs_invoice_status).toBe('voided');

		const other = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-2002' }));
		const [otherCreated] = await bed.run('syncInvoice', [other]);
		await bed.deleteInvoice(other);
		// Change Data Capture gives a deleted object as { Id, status: "Deleted" } (quickbooks.md §8.1).
		const [deleted] = await bed.run('syncInvoice', [{ Id: other.Id, status: 'Deleted' }]);
		expect(deleted).toMatchObject({ action: 'reported', hubspotInvoiceId: otherCreated.hubspotInvoiceId });
		expect(String(deleted.reason)).toMatch(/Deleted in QuickBooks/);
		expect(bed.props('invoices', String(otherCreated.hubspotInvoiceId)).hs_invoice_status).toBe('open');
	});

	it('refuses a total HubSpot could not bill to the cent, with a category, writing nothing', async () => {
		const invoice = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-3001' }));
		// A total that does not add up from the lines (as a tax-inclusive or deposit invoice would read).
		const [result] = await bed.run('syncInvoice', [{ ...invoice, TotalAmt: Number(invoice.TotalAmt) + 0.01 }]);
		expect(result).toMatchObject({ action: 'failed', error: { category: 'amount_mismatch' } });
		expect(bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id))).toHaveLength(0);

		const [taxRefused] = await bed.run('syncInvoice', [invoice], { taxHandling: 'refuse' });
		expect(taxRefused).toMatchObject({ action: 'failed', error: { category: 'tax_not_supported' } });
	});

	it('two executions at once create one HubSpot invoice, one contact and one company', async () => {
		const invoice = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-4001' }));
		const runs = await Promise.all([bed.run('syncInvoice', [invoice]), bed.run('syncInvoice', [invoice]), bed.run('syncInvoice', [invoice])]);
		const actions = runs.map(([result]) => result.action).sort();
		expect(actions).toEqual(['created', 'unchanged', 'unchanged']);
		expect(new Set(runs.map(([result]) => result.hubspotInvoiceId)).size).toBe(1);
		expect(bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id))).toHaveLength(1);
		expect(bed.records('contacts', 'email', 'ap@acme.example')).toHaveLength(1);
		expect(bed.records('companies', 'qbo_customer_id', DEFAULT_COMPANY.customers.acme)).toHaveLength(1);
		const [hubspot] = bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id));
		expect(bed.hs.inspect('invoices', hubspot.id)!.associations.line_items).toHaveLength(2);
	});
});

describe('Record Payment: a QuickBooks payment on the HubSpot invoice', () => {
	it('a partial payment leaves it partially paid; the rest marks it paid; a re-run records nothing twice', async () => {
		const invoice = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-5001' }));
		const [created] = await bed.run('syncInvoice', [invoice]);
		const hubspotId = String(created.hubspotInvoiceId);
		const total = Number(invoice.TotalAmt);

		const first = await bed.createPayment(invoice, 100);
		const [partial] = await bed.run('recordPayment', [first]);
		expect(partial).toMatchObject({ action: 'created', hubspotInvoiceId: hubspotId, status: 'open', paymentState: 'partially paid', balanceDue: (total - 100).toFixed(2) });
		const [paymentId] = partial.hubspotPaymentIds as string[];
		expect(bed.props('commerce_payments', paymentId)).toMatchObject({ hs_initial_amount: '100.00', hs_processor_type: 'quickbooks', hs_latest_status: 'succeeded' });

		const [replayed] = await bed.run('recordPayment', [first]);
		expect(replayed).toMatchObject({ action: 'unchanged', hubspotPaymentIds: [paymentId] });

		const rest = await bed.createPayment(invoice, Number((total - 100).toFixed(2)));
		const [paid] = await bed.run('recordPayment', [rest]);
		expect(paid).toMatchObject({ action: 'created', status: 'paid', paymentState: 'paid', balanceDue: '0.00' });
		expect(bed.hs.inspect('invoices', hubspotId)!.associations.commerce_payments).toHaveLength(2);
	});
});
