import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../../transport/hubspot';
import { eachItem, invoiceLocator, recordId } from '../common';

const show = { resource: ['invoice'], operation: ['getPdfLink'] };

export const description: INodeProperties[] = [invoiceLocator({ show })];

/** The invoice's PDF download link and its buyer-facing link (hubspot.md §1.4 hs_pdf_download_link, hs_invoice_link). */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const id = recordId(this, 'invoiceId', itemIndex, 'invoice');
		const invoice = await client.getRecord('invoices', id, {
			properties: ['hs_number', 'hs_invoice_status', 'hs_pdf_download_link', 'hs_invoice_link'],
		});
		const pdfDownloadLink = invoice.properties.hs_pdf_download_link;
		if (!pdfDownloadLink) {
			throw new NodeOperationError(this.getNode(), `The HubSpot invoice ${id} has no PDF link yet`, {
				itemIndex,
				description: `HubSpot makes the PDF when an invoice is finalized; this one is ${invoice.properties.hs_invoice_status ?? 'not finalized'}.`,
			});
		}
		return {
			objectType: 'invoice',
			id,
			number: invoice.properties.hs_number,
			status: invoice.properties.hs_invoice_status,
			pdfDownloadLink,
			invoiceLink: invoice.properties.hs_invoice_link,
		};
	});
}
