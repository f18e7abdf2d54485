import { compareDecimal, parseDecimal, type Decimal } from './money';
import { OBJECT_TYPES, resolveObjectType, type ObjectTypeName, type PropertyDefinition } from './schema';
import { compareIds, type HubSpotStore, type IndexedVersion } from './store';
import { validationError } from './errors';
import { epochOf } from './values';

// hubspot.md §4.2 limits.
export const SEARCH_LIMITS = {
	maxFilterGroups: 5,
	maxFiltersPerGroup: 6,
	maxFiltersTotal: 18,
	maxPageSize: 200,
	defaultPageSize: 10,
	maxResults: 10_000,
	maxQueryLength: 3_000,
};

const OPERATORS = new Set([
	'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN',
]);

interface Filter {
	propertyName: string;
	operator: string;
	value?: unknown;
	highValue?: unknown;
	values?: unknown[];
}

export interface SearchRequest {
	filterGroups?: Array<{ filters?: Filter[] }>;
	sorts?: Array<string | { propertyName?: string; direction?: string }>;
	properties?: string[];
	limit?: number;
	after?: string | number;
	query?: string;
}

export interface SearchOutcome {
	total: number;
	matches: IndexedVersion[];
	nextAfter?: string;
}

type Kind = 'number' | 'datetime' | 'date' | 'enumeration' | 'bool' | 'string' | 'association';

interface CompiledFilter {
	name: string;
	kind: Kind;
	test: (entry: IndexedVersion) => boolean;
}

/**
 * Runs a CRM search on what the index holds at `now` (hubspot.md §4). Rejects what HubSpot rejects with 400.
 */
export function runSearch(store: HubSpotStore, type: ObjectTypeName, body: unknown, now: number): SearchOutcome {
	if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw validationError('Invalid input JSON: the search request body must be a JSON object.');
	}
	const request = body as SearchRequest;
	const limit = pageSize(request.limit);
	const offset = afterOffset(request.after);
	// hubspot.md §4.2: "Attempting to page beyond 10,000 will result in a 400 error."
	if (offset + limit > SEARCH_LIMITS.maxResults) {
		throw validationError(
			`The search endpoints are limited to ${SEARCH_LIMITS.maxResults} total results for any given query; after (${offset}) plus limit (${limit}) goes beyond that.`,
		);
	}
	if (request.query !== undefined && typeof request.query !== 'string') throw validationError('query must be a string.');
	// hubspot.md §4.2: "A query can contain a maximum of 3,000 characters … a 400 error will be returned."
	if (request.query && request.query.length > SEARCH_LIMITS.maxQueryLength) {
		throw validationError(`The query is ${request.query.length} characters long; the maximum is ${SEARCH_LIMITS.maxQueryLength}.`);
	}
	const groups = compileFilterGroups(store, type, request.filterGroups);
	const sort = compileSort(store, type, request.sorts);
	const queryTest = request.query ? compileQuery(type, request.query) : undefined;

	const matches: IndexedVersion[] = [];
	for (const entry of store.index.entries(type, now).values()) {
		if (queryTest && !queryTest(entry)) continue;
		if (groups.length > 0 && !groups.some((group) => group.every((filter) => filter.test(entry)))) continue;
		matches.push(entry);
	}
	const sorted = sort(matches);
	const page = sorted.slice(offset, offset + limit);
	const nextOffset = offset + page.length;
	return {
		total: matches.length,
		matches: page,
		// hubspot.md §4.1: continue with paging.next.after, "formatted as an integer"; only when more remain.
		nextAfter: nextOffset < matches.length && page.length > 0 ? String(nextOffset) : undefined,
	};
}

function pageSize(limit: unknown): number {
	if (limit === undefined || limit === null) return SEARCH_LIMITS.defaultPageSize;
	const value = typeof limit === 'string' && /^\d+$/.test(limit) ? Number(limit) : limit;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw validationError(`limit must be a non-negative integer, got ${JSON.stringify(limit)}.`);
	// hubspot.md §4.1: "The maximum number of supported objects per page is 200."
	if (value > SEARCH_LIMITS.maxPageSize) {
		throw validationError(`The maximum number of supported objects per page is ${SEARCH_LIMITS.maxPageSize}; limit was ${value}.`);
	}
	return value;
}

function afterOffset(after: unknown): number {
	if (after === undefined || after === null || after === '') return 0;
	// hubspot.md §4.1: `after` is "formatted as an integer".
	const text = String(after);
	if (!/^\d+$/.test(text)) throw validationError(`after must be an integer, got ${JSON.stringify(after)}.`);
	return Number(text);
}

function compileFilterGroups(store: HubSpotStore, type: ObjectTypeName, filterGroups: unknown): CompiledFilter[][] {
	if (filterGroups === undefined || filterGroups === null) return [];
	if (!Array.isArray(filterGroups)) throw validationError('filterGroups must be an array.');
	// hubspot.md §4.2: "a maximum of five filterGroups with up to six filters in each group, with a maximum of 18 filters in total."
	if (filterGroups.length > SEARCH_LIMITS.maxFilterGroups) {
		throw validationError(`Too many filter groups: ${filterGroups.length}. A search can contain at most ${SEARCH_LIMITS.maxFilterGroups} filterGroups.`);
	}
	let total = 0;
	const compiled: CompiledFilter[][] = [];
	for (const group of filterGroups as Array<{ filters?: unknown }>) {
		const filters = group?.filters ?? [];
		if (!Array.isArray(filters)) throw validationError('filters must be an array.');
		if (filters.length > SEARCH_LIMITS.maxFiltersPerGroup) {
			throw validationError(`Too many filters in a group: ${filters.length}. A filter group can contain at most ${SEARCH_LIMITS.maxFiltersPerGroup} filters.`);
		}
		total += filters.length;
		compiled.push(filters.map((filter: unknown) => compileFilter(store, type, filter)));
	}
	if (total > SEARCH_LIMITS.maxFiltersTotal) {
		throw validationError(`Too many filters: ${total}. A search can contain at most ${SEARCH_LIMITS.maxFiltersTotal} filters in total.`);
	}
	// An empty group matches everything, as no group does.
	return compiled.filter((group) => group.length > 0).length === 0 ? [] : compiled;
}

function kindOf(definition: PropertyDefinition): Kind {
	return definition.type as Kind;
}

function compileFilter(store: HubSpotStore, type: ObjectTypeName, raw: unknown): CompiledFilter {
	if (!raw || typeof raw !== 'object') throw validationError('Each filter must be an object with propertyName and operator.');
	const filter = raw as Filter;
	if (typeof filter.propertyName !== 'string' || filter.propertyName === '') throw validationError('A filter is missing propertyName.');
	const operator = String(filter.operator ?? '');
	if (!OPERATORS.has(operator)) {
		throw validationError(`Unknown filter operator ${JSON.stringify(filter.operator)} for ${filter.propertyName}; expected one of ${[...OPERATORS].join(', ')}.`);
	}
	const name = filter.propertyName;
	// hubspot.md §4.1: association pseudo-property `associations.{objectType}`.
	if (name.startsWith('associations.')) return compileAssociationFilter(store, type, name, operator, filter);
	const definition = store.propertyDefinition(type, name);
	// Filtering on a property the object does not have is refused rather than silently matching nothing.
	if (!definition) throw validationError(`Property "${name}" does not exist on ${OBJECT_TYPES[type].name}; it cannot be used in a filter.`);
	const kind = kindOf(definition);
	const read = (entry: IndexedVersion) => entry.properties[name];

	switch (operator) {
		case 'HAS_PROPERTY':
			return { name, kind, test: (entry) => hasValue(read(entry)) };
		case 'NOT_HAS_PROPERTY':
			return { name, kind, test: (entry) => !hasValue(read(entry)) };
		case 'IN':
		case 'NOT_IN': {
			if (!Array.isArray(filter.values) || filter.values.length === 0) {
				throw validationError(`The ${operator} operator on ${name} needs a non-empty "values" array.`);
			}
			const matchers = filter.values.map((value) => compileEquality(name, kind, value, 'IN'));
			const inSet = (entry: IndexedVersion) => matchers.some((matches) => matches(read(entry)));
			return { name, kind, test: operator === 'IN' ? inSet : (entry) => !inSet(entry) };
		}
		case 'EQ':
		case 'NEQ': {
			const equals = compileEquality(name, kind, requireValue(filter, name, operator), 'EQ');
			return { name, kind, test: operator === 'EQ' ? (entry) => equals(read(entry)) : (entry) => !equals(read(entry)) };
		}
		case 'LT':
		case 'LTE':
		case 'GT':
		case 'GTE': {
			const compare = compileComparison(name, kind, requireValue(filter, name, operator));
			const accept = { LT: (c: number) => c < 0, LTE: (c: number) => c <= 0, GT: (c: number) => c > 0, GTE: (c: number) => c >= 0 }[operator];
			return { name, kind, test: (entry) => { const c = compare(read(entry)); return c !== undefined && accept(c); } };
		}
		case 'BETWEEN': {
			// hubspot.md §4.1: BETWEEN "uses value and highValue"; both ends inclusive.
			if (filter.highValue === undefined || filter.highValue === null || filter.highValue === '') {
				throw validationError(`The BETWEEN operator on ${name} needs both "value" and "highValue".`);
			}
			const low = compileComparison(name, kind, requireValue(filter, name, operator));
			const high = compileComparison(name, kind, filter.highValue);
			return {
				name,
				kind,
				test: (entry) => {
					const a = low(read(entry));
					const b = high(read(entry));
					return a !== undefined && b !== undefined && a >= 0 && b <= 0;
				},
			};
		}
		default: {
			// CONTAINS_TOKEN / NOT_CONTAINS_TOKEN, "wildcards with *" (hubspot.md §4.1).
			const contains = compileTokenMatch(String(requireValue(filter, name, operator)));
			return { name, kind, test: operator === 'CONTAINS_TOKEN' ? (entry) => contains(read(entry)) : (entry) => !contains(read(entry)) };
		}
	}
}

function requireValue(filter: Filter, name: string, operator: string): unknown {
	if (filter.value === undefined || filter.value === null || filter.value === '') {
		throw validationError(`The ${operator} operator on ${name} needs a "value".`);
	}
	if (typeof filter.value === 'object') throw validationError(`The value of the ${operator} filter on ${name} must be a string.`);
	return filter.value;
}

function hasValue(value: string | undefined): value is string {
	return value !== undefined && value !== '';
}

/** A comparable view of a filter value or a stored value for numeric and date kinds. */
function numericOf(kind: Kind, value: unknown): Decimal | number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (kind === 'number') return parseDecimal(value as string);
	// Dates and datetimes compare as epoch ms; filter values may be epoch ms strings or ISO (hubspot.md §4.4).
	return epochOf(value as string);
}

function compareNumeric(left: Decimal | number, right: Decimal | number): number {
	if (typeof left === 'number' && typeof right === 'number') return left - right;
	return compareDecimal(left as Decimal, right as Decimal);
}

function compileComparison(name: string, kind: Kind, raw: unknown): (stored: string | undefined) => number | undefined {
	if (kind === 'number' || kind === 'datetime' || kind === 'date') {
		const target = numericOf(kind, raw);
		if (target === undefined) throw validationError(`${JSON.stringify(raw)} is not a valid ${kind === 'number' ? 'number' : 'date'} for filtering on ${name}.`);
		return (stored) => {
			const value = numericOf(kind, stored);
			return value === undefined ? undefined : Math.sign(compareNumeric(value, target));
		};
	}
	const target = String(raw).toLowerCase();
	return (stored) => (hasValue(stored) ? Math.sign(stored.toLowerCase() < target ? -1 : stored.toLowerCase() > target ? 1 : 0) : undefined);
}

/**
 * Equality. Enumerations are exact, case included (hubspot.md §4.1 "search is case-sensitive for all filter
 * operators"); other strings compare without case for EQ; for IN/NOT_IN "the searched values must be lowercase",
 * so an upper-case value in `values` finds nothing. Numbers and dates compare by value.
 */
function compileEquality(name: string, kind: Kind, raw: unknown, mode: 'EQ' | 'IN'): (stored: string | undefined) => boolean {
	if (typeof raw === 'object' && raw !== null) throw validationError(`Filter values on ${name} must be strings.`);
	if (kind === 'number' || kind === 'datetime' || kind === 'date') {
		const compare = compileComparison(name, kind, raw);
		return (stored) => compare(stored) === 0;
	}
	const text = String(raw);
	if (kind === 'enumeration') return (stored) => hasValue(stored) && stored.split(';').includes(text);
	if (kind === 'bool') return (stored) => stored === text.toLowerCase();
	if (mode === 'IN') return (stored) => hasValue(stored) && stored.toLowerCase() === text;
	const lower = text.toLowerCase();
	return (stored) => hasValue(stored) && stored.toLowerCase() === lower;
}

function compileTokenMatch(pattern: string): (stored: string | undefined) => boolean {
	const lower = pattern.toLowerCase();
	if (lower.includes('*')) {
		const regex = new RegExp(`^${lower.split('*').map(escapeRegExp).join('.*')}$`);
		return (stored) => hasValue(stored) && (regex.test(stored.toLowerCase()) || tokensOf(stored).some((token) => regex.test(token)));
	}
	return (stored) => hasValue(stored) && tokensOf(stored).includes(lower);
}

function tokensOf(value: string): string[] {
	return value.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileAssociationFilter(store: HubSpotStore, type: ObjectTypeName, name: string, operator: string, filter: Filter): CompiledFilter {
	const target = resolveObjectType(name.slice('associations.'.length));
	if (!target) throw validationError(`Unknown association in filter: ${name}.`);
	if (operator !== 'EQ' && operator !== 'IN' && operator !== 'NEQ' && operator !== 'NOT_IN') {
		throw validationError(`The ${operator} operator is not supported on ${name}.`);
	}
	const ids = new Set((operator === 'IN' || operator === 'NOT_IN' ? filter.values ?? [] : [requireValue(filter, name, operator)]).map(String));
	const linked = (entry: IndexedVersion) => {
		const record = store.get(type, entry.id);
		const associated = record?.associations.get(target);
		if (!associated) return false;
		for (const id of ids) if (associated.has(id)) return true;
		return false;
	};
	return { name, kind: 'association', test: operator === 'EQ' || operator === 'IN' ? linked : (entry) => !linked(entry) };
}

/** Free-text `query`: the whole text inside a searchable property, or every word as a token prefix. */
function compileQuery(type: ObjectTypeName, query: string): (entry: IndexedVersion) => boolean {
	const searchable = OBJECT_TYPES[type].searchableProperties;
	const words = tokensOf(query);
	const whole = query.trim().toLowerCase();
	return (entry) => {
		const texts = searchable.map((name) => entry.properties[name]).filter(hasValue);
		if (texts.some((text) => text.toLowerCase().includes(whole))) return true;
		const tokens = texts.flatMap(tokensOf);
		return words.length > 0 && words.every((word) => tokens.some((token) => token.startsWith(word)));
	};
}

/**
 * The sort: hubspot.md §4.1 "Only one sorting rule can be applied to any search" (a second one is refused).
 * Accepts {propertyName, direction} and the SDK's string form ("prop" / "-prop", hubspot.md §7.2).
 * Ties, and searches without a sort, fall back to hs_object_id ascending.
 */
function compileSort(store: HubSpotStore, type: ObjectTypeName, sorts: unknown): (matches: IndexedVersion[]) => IndexedVersion[] {
	const byId = (matches: IndexedVersion[]) => matches.sort((a, b) => compareIds(a.id, b.id));
	if (sorts === undefined || sorts === null) return byId;
	if (!Array.isArray(sorts)) throw validationError('sorts must be an array.');
	if (sorts.length === 0) return byId;
	if (sorts.length > 1) throw validationError(`Only one sorting rule can be applied to any search; got ${sorts.length}.`);
	const [rule] = sorts;
	let name: string;
	let descending = false;
	if (typeof rule === 'string') {
		descending = rule.startsWith('-');
		name = descending ? rule.slice(1) : rule;
	} else if (rule && typeof rule === 'object') {
		name = String((rule as { propertyName?: unknown }).propertyName ?? '');
		const direction = String((rule as { direction?: unknown }).direction ?? 'ASCENDING');
		if (direction !== 'ASCENDING' && direction !== 'DESCENDING') throw validationError(`Sort direction must be ASCENDING or DESCENDING, got ${direction}.`);
		descending = direction === 'DESCENDING';
	} else {
		throw validationError('Each sort must be a property name or {propertyName, direction}.');
	}
	const definition = store.propertyDefinition(type, name);
	if (!definition) throw validationError(`Property "${name}" does not exist on ${OBJECT_TYPES[type].name}; it cannot be used to sort.`);
	const kind = kindOf(definition);
	const keyOf = (entry: IndexedVersion): Decimal | number | string | undefined => {
		const value = entry.properties[name];
		if (!hasValue(value)) return undefined;
		if (kind === 'number' || kind === 'datetime' || kind === 'date') return numericOf(kind, value);
		return value.toLowerCase();
	};
	const direction = descending ? -1 : 1;
	return (matches) => {
		// Keys are computed once per record, not per comparison: paging 10,000 results stays cheap.
		const keyed = matches.map((entry) => ({ entry, key: keyOf(entry) }));
		keyed.sort((a, b) => {
			const left = a.key;
			const right = b.key;
			let order = 0;
			// Records without a value sort after those with one, either direction.
			if (left === undefined || right === undefined) order = left === right ? 0 : left === undefined ? 1 : -1;
			else if (typeof left === 'string' || typeof right === 'string') order = direction * (left < right ? -1 : left > right ? 1 : 0);
			else order = direction * Math.sign(compareNumeric(left, right));
			return order || compareIds(a.entry.id, b.entry.id);
		});
		return keyed.map((item) => item.entry);
	};
}
