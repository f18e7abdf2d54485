import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, vendors } = DEFAULT_COMPANY;

function expenseParameters(extra: IDataObject = {}): IDataObject {
	return {
		resource: 'expense',
		operation: 'create',
		paymentType: 'CreditCard',
		paymentAccount: byId(accounts.businessCard),
		lines: {
			line: [
				{ account: byId(accounts.merchantFees), amount: '12.34', description: 'Stripe processing fees, October' },
				{ account: byId(accounts.bankCharges), amount: '0.66', description: 'HubSpot platform fee' },
			],
		},
		additionalFields: { vendor: byId(vendors.stripe), txnDate: '2026-10-31', privateNote: 'Fees 2026-10, 14 payments', docNumber: 'FEES-2026-10' },
		...extra,
	};
}

describe('QuickBooks node: expenses (Purchase)', () => {
	it('records an expense paid by card to a vendor, with account lines and a memo', async () => {
		const [expense] = await qb.json(expenseParameters());
		const stored = qb.sim.store.get('Purchase', String(expense.Id))!;
		expect(stored).toMatchObject({
			PaymentType: 'CreditCard',
			AccountRef: { value: accounts.businessCard },
			EntityRef: { value: vendors.stripe, type: 'Vendor' },
			TotalAmt: 13,
			TxnDate: '2026-10-31',
			DocNumber: 'FEES-2026-10',
			PrivateNote: expect.stringMatching(/^Fees 2026-10, 14 payments\nn8n request /),
		});
		expect((stored.Line as IDataObject[]).map((line) => [line.Amount, (line.AccountBasedExpenseLineDetail as IDataObject).AccountRef])).toEqual([
			[12.34, expect.objectContaining({ value: accounts.merchantFees })],
			[0.66, expect.objectContaining({ value: accounts.bankCharges })],
		]);
		expect(qb.apiCalls(/\/purchase$/, 'POST')[0].query).toMatchObject({ minorversion: '75', requestid: expect.any(String) });
	});

	it('refuses an amount with more places than the currency before sending it', async () => {
		const error = await qb.failure(
			expenseParameters({ lines: { line: [{ account: byId(accounts.merchantFees), amount: '12.345' }] } }),
		);
		expect(error.message).toMatch(/Line 1 amount 12\.345 has more than 2 decimal places.*\[item 0\]/);
		expect(qb.sim.store.count('Purchase')).toBe(0);
	});

	it('gets an expense, gets many by payment type, and deletes one', async () => {
		const [card] = await qb.json(expenseParameters());
		const [check] = await qb.json(
			expenseParameters({
				paymentType: 'Check',
				paymentAccount: byId(accounts.checking),
				additionalFields: { txnDate: '2026-10-31' },
				lines: { line: [{ account: byId(accounts.bankCharges), amount: '5.00' }] },
			}),
		);
		const [got] = await qb.json({ resource: 'expense', operation: 'get', documentId: card.Id });
		expect(got).toMatchObject({ Id: card.Id, TotalAmt: 13 });

		const checks = await qb.json({ resource: 'expense', operation: 'getAll', returnAll: true, filters: { paymentType: 'Check' } });
		expect(checks.map((entry) => entry.Id)).toEqual([check.Id]);

		const [deleted] = await qb.json({ resource: 'expense', operation: 'delete', documentId: check.Id });
		expect(deleted).toMatchObject({ deleted: true, Id: check.Id });
		expect(qb.sim.store.list('Purchase').map((entry) => entry.Id)).toEqual([card.Id]);
	});
});
