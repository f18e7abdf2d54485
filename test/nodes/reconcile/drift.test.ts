import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { untilSearchable } from '../hubspot/helpers';
import { quickBooksUser, type QuickBooksUser } from '../quickbooks/quickBooksUser';
import { SYNC } from '../sync/invoiceTestbed';
import { byId, DEFAULT_COMPANY, recordOctoberFees, usePaymentSyncTestbed } from '../sync/paymentTestbed';

/**
 * Reconcile With HubSpot (QuickBooks node, resource Reconciliation) through n8n-core against both
 * simulators: October 2026 seeded with one document of each drift, each reported once in its class,
 * totals to the cent; Repair, then a second Reconcile finds everything matched.
 */
const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { items, customers } = DEFAULT_COMPANY;
const OCT = (day: number) => Date.parse(`2026-10-${String(day).padStart(2, '0')}T12:00:00Z`);

const RECONCILE: IDataObject = { resource: 'reconciliation', operation: 'reconcile', period: 'month', month: '2026-10' };
const REPAIR: IDataObject = {
	...RECONCILE,
	repair: true,
	voidOrphans: true,
	defaultItem: SYNC.defaultItem,
	feeItem: SYNC.feeItem,
	taxItem: SYNC.taxItem,
	discountAccount: SYNC.discountAccount,
};

/** The bookkeeper: changes made in QuickBooks beside the node, on its own connection, as QuickBooks' own UI or another app makes them. */
let bookkeeper: QuickBooksUser;
beforeEach(() => {
	bookkeeper = quickBooksUser(tb.qb.sim);
});

/**
 * Reconcile searches HubSpot for the period, and HubSpot's search shows a write only after a few moments
 * (hubspot.md §4.2): the test, like a bookkeeper, reconciles once the writes before it are searchable.
 */
async function whenSearchable<T>(run: () => Promise<T>): Promise<T> {
	await untilSearchable(tb.hs);
	return await run();
}

async function syncInvoices(ids: string[]): Promise<IDataObject[]> {
	return await tb.json(SYNC, ids.map((id) => ({ json: { id } })));
}

/** A QuickBooks invoice made outside the sync, with the memo given (none, or a marker). */
async function handMadeInvoice(total: string, privateNote?: string): Promise<string> {
	const [created] = await tb.qb.json({
		resource: 'invoice',
		operation: 'create',
		customer: byId(customers.acme),
		lines: { line: [{ item: byId(items.services), quantity: 1, unitPrice: total, taxCode: byId('NON') }] },
		additionalFields: { txnDate: '2026-10-12', ...(privateNote !== undefined ? { privateNote } : {}) },
	});
	return String(created.Id);
}

async function seedOctober() {
	const matched = tb.hubspotInvoice('100.00', { invoiceDate: OCT(5) });
	const deleted = tb.hubspotInvoice('200.00', { invoiceDate: OCT(6) });
	const edited = tb.hubspotInvoice('50.00', { invoiceDate: OCT(7) });
	const duplicated = tb.hubspotInvoice('75.00', { invoiceDate: OCT(8) });
	const failing = tb.hubspotInvoice('30.00', { invoiceDate: OCT(9) });
	const synced = await syncInvoices([matched.id, deleted.id, edited.id, duplicated.id]);
	const qboId = (position: number) => String((synced[position].qboInvoice as IDataObject).Id);

	// Deleted in QuickBooks: the id written back to HubSpot points at nothing.
	const deletedRecord = tb.qb.sim.store.get('Invoice', qboId(1))!;
	await bookkeeper.write('/invoice?operation=delete', { Id: deletedRecord.Id, SyncToken: deletedRecord.SyncToken }, 'Invoice');
	// Amount edited in QuickBooks: the line raised from 50.00 to 55.00.
	const editedRecord = tb.qb.sim.store.get('Invoice', qboId(2))!;
	const line = { ...editedRecord.Line[0], Amount: 55, SalesItemLineDetail: { ...editedRecord.Line[0].SalesItemLineDetail, UnitPrice: 55 } };
	await bookkeeper.write('/invoice', { ...editedRecord, Line: [line], sparse: false }, 'Invoice');
	// A duplicate: a second invoice with the first one's marker.
	const copyId = await handMadeInvoice('75.00', `HubSpot invoice ${duplicated.id}`);
	// Failing: HubSpot says the last sync failed, and nothing reached QuickBooks.
	tb.hs.updateProperties('invoices', failing.id, { qbo_sync_status: 'failed', qbo_sync_error_category: 'rate_limited', qbo_sync_error_message: 'QuickBooks throttled the run.' });
	// Made by hand in QuickBooks, and one with our marker for a HubSpot invoice that does not exist.
	const foreignId = await handMadeInvoice('12.34');
	const orphanId = await handMadeInvoice('40.00', 'HubSpot invoice 990000001');

	// A checkout payment recorded as a sales receipt; the payment of the matched invoice not recorded in QuickBooks.
	const payment = tb.hs.recordPayment({ amount: '59.99', feesAmount: '2.04', platformFee: '0.60', initiatedAt: OCT(17), sourceApp: 'SALES_CHECKOUT', contactIds: [] });
	const invoicePayment = tb.hs.recordPayment({ invoiceId: matched.id, feesAmount: '3.20', initiatedAt: OCT(18) });
	const [recorded] = await tb.json({ resource: 'payment', operation: 'recordHubSpotPayment', salesReceiptItem: byId(items.services), options: { customer: byId(customers.acme) } }, [await tb.paymentItem(payment.id)]);
	expect(recorded.action).toBe('created');
	const [fees] = await tb.json(recordOctoberFees(), await tb.searchPayments());
	// Fees booked for the month, then the expense off by one cent.
	expect(fees).toMatchObject({ action: 'created', total: '5.84' });
	const purchase = tb.qb.sim.store.get('Purchase', String(fees.expenseId))!;
	const lines = purchase.Line.map((entry: IDataObject, index: number) => (index === 1 ? { ...entry, Amount: 0.59 } : entry));
	await bookkeeper.write('/purchase', { ...purchase, Line: lines, sparse: false }, 'Purchase');
	expect(tb.qb.sim.store.get('Purchase', String(fees.expenseId))!.TotalAmt).toBe(5.83);

	return { matched, deleted, edited, duplicated, failing, payment, invoicePayment, copyId, foreignId, orphanId, purchaseId: String(fees.expenseId), qboId };
}

function classesOf(summary: IDataObject): Record<string, number> {
	return summary.counts as Record<string, number>;
}

function issue(summary: IDataObject, match: (entry: IDataObject) => boolean): IDataObject[] {
	return (summary.issues as IDataObject[]).filter(match);
}

describe('Reconcile With HubSpot', () => {
	it('reports each drift once in its class with totals to the cent; Repair, then Reconcile again finds everything matched', async () => {
		const seed = await seedOctober();
		const result = await whenSearchable(() => tb.run(RECONCILE));
		const error = result.error('QuickBooks');
		if (error) throw error;
		const [item] = result.output('QuickBooks');
		const summary = item.json;

		expect(classesOf(summary)).toEqual({
			failing: 1,
			missing_in_quickbooks: 2,
			amount_differs: 2,
			status_differs: 1,
			duplicated: 1,
			only_in_quickbooks_ours: 1,
			only_in_quickbooks_foreign: 1,
			matched: 1,
		});
		const ofHubSpot = (key: string) => issue(summary, (entry) => (entry.hubspot as IDataObject | undefined)?.key === key);
		expect(ofHubSpot(seed.deleted.id)).toEqual([expect.objectContaining({ class: 'missing_in_quickbooks', kind: 'invoice' })]);
		expect(ofHubSpot(seed.invoicePayment.id)).toEqual([expect.objectContaining({ class: 'missing_in_quickbooks', kind: 'payment', hubspot: expect.objectContaining({ amount: '100.00' }) })]);
		expect(ofHubSpot(seed.matched.id)).toEqual([expect.objectContaining({ class: 'status_differs', detail: 'Open balance: HubSpot 0.00, QuickBooks 100.00 USD.' })]);
		expect(ofHubSpot(seed.edited.id)).toEqual([expect.objectContaining({ class: 'amount_differs', difference: '-5.00', hubspot: expect.objectContaining({ amount: '50.00' }), quickbooks: [expect.objectContaining({ total: '55.00' })] })]);
		expect(ofHubSpot(seed.duplicated.id)).toEqual([expect.objectContaining({ class: 'duplicated', quickbooks: [expect.objectContaining({ id: seed.qboId(3) }), expect.objectContaining({ id: seed.copyId })] })]);
		expect(ofHubSpot(seed.failing.id)).toEqual([expect.objectContaining({ class: 'failing', category: 'rate_limited', detail: 'QuickBooks throttled the run.', howToFix: expect.stringContaining('wait a minute') })]);
		expect(ofHubSpot('USD')).toEqual([expect.objectContaining({ class: 'amount_differs', kind: 'fees', difference: '0.01', hubspot: expect.objectContaining({ amount: '5.84' }), quickbooks: [expect.objectContaining({ id: seed.purchaseId, total: '5.83' })] })]);
		const orphans = issue(summary, (entry) => entry.hubspot === undefined).map((entry) => [entry.class, (entry.quickbooks as IDataObject[])[0].id]);
		expect(orphans).toEqual([
			['only_in_quickbooks_foreign', seed.foreignId],
			['only_in_quickbooks_ours', seed.orphanId],
		]);
		// Invoices: HubSpot 100 + 200 + 50 + 75 + 30; QuickBooks 100 + 55 + 75 + 75 (copy) + 12.34 + 40.
		expect(summary.totals).toEqual([
			{ currency: 'USD', kind: 'invoice', hubspot: { count: 5, total: '455.00' }, quickbooks: { count: 6, total: '357.34' }, difference: '97.66' },
			{ currency: 'USD', kind: 'payment', hubspot: { count: 2, total: '159.99' }, quickbooks: { count: 1, total: '59.99' }, difference: '100.00' },
			{ currency: 'USD', kind: 'fees', hubspot: { count: 1, total: '5.84' }, quickbooks: { count: 1, total: '5.83' }, difference: '0.01' },
		]);
		const calls = summary.calls as IDataObject;
		expect(Number(calls.hubspot) + Number(calls.quickbooks)).toBeLessThanOrEqual(12);
		expect(Number(calls.documents)).toBeGreaterThanOrEqual(14);

		// The report files: HTML with a section per class, and a CSV row per entry.
		const html = Buffer.from(item.binary!.html.data, 'base64').toString('utf8');
		expect(item.binary!.html).toMatchObject({ mimeType: 'text/html', fileName: 'reconciliation-2026-10-01-to-2026-10-31.html' });
		expect(html).toContain('<section id="duplicated"><h2>Duplicated in QuickBooks <span class="count">(1)</span></h2>');
		const csv = Buffer.from(item.binary!.csv.data, 'base64').toString('utf8').split('\r\n');
		expect(csv[0]).toBe('class,kind,currency,hubspot_id,hubspot_label,hubspot_number,hubspot_amount,quickbooks_documents,quickbooks_total,difference,category,detail,how_to_fix');
		expect(csv.filter((row) => row !== '')).toHaveLength(1 + 10);

		// Repair: sync what is missing, differs or failed, record the payment, re-book the fees, void our orphan and the copy.
		const foreignBefore = tb.qb.sim.store.get('Invoice', seed.foreignId);
		const [repaired] = await whenSearchable(() => tb.json(REPAIR));
		expect((repaired.repairs as IDataObject[]).map((repair) => [repair.action, repair.kind, repair.quickbooks ?? repair.hubspotKey])).toEqual(
			expect.arrayContaining([
				['synced', 'invoice', expect.stringMatching(/^Invoice \d+$/)],
				['fees-booked', 'fees', `Purchase ${seed.purchaseId}`],
				['synced', 'payment', expect.stringMatching(/^\d+$/)],
				['voided', 'invoice', `Invoice ${seed.orphanId}`],
				['voided', 'invoice', `Invoice ${seed.copyId}`],
			]),
		);
		expect((repaired.repairs as IDataObject[]).filter((repair) => repair.action === 'failed')).toEqual([]);
		expect(tb.qb.sim.store.get('Invoice', seed.foreignId)).toEqual(foreignBefore);

		const [after] = await whenSearchable(() => tb.json(RECONCILE));
		expect(classesOf(after)).toEqual({
			failing: 0,
			missing_in_quickbooks: 0,
			amount_differs: 0,
			status_differs: 0,
			duplicated: 0,
			only_in_quickbooks_ours: 0,
			only_in_quickbooks_foreign: 1,
			matched: 8,
		});
		expect(after.totals).toEqual([
			{ currency: 'USD', kind: 'invoice', hubspot: { count: 5, total: '455.00' }, quickbooks: { count: 6, total: '467.34' }, difference: '-12.34' },
			{ currency: 'USD', kind: 'payment', hubspot: { count: 2, total: '159.99' }, quickbooks: { count: 2, total: '159.99' }, difference: '0.00' },
			{ currency: 'USD', kind: 'fees', hubspot: { count: 1, total: '5.84' }, quickbooks: { count: 1, total: '5.84' }, difference: '0.00' },
		]);
	});

	it('an invoice voided in HubSpot but open in QuickBooks is a status difference; Repair voids it through the invoice sync', async () => {
		const invoice = tb.hubspotInvoice('45.00', { invoiceDate: OCT(5) });
		const [synced] = await syncInvoices([invoice.id]);
		tb.hs.setInvoiceStatus(invoice.id, 'voided');
		const [before] = await whenSearchable(() => tb.json(RECONCILE));
		expect(issue(before, () => true)).toEqual([expect.objectContaining({ class: 'status_differs', detail: 'Voided in HubSpot, open in QuickBooks.', hubspot: expect.objectContaining({ key: invoice.id, voided: true }) })]);

		const [repaired] = await whenSearchable(() => tb.json({ ...REPAIR, voidInQuickBooks: true }));
		expect(repaired.repairs).toEqual([expect.objectContaining({ action: 'synced', kind: 'invoice', hubspotKey: invoice.id, detail: 'voided' })]);
		expect(tb.qb.sim.store.get('Invoice', String((synced.qboInvoice as IDataObject).Id))!.TotalAmt).toBe(0);
		const [after] = await whenSearchable(() => tb.json(RECONCILE));
		expect(classesOf(after).matched).toBe(1);
		expect(after.issues).toEqual([]);
	});

	it('books a payment and its refund missing in QuickBooks, never more than HubSpot refunded', async () => {
		const payment = tb.hs.recordPayment({ amount: '80.00', feesAmount: '0.00', initiatedAt: OCT(12), sourceApp: 'SALES_CHECKOUT', contactIds: [], customerEmail: 'payer@example.com' });
		tb.hs.refundPayment(payment.id, { amount: '30.00' });
		// Not a whole month: fees are not compared.
		const period = { period: 'dateRange', startDate: '2026-10-01', endDate: '2026-10-30' };
		const [before] = await whenSearchable(() => tb.json({ ...RECONCILE, ...period }));
		expect((before.issues as IDataObject[]).map((entry) => [entry.kind, entry.class, (entry.hubspot as IDataObject).amount])).toEqual([
			['payment', 'missing_in_quickbooks', '80.00'],
			['refund', 'missing_in_quickbooks', '30.00'],
		]);

		const [repaired] = await whenSearchable(() =>
			tb.json({
				...REPAIR,
				...period,
				salesReceiptItem: byId(items.services),
				refundItem: byId(items.services),
				refundFromAccount: byId(DEFAULT_COMPANY.accounts.checking),
			}),
		);
		expect((repaired.repairs as IDataObject[]).map((repair) => [repair.action, repair.kind, repair.detail])).toEqual([
			['synced', 'payment', 'created'],
			['synced', 'refund', 'created'],
		]);
		expect(tb.qb.sim.store.list('RefundReceipt').map((receipt) => receipt.TotalAmt)).toEqual([30]);
		const [after] = await whenSearchable(() => tb.json({ ...RECONCILE, ...period }));
		expect(after.issues).toEqual([]);
		expect(after.totals).toEqual([
			{ currency: 'USD', kind: 'payment', hubspot: { count: 1, total: '80.00' }, quickbooks: { count: 1, total: '80.00' }, difference: '0.00' },
			{ currency: 'USD', kind: 'refund', hubspot: { count: 1, total: '30.00' }, quickbooks: { count: 1, total: '30.00' }, difference: '0.00' },
		]);
	});

	it('refuses a run without the HubSpot credential and names the fix', async () => {
		const result = await tb.qb.run(RECONCILE);
		expect(result.error('QuickBooks')?.message).toMatch(/Reconcile needs a HubSpot credential/);
	});

	it('keeps to the currencies asked for', async () => {
		tb.hubspotInvoice('10.00', { invoiceDate: OCT(5) });
		tb.hubspotInvoice('20.00', { invoiceDate: OCT(5), currency: 'EUR' });
		const [summary] = await whenSearchable(() => tb.json({ ...RECONCILE, options: { currencies: 'eur' } }));
		expect((summary.totals as IDataObject[]).map((row) => row.currency)).toEqual(['EUR']);
		expect(classesOf(summary).missing_in_quickbooks).toBe(1);
	});
});
