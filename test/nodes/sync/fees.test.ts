import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { withoutExecutionTag } from '../../../core';

import { byId, DEFAULT_COMPANY, recordOctoberFees, usePaymentSyncTestbed } from './paymentTestbed';

/** Record Fees as Expense (QuickBooks node, resource Expense) against both simulators. */
const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, vendors } = DEFAULT_COMPANY;

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);



function october() {
	const card = tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', platformFee: '1.00', initiatedAt: at('2026-10-03') });
	const link = tb.hs.recordPayment({ amount: '59.99', feesAmount: '2.04', platformFee: '0.60', initiatedAt: at('2026-10-17'), sourceApp: 'SALES_CHECKOUT' });
	const ach = tb.hs.recordPayment({ amount: '1000.00', feesAmount: '8.00', initiatedAt: at('2026-10-31'), methodType: 'ach' });
	const fromQuickBooks = tb.hs.recordPayment({ amount: '40.00', feesAmount: '1.46', initiatedAt: at('2026-10-10'), processorType: 'quickbooks' });
	const failed = tb.hs.recordPayment({ amount: '25.00', feesAmount: '0.00', initiatedAt: at('2026-10-11'), status: 'failed' });
	return { card, link, ach, fromQuickBooks, failed };
}

describe('Record Fees as Expense', () => {
	it('books the month as one Purchase per currency, sums exact, with the check for every payment; a second run changes nothing', async () => {
		const { card, link, ach, fromQuickBooks, failed } = october();
		const payments = await tb.searchPayments();
		expect(payments).toHaveLength(5);

		const [summary] = await tb.json(recordOctoberFees(), payments);
		expect(summary).toMatchObject({
			period: { from: '2026-10-01', to: '2026-10-31', label: '2026-10' },
			currency: 'USD',
			action: 'created',
			payments: 3,
			processingFees: '13.24',
			platformFees: '1.60',
			total: '14.84',
			docNumber: 'FEES-2026-10-USD',
		});
		expect((summary.excluded as IDataObject[]).map((entry) => [entry.paymentId, entry.reason])).toEqual(
			expect.arrayContaining([
				[fromQuickBooks.id, 'quickbooks-origin'],
				[failed.id, 'not-received'],
			]),
		);
		const checks = summary.checks as IDataObject[];
		expect(checks.map((check) => [check.paymentId, check.holds])).toEqual([
			[card.id, true],
			[link.id, true],
			[ach.id, true],
		]);
		expect(checks[0]).toMatchObject({ gross: '100', net: '95.8', processingFee: '3.2', platformFee: '1' });

		const purchase = tb.qb.sim.store.get('Purchase', String(summary.expenseId))!;
		expect(purchase).toMatchObject({
			DocNumber: 'FEES-2026-10-USD',
			TxnDate: '2026-10-31',
			PaymentType: 'Cash',
			AccountRef: { value: accounts.checking },
			EntityRef: { value: vendors.stripe, type: 'Vendor' },
			TotalAmt: 14.84,
		});
		expect(withoutExecutionTag(purchase.PrivateNote)).toBe(
			`HubSpot fees 2026-10-01 to 2026-10-31 USD\n3 payments: processing 13.24, platform 1.60, total 14.84 USD\nPayments: ${[card.id, link.id, ach.id].sort().join(' ')}`,
		);
		expect(purchase.Line.map((line: IDataObject) => [line.Amount, (line.AccountBasedExpenseLineDetail as IDataObject).AccountRef])).toEqual([
			[13.24, expect.objectContaining({ value: accounts.merchantFees })],
			[1.6, expect.objectContaining({ value: accounts.bankCharges })],
		]);
		expect(tb.qb.apiCalls(/\/purchase$/, 'POST')[0].query.requestid).toMatch(/^[0-9a-f-]{36}$/);

		tb.qb.sim.server.clearLog();
		const [again] = await tb.json(recordOctoberFees(), payments);
		expect(again).toMatchObject({ action: 'unchanged', expenseId: summary.expenseId, total: '14.84' });
		expect(tb.writes(/\/purchase$/)).toBe(0);
		expect(tb.qb.sim.store.count('Purchase')).toBe(1);
	});

	it('updates the booked expense when a late payment of the period arrives, and refuses to shrink it on a partial input', async () => {
		october();
		const [first] = await tb.json(recordOctoberFees(), await tb.searchPayments());
		tb.hs.recordPayment({ amount: '10.00', feesAmount: '0.59', platformFee: '0.10', initiatedAt: at('2026-10-30') });

		const withLate = await tb.searchPayments();
		const [updated] = await tb.json(recordOctoberFees(), withLate);
		expect(updated).toMatchObject({ action: 'updated', expenseId: first.expenseId, payments: 4, processingFees: '13.83', platformFees: '1.70', total: '15.53' });
		expect(tb.qb.sim.store.count('Purchase')).toBe(1);
		const purchase = tb.qb.sim.store.get('Purchase', String(first.expenseId))!;
		expect(purchase).toMatchObject({ TotalAmt: 15.53, SyncToken: '1' });
		expect(purchase.PrivateNote).toMatch(/\n4 payments:/);

		// A run fed with only one payment of the period must not lower the booked fees.
		const [partial] = await tb.json(recordOctoberFees(), withLate.slice(0, 1), { continueOnFail: true });
		expect(partial).toMatchObject({ action: 'failed', category: 'validation' });
		expect(String(partial.howToFix)).toMatch(/Allow Fewer Payments/);
		expect(tb.qb.sim.store.get('Purchase', String(first.expenseId))!.TotalAmt).toBe(15.53);
	});

	it('lists, and does not book, a payment whose gross − net is not its fees', async () => {
		const { card, link } = october();
		const payments = await tb.searchPayments();
		const broken = payments.find((item) => item.json.id === link.id)!;
		Object.assign(broken.json.properties as IDataObject, { hs_net_amount: '57.00', hs_net_amount_after_refunds: '57.00' });

		const [summary] = await tb.json(recordOctoberFees(), payments);
		expect(summary).toMatchObject({ action: 'created', payments: 2, processingFees: '11.20', platformFees: '1.00', total: '12.20' });
		expect(summary.excluded).toEqual(expect.arrayContaining([expect.objectContaining({ paymentId: link.id, reason: 'fees-do-not-reconcile' })]));
		expect((summary.checks as IDataObject[]).find((check) => check.paymentId === link.id)).toMatchObject({ holds: false, gross: '59.99', net: '57' });
		expect((summary.checks as IDataObject[]).find((check) => check.paymentId === card.id)).toMatchObject({ holds: true });
		expect(tb.qb.sim.store.list('Purchase')[0].TotalAmt).toBe(12.2);
	});

	it('books a date range, reads payments given only by id, and lists those outside the period', async () => {
		const inside = tb.hs.recordPayment({ amount: '50.00', feesAmount: '1.75', initiatedAt: at('2026-10-15') });
		const outside = tb.hs.recordPayment({ amount: '50.00', feesAmount: '1.75', initiatedAt: at('2026-11-02') });
		const items = [inside, outside].map((payment) => ({ json: { id: payment.id } }));

		const [summary] = await tb.json(recordOctoberFees({ period: 'dateRange', startDate: '2026-10-15T00:00:00', endDate: '2026-10-21T00:00:00' }), items);
		expect(summary).toMatchObject({ period: { from: '2026-10-15', to: '2026-10-21' }, action: 'created', payments: 1, total: '1.75' });
		expect(summary.excluded).toEqual([expect.objectContaining({ paymentId: outside.id, reason: 'outside-period' })]);
		expect(String(tb.qb.sim.store.list('Purchase')[0].DocNumber)).toMatch(/^FEES-[0-9a-f]{8}-USD$/);
	});

	it('books the previous month by default, on the card account as a credit card expense', async () => {
		const now = new Date();
		const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12));
		const label = previous.toISOString().slice(0, 7);
		tb.hs.recordPayment({ amount: '20.00', feesAmount: '0.88', initiatedAt: previous.getTime() });
		const parameters = recordOctoberFees({ paymentType: 'CreditCard', paymentAccount: byId(accounts.businessCard) });
		delete parameters.period;
		delete parameters.month;
		const start = `${label}-01T00:00:00Z`;
		const end = new Date(Date.UTC(previous.getUTCFullYear(), previous.getUTCMonth() + 1, 1)).toISOString();

		const [summary] = await tb.json(parameters, await tb.searchPayments(start, end));
		expect(summary).toMatchObject({ period: { label }, action: 'created', total: '0.88', docNumber: `FEES-${label}-USD` });
		expect(tb.qb.sim.store.list('Purchase')[0]).toMatchObject({ PaymentType: 'CreditCard', AccountRef: { value: accounts.businessCard } });
	});

	it('refuses fees in a currency the company does not keep, and books the others', async () => {
		tb.hs.recordPayment({ amount: '100.00', feesAmount: '2.90', initiatedAt: at('2026-10-05') });
		tb.hs.recordPayment({ amount: '80.00', currency: 'EUR', feesAmount: '1.50', initiatedAt: at('2026-10-06') });

		const outcomes = await tb.json(recordOctoberFees(), await tb.searchPayments(), { continueOnFail: true });
		expect(outcomes.map((outcome) => [outcome.currency, outcome.action, outcome.category])).toEqual([
			['EUR', 'failed', 'currency_mismatch'],
			['USD', 'created', undefined],
		]);
		expect(tb.qb.sim.store.count('Purchase')).toBe(1);

		const error = await tb.failure(recordOctoberFees(), await tb.searchPayments());
		expect(error.message).toMatch(/Fees in EUR cannot be booked/);
	});
});
