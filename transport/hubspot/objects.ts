/**
 * The HubSpot CRM objects this package reads and writes, the properties it asks for, and the
 * "Include" relations of invoices and payments (docs/hubspot.md §1–§3).
 */

export type HubSpotObjectType =
	| 'invoices'
	| 'commerce_payments'
	| 'line_items'
	| 'contacts'
	| 'companies'
	| 'deals'
	| 'discounts'
	| 'fees'
	| 'taxes';

/** Words for messages: "The HubSpot invoice 123 was not found". */
export const OBJECT_NOUNS: Readonly<Record<HubSpotObjectType, string>> = {
	invoices: 'invoice',
	commerce_payments: 'payment',
	line_items: 'line item',
	contacts: 'contact',
	companies: 'company',
	deals: 'deal',
	discounts: 'discount',
	fees: 'fee',
	taxes: 'tax',
};

/** hubspot.md §1.1: object type ids, used in record URLs (app.hubspot.com/contacts/<portal>/record/0-53/<id>). */
export const OBJECT_TYPE_IDS: Readonly<Record<HubSpotObjectType, string>> = {
	invoices: '0-53',
	commerce_payments: '0-101',
	line_items: '0-8',
	contacts: '0-1',
	companies: '0-2',
	deals: '0-3',
	discounts: '0-84',
	fees: '0-85',
	taxes: '0-86',
};

/** Invoice properties documented for the API (hubspot.md §1.4) plus the sync's write-back properties. */
export const INVOICE_PROPERTIES: readonly string[] = [
	'hs_number',
	'hs_invoice_status',
	'hs_currency',
	'hs_amount_billed',
	'hs_balance_due',
	'hs_invoice_date',
	'hs_due_date',
	'hs_purchase_order_number',
	'hs_comments',
	'hs_tax_id',
	'hs_allowed_payment_methods',
	'hs_invoice_payment_collection_method',
	'hs_allow_partial_payments',
	'hs_collect_address_types',
	'hs_recipient_shipping_address',
	'hs_recipient_shipping_address2',
	'hs_recipient_shipping_city',
	'hs_recipient_shipping_state',
	'hs_recipient_shipping_zip',
	'hs_recipient_shipping_country',
	'hs_recipient_company_address',
	'hs_recipient_company_address2',
	'hs_recipient_company_city',
	'hs_recipient_company_state',
	'hs_recipient_company_zip',
	'hs_custom_fields',
	'hs_invoice_link',
	'hs_pdf_download_link',
	'hs_language',
	'hs_locale',
	'hs_invoice_billable',
	'hs_invoice_source',
	'hs_title',
	'hs_external_invoice_id',
	'hs_createdate',
	'hs_lastmodifieddate',
	'hs_object_id',
	'qbo_invoice_id',
	'qbo_doc_number',
	'qbo_sync_status',
	'qbo_sync_error_category',
	'qbo_sync_error_message',
	'qbo_last_synced_at',
	// Set on invoices born in QuickBooks (the two-way sync): never sent back to QuickBooks.
	'qbo_origin_invoice_id',
];

/** Commerce payment properties (hubspot.md §2.2–§2.4): gross, fees, refunds, source and processor. */
export const PAYMENT_PROPERTIES: readonly string[] = [
	'hs_initial_amount',
	'hs_currency_code',
	'hs_latest_status',
	'hs_initiated_date',
	'hs_fees_amount',
	'hs_platform_fee',
	'hs_refunds_amount',
	'hs_net_amount',
	'hs_net_amount_after_refunds',
	'hs_processor_type',
	'hs_payment_source_app',
	'hs_payment_source_id',
	'hs_payment_source_name',
	'hs_payment_method_type',
	'hs_payment_method',
	'hs_payment_method_last_4',
	'hs_payment_method_bank_or_issuer',
	'hs_payment_type',
	'hs_payment_id',
	'hs_reference_number',
	'hs_customer_email',
	'hs_internal_comment',
	'hs_payout_date',
	'hs_has_associated_invoice',
	'hs_number_of_associated_invoices',
	'hs_total_discounts_amount',
	'hs_line_item_discounts_amount',
	'hs_createdate',
	'hs_lastmodifieddate',
	'hs_object_id',
];

/** hubspot.md §3.1, with the line discount fields the sync folds into the price. */
export const LINE_ITEM_PROPERTIES: readonly string[] = [
	'name',
	'description',
	'hs_sku',
	'quantity',
	'price',
	'amount',
	'discount',
	'hs_discount_percentage',
	'hs_total_discount',
	'hs_line_item_currency_code',
	'hs_product_id',
	'hs_tax_rate_group_id',
	'hs_position_on_quote',
	'recurringbillingfrequency',
	'hs_recurring_billing_start_date',
	'hs_recurring_billing_end_date',
	'hs_recurring_billing_period',
	'hs_pricing_model',
	'hs_object_id',
];

/** Order-level discounts, fees and taxes (hubspot.md §3.2). */
export const ADJUSTMENT_PROPERTIES: readonly string[] = ['hs_label', 'hs_type', 'hs_value', 'hs_sort_order', 'hs_duration', 'hs_object_id'];

export const CONTACT_PROPERTIES: readonly string[] = [
	'email',
	'firstname',
	'lastname',
	'phone',
	'company',
	'address',
	'city',
	'state',
	'zip',
	'country',
	'hs_object_id',
];

export const COMPANY_PROPERTIES: readonly string[] = ['name', 'domain', 'phone', 'address', 'city', 'state', 'zip', 'country', 'hs_object_id'];

export const DEAL_PROPERTIES: readonly string[] = ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'deal_currency_code', 'hs_object_id'];

export type InvoiceInclude = 'lineItems' | 'contacts' | 'companies' | 'deals' | 'discounts' | 'fees' | 'taxes' | 'payments';
export type PaymentInclude = 'invoice' | 'contacts' | 'companies' | 'lineItems';

export interface IncludeTarget {
	objectType: HubSpotObjectType;
	properties: readonly string[];
}

export const INVOICE_INCLUDES: Readonly<Record<InvoiceInclude, IncludeTarget>> = {
	lineItems: { objectType: 'line_items', properties: LINE_ITEM_PROPERTIES },
	contacts: { objectType: 'contacts', properties: CONTACT_PROPERTIES },
	companies: { objectType: 'companies', properties: COMPANY_PROPERTIES },
	deals: { objectType: 'deals', properties: DEAL_PROPERTIES },
	discounts: { objectType: 'discounts', properties: ADJUSTMENT_PROPERTIES },
	fees: { objectType: 'fees', properties: ADJUSTMENT_PROPERTIES },
	taxes: { objectType: 'taxes', properties: ADJUSTMENT_PROPERTIES },
	payments: { objectType: 'commerce_payments', properties: PAYMENT_PROPERTIES },
};

export const PAYMENT_INCLUDES: Readonly<Record<PaymentInclude, IncludeTarget>> = {
	invoice: { objectType: 'invoices', properties: INVOICE_PROPERTIES },
	contacts: { objectType: 'contacts', properties: CONTACT_PROPERTIES },
	companies: { objectType: 'companies', properties: COMPANY_PROPERTIES },
	lineItems: { objectType: 'line_items', properties: LINE_ITEM_PROPERTIES },
};

export const ALL_INVOICE_INCLUDES = Object.keys(INVOICE_INCLUDES) as InvoiceInclude[];
export const ALL_PAYMENT_INCLUDES = Object.keys(PAYMENT_INCLUDES) as PaymentInclude[];

/** A CRM record as this package hands it on: the id and the properties, nothing SDK-shaped. */
export interface HubSpotObject {
	id: string;
	properties: Record<string, string | null>;
}

/** A record as read with `propertiesWithHistory` (newest entry first, as HubSpot returns them). */
export interface HubSpotObjectWithHistory extends HubSpotObject {
	propertiesWithHistory: Record<string, Array<{ value: string; timestamp: number; sourceType?: string }>>;
}

/** An invoice with the relations asked for; a relation that was not asked for is absent, not empty. */
export interface HubSpotInvoice extends HubSpotObject {
	lineItems?: HubSpotObject[];
	contacts?: HubSpotObject[];
	companies?: HubSpotObject[];
	deals?: HubSpotObject[];
	discounts?: HubSpotObject[];
	fees?: HubSpotObject[];
	taxes?: HubSpotObject[];
	payments?: HubSpotObject[];
}

/** A payment with the relations asked for; `invoice` is the first associated invoice (null when none). */
export interface HubSpotPayment extends HubSpotObject {
	invoice?: HubSpotObject | null;
	invoices?: HubSpotObject[];
	contacts?: HubSpotObject[];
	companies?: HubSpotObject[];
	lineItems?: HubSpotObject[];
}
