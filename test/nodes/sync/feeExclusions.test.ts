/**
 * Record Fees as Expense lists, and never books, fees it cannot prove, through n8n-core against both
 * simulators: a negative fee (it would book a Purchase line of −5) and a payment whose two net figures
 * contradict each other (hs_net_amount 96.81, hs_net_amount_after_refunds 96.80, gross 100.00, fees 3.20).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { recordOctoberFees, usePaymentSyncTestbed } from './paymentTestbed';

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);



describe('Record Fees as Expense: fees it cannot prove are listed, not booked', () => {
	it('leaves out a negative fee and a payment with contradicting net figures, books the rest exactly', async () => {
		const good = tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', platformFee: '1.00', initiatedAt: at('2026-10-03') });
		const negative = tb.hs.recordPayment({ amount: '100.00', feesAmount: '-5.00', initiatedAt: at('2026-10-09') });
		const contradicting = tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', initiatedAt: at('2026-10-21') });
		const payments = await tb.searchPayments();
		// As HubSpot reported it: the two nets one cent apart, only one of them gross − fees.
		Object.assign(payments.find((item) => item.json.id === contradicting.id)!.json.properties as IDataObject, { hs_net_amount: '96.81', hs_net_amount_after_refunds: '96.80' });

		const [summary] = await tb.json(recordOctoberFees(), payments);
		expect(summary).toMatchObject({ action: 'created', currency: 'USD', payments: 1, processingFees: '3.20', platformFees: '1.00', total: '4.20' });
		const excluded = summary.excluded as IDataObject[];
		expect(excluded.map((entry) => [entry.paymentId, entry.reason])).toEqual(
			expect.arrayContaining([
				[negative.id, 'negative-fee'],
				[contradicting.id, 'net-amounts-contradict'],
			]),
		);
		expect(String(excluded.find((entry) => entry.paymentId === negative.id)?.message)).toContain('-5');
		expect(String(excluded.find((entry) => entry.paymentId === contradicting.id)?.message)).toContain('hs_net_amount 96.81 and hs_net_amount_after_refunds 96.8 contradict');

		const purchases = tb.qb.sim.store.list('Purchase');
		expect(purchases).toHaveLength(1);
		expect(purchases[0].TotalAmt).toBe(4.2);
		const amounts = (purchases[0].Line as IDataObject[]).map((line) => line.Amount as number);
		expect(amounts).toEqual([3.2, 1]);
		expect(amounts.every((amount) => amount > 0)).toBe(true);
		expect(String(purchases[0].PrivateNote)).toContain('1 payment:');
		expect((summary.checks as IDataObject[]).find((check) => check.paymentId === good.id)).toMatchObject({ holds: true, gross: '100', processingFee: '3.2' });
	});

	it('books nothing for a month whose only fee is negative', async () => {
		tb.hs.recordPayment({ amount: '50.00', feesAmount: '-5.00', initiatedAt: at('2026-10-09') });
		const [summary] = await tb.json(recordOctoberFees(), await tb.searchPayments());
		expect(summary).toMatchObject({ payments: 0, total: '0.00' });
		expect((summary.excluded as IDataObject[]).map((entry) => entry.reason)).toEqual(['negative-fee']);
		expect(tb.qb.sim.store.list('Purchase')).toEqual([]);
	});
});
