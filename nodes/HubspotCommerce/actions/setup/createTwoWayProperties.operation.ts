import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../../transport/hubspot';

export const description: INodeProperties[] = [];

/** Creates the two-way sync properties on invoices, companies and deals; what exists is kept. Safe to run again. */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	const results = await client.ensureTwoWayProperties();
	return [{ json: { objects: results.map((result) => ({ ...result })) }, pairedItem: itemIndexes.map((item) => ({ item })) }];
}
