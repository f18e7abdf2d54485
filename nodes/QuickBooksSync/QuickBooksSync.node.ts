import { NodeConnectionTypes, type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { properties } from './actions/resources';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

/**
 * QuickBooks Online for the HubSpot sync: every document the sync needs (invoice, payment, expense,
 * sales receipt, credit memo, refund receipt, customer, item) on a client that never duplicates
 * (requestid on every create), pins minorversion 75 and handles QuickBooks' throttling and SyncTokens.
 */
export class QuickBooksSync implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'QuickBooks Online (HubSpot Sync)',
		name: 'quickBooksSync',
		icon: { light: 'file:../../icons/quickbooks.svg', dark: 'file:../../icons/quickbooks.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and manage QuickBooks Online invoices, payments, expenses and more, without duplicates',
		defaults: { name: 'QuickBooks Online (HubSpot Sync)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Labelled one by one: without a displayName the editor labels each selector just "Credential".
		credentials: [
			{ name: 'quickBooksSyncOAuth2Api', required: true, displayName: 'QuickBooks Online Credential' },
			// Read by the high-level sync operations (HubSpot reads and status write-back); optional elsewhere.
			{ name: 'hubspotCommerceApi', required: false, displayName: 'HubSpot Credential (for the Sync Operations)' },
		],
		properties,
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions) {
		return await router.call(this);
	}
}
