/**
 * HubSpot records as our nodes emit them: the CRM object shape (`id` + string `properties`) with the
 * invoice's associated records inlined, so the sync core never has to call HubSpot.
 */

/** HubSpot returns every property as a string (or null when unset). */
export type HubSpotProperties = Readonly<Record<string, string | null | undefined>>;

export interface HubSpotRecord {
	id: string;
	properties: HubSpotProperties;
}

/** A commerce payment (object 0-101), with the ids of the invoices it is associated with (542). */
export interface HubSpotPayment extends HubSpotRecord {
	invoiceIds?: readonly string[];
}

/**
 * An invoice (object 0-53) with its line items (409), contacts (177), companies (179), deals (175),
 * discounts (411), fees (413), taxes (415) and payments (541).
 */
export interface HubSpotInvoice extends HubSpotRecord {
	lineItems: readonly HubSpotRecord[];
	contacts?: readonly HubSpotRecord[];
	companies?: readonly HubSpotRecord[];
	deals?: readonly HubSpotRecord[];
	discounts?: readonly HubSpotRecord[];
	fees?: readonly HubSpotRecord[];
	taxes?: readonly HubSpotRecord[];
	payments?: readonly HubSpotPayment[];
}

export type HubSpotInvoiceStatus = 'draft' | 'open' | 'paid' | 'voided';

/** A property's text, or undefined when unset or blank. */
export function propertyText(record: HubSpotRecord, name: string): string | undefined {
	const value = record.properties[name];
	if (value === null || value === undefined) return undefined;
	const trimmed = String(value).trim();
	return trimmed === '' ? undefined : trimmed;
}

export function invoiceStatus(invoice: HubSpotRecord): HubSpotInvoiceStatus | undefined {
	const status = propertyText(invoice, 'hs_invoice_status')?.toLowerCase();
	return status === 'draft' || status === 'open' || status === 'paid' || status === 'voided' ? status : undefined;
}

/** The invoice currency (`hs_currency`, required by HubSpot to create an invoice). */
export function invoiceCurrency(invoice: HubSpotRecord): string | undefined {
	return propertyText(invoice, 'hs_currency')?.toUpperCase();
}

/** HubSpot's "true"/"false" booleans. */
export function propertyFlag(record: HubSpotRecord, name: string): boolean | undefined {
	const value = propertyText(record, name)?.toLowerCase();
	if (value === 'true') return true;
	if (value === 'false') return false;
	return undefined;
}
