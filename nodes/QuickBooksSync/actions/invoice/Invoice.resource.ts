import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as downloadPdf from './downloadPdf.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as send from './send.operation';
import * as syncHubSpotInvoice from './syncHubSpotInvoice.operation';
import * as update from './update.operation';
import * as voidInvoice from './void.operation';

export const operations: Record<string, OperationModule> = {
	create,
	delete: del,
	downloadPdf,
	get,
	getAll,
	send,
	syncHubSpotInvoice,
	update,
	void: voidInvoice,
};

export const description: INodeProperties[] = [
	operationProperty(
		'invoice',
		[
			{ name: 'Create', value: 'create', description: 'Create an invoice', action: 'Create an invoice' },
			{ name: 'Delete', value: 'delete', description: 'Delete an invoice', action: 'Delete an invoice' },
			{ name: 'Download PDF', value: 'downloadPdf', description: 'Download an invoice as a PDF file', action: 'Download an invoice PDF' },
			{ name: 'Get', value: 'get', description: 'Get an invoice', action: 'Get an invoice' },
			{ name: 'Get Many', value: 'getAll', description: 'Get many invoices', action: 'Get many invoices' },
			{ name: 'Send', value: 'send', description: 'Email an invoice to the customer', action: 'Send an invoice' },
			{
				name: 'Sync HubSpot Invoice',
				value: 'syncHubSpotInvoice',
				description: 'Create or update the QuickBooks invoice of a HubSpot invoice: customer, items, discounts, fees, taxes and status write-back',
				action: 'Sync a HubSpot invoice',
			},
			{ name: 'Update', value: 'update', description: 'Update an invoice', action: 'Update an invoice' },
			{ name: 'Void', value: 'void', description: 'Void an invoice', action: 'Void an invoice' },
		],
		'create',
	),
	...create.description,
	...del.description,
	...downloadPdf.description,
	...get.description,
	...getAll.description,
	...send.description,
	...syncHubSpotInvoice.description,
	...update.description,
	...voidInvoice.description,
];
