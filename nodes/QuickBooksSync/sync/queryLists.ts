/**
 * `IN (...)` look-ups of many values in few queries. QuickBooks documents no limit on IN lists, but a
 * query travels in the URL, so the values are split into lists of bounded length (a chunk's 150 invoice
 * numbers fit one list; the URL stays far below the 8 KB servers commonly accept).
 */
import type { IDataObject } from 'n8n-workflow';

import type { QueryCondition, QuickBooksClient, QuickBooksEntity } from '../../../transport/quickbooks';

const MAX_VALUES_PER_LIST = 200;
const MAX_CHARACTERS_PER_LIST = 3000;

export function inLists(values: readonly string[]): string[][] {
	const lists: string[][] = [];
	let current: string[] = [];
	let length = 0;
	for (const value of values) {
		const cost = value.length + 4;
		if (current.length > 0 && (current.length >= MAX_VALUES_PER_LIST || length + cost > MAX_CHARACTERS_PER_LIST)) {
			lists.push(current);
			current = [];
			length = 0;
		}
		current.push(value);
		length += cost;
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
