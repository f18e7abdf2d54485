/** CRM search requests (hubspot.md §4.1) in the shape the REST API takes them. */

export type SearchOperator =
	| 'EQ'
	| 'NEQ'
	| 'LT'
	| 'LTE'
	| 'GT'
	| 'GTE'
	| 'BETWEEN'
	| 'IN'
	| 'NOT_IN'
	| 'HAS_PROPERTY'
	| 'NOT_HAS_PROPERTY'
	| 'CONTAINS_TOKEN'
	| 'NOT_CONTAINS_TOKEN';

export interface SearchFilter {
	propertyName: string;
	operator: SearchOperator;
	value?: string;
	highValue?: string;
	values?: string[];
}

export interface SearchSort {
	propertyName: string;
	direction: 'ASCENDING' | 'DESCENDING';
}

export interface SearchRequest {
	filterGroups?: Array<{ filters: SearchFilter[] }>;
	sorts?: SearchSort[];
	properties?: string[];
	/** At most 200 (hubspot.md §4.1). */
	limit?: number;
	after?: string;
	query?: string;
}

export interface SearchPage {
	total: number;
	results: Array<{ id: string; properties: Record<string, string | null> }>;
	nextAfter?: string;
}

// hubspot.md §4.1/§4.2.
export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;
export const SEARCH_FILTERS_PER_GROUP = 6;

/** Epoch ms of a HubSpot datetime value ("ISO 8601 or UNIX timestamp in milliseconds", hubspot.md §1.4). */
export function epochOf(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	const text = String(value).trim();
	if (/^-?\d+$/.test(text)) return Number(text);
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : parsed;
}
