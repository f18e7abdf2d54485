import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { kindOf } from '../../../sandbox/quickbooks/entities';
import { byId, DEFAULT_COMPANY, usePaymentSyncTestbed } from './paymentTestbed';

/** Record Fees as Expense on a multicurrency QuickBooks company: one Purchase per currency and period. */
const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, { multicurrency: true });
const { accounts, vendors } = DEFAULT_COMPANY;

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);

function vendorIn(currency: string): string {
	return String(tb.qb.sim.service.create(kindOf('Vendor'), { DisplayName: `HubSpot Payments (${currency})`, CurrencyRef: { value: currency } }, new Set()).Id);
}

describe('Record Fees as Expense: several currencies', () => {
	it('books each currency of the month as its own Purchase, in that currency, exactly; a second run changes nothing', async () => {
		const payments = [
			tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', platformFee: '1.00', initiatedAt: at('2026-10-03') }),
			tb.hs.recordPayment({ amount: '80.00', currency: 'EUR', feesAmount: '1.45', platformFee: '0.80', initiatedAt: at('2026-10-04') }),
			tb.hs.recordPayment({ amount: '19.99', currency: 'EUR', feesAmount: '0.53', initiatedAt: at('2026-10-28') }),
			tb.hs.recordPayment({ amount: '12000', currency: 'JPY', feesAmount: '432', platformFee: '120', initiatedAt: at('2026-10-09') }),
		];
		// Vendors hold one currency: the processor in each currency the fees come in.
		const euroVendor = vendorIn('EUR');
		const yenVendor = vendorIn('JPY');
		const items = payments.map((payment) => ({ json: { objectType: 'payment', id: payment.id, properties: { ...tb.hs.store.get('commerce_payments', payment.id)!.properties } } as IDataObject }));
		const parameters = {
			resource: 'expense',
			operation: 'recordFeesAsExpense',
			period: 'month',
			month: '2026-10',
			vendor: byId(vendors.hubspotPayments),
			expenseAccount: byId(accounts.merchantFees),
			paymentAccount: byId(accounts.checking),
			paymentType: 'Check',
			options: {
				currencies: {
					currency: [
						{ code: 'EUR', vendor: byId(euroVendor), paymentAccount: byId(accounts.checking) },
						{ code: 'jpy', vendor: byId(yenVendor) },
					],
				},
			},
		};

		const result = await tb.run(parameters, items);
		const failed = result.error('QuickBooks');
		if (failed) throw failed;
		const outcomes = result.output('QuickBooks').map((item) => item.json);
		expect(outcomes.map((outcome) => [outcome.currency, outcome.action, outcome.payments, outcome.processingFees, outcome.platformFees, outcome.total, outcome.docNumber])).toEqual([
			['EUR', 'created', 2, '1.98', '0.80', '2.78', 'FEES-2026-10-EUR'],
			['JPY', 'created', 1, '432', '120', '552', 'FEES-2026-10-JPY'],
			['USD', 'created', 1, '3.20', '1.00', '4.20', 'FEES-2026-10-USD'],
		]);
		// Each summary is paired with the input items of its currency.
		expect(result.output('QuickBooks').map((item) => item.pairedItem)).toEqual([[{ item: 1 }, { item: 2 }], [{ item: 3 }], [{ item: 0 }]]);
		const purchases = tb.qb.sim.store.list('Purchase').map((purchase) => [purchase.DocNumber, purchase.CurrencyRef?.value, purchase.TotalAmt, purchase.PaymentType, purchase.EntityRef?.value]);
		expect(purchases).toEqual([
			['FEES-2026-10-EUR', 'EUR', 2.78, 'Check', euroVendor],
			['FEES-2026-10-JPY', 'JPY', 552, 'Check', yenVendor],
			['FEES-2026-10-USD', 'USD', 4.2, 'Check', vendors.hubspotPayments],
		]);
		// Without a platform fee account, both lines go to the expense account.
		expect(tb.qb.sim.store.list('Purchase')[0].Line.map((line: IDataObject) => (line.AccountBasedExpenseLineDetail as IDataObject).AccountRef)).toEqual([
			expect.objectContaining({ value: accounts.merchantFees }),
			expect.objectContaining({ value: accounts.merchantFees }),
		]);

		tb.qb.sim.server.clearLog();
		const again = await tb.json(parameters, items);
		expect(again.map((outcome) => outcome.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(tb.writes(/\/purchase$/)).toBe(0);
	});
});
