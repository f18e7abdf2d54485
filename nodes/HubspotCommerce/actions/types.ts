import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../transport/hubspot';

/**
 * One operation: its fields and how it runs. `execute` gets every input item's index at once, so an
 * operation can batch across items (Get reads 100 invoices per call); it returns items with pairedItem
 * set, and error items for the items that failed when "Continue on Fail" is on.
 */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]>;
}

export type HubspotCommerceResource = 'invoice' | 'payment' | 'quickBooks' | 'setup';
