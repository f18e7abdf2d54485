import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, OperationModule> = { create, delete: del, get, getAll };

export const description: INodeProperties[] = [
	operationProperty(
		'creditMemo',
		[
			{ name: 'Create', value: 'create', description: 'Create a credit memo', action: 'Create a credit memo' },
			{ name: 'Delete', value: 'delete', description: 'Delete a credit memo', action: 'Delete a credit memo' },
			{ name: 'Get', value: 'get', description: 'Get a credit memo', action: 'Get a credit memo' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many credit memos', action: 'Get many credit memos' },
		],
		'create',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
];
