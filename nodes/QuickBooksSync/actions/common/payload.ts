/**
 * Turning node parameters into QuickBooks JSON. Money never passes through float arithmetic: inputs
 * (strings or numbers) are read as exact decimals by the sync core's money module, a line's Amount is
 * Qty × UnitPrice computed on those decimals, and only the finished value becomes a JSON number.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	currencyExponent,
	decimalPlaces,
	decimalToString,
	multiplyDecimals,
	parseDecimal,
	roundDecimal,
	toQboNumber,
	type Decimal,
} from '../../../../core/money';
import { isSyncFailure } from '../../../../core/errors';
import { QBO_LIMITS } from '../../../../core/qboDocuments';
import { validationError } from '../../../../transport/quickbooks';
import { locatorValue } from '../../nodeHelpers/locators';

export type Ref = { value: string };

export function ref(value: unknown): Ref | undefined {
	const id = locatorValue(value);
	return id === undefined ? undefined : { value: id };
}

export function requiredRef(value: unknown, label: string): Ref {
	const result = ref(value);
	if (result === undefined) throw validationError(`${label} is empty`, `Choose a ${label.toLowerCase()} from the list or enter its QuickBooks ID.`);
	return result;
}

/** Copies the value when it says something (not undefined, not empty text). */
export function setIfPresent(target: IDataObject, key: string, value: unknown): void {
	if (value === undefined || value === null) return;
	if (typeof value === 'string' && value.trim() === '') return;
	target[key] = value as IDataObject[string];
}

/** A text filter that was filled in, trimmed; undefined when empty. */
export function textFilter(filters: IDataObject, key: string): string | undefined {
	const value = filters[key];
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The "QuickBooks Fields (JSON)" option: raw fields merged over what the form built. */
export function rawFields(value: unknown): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw validationError('QuickBooks Fields (JSON) is not valid JSON', 'Enter a JSON object such as {"ClassRef": {"value": "5"}}.');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw validationError('QuickBooks Fields (JSON) must be a JSON object', 'Enter a JSON object such as {"ClassRef": {"value": "5"}}.');
	}
	return parsed as IDataObject;
}

/** A QBO date (yyyy-MM-dd) from an n8n date-time parameter or text. */
export function qboDate(value: unknown, label: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	const match = /^(\d{4}-\d{2}-\d{2})/.exec(text);
	if (!match) throw validationError(`${label} "${text}" is not a date`, `Use a date such as 2026-10-01.`);
	return match[1];
}

export function readDecimal(value: unknown, label: string): Decimal {
	if (value === undefined || value === null || value === '') {
		throw validationError(`${label} is empty`, `Enter ${label.toLowerCase()} as a decimal number such as 19.99.`);
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw validationError(`${label} is not a number`, `Enter ${label.toLowerCase()} as a decimal number such as 19.99.`);
	}
	try {
		return parseDecimal(value, label);
	} catch (error) {
		// The money module's advice speaks of HubSpot records; here the value comes from this node's field.
		const message = isSyncFailure(error) ? error.syncError.message : `${label} is not a valid decimal number`;
		throw validationError(message, `Enter ${label.toLowerCase()} in the node as a plain decimal number such as 19.99 (no thousands separators or currency signs).`);
	}
}

/** An amount in the document's currency, refused (not rounded) when it has more places than the currency. */
export function readAmount(value: unknown, label: string, currency: string | undefined): Decimal {
	const amount = readDecimal(value, label);
	const places = currency ? currencyExponent(currency) : 2;
	if (decimalPlaces(amount) > places) {
		throw validationError(
			`${label} ${decimalToString(amount)} has more than ${places} decimal places`,
			`Round ${label.toLowerCase()} to ${places} decimal places${currency ? ` (${currency})` : ''}.`,
		);
	}
	return amount;
}

export function amountNumber(value: Decimal, label: string): number {
	return toQboNumber(value, label);
}

export interface SalesLineInput {
	item?: unknown;
	description?: string;
	quantity?: number | string;
	unitPrice?: number | string;
	taxCode?: unknown;
	serviceDate?: string;
}

/**
 * A SalesItemLineDetail line. QuickBooks checks Amount = Qty × UnitPrice (6070) and rounds that product
 * half up to the currency's places, so the Amount sent is the exact product rounded the same way.
 */
export function salesLine(input: SalesLineInput, position: number, currency: string | undefined): IDataObject {
	const label = `Line ${position}`;
	const quantity = readDecimal(input.quantity ?? 1, `${label} quantity`);
	const unitPrice = readDecimal(input.unitPrice, `${label} unit price`);
	for (const [value, what] of [
		[quantity, 'quantity'],
		[unitPrice, 'unit price'],
	] as const) {
		if (decimalPlaces(value) > QBO_LIMITS.unitPriceDecimals) {
			throw validationError(`${label} ${what} has more than ${QBO_LIMITS.unitPriceDecimals} decimal places`, `Round the ${what} to at most five places.`);
		}
	}
	const amount = roundDecimal(multiplyDecimals(quantity, unitPrice), currency ? currencyExponent(currency) : 2, 'half-up');
	const detail: IDataObject = {
		ItemRef: requiredRef(input.item, `${label} item`),
		Qty: toQboNumber(quantity, `${label} quantity`),
		UnitPrice: toQboNumber(unitPrice, `${label} unit price`),
	};
	setIfPresent(detail, 'TaxCodeRef', ref(input.taxCode));
	setIfPresent(detail, 'ServiceDate', qboDate(input.serviceDate, `${label} service date`));
	const line: IDataObject = { DetailType: 'SalesItemLineDetail', Amount: toQboNumber(amount, `${label} amount`), SalesItemLineDetail: detail };
	setIfPresent(line, 'Description', input.description);
	return line;
}

export function salesLines(inputs: SalesLineInput[] | undefined, currency: string | undefined): IDataObject[] {
	return (inputs ?? []).map((input, index) => salesLine(input, index + 1, currency));
}

export interface ExpenseLineInput {
	account?: unknown;
	amount?: number | string;
	description?: string;
	customer?: unknown;
}

/** An AccountBasedExpenseLineDetail line on an expense account (quickbooks.md §2.3). */
export function expenseLine(input: ExpenseLineInput, position: number, currency: string | undefined): IDataObject {
	const label = `Line ${position}`;
	const detail: IDataObject = { AccountRef: requiredRef(input.account, `${label} expense account`) };
	setIfPresent(detail, 'CustomerRef', ref(input.customer));
	const line: IDataObject = {
		DetailType: 'AccountBasedExpenseLineDetail',
		Amount: amountNumber(readAmount(input.amount, `${label} amount`, currency), `${label} amount`),
		AccountBasedExpenseLineDetail: detail,
	};
	setIfPresent(line, 'Description', input.description);
	return line;
}

export function expenseLines(inputs: ExpenseLineInput[] | undefined, currency: string | undefined): IDataObject[] {
	return (inputs ?? []).map((input, index) => expenseLine(input, index + 1, currency));
}

/** `{"Line": [...]}` in the raw fields replaces the form's lines; a document still needs some. */
export function requireLines(payload: IDataObject, what: string): void {
	if (!Array.isArray(payload.Line) || payload.Line.length === 0) {
		throw validationError(`The ${what} has no lines`, 'Add at least one line (or a "Line" array in QuickBooks Fields (JSON)).');
	}
}

export function currencyOf(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const code = value.trim().toUpperCase();
	if (!/^[A-Z]{3}$/.test(code)) throw validationError(`"${value}" is not a currency code`, 'Use a three-letter ISO code such as USD or EUR.');
	return code;
}
