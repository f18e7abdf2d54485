import { add, compareDecimal, decimal, formatMoney, isZero, parseDecimal, subtract, ZERO } from './money';
import { OBJECT_TYPES, resolveObjectType, type ObjectTypeName } from './schema';
import type { CrmObject, HubSpotStore } from './store';
import { epochOf } from './values';

/**
 * What a HubSpot user (or HubSpot itself) does in the app, as helpers for tests, the demo and the control
 * routes: create invoices with their parts, finalize, record payments, refund. These bypass the API's
 * read-only rules (HubSpot computes those values itself) but still refuse unknown properties and bad values.
 */

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'voided';
type Amount = string | number;
type Instant = number | string;

export interface LineItemInput {
	name?: string;
	quantity?: Amount;
	price: Amount;
	sku?: string;
	/** Unit discount amount (hubspot.md §3.1 `discount`). */
	discount?: Amount;
	/** Discount percentage (hubspot.md §3.1 `hs_discount_percentage`). */
	discountPercentage?: Amount;
	properties?: Record<string, unknown>;
}

export interface ContactInput {
	email?: string;
	firstname?: string;
	lastname?: string;
	properties?: Record<string, unknown>;
}

export interface CompanyInput {
	name: string;
	domain?: string;
	properties?: Record<string, unknown>;
}

export interface DealInput {
	dealname: string;
	amount?: Amount;
	properties?: Record<string, unknown>;
}

/** A discount, fee or tax (hubspot.md §3.2: hs_type FIXED or PERCENT, hs_value, hs_sort_order). */
export interface AdjustmentInput {
	label?: string;
	type: 'FIXED' | 'PERCENT';
	value: Amount;
	sortOrder?: number;
	properties?: Record<string, unknown>;
}

export interface CreateInvoiceInput {
	currency?: string;
	status?: InvoiceStatus;
	/** hs_number; the next INV-#### by default. */
	number?: string;
	invoiceDate?: Instant;
	dueDate?: Instant;
	purchaseOrderNumber?: string;
	properties?: Record<string, unknown>;
	lineItems?: LineItemInput[];
	/** Existing ids or new records to create. */
	contacts?: Array<string | ContactInput>;
	companies?: Array<string | CompanyInput>;
	deals?: Array<string | DealInput>;
	discounts?: AdjustmentInput[];
	fees?: AdjustmentInput[];
	taxes?: AdjustmentInput[];
	/** Creation time (epoch ms); the store's clock by default. */
	at?: number;
	/** When it became open (for status open/paid/voided); `at` by default. */
	openedAt?: number;
	/** When it was paid (status paid) or voided (status voided); `openedAt` by default. */
	closedAt?: number;
	/** For status paid: the payment that pays it. */
	payment?: Omit<RecordPaymentInput, 'invoiceId' | 'amount' | 'at'>;
}

export interface CreatedInvoice {
	id: string;
	number: string;
	lineItemIds: string[];
	contactIds: string[];
	companyIds: string[];
	dealIds: string[];
	discountIds: string[];
	feeIds: string[];
	taxIds: string[];
	paymentIds: string[];
}

export interface RecordPaymentInput {
	/** The invoice it pays (associated both ways, 541/542); none for checkout or quote payments. */
	invoiceId?: string;
	/** Gross amount (hs_initial_amount); the invoice's balance due by default. */
	amount?: Amount;
	currency?: string;
	/** Processing fee (hs_fees_amount, hubspot.md §2.2). */
	feesAmount?: Amount;
	/** Platform fee (hs_platform_fee, hubspot.md §2.3). */
	platformFee?: Amount;
	processorType?: 'hs_payments' | 'byo_stripe' | 'none' | 'quickbooks' | 'xero';
	/** hs_payment_source_app; INVOICE when an invoice is given, SALES_CHECKOUT otherwise. */
	sourceApp?: 'SALES_CHECKOUT' | 'QUOTE' | 'INVOICE' | 'MIGRATION' | 'SUBSCRIPTION';
	methodType?: 'card' | 'ach' | 'cash' | 'check' | 'wire_transfer' | 'other' | 'sepa' | 'bacs' | 'pads';
	status?: string;
	initiatedAt?: Instant;
	customerEmail?: string;
	contactIds?: string[];
	reference?: string;
	properties?: Record<string, unknown>;
	at?: number;
}

export interface RefundInput {
	/** Amount refunded now; everything still refundable by default. */
	amount?: Amount;
	at?: number;
}

const ADJUSTMENT_TYPES = { discounts: 'discounts', fees: 'fees', taxes: 'taxes' } as const;

export class HubSpotActions {
	constructor(private readonly store: HubSpotStore) {}

	/** Creates any record as a user would (values checked against the definitions). */
	createObject(type: ObjectTypeName | string, properties: Record<string, unknown> = {}, options: { at?: number; sourceType?: string } = {}): CrmObject {
		const objectType = typeOf(type);
		const values = this.store.normalizeProperties(objectType, properties, 'user');
		return this.store.create(objectType, values, { at: options.at, sourceType: options.sourceType ?? 'CRM_UI' });
	}

	/** Writes any property, read-only and calculated ones included, as HubSpot itself may. */
	updateProperties(type: ObjectTypeName | string, id: string, properties: Record<string, unknown>, options: { at?: number; sourceType?: string } = {}): CrmObject {
		const objectType = typeOf(type);
		const record = this.store.require(objectType, id);
		const values = this.store.normalizeProperties(objectType, properties, 'user');
		this.store.update(record, values, { at: options.at, sourceType: options.sourceType ?? 'CRM_UI' });
		return record;
	}

	/** Sets hs_lastmodifieddate (and updatedAt) to an exact instant: for tests of equal timestamps. */
	setLastModified(type: ObjectTypeName | string, id: string, at: Instant): CrmObject {
		const record = this.store.require(typeOf(type), id);
		this.store.touch(record, instant(at));
		return record;
	}

	associate(fromType: ObjectTypeName | string, fromId: string, toType: ObjectTypeName | string, toId: string, options: { at?: number } = {}): void {
		this.store.associate(typeOf(fromType), fromId, typeOf(toType), toId, options.at);
	}

	archive(type: ObjectTypeName | string, id: string, options: { at?: number } = {}): void {
		this.store.archive(this.store.require(typeOf(type), id), options.at);
	}

	createInvoice(input: CreateInvoiceInput = {}): CreatedInvoice {
		const store = this.store;
		const at = input.at ?? store.now();
		const currency = input.currency ?? 'USD';
		const invoiceValues = store.normalizeProperties(
			'invoices',
			{
				hs_currency: currency,
				...(input.number ? { hs_number: input.number } : {}),
				...(input.invoiceDate !== undefined ? { hs_invoice_date: input.invoiceDate } : {}),
				...(input.dueDate !== undefined ? { hs_due_date: input.dueDate } : {}),
				...(input.purchaseOrderNumber ? { hs_purchase_order_number: input.purchaseOrderNumber } : {}),
				...(input.properties ?? {}),
			},
			'user',
		);
		delete invoiceValues.hs_invoice_status;
		const invoice = store.create('invoices', invoiceValues, { at, sourceType: 'CRM_UI' });
		const created: CreatedInvoice = {
			id: invoice.id,
			number: invoice.properties.hs_number,
			lineItemIds: [],
			contactIds: [],
			companyIds: [],
			dealIds: [],
			discountIds: [],
			feeIds: [],
			taxIds: [],
			paymentIds: [],
		};
		const link = (toType: ObjectTypeName, id: string) => store.associate('invoices', invoice.id, toType, id, at, { derive: false });

		for (const line of input.lineItems ?? []) {
			const record = this.createObject(
				'line_items',
				{
					name: line.name ?? 'Item',
					quantity: line.quantity ?? 1,
					price: line.price,
					hs_line_item_currency_code: currency,
					...(line.sku ? { hs_sku: line.sku } : {}),
					...(line.discount !== undefined ? { discount: line.discount } : {}),
					...(line.discountPercentage !== undefined ? { hs_discount_percentage: line.discountPercentage } : {}),
					...(line.properties ?? {}),
				},
				{ at },
			);
			link('line_items', record.id);
			created.lineItemIds.push(record.id);
		}
		for (const contact of input.contacts ?? []) {
			const id = typeof contact === 'string' ? contact : this.createObject('contacts', { ...pick(contact, ['email', 'firstname', 'lastname']), ...(contact.properties ?? {}) }, { at }).id;
			link('contacts', id);
			created.contactIds.push(id);
		}
		for (const company of input.companies ?? []) {
			const id = typeof company === 'string' ? company : this.createObject('companies', { ...pick(company, ['name', 'domain']), ...(company.properties ?? {}) }, { at }).id;
			link('companies', id);
			created.companyIds.push(id);
		}
		for (const deal of input.deals ?? []) {
			const id = typeof deal === 'string' ? deal : this.createObject('deals', { ...pick(deal, ['dealname', 'amount']), ...(deal.properties ?? {}) }, { at }).id;
			link('deals', id);
			created.dealIds.push(id);
		}
		for (const kind of Object.values(ADJUSTMENT_TYPES)) {
			const list = input[kind] ?? [];
			list.forEach((adjustment, index) => {
				const record = this.createObject(
					kind,
					{
						hs_label: adjustment.label ?? `${OBJECT_TYPES[kind].singular} ${index + 1}`,
						hs_type: adjustment.type,
						hs_value: adjustment.value,
						hs_sort_order: adjustment.sortOrder ?? index,
						...(adjustment.properties ?? {}),
					},
					{ at },
				);
				link(kind, record.id);
				(kind === 'discounts' ? created.discountIds : kind === 'fees' ? created.feeIds : created.taxIds).push(record.id);
			});
		}
		store.recomputeInvoice(invoice, at);

		const status = input.status ?? 'draft';
		if (status !== 'draft') {
			const openedAt = input.openedAt ?? at;
			this.setInvoiceStatus(invoice.id, 'open', { at: openedAt });
			if (status === 'paid') {
				created.paymentIds.push(this.recordPayment({ ...(input.payment ?? {}), invoiceId: invoice.id, at: input.closedAt ?? openedAt }).id);
			} else if (status === 'voided') {
				this.setInvoiceStatus(invoice.id, 'voided', { at: input.closedAt ?? openedAt });
			}
		}
		return created;
	}

	/**
	 * Moves an invoice as a user does in the app, with history. hubspot.md §1.3: open needs a contact and a line
	 * item. Marking paid records a manual payment for the balance due (the app records payments, §1.3), which
	 * makes the invoice paid.
	 */
	setInvoiceStatus(invoiceId: string, status: InvoiceStatus, options: { at?: number } = {}): CrmObject {
		const store = this.store;
		const invoice = store.require('invoices', invoiceId);
		const from = invoice.properties.hs_invoice_status ?? 'draft';
		const at = options.at ?? store.now();
		if (from === status) return invoice;
		if (from === 'voided') throw new Error(`Invoice ${invoiceId} is voided; its status cannot change.`);
		if (status === 'draft') throw new Error(`Invoice ${invoiceId} is ${from}; it cannot go back to draft.`);
		if (status === 'open') {
			if (from !== 'draft') throw new Error(`Invoice ${invoiceId} is ${from}; only a draft can be opened.`);
			if (store.associatedIds(invoice, 'contacts').length < 1 || store.associatedIds(invoice, 'line_items').length < 1) {
				throw new Error(`Invoice ${invoiceId} needs at least one contact and one line item before it can be opened (hubspot.md §1.3).`);
			}
		}
		if (status === 'paid') {
			if (from === 'draft') this.setInvoiceStatus(invoiceId, 'open', { at });
			const balance = decimal(invoice.properties.hs_balance_due ?? '0');
			if (!isZero(balance)) {
				this.recordPayment({ invoiceId, processorType: 'none', methodType: 'other', at });
				return invoice;
			}
		}
		store.update(invoice, { hs_invoice_status: status }, { at, sourceType: 'CRM_UI' });
		return invoice;
	}

	/** Records a commerce payment (hubspot.md §2), succeeded by default, associated with its invoice when given. */
	recordPayment(input: RecordPaymentInput): CrmObject {
		const store = this.store;
		const at = input.at ?? store.now();
		const invoice = input.invoiceId ? store.require('invoices', input.invoiceId) : undefined;
		const currency = input.currency ?? invoice?.properties.hs_currency ?? 'USD';
		if (invoice && currency !== invoice.properties.hs_currency) {
			throw new Error(`Payment currency ${currency} differs from invoice ${invoice.id}'s ${invoice.properties.hs_currency}.`);
		}
		const amountText = input.amount !== undefined ? String(input.amount) : invoice?.properties.hs_balance_due;
		if (amountText === undefined) throw new Error('A payment without an invoice needs an amount.');
		const amount = decimal(amountText);
		if (compareDecimal(amount, ZERO) <= 0) throw new Error(`A payment amount must be positive (got ${amountText}).`);
		if (invoice && compareDecimal(amount, decimal(invoice.properties.hs_balance_due ?? '0')) > 0) {
			// Stricter reading: a payment may not exceed what the invoice still owes.
			throw new Error(`Payment of ${amountText} exceeds invoice ${invoice.id}'s balance due of ${invoice.properties.hs_balance_due}.`);
		}
		const contactIds = input.contactIds ?? (invoice ? store.associatedIds(invoice, 'contacts') : []);
		const email = input.customerEmail ?? (contactIds[0] ? store.live('contacts', contactIds[0])?.properties.email : undefined);
		const values = store.normalizeProperties(
			'commerce_payments',
			{
				hs_initial_amount: formatMoney(amount, currency),
				hs_currency_code: currency,
				hs_initiated_date: input.initiatedAt ?? at,
				hs_latest_status: input.status ?? 'succeeded',
				hs_fees_amount: formatMoney(parseDecimal(String(input.feesAmount ?? '0')) ?? ZERO, currency),
				hs_platform_fee: formatMoney(parseDecimal(String(input.platformFee ?? '0')) ?? ZERO, currency),
				hs_refunds_amount: formatMoney(ZERO, currency),
				hs_processor_type: input.processorType ?? 'hs_payments',
				hs_payment_method_type: input.methodType ?? 'card',
				hs_payment_source_app: input.sourceApp ?? (invoice ? 'INVOICE' : 'SALES_CHECKOUT'),
				hs_payment_type: 'one_time_or_initial',
				...(email ? { hs_customer_email: email } : {}),
				...(input.reference ? { hs_reference_number: input.reference } : {}),
				...(input.properties ?? {}),
			},
			'user',
		);
		const payment = store.create('commerce_payments', values, { at, sourceType: 'CRM_UI' });
		for (const contactId of contactIds) store.associate('commerce_payments', payment.id, 'contacts', contactId, at);
		if (invoice) store.associate('commerce_payments', payment.id, 'invoices', invoice.id, at);
		return payment;
	}

	/** Refunds a payment in full or in part: hs_refunds_amount grows, hs_latest_status becomes (partially_)refunded (§2.2). */
	refundPayment(paymentId: string, input: RefundInput = {}): CrmObject {
		const store = this.store;
		const payment = store.require('commerce_payments', paymentId);
		const currency = payment.properties.hs_currency_code;
		const gross = decimal(payment.properties.hs_initial_amount ?? '0');
		const refunded = decimal(payment.properties.hs_refunds_amount ?? '0');
		const refundable = subtract(gross, refunded);
		const amount = input.amount !== undefined ? decimal(input.amount) : refundable;
		if (compareDecimal(amount, ZERO) <= 0) throw new Error(`A refund must be positive (got ${String(input.amount)}).`);
		if (compareDecimal(amount, refundable) > 0) throw new Error(`Refund of ${String(input.amount)} exceeds the ${formatMoney(refundable, currency)} still refundable on payment ${paymentId}.`);
		const total = add(refunded, amount);
		store.update(
			payment,
			{
				hs_refunds_amount: formatMoney(total, currency),
				hs_latest_status: compareDecimal(total, gross) === 0 ? 'refunded' : 'partially_refunded',
			},
			{ at: input.at, sourceType: 'CRM_UI' },
		);
		return payment;
	}
}

function typeOf(type: ObjectTypeName | string): ObjectTypeName {
	const resolved = resolveObjectType(type);
	if (!resolved) throw new Error(`Unknown object type ${type}`);
	return resolved;
}

function instant(at: Instant): number {
	const epoch = epochOf(at);
	if (epoch === undefined) throw new Error(`Not a date: ${String(at)}`);
	return epoch;
}

function pick<T extends object>(source: T, keys: Array<keyof T>): Record<string, unknown> {
	const picked: Record<string, unknown> = {};
	for (const key of keys) if (source[key] !== undefined) picked[key as string] = source[key];
	return picked;
}
