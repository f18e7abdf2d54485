import { describe, expect, it } from '@jest/globals';
import { billedLine, computeBilledAmount, describeBilledAmount, inSortOrder } from '../../../core/billedAmount';
import { SyncFailure } from '../../../core/errors';
import { decimalToString, formatMoney } from '../../../core/money';
import { invoice, lineItem, record } from './invoiceFactory';

function refusal(run: () => unknown): SyncFailure {
	try {
		run();
	} catch (thrown) {
		if (thrown instanceof SyncFailure) return thrown;
		throw thrown;
	}
	throw new Error('expected a SyncFailure');
}

describe('billedLine', () => {
	it('is unit price × quantity', () => {
		const line = billedLine(lineItem('1', { price: '19.99', quantity: '3' }), 'USD');
		expect(formatMoney(line.amount)).toBe('59.97');
		expect(line.amountSource).toBe('computed');
	});

	it('takes a percentage discount off the line total, not each unit (10 × 234.56 less 20% = 1876.48)', () => {
		const line = billedLine(lineItem('1', { price: '234.56', quantity: '10', hs_discount_percentage: '20' }), 'USD');
		expect(formatMoney(line.amount)).toBe('1876.48');
		expect(line.discount?.kind).toBe('percent');
		if (line.discount?.kind === 'percent') expect(formatMoney(line.discount.amount)).toBe('469.12');
	});

	it('rounds the percentage discount to the currency half-up (11.90 less 15% = 10.11)', () => {
		expect(formatMoney(billedLine(lineItem('1', { price: '11.90', quantity: '1', hs_discount_percentage: '15' }), 'USD').amount)).toBe('10.11');
	});

	it('takes a unit discount off every unit: (price − discount) × quantity', () => {
		const line = billedLine(lineItem('1', { price: '50', quantity: '3', discount: '5' }), 'USD');
		expect(formatMoney(line.amount)).toBe('135.00');
		expect(decimalToString(line.netUnitPrice ?? { units: -1n, scale: 0 })).toBe('45');
	});

	it('rounds sub-cent prices and decimal quantities once, per line', () => {
		expect(formatMoney(billedLine(lineItem('1', { price: '19.999', quantity: '3' }), 'USD').amount)).toBe('60.00');
		expect(formatMoney(billedLine(lineItem('1', { price: '0.123456', quantity: '7.25' }), 'USD').amount)).toBe('0.90');
		expect(formatMoney(billedLine(lineItem('1', { price: '0.123456', quantity: '7.25' }), 'KWD').amount)).toBe('0.895');
		expect(formatMoney(billedLine(lineItem('1', { price: '333.5', quantity: '1' }), 'JPY').amount)).toBe('334');
	});

	it('uses HubSpot’s own net price when present and notes a difference from price × quantity', () => {
		const notes: string[] = [];
		const line = billedLine(lineItem('9', { price: '10', quantity: '3', amount: '29.5' }), 'USD', notes);
		expect(formatMoney(line.amount)).toBe('29.50');
		expect(line.amountSource).toBe('hubspot');
		expect(notes[0]).toContain('Line item 9');
		expect(notes[0]).toContain('30.00 USD');
	});

	it('works from HubSpot’s amount alone (tiered prices have no unit price)', () => {
		const line = billedLine(lineItem('1', { quantity: '120', amount: '950.00', hs_pricing_model: 'tiered' }), 'USD');
		expect(formatMoney(line.amount)).toBe('950.00');
	});

	it('prefers the percentage when both discount kinds are set, and says so', () => {
		const notes: string[] = [];
		const line = billedLine(lineItem('1', { price: '100', quantity: '1', hs_discount_percentage: '10', discount: '5' }), 'USD', notes);
		expect(formatMoney(line.amount)).toBe('90.00');
		expect(notes).toHaveLength(1);
	});

	it('ignores zero discounts', () => {
		const line = billedLine(lineItem('1', { price: '100', quantity: '2', hs_discount_percentage: '0', discount: '0.00' }), 'USD');
		expect(line.discount).toBeUndefined();
		expect(formatMoney(line.amount)).toBe('200.00');
	});

	it.each([
		[{ price: '10', quantity: '-1' }, 'negative quantity'],
		[{ price: '-10', quantity: '1' }, 'negative unit price'],
		[{ price: '10', quantity: '1', hs_discount_percentage: '120' }, 'outside 0–100'],
		[{ price: '10', quantity: '1', discount: '11' }, 'larger than its price'],
		[{ quantity: '1' }, 'neither a unit price nor an amount'],
		[{ price: 'ten', quantity: '1' }, 'not a valid decimal'],
	])('refuses %p (%s)', (properties, words) => {
		const failure = refusal(() => billedLine(lineItem('1', properties), 'USD'));
		expect(failure.syncError.category).toBe('validation');
		expect(failure.syncError.message).toContain(words);
	});

	it('refuses a line item in another currency', () => {
		expect(refusal(() => billedLine(lineItem('1', { price: '1', hs_line_item_currency_code: 'EUR' }), 'USD')).syncError.category).toBe('currency_mismatch');
	});
});

describe('computeBilledAmount', () => {
	it('applies discounts, then fees, then taxes, each percentage of the running subtotal', () => {
		const billed = computeBilledAmount(
			invoice({
				lineItems: [lineItem('1', { price: '100', quantity: '2' }), lineItem('2', { price: '50', quantity: '1' })],
				discounts: [
					record('d2', { hs_type: 'PERCENT', hs_value: '10', hs_sort_order: '2' }),
					record('d1', { hs_type: 'FIXED', hs_value: '25', hs_sort_order: '1', hs_label: 'Welcome' }),
				],
				fees: [record('f1', { hs_type: 'PERCENT', hs_value: '3', hs_label: 'Card surcharge' }), record('f2', { hs_type: 'FIXED', hs_value: '9.95' })],
				taxes: [record('t1', { hs_type: 'PERCENT', hs_value: '8.875', hs_label: 'NY sales tax' })],
			}),
			'USD',
		);
		// 250 − 25 = 225; −10% = 22.50 → 202.50; +3% = 6.08 (6.075 half-up) → 208.58; +9.95 → 218.53; +8.875% = 19.39 (19.3945) → 237.92
		expect(billed.discounts.map((discount) => discount.id)).toEqual(['d1', 'd2']);
		expect(describeBilledAmount(billed)).toMatchObject({
			subtotal: '250.00',
			totalDiscount: '47.50',
			totalFees: '16.03',
			totalTax: '19.39',
			total: '237.92',
		});
		expect(billed.fees[0].label).toBe('Card surcharge');
		expect(billed.fees[1].label).toBe('Fee');
	});

	it('works in zero- and three-decimal currencies', () => {
		const yen = computeBilledAmount(
			invoice({ lineItems: [lineItem('1', { price: '999', quantity: '3' })], taxes: [record('t', { hs_type: 'PERCENT', hs_value: '10' })] }),
			'JPY',
		);
		expect(formatMoney(yen.total)).toBe('3297');
		const dinar = computeBilledAmount(
			invoice({ lineItems: [lineItem('1', { price: '1.2345', quantity: '3' })], discounts: [record('d', { hs_type: 'PERCENT', hs_value: '5' })] }),
			'KWD',
		);
		expect(formatMoney(dinar.subtotal)).toBe('3.704');
		expect(formatMoney(dinar.total)).toBe('3.519');
	});

	it('refuses discounts larger than the lines', () => {
		const failure = refusal(() =>
			computeBilledAmount(invoice({ lineItems: [lineItem('1', { price: '10' })], discounts: [record('d', { hs_type: 'FIXED', hs_value: '11' })] }), 'USD'),
		);
		expect(failure.syncError.category).toBe('validation');
		expect(failure.syncError.message).toContain('10.00 USD');
	});

	it.each([
		[{ hs_type: 'AMOUNT', hs_value: '1' }, 'FIXED or PERCENT'],
		[{ hs_type: 'FIXED' }, 'no value'],
		[{ hs_type: 'FIXED', hs_value: '-1' }, 'negative'],
		[{ hs_type: 'PERCENT', hs_value: '101' }, 'more than 100%'],
	])('refuses a discount %p', (properties, words) => {
		const failure = refusal(() => computeBilledAmount(invoice({ discounts: [record('d', properties)] }), 'USD'));
		expect(failure.syncError.message).toContain(words);
	});

	it('orders by hs_sort_order, then puts unordered records last, ties by id', () => {
		const ordered = inSortOrder([
			record('30', {}),
			record('4', { hs_sort_order: '1' }),
			record('12', { hs_sort_order: '0' }),
			record('5', {}),
			record('3', { hs_sort_order: '1' }),
		]);
		expect(ordered.map((entry) => entry.id)).toEqual(['12', '3', '4', '5', '30']);
	});
});
