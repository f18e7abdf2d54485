import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { INVOICE_PROPERTIES, type HubSpotClient, type InvoiceInclude } from '../../../../transport/hubspot';
import { additionalPropertiesField, includeField, invoiceLocator } from '../common';
import { batchGet } from '../batchGet';

const show = { resource: ['invoice'], operation: ['get'] };

export const description: INodeProperties[] = [
	invoiceLocator({ show }),
	includeField('invoice', ['get']),
	additionalPropertiesField('invoice', ['get']),
];

/** Reads the invoices of all input items together, with their relations in batches (see batchGet). */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await batchGet<InvoiceInclude>(this, client, itemIndexes, {
		idParameter: 'invoiceId',
		objectType: 'invoice',
		hubspotObjectType: 'invoices',
		defaultProperties: INVOICE_PROPERTIES,
		read: async (hubspot, ids, options) => await hubspot.readInvoices(ids, options),
	});
}
