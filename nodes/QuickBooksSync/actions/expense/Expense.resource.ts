import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as recordFeesAsExpense from './recordFeesAsExpense.operation';

export const operations: Record<string, OperationModule> = { create, delete: del, get, getAll, recordFeesAsExpense };

export const description: INodeProperties[] = [
	operationProperty(
		'expense',
		[
			{ name: 'Create', value: 'create', description: 'Record an expense (a QuickBooks Purchase)', action: 'Create an expense' },
			{ name: 'Delete', value: 'delete', description: 'Delete an expense', action: 'Delete an expense' },
			{ name: 'Get', value: 'get', description: 'Get an expense', action: 'Get an expense' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many expenses', action: 'Get many expenses' },
			{
				name: 'Record Fees as Expense',
				value: 'recordFeesAsExpense',
				description: "Book the processing and platform fees of a period's HubSpot payments as one expense per currency",
				action: 'Record HubSpot fees as an expense',
			},
		],
		'create',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...recordFeesAsExpense.description,
];
