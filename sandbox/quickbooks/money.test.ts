/** The simulator's exact-decimal helper. */
import { describe, expect, it } from '@jest/globals';
import { add, currencyExponent, divide, multiply, parseDecimal, percentOf, roundHalfUp, toJsonNumber, toText } from './money';

const d = (text: string | number) => parseDecimal(text)!;

describe('money', () => {
	it('reads JSON numbers as the decimal the sender wrote', () => {
		expect(toText(d(0.1))).toBe('0.1');
		expect(toText(add(d(0.1), d(0.2)))).toBe('0.3');
		expect(toText(d('1e2'))).toBe('100');
		expect(toText(d(1.5e-7))).toBe('0.00000015');
		expect(parseDecimal('1,000')).toBeUndefined();
		expect(parseDecimal(Number.NaN)).toBeUndefined();
	});

	it('rounds half away from zero', () => {
		expect(toText(roundHalfUp(d('100.005'), 2))).toBe('100.01');
		expect(toText(roundHalfUp(d('-100.005'), 2))).toBe('-100.01');
		expect(toText(roundHalfUp(d('100.0049'), 2))).toBe('100');
		expect(toText(roundHalfUp(multiply(d(3), d(33.335)), 2))).toBe('100.01');
	});

	it('divides and takes percentages exactly', () => {
		expect(toText(divide(d(100), d(3), 2))).toBe('33.33');
		expect(toText(divide(d(200), d(3), 2))).toBe('66.67');
		expect(toText(percentOf(d('100.01'), d('8.25'), 2))).toBe('8.25');
		expect(toText(percentOf(d('1234.56'), d('12.5'), 2))).toBe('154.32');
	});

	it('knows currency exponents and prints JSON numbers', () => {
		expect([currencyExponent('JPY'), currencyExponent('USD'), currencyExponent('KWD')]).toEqual([0, 2, 3]);
		expect(JSON.stringify(toJsonNumber(d('1234567890.12')))).toBe('1234567890.12');
		expect(JSON.stringify(toJsonNumber(d('0.30')))).toBe('0.3');
	});
});
