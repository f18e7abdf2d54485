/**
 * The properties the QuickBooks → HubSpot direction writes, in the QuickBooks sync property group: the
 * marker of a QuickBooks-born invoice (unique, so a look-up by it reads at once instead of waiting for
 * search), the QuickBooks customer on companies, and the deal's copy of its last-updated synced invoice.
 * The Commerce node's Setup > Create Two-Way Sync Properties creates them.
 */
import { QUICKBOOKS_ORIGIN_PROPERTY } from '../../core/quickBooksToHubSpot';
import type { HubSpotObjectType } from './objects';
import { QBO_SYNC_PROPERTY_DEFINITIONS, QBO_SYNC_PROPERTY_GROUP, type PropertyDefinitionInput } from './syncProperties';

/** The QuickBooks customer Id on a HubSpot company created or matched for it. */
export const QUICKBOOKS_CUSTOMER_PROPERTY = 'qbo_customer_id';

/** What the deal keeps of its last-updated synced invoice. */
export const DEAL_INVOICE_PROPERTIES = {
	amountBilled: 'qbo_invoice_amount_billed',
	balanceDue: 'qbo_invoice_balance_due',
	status: 'qbo_invoice_status',
	invoiceDate: 'qbo_invoice_date',
	dueDate: 'qbo_invoice_due_date',
	updatedAt: 'qbo_invoice_last_updated',
} as const;

/** Invoice properties of the two-way sync beyond the write-back ones. */
export const TWO_WAY_INVOICE_PROPERTIES = {
	origin: QUICKBOOKS_ORIGIN_PROPERTY,
	syncToken: 'qbo_origin_sync_token',
	updatedAt: 'qbo_origin_updated_at',
} as const;

/** Also stamped on invoices synced HubSpot → QuickBooks, so edits made in QuickBooks can be told apart. */
export const HUBSPOT_SYNCED_AT_PROPERTY = 'qbo_last_synced_at';

const group = QBO_SYNC_PROPERTY_GROUP.name;

function text(name: string, label: string, description: string, unique = false): PropertyDefinitionInput & { hasUniqueValue?: boolean } {
	return { name, label, type: 'string', fieldType: 'text', groupName: group, description, ...(unique ? { hasUniqueValue: true } : {}) };
}

export const TWO_WAY_PROPERTY_DEFINITIONS: ReadonlyArray<{ objectType: HubSpotObjectType; definition: PropertyDefinitionInput }> = [
	...QBO_SYNC_PROPERTY_DEFINITIONS.map((definition) => ({ objectType: 'invoices' as const, definition })),
	{
		objectType: 'invoices',
		definition: text(TWO_WAY_INVOICE_PROPERTIES.origin, 'QuickBooks origin invoice ID', 'Set on invoices created from a QuickBooks invoice: its QuickBooks Id. Such invoices are never sent back to QuickBooks.', true),
	},
	{ objectType: 'invoices', definition: text(TWO_WAY_INVOICE_PROPERTIES.syncToken, 'QuickBooks origin version', 'The SyncToken of the QuickBooks invoice this invoice was last updated from.') },
	{ objectType: 'invoices', definition: text(TWO_WAY_INVOICE_PROPERTIES.updatedAt, 'QuickBooks origin last updated', "The QuickBooks invoice's LastUpdatedTime when it was last synced.") },
	{ objectType: 'companies', definition: text(QUICKBOOKS_CUSTOMER_PROPERTY, 'QuickBooks customer ID', 'The QuickBooks customer this company bills as.', true) },
	{ objectType: 'deals', definition: text(DEAL_INVOICE_PROPERTIES.amountBilled, 'Invoice amount billed', 'Amount billed on the last-updated synced invoice.') },
	{ objectType: 'deals', definition: text(DEAL_INVOICE_PROPERTIES.balanceDue, 'Invoice balance due', 'Balance due on the last-updated synced invoice.') },
	{ objectType: 'deals', definition: text(DEAL_INVOICE_PROPERTIES.status, 'Invoice status', 'Status of the last-updated synced invoice.') },
	{ objectType: 'deals', definition: text(DEAL_INVOICE_PROPERTIES.invoiceDate, 'Invoice date', 'Date of the last-updated synced invoice.') },
	{ objectType: 'deals', definition: text(DEAL_INVOICE_PROPERTIES.dueDate, 'Invoice due date', 'Due date of the last-updated synced invoice.') },
	{ objectType: 'deals', definition: text(DEAL_INVOICE_PROPERTIES.updatedAt, 'Invoice last updated', 'When the last-updated synced invoice changed in QuickBooks.') },
];
