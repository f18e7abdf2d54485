/**
 * A HubSpot invoice as a QuickBooks invoice: one sales line per line item (line discounts folded into
 * the price), one discount line for the invoice-level discounts, one line per fee and per tax on the
 * items the user picked, and the header (number, dates, currency, email, memo, HubSpot marker, custom
 * fields). The mapped document's total must equal `hs_amount_billed` to the minor unit, or nothing is
 * mapped and the answer is amount_mismatch with both figures.
 */
import { BilledAmount, BilledLine, LineDiscount, computeBilledAmount, describeBilledAmount } from './billedAmount';
import { billingParty, contactEmail } from './customerMatching';
import { Outcome, SyncError, SyncFailure, outcomeOf, syncError } from './errors';
import { HubSpotInvoice, HubSpotRecord, invoiceCurrency, invoiceStatus, propertyText } from './hubspotInvoice';
import { toQboDate } from './hubspotDates';
import {
	Money,
	currencyExponent,
	decimalToString,
	describeMoney,
	fitsMinorUnit,
	formatMoney,
	moneyFromDecimal,
	moneyToDecimal,
	formatPrice,
	moneyEquals,
	normalizeCurrencyCode,
	parseDecimal,
	subtractMoney,
} from './money';
import { QBO_LIMITS, QboCustomField, QboInvoiceLine, QboInvoicePayload, QboRef, fitToLimit } from './qboDocuments';
import { LinePricing, checkQboNumberSize, discountLine, qboDocumentTotal, quantityAndUnitPrice, salesItemLine, singleChargeLine } from './salesLines';

export type DocNumberRule = 'refuse' | 'truncate-end' | 'keep-last-21';

export interface CustomFieldMapping {
	hubspotProperty: string;
	/** The custom field's DefinitionId, as read from Preferences.SalesFormsPrefs.CustomField. */
	qboCustomFieldDefinitionId: string;
	name?: string;
}

/**
 * Where hs_purchase_order_number goes when no custom-field mapping names it: the company's custom field
 * named as a PO number, else the memo ('custom-field-or-memo'); always the memo ('memo'); nowhere ('none',
 * which still notes the value left behind).
 */
export type PoNumberRule = 'custom-field-or-memo' | 'memo' | 'none';

export const PO_NUMBER_PROPERTY = 'hs_purchase_order_number';

/** One of the company's sales-form string custom fields (Preferences.SalesFormsPrefs.CustomField). */
export interface CompanyCustomField {
	definitionId: string;
	name: string;
}

export interface InvoiceMappingSettings {
	customerRef: QboRef;
	/** The chosen customer's currency, when known: it must be the invoice's (QuickBooks fixes it per customer). */
	customerCurrency?: string;
	/** ItemRef per HubSpot line item id, resolved by the caller (SKU, then name, then the default item). */
	itemRefs: Readonly<Record<string, QboRef>>;
	homeCurrency: string;
	multicurrencyEnabled: boolean;
	discountAccountRef?: QboRef;
	/** Item for HubSpot fees (e.g. "Shipping fee"); required when the invoice has fees. */
	feeItemRef?: QboRef;
	/** Item for HubSpot taxes (e.g. "Sales tax collected"); required when the invoice has taxes. */
	taxItemRef?: QboRef;
	/** US companies: mark every line NON so QuickBooks' automated sales tax adds nothing HubSpot did not charge. */
	usTaxCodeNon: boolean;
	/** A tax code for every line (non-US companies, or a mapped code); wins over usTaxCodeNon. */
	lineTaxCodeRef?: QboRef;
	docNumberRule: DocNumberRule;
	/** false when QuickBooks numbers documents itself (Preferences.SalesFormsPrefs.CustomTxnNumbers off). */
	sendDocNumber?: boolean;
	customFields?: readonly CustomFieldMapping[];
	/** The company's custom fields, for the PO number's default place. */
	companyCustomFields?: readonly CompanyCustomField[];
	/** Default 'custom-field-or-memo'. */
	poNumber?: PoNumberRule;
	/** For the link in PrivateNote. */
	hubspotPortalId?: string;
	/** The books' time zone: which day a HubSpot datetime falls on. Default UTC. */
	timeZone?: string;
	/** Line item date property used as the QuickBooks service date. Default hs_recurring_billing_start_date. */
	serviceDateProperty?: string;
	/** Overrides the billing contact's email. */
	billEmail?: string;
}

export interface MappedInvoice {
	document: QboInvoicePayload;
	docNumber?: string;
	currency: string;
	/** HubSpot's hs_amount_billed and the mapped document's total: equal by construction of `ok: true`. */
	billedAmount: string;
	documentTotal: string;
	breakdown: Record<string, unknown>;
	linePricing: Array<{ lineItemId: string; pricing: LinePricing }>;
	notes: string[];
}

export const DEFAULT_SERVICE_DATE_PROPERTY = 'hs_recurring_billing_start_date';

/** The stable marker in PrivateNote that identifies the HubSpot invoice (and finds it again by query). */
export function privateNoteMarker(invoiceId: string): string {
	return `HubSpot invoice ${invoiceId}`;
}

const MARKER_PATTERN = /HubSpot invoice (\d+)/;

export function hubspotInvoiceIdFromPrivateNote(note: string | undefined): string | undefined {
	return note === undefined ? undefined : MARKER_PATTERN.exec(note)?.[1];
}

export function hubspotRecordUrl(portalId: string, objectTypeId: string, recordId: string): string {
	return `https://app.hubspot.com/contacts/${encodeURIComponent(portalId)}/record/${objectTypeId}/${encodeURIComponent(recordId)}`;
}

/** What the caller looks up to resolve a line item's QuickBooks item: SKU first, then name. */
export function itemLookupKeys(lineItem: HubSpotRecord): { sku?: string; name?: string; productId?: string } {
	const keys: { sku?: string; name?: string; productId?: string } = {};
	const sku = propertyText(lineItem, 'hs_sku');
	const name = propertyText(lineItem, 'name');
	const productId = propertyText(lineItem, 'hs_product_id');
	if (sku !== undefined) keys.sku = sku;
	if (name !== undefined) keys.name = name;
	if (productId !== undefined) keys.productId = productId;
	return keys;
}

/** HubSpot's invoice number as a QuickBooks DocNumber (at most 21 characters) under the chosen rule. */
export function invoiceDocNumber(invoice: HubSpotRecord, rule: DocNumberRule): Outcome<{ docNumber?: string; shortened: boolean }> {
	const number = propertyText(invoice, 'hs_number');
	if (number === undefined) return { ok: true, shortened: false };
	if (number.length <= QBO_LIMITS.docNumber) return { ok: true, docNumber: number, shortened: false };
	if (rule === 'truncate-end') return { ok: true, docNumber: number.slice(0, QBO_LIMITS.docNumber), shortened: true };
	if (rule === 'keep-last-21') return { ok: true, docNumber: number.slice(-QBO_LIMITS.docNumber), shortened: true };
	return {
		ok: false,
		error: syncError(
			'validation',
			`HubSpot invoice number "${number}" has ${number.length} characters; QuickBooks allows ${QBO_LIMITS.docNumber}.`,
			{ invoiceId: invoice.id, hsNumber: number, length: number.length },
			'Choose a DocNumber rule that shortens long numbers (keep the start or the last 21 characters), or shorten the HubSpot invoice prefix.',
		),
	};
}

function lineItemsInOrder(lineItems: readonly HubSpotRecord[]): HubSpotRecord[] {
	const position = (record: HubSpotRecord) => {
		const text = propertyText(record, 'hs_position_on_quote');
		return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : Number.MAX_SAFE_INTEGER;
	};
	const byId = (a: string, b: string) => (a.length !== b.length && /^\d+$/.test(a + b) ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);
	return [...lineItems].sort((a, b) => position(a) - position(b) || byId(a.id, b.id));
}

function discountText(discount: LineDiscount, currency: string): string {
	return discount.kind === 'percent'
		? `${decimalToString(discount.percent)}% discount (${describeMoney(discount.amount)})`
		: `discount ${formatPrice(discount.perUnit, currency)} ${currency} per unit`;
}

/** The line's description: HubSpot's name and description, then how the price was expressed when it is not plain. */
function lineDescription(lineItem: HubSpotRecord, line: BilledLine, pricing: LinePricing, currency: string): string {
	const name = propertyText(lineItem, 'name');
	const description = propertyText(lineItem, 'description');
	const parts = [name, description !== name ? description : undefined].filter((part): part is string => part !== undefined);
	const quantity = decimalToString(line.quantity);
	if (pricing === 'hubspot-price' && line.discount !== undefined && line.unitPrice !== undefined) {
		parts.push(`List price ${formatPrice(line.unitPrice, currency)} ${currency}, ${discountText(line.discount, currency)}`);
	} else if (pricing !== 'hubspot-price') {
		const price = line.unitPrice !== undefined ? ` × ${formatPrice(line.unitPrice, currency)} ${currency}` : '';
		const discount = line.discount !== undefined ? `, ${discountText(line.discount, currency)}` : '';
		parts.push(`HubSpot: ${quantity}${price}${discount} = ${describeMoney(line.amount)}`);
	}
	return parts.join('\n');
}

function missingItemsError(lineItems: HubSpotRecord[]): SyncError {
	const missing = lineItems.map((lineItem) => ({ lineItemId: lineItem.id, ...itemLookupKeys(lineItem) }));
	const names = missing.map((entry) => entry.sku ?? entry.name ?? entry.lineItemId).join(', ');
	return syncError('item_not_found', `No QuickBooks item for HubSpot line item(s): ${names}.`, { lineItems: missing });
}

/** "PO Number", "P.O. Number", "PO #", "PO No.", "Purchase Order Number", in any case. */
export function isPoNumberFieldName(name: string): boolean {
	const compact = name.toLowerCase().replace(/[\s.]/g, '');
	return ['ponumber', 'po#', 'pono', 'purchaseordernumber', 'purchaseorder#', 'purchaseorderno'].includes(compact);
}

/**
 * QuickBooks custom field values: Intuit documents no length for StringValue; the QuickBooks Online form
 * takes 31 characters, so longer values are not sent there (conservative reading, UNVERIFIED for the API).
 */
export const CUSTOM_FIELD_VALUE_LIMIT = 31;

interface CarriedProperties {
	customFields: QboCustomField[];
	/** Lines for the customer memo, before hs_comments. */
	memoLines: string[];
	notes: string[];
}

/**
 * The HubSpot properties carried to custom fields and the memo: the user's mappings, then the PO number
 * by default. A value that exists but cannot go where it is mapped goes to the memo, with a note; one
 * that goes nowhere gets a note too: nothing is dropped in silence.
 */
function carriedProperties(invoice: HubSpotRecord, settings: InvoiceMappingSettings): CarriedProperties {
	const mappings = settings.customFields ?? [];
	if (mappings.length > QBO_LIMITS.customFields) {
		throw new SyncFailure(
			syncError('validation', `${mappings.length} custom fields are mapped; the QuickBooks API exposes ${QBO_LIMITS.customFields}.`, {
				mapped: mappings.map((mapping) => mapping.hubspotProperty),
			}, 'Map at most three HubSpot properties to QuickBooks custom fields.'),
		);
	}
	const carried: CarriedProperties = { customFields: [], memoLines: [], notes: [] };
	const fieldName = (definitionId: string, fallback?: string) =>
		fallback ?? settings.companyCustomFields?.find((field) => field.definitionId === definitionId)?.name ?? `custom field ${definitionId}`;
	const toMemo = (label: string, value: string) => carried.memoLines.push(`${label}: ${value}`);
	for (const mapping of mappings) {
		const value = propertyText(invoice, mapping.hubspotProperty);
		if (value === undefined) continue;
		const name = fieldName(mapping.qboCustomFieldDefinitionId, mapping.name);
		if (value.length > CUSTOM_FIELD_VALUE_LIMIT) {
			toMemo(name, value);
			carried.notes.push(`HubSpot ${mapping.hubspotProperty} "${value}" has ${value.length} characters, more than the ${CUSTOM_FIELD_VALUE_LIMIT} a QuickBooks custom field takes: it went to the customer memo instead of "${name}".`);
			continue;
		}
		const field: QboCustomField = { DefinitionId: String(mapping.qboCustomFieldDefinitionId), Type: 'StringType', StringValue: value };
		if (mapping.name !== undefined) field.Name = mapping.name;
		carried.customFields.push(field);
	}

	const poNumber = propertyText(invoice, PO_NUMBER_PROPERTY);
	if (poNumber === undefined || mappings.some((mapping) => mapping.hubspotProperty === PO_NUMBER_PROPERTY)) return carried;
	const rule = settings.poNumber ?? 'custom-field-or-memo';
	if (rule === 'none') {
		carried.notes.push(`HubSpot PO number ${poNumber} was not carried to QuickBooks ("PO Number" is set to not carry it).`);
		return carried;
	}
	if (rule === 'custom-field-or-memo') {
		const poField = settings.companyCustomFields?.find((field) => isPoNumberFieldName(field.name));
		const taken = poField !== undefined && mappings.some((mapping) => String(mapping.qboCustomFieldDefinitionId) === poField.definitionId);
		if (poField !== undefined && !taken && poNumber.length <= CUSTOM_FIELD_VALUE_LIMIT) {
			carried.customFields.push({ DefinitionId: poField.definitionId, Name: poField.name, Type: 'StringType', StringValue: poNumber });
			return carried;
		}
		if (poField !== undefined) {
			const why = taken ? `"${poField.name}" holds another mapped property` : `it has more than the ${CUSTOM_FIELD_VALUE_LIMIT} characters a custom field takes`;
			carried.notes.push(`HubSpot PO number ${poNumber} went to the customer memo, not the custom field "${poField.name}": ${why}.`);
		}
	}
	toMemo('PO Number', poNumber);
	return carried;
}

function checkCurrency(invoice: HubSpotInvoice, settings: InvoiceMappingSettings): string {
	const raw = invoiceCurrency(invoice);
	if (raw === undefined) {
		throw new SyncFailure(syncError('validation', `HubSpot invoice ${invoice.id} has no currency (hs_currency).`, { invoiceId: invoice.id }));
	}
	const currency = normalizeCurrencyCode(raw);
	const home = normalizeCurrencyCode(settings.homeCurrency);
	if (!settings.multicurrencyEnabled && currency !== home) {
		throw new SyncFailure(
			syncError('currency_mismatch', `HubSpot invoice ${invoice.id} is in ${currency}; the QuickBooks company works only in ${home}.`, {
				invoiceCurrency: currency,
				homeCurrency: home,
			}, `Turn on multicurrency in QuickBooks to sync ${currency} invoices (it cannot be turned off again).`),
		);
	}
	const customer = settings.customerCurrency?.toUpperCase() ?? (settings.multicurrencyEnabled ? undefined : home);
	if (customer !== undefined && customer !== currency) {
		throw new SyncFailure(
			syncError('currency_mismatch', `The QuickBooks customer ${settings.customerRef.value} bills in ${customer}; the HubSpot invoice is in ${currency}.`, {
				invoiceCurrency: currency,
				customerCurrency: customer,
			}),
		);
	}
	return currency;
}

function amountMismatch(message: string, details: Record<string, unknown>): SyncError {
	return syncError('amount_mismatch', message, details);
}

export function mapHubSpotInvoiceToQuickBooks(invoice: HubSpotInvoice, settings: InvoiceMappingSettings): Outcome<MappedInvoice> {
	return outcomeOf(() => mapInvoice(invoice, settings));
}

/** A status the sync does not know is refused, never taken for open: what it means for the books is unknown. */
function checkStatus(invoice: HubSpotInvoice): void {
	if (invoiceStatus(invoice) !== undefined) return;
	const status = propertyText(invoice, 'hs_invoice_status');
	throw new SyncFailure(
		syncError(
			'validation',
			status === undefined
				? `HubSpot invoice ${invoice.id} has no status (hs_invoice_status); the sync does not guess one.`
				: `HubSpot invoice ${invoice.id} has the status "${status}", which the sync does not know (draft, open, paid, voided); nothing was written.`,
			{ invoiceId: invoice.id, status: status ?? null, knownStatuses: ['draft', 'open', 'paid', 'voided'] },
			'Set the HubSpot invoice to draft, open, paid or voided (or read it with hs_invoice_status); if HubSpot added a new status, update this node package.',
		),
	);
}

/** hs_amount_billed exactly as HubSpot billed it: more decimals than the currency has is an error, never rounded. */
function billedAmountOf(invoice: HubSpotInvoice, billedText: string, currency: string): Money {
	const value = parseDecimal(billedText, 'hs_amount_billed');
	if (!fitsMinorUnit(value, currency)) {
		throw new SyncFailure(
			syncError(
				'validation',
				`HubSpot invoice ${invoice.id} billed ${billedText} ${currency}: more decimal places than ${currency} has (${currencyExponent(currency)}). The sync does not round a billed amount.`,
				{ invoiceId: invoice.id, hubspotBilled: billedText, currency, currencyDecimals: currencyExponent(currency) },
				`Correct the invoice in HubSpot so its billed amount is in whole ${currency} minor units (e.g. ${formatMoney(moneyFromDecimal(value, currency))}), then sync again.`,
			),
		);
	}
	return moneyFromDecimal(value, currency);
}

function mapInvoice(invoice: HubSpotInvoice, settings: InvoiceMappingSettings): Outcome<MappedInvoice> {
	checkStatus(invoice);
	const currency = checkCurrency(invoice, settings);
	const billedText = propertyText(invoice, 'hs_amount_billed');
	if (billedText === undefined) {
		return {
			ok: false,
			error: syncError('validation', `HubSpot invoice ${invoice.id} has no billed amount (hs_amount_billed) to check the QuickBooks total against.`, {
				invoiceId: invoice.id,
			}, 'Read the invoice with the hs_amount_billed property (the HubSpot Commerce node does by default).'),
		};
	}
	const hubspotBilled = billedAmountOf(invoice, billedText, currency);

	const lineItems = lineItemsInOrder(invoice.lineItems);
	if (lineItems.length === 0) {
		return { ok: false, error: syncError('validation', `HubSpot invoice ${invoice.id} has no line items.`, { invoiceId: invoice.id }, 'Add at least one line item to the HubSpot invoice.') };
	}
	const missingItems = lineItems.filter((lineItem) => settings.itemRefs[lineItem.id] === undefined);
	if (missingItems.length > 0) return { ok: false, error: missingItemsError(missingItems) };
	if ((invoice.fees ?? []).length > 0 && settings.feeItemRef === undefined) {
		return {
			ok: false,
			error: syncError('item_not_found', `HubSpot invoice ${invoice.id} has fees but no QuickBooks item is chosen for fees.`, { invoiceId: invoice.id }, 'Choose the QuickBooks item for HubSpot fees (e.g. "Shipping fee") in the node.'),
		};
	}
	if ((invoice.taxes ?? []).length > 0 && settings.taxItemRef === undefined) {
		return {
			ok: false,
			error: syncError('tax_not_supported', `HubSpot invoice ${invoice.id} has taxes but no QuickBooks item is chosen for taxes.`, { invoiceId: invoice.id }, 'Choose the QuickBooks item for HubSpot taxes (e.g. "Sales tax collected", on a liability account) in the node.'),
		};
	}

	const billed: BilledAmount = computeBilledAmount({ ...invoice, lineItems }, currency);
	const timeZone = settings.timeZone ?? 'UTC';
	const taxCodeRef = settings.lineTaxCodeRef ?? (settings.usTaxCodeNon ? { value: 'NON' } : undefined);
	const serviceDateProperty = settings.serviceDateProperty ?? DEFAULT_SERVICE_DATE_PROPERTY;

	const lines: QboInvoiceLine[] = [];
	const linePricing: MappedInvoice['linePricing'] = [];
	billed.lines.forEach((line, index) => {
		const lineItem = lineItems[index];
		const { quantity, unitPrice, pricing } = quantityAndUnitPrice(line.amount, line.quantity, [line.netUnitPrice, line.unitPrice]);
		linePricing.push({ lineItemId: line.lineItemId, pricing });
		lines.push(
			salesItemLine({
				amount: line.amount,
				quantity,
				unitPrice,
				itemRef: settings.itemRefs[line.lineItemId],
				description: lineDescription(lineItem, line, pricing, currency),
				taxCodeRef,
				serviceDate: toQboDate(propertyText(lineItem, serviceDateProperty), timeZone, `line item ${lineItem.id} ${serviceDateProperty}`),
			}),
		);
	});
	if (billed.totalDiscount.minorUnits > 0n) {
		const description = billed.discounts.map((discount) => (discount.type === 'PERCENT' ? `${discount.label} (${decimalToString(discount.value)}%)` : discount.label)).join('; ');
		lines.push(discountLine(billed.totalDiscount, description, settings.discountAccountRef));
	}
	// Both items were checked above, before any arithmetic.
	for (const fee of billed.fees) lines.push(singleChargeLine(fee.amount, settings.feeItemRef as QboRef, fee.label, taxCodeRef));
	for (const tax of billed.taxes) lines.push(singleChargeLine(tax.amount, settings.taxItemRef as QboRef, tax.label, taxCodeRef));

	// The money check, on the document itself: what QuickBooks will add up is what HubSpot billed.
	const documentTotal = qboDocumentTotal(lines, currency);
	checkQboNumberSize(moneyToDecimal(documentTotal.subtotal), 'The invoice subtotal', ` ${currency}`);
	checkQboNumberSize(moneyToDecimal(documentTotal.total), 'The invoice total (TotalAmt)', ` ${currency}`);
	const breakdown = describeBilledAmount(billed);
	if (documentTotal.linesFailingArithmetic.length > 0) {
		return {
			ok: false,
			error: amountMismatch(`Mapped line(s) ${documentTotal.linesFailingArithmetic.map((index) => index + 1).join(', ')} would fail QuickBooks' Qty × UnitPrice check.`, { breakdown }),
		};
	}
	if (!moneyEquals(documentTotal.total, hubspotBilled)) {
		const difference = subtractMoney(documentTotal.total, hubspotBilled);
		const lineTaxRates = billed.lines.filter((line) => line.taxRateGroupId !== undefined).map((line) => line.lineItemId);
		const details = {
			invoiceId: invoice.id,
			hubspotBilled: formatMoney(hubspotBilled),
			quickbooksTotal: formatMoney(documentTotal.total),
			difference: formatMoney(difference),
			currency,
			breakdown,
		};
		if (lineTaxRates.length > 0) {
			return {
				ok: false,
				error: syncError('tax_not_supported', `HubSpot billed ${describeMoney(hubspotBilled)} but the lines without their line-level tax come to ${describeMoney(documentTotal.total)}; line items ${lineTaxRates.join(', ')} carry HubSpot tax rates the sync cannot read.`, { ...details, lineItemsWithTaxRates: lineTaxRates }, 'Use invoice-level taxes in HubSpot (they become a tax line), or remove the line items\' tax rates.'),
			};
		}
		return {
			ok: false,
			error: amountMismatch(
				`The QuickBooks invoice would total ${describeMoney(documentTotal.total)} but HubSpot billed ${describeMoney(hubspotBilled)} (difference ${describeMoney(difference)}); nothing was written.`,
				details,
			),
		};
	}

	const document: QboInvoicePayload = { CustomerRef: { ...settings.customerRef }, Line: lines };
	const notes = [...billed.notes];
	let docNumber: string | undefined;
	if (settings.sendDocNumber !== false) {
		const numbered = invoiceDocNumber(invoice, settings.docNumberRule);
		if (!numbered.ok) return numbered;
		docNumber = numbered.docNumber;
		if (docNumber !== undefined) document.DocNumber = docNumber;
		if (numbered.shortened) notes.push(`HubSpot invoice number ${propertyText(invoice, 'hs_number')} was shortened to ${docNumber}.`);
		if (docNumber === undefined) notes.push('The HubSpot invoice has no number: QuickBooks will number it.');
	}
	const txnDate = toQboDate(propertyText(invoice, 'hs_invoice_date'), timeZone, 'hs_invoice_date');
	const dueDate = toQboDate(propertyText(invoice, 'hs_due_date'), timeZone, 'hs_due_date');
	if (txnDate !== undefined) document.TxnDate = txnDate;
	if (dueDate !== undefined) document.DueDate = dueDate;
	if (settings.multicurrencyEnabled) document.CurrencyRef = { value: currency };
	const email = settings.billEmail?.trim() || contactEmail(billingParty(invoice).contact);
	if (email !== undefined && /^[^\s@]+@[^\s@]+$/.test(email)) document.BillEmail = { Address: email };
	const carried = carriedProperties(invoice, settings);
	notes.push(...carried.notes);
	const memo = [...carried.memoLines, propertyText(invoice, 'hs_comments')].filter((line): line is string => line !== undefined).join('\n');
	if (memo !== '') {
		document.CustomerMemo = { value: fitToLimit(memo, QBO_LIMITS.customerMemo) };
		if (memo.length > QBO_LIMITS.customerMemo) {
			notes.push(`The customer memo (PO number and HubSpot comments) has ${memo.length} characters; QuickBooks takes ${QBO_LIMITS.customerMemo}, so its end was cut: see the HubSpot invoice for the full text.`);
		}
	}
	const link = settings.hubspotPortalId ? `\n${hubspotRecordUrl(settings.hubspotPortalId, '0-53', invoice.id)}` : '';
	document.PrivateNote = fitToLimit(`${privateNoteMarker(invoice.id)}${link}`, QBO_LIMITS.privateNote);
	if (carried.customFields.length > 0) document.CustomField = carried.customFields;

	const mapped: MappedInvoice = {
		document,
		currency,
		billedAmount: formatMoney(hubspotBilled),
		documentTotal: formatMoney(documentTotal.total),
		breakdown,
		linePricing,
		notes,
	};
	if (docNumber !== undefined) mapped.docNumber = docNumber;
	return { ok: true, ...mapped };
}
