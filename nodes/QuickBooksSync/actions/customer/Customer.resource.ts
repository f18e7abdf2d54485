import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as findOrCreate from './findOrCreate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const operations: Record<string, OperationModule> = { findOrCreate, get, getAll, update };

export const description: INodeProperties[] = [
	operationProperty(
		'customer',
		[
			{
				name: 'Find or Create',
				value: 'findOrCreate',
				description: 'Find a customer by email, then display name; create it when none matches',
				action: 'Find or create a customer',
			},
			{ name: 'Get', value: 'get', description: 'Get a customer', action: 'Get a customer' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many customers', action: 'Get many customers' },
			{ name: 'Update', value: 'update', description: 'Update a customer', action: 'Update a customer' },
		],
		'findOrCreate',
	),
	...findOrCreate.description,
	...get.description,
	...getAll.description,
	...update.description,
];
