/**
 * Readers for request fields: each checks type and limits and throws the fault QBO answers with
 * (quickbooks.md §5.3, 2010–2290), so entity rules read like the reference tables.
 */
import { isValidDate } from './clock';
import {
	invalidBoolean,
	invalidDate,
	invalidDecimal,
	invalidDecimalFormat,
	invalidEmail,
	invalidEnumeration,
	invalidReference,
	invalidString,
	invalidStringLength,
	negativeAmount,
	objectNotFound,
	requiredParamMissing,
	unsupportedProperty,
} from './faults';
import { currencyExponent, decimalPlaces, integerDigits, isNegative, parseDecimal, roundHalfUp, toText, type Decimal } from './money';
import type { CompanyStore, EntityName, QboRecord, SubCentReading } from './store';

export function isObject(value: unknown): value is QboRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** quickbooks.md §5.3 2010: a property the entity does not have is refused, not ignored. */
export function rejectUnknownFields(input: QboRecord, allowed: ReadonlySet<string>, prefix = ''): void {
	for (const key of Object.keys(input)) {
		if (!allowed.has(key)) throw unsupportedProperty(`${prefix}${key}`);
	}
}

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

interface StringRules {
	max?: number;
	required?: boolean;
	/** Characters the field may not contain, e.g. ':' in names (quickbooks.md §2.5, §2.7). */
	forbidden?: string;
}

export function readString(input: QboRecord, field: string, rules: StringRules = {}, element = field): string | undefined {
	const value = input[field];
	if (value === undefined || value === null) {
		if (rules.required) throw requiredParamMissing(element);
		return undefined;
	}
	if (typeof value !== 'string' && typeof value !== 'number') throw invalidString(element, JSON.stringify(value));
	const text = String(value);
	if (rules.required && text.trim() === '') throw requiredParamMissing(element);
	if (rules.max !== undefined && text.length > rules.max) throw invalidStringLength(element, rules.max, text.length);
	if (rules.forbidden) {
		for (const character of rules.forbidden) if (text.includes(character)) throw invalidString(element, text);
	}
	return text;
}

export function readBoolean(input: QboRecord, field: string, element = field): boolean | undefined {
	const value = input[field];
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw invalidBoolean(element, value);
}

export function readDate(input: QboRecord, field: string, element = field): string | undefined {
	const value = input[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (!isValidDate(value)) throw invalidDate(element, value);
	return value;
}

export function readEnum<T extends string>(
	input: QboRecord,
	field: string,
	allowed: readonly T[],
	required = false,
	element = field,
): T | undefined {
	const value = input[field];
	if (value === undefined || value === null) {
		if (required) throw requiredParamMissing(element);
		return undefined;
	}
	if (!allowed.includes(value as T)) throw invalidEnumeration(element, value, allowed);
	return value as T;
}

export function readDecimal(value: unknown, element: string): Decimal | undefined {
	if (value === undefined || value === null) return undefined;
	const parsed = parseDecimal(value);
	if (!parsed) throw invalidDecimalFormat(element, value);
	return parsed;
}

/**
 * An amount in a currency: QBO's "10.5" format (quickbooks.md §2.1.1: at most 10 integer digits). More
 * decimals than the currency has (10.005 USD) is UNVERIFIED: settings.subCentAmount 'refuse' answers 2110
 * (the default: QBO keeps amounts in the currency's minor unit, so refusing keeps the books exact), 'round'
 * books it rounded half up to the minor unit.
 */
export function readAmount(
	value: unknown,
	element: string,
	currency: string,
	options: { allowNegative?: boolean; subCent?: SubCentReading } = {},
): Decimal | undefined {
	let amount = readDecimal(value, element);
	if (!amount) return undefined;
	if (integerDigits(amount) > 10) throw invalidDecimal(element, `Amount ${toText(amount)} exceeds the 10.5 format (at most 10 digits before the point).`);
	const exponent = currencyExponent(currency);
	if (decimalPlaces(amount) > exponent) {
		if (options.subCent !== 'round') throw invalidDecimal(element, `Amount ${toText(amount)} has more decimal places than ${currency} allows (${exponent}).`);
		amount = roundHalfUp(amount, exponent);
	}
	// quickbooks.md §5.3 2290: negative amounts aren't supported on transaction lines.
	if (!options.allowNegative && isNegative(amount)) throw negativeAmount(element, toText(amount));
	return amount;
}

/** A quantity or unit price: any decimal, never negative (stricter reading of §5.3 2290, see salesForms.ts). */
export function readNonNegativeDecimal(value: unknown, element: string): Decimal | undefined {
	const decimal = readDecimal(value, element);
	if (decimal && isNegative(decimal)) throw negativeAmount(element, toText(decimal));
	return decimal;
}

/** The id inside a reference object `{ value, name? }` (quickbooks.md §2). */
export function refId(raw: unknown, element: string): string | undefined {
	if (raw === undefined || raw === null) return undefined;
	if (!isObject(raw)) throw invalidString(element, JSON.stringify(raw));
	const value = raw.value;
	if (value === undefined || value === null || String(value).trim() === '') throw requiredParamMissing(`${element}.value`);
	if (typeof value !== 'string' && typeof value !== 'number') throw invalidString(`${element}.value`, JSON.stringify(value));
	return String(value);
}

/**
 * Resolves a reference: a missing id is 2500 Invalid Reference Id, an inactive name-list object is
 * 610 Object Not Found (quickbooks.md §5.3: "a referenced list object is inactive").
 */
export function resolveRef(
	store: CompanyStore,
	entity: EntityName,
	raw: unknown,
	element: string,
	options: { required?: boolean; allowInactive?: boolean } = {},
): QboRecord | undefined {
	const id = refId(raw, element);
	if (id === undefined) {
		if (options.required) throw requiredParamMissing(element);
		return undefined;
	}
	const record = store.find(entity, id);
	if (!record) throw invalidReference(element, entity, id);
	if (record.Active === false && !options.allowInactive) throw objectNotFound(`${entity} ${id} is inactive`, element);
	return record;
}

/** A reference as QBO prints it: the id plus the referenced object's name. */
export function outputRef(record: QboRecord): { value: string; name?: string } {
	const name = record.FullyQualifiedName ?? record.DisplayName ?? record.Name;
	return name === undefined ? { value: record.Id } : { value: record.Id, name };
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** `{ Address }`; QBO takes several addresses separated by commas in BillEmail (quickbooks.md §2.1). */
export function readEmail(input: QboRecord, field: string, options: { multiple?: boolean } = {}): { Address: string } | undefined {
	const raw = input[field];
	if (raw === undefined || raw === null) return undefined;
	if (!isObject(raw)) throw invalidEmail(field, JSON.stringify(raw));
	const address = raw.Address;
	if (address === undefined || address === null || address === '') return undefined;
	if (typeof address !== 'string') throw invalidEmail(`${field}.Address`, address);
	if (address.length > 100 && !options.multiple) throw invalidStringLength(`${field}.Address`, 100, address.length);
	const parts = options.multiple ? address.split(',').map((part) => part.trim()) : [address.trim()];
	for (const part of parts) if (!EMAIL.test(part)) throw invalidEmail(`${field}.Address`, address);
	return { Address: address };
}

/** Copies the plain objects QBO stores verbatim (addresses, phones, memo) when present. */
export function pickObjects(input: QboRecord, fields: readonly string[]): QboRecord {
	const picked: QboRecord = {};
	for (const field of fields) {
		const value = input[field];
		if (value === undefined || value === null) continue;
		if (!isObject(value)) throw invalidString(field, JSON.stringify(value));
		picked[field] = value;
	}
	return picked;
}

/** Drops undefined values so the JSON shows only properties with values (quickbooks.md §1.4). */
export function compact(record: QboRecord): QboRecord {
	for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
	return record;
}
