/**
 * `IN (...)` look-ups of many values in few queries. QuickBooks documents no limit on IN lists nor on a
 * query's length (quickbooks.md §15.2), but a query travels URL-encoded in the request line, and servers
 * commonly refuse a request line over 8 KB (HTTP 414 / 431). What counts is therefore the encoded size,
 * not the number of characters: a Japanese name is three bytes a character, nine once percent-encoded.
 * Each list stays under MAX_ENCODED_BYTES_PER_LIST encoded, which leaves room for the rest of the query.
 */
import type { IDataObject } from 'n8n-workflow';

import { quoteQueryString, type QueryCondition, type QuickBooksClient, type QuickBooksEntity } from '../../../transport/quickbooks';

const MAX_VALUES_PER_LIST = 200;
export const MAX_ENCODED_BYTES_PER_LIST = 5000;

/** What one value adds to the URL: the quoted, escaped value and its separator, percent-encoded. */
export function encodedListCost(value: string): number {
	return encodeURIComponent(quoteQueryString(value)).length + encodeURIComponent(', ').length;
}

export function inLists(values: readonly string[]): string[][] {
	const lists: string[][] = [];
	let current: string[] = [];
	let size = 0;
	for (const value of values) {
		const cost = encodedListCost(value);
		if (current.length > 0 && (current.length >= MAX_VALUES_PER_LIST || size + cost > MAX_ENCODED_BYTES_PER_LIST)) {
			lists.push(current);
			current = [];
			size = 0;
		}
		// A single value longer than the bound still goes, alone (names are at most 100-500 characters).
		current.push(value);
		size += cost;
	}
	if (current.length > 0) lists.push(current);
	return lists;
}

/** Every record whose `field` is one of `values` (plus the fixed conditions), in as few queries as the lists allow. */
export async function queryIn<T = IDataObject>(
	qb: QuickBooksClient,
	entity: QuickBooksEntity,
	field: string,
	values: readonly string[],
	conditions: readonly QueryCondition[] = [],
): Promise<T[]> {
	const distinct = [...new Set(values)];
	const records: T[] = [];
	for (const list of inLists(distinct)) {
		records.push(...(await qb.query<T>(entity, { where: [...conditions, { field, operator: 'IN', value: list }] })));
	}
	return records;
}

/** Lower case, inner spaces collapsed: how names and codes are compared on our side. */
export function normalized(value: string): string {
	return value.trim().replace(/\s+/g, ' ').toLowerCase();
}
