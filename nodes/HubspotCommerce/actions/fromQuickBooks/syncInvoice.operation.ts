import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../../transport/hubspot';
import { syncInvoiceFromQuickBooks } from '../../twoWay/invoiceFromQuickBooks';
import { eachItem } from '../common';
import { documentField, optionsField, quickBooksDocument, resultJson, twoWaySettings } from './fields';

const operations = ['syncInvoice'];

export const description: INodeProperties[] = [documentField(operations, 'invoice'), optionsField(operations, true)];

/** Creates the HubSpot invoice of a QuickBooks invoice once, updates it after edits, voids it after a void, reports a delete. */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const result = await syncInvoiceFromQuickBooks(client, quickBooksDocument(this, itemIndex, 'Invoice'), twoWaySettings(this, itemIndex));
		return resultJson(result);
	});
}
