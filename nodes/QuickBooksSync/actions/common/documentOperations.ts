/**
 * Get, Delete and Void work the same way for every QuickBooks transaction, and Get Many for every
 * entity; each resource's operation file instantiates one of these with its entity and filters.
 */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { combineConditions, validationError, type QueryCondition, type QuickBooksClient, type QuickBooksEntity } from '../../../../transport/quickbooks';
import { docNumberFilter, documentIdField, returnAllFields, txnDateFilters, whereFilter } from './fields';
import { customerLocator, locatorValue } from '../../nodeHelpers/locators';
import { jsonItems, type ItemOperation } from './operation';
import { qboDate } from './payload';

export interface DocumentKind {
	entity: QuickBooksEntity;
	/** The node's resource value, e.g. 'salesReceipt'. */
	resource: string;
	/** How the UI names it, e.g. 'Sales Receipt'. */
	label: string;
}

function show(kind: DocumentKind, operation: string) {
	return { show: { resource: [kind.resource], operation: [operation] } };
}

/** The document's ID, refused when empty before any call (an empty id would read `GET /invoice/`). */
function documentId(context: IExecuteFunctions, itemIndex: number, kind: DocumentKind): string {
	const id = String(context.getNodeParameter('documentId', itemIndex) ?? '').trim();
	if (id === '') throw validationError(`The ${kind.label} ID is empty`, `Enter the QuickBooks ID of the ${kind.label.toLowerCase()}, or map it from an earlier node (e.g. {{ $json.Id }}).`);
	return id;
}

export function getDocumentOperation(kind: DocumentKind): ItemOperation {
	return {
		description: updateDisplayOptions(show(kind, 'get'), [documentIdField(kind.label)]),
		async execute(itemIndex: number, client: QuickBooksClient) {
			return jsonItems(await client.get<IDataObject>(kind.entity, documentId(this, itemIndex, kind)));
		},
	};
}

/** QBO answers a delete with `{Id, status: 'Deleted'}`; n8n's convention for a delete is `deleted: true`. */
export function deleteDocumentOperation(kind: DocumentKind): ItemOperation {
	return {
		description: updateDisplayOptions(show(kind, 'delete'), [documentIdField(kind.label)]),
		async execute(itemIndex: number, client: QuickBooksClient) {
			const id = documentId(this, itemIndex, kind);
			const answer = await client.delete(kind.entity, id);
			return jsonItems({ deleted: true, Id: id, entity: kind.entity, status: answer.status ?? 'Deleted' });
		},
	};
}

export function voidDocumentOperation(kind: DocumentKind): ItemOperation {
	return {
		description: updateDisplayOptions(show(kind, 'void'), [documentIdField(kind.label)]),
		async execute(itemIndex: number, client: QuickBooksClient) {
			return jsonItems(await client.void<IDataObject>(kind.entity, documentId(this, itemIndex, kind)));
		},
	};
}

export interface DocumentFilterOptions {
	/** The entity can be filtered by CustomerRef (quickbooks.md §15.1b). */
	customer?: boolean;
	/** The entity can be filtered by DocNumber. */
	docNumber?: boolean;
	/** Filters of this resource only, read by `extraConditions`. */
	extraFilters?: INodeProperties[];
	extraConditions?: (filters: IDataObject) => QueryCondition[];
}

/** Conditions for the common document filters: customer, number and date range. */
function documentConditions(filters: IDataObject): QueryCondition[] {
	const conditions: QueryCondition[] = [];
	const customerId = locatorValue(filters.customer);
	if (customerId) conditions.push({ field: 'CustomerRef', operator: '=', value: customerId });
	if (typeof filters.docNumber === 'string' && filters.docNumber !== '') conditions.push({ field: 'DocNumber', operator: '=', value: filters.docNumber });
	const from = qboDate(filters.txnDateFrom, 'Date From');
	if (from) conditions.push({ field: 'TxnDate', operator: '>=', value: from });
	const to = qboDate(filters.txnDateTo, 'Date To');
	if (to) conditions.push({ field: 'TxnDate', operator: '<=', value: to });
	return conditions;
}

export function getManyDocumentsOperation(kind: DocumentKind, options: DocumentFilterOptions = {}): ItemOperation {
	return getManyOperation(kind, {
		filters: [
			...(options.customer ? [customerLocator({ name: 'customer', displayName: 'Customer' })] : []),
			...(options.docNumber === false ? [] : [docNumberFilter]),
			...txnDateFilters,
			...(options.extraFilters ?? []),
		],
		conditions: (filters) => [...documentConditions(filters), ...(options.extraConditions?.(filters) ?? [])],
	});
}

export interface ListFilters {
	/** The resource's filter fields; a typed "Query (WHERE)" is added after them. */
	filters: INodeProperties[];
	/** The query conditions for the filters that were set. */
	conditions: (filters: IDataObject) => QueryCondition[];
}

/**
 * Get Many for any entity: the filters joined with AND to the typed WHERE clause, all pages or up
 * to the limit (QueryBuilder and paging in the transport).
 */
export function getManyOperation(kind: Pick<DocumentKind, 'entity' | 'resource'>, list: ListFilters): ItemOperation {
	const properties: INodeProperties[] = [
		...returnAllFields(),
		{ displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add filter', default: {}, options: [...list.filters, whereFilter] },
	];
	return {
		description: updateDisplayOptions({ show: { resource: [kind.resource], operation: ['getAll'] } }, properties),
		async execute(itemIndex: number, client: QuickBooksClient) {
			const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
			const where = combineConditions(kind.entity, list.conditions(filters), filters.where as string | undefined);
			return jsonItems(await client.query<IDataObject>(kind.entity, { where, limit }));
		},
	};
}
