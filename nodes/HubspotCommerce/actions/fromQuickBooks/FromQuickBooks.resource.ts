import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as recordPayment from './recordPayment.operation';
import * as syncInvoice from './syncInvoice.operation';
import * as voidInvoice from './voidInvoice.operation';

export const operations: Record<string, Operation> = { syncInvoice, voidInvoice, recordPayment };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['quickBooks'] } },
		options: [
			{ name: 'Record Payment', value: 'recordPayment', action: 'Record a payment from an accounting system', description: 'Show a QuickBooks payment on the HubSpot invoices it pays (paid or partially paid)' },
			{ name: 'Sync Invoice', value: 'syncInvoice', action: 'Sync an invoice from an accounting system', description: 'Create the HubSpot invoice of a QuickBooks invoice once, update it after edits, void it after a void' },
			{ name: 'Void Invoice', value: 'voidInvoice', action: 'Void an invoice from an accounting system' },
		],
		default: 'syncInvoice',
	},
	...syncInvoice.description,
	...voidInvoice.description,
	...recordPayment.description,
];
