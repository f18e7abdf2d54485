/**
 * The payment and refund templates' path when an execution is lost: the HubSpot trigger (Payment Succeeded,
 * Payment Refunded, "Deliver Each Event Again After") polled through n8n-core, its items handed to Record
 * HubSpot Payment and Record HubSpot Refund as the templates do, against both simulators. A first delivery
 * that no execution ran is booked by the second; one that ran comes out unchanged. QuickBooks ignores
 * requestid here, so only the operations' own look-ups stand between a second delivery and a duplicate.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { pollOnce, sleepMs, triggerWorkflow, untilSearchable } from '../hubspot/helpers';
import { OCT_20, RECORD_REFUND, usePaymentSyncTestbed } from './paymentTestbed';

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
/** 0.05 minutes: 3 s. */
const AGAIN_AFTER = 0.05;
const DELAY_MS = 3_050;

const RECORD_PAYMENT: IDataObject = { resource: 'payment', operation: 'recordHubSpotPayment', options: { timeZone: 'UTC' } };

describe('Payment and refund templates: a lost execution is made good by the second delivery, once', () => {
	it('a payment and a refund whose executions were lost are booked once; those that ran come out unchanged', async () => {
		tb.qb.sim.duplicateRequestIdMode = 'ignore';
		const workflow = triggerWorkflow({
			object: 'payment',
			paymentEvents: ['paymentSucceeded', 'paymentRefunded'],
			options: { redeliverAfterMinutes: AGAIN_AFTER, paymentInclude: ['invoice', 'contacts', 'companies'] },
		});
		const credentials = tb.qb.credentials;
		// Each poll after HubSpot's search shows the writes before it, as a trigger's look-back would wait for them.
		const poll = async () => {
			await untilSearchable(tb.hs);
			return await pollOnce(workflow, credentials);
		};
		expect(await poll()).toEqual([]);
		await sleepMs(2);

		const lostInvoice = await tb.syncedInvoice('120.00');
		const doneInvoice = await tb.syncedInvoice('80.00');
		const lostPayment = tb.hs.recordPayment({ invoiceId: lostInvoice.hubspot.id, initiatedAt: OCT_20 }).id;
		const donePayment = tb.hs.recordPayment({ invoiceId: doneInvoice.hubspot.id, initiatedAt: OCT_20 }).id;
		// Second deliveries come with whichever poll finds them due; first deliveries are checked per poll.
		const again: IDataObject[] = [];
		const firstDeliveries = async () => {
			const items = await poll();
			again.push(...items.filter((item) => item.redelivered === true));
			return items.filter((item) => item.redelivered !== true);
		};
		const payments = await firstDeliveries();
		expect(payments.map((item) => [item.event, item.id])).toEqual([
			['paymentSucceeded', lostPayment],
			['paymentSucceeded', donePayment],
		]);
		// Only the second payment's execution ran.
		expect((await tb.json(RECORD_PAYMENT, payments.filter((item) => item.id === donePayment).map((json) => ({ json })))).map((outcome) => outcome.action)).toEqual(['created']);

		// A refund of the booked payment: its execution is lost too.
		tb.hs.refundPayment(donePayment, { amount: '30.00' });
		const refunds = await firstDeliveries();
		expect(refunds.map((item) => [item.event, item.id, (item.refund as IDataObject).amount])).toEqual([['paymentRefunded', donePayment, '30.00']]);

		const deadline = Date.now() + 30_000;
		while (again.length < 3 && Date.now() < deadline) {
			await sleepMs(500);
			expect(await firstDeliveries()).toEqual([]);
		}
		expect(again.map((item) => [item.event, item.id])).toEqual([
			['paymentSucceeded', lostPayment],
			['paymentSucceeded', donePayment],
			['paymentRefunded', donePayment],
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
		expect(await poll()).toEqual([]);
	});
});
