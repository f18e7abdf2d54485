/**
 * Exact decimals for the simulator. JSON carries numbers, but every sum, product and comparison here
 * runs on scaled BigInts, so the simulator never adds two floats. This file is deliberately separate
 * from core/money.ts: the sandbox is the yardstick the sync core is measured against and must not
 * share its bugs.
 */

/** value = units × 10^-scale. */
export interface Decimal {
	readonly units: bigint;
	readonly scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * Reads a JSON number or a numeric string. A JSON number is read through String(n), the shortest text
 * that reads back as the same double, i.e. the decimal the sender wrote. Returns undefined when the
 * value is not a number at all.
 */
export function parseDecimal(value: unknown): Decimal | undefined {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return undefined;
		text = String(value);
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		return undefined;
	}
	const match = DECIMAL_TEXT.exec(text);
	if (!match) return undefined;
	const [, sign, integerDigits, fractionDigits = '', exponentText] = match;
	if (integerDigits === '' && fractionDigits === '') return undefined;
	let units = BigInt((integerDigits + fractionDigits) || '0');
	let scale = fractionDigits.length - (exponentText ? Number(exponentText) : 0);
	if (scale < 0) {
		units *= 10n ** BigInt(-scale);
		scale = 0;
	}
	if (scale > 40) return undefined;
	return normalize({ units: sign === '-' ? -units : units, scale });
}

/** Drops trailing zeros so equal values have one representation (1.50 → 1.5). */
export function normalize(value: Decimal): Decimal {
	let { units, scale } = value;
	while (scale > 0 && units % 10n === 0n) {
		units /= 10n;
		scale -= 1;
	}
	return { units, scale };
}

export function fromUnits(units: bigint, scale: number): Decimal {
	return normalize({ units, scale });
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
	const scale = Math.max(a.scale, b.scale);
	return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
	const [x, y, scale] = aligned(a, b);
	return normalize({ units: x + y, scale });
}

export function subtract(a: Decimal, b: Decimal): Decimal {
	const [x, y, scale] = aligned(a, b);
	return normalize({ units: x - y, scale });
}

export function multiply(a: Decimal, b: Decimal): Decimal {
	return normalize({ units: a.units * b.units, scale: a.scale + b.scale });
}

export function compare(a: Decimal, b: Decimal): number {
	const [x, y] = aligned(a, b);
	return x < y ? -1 : x > y ? 1 : 0;
}

export function sum(values: Iterable<Decimal>): Decimal {
	let total = ZERO;
	for (const value of values) total = add(total, value);
	return total;
}

export function isNegative(value: Decimal): boolean {
	return value.units < 0n;
}

export function isZero(value: Decimal): boolean {
	return value.units === 0n;
}

/** Number of digits after the point once trailing zeros are gone. */
export function decimalPlaces(value: Decimal): number {
	return normalize(value).scale;
}

/** Digits before the point (QBO amounts are "10.5": at most 10 of them). */
export function integerDigits(value: Decimal): number {
	const whole = (value.units < 0n ? -value.units : value.units) / 10n ** BigInt(value.scale);
	return whole === 0n ? 0 : whole.toString().length;
}

/** Rounds half away from zero to `scale` places (QBO rounds Qty × UnitPrice this way, quickbooks.md §2.1.1). */
export function roundHalfUp(value: Decimal, scale: number): Decimal {
	if (value.scale <= scale) return normalize(value);
	const divisor = 10n ** BigInt(value.scale - scale);
	const negative = value.units < 0n;
	const magnitude = negative ? -value.units : value.units;
	let quotient = magnitude / divisor;
	if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
	return normalize({ units: negative ? -quotient : quotient, scale });
}

/** a / b rounded half up to `scale` places. */
export function divide(a: Decimal, b: Decimal, scale: number): Decimal {
	if (b.units === 0n) throw new RangeError('division by zero');
	// a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); compute with two guard digits, then round.
	const guard = scale + 2;
	const numerator = a.units * 10n ** BigInt(guard + b.scale);
	const denominator = b.units * 10n ** BigInt(a.scale);
	return roundHalfUp({ units: numerator / denominator, scale: guard }, scale);
}

/** Percent of a value, e.g. percentOf(200, 8.25) = 16.5, rounded to `scale` places. */
export function percentOf(value: Decimal, percent: Decimal, scale: number): Decimal {
	return divide(multiply(value, percent), fromInteger(100), scale);
}

export function toText(value: Decimal): string {
	const { units, scale } = normalize(value);
	const negative = units < 0n;
	const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
	const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
	return negative ? `-${text}` : text;
}

/**
 * The JSON number QBO would print for this value. Number(text) is the double closest to the decimal,
 * and JSON.stringify prints that double back as the same short decimal (exact for ≤ 15 significant digits,
 * which QBO's 10.5 amount format guarantees).
 */
export function toJsonNumber(value: Decimal): number {
	return Number(toText(value));
}

export function fromInteger(value: number | bigint): Decimal {
	return { units: BigInt(value), scale: 0 };
}

/** Minor-unit exponent per ISO 4217 currency; 2 unless listed. */
const CURRENCY_EXPONENTS: Record<string, number> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0,
	VUV: 0, XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string): number {
	return CURRENCY_EXPONENTS[currency] ?? 2;
}

/** Currency names as QBO prints them in CurrencyRef.name. */
export const CURRENCY_NAMES: Record<string, string> = {
	USD: 'United States Dollar', EUR: 'Euro', GBP: 'British Pound Sterling', CAD: 'Canadian Dollar',
	AUD: 'Australian Dollar', JPY: 'Japanese Yen', KWD: 'Kuwaiti Dinar', CHF: 'Swiss Franc',
	SEK: 'Swedish Krona', NOK: 'Norwegian Krone', DKK: 'Danish Krone', NZD: 'New Zealand Dollar',
	MXN: 'Mexican Peso', INR: 'Indian Rupee', SGD: 'Singapore Dollar', HKD: 'Hong Kong Dollar',
	BRL: 'Brazilian Real', ZAR: 'South African Rand', PLN: 'Polish Zloty', CZK: 'Czech Koruna',
	BHD: 'Bahraini Dinar', KRW: 'South Korean Won', CNY: 'Chinese Yuan Renminbi', AED: 'UAE Dirham',
	ILS: 'Israeli New Shekel', HUF: 'Hungarian Forint', CLP: 'Chilean Peso', OMR: 'Omani Rial',
	JOD: 'Jordanian Dinar', TND: 'Tunisian Dinar', VND: 'Vietnamese Dong', ISK: 'Icelandic Krona',
};

export function isKnownCurrency(code: string): boolean {
	return code in CURRENCY_NAMES;
}
