import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as createSyncProperties from './createSyncProperties.operation';

export const operations: Record<string, Operation> = { createSyncProperties };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['setup'] } },
		options: [
			{
				name: 'Create Sync Properties',
				value: 'createSyncProperties',
				action: 'Create sync properties',
				description: 'Create the invoice properties the QuickBooks sync writes back',
			},
		],
		default: 'createSyncProperties',
	},
	...createSyncProperties.description,
];
