import type { HubSpotObject, SearchFilter, SearchOperator } from '../../transport/hubspot';
import { epochOf } from '../../transport/hubspot';
import { compareDecimal, isDecimal } from './money';

/** A filter on any property, as the user sets it in the node. */
export interface PropertyCondition {
	property: string;
	operator: SearchOperator;
	/** For IN / NOT_IN: comma-separated values. For BETWEEN: "low,high". */
	value: string;
}

/** The trigger's filters, already read from the node parameters. */
export interface TriggerFilters {
	invoiceStatuses: string[];
	currencies: string[];
	amountBilledMin?: string;
	amountBilledMax?: string;
	processorTypes: string[];
	sourceApps: string[];
	conditions: PropertyCondition[];
}

export const NO_FILTERS: TriggerFilters = { invoiceStatuses: [], currencies: [], processorTypes: [], sourceApps: [], conditions: [] };

/**
 * The filters HubSpot's search can apply itself (hubspot.md §4.1). Enumeration values compare
 * case-sensitively and IN wants lowercase values, so upper-case enumerations (currency codes,
 * payment source apps) are pushed only as a single EQ; the rest is applied after the re-read.
 */
export function pushedFilters(objectType: 'invoices' | 'commerce_payments', filters: TriggerFilters, room: number): SearchFilter[] {
	const pushed: SearchFilter[] = [];
	if (objectType === 'invoices') {
		if (filters.invoiceStatuses.length > 0) pushed.push({ propertyName: 'hs_invoice_status', operator: 'IN', values: filters.invoiceStatuses });
		if (filters.currencies.length === 1) pushed.push({ propertyName: 'hs_currency', operator: 'EQ', value: filters.currencies[0] });
		if (filters.amountBilledMin !== undefined) pushed.push({ propertyName: 'hs_amount_billed', operator: 'GTE', value: filters.amountBilledMin });
		if (filters.amountBilledMax !== undefined) pushed.push({ propertyName: 'hs_amount_billed', operator: 'LTE', value: filters.amountBilledMax });
	} else {
		if (filters.processorTypes.length > 0) pushed.push({ propertyName: 'hs_processor_type', operator: 'IN', values: filters.processorTypes });
		if (filters.sourceApps.length === 1) pushed.push({ propertyName: 'hs_payment_source_app', operator: 'EQ', value: filters.sourceApps[0] });
	}
	for (const condition of filters.conditions) pushed.push(toSearchFilter(condition));
	// hubspot.md §4.2: at most six filters in a group; the cursor needs its own. The rest is checked locally.
	return pushed.slice(0, Math.max(room, 0));
}

export function toSearchFilter(condition: PropertyCondition): SearchFilter {
	const { property: propertyName, operator, value } = condition;
	switch (operator) {
		case 'HAS_PROPERTY':
		case 'NOT_HAS_PROPERTY':
			return { propertyName, operator };
		case 'IN':
		case 'NOT_IN':
			return { propertyName, operator, values: splitList(value) };
		case 'BETWEEN': {
			const [low, high] = splitList(value);
			return { propertyName, operator, value: low ?? '', highValue: high ?? '' };
		}
		default:
			return { propertyName, operator, value };
	}
}

export function splitList(value: string): string[] {
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** Properties the re-read must return for the filters to be checked. */
export function filterProperties(filters: TriggerFilters): string[] {
	return filters.conditions.map((condition) => condition.property);
}

/** Every filter, checked on the fresh record from the re-read: nothing is emitted that does not match. */
export function matchesFilters(objectType: 'invoices' | 'commerce_payments', record: HubSpotObject, filters: TriggerFilters): boolean {
	const value = (name: string) => record.properties[name] ?? undefined;
	if (objectType === 'invoices') {
		if (filters.invoiceStatuses.length > 0 && !filters.invoiceStatuses.includes(value('hs_invoice_status') ?? '')) return false;
		if (filters.currencies.length > 0 && !filters.currencies.some((code) => code.toUpperCase() === (value('hs_currency') ?? '').toUpperCase())) return false;
		const billed = value('hs_amount_billed');
		if (filters.amountBilledMin !== undefined && !((compareDecimal(billed, filters.amountBilledMin) ?? -1) >= 0)) return false;
		if (filters.amountBilledMax !== undefined && !((compareDecimal(billed, filters.amountBilledMax) ?? 1) <= 0)) return false;
	} else {
		if (filters.processorTypes.length > 0 && !filters.processorTypes.includes(value('hs_processor_type') ?? '')) return false;
		if (filters.sourceApps.length > 0 && !filters.sourceApps.some((app) => app.toUpperCase() === (value('hs_payment_source_app') ?? '').toUpperCase())) {
			return false;
		}
	}
	return filters.conditions.every((condition) => conditionHolds(condition, value(condition.property)));
}

/** Compares as numbers when both sides are numbers, as instants when both are dates, else as text without case. */
function compareValues(stored: string, wanted: string): number {
	const numeric = compareDecimal(stored, wanted);
	if (numeric !== undefined) return numeric;
	if (!isDecimal(stored) && !isDecimal(wanted)) {
		const a = epochOf(stored);
		const b = epochOf(wanted);
		if (a !== undefined && b !== undefined && /^\d{4}-/.test(stored) && /^\d{4}-/.test(wanted)) return Math.sign(a - b);
	}
	const a = stored.toLowerCase();
	const b = wanted.toLowerCase();
	return a < b ? -1 : a > b ? 1 : 0;
}

export function conditionHolds(condition: PropertyCondition, stored: string | undefined): boolean {
	const has = stored !== undefined && stored !== '';
	const { operator, value } = condition;
	switch (operator) {
		case 'HAS_PROPERTY':
			return has;
		case 'NOT_HAS_PROPERTY':
			return !has;
		case 'EQ':
			return has && compareValues(stored, value) === 0;
		case 'NEQ':
			return !has || compareValues(stored, value) !== 0;
		case 'LT':
			return has && compareValues(stored, value) < 0;
		case 'LTE':
			return has && compareValues(stored, value) <= 0;
		case 'GT':
			return has && compareValues(stored, value) > 0;
		case 'GTE':
			return has && compareValues(stored, value) >= 0;
		case 'BETWEEN': {
			const [low, high] = splitList(value);
			return has && low !== undefined && high !== undefined && compareValues(stored, low) >= 0 && compareValues(stored, high) <= 0;
		}
		case 'IN':
			return has && splitList(value).some((candidate) => compareValues(stored, candidate) === 0);
		case 'NOT_IN':
			return !has || !splitList(value).some((candidate) => compareValues(stored, candidate) === 0);
		case 'CONTAINS_TOKEN':
		case 'NOT_CONTAINS_TOKEN': {
			const pattern = value.toLowerCase();
			const tokens = has ? stored.toLowerCase().split(/[^\p{L}\p{N}]+/u) : [];
			const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
			const contains = has && (regex.test(stored.toLowerCase()) || tokens.some((token) => regex.test(token)));
			return operator === 'CONTAINS_TOKEN' ? contains : !contains;
		}
		default:
			return true;
	}
}
