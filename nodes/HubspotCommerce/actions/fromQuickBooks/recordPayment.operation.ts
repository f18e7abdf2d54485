import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../../transport/hubspot';
import { recordPaymentFromQuickBooks } from '../../twoWay/paymentFromQuickBooks';
import { eachItem } from '../common';
import { documentField, optionsField, quickBooksDocument, resultJson, twoWaySettings } from './fields';

const operations = ['recordPayment'];

export const description: INodeProperties[] = [documentField(operations, 'payment'), optionsField(operations, false)];

/** Records a QuickBooks payment on each HubSpot invoice it pays: one output item per invoice. */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const results = await recordPaymentFromQuickBooks(client, quickBooksDocument(this, itemIndex, 'Payment'), twoWaySettings(this, itemIndex));
		return results.map(resultJson);
	});
}
