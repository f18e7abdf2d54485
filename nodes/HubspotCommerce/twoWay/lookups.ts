/**
 * Finding what HubSpot already has for a QuickBooks document: the invoice born from it (by our marker),
 * the invoice it was synced from (HubSpot-born, by the QuickBooks id written back), the contact by
 * email and the company by QuickBooks customer. Look-ups by a unique property read at once; search
 * lags writes by "a few moments" (hubspot.md §4.2), so it is only the fallback.
 */
import { QUICKBOOKS_ORIGIN_PROPERTY } from '../../../core/quickBooksToHubSpot';
import { QBO_SYNC_PROPERTIES, settled, type HubSpotClient, type HubSpotObject, type HubSpotObjectType } from '../../../transport/hubspot';
import { TWO_WAY_INVOICE_PROPERTIES } from '../../../transport/hubspot/twoWayProperties';

export const ORIGIN_READ_PROPERTIES = [
	'hs_invoice_status',
	'hs_amount_billed',
	'hs_balance_due',
	'hs_currency',
	'hs_invoice_date',
	'hs_due_date',
	'hs_comments',
	'qbo_doc_number',
	QUICKBOOKS_ORIGIN_PROPERTY,
	TWO_WAY_INVOICE_PROPERTIES.syncToken,
	TWO_WAY_INVOICE_PROPERTIES.updatedAt,
	QBO_SYNC_PROPERTIES.invoiceId,
	QBO_SYNC_PROPERTIES.lastSyncedAt,
];

/**
 * A record by a property meant to be unique. Where HubSpot did not make it unique (Setup fell back),
 * `idProperty` is refused with a 400 and the look-up searches instead.
 */
export async function findByMarker(client: HubSpotClient, objectType: HubSpotObjectType, property: string, value: string, properties: readonly string[]): Promise<HubSpotObject | undefined> {
	const outcome = await settled(client.findByUniqueProperty(objectType, property, value, properties));
	if ('value' in outcome) return outcome.value;
	if ((outcome.failure as { httpCode?: string }).httpCode !== '400') throw outcome.failure;
	return await searchOne(client, objectType, property, value, properties);
}

async function searchOne(client: HubSpotClient, objectType: HubSpotObjectType, property: string, value: string, properties: readonly string[]): Promise<HubSpotObject | undefined> {
	const page = await client.search(objectType, {
		filterGroups: [{ filters: [{ propertyName: property, operator: 'EQ', value }] }],
		properties: [...properties],
		limit: 2,
	});
	const [first] = page.results;
	return first ? { id: first.id, properties: first.properties } : undefined;
}

/** The HubSpot invoice created from a QuickBooks invoice (born in QuickBooks). */
export async function findQuickBooksBornInvoice(client: HubSpotClient, quickBooksInvoiceId: string): Promise<HubSpotObject | undefined> {
	return await findByMarker(client, 'invoices', QUICKBOOKS_ORIGIN_PROPERTY, quickBooksInvoiceId, ORIGIN_READ_PROPERTIES);
}

/**
 * The HubSpot invoice for a QuickBooks invoice, whichever side it was born on: ours by marker, or a
 * HubSpot-born one the HubSpot → QuickBooks sync wrote the QuickBooks id back to (found by search).
 */
export async function findHubSpotInvoiceFor(client: HubSpotClient, quickBooksInvoiceId: string): Promise<HubSpotObject | undefined> {
	return (await findQuickBooksBornInvoice(client, quickBooksInvoiceId)) ?? (await searchOne(client, 'invoices', QBO_SYNC_PROPERTIES.invoiceId, quickBooksInvoiceId, ORIGIN_READ_PROPERTIES));
}
