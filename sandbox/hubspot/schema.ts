/**
 * The CRM objects the simulator knows: names, type ids, documented properties, association type ids.
 * Everything here comes from docs/hubspot.md; the section is cited next to each table.
 */

export type ObjectTypeName =
	| 'contacts'
	| 'companies'
	| 'deals'
	| 'products'
	| 'line_items'
	| 'invoices'
	| 'discounts'
	| 'fees'
	| 'taxes'
	| 'commerce_payments';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export interface PropertyOption {
	label: string;
	value: string;
	displayOrder: number;
	hidden: boolean;
}

/** A property definition as `GET /crm/v3/properties/{objectType}` returns it. */
export interface PropertyDefinition {
	name: string;
	label: string;
	type: PropertyType;
	fieldType: string;
	description: string;
	groupName: string;
	options: PropertyOption[];
	displayOrder: number;
	calculated: boolean;
	externalOptions: boolean;
	hasUniqueValue: boolean;
	hidden: boolean;
	hubspotDefined: boolean;
	formField: boolean;
	showCurrencySymbol?: boolean;
	modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
	createdAt: string;
	updatedAt: string;
	archived: boolean;
}

export interface PropertyGroup {
	name: string;
	label: string;
	displayOrder: number;
	archived: boolean;
}

export interface ObjectTypeInfo {
	name: ObjectTypeName;
	/** hubspot.md §1.1: "0-53" for invoices, "0-8" line items, "0-101" payments, ... */
	typeId: string;
	/** Singular name used in v3 association type strings ("invoice_to_contact") and error messages. */
	singular: string;
	/** Properties a read returns when no `properties` were asked for (hubspot.md §1.2 "Default properties"). */
	defaultProperties: string[];
	/** Free-text `query` in search looks at these (hubspot.md §4.1 "default searchable properties"). */
	searchableProperties: string[];
	/** Properties a create must carry (hubspot.md §1.3 invoices: hs_currency; §2.1 payments). */
	requiredOnCreate: string[];
	createDateProperty: string;
	/** Every object keeps hs_lastmodifieddate; contacts also have their historic `lastmodifieddate`. */
	lastModifiedProperties: string[];
}

// hubspot.md §1.1: object type ids from the "using object APIs" table; 0-1/0-2/0-3 are the standard CRM ids.
export const OBJECT_TYPES: Record<ObjectTypeName, ObjectTypeInfo> = {
	contacts: {
		name: 'contacts',
		typeId: '0-1',
		singular: 'contact',
		defaultProperties: ['createdate', 'email', 'firstname', 'lastname', 'lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['firstname', 'lastname', 'email', 'phone', 'company'],
		requiredOnCreate: [],
		createDateProperty: 'createdate',
		lastModifiedProperties: ['lastmodifieddate', 'hs_lastmodifieddate'],
	},
	companies: {
		name: 'companies',
		typeId: '0-2',
		singular: 'company',
		defaultProperties: ['createdate', 'domain', 'name', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['name', 'domain', 'phone'],
		requiredOnCreate: [],
		createDateProperty: 'createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	deals: {
		name: 'deals',
		typeId: '0-3',
		singular: 'deal',
		defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
		searchableProperties: ['dealname'],
		requiredOnCreate: [],
		createDateProperty: 'createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	products: {
		name: 'products',
		typeId: '0-7',
		singular: 'product',
		defaultProperties: ['createdate', 'description', 'name', 'price', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['name', 'hs_sku', 'description'],
		requiredOnCreate: [],
		createDateProperty: 'createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	line_items: {
		name: 'line_items',
		typeId: '0-8',
		singular: 'line_item',
		defaultProperties: ['amount', 'createdate', 'description', 'hs_lastmodifieddate', 'hs_object_id', 'hs_product_id', 'name', 'price', 'quantity'],
		searchableProperties: ['name', 'hs_sku', 'description'],
		requiredOnCreate: [],
		createDateProperty: 'createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	invoices: {
		name: 'invoices',
		typeId: '0-53',
		singular: 'invoice',
		// hubspot.md §1.2: "hs_createdate, hs_lastmodifieddate and hs_object_id".
		defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['hs_number', 'hs_purchase_order_number'],
		requiredOnCreate: ['hs_currency'],
		createDateProperty: 'hs_createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	discounts: {
		name: 'discounts',
		typeId: '0-84',
		singular: 'discount',
		defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['hs_label'],
		requiredOnCreate: [],
		createDateProperty: 'hs_createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	fees: {
		name: 'fees',
		typeId: '0-85',
		singular: 'fee',
		defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['hs_label'],
		requiredOnCreate: [],
		createDateProperty: 'hs_createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	taxes: {
		name: 'taxes',
		typeId: '0-86',
		singular: 'tax',
		defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['hs_label'],
		requiredOnCreate: [],
		createDateProperty: 'hs_createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
	commerce_payments: {
		name: 'commerce_payments',
		typeId: '0-101',
		singular: 'commerce_payment',
		defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
		searchableProperties: ['hs_reference_number', 'hs_customer_email'],
		// hubspot.md §2.1: "Create requires hs_initial_amount and hs_initiated_date".
		requiredOnCreate: ['hs_initial_amount', 'hs_initiated_date'],
		createDateProperty: 'hs_createdate',
		lastModifiedProperties: ['hs_lastmodifieddate'],
	},
};

const TYPE_ALIASES = new Map<string, ObjectTypeName>();
for (const info of Object.values(OBJECT_TYPES)) {
	TYPE_ALIASES.set(info.name, info.name);
	TYPE_ALIASES.set(info.typeId, info.name);
	TYPE_ALIASES.set(info.singular, info.name);
}
// v4 association paths commonly use the short singular "payment" too.
TYPE_ALIASES.set('payment', 'commerce_payments');
TYPE_ALIASES.set('payments', 'commerce_payments');
TYPE_ALIASES.set('line_item', 'line_items');

/** Resolves an object type as a path names it: plural name, singular name or type id ("invoices", "invoice", "0-53"). */
export function resolveObjectType(nameOrId: string): ObjectTypeName | undefined {
	return TYPE_ALIASES.get(nameOrId.toLowerCase());
}

/** HubSpot-defined association types: [from, to, typeId]. The reverse direction is listed separately. */
// hubspot.md §1.5 (invoice to object) and §2.5 (payment to object). Ids not printed in the reference
// (contact→payment etc.) follow HubSpot's "reverse is the neighbouring id" pattern and are marked [unverified].
const ASSOCIATION_TYPES: Array<[ObjectTypeName, ObjectTypeName, number]> = [
	['invoices', 'contacts', 177],
	['contacts', 'invoices', 178],
	['invoices', 'companies', 179],
	['companies', 'invoices', 180],
	['invoices', 'deals', 175],
	['deals', 'invoices', 176],
	['invoices', 'line_items', 409],
	['line_items', 'invoices', 410],
	['invoices', 'discounts', 411],
	['discounts', 'invoices', 412],
	['invoices', 'fees', 413],
	['fees', 'invoices', 414],
	['invoices', 'taxes', 415],
	['taxes', 'invoices', 416],
	['invoices', 'commerce_payments', 541],
	['commerce_payments', 'invoices', 542],
	['commerce_payments', 'contacts', 387],
	['contacts', 'commerce_payments', 388], // [unverified] reverse id
	['commerce_payments', 'companies', 389],
	['companies', 'commerce_payments', 390], // [unverified] reverse id
	['commerce_payments', 'deals', 391],
	['deals', 'commerce_payments', 392], // [unverified] reverse id
	['commerce_payments', 'line_items', 395],
	['line_items', 'commerce_payments', 396], // [unverified] reverse id
	['commerce_payments', 'discounts', 428],
	['discounts', 'commerce_payments', 429], // [unverified] reverse id
	['commerce_payments', 'fees', 1326],
	['fees', 'commerce_payments', 1327], // [unverified] reverse id
	// Standard CRM pairs (HubSpot's associations guide; not invoice-specific): unlabeled ids.
	['contacts', 'companies', 279],
	['companies', 'contacts', 280],
	['deals', 'contacts', 3],
	['contacts', 'deals', 4],
	['deals', 'companies', 341],
	['companies', 'deals', 342],
	['deals', 'line_items', 19],
	['line_items', 'deals', 20],
];

const ASSOCIATION_TYPE_IDS = new Map<string, number>();
const ASSOCIATION_BY_ID = new Map<number, [ObjectTypeName, ObjectTypeName]>();
for (const [from, to, typeId] of ASSOCIATION_TYPES) {
	ASSOCIATION_TYPE_IDS.set(`${from}>${to}`, typeId);
	ASSOCIATION_BY_ID.set(typeId, [from, to]);
}

/** The HUBSPOT_DEFINED association type id from one object type to another, if the pair can be associated. */
export function associationTypeId(from: ObjectTypeName, to: ObjectTypeName): number | undefined {
	return ASSOCIATION_TYPE_IDS.get(`${from}>${to}`);
}

export function associationPairOf(typeId: number): [ObjectTypeName, ObjectTypeName] | undefined {
	return ASSOCIATION_BY_ID.get(typeId);
}

/** v3 association type string, e.g. "invoice_to_contact". */
export function associationTypeName(from: ObjectTypeName, to: ObjectTypeName): string {
	return `${OBJECT_TYPES[from].singular}_to_${OBJECT_TYPES[to].singular}`;
}

/**
 * The key the v3 `associations` block uses for a target type. HubSpot keys line items as "line items"
 * (with a space) in v3 reads [unverified: not in hubspot.md; prefer v4 association reads, §1.5].
 */
export function v3AssociationKey(to: ObjectTypeName): string {
	return to === 'line_items' ? 'line items' : to;
}

// ---------------------------------------------------------------------------------------------
// Property definitions
// ---------------------------------------------------------------------------------------------

interface PropertySpec {
	name: string;
	type: PropertyType;
	label?: string;
	fieldType?: string;
	options?: string[];
	/** Read-only by API: calculated by HubSpot or documented read-only (hubspot.md §2.3). */
	readOnly?: boolean;
	calculated?: boolean;
	group?: string;
	description?: string;
	unique?: boolean;
}

const DEFAULT_FIELD_TYPE: Record<PropertyType, string> = {
	string: 'text',
	number: 'number',
	date: 'date',
	datetime: 'date',
	enumeration: 'select',
	bool: 'booleancheckbox',
};

// Currency codes accepted in hs_currency / hs_currency_code (a representative ISO 4217 set).
export const SUPPORTED_CURRENCIES = [
	'USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'JPY', 'KRW', 'INR', 'SGD', 'HKD',
	'MXN', 'BRL', 'ZAR', 'PLN', 'CZK', 'KWD', 'BHD', 'OMR', 'JOD', 'AED', 'SAR', 'ILS', 'CLP', 'ISK',
];

function common(createDateName: string, lastModifiedNames: string[]): PropertySpec[] {
	const specs: PropertySpec[] = [
		{ name: 'hs_object_id', type: 'number', label: 'Record ID', readOnly: true, calculated: false, unique: true },
		{ name: 'hs_createdate', type: 'datetime', label: 'Create Date', readOnly: true },
		{ name: 'hs_lastmodifieddate', type: 'datetime', label: 'Last Modified Date', readOnly: true },
		{ name: 'hs_object_source', type: 'string', label: 'Record source', readOnly: true },
	];
	if (createDateName !== 'hs_createdate') specs.push({ name: createDateName, type: 'datetime', label: 'Create Date', readOnly: true });
	for (const name of lastModifiedNames) {
		if (name !== 'hs_lastmodifieddate') specs.push({ name, type: 'datetime', label: 'Last Modified Date', readOnly: true });
	}
	return specs;
}

// hubspot.md §1.4 "Properties documented by HubSpot for the API" (+ hs_invoice_source from §9.3, [secondary]).
const INVOICE_PROPERTIES: PropertySpec[] = [
	{ name: 'hs_currency', type: 'enumeration', label: 'Currency', options: SUPPORTED_CURRENCIES },
	{ name: 'hs_invoice_status', type: 'enumeration', label: 'Invoice status', options: ['draft', 'open', 'paid', 'voided'] },
	{ name: 'hs_invoice_date', type: 'datetime', label: 'Invoice date' },
	{ name: 'hs_due_date', type: 'datetime', label: 'Due date' },
	{ name: 'hs_purchase_order_number', type: 'string', label: 'Purchase order number' },
	{ name: 'hs_comments', type: 'string', label: 'Comments', fieldType: 'textarea' },
	{ name: 'hs_tax_id', type: 'string', label: 'Tax ID' },
	{ name: 'hs_allowed_payment_methods', type: 'enumeration', label: 'Allowed payment methods', fieldType: 'checkbox', options: ['credit_or_debit_card', 'ach'] },
	{ name: 'hs_invoice_payment_collection_method', type: 'enumeration', label: 'Payment collection method', options: ['manual', 'none'] },
	{ name: 'hs_allow_partial_payments', type: 'bool', label: 'Allow partial payments' },
	{ name: 'hs_collect_address_types', type: 'enumeration', label: 'Collect address types', fieldType: 'checkbox', options: ['billing_address', 'shipping_address'] },
	...['address', 'address2', 'city', 'state', 'zip', 'country'].map((part): PropertySpec => ({ name: `hs_recipient_shipping_${part}`, type: 'string' })),
	...['address', 'address2', 'city', 'state', 'zip'].map((part): PropertySpec => ({ name: `hs_recipient_company_${part}`, type: 'string' })),
	{ name: 'hs_custom_fields', type: 'string', label: 'Custom fields' },
	{ name: 'hs_invoice_link', type: 'string', label: 'Invoice link', readOnly: true },
	{ name: 'hs_language', type: 'string', label: 'Language' },
	{ name: 'hs_locale', type: 'string', label: 'Locale' },
	{ name: 'hs_pdf_download_link', type: 'string', label: 'PDF download link', readOnly: true },
	{ name: 'hs_invoice_billable', type: 'bool', label: 'Billable' },
	{ name: 'hs_amount_billed', type: 'number', label: 'Amount billed', readOnly: true, calculated: true, description: 'The amount billed on the invoice' },
	{ name: 'hs_balance_due', type: 'number', label: 'Balance due', readOnly: true, calculated: true, description: 'The balance due on the invoice' },
	{ name: 'hs_number', type: 'string', label: 'Number', readOnly: true, unique: true, description: 'The invoice number' },
	{ name: 'hs_invoice_source', type: 'string', label: 'Invoice Source' },
];

// hubspot.md §3.1 common line item properties; the line discount fields are [secondary/unverified] there.
const LINE_ITEM_PROPERTIES: PropertySpec[] = [
	{ name: 'name', type: 'string', label: 'Name' },
	{ name: 'description', type: 'string', label: 'Description', fieldType: 'textarea' },
	{ name: 'hs_sku', type: 'string', label: 'SKU' },
	{ name: 'quantity', type: 'number', label: 'Quantity' },
	{ name: 'price', type: 'number', label: 'Unit price' },
	{ name: 'amount', type: 'number', label: 'Net price', readOnly: true, calculated: true },
	{ name: 'hs_line_item_currency_code', type: 'enumeration', label: 'Currency', options: SUPPORTED_CURRENCIES },
	{ name: 'recurringbillingfrequency', type: 'enumeration', label: 'Billing frequency', options: ['weekly', 'biweekly', 'monthly', 'quarterly', 'per_six_months', 'annually', 'per_two_years', 'per_three_years'] },
	{ name: 'hs_recurring_billing_start_date', type: 'date', label: 'Billing start date' },
	{ name: 'hs_recurring_billing_end_date', type: 'date', label: 'Billing end date' },
	{ name: 'hs_recurring_billing_period', type: 'string', label: 'Term' },
	{ name: 'hs_product_id', type: 'string', label: 'Product ID' },
	{ name: 'hs_tax_rate_group_id', type: 'string', label: 'Tax rate' },
	{ name: 'hs_pricing_model', type: 'enumeration', label: 'Pricing model', options: ['flat', 'tiered', 'volume', 'stairstep'] },
	{ name: 'hs_tier_ranges', type: 'string', label: 'Tier ranges' },
	{ name: 'hs_tier_prices', type: 'string', label: 'Tier prices' },
	{ name: 'discount', type: 'number', label: 'Unit discount' },
	{ name: 'hs_discount_percentage', type: 'number', label: 'Discount percentage' },
	{ name: 'hs_total_discount', type: 'number', label: 'Total discount', readOnly: true, calculated: true },
	{ name: 'hs_position_on_quote', type: 'number', label: 'Position' },
];

// hubspot.md §3.2: discounts, fees and taxes share hs_label, hs_type, hs_value, hs_sort_order; discounts add hs_duration.
function adjustmentProperties(withDuration: boolean): PropertySpec[] {
	const specs: PropertySpec[] = [
		{ name: 'hs_label', type: 'string', label: 'Label' },
		{ name: 'hs_type', type: 'enumeration', label: 'Type', options: ['FIXED', 'PERCENT'] },
		{ name: 'hs_value', type: 'number', label: 'Value' },
		{ name: 'hs_sort_order', type: 'number', label: 'Sort order' },
	];
	if (withDuration) specs.push({ name: 'hs_duration', type: 'enumeration', label: 'Duration', options: ['ONCE', 'FOREVER', 'FIXED_NUMBER_OF_PAYMENTS'] });
	return specs;
}

const ADDRESS_PARTS = ['line_1', 'line_2', 'city', 'state', 'postal_code', 'country'];

// hubspot.md §2.2 writable, §2.3 read-only, §2.4 seen in the example response.
const PAYMENT_PROPERTIES: PropertySpec[] = [
	{ name: 'hs_currency_code', type: 'enumeration', label: 'Currency', options: SUPPORTED_CURRENCIES },
	{ name: 'hs_customer_email', type: 'string', label: 'Customer email' },
	{ name: 'hs_fees_amount', type: 'number', label: 'Fees', description: 'The total amount HubSpot charged to process this payment.' },
	{ name: 'hs_initial_amount', type: 'number', label: 'Gross amount', description: 'The total amount the customer was charged.' },
	{ name: 'hs_initiated_date', type: 'datetime', label: 'Payment date' },
	{ name: 'hs_internal_comment', type: 'string', label: 'Internal comment' },
	{
		name: 'hs_latest_status',
		type: 'enumeration',
		label: 'Status',
		options: ['processing', 'succeeded', 'failed', 'partially_refunded', 'refunded', 'processing_refund', 'disputed_won', 'disputed_lost', 'disputed_action_required', 'disputed_awaiting_decision'],
	},
	{ name: 'hs_payment_method_bank_or_issuer', type: 'string', label: 'Bank or issuer' },
	{ name: 'hs_payment_method_last_4', type: 'string', label: 'Last 4' },
	{ name: 'hs_payment_method_type', type: 'enumeration', label: 'Payment method type', options: ['card', 'ach', 'cash', 'check', 'wire_transfer', 'other', 'sepa', 'bacs', 'pads'] },
	{ name: 'hs_payout_date', type: 'datetime', label: 'Payout date' },
	{ name: 'hs_processor_type', type: 'enumeration', label: 'Processor', options: ['hs_payments', 'byo_stripe', 'none', 'quickbooks', 'xero'] },
	{ name: 'hs_reference_number', type: 'string', label: 'Reference number' },
	{ name: 'hs_refunds_amount', type: 'number', label: 'Refunds', description: 'The total amount refunded to the customer.' },
	...ADDRESS_PARTS.map((part): PropertySpec => ({ name: `hs_billing_address_${part}`, type: 'string' })),
	...ADDRESS_PARTS.map((part): PropertySpec => ({ name: `hs_shipping_address_${part}`, type: 'string' })),
	{ name: 'hs_shipping_ship_to_name', type: 'string', label: 'Ship to name' },
	{ name: 'hs_line_item_discounts_amount', type: 'number', label: 'Line item discounts' },
	// §2.3 read-only
	{ name: 'hs_digital_wallet_type', type: 'string', readOnly: true },
	{ name: 'hs_fees_amount_in_settlement_currency', type: 'number', readOnly: true },
	{ name: 'hs_max_refundable_amount_in_portal_currency', type: 'number', readOnly: true },
	{ name: 'hs_net_amount_in_settlement_currency', type: 'number', readOnly: true },
	{ name: 'hs_order_discount_code', type: 'string', readOnly: true },
	{ name: 'hs_order_discount_amount', type: 'number', readOnly: true },
	{ name: 'hs_order_discount_percentage', type: 'number', readOnly: true },
	{ name: 'hs_payment_id', type: 'string', readOnly: true },
	{ name: 'hs_payment_method', type: 'string', readOnly: true },
	{ name: 'hs_payment_source_app', type: 'enumeration', label: 'Payment source', readOnly: true, options: ['SALES_CHECKOUT', 'QUOTE', 'INVOICE', 'MIGRATION', 'SUBSCRIPTION'] },
	{ name: 'hs_payment_source_id', type: 'string', readOnly: true },
	{ name: 'hs_payment_source_name', type: 'string', readOnly: true },
	{ name: 'hs_payment_source_url', type: 'string', readOnly: true },
	{ name: 'hs_payment_type', type: 'enumeration', readOnly: true, options: ['one_time_or_initial', 'recurring'] },
	{ name: 'hs_platform_fee', type: 'number', label: 'Platform fee', readOnly: true, description: 'The total amount charged to facilitate this payment.' },
	{ name: 'hs_platform_fee_in_portal_currency', type: 'number', readOnly: true },
	{ name: 'hs_platform_fee_in_settlement_currency', type: 'number', readOnly: true },
	{ name: 'hs_refunds_amount_in_portal_currency', type: 'number', readOnly: true },
	{ name: 'hs_settlement_currency_code', type: 'string', readOnly: true },
	{ name: 'hs_total_discounts_amount', type: 'number', readOnly: true },
	// §2.4 example response
	{ name: 'hs_net_amount', type: 'number', label: 'Net amount', readOnly: true, calculated: true },
	{ name: 'hs_net_amount_after_refunds', type: 'number', readOnly: true, calculated: true },
	{ name: 'hs_net_amount_in_portal_currency', type: 'number', readOnly: true, calculated: true },
	{ name: 'hs_initial_amount_in_portal_currency', type: 'number', readOnly: true, calculated: true },
	{ name: 'hs_has_associated_invoice', type: 'bool', readOnly: true, calculated: true },
	{ name: 'hs_number_of_associated_invoices', type: 'number', readOnly: true, calculated: true },
	{ name: 'hs_payment_creation_method', type: 'string', readOnly: true },
	{ name: 'hs_presentment_to_portal_currency_dated_exchange_rate', type: 'number', readOnly: true },
];

const CONTACT_PROPERTIES: PropertySpec[] = [
	{ name: 'email', type: 'string', label: 'Email', unique: true },
	{ name: 'firstname', type: 'string', label: 'First Name' },
	{ name: 'lastname', type: 'string', label: 'Last Name' },
	{ name: 'phone', type: 'string', label: 'Phone Number' },
	{ name: 'company', type: 'string', label: 'Company Name' },
	{ name: 'address', type: 'string', label: 'Street Address' },
	{ name: 'city', type: 'string', label: 'City' },
	{ name: 'state', type: 'string', label: 'State/Region' },
	{ name: 'zip', type: 'string', label: 'Postal Code' },
	{ name: 'country', type: 'string', label: 'Country/Region' },
];

const COMPANY_PROPERTIES: PropertySpec[] = [
	{ name: 'name', type: 'string', label: 'Company name' },
	{ name: 'domain', type: 'string', label: 'Company Domain Name' },
	{ name: 'phone', type: 'string', label: 'Phone Number' },
	{ name: 'address', type: 'string', label: 'Street Address' },
	{ name: 'city', type: 'string', label: 'City' },
	{ name: 'state', type: 'string', label: 'State/Region' },
	{ name: 'zip', type: 'string', label: 'Postal Code' },
	{ name: 'country', type: 'string', label: 'Country/Region' },
];

const DEAL_PROPERTIES: PropertySpec[] = [
	{ name: 'dealname', type: 'string', label: 'Deal Name' },
	{ name: 'amount', type: 'number', label: 'Amount' },
	{ name: 'dealstage', type: 'enumeration', label: 'Deal Stage', options: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'] },
	{ name: 'pipeline', type: 'enumeration', label: 'Pipeline', options: ['default'] },
	{ name: 'closedate', type: 'datetime', label: 'Close Date' },
	{ name: 'deal_currency_code', type: 'enumeration', label: 'Currency', options: SUPPORTED_CURRENCIES },
];

const PRODUCT_PROPERTIES: PropertySpec[] = [
	{ name: 'name', type: 'string', label: 'Name' },
	{ name: 'description', type: 'string', label: 'Description' },
	{ name: 'price', type: 'number', label: 'Unit price' },
	{ name: 'hs_sku', type: 'string', label: 'SKU' },
];

const OBJECT_PROPERTY_SPECS: Record<ObjectTypeName, PropertySpec[]> = {
	contacts: CONTACT_PROPERTIES,
	companies: COMPANY_PROPERTIES,
	deals: DEAL_PROPERTIES,
	products: PRODUCT_PROPERTIES,
	line_items: LINE_ITEM_PROPERTIES,
	invoices: INVOICE_PROPERTIES,
	discounts: adjustmentProperties(true),
	fees: adjustmentProperties(false),
	taxes: adjustmentProperties(false),
	commerce_payments: PAYMENT_PROPERTIES,
};

const DEFINITIONS_CREATED_AT = '2020-01-01T00:00:00.000Z';

function toDefinition(spec: PropertySpec, groupName: string, displayOrder: number): PropertyDefinition {
	const readOnly = spec.readOnly ?? false;
	return {
		name: spec.name,
		label: spec.label ?? spec.name,
		type: spec.type,
		fieldType: spec.fieldType ?? DEFAULT_FIELD_TYPE[spec.type],
		description: spec.description ?? '',
		groupName: spec.group ?? groupName,
		options: (spec.options ?? (spec.type === 'bool' ? ['true', 'false'] : [])).map((value, index) => ({
			label: spec.type === 'bool' ? (value === 'true' ? 'Yes' : 'No') : value,
			value,
			displayOrder: index,
			hidden: false,
		})),
		displayOrder,
		calculated: spec.calculated ?? false,
		externalOptions: false,
		hasUniqueValue: spec.unique ?? false,
		hidden: false,
		hubspotDefined: true,
		formField: !readOnly,
		modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: readOnly },
		createdAt: DEFINITIONS_CREATED_AT,
		updatedAt: DEFINITIONS_CREATED_AT,
		archived: false,
	};
}

/** The built-in property definitions and groups of one object type (fresh copies, so a store can add to them). */
export function builtInProperties(type: ObjectTypeName): { definitions: PropertyDefinition[]; groups: PropertyGroup[] } {
	const info = OBJECT_TYPES[type];
	const groupName = `${info.singular}information`;
	const specs = [...common(info.createDateProperty, info.lastModifiedProperties), ...OBJECT_PROPERTY_SPECS[type]];
	return {
		definitions: specs.map((spec, index) => toDefinition(spec, groupName, index)),
		groups: [{ name: groupName, label: `${info.singular.replace(/_/g, ' ')} information`, displayOrder: 0, archived: false }],
	};
}
