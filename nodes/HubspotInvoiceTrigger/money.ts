/** Exact decimal arithmetic on HubSpot's amount strings ("20.00"): never floats for money. */

interface Scaled {
	units: bigint;
	scale: number;
}

function parse(text: string): Scaled | undefined {
	const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
	if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
	const fraction = match[3] ?? '';
	const units = BigInt(`${match[2] || '0'}${fraction}` || '0');
	return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

function aligned(left: Scaled, right: Scaled): [bigint, bigint, number] {
	const scale = Math.max(left.scale, right.scale);
	return [left.units * 10n ** BigInt(scale - left.scale), right.units * 10n ** BigInt(scale - right.scale), scale];
}

export function isDecimal(text: string | null | undefined): boolean {
	return typeof text === 'string' && parse(text) !== undefined;
}

/** -1, 0 or 1; undefined when either side is not a number. */
export function compareDecimal(left: string | null | undefined, right: string | null | undefined): number | undefined {
	const a = typeof left === 'string' ? parse(left) : undefined;
	const b = typeof right === 'string' ? parse(right) : undefined;
	if (!a || !b) return undefined;
	const [x, y] = aligned(a, b);
	return x < y ? -1 : x > y ? 1 : 0;
}

/** left − right, with the larger of the two scales ("30.00" − "10" = "20.00"). */
export function subtractDecimal(left: string, right: string): string {
	const a = parse(left) ?? { units: 0n, scale: 0 };
	const b = parse(right) ?? { units: 0n, scale: 0 };
	const [x, y, scale] = aligned(a, b);
	return format(x - y, scale);
}

function format(units: bigint, scale: number): string {
	const negative = units < 0n;
	const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
	const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
	return negative ? `-${text}` : text;
}
