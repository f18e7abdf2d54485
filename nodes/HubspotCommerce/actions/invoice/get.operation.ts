import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { INVOICE_PROPERTIES, notFoundError, type HubSpotClient, type InvoiceInclude } from '../../../../transport/hubspot';
import { additionalPropertiesField, failedItem, includeField, invoiceLocator, recordId, stringList } from '../common';

const show = { resource: ['invoice'], operation: ['get'] };

export const description: INodeProperties[] = [
	invoiceLocator({ show }),
	includeField('invoice', ['get']),
	additionalPropertiesField('invoice', ['get']),
];

/**
 * Reads the invoices of all input items together: one batch read per 100 invoices and, per relation,
 * one association read and one batch read per 100 related records, instead of calls per item.
 */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	const results = new Map<number, INodeExecutionData>();
	const groups = new Map<string, { include: InvoiceInclude[]; properties: string[]; items: Array<{ itemIndex: number; id: string }> }>();
	for (const itemIndex of itemIndexes) {
		try {
			const id = recordId(this, 'invoiceId', itemIndex, 'invoice');
			const include = this.getNodeParameter('include', itemIndex, []) as InvoiceInclude[];
			const properties = [...new Set([...INVOICE_PROPERTIES, ...stringList(this, 'additionalProperties', itemIndex)])];
			const key = JSON.stringify([include, properties]);
			if (!groups.has(key)) groups.set(key, { include, properties, items: [] });
			groups.get(key)!.items.push({ itemIndex, id });
		} catch (error) {
			results.set(itemIndex, failedItem(this, error, itemIndex));
		}
	}
	for (const group of groups.values()) {
		let invoices;
		try {
			invoices = new Map((await client.readInvoices(group.items.map((item) => item.id), group)).map((invoice) => [invoice.id, invoice]));
		} catch (error) {
			for (const { itemIndex } of group.items) results.set(itemIndex, failedItem(this, error, itemIndex));
			continue;
		}
		for (const { itemIndex, id } of group.items) {
			const invoice = invoices.get(id);
			if (!invoice) {
				results.set(itemIndex, failedItem(this, notFoundError(this.getNode(), 'invoices', id, client.basePath), itemIndex));
				continue;
			}
			const { id: invoiceId, properties, ...includes } = invoice;
			results.set(itemIndex, { json: { objectType: 'invoice', id: invoiceId, properties, ...includes } as IDataObject, pairedItem: { item: itemIndex } });
		}
	}
	return itemIndexes.map((itemIndex) => results.get(itemIndex)!).filter(Boolean);
}
