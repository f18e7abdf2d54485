/** Plain-data HubSpot records and mapping settings for the sync-core tests. */
import type { HubSpotInvoice, HubSpotPayment, HubSpotRecord } from '../../../core/hubspotInvoice';
import type { InvoiceMappingSettings } from '../../../core/invoiceMapping';

type Properties = Record<string, string | null | undefined>;

export function record(id: string, properties: Properties): HubSpotRecord {
	return { id, properties };
}

export function lineItem(id: string, properties: Properties): HubSpotRecord {
	return record(id, { name: `Item ${id}`, quantity: '1', ...properties });
}

export function invoice(overrides: Partial<HubSpotInvoice> & { properties?: Properties } = {}): HubSpotInvoice {
	const { properties, ...rest } = overrides;
	return {
		id: '5001',
		properties: {
			hs_currency: 'USD',
			hs_number: 'INV-1001',
			hs_invoice_status: 'open',
			hs_invoice_date: '2026-10-01T00:00:00Z',
			hs_due_date: '2026-10-31T00:00:00Z',
			hs_amount_billed: '100.00',
			...properties,
		},
		lineItems: [lineItem('11', { name: 'Consulting', price: '50.00', quantity: '2' })],
		contacts: [record('301', { email: 'Jane@Acme.com', firstname: 'Jane', lastname: 'Doe' })],
		companies: [record('401', { name: 'Acme Inc' })],
		deals: [],
		discounts: [],
		fees: [],
		taxes: [],
		payments: [],
		...rest,
	};
}

/** Item refs for every line item of the invoice: item `I<line item id>`. */
export function itemRefsFor(target: HubSpotInvoice): Record<string, { value: string }> {
	return Object.fromEntries(target.lineItems.map((line) => [line.id, { value: `I${line.id}` }]));
}

export function settingsFor(target: HubSpotInvoice, overrides: Partial<InvoiceMappingSettings> = {}): InvoiceMappingSettings {
	return {
		customerRef: { value: '58', name: 'Acme Inc' },
		itemRefs: itemRefsFor(target),
		homeCurrency: 'USD',
		multicurrencyEnabled: false,
		feeItemRef: { value: 'FEE' },
		taxItemRef: { value: 'TAX' },
		usTaxCodeNon: true,
		docNumberRule: 'refuse',
		...overrides,
	};
}

export function payment(id: string, properties: Properties, invoiceIds?: string[]): HubSpotPayment {
	const result: HubSpotPayment = {
		id,
		properties: {
			hs_currency_code: 'USD',
			hs_latest_status: 'succeeded',
			hs_processor_type: 'hs_payments',
			hs_initiated_date: '2026-10-05T14:00:00Z',
			...properties,
		},
	};
	if (invoiceIds !== undefined) result.invoiceIds = invoiceIds;
	return result;
}
