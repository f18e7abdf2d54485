/**
 * HubSpot's billed amount, recomputed from the invoice's parts in HubSpot's order (hubspot.md §3.2):
 * line items (unit price × quantity, less the line's unit discount or discount percentage), then the
 * invoice-level discounts, then fees, then taxes, each group in `hs_sort_order`, PERCENT values taken
 * of the running subtotal. Every step is rounded to the currency's minor unit, half-up, as HubSpot
 * rounds discounts "based on the currency's precision" (see money.ts). The result is compared with
 * `hs_amount_billed` by the invoice mapping: this module computes, it never decides.
 */
import { SyncFailure, syncError } from './errors';
import { HubSpotInvoice, HubSpotRecord, propertyText } from './hubspotInvoice';
import {
	Decimal,
	Money,
	addMoney,
	compareDecimals,
	currencyExponent,
	decimalFromInteger,
	decimalToString,
	describeMoney,
	formatMoney,
	isNegativeDecimal,
	isNegativeMoney,
	isZeroDecimal,
	moneyEquals,
	moneyFromDecimal,
	moneyToDecimal,
	multiplyDecimals,
	parseDecimal,
	percentOf,
	percentOfMoney,
	subtractDecimals,
	subtractMoney,
	zeroMoney,
} from './money';

export type LineDiscount =
	| { kind: 'percent'; percent: Decimal; amount: Money }
	| { kind: 'per-unit'; perUnit: Decimal; amount: Decimal };

export interface BilledLine {
	lineItemId: string;
	name?: string;
	quantity: Decimal;
	/** HubSpot's unit price (`price`, up to six decimals), before the line discount. */
	unitPrice?: Decimal;
	discount?: LineDiscount;
	/** Unit price after a per-unit discount; for a percentage discount, price × (1 − percent). */
	netUnitPrice?: Decimal;
	/** What the line contributes to the invoice, in minor units. */
	amount: Money;
	/** 'hubspot' when HubSpot's own `amount` (net price) was used, 'computed' when it was absent. */
	amountSource: 'hubspot' | 'computed';
	/** HubSpot line-level tax rate (`hs_tax_rate_group_id`); its tax is not in `amount`. */
	taxRateGroupId?: string;
}

export type AdjustmentKind = 'discount' | 'fee' | 'tax';

export interface BilledAdjustment {
	kind: AdjustmentKind;
	id: string;
	label: string;
	type: 'FIXED' | 'PERCENT';
	value: Decimal;
	amount: Money;
}

export interface BilledAmount {
	currency: string;
	lines: BilledLine[];
	subtotal: Money;
	discounts: BilledAdjustment[];
	totalDiscount: Money;
	fees: BilledAdjustment[];
	totalFees: Money;
	taxes: BilledAdjustment[];
	totalTax: Money;
	total: Money;
	/** Things a bookkeeper may want to know that did not change the total (e.g. HubSpot's amount differs from price × quantity). */
	notes: string[];
}

const ONE = decimalFromInteger(1);
const ZERO_DECIMAL = decimalFromInteger(0);
const HUNDRED = decimalFromInteger(100);

function readDecimal(record: HubSpotRecord, property: string, what: string): Decimal | undefined {
	const text = propertyText(record, property);
	return text === undefined ? undefined : parseDecimal(text, `${what} ${property}`);
}

function refuse(message: string, details: Record<string, unknown>, howToFix?: string): never {
	throw new SyncFailure(syncError('validation', message, details, howToFix));
}

/** One line item's billed amount; see the module comment for the rules. */
export function billedLine(lineItem: HubSpotRecord, currency: string, notes: string[] = []): BilledLine {
	const what = `line item ${lineItem.id}`;
	const lineCurrency = propertyText(lineItem, 'hs_line_item_currency_code')?.toUpperCase();
	if (lineCurrency !== undefined && lineCurrency !== currency) {
		throw new SyncFailure(
			syncError('currency_mismatch', `Line item ${lineItem.id} is in ${lineCurrency} but the invoice is in ${currency}.`, {
				lineItemId: lineItem.id,
				lineCurrency,
				invoiceCurrency: currency,
			}, 'Put every line item of the HubSpot invoice in the invoice currency.'),
		);
	}
	const quantity = readDecimal(lineItem, 'quantity', what) ?? ONE;
	const unitPrice = readDecimal(lineItem, 'price', what);
	const hubspotAmount = readDecimal(lineItem, 'amount', what);
	const percent = nonZero(readDecimal(lineItem, 'hs_discount_percentage', what));
	const perUnit = nonZero(readDecimal(lineItem, 'discount', what));
	if (isNegativeDecimal(quantity)) refuse(`Line item ${lineItem.id} has a negative quantity (${decimalToString(quantity)}).`, { lineItemId: lineItem.id }, 'QuickBooks lines cannot be negative: use a credit memo for returns.');
	if (unitPrice !== undefined && isNegativeDecimal(unitPrice)) refuse(`Line item ${lineItem.id} has a negative unit price.`, { lineItemId: lineItem.id });
	if (percent !== undefined && (isNegativeDecimal(percent) || compareDecimals(percent, HUNDRED) > 0)) {
		refuse(`Line item ${lineItem.id} has a discount of ${decimalToString(percent)}%, outside 0–100.`, { lineItemId: lineItem.id });
	}

	let discount: LineDiscount | undefined;
	let netUnitPrice: Decimal | undefined = unitPrice;
	let computed: Money | undefined;
	if (unitPrice !== undefined) {
		const listTotal = multiplyDecimals(unitPrice, quantity);
		let net = listTotal;
		// HubSpot takes a percentage off the line total, not off each unit (rounded to the currency's precision).
		if (percent !== undefined && compareDecimals(percent, HUNDRED) === 0) {
			// The whole line is given away: HubSpot bills it at 0. Rounding the discount up and taking it off
			// the unrounded total would make a list total of half a minor unit (0.125 USD) a line of −0.01.
			discount = { kind: 'percent', percent, amount: moneyFromDecimal(listTotal, currency) };
			net = ZERO_DECIMAL;
			netUnitPrice = ZERO_DECIMAL;
		} else if (percent !== undefined) {
			const amount = moneyFromDecimal(percentOf(listTotal, percent, currencyExponent(currency)), currency);
			discount = { kind: 'percent', percent, amount };
			net = subtractDecimals(listTotal, moneyToDecimal(amount));
			netUnitPrice = subtractDecimals(unitPrice, percentOf(unitPrice, percent, unitPrice.scale + percent.scale + 2));
			if (perUnit !== undefined) notes.push(`Line item ${lineItem.id}: both a discount percentage and a unit discount are set; the percentage was used, as HubSpot shows one discount per line.`);
		} else if (perUnit !== undefined) {
			const amount = multiplyDecimals(perUnit, quantity);
			discount = { kind: 'per-unit', perUnit, amount };
			net = subtractDecimals(listTotal, amount);
			netUnitPrice = subtractDecimals(unitPrice, perUnit);
			if (isNegativeDecimal(netUnitPrice) && isZeroDecimal(quantity)) {
				// Nothing is billed at quantity 0, but a negative net price must not reach QuickBooks' UnitPrice.
				notes.push(`Line item ${lineItem.id}: its unit discount ${decimalToString(perUnit)} is above its price ${decimalToString(unitPrice)}; at quantity 0 the line is 0 and shows the list price.`);
				netUnitPrice = unitPrice;
			}
		}
		computed = moneyFromDecimal(net, currency);
		// Judged after rounding: a discount rounded up to the currency's precision may pass a tiny price by a fraction.
		if (isNegativeMoney(computed)) {
			refuse(`Line item ${lineItem.id}'s discount is larger than its price.`, { lineItemId: lineItem.id }, "Correct the line item's discount in HubSpot.");
		}
	}

	let amount: Money;
	let amountSource: BilledLine['amountSource'];
	if (hubspotAmount !== undefined) {
		amount = moneyFromDecimal(hubspotAmount, currency);
		amountSource = 'hubspot';
		if (computed !== undefined && !moneyEquals(computed, amount)) {
			notes.push(`Line item ${lineItem.id}: HubSpot's net price ${describeMoney(amount)} was used; its unit price and quantity give ${describeMoney(computed)}.`);
		}
	} else if (computed !== undefined) {
		amount = computed;
		amountSource = 'computed';
	} else {
		refuse(`Line item ${lineItem.id} has neither a unit price nor an amount.`, { lineItemId: lineItem.id }, 'Give the line item a unit price in HubSpot.');
	}
	if (isNegativeMoney(amount)) {
		refuse(`Line item ${lineItem.id} has a negative amount (${describeMoney(amount)}).`, { lineItemId: lineItem.id }, 'QuickBooks lines cannot be negative: use a discount or a credit memo.');
	}

	const line: BilledLine = { lineItemId: lineItem.id, quantity, amount, amountSource };
	const name = propertyText(lineItem, 'name');
	if (name !== undefined) line.name = name;
	if (unitPrice !== undefined) line.unitPrice = unitPrice;
	if (discount !== undefined) line.discount = discount;
	if (netUnitPrice !== undefined) line.netUnitPrice = netUnitPrice;
	const taxRateGroupId = propertyText(lineItem, 'hs_tax_rate_group_id');
	if (taxRateGroupId !== undefined) line.taxRateGroupId = taxRateGroupId;
	return line;
}

function nonZero(value: Decimal | undefined): Decimal | undefined {
	return value === undefined || isZeroDecimal(value) ? undefined : value;
}

/** Discounts, fees and taxes apply in `hs_sort_order`; ties and gaps fall back to the record id, so the order is stable. */
export function inSortOrder(records: readonly HubSpotRecord[]): HubSpotRecord[] {
	const sortKey = (record: HubSpotRecord) => {
		const text = propertyText(record, 'hs_sort_order');
		return text === undefined ? undefined : parseDecimal(text, `hs_sort_order of ${record.id}`);
	};
	return [...records].sort((a, b) => {
		const left = sortKey(a);
		const right = sortKey(b);
		if (left !== undefined && right !== undefined && compareDecimals(left, right) !== 0) return compareDecimals(left, right);
		if (left !== undefined && right === undefined) return -1;
		if (left === undefined && right !== undefined) return 1;
		return compareIds(a.id, b.id);
	});
}

function compareIds(a: string, b: string): number {
	if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}

function adjustmentOf(kind: AdjustmentKind, record: HubSpotRecord, runningSubtotal: Money): BilledAdjustment {
	const what = `${kind} ${record.id}`;
	const type = propertyText(record, 'hs_type')?.toUpperCase();
	if (type !== 'FIXED' && type !== 'PERCENT') {
		refuse(`HubSpot ${what} has type ${JSON.stringify(type ?? null)}; FIXED or PERCENT is expected.`, { id: record.id, kind });
	}
	const value = readDecimal(record, 'hs_value', what);
	if (value === undefined) refuse(`HubSpot ${what} has no value (hs_value).`, { id: record.id, kind });
	if (isNegativeDecimal(value)) refuse(`HubSpot ${what} has a negative value.`, { id: record.id, kind });
	if (type === 'PERCENT' && kind === 'discount' && compareDecimals(value, HUNDRED) > 0) {
		refuse(`HubSpot ${what} is ${decimalToString(value)}%, more than 100%.`, { id: record.id, kind });
	}
	const amount = type === 'FIXED' ? moneyFromDecimal(value, runningSubtotal.currency) : percentOfMoney(runningSubtotal, value);
	return { kind, id: record.id, label: propertyText(record, 'hs_label') ?? defaultLabel(kind, type, value), type, value, amount };
}

function defaultLabel(kind: AdjustmentKind, type: 'FIXED' | 'PERCENT', value: Decimal): string {
	const name = kind === 'discount' ? 'Discount' : kind === 'fee' ? 'Fee' : 'Tax';
	return type === 'PERCENT' ? `${name} ${decimalToString(value)}%` : name;
}

/** The invoice's billed amount from its parts, with every intermediate figure kept for the QuickBooks lines. */
export function computeBilledAmount(invoice: HubSpotInvoice, currency: string): BilledAmount {
	const notes: string[] = [];
	const lines = invoice.lineItems.map((lineItem) => billedLine(lineItem, currency, notes));
	const subtotal = lines.reduce((sum, line) => addMoney(sum, line.amount), zeroMoney(currency));

	let running = subtotal;
	const discounts: BilledAdjustment[] = [];
	for (const record of inSortOrder(invoice.discounts ?? [])) {
		const discount = adjustmentOf('discount', record, running);
		discounts.push(discount);
		running = subtractMoney(running, discount.amount);
	}
	if (isNegativeMoney(running)) {
		refuse(`The HubSpot discounts (${describeMoney(subtractMoney(subtotal, running))}) are larger than the line items (${describeMoney(subtotal)}).`, {
			subtotal: formatMoney(subtotal),
		}, "Correct the invoice's discount in HubSpot.");
	}
	const fees: BilledAdjustment[] = [];
	for (const record of inSortOrder(invoice.fees ?? [])) {
		const fee = adjustmentOf('fee', record, running);
		fees.push(fee);
		running = addMoney(running, fee.amount);
	}
	const taxes: BilledAdjustment[] = [];
	for (const record of inSortOrder(invoice.taxes ?? [])) {
		const tax = adjustmentOf('tax', record, running);
		taxes.push(tax);
		running = addMoney(running, tax.amount);
	}
	const total = (items: BilledAdjustment[]) => items.reduce((sum, item) => addMoney(sum, item.amount), zeroMoney(currency));
	return {
		currency,
		lines,
		subtotal,
		discounts,
		totalDiscount: total(discounts),
		fees,
		totalFees: total(fees),
		taxes,
		totalTax: total(taxes),
		total: running,
		notes,
	};
}

/** The breakdown as plain JSON (decimal strings), for node output and error details. */
export function describeBilledAmount(billed: BilledAmount): Record<string, unknown> {
	const adjustments = (items: BilledAdjustment[]) =>
		items.map((item) => ({ id: item.id, label: item.label, type: item.type, value: decimalToString(item.value), amount: formatMoney(item.amount) }));
	return {
		currency: billed.currency,
		subtotal: formatMoney(billed.subtotal),
		lines: billed.lines.map((line) => ({ lineItemId: line.lineItemId, quantity: decimalToString(line.quantity), amount: formatMoney(line.amount) })),
		discounts: adjustments(billed.discounts),
		totalDiscount: formatMoney(billed.totalDiscount),
		fees: adjustments(billed.fees),
		totalFees: formatMoney(billed.totalFees),
		taxes: adjustments(billed.taxes),
		totalTax: formatMoney(billed.totalTax),
		total: formatMoney(billed.total),
	};
}
