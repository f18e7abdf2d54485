import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as get from './get.operation';
import * as getPdfLink from './getPdfLink.operation';
import * as search from './search.operation';
import * as update from './update.operation';

export const operations: Record<string, Operation> = { get, getPdfLink, search, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['invoice'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get an invoice', description: 'Get an invoice with its line items and other related records' },
			{ name: 'Get PDF Link', value: 'getPdfLink', action: 'Get the PDF link of an invoice' },
			{ name: 'Search', value: 'search', action: 'Search invoices', description: 'Find invoices by status, currency, amount or any property' },
			{ name: 'Update', value: 'update', action: 'Update an invoice', description: 'Set invoice properties' },
		],
		default: 'get',
	},
	...get.description,
	...search.description,
	...update.description,
	...getPdfLink.description,
];
