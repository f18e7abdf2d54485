import { describe, expect, it } from '@jest/globals';
import { add, compareDecimal, currencyExponent, decimal, formatDecimal, formatMoney, parseDecimal, percentOf, roundToScale, subtract, toMinorUnit } from './money';

describe('exact decimal money', () => {
	it('parses decimal strings and refuses everything else', () => {
		expect(parseDecimal('20.00')).toEqual({ units: 2000n, scale: 2 });
		expect(parseDecimal('-0.125')).toEqual({ units: -125n, scale: 3 });
		expect(parseDecimal('.5')).toEqual({ units: 5n, scale: 1 });
		expect(parseDecimal(12.5)).toEqual({ units: 125n, scale: 1 });
		for (const bad of ['', '.', 'abc', '1e3', '1,000.00', '12.3.4', ' - 1']) expect(parseDecimal(bad)).toBeUndefined();
		expect(parseDecimal(1e21)).toBeUndefined();
	});

	it('adds without float drift (0.1 + 0.2 = 0.3)', () => {
		expect(formatDecimal(add(decimal('0.1'), decimal('0.2')))).toBe('0.3');
		expect(formatDecimal(subtract(decimal('100'), decimal('0.01')), 2)).toBe('99.99');
	});

	it('rounds half away from zero', () => {
		expect(formatDecimal(roundToScale(decimal('2.345'), 2))).toBe('2.35');
		expect(formatDecimal(roundToScale(decimal('-2.345'), 2))).toBe('-2.35');
		expect(formatDecimal(roundToScale(decimal('2.344'), 2))).toBe('2.34');
	});

	it('computes percentages exactly', () => {
		expect(formatDecimal(percentOf(decimal('199.99'), decimal('8.875')))).toBe('17.7491125');
		expect(formatMoney(toMinorUnit(percentOf(decimal('199.99'), decimal('8.875')), 'USD'), 'USD')).toBe('17.75');
	});

	it('knows the currency minor units (JPY 0, USD 2, KWD 3)', () => {
		expect(currencyExponent('JPY')).toBe(0);
		expect(currencyExponent('USD')).toBe(2);
		expect(currencyExponent('KWD')).toBe(3);
		expect(formatMoney(decimal('1500.4'), 'JPY')).toBe('1500');
		expect(formatMoney(decimal('1500.5'), 'JPY')).toBe('1501');
		expect(formatMoney(decimal('6.1604'), 'KWD')).toBe('6.160');
		expect(formatMoney(decimal('20'), 'USD')).toBe('20.00');
	});

	it('compares across scales', () => {
		expect(compareDecimal(decimal('20'), decimal('20.00'))).toBe(0);
		expect(compareDecimal(decimal('19.999'), decimal('20'))).toBe(-1);
	});
});
