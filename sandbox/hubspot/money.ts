/**
 * Exact decimal arithmetic for the simulator's money: a value is `units × 10^-scale` with bigint units.
 * HubSpot sends amounts as decimal strings ("20.00", hubspot.md §9.6); floats would drift by a cent.
 */
export interface Decimal {
	readonly units: bigint;
	readonly scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

// Plain decimal notation only: "20", "20.5", "-0.125", ".5". No exponents, no thousands separators.
const DECIMAL_TEXT = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Parses a decimal string (or a finite JSON number written without exponent); undefined when it is not one. */
export function parseDecimal(text: string | number): Decimal | undefined {
	const source = typeof text === 'number' ? numberToPlainText(text) : text.trim();
	if (source === undefined) return undefined;
	const match = DECIMAL_TEXT.exec(source);
	if (!match) return undefined;
	const [, sign, whole = '', fraction = ''] = match;
	if (whole === '' && fraction === '') return undefined;
	const digits = BigInt((whole || '0') + fraction);
	return { units: sign === '-' ? -digits : digits, scale: fraction.length };
}

function numberToPlainText(value: number): string | undefined {
	if (!Number.isFinite(value)) return undefined;
	const text = String(value);
	return /e/i.test(text) ? undefined : text;
}

/** Like parseDecimal, but throws: for values the simulator itself produced or already validated. */
export function decimal(text: string | number): Decimal {
	const value = parseDecimal(text);
	if (!value) throw new Error(`Not a decimal number: ${String(text)}`);
	return value;
}

function rescale(value: Decimal, scale: number): bigint {
	return value.units * 10n ** BigInt(scale - value.scale);
}

export function add(left: Decimal, right: Decimal): Decimal {
	const scale = Math.max(left.scale, right.scale);
	return { units: rescale(left, scale) + rescale(right, scale), scale };
}

export function subtract(left: Decimal, right: Decimal): Decimal {
	const scale = Math.max(left.scale, right.scale);
	return { units: rescale(left, scale) - rescale(right, scale), scale };
}

export function multiply(left: Decimal, right: Decimal): Decimal {
	return { units: left.units * right.units, scale: left.scale + right.scale };
}

/** `percent` % of `base`, exact (the result carries two more decimals). */
export function percentOf(base: Decimal, percent: Decimal): Decimal {
	const product = multiply(base, percent);
	return { units: product.units, scale: product.scale + 2 };
}

export function compareDecimal(left: Decimal, right: Decimal): -1 | 0 | 1 {
	const scale = Math.max(left.scale, right.scale);
	const a = rescale(left, scale);
	const b = rescale(right, scale);
	return a < b ? -1 : a > b ? 1 : 0;
}

export function isNegative(value: Decimal): boolean {
	return value.units < 0n;
}

export function isZero(value: Decimal): boolean {
	return value.units === 0n;
}

export function maxDecimal(left: Decimal, right: Decimal): Decimal {
	return compareDecimal(left, right) >= 0 ? left : right;
}

/** Rounds to `scale` decimals, half away from zero (the usual commercial rounding). */
export function roundToScale(value: Decimal, scale: number): Decimal {
	if (value.scale <= scale) return { units: rescale(value, scale), scale };
	const divisor = 10n ** BigInt(value.scale - scale);
	const negative = value.units < 0n;
	const magnitude = negative ? -value.units : value.units;
	let quotient = magnitude / divisor;
	if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
	return { units: negative ? -quotient : quotient, scale };
}

/** Writes the value with exactly `scale` decimals (rounding if needed), e.g. "20.00". */
export function formatDecimal(value: Decimal, scale = value.scale): string {
	const rounded = roundToScale(value, scale);
	const negative = rounded.units < 0n;
	const digits = (negative ? -rounded.units : rounded.units).toString().padStart(scale + 1, '0');
	const whole = digits.slice(0, digits.length - scale);
	const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
	return `${negative ? '-' : ''}${whole}${fraction}`;
}

// ISO 4217 minor units that are not 2 (DESIGN.md: "JPY 0, USD 2, KWD 3").
const CURRENCY_EXPONENTS: Record<string, number> = {
	BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
	VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
	BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string | undefined): number {
	return CURRENCY_EXPONENTS[(currency ?? '').toUpperCase()] ?? 2;
}

/** Rounds to the currency's minor unit. */
export function toMinorUnit(value: Decimal, currency: string | undefined): Decimal {
	return roundToScale(value, currencyExponent(currency));
}

/** Formats as HubSpot shows money: a decimal string with the currency's minor-unit digits ("20.00", "1500", "1.250"). */
export function formatMoney(value: Decimal, currency: string | undefined): string {
	return formatDecimal(value, currencyExponent(currency));
}

export function sum(values: Iterable<Decimal>): Decimal {
	let total = ZERO;
	for (const value of values) total = add(total, value);
	return total;
}
