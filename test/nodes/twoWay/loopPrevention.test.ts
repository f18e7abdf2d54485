import { afterEach, beforeAll, beforeEach, describe, expect, it, afterAll } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { runCommerce, triggerWorkflow, pollOnce, untilSearchable } from '../hubspot/helpers';
import { useInvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { quickBooksUser } from '../quickbooks/quickBooksUser';
import { acmeInvoice } from './twoWayTestbed';

/**
 * Nothing echoed back: a HubSpot-born invoice synced to QuickBooks is not brought back to HubSpot (an edit
 * made to it in QuickBooks is reported), a QuickBooks-born invoice brought to HubSpot is not sent to
 * QuickBooks by the HubSpot → QuickBooks sync nor emitted by the HubSpot Invoice Trigger, and a payment
 * recorded from QuickBooks is not emitted as a HubSpot payment either.
 */
const tb = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

beforeEach(async () => {
	const setup = await runCommerce(tb.qb.credentials, { resource: 'setup', operation: 'createTwoWayProperties' });
	const error = setup.error('HubSpot');
	if (error) throw error;
	tb.clearLogs();
});

async function fromQuickBooks(operation: string, documents: IDataObject[]): Promise<IDataObject[]> {
	const result = await runCommerce(tb.qb.credentials, { resource: 'quickBooks', operation }, documents.map((json) => ({ json })));
	const error = result.error('HubSpot');
	if (error) throw error;
	return result.output('HubSpot').map((item) => item.json);
}

describe('two-way loop prevention', () => {
	it('a HubSpot-born invoice synced to QuickBooks is skipped on the way back; an edit to it in QuickBooks is reported', async () => {
		const hubspot = tb.invoice();
		const [synced] = await tb.sync([hubspot.id]);
		expect(synced.action).toBe('created');
		const qbo = synced.qboInvoice as IDataObject;
		const invoicesBefore = tb.hs.store.records('invoices').size;

		const [back] = await fromQuickBooks('syncInvoice', [qbo]);
		expect(back).toMatchObject({ action: 'skipped', hubspotInvoiceId: hubspot.id });
		expect(tb.hs.store.records('invoices').size).toBe(invoicesBefore);

		// Someone edits it in QuickBooks a few minutes later (HubSpot's own sync reports such edits: hubspot.md §8.3).
		tb.qb.sim.advanceClock(300);
		const user = quickBooksUser(tb.qb.sim);
		const edited = await user.write('/invoice', { Id: qbo.Id, SyncToken: qbo.SyncToken, sparse: true, DueDate: '2026-12-31' }, 'Invoice');
		const [reported] = await fromQuickBooks('syncInvoice', [edited]);
		expect(reported).toMatchObject({ action: 'reported', hubspotInvoiceId: hubspot.id });
		expect(String(reported.reason)).toMatch(/born in HubSpot/);
		expect(tb.hs.store.records('invoices').size).toBe(invoicesBefore);

		// A payment taken in QuickBooks on it shows on the HubSpot invoice, found by the QuickBooks id written back. That
		// look-up searches, and search shows the write-back a few moments after it (hubspot.md §4.2): the payment comes
		// later than that, as one taken in QuickBooks and brought by its trigger does.
		await untilSearchable(tb.hs);
		const payment = await user.write('/payment', { CustomerRef: edited.CustomerRef, TotalAmt: 30, Line: [{ Amount: 30, LinkedTxn: [{ TxnId: qbo.Id, TxnType: 'Invoice' }] }] }, 'Payment');
		const [recorded] = await fromQuickBooks('recordPayment', [payment]);
		expect(recorded).toMatchObject({ action: 'created', hubspotInvoiceId: hubspot.id, balanceDue: '70.00', paymentState: 'partially paid' });
	});

	it('a QuickBooks-born invoice and its payment are neither sent to QuickBooks nor emitted by the HubSpot trigger', async () => {
		const user = quickBooksUser(tb.qb.sim);
		const qbo = await user.write('/invoice', acmeInvoice({ DocNumber: 'QB-9001' }), 'Invoice');
		const invoiceTrigger = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceCreated', 'invoiceUpdated'] });
		const paymentTrigger = triggerWorkflow({ object: 'payment', paymentEvents: ['paymentSucceeded'] });
		// Activation: the triggers start from HubSpot's now.
		expect(await pollOnce(invoiceTrigger, tb.qb.credentials)).toEqual([]);
		expect(await pollOnce(paymentTrigger, tb.qb.credentials)).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 5));

		const [created] = await fromQuickBooks('syncInvoice', [qbo]);
		expect(created.action).toBe('created');
		const payment = await user.write('/payment', { CustomerRef: qbo.CustomerRef, TotalAmt: 50, Line: [{ Amount: 50, LinkedTxn: [{ TxnId: qbo.Id, TxnType: 'Invoice' }] }] }, 'Payment');
		const [recorded] = await fromQuickBooks('recordPayment', [payment]);
		expect(recorded.action).toBe('created');
		const hubspotBorn = tb.invoice();
		// The triggers search, and search shows a write a few moments after it (hubspot.md §4.2): polled once everything
		// above is searchable, so that what they leave out is left out by choice, not by the index's lag.
		await untilSearchable(tb.hs);

		// The HubSpot trigger emits the HubSpot-born invoice only; no payment at all.
		const emitted = await pollOnce(invoiceTrigger, tb.qb.credentials);
		expect([...new Set(emitted.map((item) => item.id))]).toEqual([hubspotBorn.id]);
		expect(await pollOnce(paymentTrigger, tb.qb.credentials)).toEqual([]);

		// The HubSpot → QuickBooks sync, given it anyway, skips it and writes nothing to QuickBooks.
		const qboInvoicesBefore = tb.qboInvoices().length;
		const [skipped] = await tb.sync([String(created.hubspotInvoiceId)]);
		expect(skipped).toMatchObject({ action: 'skipped', hubspotInvoiceId: created.hubspotInvoiceId });
		expect(tb.qboInvoices()).toHaveLength(qboInvoicesBefore);
	});
});
