import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, salesLines, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, customers, paymentMethods } = DEFAULT_COMPANY;

describe('QuickBooks node: sales receipts', () => {
	const create = async () =>
		(
			await qb.json({
				resource: 'salesReceipt',
				operation: 'create',
				customer: byId(customers.globex),
				lines: salesLines({ quantity: 2, unitPrice: '49.50' }),
				additionalFields: {
					depositToAccount: byId(accounts.checking),
					paymentMethod: byId(paymentMethods.visa),
					paymentRefNum: 'ch_555',
					docNumber: 'SR-1',
					txnDate: '2026-10-02',
				},
			})
		)[0];

	it('records a sale paid on the spot into a deposit account', async () => {
		const receipt = await create();
		expect(qb.sim.store.get('SalesReceipt', String(receipt.Id))).toMatchObject({
			CustomerRef: { value: customers.globex },
			TotalAmt: 99,
			Balance: 0,
			DepositToAccountRef: { value: accounts.checking },
			PaymentMethodRef: { value: paymentMethods.visa },
			PaymentRefNum: 'ch_555',
			DocNumber: 'SR-1',
		});
	});

	it('gets, gets many by number and date, voids and deletes', async () => {
		const receipt = await create();
		expect((await qb.json({ resource: 'salesReceipt', operation: 'get', documentId: receipt.Id }))[0]).toMatchObject({ Id: receipt.Id });
		const many = await qb.json({
			resource: 'salesReceipt',
			operation: 'getAll',
			returnAll: true,
			filters: { docNumber: 'SR-1', txnDateFrom: '2026-10-01T00:00:00.000Z', txnDateTo: '2026-10-31' },
		});
		expect(many.map((entry) => entry.Id)).toEqual([receipt.Id]);
		expect(qb.apiCalls(/\/query$/).at(-1)!.query.query).toBe(
			"SELECT * FROM SalesReceipt WHERE DocNumber = 'SR-1' AND TxnDate >= '2026-10-01' AND TxnDate <= '2026-10-31' STARTPOSITION 1 MAXRESULTS 1000",
		);

		await qb.json({ resource: 'salesReceipt', operation: 'void', documentId: receipt.Id });
		expect(qb.sim.store.get('SalesReceipt', String(receipt.Id))).toMatchObject({ TotalAmt: 0 });
		expect(qb.apiCalls(/\/salesreceipt$/, 'POST').at(-1)!.query).toMatchObject({ operation: 'update', include: 'void' });

		await qb.json({ resource: 'salesReceipt', operation: 'delete', documentId: receipt.Id });
		expect(qb.sim.store.count('SalesReceipt')).toBe(0);
	});
});

describe('QuickBooks node: credit memos', () => {
	it('creates, gets, gets many by customer and deletes a credit memo', async () => {
		const [memo] = await qb.json({
			resource: 'creditMemo',
			operation: 'create',
			customer: byId(customers.initech),
			lines: salesLines({ unitPrice: '25.00', description: 'Goodwill credit' }),
			additionalFields: { docNumber: 'CM-1', privateNote: 'HubSpot refund 77' },
		});
		expect(qb.sim.store.get('CreditMemo', String(memo.Id))).toMatchObject({ TotalAmt: 25, RemainingCredit: 25, DocNumber: 'CM-1', PrivateNote: expect.stringMatching(/^HubSpot refund 77\nn8n request /) });
		expect((await qb.json({ resource: 'creditMemo', operation: 'get', documentId: memo.Id }))[0]).toMatchObject({ Id: memo.Id });
		const many = await qb.json({ resource: 'creditMemo', operation: 'getAll', returnAll: true, filters: { customer: byId(customers.initech) } });
		expect(many.map((entry) => entry.Id)).toEqual([memo.Id]);
		await qb.json({ resource: 'creditMemo', operation: 'delete', documentId: memo.Id });
		expect(qb.sim.store.count('CreditMemo')).toBe(0);
	});
});

describe('QuickBooks node: refund receipts', () => {
	const refund = (extra: IDataObject = {}) => ({
		resource: 'refundReceipt',
		operation: 'create',
		customer: byId(customers.acme),
		refundFromAccount: byId(accounts.checking),
		lines: salesLines({ unitPrice: '40.00' }),
		additionalFields: { paymentRefNum: 're_123', docNumber: 'RF-1', ...extra },
	});

	it('records money paid back from a bank account, then gets, lists and deletes it', async () => {
		const [receipt] = await qb.json(refund());
		expect(qb.sim.store.get('RefundReceipt', String(receipt.Id))).toMatchObject({
			CustomerRef: { value: customers.acme },
			DepositToAccountRef: { value: accounts.checking },
			PaymentRefNum: 're_123',
			TotalAmt: 40,
		});
		expect((await qb.json({ resource: 'refundReceipt', operation: 'get', documentId: receipt.Id }))[0]).toMatchObject({ Id: receipt.Id });
		const many = await qb.json({ resource: 'refundReceipt', operation: 'getAll', returnAll: true, filters: { customer: byId(customers.acme) } });
		expect(many.map((entry) => entry.Id)).toEqual([receipt.Id]);
		await qb.json({ resource: 'refundReceipt', operation: 'delete', documentId: receipt.Id });
		expect(qb.sim.store.count('RefundReceipt')).toBe(0);
	});

	it('passes on QuickBooks’ own requirement: a bank refund needs a reference number (2020)', async () => {
		const error = await qb.failure(refund({ paymentRefNum: '' }));
		expect(error.message).toMatch(/QuickBooks error 2020.*PaymentRefNum.*\[item 0\]/);
		expect(qb.sim.store.count('RefundReceipt')).toBe(0);
	});
});
