/**
 * Exact decimal money. HubSpot sends amounts as decimal strings ("20.00", unit prices with up to six
 * decimals); QuickBooks wants amounts in the currency's minor unit. Values are scaled BigInts, so no
 * float ever touches an amount. Numbers appear only at the edge, when a finished value is written
 * into a QuickBooks payload (`toQboNumber`, which proves the number round-trips exactly).
 */
import { SyncFailure, syncError } from './errors';

/** value = units × 10^-scale, e.g. { units: 2000n, scale: 2 } is 20.00. */
export interface Decimal {
	readonly units: bigint;
	readonly scale: number;
}

/**
 * Ties: 'half-up' rounds away from zero (1.785 → 1.79), 'half-even' to the even neighbour (1.785 → 1.78).
 * HubSpot rounds discounts "based on the currency's precision" and its own example rounds 1.785 to 1.79
 * (knowledge.hubspot.com/payments/understand-payment-discounts), so the sync uses half-up.
 */
export type RoundingMode = 'half-up' | 'half-even';
export const HUBSPOT_ROUNDING: RoundingMode = 'half-up';

/** Bounds that stop absurd input ("1e999999") from building giant numbers. */
const MAX_SCALE = 30;
const MAX_DIGITS = 40;
const DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;

export const ZERO: Decimal = { units: 0n, scale: 0 };

function invalidAmount(label: string, text: unknown, why: string): SyncFailure {
	return new SyncFailure(
		syncError(
			'validation',
			`${label} is not a valid decimal number (${JSON.stringify(text)}): ${why}.`,
			{ field: label, value: typeof text === 'string' ? text : String(text) },
			`Correct ${label} in HubSpot: a plain decimal such as 20.00 is expected.`,
		),
	);
}

/**
 * Reads a decimal written as HubSpot or QuickBooks write them: "20", "20.00", "-3.5", ".5", "1e2".
 * Anything else (empty, "1,000.00", "NaN", "12abc") is refused with a validation SyncFailure naming the field.
 */
export function parseDecimal(text: string | number, label = 'amount'): Decimal {
	if (typeof text === 'number') {
		if (!Number.isFinite(text)) throw invalidAmount(label, text, 'not a finite number');
		// String(n) is the shortest text that reads back as n, i.e. the decimal the sender meant.
		return parseDecimal(String(text), label);
	}
	if (typeof text !== 'string') throw invalidAmount(label, text, 'not text');
	const match = DECIMAL_PATTERN.exec(text.trim());
	if (!match) throw invalidAmount(label, text, 'only digits, one decimal point and an optional exponent are allowed');
	const [, sign, integerDigits, fractionDigits = '', exponentText] = match;
	if (integerDigits === '' && fractionDigits === '') throw invalidAmount(label, text, 'no digits');
	const significant = (integerDigits + fractionDigits).replace(/^0+/, '');
	if (significant.length > MAX_DIGITS) throw invalidAmount(label, text, `more than ${MAX_DIGITS} digits`);
	const exponent = exponentText === undefined ? 0 : Number(exponentText);
	let units = BigInt(integerDigits + fractionDigits || '0');
	let scale = fractionDigits.length - exponent;
	if (scale < 0) {
		units *= 10n ** BigInt(-scale);
		scale = 0;
	}
	if (scale > MAX_SCALE) throw invalidAmount(label, text, `more than ${MAX_SCALE} decimal places`);
	if (units.toString().length > MAX_DIGITS) throw invalidAmount(label, text, `more than ${MAX_DIGITS} digits`);
	return { units: sign === '-' ? -units : units, scale };
}

/** Exactly n as a decimal; for counts and integer constants, never for amounts read from floats. */
export function decimalFromInteger(value: bigint | number): Decimal {
	if (typeof value === 'number' && !Number.isSafeInteger(value)) {
		throw new RangeError(`decimalFromInteger needs a safe integer, got ${value}`);
	}
	return { units: BigInt(value), scale: 0 };
}

function rescale(value: Decimal, scale: number): bigint {
	if (scale < value.scale) throw new RangeError('rescale would lose digits');
	return value.units * 10n ** BigInt(scale - value.scale);
}

export function addDecimals(a: Decimal, b: Decimal): Decimal {
	const scale = Math.max(a.scale, b.scale);
	return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
	const scale = Math.max(a.scale, b.scale);
	return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function sumDecimals(values: readonly Decimal[]): Decimal {
	return values.reduce(addDecimals, ZERO);
}

export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
	return trimDecimal({ units: a.units * b.units, scale: a.scale + b.scale });
}

export function negateDecimal(value: Decimal): Decimal {
	return { units: -value.units, scale: value.scale };
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
	const scale = Math.max(a.scale, b.scale);
	const left = rescale(a, scale);
	const right = rescale(b, scale);
	return left < right ? -1 : left > right ? 1 : 0;
}

export function decimalsEqual(a: Decimal, b: Decimal): boolean {
	return compareDecimals(a, b) === 0;
}

export function isZeroDecimal(value: Decimal): boolean {
	return value.units === 0n;
}

export function isNegativeDecimal(value: Decimal): boolean {
	return value.units < 0n;
}

/** Drops trailing zeros: 20.500 → 20.5; the value is unchanged. */
export function trimDecimal(value: Decimal): Decimal {
	let { units, scale } = value;
	while (scale > 0 && units % 10n === 0n) {
		units /= 10n;
		scale -= 1;
	}
	return { units, scale };
}

/** Number of decimal places actually used (20.50 → 1). */
export function decimalPlaces(value: Decimal): number {
	return trimDecimal(value).scale;
}

/** Rounds to `scale` decimal places with the stated tie rule; adds zeros when the value has fewer places. */
export function roundDecimal(value: Decimal, scale: number, mode: RoundingMode = HUBSPOT_ROUNDING): Decimal {
	if (value.scale <= scale) return { units: rescale(value, scale), scale };
	const divisor = 10n ** BigInt(value.scale - scale);
	const negative = value.units < 0n;
	const magnitude = negative ? -value.units : value.units;
	let quotient = magnitude / divisor;
	const twiceRemainder = (magnitude % divisor) * 2n;
	if (twiceRemainder > divisor) quotient += 1n;
	else if (twiceRemainder === divisor) {
		if (mode === 'half-up' || quotient % 2n === 1n) quotient += 1n;
	}
	return { units: negative ? -quotient : quotient, scale };
}

/** base × percent / 100, rounded to `scale` places: "10" percent of 19.99 at scale 2 is 2.00. */
export function percentOf(base: Decimal, percent: Decimal, scale: number, mode: RoundingMode = HUBSPOT_ROUNDING): Decimal {
	const product: Decimal = { units: base.units * percent.units, scale: base.scale + percent.scale + 2 };
	return roundDecimal(product, scale, mode);
}

/**
 * The q with at most `maxScale` places such that q × divisor is exactly `dividend`, or null when no
 * such q exists (60 ÷ 3 = 20; 89.99 ÷ 3 has none).
 */
export function divideExactly(dividend: Decimal, divisor: Decimal, maxScale: number): Decimal | null {
	if (divisor.units === 0n) return null;
	for (let scale = 0; scale <= maxScale; scale += 1) {
		// q = dividend / divisor with q scaled by 10^scale: (d.units·10^-ds) / (v.units·10^-vs) · 10^scale
		const shift = scale + divisor.scale - dividend.scale;
		const numerator = shift >= 0 ? dividend.units * 10n ** BigInt(shift) : dividend.units;
		const denominator = shift >= 0 ? divisor.units : divisor.units * 10n ** BigInt(-shift);
		if (numerator % denominator === 0n) return { units: numerator / denominator, scale };
	}
	return null;
}

/** The exact decimal text with all of its places: { units: 2000n, scale: 2 } → "20.00". */
export function decimalToString(value: Decimal): string {
	const negative = value.units < 0n;
	const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
	const integerPart = value.scale === 0 ? digits : digits.slice(0, digits.length - value.scale);
	const fractionPart = value.scale === 0 ? '' : `.${digits.slice(digits.length - value.scale)}`;
	return `${negative ? '-' : ''}${integerPart}${fractionPart}`;
}

/** The decimal text with exactly `places` places, refusing to drop non-zero digits. */
export function formatDecimal(value: Decimal, places: number): string {
	const trimmed = trimDecimal(value);
	if (trimmed.scale > places) {
		throw new RangeError(`${decimalToString(trimmed)} has more than ${places} decimal places`);
	}
	return decimalToString({ units: rescale(trimmed, places), scale: places });
}

/** A price for people to read: at least the currency's places, more when the value has them (19.999, 10.00). */
export function formatPrice(value: Decimal, currency: string): string {
	return formatDecimal(value, Math.max(decimalPlaces(value), currencyExponent(currency)));
}

/**
 * A finished amount as the JSON number QuickBooks reads. QuickBooks amounts have at most 15 digits,
 * within which a double holds every decimal exactly enough that String(number) gives the same digits
 * back; this is checked, so a value that would change is refused instead of sent.
 */
export function toQboNumber(value: Decimal, label = 'amount'): number {
	const text = decimalToString(trimDecimal(value));
	const asNumber = Number(text);
	if (!Number.isFinite(asNumber) || !decimalsEqual(parseDecimal(String(asNumber), label), value)) {
		throw new SyncFailure(
			syncError('validation', `${label} ${text} cannot be written to QuickBooks exactly (too many digits).`, {
				field: label,
				value: text,
			}),
		);
	}
	return asNumber;
}

// ---- Currencies ----

/** ISO 4217 minor-unit exponents that differ from the default of 2. */
const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0,
	XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
	CLF: 4, UYW: 4,
};
const DEFAULT_CURRENCY_EXPONENT = 2;

export function normalizeCurrencyCode(currency: string): string {
	const code = currency.trim().toUpperCase();
	if (!/^[A-Z]{3}$/.test(code)) {
		throw new SyncFailure(
			syncError('validation', `"${currency}" is not an ISO 4217 currency code.`, { currency }, 'Set a three-letter currency code (e.g. USD) on the HubSpot record.'),
		);
	}
	return code;
}

/** Decimal places of the currency's minor unit: JPY 0, USD 2, KWD 3. */
export function currencyExponent(currency: string): number {
	return CURRENCY_EXPONENTS[normalizeCurrencyCode(currency)] ?? DEFAULT_CURRENCY_EXPONENT;
}

/** An amount in a currency's minor units (cents, fils, yen). */
export interface Money {
	readonly currency: string;
	readonly minorUnits: bigint;
}

export function zeroMoney(currency: string): Money {
	return { currency: normalizeCurrencyCode(currency), minorUnits: 0n };
}

/** Rounds an exact decimal to the currency's minor unit. */
export function moneyFromDecimal(value: Decimal, currency: string, mode: RoundingMode = HUBSPOT_ROUNDING): Money {
	const code = normalizeCurrencyCode(currency);
	return { currency: code, minorUnits: roundDecimal(value, currencyExponent(code), mode).units };
}

/** True when the decimal needs no rounding to be an amount in this currency. */
export function fitsMinorUnit(value: Decimal, currency: string): boolean {
	return decimalPlaces(value) <= currencyExponent(currency);
}

/**
 * Reads an amount in a currency. More places than the minor unit are refused unless a rounding mode
 * is given, so a HubSpot "20.005" USD never becomes 20.01 without the caller choosing that.
 */
export function parseMoney(text: string | number, currency: string, label = 'amount', rounding?: RoundingMode): Money {
	const value = parseDecimal(text, label);
	if (rounding === undefined && !fitsMinorUnit(value, currency)) {
		throw new SyncFailure(
			syncError('validation', `${label} ${decimalToString(value)} has more decimal places than ${normalizeCurrencyCode(currency)} allows.`, {
				field: label,
				value: decimalToString(value),
				currency,
			}),
		);
	}
	return moneyFromDecimal(value, currency, rounding);
}

export function moneyToDecimal(money: Money): Decimal {
	return { units: money.minorUnits, scale: currencyExponent(money.currency) };
}

/** "20.00" for USD, "2000" for JPY, "1.250" for KWD. */
export function formatMoney(money: Money): string {
	return decimalToString(moneyToDecimal(money));
}

/** "20.00 USD": for messages a person reads. */
export function describeMoney(money: Money): string {
	return `${formatMoney(money)} ${money.currency}`;
}

export function moneyToQboNumber(money: Money, label = 'amount'): number {
	return toQboNumber(moneyToDecimal(money), label);
}

function sameCurrency(a: Money, b: Money): void {
	if (a.currency !== b.currency) {
		throw new SyncFailure(
			syncError('currency_mismatch', `Cannot combine ${a.currency} and ${b.currency} amounts.`, {
				currencies: [a.currency, b.currency],
			}),
		);
	}
}

export function addMoney(a: Money, b: Money): Money {
	sameCurrency(a, b);
	return { currency: a.currency, minorUnits: a.minorUnits + b.minorUnits };
}

export function subtractMoney(a: Money, b: Money): Money {
	sameCurrency(a, b);
	return { currency: a.currency, minorUnits: a.minorUnits - b.minorUnits };
}

export function sumMoney(currency: string, amounts: readonly Money[]): Money {
	return amounts.reduce(addMoney, zeroMoney(currency));
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
	sameCurrency(a, b);
	return a.minorUnits < b.minorUnits ? -1 : a.minorUnits > b.minorUnits ? 1 : 0;
}

export function moneyEquals(a: Money, b: Money): boolean {
	return a.currency === b.currency && a.minorUnits === b.minorUnits;
}

export function isZeroMoney(money: Money): boolean {
	return money.minorUnits === 0n;
}

export function isNegativeMoney(money: Money): boolean {
	return money.minorUnits < 0n;
}

/** unit price × quantity (quantities may be decimals: 0.5, 7.25), rounded to the minor unit. */
export function multiplyMoney(money: Money, quantity: Decimal, mode: RoundingMode = HUBSPOT_ROUNDING): Money {
	return moneyFromDecimal(multiplyDecimals(moneyToDecimal(money), quantity), money.currency, mode);
}

/** percent % of an amount, rounded to the minor unit: 10% of 19.99 USD is 2.00 USD (half-up). */
export function percentOfMoney(money: Money, percent: Decimal, mode: RoundingMode = HUBSPOT_ROUNDING): Money {
	return {
		currency: money.currency,
		minorUnits: percentOf(moneyToDecimal(money), percent, currencyExponent(money.currency), mode).units,
	};
}
