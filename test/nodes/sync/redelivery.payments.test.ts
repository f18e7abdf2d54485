/**
 * The payment and refund templates' path when an execution is lost: the HubSpot trigger (Payment Succeeded,
 * Payment Refunded, "Deliver Each Event Again After") polled through n8n-core, its items handed to Record
 * HubSpot Payment and Record HubSpot Refund as the templates do, against both simulators. A first delivery
 * that no execution ran is booked by the second; one that ran comes out unchanged. QuickBooks ignores
 * requestid here, so only the operations' own look-ups stand between a second delivery and a duplicate.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { pollOnce, sleepMs, triggerWorkflow } from '../hubspot/helpers';
import { byId, DEFAULT_COMPANY, OCT_20, usePaymentSyncTestbed } from './paymentTestbed';

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, items } = DEFAULT_COMPANY;
/** 0.01 minutes: 600 ms. */
const AGAIN_AFTER = 0.01;
const DELAY_MS = 650;

const RECORD_PAYMENT: IDataObject = { resource: 'payment', operation: 'recordHubSpotPayment', options: { timeZone: 'UTC' } };
const RECORD_REFUND: IDataObject = {
	resource: 'refundReceipt',
	operation: 'recordHubSpotRefund',
	documentType: 'RefundReceipt',
	refundFromAccount: byId(accounts.checking),
	item: byId(items.services),
	options: { timeZone: 'UTC' },
};

describe('Payment and refund templates: a lost execution is made good by the second delivery, once', () => {
	it('a payment and a refund whose executions were lost are booked once; those that ran come out unchanged', async () => {
		tb.qb.sim.duplicateRequestIdMode = 'ignore';
		const workflow = triggerWorkflow({
			object: 'payment',
			paymentEvents: ['paymentSucceeded', 'paymentRefunded'],
			options: { redeliverAfterMinutes: AGAIN_AFTER, paymentInclude: ['invoice', 'contacts', 'companies'] },
		});
		const credentials = tb.qb.credentials;
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		await sleepMs(2);

		const lostInvoice = await tb.syncedInvoice('120.00');
		const doneInvoice = await tb.syncedInvoice('80.00');
		const lostPayment = tb.hs.recordPayment({ invoiceId: lostInvoice.hubspot.id, initiatedAt: OCT_20 }).id;
		const donePayment = tb.hs.recordPayment({ invoiceId: doneInvoice.hubspot.id, initiatedAt: OCT_20 }).id;
		const payments = await pollOnce(workflow, credentials);
		expect(payments.map((item) => [item.event, item.id])).toEqual([
			['paymentSucceeded', lostPayment],
			['paymentSucceeded', donePayment],
		]);
		// Only the second payment's execution ran.
		expect((await tb.json(RECORD_PAYMENT, payments.filter((item) => item.id === donePayment).map((json) => ({ json })))).map((outcome) => outcome.action)).toEqual(['created']);

		// A refund of the booked payment: its execution is lost too.
		tb.hs.refundPayment(donePayment, { amount: '30.00' });
		const refunds = await pollOnce(workflow, credentials);
		expect(refunds.map((item) => [item.event, item.id, (item.refund as IDataObject).amount])).toEqual([['paymentRefunded', donePayment, '30.00']]);

		await sleepMs(DELAY_MS);
		const again = await pollOnce(workflow, credentials);
		expect(again.map((item) => [item.event, item.id, item.redelivered])).toEqual([
			['paymentSucceeded', lostPayment, true],
			['paymentSucceeded', donePayment, true],
			['paymentRefunded', donePayment, true],
		]);
		const paid = await tb.json(RECORD_PAYMENT, again.filter((item) => item.event === 'paymentSucceeded').map((json) => ({ json })));
		expect(paid.map((outcome) => [outcome.hubspotPaymentId, outcome.action])).toEqual([
			[lostPayment, 'created'],
			[donePayment, 'unchanged'],
		]);
		const refunded = await tb.json(RECORD_REFUND, again.filter((item) => item.event === 'paymentRefunded').map((json) => ({ json })));
		expect(refunded.map((outcome) => outcome.action)).toEqual(['created']);

		// Each payment once, each invoice paid to its amount and no further; the refund once, to the cent.
		const booked = tb.qb.sim.store.list('Payment');
		expect(booked.map((payment) => Number(payment.TotalAmt)).sort((a, b) => a - b)).toEqual([80, 120]);
		expect(tb.invoiceBalance(lostInvoice.qboInvoiceId)).toBe(0);
		expect(tb.invoiceBalance(doneInvoice.qboInvoiceId)).toBe(0);
		expect(tb.qb.sim.store.list('RefundReceipt').map((receipt) => receipt.TotalAmt)).toEqual([30]);

		// Nothing more comes, and the books stay as they are.
		await sleepMs(DELAY_MS);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});
});
