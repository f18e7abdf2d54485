import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { QBO_SYNC_PROPERTY_GROUP, type HubSpotClient } from '../../../../transport/hubspot';
import { failedItem } from '../common';

export const description: INodeProperties[] = [
	{
		displayName: `Creates the invoice properties the QuickBooks sync writes back (QuickBooks invoice ID and number, sync status, error category and message, last synced at) in the property group "${QBO_SYNC_PROPERTY_GROUP.label}". Properties that exist are kept as they are, so running it again is safe.`,
		name: 'setupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['setup'], operation: ['createSyncProperties'] } },
	},
];

/** Runs once per execution, whatever the number of input items; the output pairs with the first item. */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	const itemIndex = itemIndexes[0] ?? 0;
	try {
		const result = await client.ensureSyncProperties();
		return [{ json: { group: result.group, created: result.created, existing: result.existing }, pairedItem: { item: itemIndex } }];
	} catch (error) {
		return [failedItem(this, error, itemIndex)];
	}
}
