/** Parameter descriptions several operations share. */
import type { INodeProperties } from 'n8n-workflow';

import { customerLocator, expenseAccountLocator, itemLocator, taxCodeLocator } from '../../nodeHelpers/locators';

export function documentIdField(label: string): INodeProperties {
	return {
		displayName: `${label} ID`,
		name: 'documentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 145',
		description: `The QuickBooks ID of the ${label.toLowerCase()}`,
	};
}

export const rawFieldsOption: INodeProperties = {
	displayName: 'QuickBooks Fields (JSON)',
	name: 'rawFields',
	type: 'json',
	default: '{}',
	description:
		'Any other QuickBooks fields, as the Accounting API names them, e.g. {"ClassRef": {"value": "5"}}. They are merged over the fields above; a "Line" array replaces the lines.',
};

export const currencyOption: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	default: '',
	placeholder: 'e.g. EUR',
	description: 'ISO currency code of the document; required by QuickBooks when multicurrency is on and the customer is not in the home currency',
};

function requestIdOptionsDescribed(description: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [{ displayName: 'Request ID', name: 'requestId', type: 'string', default: '', description }],
	};
}

export const requestIdOptions: INodeProperties = requestIdOptionsDescribed(
	'Idempotency key sent to QuickBooks as requestid (at most 50 characters). Leave empty to derive it from the document: the same document sent twice (a retry, a re-run) is created once.',
);

/** The Request ID option of the plain Create operations, whose key is the item's place in the execution (plainCreate.ts). */
export const createRequestIdOptions: INodeProperties = requestIdOptionsDescribed(
	'Idempotency key sent to QuickBooks as requestid (at most 50 letters, digits, dashes, dots, colons or underscores). Empty: one per execution, node, item and run, so a resend creates nothing new while each item and each execution gets its own document. Set it (e.g. to a source record ID) to make a re-run execution replay instead of creating again.',
);

/** A sortable, repeatable "Lines" collection whose entries hold `values`. */
function linesField(values: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Lines',
		name: 'lines',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add line',
		default: {},
		options: [{ displayName: 'Line', name: 'line', values }],
	};
}

export const salesLinesField = linesField([
	itemLocator({ name: 'item', displayName: 'Item', required: true, description: 'The product or service sold' }),
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { numberPrecision: 5 },
		default: 1,
	},
	{
		displayName: 'Unit Price',
		name: 'unitPrice',
		type: 'string',
		default: '',
		placeholder: 'e.g. 19.99',
		description: 'Exact decimal price per unit. The line amount is quantity × unit price, rounded to the currency as QuickBooks does.',
	},
	taxCodeLocator({ name: 'taxCode', displayName: 'Tax Code', description: 'US companies: TAX or NON. Other countries: a tax code.' }),
	{ displayName: 'Service Date', name: 'serviceDate', type: 'dateTime', default: '' },
]);

export const expenseLinesField = linesField([
	expenseAccountLocator({ name: 'account', displayName: 'Expense Account', required: true, description: 'The category the money was spent on' }),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		default: '',
		placeholder: 'e.g. 42.50',
		description: 'Exact decimal amount of the line',
	},
	{ displayName: 'Description', name: 'description', type: 'string', default: '' },
	customerLocator({ name: 'customer', displayName: 'Billable To Customer', description: 'Customer the expense is for, if any' }),
]);

export function returnAllFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

export const whereFilter: INodeProperties = {
	displayName: 'Query (WHERE)',
	name: 'where',
	type: 'string',
	default: '',
	placeholder: "e.g. TxnDate >= '2026-01-01' AND Balance > '0'",
	description:
		"Extra conditions in QuickBooks' query language, joined with AND to the filters above. Escape quotes in values with a backslash (O\\'Brien). OR is not supported by QuickBooks.",
};

export const txnDateFilters: INodeProperties[] = [
	{ displayName: 'Date From', name: 'txnDateFrom', type: 'dateTime', default: '', description: 'Only documents dated on or after this day' },
	{ displayName: 'Date To', name: 'txnDateTo', type: 'dateTime', default: '', description: 'Only documents dated on or before this day' },
];

export const docNumberFilter: INodeProperties = {
	displayName: 'Document Number',
	name: 'docNumber',
	type: 'string',
	default: '',
	description: 'Only the document with this number',
};
