import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as createSyncProperties from './createSyncProperties.operation';
import * as createTwoWayProperties from './createTwoWayProperties.operation';

export const operations: Record<string, Operation> = { createSyncProperties, createTwoWayProperties };

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
			{
				name: 'Create Two-Way Sync Properties',
				value: 'createTwoWayProperties',
				action: 'Create two way sync properties',
				description: 'Create the invoice, company and deal properties the QuickBooks → HubSpot sync writes (run once before it)',
			},
		],
		default: 'createSyncProperties',
	},
	...createSyncProperties.description,
];
