import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SyncFailure } from '../../../core/errors';
import {
	addMoney,
	compareDecimals,
	currencyExponent,
	decimalToString,
	divideExactly,
	formatDecimal,
	formatMoney,
	formatPrice,
	moneyFromDecimal,
	moneyToQboNumber,
	multiplyMoney,
	parseDecimal,
	parseMoney,
	percentOf,
	percentOfMoney,
	roundDecimal,
	subtractMoney,
	sumMoney,
	toQboNumber,
	trimDecimal,
} from '../../../core/money';

const d = (text: string) => parseDecimal(text);
const show = (text: string, scale: number, mode?: 'half-up' | 'half-even') => decimalToString(roundDecimal(d(text), scale, mode));

function refusal(run: () => unknown): SyncFailure {
	try {
		run();
	} catch (thrown) {
		if (thrown instanceof SyncFailure) return thrown;
		throw thrown;
	}
	throw new Error('expected a SyncFailure');
}

describe('parseDecimal', () => {
	it.each([
		['20.00', 2000n, 2],
		['19.999', 19999n, 3],
		['-3.5', -35n, 1],
		['.5', 5n, 1],
		['7.', 7n, 0],
		['+4', 4n, 0],
		['1e2', 100n, 0],
		['1.5E-4', 15n, 5],
		['  42.10 ', 4210n, 2],
		['0', 0n, 0],
	])('reads %p exactly', (text, units, scale) => {
		expect(parseDecimal(text)).toEqual({ units, scale });
	});

	it.each(['', ' ', 'abc', '1,000.00', '12abc', 'NaN', 'Infinity', '1.2.3', '--1', '1e', '0x10', '$5', '1e99999'])(
		'refuses %p with a validation error naming the field',
		(text) => {
			const failure = refusal(() => parseDecimal(text, 'line item 7 price'));
			expect(failure.syncError.category).toBe('validation');
			expect(failure.syncError.message).toContain('line item 7 price');
		},
	);

	it('reads numbers QuickBooks sent as the decimal they print as', () => {
		expect(parseDecimal(0.1)).toEqual({ units: 1n, scale: 1 });
		expect(parseDecimal(89.99)).toEqual({ units: 8999n, scale: 2 });
		expect(() => parseDecimal(Number.NaN)).toThrow(SyncFailure);
	});
});

describe('rounding', () => {
	it('half-up rounds ties away from zero, as HubSpot’s 1.785 → 1.79 example', () => {
		expect(show('1.785', 2)).toBe('1.79');
		expect(show('1.784999', 2)).toBe('1.78');
		expect(show('-1.785', 2)).toBe('-1.79');
		expect(show('2.5', 0)).toBe('3');
	});

	it('half-even rounds ties to the even neighbour', () => {
		expect(show('1.785', 2, 'half-even')).toBe('1.78');
		expect(show('1.775', 2, 'half-even')).toBe('1.78');
		expect(show('2.5', 0, 'half-even')).toBe('2');
		expect(show('-2.5', 0, 'half-even')).toBe('-2');
		expect(show('2.51', 0, 'half-even')).toBe('3');
	});

	it('pads when the value has fewer places', () => {
		expect(show('20', 2)).toBe('20.00');
	});

	it('never moves a value by more than half a unit of the last place (property)', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom<'half-up' | 'half-even'>('half-up', 'half-even'), (units, scale, target, mode) => {
				const value = { units, scale };
				const rounded = roundDecimal(value, target, mode);
				expect(rounded.scale).toBe(target);
				// |rounded − value| ≤ ½·10^-target, in integers at the finer scale.
				const common = Math.max(scale, target) + 1;
				const diff = rounded.units * 10n ** BigInt(common - target) - units * 10n ** BigInt(common - scale);
				const half = 5n * 10n ** BigInt(common - target - 1);
				expect(diff <= half && diff >= -half).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('currencies', () => {
	it.each([
		['JPY', 0],
		['KRW', 0],
		['USD', 2],
		['EUR', 2],
		['GBP', 2],
		['KWD', 3],
		['BHD', 3],
		['JOD', 3],
		['OMR', 3],
		['TND', 3],
		['CHF', 2],
		['usd', 2],
	])('%s has %i decimal places', (currency, exponent) => {
		expect(currencyExponent(currency)).toBe(exponent);
	});

	it('refuses what is not a currency code', () => {
		expect(refusal(() => currencyExponent('dollars')).syncError.category).toBe('validation');
	});

	it('formats each currency with its own places', () => {
		expect(formatMoney(parseMoney('20', 'USD'))).toBe('20.00');
		expect(formatMoney(parseMoney('2000', 'JPY'))).toBe('2000');
		expect(formatMoney(parseMoney('1.25', 'KWD'))).toBe('1.250');
		expect(formatMoney(parseMoney('-0.5', 'USD'))).toBe('-0.50');
	});

	it('refuses more places than the currency has unless told how to round', () => {
		const failure = refusal(() => parseMoney('20.005', 'USD', 'hs_amount_billed'));
		expect(failure.syncError.category).toBe('validation');
		expect(failure.syncError.message).toContain('hs_amount_billed');
		expect(formatMoney(parseMoney('20.005', 'USD', 'x', 'half-up'))).toBe('20.01');
		expect(formatMoney(parseMoney('20.5', 'JPY', 'x', 'half-even'))).toBe('20');
	});
});

describe('money arithmetic', () => {
	const usd = (text: string) => parseMoney(text, 'USD');

	it('adds, subtracts and sums in minor units', () => {
		expect(formatMoney(addMoney(usd('0.10'), usd('0.20')))).toBe('0.30');
		expect(formatMoney(subtractMoney(usd('1.00'), usd('0.01')))).toBe('0.99');
		expect(formatMoney(sumMoney('USD', [usd('0.10'), usd('0.20'), usd('0.30')]))).toBe('0.60');
	});

	it('refuses to mix currencies', () => {
		expect(refusal(() => addMoney(usd('1'), parseMoney('1', 'EUR'))).syncError.category).toBe('currency_mismatch');
	});

	it('multiplies by decimal quantities and rounds once, at the end', () => {
		expect(formatMoney(multiplyMoney(usd('19.99'), d('3')))).toBe('59.97');
		expect(formatMoney(multiplyMoney(usd('10.01'), d('0.5')))).toBe('5.01');
		expect(formatMoney(multiplyMoney(usd('10.01'), d('0.5'), 'half-even'))).toBe('5.00');
		expect(formatMoney(multiplyMoney(usd('3.33'), d('7.25')))).toBe('24.14');
	});

	it('takes percentages with the stated rounding', () => {
		expect(formatMoney(percentOfMoney(usd('11.90'), d('15')))).toBe('1.79');
		expect(formatMoney(percentOfMoney(usd('11.90'), d('15'), 'half-even'))).toBe('1.78');
		expect(formatMoney(percentOfMoney(parseMoney('999', 'JPY'), d('8.25')))).toBe('82');
		expect(decimalToString(percentOf(d('2345.60'), d('20'), 2))).toBe('469.12');
	});

	it('compares exactly regardless of trailing zeros', () => {
		expect(compareDecimals(d('20.50'), d('20.5'))).toBe(0);
		expect(compareDecimals(d('20.501'), d('20.5'))).toBe(1);
		expect(trimDecimal(d('20.500'))).toEqual({ units: 205n, scale: 1 });
	});

	it('divides exactly or says it cannot', () => {
		expect(decimalToString(divideExactly(d('60.00'), d('3'), 5) ?? d('-1'))).toBe('20');
		expect(decimalToString(divideExactly(d('4.50'), d('0.5'), 5) ?? d('-1'))).toBe('9');
		expect(divideExactly(d('89.99'), d('3'), 5)).toBeNull();
		expect(divideExactly(d('1'), d('0'), 5)).toBeNull();
		expect(decimalToString(divideExactly(d('1'), d('8'), 5) ?? d('-1'))).toBe('0.125');
	});

	it('formats prices with at least the currency’s places', () => {
		expect(formatPrice(d('10'), 'USD')).toBe('10.00');
		expect(formatPrice(d('19.999'), 'USD')).toBe('19.999');
		expect(formatPrice(d('500'), 'JPY')).toBe('500');
		expect(formatDecimal(d('1.5'), 3)).toBe('1.500');
		expect(() => formatDecimal(d('1.2345'), 2)).toThrow(RangeError);
	});
});

describe('toQboNumber', () => {
	it('writes amounts as JSON numbers that read back as the same decimal', () => {
		expect(toQboNumber(d('89.99'))).toBe(89.99);
		expect(toQboNumber(d('0.10'))).toBe(0.1);
		expect(moneyToQboNumber(parseMoney('1234567890.12', 'USD'))).toBe(1234567890.12);
		expect(JSON.stringify({ Amount: toQboNumber(d('24.14')) })).toBe('{"Amount":24.14}');
	});

	it('refuses a value a double cannot carry exactly', () => {
		expect(refusal(() => toQboNumber(d('12345678901234567.89'), 'Amount')).syncError.category).toBe('validation');
	});

	it('round-trips every amount QuickBooks can hold (property)', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.constantFrom(0, 2, 3, 5), (units, scale) => {
				const value = { units, scale };
				expect(compareDecimals(parseDecimal(toQboNumber(value)), value)).toBe(0);
			}),
			{ numRuns: 2000 },
		);
	});

	it('moneyFromDecimal rounds to the currency', () => {
		expect(formatMoney(moneyFromDecimal(d('59.997'), 'USD'))).toBe('60.00');
		expect(formatMoney(moneyFromDecimal(d('59.997'), 'KWD'))).toBe('59.997');
		expect(formatMoney(moneyFromDecimal(d('59.5'), 'JPY'))).toBe('60');
	});
});
