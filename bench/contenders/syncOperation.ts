/**
 * The one place contenders (a) and (b) learn how to call this package's nodes. When the QuickBooks
 * node's "Sync HubSpot Invoice" operation changes its names or parameters, change them here; nothing
 * else in bench/ needs to change.
 */
import type { IDataObject } from 'n8n-workflow';

import { SYNCED_STATUSES } from './types';

/** What the sync maps besides the invoice: (b)'s Get reads them with each invoice. */
export const HUBSPOT_INCLUDES = ['lineItems', 'contacts', 'companies', 'discounts', 'fees', 'taxes'];

/**
 * (a) and (b): one Search over all invoices to sync, "return all", the invoices only (their properties, no
 * related records). (a) hands them all to the sync, which reads the related records itself, a chunk ahead
 * of its QuickBooks writes, so HubSpot's and QuickBooks' limits overlap; (b) gets each invoice by id with
 * the related records, one per execution.
 */
export const HUBSPOT_ID_SEARCH_PARAMETERS: IDataObject = {
	resource: 'invoice',
	operation: 'search',
	returnAll: true,
	filters: { statuses: SYNCED_STATUSES },
	include: [],
};

export const HUBSPOT_GET_PARAMETERS: IDataObject = {
	resource: 'invoice',
	operation: 'get',
	invoiceId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
	include: HUBSPOT_INCLUDES,
};

/** Untimed, before each run: the sync-status properties the write-back needs (Commerce node, Setup). */
export const HUBSPOT_SETUP_PARAMETERS: IDataObject = { resource: 'setup', operation: 'createSyncProperties' };

/** QuickBooks side: the bulk operation over all input items. */
export const QUICKBOOKS_SYNC = {
	/** `description.name` of the node class in nodes/QuickBooksSync/QuickBooksSync.node.ts. */
	nodeName: 'quickBooksSync',
	resource: 'invoice',
	operation: 'syncHubSpotInvoice',
	/**
	 * The operation's other parameters. The input item is the Commerce node's invoice as it comes out
	 * (the operation takes a HubSpot invoice as the trigger or the Commerce node emits it, and completes
	 * what it lacks). Choices the
	 * default company of the QuickBooks simulator offers (sandbox/quickbooks/seed.ts DEFAULT_COMPANY):
	 * items Services '1', Shipping fee '2', Sales tax collected '3'; account Discounts given '11'.
	 */
	parameters: {
		defaultItem: { __rl: true, mode: 'id', value: '1' },
		createMissingItems: true,
		newItemIncomeAccount: { __rl: true, mode: 'id', value: '9' },
		feeItem: { __rl: true, mode: 'id', value: '2' },
		taxItem: { __rl: true, mode: 'id', value: '3' },
		discountAccount: { __rl: true, mode: 'id', value: '11' },
	} as IDataObject,
} as const;

/** How a failed item of the sync's output looks: n8n's continue-on-fail `error`, or the operation's own action 'failed'. */
export function syncFailureText(json: IDataObject): string | undefined {
	if (json.error !== undefined) return typeof json.error === 'string' ? json.error : JSON.stringify(json.error);
	if (json.action === 'failed') return [json.category, json.message, json.error].filter((part) => part !== undefined).map(String).join(': ') || 'failed';
	return undefined;
}
