import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as recordHubSpotRefund from './recordHubSpotRefund.operation';

export const operations: Record<string, OperationModule> = { create, delete: del, get, getAll, recordHubSpotRefund };

export const description: INodeProperties[] = [
	operationProperty(
		'refundReceipt',
		[
			{ name: 'Create', value: 'create', description: 'Record a refund paid to a customer', action: 'Create a refund receipt' },
			{ name: 'Delete', value: 'delete', description: 'Delete a refund receipt', action: 'Delete a refund receipt' },
			{ name: 'Get', value: 'get', description: 'Get a refund receipt', action: 'Get a refund receipt' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many refund receipts', action: 'Get many refund receipts' },
			{
				name: 'Record HubSpot Refund',
				value: 'recordHubSpotRefund',
				description: 'Record the refunds of a HubSpot payment once each, as a refund receipt or a credit memo',
				action: 'Record a HubSpot refund',
			},
		],
		'create',
	),
	...create.description,
	...del.description,
	...get.description,
	...getAll.description,
	...recordHubSpotRefund.description,
];
