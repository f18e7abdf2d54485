import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	epochOf,
	SEARCH_PAGE_LIMIT,
	SEARCH_RESULT_CAP,
	type HubSpotClient,
	type HubSpotObject,
	type HubSpotObjectType,
	type SearchFilter,
	type SearchSort,
} from '../../../transport/hubspot';
import { toSearchFilter, type PropertyCondition } from '../../HubspotInvoiceTrigger/filters';

export interface SearchPlan {
	/** Filter groups, ORed (hubspot.md §4.1); each is a list of ANDed filters. */
	groups: SearchFilter[][];
	sort?: SearchSort;
	query?: string;
	properties: string[];
	returnAll: boolean;
	limit: number;
}

export function returnAllFields(resource: string, operation: string): INodeProperties[] {
	const show = { resource: [resource], operation: [operation] };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: { show },
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

export function sortField(resource: string, operation: string, loadOptionsMethod: string): INodeProperties {
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort',
		default: {},
		displayOptions: { show: { resource: [resource], operation: [operation] } },
		options: [
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASCENDING' },
					{ name: 'Descending', value: 'DESCENDING' },
				],
				default: 'DESCENDING',
			},
			{
				displayName: 'Sort By Name or ID',
				name: 'propertyName',
				type: 'options',
				typeOptions: { loadOptionsMethod },
				default: '',
				description: 'One property to sort by (HubSpot allows one). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	};
}

export function readSort(context: IExecuteFunctions, itemIndex: number): SearchSort | undefined {
	const sort = context.getNodeParameter('sort', itemIndex, {}) as IDataObject;
	const propertyName = String(sort.propertyName ?? '').trim();
	if (propertyName === '') return undefined;
	return { propertyName, direction: sort.direction === 'ASCENDING' ? 'ASCENDING' : 'DESCENDING' };
}

export function readConditions(filters: IDataObject): SearchFilter[] {
	const conditions = ((filters.conditions as IDataObject | undefined)?.condition as IDataObject[] | undefined) ?? [];
	return conditions
		.filter((condition) => String(condition.property ?? '') !== '')
		.map((condition) =>
			toSearchFilter({ property: String(condition.property), operator: String(condition.operator ?? 'EQ'), value: String(condition.value ?? '') } as PropertyCondition),
		);
}

/** A date parameter as the epoch-ms string HubSpot's search takes (hubspot.md §4.4). */
export function epochFilterValue(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const epoch = epochOf(value as string);
	if (epoch === undefined) throw new NodeOperationError(context.getNode(), `"${label}" is not a date: ${String(value)}`, { itemIndex });
	return String(epoch);
}

/**
 * Filters plus one value list turned into OR groups: HubSpot's IN wants lowercase values, so values
 * stored in upper case (currency codes, source apps) are matched exactly with one EQ group each.
 */
export function withAlternatives(context: IExecuteFunctions, base: SearchFilter[], propertyName: string, values: string[], itemIndex: number): SearchFilter[][] {
	if (values.length === 0) return [base];
	if (values.length > 5) {
		throw new NodeOperationError(context.getNode(), `Choose at most five values for ${propertyName}: HubSpot's search takes at most five filter groups`, { itemIndex });
	}
	return values.map((value) => [...base, { propertyName, operator: 'EQ', value }]);
}

/**
 * Runs a search to the limit or to the end. Without a sort, "Return All" pages by record id (each
 * page a new query after the last id), which is not bound by HubSpot's 10,000-result cap; with a
 * sort, pages are offsets and the cap applies (hubspot.md §4.2).
 */
export async function runSearch(
	context: IExecuteFunctions,
	client: HubSpotClient,
	objectType: HubSpotObjectType,
	plan: SearchPlan,
	itemIndex: number,
): Promise<HubSpotObject[]> {
	const wanted = plan.returnAll ? Infinity : plan.limit;
	const results: HubSpotObject[] = [];
	if (!plan.sort) {
		let lastId = '0';
		while (results.length < wanted) {
			const page = await client.search(objectType, {
				filterGroups: plan.groups.map((filters) => ({ filters: [...filters, { propertyName: 'hs_object_id', operator: 'GT', value: lastId }] })),
				sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
				properties: plan.properties,
				limit: Math.min(SEARCH_PAGE_LIMIT, wanted - results.length),
				...(plan.query ? { query: plan.query } : {}),
			});
			results.push(...page.results);
			if (page.results.length === 0 || !page.nextAfter) break;
			lastId = page.results[page.results.length - 1].id;
		}
		return results;
	}
	let after: string | undefined;
	while (results.length < wanted) {
		const pageSize = Math.min(SEARCH_PAGE_LIMIT, wanted - results.length);
		if (Number(after ?? 0) + pageSize > SEARCH_RESULT_CAP) {
			throw new NodeOperationError(context.getNode(), `HubSpot returns at most ${SEARCH_RESULT_CAP} results for a sorted search`, {
				itemIndex,
				description: 'Narrow the filters, or remove the sort: an unsorted "Return All" pages by record ID and has no such limit.',
			});
		}
		const page = await client.search(objectType, {
			filterGroups: plan.groups.map((filters) => ({ filters })),
			sorts: [plan.sort],
			properties: plan.properties,
			limit: pageSize,
			...(after ? { after } : {}),
			...(plan.query ? { query: plan.query } : {}),
		});
		results.push(...page.results);
		if (!page.nextAfter || page.results.length === 0) break;
		after = page.nextAfter;
	}
	return results;
}
