/**
 * Lenient comparisons on HubSpot's amount strings ("20.00") for filters and refund events, on top of
 * the sync core's exact decimals: a value that is not a number compares as undefined, never as 0.
 */
import { compareDecimals, decimalToString, parseDecimal, subtractDecimals, type Decimal } from '../../core/money';

function parse(text: string | null | undefined): Decimal | undefined {
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	try {
		return parseDecimal(text);
	} catch {
		return undefined;
	}
}

export function isDecimal(text: string | null | undefined): boolean {
	return parse(text) !== undefined;
}

/** -1, 0 or 1; undefined when either side is not a number. */
export function compareDecimal(left: string | null | undefined, right: string | null | undefined): number | undefined {
	const a = parse(left);
	const b = parse(right);
	return a && b ? compareDecimals(a, b) : undefined;
}

/** left − right, with the larger of the two scales ("30.00" − "10" = "20.00"); a non-number counts as 0. */
export function subtractDecimal(left: string, right: string): string {
	const zero = { units: 0n, scale: 0 };
	return decimalToString(subtractDecimals(parse(left) ?? zero, parse(right) ?? zero));
}
