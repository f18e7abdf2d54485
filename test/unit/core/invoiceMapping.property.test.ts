/**
 * The money invariant over thousands of generated HubSpot invoices: the QuickBooks document either adds
 * up to HubSpot's billed amount exactly, or the mapping refuses with amount_mismatch. Never a silent
 * difference. HubSpot's side is computed here with an independent model on exact rationals, then the
 * billed amount is sometimes disturbed (off by one minor unit, other rounding rules) so both outcomes occur.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mapHubSpotInvoiceToQuickBooks } from '../../../core/invoiceMapping';
import type { HubSpotInvoice, HubSpotRecord } from '../../../core/hubspotInvoice';
import type { QboInvoiceLine } from '../../../core/qboDocuments';
import { invoice, itemRefsFor, lineItem, record, settingsFor } from './invoiceFactory';

// ---- Exact rationals, written for this test (not the core's Decimal) ----

interface Rational {
	n: bigint;
	d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
const rat = (n: bigint, d = 1n): Rational => {
	const g = gcd(n, d) || 1n;
	return d < 0n ? { n: -n / g, d: -d / g } : { n: n / g, d: d / g };
};
const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
const eq = (a: Rational, b: Rational) => a.n === b.n && a.d === b.d;
const fromText = (text: string): Rational => {
	const [whole, fraction = ''] = text.split('.');
	return rat(BigInt(whole + fraction), 10n ** BigInt(fraction.length));
};
const fromNumber = (value: number): Rational => {
	const text = String(value);
	expect(text).not.toMatch(/e/i);
	return fromText(text);
};
const toText = (value: Rational): string => {
	let scale = 0;
	while ((value.n * 10n ** BigInt(scale)) % value.d !== 0n) scale += 1;
	const units = (value.n * 10n ** BigInt(scale)) / value.d;
	const negative = units < 0n;
	const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
	return `${negative ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
};
type Rounding = 'half-up' | 'half-even';
/** Rounds to a multiple of 10^-exponent; returns minor units. */
const toMinor = (value: Rational, exponent: number, rounding: Rounding): bigint => {
	const scaled = mul(value, rat(10n ** BigInt(exponent)));
	const negative = scaled.n < 0n;
	const n = negative ? -scaled.n : scaled.n;
	let q = n / scaled.d;
	const twice = (n % scaled.d) * 2n;
	if (twice > scaled.d || (twice === scaled.d && (rounding === 'half-up' || q % 2n === 1n))) q += 1n;
	return negative ? -q : q;
};
const minorToRational = (minor: bigint, exponent: number) => rat(minor, 10n ** BigInt(exponent));

const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, USD: 2, EUR: 2, KWD: 3, BHD: 3 };

// ---- Generated HubSpot invoices ----

const decimalText = (maxUnits: number, maxScale: number, minScale = 0) =>
	fc
		.tuple(fc.integer({ min: 0, max: maxUnits }), fc.integer({ min: minScale, max: maxScale }))
		.map(([units, scale]) => toText(rat(BigInt(units), 10n ** BigInt(scale))));

const quantityText = fc.oneof(
	fc.constantFrom('1', '2', '3', '0.5', '7.25', '10', '0.333', '1.5', '12', '0'),
	fc.integer({ min: 1, max: 200 }).map(String),
	decimalText(20000, 3),
);

type LineDiscountSpec = { kind: 'none' } | { kind: 'percent'; value: string } | { kind: 'per-unit'; fractionOfPrice: number };
const lineDiscount: fc.Arbitrary<LineDiscountSpec> = fc.oneof(
	{ weight: 3, arbitrary: fc.constant({ kind: 'none' } as const) },
	{ weight: 1, arbitrary: decimalText(10000, 2).filter((text) => Number(text) <= 100).map((value) => ({ kind: 'percent', value }) as const) },
	{ weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }).map((fractionOfPrice) => ({ kind: 'per-unit', fractionOfPrice }) as const) },
);

const lineSpec = fc.record({
	// Whole prices, cents, and HubSpot's six-decimal unit prices; kept within QuickBooks' ten integer digits per line.
	price: fc.oneof(decimalText(5000, 0), decimalText(10_000_000, 2, 2), decimalText(100_000_000, 6, 4)),
	quantity: quantityText,
	discount: lineDiscount,
	sendAmount: fc.boolean(),
});

const adjustmentSpec = (maxPercent: number, maxFixed: number) =>
	fc.record({
		type: fc.constantFrom('FIXED', 'PERCENT'),
		percent: decimalText(maxPercent * 1000, 3).filter((text) => Number(text) <= maxPercent),
		fixed: decimalText(maxFixed * 1000, 3),
		sortOrder: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
	});

type BilledMode = 'reference' | 'off-by-one' | 'half-even' | 'round-at-total';
const invoiceSpec = fc.record({
	currency: fc.constantFrom('JPY', 'KRW', 'USD', 'EUR', 'KWD', 'BHD'),
	lines: fc.array(lineSpec, { minLength: 1, maxLength: 25 }),
	discounts: fc.array(adjustmentSpec(40, 50), { maxLength: 3 }),
	fees: fc.array(adjustmentSpec(10, 30), { maxLength: 2 }),
	taxes: fc.array(adjustmentSpec(25, 20), { maxLength: 2 }),
	billedMode: fc.constantFrom<BilledMode>('reference', 'reference', 'reference', 'reference', 'off-by-one', 'half-even', 'round-at-total'),
	offBy: fc.constantFrom(1n, -1n),
});
type InvoiceSpec = typeof invoiceSpec extends fc.Arbitrary<infer T> ? T : never;

interface Built {
	invoice: HubSpotInvoice;
	/** HubSpot's billed amount per the model, or null when the discounts exceed the lines (HubSpot would refuse). */
	referenceBilledMinor: bigint | null;
	billedMinor: bigint | null;
}

/** HubSpot's arithmetic (hubspot.md §3.2, knowledge base examples), on rationals. */
function build(spec: InvoiceSpec): Built {
	const exponent = EXPONENTS[spec.currency];
	const model = (rounding: Rounding, roundLines: boolean) => {
		let subtotal = rat(0n);
		const lineItems: HubSpotRecord[] = [];
		spec.lines.forEach((line, index) => {
			const price = fromText(line.price);
			const quantity = fromText(line.quantity);
			const listTotal = mul(price, quantity);
			const properties: Record<string, string> = { name: `Product ${index}`, price: line.price, quantity: line.quantity, hs_position_on_quote: String(index) };
			let net = listTotal;
			if (line.discount.kind === 'percent') {
				properties.hs_discount_percentage = line.discount.value;
				const discount = minorToRational(toMinor(mul(listTotal, rat(fromText(line.discount.value).n, fromText(line.discount.value).d * 100n)), exponent, rounding), exponent);
				net = sub(listTotal, discount);
			} else if (line.discount.kind === 'per-unit') {
				const perUnit = toText(rat(toMinor(mul(price, rat(BigInt(line.discount.fractionOfPrice), 100n)), 6, 'half-up'), 1000000n));
				properties.discount = perUnit;
				net = mul(sub(price, fromText(perUnit)), quantity);
			}
			if (line.sendAmount) properties.amount = toText(net);
			lineItems.push(lineItem(String(1000 + index), properties));
			subtotal = add(subtotal, roundLines ? minorToRational(toMinor(net, exponent, rounding), exponent) : net);
		});
		let running = toMinor(subtotal, exponent, rounding);
		const adjustments = (kind: string, specs: InvoiceSpec['discounts'], sign: 1n | -1n) => {
			const records = specs.map((adjustment, index) =>
				record(String(2000 + index), {
					hs_type: adjustment.type,
					hs_value: adjustment.type === 'FIXED' ? adjustment.fixed : adjustment.percent,
					hs_label: `${kind} ${index}`,
					hs_sort_order: adjustment.sortOrder === undefined ? undefined : String(adjustment.sortOrder),
				}),
			);
			const ordered = [...records].sort((a, b) => {
				const left = a.properties.hs_sort_order === undefined ? Infinity : Number(a.properties.hs_sort_order);
				const right = b.properties.hs_sort_order === undefined ? Infinity : Number(b.properties.hs_sort_order);
				return left !== right ? left - right : a.id < b.id ? -1 : 1;
			});
			for (const adjustment of ordered) {
				const value = fromText(adjustment.properties.hs_value as string);
				const amount =
					adjustment.properties.hs_type === 'FIXED'
						? toMinor(value, exponent, rounding)
						: toMinor(mul(minorToRational(running, exponent), rat(value.n, value.d * 100n)), exponent, rounding);
				running += sign * amount;
			}
			return records;
		};
		const discounts = adjustments('Discount', spec.discounts, -1n);
		const discountedRunning = running;
		const fees = adjustments('Fee', spec.fees, 1n);
		const taxes = adjustments('Tax', spec.taxes, 1n);
		return { lineItems, discounts, fees, taxes, total: discountedRunning < 0n ? null : running };
	};

	const reference = model('half-up', true);
	let billedMinor = reference.total;
	if (billedMinor !== null) {
		if (spec.billedMode === 'off-by-one') billedMinor += spec.offBy;
		if (spec.billedMode === 'half-even') billedMinor = model('half-even', true).total ?? billedMinor;
		if (spec.billedMode === 'round-at-total') billedMinor = model('half-up', false).total ?? billedMinor;
	}
	const billedText = billedMinor === null ? '0' : toText(minorToRational(billedMinor, exponent));
	const target = invoice({
		properties: { hs_currency: spec.currency, hs_amount_billed: billedText },
		lineItems: reference.lineItems,
		discounts: reference.discounts,
		fees: reference.fees,
		taxes: reference.taxes,
	});
	return { invoice: target, referenceBilledMinor: reference.total, billedMinor };
}

/** What QuickBooks will add up, read from the payload with this test's own arithmetic. */
function qboTotal(lines: readonly QboInvoiceLine[], exponent: number): Rational {
	let total = rat(0n);
	let discountLines = 0;
	for (const line of lines) {
		const amount = fromNumber(line.Amount);
		expect(amount.n).toBeGreaterThanOrEqual(0n);
		// Every amount is in whole minor units of the currency.
		expect(eq(minorToRational(toMinor(amount, exponent, 'half-up'), exponent), amount)).toBe(true);
		if (line.DetailType === 'DiscountLineDetail') {
			discountLines += 1;
			expect(line.DiscountLineDetail.PercentBased).toBe(false);
			total = sub(total, amount);
			continue;
		}
		// QuickBooks' 6070 check, with no rounding left to do: Qty × UnitPrice is the Amount exactly.
		expect(eq(mul(fromNumber(line.SalesItemLineDetail.Qty), fromNumber(line.SalesItemLineDetail.UnitPrice)), amount)).toBe(true);
		total = add(total, amount);
	}
	expect(discountLines).toBeLessThanOrEqual(1);
	return total;
}

describe('mapHubSpotInvoiceToQuickBooks: the money invariant (property-based)', () => {
	it('equals HubSpot’s billed amount exactly, or refuses with amount_mismatch, never a silent difference', () => {
		const outcomes = { exact: 0, refused: 0, discountTooLarge: 0 };
		fc.assert(
			fc.property(invoiceSpec, (spec) => {
				const built = build(spec);
				const exponent = EXPONENTS[spec.currency];
				const settings = settingsFor(built.invoice, {
					homeCurrency: spec.currency,
					itemRefs: itemRefsFor(built.invoice),
				});
				const result = mapHubSpotInvoiceToQuickBooks(built.invoice, settings);

				if (built.referenceBilledMinor === null) {
					// Discounts larger than the lines: refused before any arithmetic question arises.
					expect(result.ok).toBe(false);
					if (!result.ok) expect(result.error.category).toBe('validation');
					outcomes.discountTooLarge += 1;
					return;
				}
				const billed = minorToRational(built.billedMinor as bigint, exponent);
				if (result.ok) {
					expect(eq(qboTotal(result.document.Line, exponent), billed)).toBe(true);
					expect(result.billedAmount).toBe(result.documentTotal);
					outcomes.exact += 1;
				} else {
					expect(result.error.category).toBe('amount_mismatch');
					// Both figures, in the message and as data.
					const hubspotBilled = result.error.details?.hubspotBilled as string;
					const quickbooksTotal = result.error.details?.quickbooksTotal as string;
					expect(eq(fromText(hubspotBilled), billed)).toBe(true);
					expect(result.error.message).toContain(`${hubspotBilled} ${spec.currency}`);
					expect(result.error.message).toContain(`${quickbooksTotal} ${spec.currency}`);
					expect(hubspotBilled).not.toBe(quickbooksTotal);
					outcomes.refused += 1;
				}
				// The model is HubSpot's documented order and rounding: its figure must never be refused,
				// and a figure one minor unit off must always be.
				if (spec.billedMode === 'reference') expect(result.ok).toBe(true);
				if (spec.billedMode === 'off-by-one') expect(result.ok).toBe(false);
			}),
			{ numRuns: 3000, seed: 20261001 },
		);
		expect(outcomes.exact).toBeGreaterThan(1500);
		expect(outcomes.refused).toBeGreaterThan(300);
	});

	it('keeps HubSpot’s quantity and unit price whenever their product is already the amount', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('JPY', 'USD', 'KWD'),
				fc.integer({ min: 0, max: 10_000_000 }),
				fc.integer({ min: 1, max: 500 }),
				(currency, priceMinor, quantity) => {
					const exponent = EXPONENTS[currency];
					const price = toText(minorToRational(BigInt(priceMinor), exponent));
					const amountMinor = BigInt(priceMinor) * BigInt(quantity);
					const target = invoice({
						properties: { hs_currency: currency, hs_amount_billed: toText(minorToRational(amountMinor, exponent)) },
						lineItems: [lineItem('7', { price, quantity: String(quantity) })],
					});
					const result = mapHubSpotInvoiceToQuickBooks(target, settingsFor(target, { homeCurrency: currency }));
					expect(result.ok).toBe(true);
					if (!result.ok) return;
					const line = result.document.Line[0];
					if (line.DetailType !== 'SalesItemLineDetail') throw new Error('expected a sales line');
					expect(line.SalesItemLineDetail.Qty).toBe(quantity);
					expect(eq(fromNumber(line.SalesItemLineDetail.UnitPrice), fromText(price))).toBe(true);
					expect(result.linePricing[0].pricing).toBe('hubspot-price');
				},
			),
			{ numRuns: 1000, seed: 7 },
		);
	});
});
