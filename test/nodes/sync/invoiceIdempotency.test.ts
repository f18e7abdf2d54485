/**
 * "Sync HubSpot Invoice" never duplicates: a connection reset after QuickBooks committed a /batch, a
 * 600 "Duplicate Request ID" instead of the replay, an invoice given twice, invoices without a number,
 * and companies where QuickBooks numbers invoices itself.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

/** An invoice billed to a new contact (so the run creates a customer, then the invoice: two /batch calls). */
function invoiceForNewCustomer() {
	return bed.invoice({ contacts: [{ email: 'first.time@buyer.example', firstname: 'First', lastname: 'Time' }] });
}

describe('Sync HubSpot Invoice: idempotency', () => {
	it('never resends a /batch whose answer was lost: it looks up what QuickBooks committed (one customer, one invoice)', async () => {
		// Ignored requestids: a blind resend would write everything again.
		bed.qb.sim.duplicateRequestIdMode = 'ignore';
		const hubspot = invoiceForNewCustomer();
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 2, resetAfterCommit: true });
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created', customer: { matchedBy: 'created' } });
		// The customer's /batch and the invoice's /batch, each committed, each answer lost, neither sent again.
		expect(bed.qb.apiCalls(/\/batch$/).map((call) => call.outcome)).toEqual(['reset', 'reset']);
		expect(bed.qboInvoices()).toHaveLength(1);
		expect(bed.qboCustomers().filter((customer) => customer.DisplayName === 'First Time')).toHaveLength(1);

		const [again] = await bed.sync([hubspot.id]);
		expect(again.action).toBe('unchanged');
		expect(bed.qboInvoices()).toHaveLength(1);
	});

	it('looks up what a /batch wrote when QuickBooks answers its retry with 600 "Duplicate Request ID"', async () => {
		bed.qb.sim.duplicateRequestIdMode = 'error600';
		const hubspot = invoiceForNewCustomer();
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 2, resetAfterCommit: true });
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created', docNumber: hubspot.number });
		expect(bed.qboInvoices()).toHaveLength(1);
		expect(bed.qboCustomers().filter((customer) => customer.DisplayName === 'First Time')).toHaveLength(1);
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'synced', qbo_invoice_id: bed.qboInvoices()[0].Id });
	});

	it('finds the invoice a lost /batch created by its number and marker, without asking QuickBooks again', async () => {
		bed.qb.sim.duplicateRequestIdMode = 'error600';
		const hubspot = bed.invoice({ contacts: [{ email: 'ap@acme.example', firstname: 'Road', lastname: 'Runner' }] });
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1, resetAfterCommit: true });
		const [result] = await bed.sync([hubspot.id]);
		expect(bed.qb.apiCalls(/\/batch$/).map((call) => [call.outcome, call.status])).toEqual([['reset', 200]]);
		expect(result).toMatchObject({ action: 'created', qboInvoice: { Id: bed.qboInvoices()[0].Id, DocNumber: hubspot.number } });
		expect(bed.qboInvoices()).toHaveLength(1);
	});

	it('syncs an invoice given twice in one run once, and answers both items', async () => {
		const hubspot = bed.invoice();
		const results = await bed.sync([hubspot.id, hubspot.id]);
		expect(results.map((result) => result.action)).toEqual(['created', 'created']);
		expect(results[0].qboInvoice).toEqual(results[1].qboInvoice);
		expect(bed.qboInvoices()).toHaveLength(1);
	});

	it('finds an invoice without a number again by the HubSpot marker, after its date was edited in HubSpot', async () => {
		const hubspot = bed.invoice();
		bed.hs.updateProperties('invoices', hubspot.id, { hs_number: '' });
		const [created] = await bed.sync([hubspot.id], { writeBackToHubSpot: false });
		expect(created.action).toBe('created');
		expect(bed.qboInvoices()[0].DocNumber).not.toBe(hubspot.number);

		const [again] = await bed.sync([hubspot.id], { writeBackToHubSpot: false });
		expect(again).toMatchObject({ action: 'unchanged', qboInvoice: { Id: (created.qboInvoice as IDataObject).Id } });
		expect(bed.qboInvoices()).toHaveLength(1);

		bed.hs.updateProperties('invoices', hubspot.id, { hs_invoice_date: String(Date.parse('2026-10-09T12:00:00Z')) });
		const [edited] = await bed.sync([hubspot.id], { writeBackToHubSpot: false });
		expect(edited).toMatchObject({ action: 'updated', qboInvoice: { Id: (created.qboInvoice as IDataObject).Id, TxnDate: '2026-10-09' } });
		expect(bed.qboInvoices()).toHaveLength(1);
	});

	it('never changes a synced invoice whose memo lost the marker, and never writes a second one', async () => {
		bed.qb.sim.configure({ preferences: { SalesFormsPrefs: { CustomTxnNumbers: false } } });
		const hubspot = bed.invoice();
		const [created] = await bed.sync([hubspot.id]);
		const id = String((created.qboInvoice as IDataObject).Id);
		// A bookkeeper rewrites the Statement Memo; then the HubSpot invoice's date changes.
		const stored = bed.qb.sim.store.table('Invoice').get(id) as IDataObject;
		stored.PrivateNote = 'Deposit agreed by phone';
		bed.hs.updateProperties('invoices', hubspot.id, { hs_invoice_date: String(Date.parse('2026-10-09T12:00:00Z')) });
		const before = JSON.stringify(bed.qboInvoices());

		const result = await bed.run({}, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		const [failed] = result.output('QuickBooks', 1).map((item) => item.json);
		expect(JSON.stringify(failed)).toContain('duplicate_document_number');
		expect(JSON.stringify(failed)).toContain(`HubSpot invoice ${hubspot.id}`);
		expect(JSON.stringify(bed.qboInvoices())).toBe(before);
	});

	it('lets QuickBooks number invoices when custom transaction numbers are off, and writes its number back', async () => {
		bed.qb.sim.configure({ preferences: { SalesFormsPrefs: { CustomTxnNumbers: false } } });
		const hubspot = bed.invoice();
		const [created] = await bed.sync([hubspot.id]);
		const [invoice] = bed.qboInvoices();
		expect(invoice.DocNumber).not.toBe(hubspot.number);
		expect(created).toMatchObject({ action: 'created', docNumber: invoice.DocNumber });
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_invoice_id: invoice.Id, qbo_doc_number: invoice.DocNumber });

		const before = bed.snapshot([hubspot.id]);
		const [again] = await bed.sync([hubspot.id]);
		expect(again.action).toBe('unchanged');
		expect(bed.snapshot([hubspot.id])).toBe(before);
	});

	it('sends every QuickBooks write with a requestid and through /batch', async () => {
		const invoices = [bed.invoice(), bed.invoice(), bed.invoice()];
		await bed.sync(invoices.map((invoice) => invoice.id));
		const writes = bed.qb.apiCalls(undefined, 'POST').filter((call) => !call.path.endsWith('/query'));
		expect(writes.map((call) => call.path.replace(/.*\//, ''))).toEqual(['batch', 'batch']);
		expect(writes.every((call) => typeof call.query.requestid === 'string' && call.query.requestid.length <= 36)).toBe(true);
	});
});
