import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as findOrCreate from './findOrCreate.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { findOrCreate, getAll };

export const description: INodeProperties[] = [
	operationProperty(
		'item',
		[
			{
				name: 'Find or Create',
				value: 'findOrCreate',
				description: 'Find an item by SKU, then name; create it when none matches',
				action: 'Find or create an item',
			},
			{ name: 'Get Many', value: 'getAll', description: 'Get many items', action: 'Get many items' },
		],
		'findOrCreate',
	),
	...findOrCreate.description,
	...getAll.description,
];
