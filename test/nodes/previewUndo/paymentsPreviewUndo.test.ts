/**
 * Preview and Undo on Record HubSpot Payment, Record HubSpot Refund and Record Fees as Expense, through
 * n8n-core against both simulators: a preview writes nothing and shows the body the real run then
 * sends; Undo of a payment run deletes the payment (the invoice's balance is open again), and recording
 * the payment afterwards creates it once more although QuickBooks replays the deleted payment's answer.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { taggedExecutionId } from '../../../core';
import { byId, DEFAULT_COMPANY, OCT_20, recordOctoberFees, usePaymentSyncTestbed } from '../sync/paymentTestbed';
import { comparable, hubSpotWrites, quickBooksWrites } from './helpers';

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, items } = DEFAULT_COMPANY;

const RECORD_PAYMENT = { resource: 'payment', operation: 'recordHubSpotPayment', options: { timeZone: 'UTC' } };
const RECORD_REFUND = { resource: 'refundReceipt', operation: 'recordHubSpotRefund', documentType: 'RefundReceipt', refundFromAccount: byId(accounts.checking), item: byId(items.services), options: { timeZone: 'UTC' } };

/** Runs the operation as a preview, checks it wrote nothing, then for real; returns both outputs and what the real run sent. */
async function previewThenRun(parameters: IDataObject, input: INodeExecutionData[]) {
	tb.qb.sim.server.clearLog();
	tb.hs.server.clearLog();
	const [preview] = await tb.json({ ...parameters, previewOnly: true }, input);
	expect(quickBooksWrites(tb.qb)).toEqual([]);
	expect(hubSpotWrites(tb.hs)).toEqual([]);
	const [real] = await tb.json(parameters, input);
	return { preview, real, sent: quickBooksWrites(tb.qb) };
}

describe('Preview Only (Dry Run) on payments, refunds and fees', () => {
	it('Record HubSpot Payment: the payment it would apply, as the real run then sends it', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('250.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '250.00', initiatedAt: OCT_20 });
		const { preview, real, sent } = await previewThenRun(RECORD_PAYMENT, [await tb.paymentItem(payment.id)]);

		expect(preview).toMatchObject({ action: 'created', dryRun: true, documentType: 'Payment', amount: '250.00' });
		const [write] = preview.wouldWrite as IDataObject[];
		expect(write).toMatchObject({ system: 'QuickBooks', operation: 'create', entity: 'Payment', body: { TotalAmt: 250, Line: [{ LinkedTxn: [{ TxnId: qboInvoiceId }] }] } });
		expect(real).toMatchObject({ action: 'created' });
		expect(sent.map((entry) => comparable(entry.body))).toEqual([comparable(write.body as IDataObject)]);
	});

	it('Record HubSpot Refund: the refund receipt it would book, as the real run then sends it', async () => {
		const { hubspot } = await tb.syncedInvoice('120.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		tb.hs.refundPayment(payment.id, { at: Date.parse('2026-10-22T12:00:00Z') });
		const { preview, sent } = await previewThenRun(RECORD_REFUND, [await tb.paymentItem(payment.id)]);

		expect(preview).toMatchObject({ action: 'created', dryRun: true, documentType: 'RefundReceipt', amount: '120.00' });
		const [write] = preview.wouldWrite as IDataObject[];
		expect(write).toMatchObject({ operation: 'create', entity: 'RefundReceipt' });
		expect(sent.map((entry) => comparable(entry.body))).toEqual([comparable(write.body as IDataObject)]);
	});

	it('Record Fees as Expense: the month\'s expense it would book, as the real run then sends it', async () => {
		tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', platformFee: '1.00', initiatedAt: Date.parse('2026-10-03T12:00:00Z') });
		tb.hs.recordPayment({ amount: '59.99', feesAmount: '2.04', initiatedAt: Date.parse('2026-10-17T12:00:00Z') });
		const { preview, real, sent } = await previewThenRun(recordOctoberFees(), await tb.searchPayments());

		expect(preview).toMatchObject({ action: 'created', dryRun: true, total: '6.24', docNumber: 'FEES-2026-10-USD' });
		const [write] = preview.wouldWrite as IDataObject[];
		expect(write).toMatchObject({ operation: 'create', entity: 'Purchase', body: { DocNumber: 'FEES-2026-10-USD' } });
		expect(real).toMatchObject({ action: 'created', total: '6.24' });
		expect(sent.map((entry) => comparable(entry.body))).toEqual([comparable(write.body as IDataObject)]);
	});
});

describe('Sync Run › Undo of a payment run', () => {
	it('deletes the payment, the invoice is open again; recording the payment later creates it once more', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('80.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '80.00', initiatedAt: OCT_20 });
		const item = await tb.paymentItem(payment.id);
		const [recorded] = await tb.json(RECORD_PAYMENT, [item]);
		const paymentDocument = recorded.document as IDataObject;
		const executionId = taggedExecutionId(String(paymentDocument.PrivateNote)) as string;
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(0);

		const outcomes = await tb.json({ resource: 'syncRun', operation: 'undo', executionId, resetHubSpot: false }, [{ json: {} }]);

		expect(outcomes).toEqual([expect.objectContaining({ entity: 'Payment', id: paymentDocument.Id, action: 'deleted' })]);
		expect(tb.qb.sim.store.count('Payment')).toBe(0);
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(80);

		tb.qb.sim.clock.advance(5);
		const [again] = await tb.json(RECORD_PAYMENT, [item]);
		expect(again).toMatchObject({ action: 'created' });
		expect(tb.qb.sim.store.list('Payment')).toEqual([expect.objectContaining({ TotalAmt: 80 })]);
		expect(String((again.document as IDataObject).Id)).not.toBe(String(paymentDocument.Id));
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(0);
	});

	it('an execution that synced an invoice and applied a payment to it: the payment goes first, then the invoice; HubSpot reset', async () => {
		const hubspot = tb.hubspotInvoice('75.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '25.00', initiatedAt: OCT_20 });
		const parameters = { ...RECORD_PAYMENT, syncInvoiceFirst: true, defaultItem: byId(items.services) };
		const [recorded] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(recorded).toMatchObject({ action: 'created', invoiceSynced: true });
		const executionId = taggedExecutionId(String((recorded.document as IDataObject).PrivateNote)) as string;
		expect(taggedExecutionId(String(tb.qb.sim.store.list('Invoice')[0].PrivateNote))).toBe(executionId);
		tb.qb.sim.server.clearLog();

		const outcomes = await tb.json({ resource: 'syncRun', operation: 'undo', executionId }, [{ json: {} }]);

		expect(outcomes.map((outcome) => [outcome.entity, outcome.action])).toEqual([
			['Payment', 'deleted'],
			['Invoice', 'deleted'],
		]);
		expect(quickBooksWrites(tb.qb).map((write) => `${write.operation} ${write.entity}`)).toEqual(['delete payment', 'delete invoice']);
		expect(tb.qb.sim.store.count('Payment')).toBe(0);
		expect(tb.qb.sim.store.count('Invoice')).toBe(0);
		expect(tb.hs.inspect('invoices', hubspot.id)!.properties.qbo_invoice_id ?? '').toBe('');
	});
});
