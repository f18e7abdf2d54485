/**
 * Every resource the node offers, with its operations. A new operation is one file plus one line in
 * its resource's `*.resource.ts`; the router finds it here.
 */
import type { INodeProperties } from 'n8n-workflow';

import * as creditMemo from './creditMemo/CreditMemo.resource';
import * as customer from './customer/Customer.resource';
import * as expense from './expense/Expense.resource';
import * as invoice from './invoice/Invoice.resource';
import * as item from './item/Item.resource';
import type { OperationModule } from './common/operation';
import * as payment from './payment/Payment.resource';
import * as reconciliation from './reconciliation/Reconciliation.resource';
import * as refundReceipt from './refundReceipt/RefundReceipt.resource';
import * as salesReceipt from './salesReceipt/SalesReceipt.resource';
import * as syncRun from './syncRun/SyncRun.resource';

export const resources: Record<string, { operations: Record<string, OperationModule>; description: INodeProperties[] }> = {
	creditMemo,
	customer,
	expense,
	invoice,
	item,
	payment,
	reconciliation,
	refundReceipt,
	salesReceipt,
	syncRun,
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Credit Memo', value: 'creditMemo' },
		{ name: 'Customer', value: 'customer' },
		{ name: 'Expense', value: 'expense', description: 'A QuickBooks Purchase: money spent from a bank or card account' },
		{ name: 'Invoice', value: 'invoice' },
		{ name: 'Item', value: 'item' },
		{ name: 'Payment', value: 'payment' },
		{ name: 'Reconciliation', value: 'reconciliation', description: 'HubSpot and QuickBooks compared to the cent, with a report and repair' },
		{ name: 'Refund Receipt', value: 'refundReceipt' },
		{ name: 'Sales Receipt', value: 'salesReceipt' },
		{ name: 'Sync Run', value: 'syncRun', description: 'What one execution of the sync operations wrote: undo it' },
	],
	default: 'invoice',
};

export const properties: INodeProperties[] = [resourceProperty, ...Object.values(resources).flatMap((resource) => resource.description)];
