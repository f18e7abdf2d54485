import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, salesLines, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const ACME = DEFAULT_COMPANY.customers.acme;

async function invoice(docNumber: string, unitPrice: string): Promise<string> {
	const [created] = await qb.json({
		resource: 'invoice',
		operation: 'create',
		customer: byId(ACME),
		lines: salesLines({ unitPrice }),
		additionalFields: { docNumber },
	});
	return String(created.Id);
}

function paymentParameters(invoices: Array<[string, string]>, amount: string, extra: IDataObject = {}): IDataObject {
	return {
		resource: 'payment',
		operation: 'create',
		customer: byId(ACME),
		amount,
		invoices: { invoice: invoices.map(([invoiceId, applied]) => ({ invoiceId, amount: applied })) },
		allowUnapplied: false,
		additionalFields: {
			depositToAccount: byId(DEFAULT_COMPANY.accounts.checking),
			paymentMethod: byId(DEFAULT_COMPANY.paymentMethods.visa),
			paymentRefNum: 'ch_123',
			txnDate: '2026-10-05',
		},
		...extra,
	};
}

describe('QuickBooks node: payments', () => {
	it('records a payment applied to two invoices, into a deposit account, with method and reference', async () => {
		const first = await invoice('P-1', '100.00');
		const second = await invoice('P-2', '80.50');
		const [payment] = await qb.json(paymentParameters([[first, '100.00'], [second, '30.25']], '130.25'));

		const stored = qb.sim.store.get('Payment', String(payment.Id))!;
		expect(stored).toMatchObject({
			TotalAmt: 130.25,
			UnappliedAmt: 0,
			PaymentRefNum: 'ch_123',
			TxnDate: '2026-10-05',
			DepositToAccountRef: { value: DEFAULT_COMPANY.accounts.checking },
			PaymentMethodRef: { value: DEFAULT_COMPANY.paymentMethods.visa },
		});
		expect(stored.Line).toEqual([
			expect.objectContaining({ Amount: 100, LinkedTxn: [{ TxnId: first, TxnType: 'Invoice' }] }),
			expect.objectContaining({ Amount: 30.25, LinkedTxn: [{ TxnId: second, TxnType: 'Invoice' }] }),
		]);
		expect(qb.sim.store.get('Invoice', first)!.Balance).toBe(0);
		expect(qb.sim.store.get('Invoice', second)!.Balance).toBe(50.25);
		expect(qb.apiCalls(/\/payment$/, 'POST')[0].query.requestid).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('refuses to leave part of the amount unapplied unless asked, and then records it as unapplied', async () => {
		const first = await invoice('P-1', '100.00');
		const error = await qb.failure(paymentParameters([[first, '60.00']], '100.00'));
		expect(error.message).toMatch(/40\.00 of the payment would stay unapplied.*Allow Unapplied Amount.*\[item 0\]/);
		expect(qb.sim.store.count('Payment')).toBe(0);

		const [payment] = await qb.json(paymentParameters([[first, '60.00']], '100.00', { allowUnapplied: true }));
		expect(qb.sim.store.get('Payment', String(payment.Id))).toMatchObject({ TotalAmt: 100, UnappliedAmt: 40 });
		expect(qb.sim.store.get('Invoice', first)!.Balance).toBe(40);
	});

	it('refuses applied amounts above the payment before sending anything', async () => {
		const first = await invoice('P-1', '100.00');
		qb.sim.server.clearLog();
		const error = await qb.failure(paymentParameters([[first, '100.00']], '90.00'));
		expect(error.message).toMatch(/applied to invoices \(100\.00\) exceed the payment amount \(90\.00\)/);
		expect(qb.apiCalls(/\/payment$/)).toHaveLength(0);
	});

	it('gets a payment and gets many by customer', async () => {
		const first = await invoice('P-1', '100.00');
		const [payment] = await qb.json(paymentParameters([[first, '100.00']], '100.00'));
		const [got] = await qb.json({ resource: 'payment', operation: 'get', documentId: payment.Id });
		expect(got).toMatchObject({ Id: payment.Id, TotalAmt: 100 });
		const many = await qb.json({ resource: 'payment', operation: 'getAll', returnAll: true, filters: { customer: byId(ACME) } });
		expect(many.map((entry) => entry.Id)).toEqual([payment.Id]);
		const none = await qb.json({ resource: 'payment', operation: 'getAll', returnAll: true, filters: { customer: byId(DEFAULT_COMPANY.customers.globex) } });
		expect(none).toEqual([]);
	});

	it('updates a payment with a full update that keeps its applied lines', async () => {
		const first = await invoice('P-1', '100.00');
		const [payment] = await qb.json(paymentParameters([[first, '100.00']], '100.00'));
		await qb.json({ resource: 'payment', operation: 'update', documentId: payment.Id, updateFields: { paymentRefNum: 'ch_999', privateNote: 'Stripe charge' } });
		const stored = qb.sim.store.get('Payment', String(payment.Id))!;
		expect(stored).toMatchObject({ PaymentRefNum: 'ch_999', PrivateNote: 'Stripe charge', TotalAmt: 100, SyncToken: '1' });
		expect(stored.Line).toEqual([expect.objectContaining({ Amount: 100, LinkedTxn: [{ TxnId: first, TxnType: 'Invoice' }] })]);
		const [write] = qb.apiCalls(/\/payment$/, 'POST').slice(-1);
		expect(write.query.operation).toBe('update');
		expect(write.body).not.toHaveProperty('sparse');
	});

	it('voids a payment (sparse update with include=void): the invoice is open again', async () => {
		const first = await invoice('P-1', '100.00');
		const [payment] = await qb.json(paymentParameters([[first, '100.00']], '100.00'));
		await qb.json({ resource: 'payment', operation: 'void', documentId: payment.Id });
		expect(qb.sim.store.get('Payment', String(payment.Id))).toMatchObject({ TotalAmt: 0 });
		expect(qb.sim.store.get('Invoice', first)!.Balance).toBe(100);
		const [write] = qb.apiCalls(/\/payment$/, 'POST').slice(-1);
		expect(write.query).toMatchObject({ operation: 'update', include: 'void' });
		expect(write.body).toEqual({ Id: payment.Id, SyncToken: '0', sparse: true });
	});

	it('deletes a payment', async () => {
		const first = await invoice('P-1', '100.00');
		const [payment] = await qb.json(paymentParameters([[first, '100.00']], '100.00'));
		const [answer] = await qb.json({ resource: 'payment', operation: 'delete', documentId: payment.Id });
		expect(answer).toMatchObject({ deleted: true, Id: payment.Id });
		expect(qb.sim.store.count('Payment')).toBe(0);
		expect(qb.sim.store.get('Invoice', first)!.Balance).toBe(100);
	});
});
