import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as recordHubSpotPayment from './recordHubSpotPayment.operation';
import * as update from './update.operation';
import * as voidPayment from './void.operation';

export const operations: Record<string, OperationModule> = { create, delete: del, get, getAll, recordHubSpotPayment, update, void: voidPayment };

export const description: INodeProperties[] = [
	operationProperty(
		'payment',
		[
			{ name: 'Create', value: 'create', description: 'Record a payment, applied to invoices', action: 'Create a payment' },
			{ name: 'Delete', value: 'delete', description: 'Delete a payment', action: 'Delete a payment' },
			{ name: 'Get', value: 'get', description: 'Get a payment', action: 'Get a payment' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many payments', action: 'Get many payments' },
			{
				name: 'Record HubSpot Payment',
				value: 'recordHubSpotPayment',
				description: 'Record a HubSpot payment once: applied to its synced invoice, or as a sales receipt when it has no invoice',
				action: 'Record a HubSpot payment',
			},
			{ name: 'Update', value: 'update', description: 'Update a payment', action: 'Update a payment' },
			{ name: 'Void', value: 'void', description: 'Void a payment', action: 'Void a payment' },
		],
		'create',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...recordHubSpotPayment.description,
	...update.description,
	...voidPayment.description,
];
