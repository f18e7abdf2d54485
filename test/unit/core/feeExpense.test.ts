import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
	decideFeeExpenseChange,
	feeExpenseDocNumber,
	feeExpenseMarker,
	feeExpensePurchase,
	monthPeriod,
	summarizeFees,
	type FeeExpenseSettings,
} from '../../../core/feeExpense';
import { payment } from './invoiceFactory';

const october = monthPeriod(2026, 10);

/** A Stripe-style payment: gross, processing and platform fee, net = gross − fees. */
function paid(id: string, gross: string, processing: string, platform: string, net: string, extra: Record<string, string | null> = {}) {
	return payment(id, { hs_initial_amount: gross, hs_fees_amount: processing, hs_platform_fee: platform, hs_net_amount: net, ...extra });
}

const expenseSettings: FeeExpenseSettings = {
	paymentType: 'Cash',
	paidFromAccountRef: { value: '91', name: 'Stripe clearing' },
	vendorRef: { value: '44', name: 'HubSpot Payments' },
	processingFeeAccountRef: { value: '70', name: 'Merchant fees' },
	platformFeeAccountRef: { value: '71', name: 'Software fees' },
	homeCurrency: 'USD',
	multicurrencyEnabled: false,
};

describe('summarizeFees', () => {
	it('sums processing and platform fees per currency, exactly', () => {
		const summary = summarizeFees(
			[
				paid('1', '100.00', '3.20', '0.75', '96.05'),
				paid('2', '0.10', '0.01', '0.00', '0.09'),
				paid('3', '0.20', '0.02', '0.01', '0.17'),
				paid('4', '80.00', '2.62', '0.60', '76.78', { hs_currency_code: 'EUR' }),
			],
			october,
		);
		expect(summary.currencies).toEqual([
			{ currency: 'EUR', processingFees: '2.62', platformFees: '0.60', totalFees: '3.22', paymentCount: 1, paymentIds: ['4'] },
			{ currency: 'USD', processingFees: '3.23', platformFees: '0.76', totalFees: '3.99', paymentCount: 3, paymentIds: ['1', '2', '3'] },
		]);
		expect(summary.excluded).toEqual([]);
		expect(summary.checks.every((check) => check.holds)).toBe(true);
	});

	it('lists payments where gross − net ≠ fees and leaves them out', () => {
		const summary = summarizeFees([paid('1', '100.00', '3.20', '0.75', '96.05'), paid('2', '50.00', '1.75', '0.30', '48.00')], october);
		expect(summary.currencies[0]).toMatchObject({ processingFees: '3.20', platformFees: '0.75', paymentCount: 1 });
		expect(summary.excluded).toEqual([
			expect.objectContaining({ paymentId: '2', reason: 'fees-do-not-reconcile', message: expect.stringContaining('gross 50 − net 48') }),
		]);
		expect(summary.checks.find((check) => check.paymentId === '2')).toMatchObject({ holds: false, gross: '50', net: '48', processingFee: '1.75', platformFee: '0.3' });
	});

	it('accepts net after refunds, HubSpot’s knowledge-base definition of net amount', () => {
		const summary = summarizeFees([paid('1', '100.00', '3.20', '0.75', '56.05', { hs_refunds_amount: '40.00', hs_latest_status: 'partially_refunded' })], october);
		expect(summary.checks[0]).toMatchObject({ holds: true, netDefinition: 'after-refunds' });
		expect(summary.currencies[0].processingFees).toBe('3.20');
		const negative = summarizeFees([paid('1', '100.00', '3.20', '0.75', '-3.95', { hs_refunds_amount: '100.00', hs_latest_status: 'refunded' })], october);
		expect(negative.checks[0].holds).toBe(true);
		const afterRefundsProperty = summarizeFees([payment('1', { hs_initial_amount: '100', hs_fees_amount: '3', hs_refunds_amount: '10', hs_net_amount_after_refunds: '87' })], october);
		expect(afterRefundsProperty.checks[0]).toMatchObject({ holds: true, netDefinition: 'after-refunds' });
	});

	it('lists a negative fee as excluded instead of booking a negative expense line', () => {
		const summary = summarizeFees([paid('1', '100.00', '-5.00', '0', '105.00'), paid('2', '100.00', '3.20', '-0.50', '97.30'), paid('3', '50.00', '1.00', '0', '49.00')], october);
		expect(summary.excluded.map((entry) => [entry.paymentId, entry.reason])).toEqual([
			['1', 'negative-fee'],
			['2', 'negative-fee'],
		]);
		expect(summary.excluded[0].message).toContain('-5');
		expect(summary.currencies).toEqual([expect.objectContaining({ processingFees: '1.00', paymentIds: ['3'] })]);
	});

	it('lists a payment whose two net figures contradict each other, even when one of them adds up', () => {
		const contradicting = paid('1', '100.00', '3.20', '0', '96.81', { hs_net_amount_after_refunds: '96.80' });
		const agreeing = paid('2', '100.00', '3.20', '0', '96.80', { hs_net_amount_after_refunds: '96.80' });
		const summary = summarizeFees([contradicting, agreeing], october);
		expect(summary.excluded).toEqual([
			expect.objectContaining({ paymentId: '1', reason: 'net-amounts-contradict', message: expect.stringContaining('hs_net_amount 96.81 and hs_net_amount_after_refunds 96.8 contradict') }),
		]);
		expect(summary.currencies[0]).toMatchObject({ processingFees: '3.20', paymentIds: ['2'] });
		const bothWrong = summarizeFees([paid('3', '100.00', '3.20', '0', '96.81', { hs_net_amount_after_refunds: '96.82' })], october);
		expect(bothWrong.excluded[0].reason).toBe('fees-do-not-reconcile');
	});

	it('keeps fees of refunded payments: fees are not returned', () => {
		const summary = summarizeFees([paid('1', '100.00', '3.20', '0', '96.80', { hs_latest_status: 'refunded', hs_refunds_amount: '0' })], october);
		expect(summary.currencies[0].paymentCount).toBe(1);
	});

	it('leaves out payments outside the period, not received, from QuickBooks, unverifiable or unreadable', () => {
		const summary = summarizeFees(
			[
				paid('1', '10', '1', '0', '9', { hs_initiated_date: '2026-09-30T23:59:59Z' }),
				paid('2', '10', '1', '0', '9', { hs_latest_status: 'failed' }),
				paid('3', '10', '1', '0', '9', { hs_processor_type: 'quickbooks' }),
				paid('4', '10', '1', '0', '9', { hs_net_amount: null }),
				paid('5', 'ten', '1', '0', '9'),
				paid('6', '10', '0.015', '0', '9.985'),
				paid('7', '10', '1', '0', '9', { hs_currency_code: null }),
				payment('8', { hs_initial_amount: '10' }),
			],
			october,
		);
		expect(summary.excluded.map((entry) => [entry.paymentId, entry.reason])).toEqual([
			['1', 'outside-period'],
			['2', 'not-received'],
			['3', 'quickbooks-origin'],
			['4', 'fees-unverifiable'],
			['5', 'invalid-data'],
			['6', 'invalid-data'],
			['7', 'invalid-data'],
		]);
		// A payment without fees and without a net amount has nothing to check or book.
		expect(summary.checks.find((check) => check.paymentId === '8')).toMatchObject({ holds: true, netDefinition: 'no-fees' });
	});

	it('dates payments in the books’ time zone', () => {
		const late = [paid('1', '10', '1', '0', '9', { hs_initiated_date: '2026-11-01T03:00:00Z' })];
		expect(summarizeFees(late, october).excluded[0]?.reason).toBe('outside-period');
		expect(summarizeFees(late, october, { timeZone: 'America/New_York' }).currencies[0]?.paymentCount).toBe(1);
	});

	it('refuses a period that is not a pair of ordered dates', () => {
		expect(() => summarizeFees([], { from: '2026-10-31', to: '2026-10-01' })).toThrow(RangeError);
	});

	it('adds up exactly over many payments (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 500 })), { maxLength: 60 }), (rows) => {
				// Integer cents here, decimal text for HubSpot: net = gross − fees.
				const cents = (value: number) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
				const payments = rows.map(([net, fee, platform], index) => paid(String(index), cents(net + fee + platform), cents(fee), cents(platform), cents(net)));
				const summary = summarizeFees(payments, october);
				const expectedProcessing = rows.reduce((sum, [, fee]) => sum + fee, 0);
				const expectedPlatform = rows.reduce((sum, [, , platform]) => sum + platform, 0);
				if (rows.length === 0) return expect(summary.currencies).toEqual([]);
				expect(summary.currencies[0].processingFees).toBe(cents(expectedProcessing));
				expect(summary.currencies[0].platformFees).toBe(cents(expectedPlatform));
				expect(summary.currencies[0].totalFees).toBe(cents(expectedProcessing + expectedPlatform));
				expect(summary.currencies[0].paymentCount).toBe(rows.length);
			}),
			{ numRuns: 300 },
		);
	});
});

describe('feeExpensePurchase', () => {
	const summary = summarizeFees([paid('1', '100.00', '3.20', '0.75', '96.05'), paid('2', '50.00', '1.75', '0.30', '47.95')], october);

	it('books one purchase per period and currency, one line per fee kind', () => {
		const result = feeExpensePurchase(summary, 'USD', expenseSettings);
		expect(result).toEqual({
			ok: true,
			docNumber: 'FEES-2026-10-USD',
			marker: 'HubSpot fees 2026-10-01 to 2026-10-31 USD',
			totals: summary.currencies[0],
			document: {
				PaymentType: 'Cash',
				AccountRef: { value: '91', name: 'Stripe clearing' },
				EntityRef: { value: '44', name: 'HubSpot Payments', type: 'Vendor' },
				TxnDate: '2026-10-31',
				DocNumber: 'FEES-2026-10-USD',
				PrivateNote: 'HubSpot fees 2026-10-01 to 2026-10-31 USD\n2 payments: processing 4.95, platform 1.05, total 6.00 USD',
				Line: [
					{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 4.95, Description: 'HubSpot payment processing fees, 2 payments, 2026-10-01 to 2026-10-31', AccountBasedExpenseLineDetail: { AccountRef: { value: '70', name: 'Merchant fees' } } },
					{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 1.05, Description: 'HubSpot platform fees, 2 payments, 2026-10-01 to 2026-10-31', AccountBasedExpenseLineDetail: { AccountRef: { value: '71', name: 'Software fees' } } },
				],
			},
		});
	});

	it('leaves out a fee kind with nothing in it, and books nothing for a currency without fees', () => {
		const processingOnly = feeExpensePurchase(summarizeFees([paid('1', '10', '1', '0', '9')], october), 'USD', expenseSettings);
		expect(processingOnly.ok && processingOnly.document?.Line).toHaveLength(1);
		const none = feeExpensePurchase(summary, 'GBP', { ...expenseSettings, multicurrencyEnabled: true });
		expect(none).toMatchObject({ ok: true, document: null, docNumber: 'FEES-2026-10-GBP' });
	});

	it('sets the currency under multicurrency and refuses a foreign currency without it', () => {
		const euros = summarizeFees([paid('1', '10', '1', '0', '9', { hs_currency_code: 'EUR' })], october);
		const multi = feeExpensePurchase(euros, 'EUR', { ...expenseSettings, multicurrencyEnabled: true });
		expect(multi.ok && multi.document?.CurrencyRef).toEqual({ value: 'EUR' });
		const single = feeExpensePurchase(euros, 'EUR', expenseSettings);
		expect(!single.ok && single.error.category).toBe('currency_mismatch');
	});

	it('names periods stably and within 21 characters', () => {
		expect(feeExpenseDocNumber(october, 'USD')).toBe('FEES-2026-10-USD');
		expect(feeExpenseDocNumber({ from: '2026-10-01', to: '2026-10-31' }, 'USD')).toBe('FEES-2026-10-USD');
		const fortnight = feeExpenseDocNumber({ from: '2026-10-01', to: '2026-10-15' }, 'USD');
		expect(fortnight).toMatch(/^FEES-[0-9a-f]{8}-USD$/);
		expect(feeExpenseDocNumber({ from: '2026-10-01', to: '2026-10-15' }, 'USD')).toBe(fortnight);
		expect(feeExpenseDocNumber({ from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' }, 'KWD')).toBe('FEES-2026-Q4-KWD');
		expect(feeExpenseMarker(monthPeriod(2026, 2), 'USD')).toBe('HubSpot fees 2026-02-01 to 2026-02-28 USD');
	});
});

describe('decideFeeExpenseChange', () => {
	const first = feeExpensePurchase(summarizeFees([paid('1', '100.00', '3.20', '0.75', '96.05')], october), 'USD', expenseSettings);
	if (!first.ok || first.document === null) throw new Error('expected an expense');
	const stored = { ...first.document, Id: '501', SyncToken: '0', Line: first.document.Line.map((line, index) => ({ ...line, Id: String(index + 1) })), TotalAmt: 3.95 };

	it('creates the first time and finds nothing to change the second time', () => {
		expect(decideFeeExpenseChange(first, undefined)).toEqual({ action: 'create', document: first.document });
		expect(decideFeeExpenseChange(first, stored)).toEqual({ action: 'unchanged', purchaseId: '501' });
	});

	it('updates the booked expense when a late payment arrives in the period', () => {
		const later = feeExpensePurchase(summarizeFees([paid('1', '100.00', '3.20', '0.75', '96.05'), paid('9', '20.00', '0.88', '0', '19.12')], october), 'USD', expenseSettings);
		if (!later.ok) throw new Error('expected an expense');
		const change = decideFeeExpenseChange(later, stored);
		expect(change).toMatchObject({ action: 'update', purchaseId: '501', document: { Id: '501', SyncToken: '0', DocNumber: 'FEES-2026-10-USD' } });
		expect(change.action === 'update' && change.document.Line[0].Amount).toBe(4.08);
	});

	it('skips a period without fees', () => {
		const none = feeExpensePurchase(summarizeFees([], october), 'USD', expenseSettings);
		if (!none.ok) throw new Error('expected ok');
		expect(decideFeeExpenseChange(none, undefined)).toMatchObject({ action: 'skip' });
	});
});
