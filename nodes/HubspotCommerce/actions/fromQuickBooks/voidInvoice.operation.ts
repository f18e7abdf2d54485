import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../../transport/hubspot';
import { syncInvoiceFromQuickBooks } from '../../twoWay/invoiceFromQuickBooks';
import { eachItem } from '../common';
import { documentField, quickBooksDocument, resultJson, twoWaySettings } from './fields';

export const description: INodeProperties[] = [documentField(['voidInvoice'], 'invoice')];

/** Voids the HubSpot invoice made from a QuickBooks invoice (for a void event, whatever the document says). */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const result = await syncInvoiceFromQuickBooks(client, quickBooksDocument(this, itemIndex, 'Invoice'), twoWaySettings(this, itemIndex), 'void');
		return resultJson(result);
	});
}
