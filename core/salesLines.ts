/**
 * QuickBooks sales lines that pass QuickBooks' own arithmetic. QuickBooks refuses a line whose Amount is
 * not Qty × UnitPrice (fault 6070) and rounds that product in a way Intuit does not document, so every
 * line built here has Qty × UnitPrice equal to Amount exactly: no rounding is left for QuickBooks to do.
 */
import { SyncFailure, syncError } from './errors';
import {
	Decimal,
	Money,
	decimalFromInteger,
	decimalPlaces,
	decimalToString,
	decimalsEqual,
	divideExactly,
	isNegativeDecimal,
	isZeroDecimal,
	moneyToDecimal,
	multiplyDecimals,
	parseDecimal,
	parseMoney,
	toQboNumber,
	trimDecimal,
	zeroMoney,
	addMoney,
	subtractMoney,
} from './money';
import { QBO_LIMITS, QboDiscountLine, QboRef, QboSalesItemLine, fitToLimit } from './qboDocuments';

/**
 * How a HubSpot line became Qty and UnitPrice:
 * - 'hubspot-price': HubSpot's quantity and (net) unit price, whose product is the amount;
 * - 'derived-price': HubSpot's quantity and amount ÷ quantity (exact within five decimals);
 * - 'single-quantity': Qty 1 at the amount, when no exact unit price exists (e.g. 3 × 29.997 billed as 89.99).
 */
export type LinePricing = 'hubspot-price' | 'derived-price' | 'single-quantity';

export interface QuantityAndPrice {
	quantity: Decimal;
	unitPrice: Decimal;
	pricing: LinePricing;
}

const ONE = decimalFromInteger(1);

function fitsQbo(value: Decimal, decimals: number): boolean {
	return decimalPlaces(value) <= decimals;
}

/** Picks the Qty and UnitPrice QuickBooks will accept for `amount`, preferring HubSpot's own figures. */
export function quantityAndUnitPrice(amount: Money, quantity: Decimal, preferredUnitPrices: readonly (Decimal | undefined)[]): QuantityAndPrice {
	const amountValue = moneyToDecimal(amount);
	if (fitsQbo(quantity, QBO_LIMITS.quantityDecimals) && !isZeroDecimal(quantity)) {
		for (const unitPrice of preferredUnitPrices) {
			if (unitPrice === undefined || isNegativeDecimal(unitPrice) || !fitsQbo(unitPrice, QBO_LIMITS.unitPriceDecimals)) continue;
			if (decimalsEqual(multiplyDecimals(quantity, unitPrice), amountValue)) {
				return { quantity: trimDecimal(quantity), unitPrice: trimDecimal(unitPrice), pricing: 'hubspot-price' };
			}
		}
		const derived = divideExactly(amountValue, quantity, QBO_LIMITS.unitPriceDecimals);
		if (derived !== null) return { quantity: trimDecimal(quantity), unitPrice: trimDecimal(derived), pricing: 'derived-price' };
	}
	if (isZeroDecimal(quantity) && isZeroDecimal(amountValue)) {
		const unitPrice = preferredUnitPrices.find((price) => price !== undefined && !isNegativeDecimal(price) && fitsQbo(price, QBO_LIMITS.unitPriceDecimals));
		return { quantity: trimDecimal(quantity), unitPrice: trimDecimal(unitPrice ?? amountValue), pricing: 'hubspot-price' };
	}
	return { quantity: ONE, unitPrice: trimDecimal(amountValue), pricing: 'single-quantity' };
}

const QBO_MAX_NUMBER = '9999999999.99999';

function integerDigits(value: Decimal): number {
	return decimalToString(trimDecimal(value)).replace(/^-/, '').split('.')[0].replace(/^0+(?=\d)/, '').length;
}

/**
 * QuickBooks' number fields are "10.5": at most ten digits before the point (quickbooks.md §2.1.1 says so
 * for Amount). Intuit documents no limit for UnitPrice, Qty or TotalAmt; they are held to the same one,
 * the conservative reading, so nothing is sent that QuickBooks may refuse or cut.
 */
export function checkQboNumberSize(value: Decimal, label: string, unit = ''): void {
	const digits = integerDigits(value);
	if (digits > QBO_LIMITS.amountIntegerDigits) {
		throw new SyncFailure(
			syncError(
				'validation',
				`${label} ${decimalToString(trimDecimal(value))}${unit} has ${digits} digits before the decimal point; QuickBooks accepts at most ${QBO_LIMITS.amountIntegerDigits} (up to ${QBO_MAX_NUMBER}). Nothing was written.`,
				{ field: label, value: decimalToString(trimDecimal(value)), integerDigits: digits, limit: QBO_LIMITS.amountIntegerDigits },
				'Split the HubSpot invoice into smaller ones, or give the line a larger quantity unit (a unit price comes from amount ÷ quantity).',
			),
		);
	}
}

function checkAmountSize(amount: Money, label: string): void {
	checkQboNumberSize(moneyToDecimal(amount), label, ` ${amount.currency}`);
}

export interface SalesItemLineInput {
	amount: Money;
	quantity: Decimal;
	unitPrice: Decimal;
	itemRef: QboRef;
	description?: string;
	taxCodeRef?: QboRef;
	serviceDate?: string;
}

export function salesItemLine(input: SalesItemLineInput): QboSalesItemLine {
	checkAmountSize(input.amount, 'Line amount');
	checkQboNumberSize(input.unitPrice, 'Line unit price', ` ${input.amount.currency}`);
	checkQboNumberSize(input.quantity, 'Line quantity');
	const detail: QboSalesItemLine['SalesItemLineDetail'] = {
		ItemRef: { ...input.itemRef },
		Qty: toQboNumber(input.quantity, 'Qty'),
		UnitPrice: toQboNumber(input.unitPrice, 'UnitPrice'),
	};
	if (input.taxCodeRef !== undefined) detail.TaxCodeRef = { ...input.taxCodeRef };
	if (input.serviceDate !== undefined) detail.ServiceDate = input.serviceDate;
	const line: QboSalesItemLine = { DetailType: 'SalesItemLineDetail', Amount: toQboNumber(moneyToDecimal(input.amount), 'Amount'), SalesItemLineDetail: detail };
	if (input.description !== undefined && input.description !== '') line.Description = fitToLimit(input.description, QBO_LIMITS.lineDescription);
	return line;
}

/** A line of one unit at the amount: how fees, taxes and single charges go to QuickBooks. */
export function singleChargeLine(amount: Money, itemRef: QboRef, description: string | undefined, taxCodeRef?: QboRef): QboSalesItemLine {
	return salesItemLine({ amount, quantity: ONE, unitPrice: moneyToDecimal(amount), itemRef, description, taxCodeRef });
}

/** The invoice-level discount as one fixed-amount DiscountLineDetail line. */
export function discountLine(amount: Money, description: string | undefined, discountAccountRef?: QboRef): QboDiscountLine {
	checkAmountSize(amount, 'Discount');
	const line: QboDiscountLine = {
		DetailType: 'DiscountLineDetail',
		Amount: toQboNumber(moneyToDecimal(amount), 'Discount'),
		DiscountLineDetail: { PercentBased: false },
	};
	if (discountAccountRef !== undefined) line.DiscountLineDetail.DiscountAccountRef = { ...discountAccountRef };
	if (description !== undefined && description !== '') line.Description = fitToLimit(description, QBO_LIMITS.lineDescription);
	return line;
}

export interface DocumentTotal {
	total: Money;
	/** The sales lines before the discount line: QuickBooks' own subtotal. */
	subtotal: Money;
	/** Lines whose Qty × UnitPrice is not exactly their Amount (always empty for lines built here). */
	linesFailingArithmetic: number[];
}

/**
 * The total QuickBooks will compute for a document's lines: sales lines minus the discount line, read
 * back from the payload itself so the money check covers exactly what would be sent.
 */
export function qboDocumentTotal(lines: ReadonlyArray<QboSalesItemLine | QboDiscountLine>, currency: string): DocumentTotal {
	let total = zeroMoney(currency);
	let subtotal = zeroMoney(currency);
	const linesFailingArithmetic: number[] = [];
	lines.forEach((line, index) => {
		const amount = parseMoney(line.Amount, currency, `Line ${index + 1} Amount`);
		if (line.DetailType === 'DiscountLineDetail') {
			total = subtractMoney(total, amount);
			return;
		}
		total = addMoney(total, amount);
		subtotal = addMoney(subtotal, amount);
		const product = multiplyDecimals(
			parseDecimal(line.SalesItemLineDetail.Qty, 'Qty'),
			parseDecimal(line.SalesItemLineDetail.UnitPrice, 'UnitPrice'),
		);
		if (!decimalsEqual(product, moneyToDecimal(amount))) linesFailingArithmetic.push(index);
	});
	return { total, subtotal, linesFailingArithmetic };
}
