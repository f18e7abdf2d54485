import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as get from './get.operation';
import * as search from './search.operation';

export const operations: Record<string, Operation> = { get, search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a payment', description: 'Get a commerce payment, with its invoice if asked' },
			{ name: 'Search', value: 'search', action: 'Search payments', description: 'Find payments, e.g. the succeeded payments of a month for its fees' },
		],
		default: 'get',
	},
	...get.description,
	...search.description,
];
