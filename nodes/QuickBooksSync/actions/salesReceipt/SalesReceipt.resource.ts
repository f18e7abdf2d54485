import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as voidDocument from './void.operation';

export const operations: Record<string, OperationModule> = { create, delete: del, get, getAll, void: voidDocument };

export const description: INodeProperties[] = [
	operationProperty(
		'salesReceipt',
		[
			{ name: 'Create', value: 'create', description: 'Record a sale paid on the spot', action: 'Create a sales receipt' },
			{ name: 'Delete', value: 'delete', description: 'Delete a sales receipt', action: 'Delete a sales receipt' },
			{ name: 'Get', value: 'get', description: 'Get a sales receipt', action: 'Get a sales receipt' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many sales receipts', action: 'Get many sales receipts' },
			{ name: 'Void', value: 'void', description: 'Void a sales receipt', action: 'Void a sales receipt' },
		],
		'create',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...voidDocument.description,
];
