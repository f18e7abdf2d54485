/** The contract between the router and one operation file (n8n's v2 layout: description + execute). */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';

/**
 * Runs the operation for one input item. The router adds pairedItem and turns a thrown error into
 * a NodeApiError, or into an error-output item under Continue On Fail.
 */
export type ExecuteItem = (this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) => Promise<INodeExecutionData[]>;

/**
 * Runs the operation for all input items at once (bulk operations that batch across items). It
 * returns one entry per output item, with pairedItem set, and handles Continue On Fail itself.
 */
export type ExecuteItems = (this: IExecuteFunctions, items: INodeExecutionData[], client: QuickBooksClient) => Promise<INodeExecutionData[]>;

export interface ItemOperation {
	description: INodeProperties[];
	execute: ExecuteItem;
	executeItems?: undefined;
}

export interface BulkOperation {
	description: INodeProperties[];
	executeItems: ExecuteItems;
	execute?: undefined;
}

export type OperationModule = ItemOperation | BulkOperation;

export function jsonItems(records: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(records) ? records : [records]).map((json) => ({ json }));
}

/** The "Operation" dropdown of one resource. */
export function operationProperty(resource: string, options: INodePropertyOptions[], defaultOperation: string): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}
