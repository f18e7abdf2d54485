import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { withoutExecutionTag } from '../../../core';
import { byId, DEFAULT_COMPANY, OCT_5, usePaymentSyncTestbed } from './paymentTestbed';

/** Record HubSpot Refund (QuickBooks node, resource Refund Receipt) against both simulators. */
const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, items, customers } = DEFAULT_COMPANY;

const OCT_22 = Date.parse('2026-10-22T12:00:00Z');
const OCT_25 = Date.parse('2026-10-25T12:00:00Z');

function recordRefund(extra: IDataObject = {}): IDataObject {
	return {
		resource: 'refundReceipt',
		operation: 'recordHubSpotRefund',
		documentType: 'RefundReceipt',
		refundFromAccount: byId(accounts.checking),
		item: byId(items.services),
		...extra,
		options: { timeZone: 'UTC', ...((extra.options as IDataObject | undefined) ?? {}) },
	};
}

/** A paid invoice whose payment is in QuickBooks' books too. */
async function paidInvoice(total: string) {
	const { hubspot, qboInvoiceId } = await tb.syncedInvoice(total);
	const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_5 });
	return { hubspot, qboInvoiceId, payment };
}

function refundDocuments(entity: 'RefundReceipt' | 'CreditMemo') {
	// The marker line; the execution that created the document follows it.
	return tb.qb.sim.store.list(entity).map((document) => [document.TotalAmt, document.DocNumber, withoutExecutionTag(document.PrivateNote)]);
}

describe('Record HubSpot Refund', () => {
	it("books a full refund as a refund receipt from the chosen account for the invoice's customer; a second run changes nothing", async () => {
		const { hubspot, payment } = await paidInvoice('120.00');
		tb.hs.refundPayment(payment.id, { at: OCT_22 });
		const item = await tb.paymentItem(payment.id);

		const [outcome] = await tb.json(recordRefund(), [item]);
		expect(outcome).toMatchObject({ action: 'created', hubspotPaymentId: payment.id, documentType: 'RefundReceipt', amount: '120.00', refundedInTotal: '120.00', currency: 'USD' });
		const [receipt] = tb.qb.sim.store.list('RefundReceipt');
		expect(receipt).toMatchObject({
			CustomerRef: { value: customers.acme },
			DepositToAccountRef: { value: accounts.checking },
			PaymentRefNum: payment.id,
			TotalAmt: 120,
			TxnDate: '2026-10-22',
			DocNumber: `R-${payment.id}-12000`,
			PrivateNote: expect.stringMatching(new RegExp(`^HubSpot refund of payment ${payment.id} to 120\\.00\nn8n execution \\S+$`)),
		});
		expect(receipt.Line[0]).toMatchObject({ Amount: 120, SalesItemLineDetail: { ItemRef: { value: items.services }, TaxCodeRef: { value: 'NON' } } });
		expect(String(receipt.Line[0].Description)).toContain(`(invoice ${hubspot.number})`);
		expect(tb.qb.apiCalls(/\/refundreceipt$/, 'POST')[0].query.requestid).toMatch(/^[0-9a-f-]{36}$/);

		tb.qb.sim.server.clearLog();
		const [again] = await tb.json(recordRefund(), [item]);
		expect(again).toMatchObject({ action: 'unchanged', document: { Id: receipt.Id } });
		expect(tb.writes(/\/refundreceipt$/)).toBe(0);
		expect(tb.qb.sim.store.count('RefundReceipt')).toBe(1);
	});

	it('books a second partial refund for its new part only', async () => {
		const { payment } = await paidInvoice('100.00');
		tb.hs.refundPayment(payment.id, { amount: '30.00', at: OCT_22 });
		const [first] = await tb.json(recordRefund(), [await tb.paymentItem(payment.id)]);
		expect(first).toMatchObject({ action: 'created', amount: '30.00', refundedInTotal: '30.00' });

		tb.hs.refundPayment(payment.id, { amount: '20.50', at: OCT_25 });
		const [second] = await tb.json(recordRefund(), [await tb.paymentItem(payment.id)]);
		expect(second).toMatchObject({ action: 'created', amount: '20.50', refundedInTotal: '50.50' });
		expect(refundDocuments('RefundReceipt')).toEqual([
			[30, `R-${payment.id}-3000`, `HubSpot refund of payment ${payment.id} to 30.00`],
			[20.5, `R-${payment.id}-5050`, `HubSpot refund of payment ${payment.id} to 50.50`],
		]);
		expect(String(tb.qb.sim.store.list('RefundReceipt')[1].Line[0].Description)).toMatch(/partial: 50\.50 of 100\.00 USD refunded in total/);

		const [third] = await tb.json(recordRefund(), [await tb.paymentItem(payment.id)]);
		expect(third).toMatchObject({ action: 'unchanged' });
		expect(tb.qb.sim.store.count('RefundReceipt')).toBe(2);
	});

	it('books each refund the trigger saw between two polls as its own document', async () => {
		const { payment } = await paidInvoice('100.00');
		tb.hs.refundPayment(payment.id, { amount: '10.00', at: OCT_22 });
		tb.hs.refundPayment(payment.id, { amount: '15.00', at: OCT_25 });
		const item = await tb.paymentItem(payment.id);
		// As the HubSpot trigger emits "payment refunded": one item per refund, the record as it is now.
		const events: INodeExecutionData[] = [
			{ json: { ...item.json, event: 'paymentRefunded', occurredAt: new Date(OCT_22).toISOString(), refund: { amount: '10.00', totalRefunded: '10.00', fullyRefunded: false } } },
			{ json: { ...item.json, event: 'paymentRefunded', occurredAt: new Date(OCT_25).toISOString(), refund: { amount: '15.00', totalRefunded: '25.00', fullyRefunded: false } } },
		];

		const outcomes = await tb.json(recordRefund(), events);
		expect(outcomes.map((outcome) => [outcome.action, outcome.amount, outcome.refundedInTotal])).toEqual([
			['created', '10.00', '10.00'],
			['created', '15.00', '25.00'],
		]);
		expect(tb.qb.sim.store.list('RefundReceipt').map((receipt) => [receipt.TotalAmt, receipt.TxnDate])).toEqual([
			[10, '2026-10-22'],
			[15, '2026-10-25'],
		]);

		const rerun = await tb.json(recordRefund(), events);
		expect(rerun.map((outcome) => outcome.action)).toEqual(['unchanged', 'unchanged']);
		expect(tb.qb.sim.store.count('RefundReceipt')).toBe(2);
	});

	it('treats refund events already covered by an earlier booking of the total as unchanged', async () => {
		const { payment } = await paidInvoice('100.00');
		tb.hs.refundPayment(payment.id, { amount: '10.00', at: OCT_22 });
		tb.hs.refundPayment(payment.id, { amount: '15.00', at: OCT_25 });
		const item = await tb.paymentItem(payment.id);
		// A Payment Search of refunded payments booked both refunds at once.
		const [booked] = await tb.json(recordRefund(), [item]);
		expect(booked).toMatchObject({ action: 'created', amount: '25.00', refundedInTotal: '25.00' });

		const events: INodeExecutionData[] = [
			{ json: { ...item.json, event: 'paymentRefunded', refund: { amount: '10.00', totalRefunded: '10.00', fullyRefunded: false } } },
			{ json: { ...item.json, event: 'paymentRefunded', refund: { amount: '15.00', totalRefunded: '25.00', fullyRefunded: false } } },
		];
		const outcomes = await tb.json(recordRefund(), events);
		expect(outcomes.map((outcome) => outcome.action)).toEqual(['unchanged', 'unchanged']);
		expect(tb.qb.sim.store.count('RefundReceipt')).toBe(1);
	});

	it("books a checkout payment's refund as a credit memo for the payer's customer", async () => {
		const payment = tb.hs.recordPayment({ amount: '49.99', initiatedAt: OCT_5, sourceApp: 'SALES_CHECKOUT', customerEmail: 'ap@acme.example' });
		tb.hs.refundPayment(payment.id, { amount: '9.99', at: OCT_22 });
		const parameters = recordRefund({ documentType: 'CreditMemo' });

		const [outcome] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', documentType: 'CreditMemo', amount: '9.99' });
		expect(tb.qb.sim.store.list('CreditMemo')).toMatchObject([
			{ CustomerRef: { value: customers.acme }, TotalAmt: 9.99, Balance: 9.99, DocNumber: `R-${payment.id}-999`, PrivateNote: expect.stringMatching(new RegExp(`^HubSpot refund of payment ${payment.id} to 9\\.99\nn8n execution \\S+$`)) },
		]);
		expect(tb.qb.sim.store.count('RefundReceipt')).toBe(0);

		const [again] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(again).toMatchObject({ action: 'unchanged', documentType: 'CreditMemo' });
		expect(tb.qb.sim.store.count('CreditMemo')).toBe(1);
	});

	it('skips payments that are not refunded or came from QuickBooks', async () => {
		const { hubspot, payment } = await paidInvoice('100.00');
		const fromQuickBooks = tb.hs.recordPayment({ amount: '5.00', processorType: 'quickbooks', initiatedAt: OCT_5 });
		tb.hs.refundPayment(fromQuickBooks.id, { at: OCT_22 });
		const plain = (record: { id: string; properties: Record<string, string> }) => ({ json: { objectType: 'payment', id: record.id, properties: { ...record.properties } } as IDataObject });

		const outcomes = await tb.json(recordRefund(), [plain(payment), plain(tb.hs.store.get('commerce_payments', fromQuickBooks.id)!)]);
		expect(outcomes).toEqual([
			{ action: 'skipped', hubspotPaymentId: payment.id, documentType: 'RefundReceipt', reason: 'not refunded: HubSpot status is succeeded' },
			{ action: 'skipped', hubspotPaymentId: fromQuickBooks.id, documentType: 'RefundReceipt', reason: 'skipped: originated in QuickBooks' },
		]);
		expect(tb.qb.apiCalls()).toEqual([]);
		expect(hubspot.id).toBeDefined();
	});

	it('needs the account a refund receipt pays from', async () => {
		const { payment } = await paidInvoice('100.00');
		tb.hs.refundPayment(payment.id, { at: OCT_22 });
		const [failed] = await tb.json(recordRefund({ refundFromAccount: { __rl: true, mode: 'id', value: '={{ $json.noSuchAccount ?? "" }}' } }), [await tb.paymentItem(payment.id)], { continueOnFail: true });
		expect(failed).toMatchObject({ action: 'failed', category: 'validation', hubspotPaymentId: payment.id });
		expect(String(failed.howToFix)).toMatch(/Refund From Account/);
		expect(tb.qb.sim.store.count('RefundReceipt')).toBe(0);
	});
});
