import { compareDecimal, decimal, parseDecimal } from './money';
import { OBJECT_TYPES, type ObjectTypeName } from './schema';
import type { CrmObject, HubSpotStore } from './store';
import { errorBody, HubSpotApiError, propertyValuesError, validationError } from './errors';

const PAID_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);

/** hubspot.md §1.3/§1.4: the statuses an invoice may move to through the API, from each status. */
const API_STATUS_MOVES: Record<string, string[]> = {
	draft: ['draft', 'open', 'voided'],
	open: ['open', 'voided'],
	// A paid invoice stays paid; voided is final [inference: the reference lists no way back].
	paid: ['paid'],
	voided: ['voided'],
};

/**
 * Rules HubSpot applies to writes made through the API, beyond a property's type (checked by the store).
 * `record` is undefined on create; `values` are normalized; `associationsAfter` lets a create with inline
 * associations count the contacts and line items it brings.
 */
export function checkApiWrite(
	store: HubSpotStore,
	type: ObjectTypeName,
	record: CrmObject | undefined,
	values: Record<string, string>,
	associationsAfter?: Partial<Record<ObjectTypeName, number>>,
): void {
	const merged = { ...(record?.properties ?? {}), ...values };
	if (!record) {
		// hubspot.md §1.3 "The only property required for creating a draft invoice is hs_currency";
		// §2.1 payments: "Create requires hs_initial_amount and hs_initiated_date".
		const missing = OBJECT_TYPES[type].requiredOnCreate.filter((name) => !merged[name]);
		if (missing.length > 0) {
			throw propertyValuesError(missing.map((name) => ({ name, code: 'REQUIRED_PROPERTY', message: `${name} is required to create ${OBJECT_TYPES[type].name}` })));
		}
	}
	checkUniqueValues(store, type, record, values);
	if (type === 'invoices') checkInvoiceWrite(store, record, values, associationsAfter);
	if (type === 'commerce_payments' && record) checkPaymentUpdate(record);
	if (type === 'line_items' && values.price !== undefined && values.price !== '') {
		// hubspot.md §3.1: price "cannot be negative".
		if (compareDecimal(decimal(values.price), decimal('0')) < 0) {
			throw propertyValuesError([{ name: 'price', code: 'INVALID_DECIMAL', message: `price cannot be negative (got ${values.price}).` }]);
		}
	}
	if ((type === 'discounts' || type === 'fees' || type === 'taxes') && merged.hs_type === 'PERCENT' && merged.hs_value !== undefined) {
		// hubspot.md §3.2: hs_value "for percentages, 0–100".
		const value = parseDecimal(merged.hs_value);
		if (!value || compareDecimal(value, decimal('0')) < 0 || compareDecimal(value, decimal('100')) > 0) {
			throw propertyValuesError([{ name: 'hs_value', code: 'INVALID_DECIMAL', message: `A PERCENT value must be between 0 and 100 (got ${merged.hs_value}).` }]);
		}
	}
}

function checkInvoiceWrite(
	store: HubSpotStore,
	record: CrmObject | undefined,
	values: Record<string, string>,
	associationsAfter: Partial<Record<ObjectTypeName, number>> | undefined,
): void {
	const from = record?.properties.hs_invoice_status ?? 'draft';
	const to = values.hs_invoice_status;
	if (to !== undefined && to !== from) {
		if (to === 'paid') {
			// hubspot.md §1.3: "Recording payments manually is not possible via the API"; an invoice becomes paid
			// through a payment record associated with it (§2), never by writing the status.
			throw validationError('An invoice cannot be marked paid through the API. Associate a succeeded payment (commerce_payments) with the invoice instead.');
		}
		if (!(API_STATUS_MOVES[from] ?? []).includes(to)) {
			throw validationError(`An invoice cannot move from ${from} to ${to}.`);
		}
		if (to === 'open') {
			// hubspot.md §1.3: "To move an invoice to the Open status … one contact and at least one line item must be associated."
			const contacts = record ? store.associatedIds(record, 'contacts').length : 0;
			const lines = record ? store.associatedIds(record, 'line_items').length : 0;
			const contactCount = contacts + (associationsAfter?.contacts ?? 0);
			const lineCount = lines + (associationsAfter?.line_items ?? 0);
			if (contactCount < 1 || lineCount < 1) {
				throw validationError(
					`To move an invoice to the open status, at least one contact and at least one line item must be associated (contacts: ${contactCount}, line items: ${lineCount}).`,
				);
			}
		}
	}
	if (record && hasPayment(store, record)) {
		// KB via hubspot.md §1.3: "An invoice cannot be edited if a payment has been made on it." Our own (custom)
		// properties stay writable: integrations write sync status back to paid invoices.
		const locked = Object.keys(values).filter((name) => store.propertyDefinition('invoices', name)?.hubspotDefined && (record.properties[name] ?? '') !== values[name]);
		if (locked.length > 0) {
			throw validationError(`An invoice cannot be edited if a payment has been made on it (properties: ${locked.join(', ')}).`);
		}
	}
}

function hasPayment(store: HubSpotStore, invoice: CrmObject): boolean {
	return store.associated(invoice, 'commerce_payments').some((payment) => PAID_STATUSES.has(payment.properties.hs_latest_status ?? ''));
}

function checkPaymentUpdate(record: CrmObject): void {
	// hubspot.md §2.1: "Payments created through Commerce Hub payment processing … cannot be modified or deleted via this API."
	const processor = record.properties.hs_processor_type;
	if (processor === 'hs_payments' || processor === 'byo_stripe') {
		throw validationError(`Payment ${record.id} was processed through Commerce Hub payment processing (${processor}) and cannot be modified or deleted via this API.`);
	}
}

/** hubspot.md §1.3: "You can delete invoices with a hs_invoice_status of draft and open". */
export function checkApiArchive(type: ObjectTypeName, record: CrmObject): void {
	if (type === 'invoices') {
		const status = record.properties.hs_invoice_status ?? 'draft';
		if (status !== 'draft' && status !== 'open') {
			throw validationError(`Only draft and open invoices can be deleted; invoice ${record.id} is ${status}.`);
		}
	}
	if (type === 'commerce_payments') checkPaymentUpdate(record);
}

/**
 * A property with `hasUniqueValue` takes a value no other record of the type has (HubSpot's properties
 * guide: "hasUniqueValue: whether or not the property's value must be unique"; a create that repeats a
 * contact's email is refused with 409 Conflict, "Contact already exists. Existing ID: …"). The same 409
 * for every unique property is the stricter reading [inference].
 */
function checkUniqueValues(store: HubSpotStore, type: ObjectTypeName, record: CrmObject | undefined, values: Record<string, string>): void {
	for (const [name, value] of Object.entries(values)) {
		if (value === '' || name === 'hs_object_id') continue;
		if (!store.propertyDefinition(type, name)?.hasUniqueValue) continue;
		for (const other of store.records(type).values()) {
			if (other.archived || other.id === record?.id || other.properties[name] !== value) continue;
			throw new HubSpotApiError(
				409,
				errorBody('CONFLICT', `A ${OBJECT_TYPES[type].singular} with ${name} "${value}" already exists. Existing ID: ${other.id}`, { context: { id: [other.id], property: [name] } }),
			);
		}
	}
}
