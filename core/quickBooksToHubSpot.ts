/**
 * A QuickBooks invoice as a HubSpot invoice, and a QuickBooks payment as HubSpot commerce payments: the
 * QuickBooks → HubSpot direction of the two-way sync. Pure: no n8n, no HTTP, no clock.
 *
 * HubSpot computes an invoice's amount billed itself from its line items (quantity × price), then its
 * discounts, fees and taxes (hubspot.md §3.2). So every amount is sent as a FIXED value that QuickBooks
 * already computed (a percent discount becomes the discount amount QuickBooks took), and the sum is
 * checked against QuickBooks' TotalAmt to the minor unit before anything is written.
 */
import { syncError, type SyncError } from './errors';
import { hubspotInvoiceIdFromPrivateNote } from './invoiceMapping';
import { paymentMarker } from './paymentMapping';
import {
	addMoney,
	formatMoney,
	isNegativeMoney,
	isZeroMoney,
	moneyEquals,
	normalizeCurrencyCode,
	parseDecimal,
	parseMoney,
	subtractMoney,
	zeroMoney,
	decimalToString,
	multiplyMoney,
	type Money,
} from './money';

/** A QuickBooks document as the API returns it (fields this module reads; everything else is kept as is). */
export interface QuickBooksDocument {
	Id: string;
	SyncToken?: string;
	DocNumber?: string;
	TxnDate?: string;
	DueDate?: string;
	CurrencyRef?: { value?: string; name?: string };
	CustomerRef?: { value?: string; name?: string };
	BillEmail?: { Address?: string };
	CustomerMemo?: { value?: string };
	PrivateNote?: string;
	Line?: QuickBooksLine[];
	TxnTaxDetail?: { TotalTax?: number | string };
	TotalAmt?: number | string;
	Balance?: number | string;
	CustomField?: Array<{ DefinitionId?: string; Name?: string; StringValue?: string }>;
	MetaData?: { CreateTime?: string; LastUpdatedTime?: string };
	status?: string;
	[field: string]: unknown;
}

export interface QuickBooksLine {
	Id?: string;
	Amount?: number | string;
	Description?: string;
	DetailType?: string;
	SalesItemLineDetail?: { ItemRef?: { value?: string; name?: string }; Qty?: number | string; UnitPrice?: number | string };
	GroupLineDetail?: { GroupItemRef?: { name?: string }; Quantity?: number | string };
	DiscountLineDetail?: { PercentBased?: boolean; DiscountPercent?: number | string };
	LinkedTxn?: Array<{ TxnId?: string; TxnType?: string }>;
}

// ------------------------------------------------------------------ where a document was born

/** The HubSpot property that marks an invoice born in QuickBooks: it holds the QuickBooks invoice Id. */
export const QUICKBOOKS_ORIGIN_PROPERTY = 'qbo_origin_invoice_id';

/** The HubSpot commerce payment reference (hs_reference_number) that marks one QuickBooks payment applied to one invoice. */
export function quickBooksPaymentReference(paymentId: string, invoiceId: string): string {
	return `QuickBooks payment ${paymentId} invoice ${invoiceId}`;
}

/**
 * The HubSpot invoice a QuickBooks invoice was synced from (the HubSpot → QuickBooks direction writes
 * "HubSpot invoice <id>" into PrivateNote); undefined for a document born in QuickBooks.
 */
export function hubSpotBirthOf(document: Pick<QuickBooksDocument, 'PrivateNote'>): string | undefined {
	return hubspotInvoiceIdFromPrivateNote(document.PrivateNote);
}

/** True for a QuickBooks payment the HubSpot → QuickBooks direction created from a HubSpot payment. */
export function isHubSpotBornPayment(document: Pick<QuickBooksDocument, 'PrivateNote'>): boolean {
	return new RegExp(`${paymentMarker('')}\\d+`).test(document.PrivateNote ?? '');
}

/**
 * True for a HubSpot invoice the QuickBooks → HubSpot direction created (our marker property), or one
 * HubSpot says another QuickBooks integration made (`hs_invoice_source`, hubspot.md §1.4: "Data Sync, or
 * Legacy Quickbooks integration"). Such an invoice is never sent to QuickBooks again.
 */
export function isQuickBooksBornInvoice(properties: Record<string, string | null | undefined>): boolean {
	if ((properties[QUICKBOOKS_ORIGIN_PROPERTY] ?? '').trim() !== '') return true;
	return /quickbooks/i.test(properties.hs_invoice_source ?? '');
}

/** True for a HubSpot payment recorded from QuickBooks (hubspot.md §2.2: `hs_processor_type` = quickbooks). */
export function isQuickBooksRecordedPayment(properties: Record<string, string | null | undefined>): boolean {
	return (properties.hs_processor_type ?? '').toLowerCase() === 'quickbooks' || (properties.hs_reference_number ?? '').startsWith('QuickBooks payment ');
}

/** quickbooks.md §1.6: a void keeps the document, zeroes its amounts and puts "Voided" in PrivateNote. */
export function isVoidedDocument(document: QuickBooksDocument): boolean {
	return /^Voided\b/.test(document.PrivateNote ?? '') && Number(document.TotalAmt ?? 0) === 0;
}

/** quickbooks.md §8.1: Change Data Capture returns a deleted object as `{ Id, status: "Deleted" }`. */
export function isDeletedDocument(document: QuickBooksDocument): boolean {
	return (document.status ?? '').toLowerCase() === 'deleted';
}

// ------------------------------------------------------------------ the invoice

export interface HubSpotLineItemInput {
	name: string;
	description?: string;
	quantity: string;
	price: string;
}

export interface HubSpotAdjustmentInput {
	hs_label: string;
	hs_type: 'FIXED';
	hs_value: string;
	hs_sort_order: string;
}

export interface HubSpotInvoiceDraft {
	/** Invoice properties (currency, dates, our marker and QuickBooks' number). */
	properties: Record<string, string>;
	lineItems: HubSpotLineItemInput[];
	discounts: HubSpotAdjustmentInput[];
	taxes: HubSpotAdjustmentInput[];
	/** What HubSpot must bill: QuickBooks' TotalAmt, checked against the lines, discounts and taxes. */
	amountBilled: string;
	currency: string;
	/** The contact and company to bill. */
	customer: { email?: string; name?: string; quickBooksId?: string };
	/** Things a person should know (a line sent as one unit, a tax kept as a total). */
	notes: string[];
}

export type TaxHandling = 'invoiceTax' | 'refuse';

export interface QuickBooksInvoiceOptions {
	/** The QuickBooks company's home currency, for invoices without CurrencyRef (multicurrency off). */
	homeCurrency: string;
	taxHandling: TaxHandling;
}

/** QuickBooks' invoice as a HubSpot invoice draft, or why it cannot be one (nothing written either way). */
export function hubSpotInvoiceFromQuickBooks(
	invoice: QuickBooksDocument,
	options: QuickBooksInvoiceOptions,
): { ok: true; draft: HubSpotInvoiceDraft } | { ok: false; error: SyncError } {
	try {
		return { ok: true, draft: draftOf(invoice, options) };
	} catch (thrown) {
		if (thrown instanceof RefusedInvoice) return { ok: false, error: thrown.error };
		const syncFailure = (thrown as { syncError?: SyncError }).syncError;
		if (syncFailure) return { ok: false, error: syncFailure };
		throw thrown;
	}
}

class RefusedInvoice extends Error {
	constructor(readonly error: SyncError) {
		super(error.message);
	}
}

function refuse(...args: Parameters<typeof syncError>): never {
	throw new RefusedInvoice(syncError(...args));
}

function draftOf(invoice: QuickBooksDocument, options: QuickBooksInvoiceOptions): HubSpotInvoiceDraft {
	const id = String(invoice.Id ?? '').trim();
	if (id === '') refuse('validation', 'The QuickBooks invoice has no Id.', undefined, 'Pass the QuickBooks invoice as QuickBooks returns it (the QuickBooks Trigger output, or a Get of the invoice).');
	const currency = normalizeCurrencyCode(invoice.CurrencyRef?.value || options.homeCurrency);
	const total = amount(invoice.TotalAmt, currency, `QuickBooks invoice ${id} TotalAmt`);
	const notes: string[] = [];
	const lineItems: HubSpotLineItemInput[] = [];
	const discounts: HubSpotAdjustmentInput[] = [];
	let linesTotal = zeroMoney(currency);
	let discountTotal = zeroMoney(currency);
	for (const line of invoice.Line ?? []) {
		const lineAmount = line.Amount === undefined ? zeroMoney(currency) : amount(line.Amount, currency, `QuickBooks invoice ${id} line ${line.Id ?? ''} Amount`);
		if (line.DetailType === 'SalesItemLineDetail' || line.DetailType === 'GroupLineDetail') {
			if (isNegativeMoney(lineAmount)) {
				refuse('validation', `QuickBooks invoice ${id} has a line of ${formatMoney(lineAmount)} ${currency}; a HubSpot line item's price cannot be negative (hubspot.md §3.1).`, { invoiceId: id, lineId: line.Id }, 'Record the credit as a discount line in QuickBooks, or as a credit memo.');
			}
			lineItems.push(lineItemOf(line, lineAmount, currency, notes));
			linesTotal = addMoney(linesTotal, lineAmount);
		} else if (line.DetailType === 'DiscountLineDetail') {
			if (isZeroMoney(lineAmount)) continue;
			const percent = line.DiscountLineDetail?.PercentBased ? ` (${decimalToString(parseDecimal(line.DiscountLineDetail.DiscountPercent ?? 0, 'DiscountPercent'))} %)` : '';
			// HubSpot would round a PERCENT discount its own way: the amount QuickBooks took is sent instead.
			discounts.push({ hs_label: `Discount${percent}`, hs_type: 'FIXED', hs_value: formatMoney(lineAmount), hs_sort_order: String(discounts.length) });
			discountTotal = addMoney(discountTotal, lineAmount);
		}
		// SubTotalLineDetail repeats the sum of the lines above it; DescriptionOnly has no amount.
	}
	if (lineItems.length === 0) refuse('validation', `QuickBooks invoice ${id} has no sales lines.`, { invoiceId: id }, 'Add at least one product or service line in QuickBooks.');

	const taxes: HubSpotAdjustmentInput[] = [];
	const totalTax = amount(invoice.TxnTaxDetail?.TotalTax ?? 0, currency, `QuickBooks invoice ${id} TotalTax`);
	if (!isZeroMoney(totalTax)) {
		if (options.taxHandling === 'refuse') {
			refuse('tax_not_supported', `QuickBooks invoice ${id} charges ${formatMoney(totalTax)} ${currency} of tax, and this sync is set to refuse invoices with tax.`, { invoiceId: id, totalTax: formatMoney(totalTax) }, 'Choose "As an Invoice Tax" under Tax to send the tax as a HubSpot invoice tax.');
		}
		// hubspot.md §3.2: an invoice-level tax object; QuickBooks' total tax as one FIXED amount.
		taxes.push({ hs_label: 'Tax', hs_type: 'FIXED', hs_value: formatMoney(totalTax), hs_sort_order: '0' });
	}

	const computed = addMoney(subtractMoney(linesTotal, discountTotal), totalTax);
	if (!moneyEquals(computed, total)) {
		refuse(
			'amount_mismatch',
			`QuickBooks invoice ${id} totals ${formatMoney(total)} ${currency}, but its lines (${formatMoney(linesTotal)}) less discounts (${formatMoney(discountTotal)}) plus tax (${formatMoney(totalTax)}) make ${formatMoney(computed)}; HubSpot would bill a different amount.`,
			{ invoiceId: id, totalAmt: formatMoney(total), computed: formatMoney(computed) },
			'Check the QuickBooks invoice for tax included in prices, deposits or shipping set apart from the lines; nothing was written to HubSpot.',
		);
	}

	const properties: Record<string, string> = { hs_currency: currency, [QUICKBOOKS_ORIGIN_PROPERTY]: id };
	if (invoice.DocNumber) properties.qbo_doc_number = invoice.DocNumber;
	const invoiceDate = isoDate(invoice.TxnDate);
	if (invoiceDate) properties.hs_invoice_date = invoiceDate;
	const dueDate = isoDate(invoice.DueDate);
	if (dueDate) properties.hs_due_date = dueDate;
	if (invoice.CustomerMemo?.value) properties.hs_comments = invoice.CustomerMemo.value;

	return {
		properties,
		lineItems,
		discounts,
		taxes,
		amountBilled: formatMoney(total),
		currency,
		customer: { email: invoice.BillEmail?.Address?.trim() || undefined, name: invoice.CustomerRef?.name?.trim() || undefined, quickBooksId: invoice.CustomerRef?.value },
		notes,
	};
}

function lineItemOf(line: QuickBooksLine, lineAmount: Money, currency: string, notes: string[]): HubSpotLineItemInput {
	const detail = line.SalesItemLineDetail;
	const name = detail?.ItemRef?.name || line.GroupLineDetail?.GroupItemRef?.name || line.Description || 'QuickBooks line';
	const description = line.Description && line.Description !== name ? line.Description : undefined;
	const quantityText = detail?.Qty ?? line.GroupLineDetail?.Quantity;
	if (detail && quantityText !== undefined && detail.UnitPrice !== undefined) {
		const quantity = parseDecimal(quantityText, 'Qty');
		const price = parseDecimal(detail.UnitPrice, 'UnitPrice');
		// HubSpot bills quantity × price; when that is QuickBooks' Amount to the minor unit, keep both.
		const priceMoney = safeMoney(price, currency);
		if (priceMoney && quantity.units > 0n && moneyEquals(multiplyMoney(priceMoney, quantity), lineAmount)) {
			return { name, description, quantity: decimalToString(quantity), price: formatMoney(priceMoney) };
		}
	}
	if (quantityText !== undefined && Number(quantityText) !== 1) {
		notes.push(`The QuickBooks line "${name}" (${String(quantityText)} × ${String(detail?.UnitPrice ?? '')}) is sent as 1 × ${formatMoney(lineAmount)} so that HubSpot bills QuickBooks' amount to the cent.`);
	}
	return { name, description, quantity: '1', price: formatMoney(lineAmount) };
}

/** A unit price as money when it fits the currency's minor unit (QuickBooks allows more places). */
function safeMoney(value: ReturnType<typeof parseDecimal>, currency: string): Money | undefined {
	try {
		return parseMoney(decimalToString(value), currency);
	} catch {
		return undefined;
	}
}

function amount(value: number | string | undefined, currency: string, label: string): Money {
	if (value === undefined || value === null || value === '') return zeroMoney(currency);
	return parseMoney(value, currency, label);
}

/** "2026-10-01" → "2026-10-01T00:00:00.000Z" (hubspot.md §1.4: dates as ISO 8601). */
function isoDate(date: string | undefined): string | undefined {
	if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date)) return undefined;
	return `${date.slice(0, 10)}T00:00:00.000Z`;
}

// ------------------------------------------------------------------ payments

export interface HubSpotPaymentApplication {
	/** The QuickBooks invoice the payment line is applied to. */
	quickBooksInvoiceId: string;
	amount: string;
	reference: string;
}

/** The invoices a QuickBooks payment is applied to and how much each got (quickbooks.md §2.2: Line[].LinkedTxn). */
export function paymentApplications(payment: QuickBooksDocument, currency: string): HubSpotPaymentApplication[] {
	const byInvoice = new Map<string, Money>();
	for (const line of payment.Line ?? []) {
		for (const linked of line.LinkedTxn ?? []) {
			if (linked.TxnType !== 'Invoice' || !linked.TxnId) continue;
			const lineAmount = amount(line.Amount, currency, `QuickBooks payment ${payment.Id} line Amount`);
			byInvoice.set(linked.TxnId, addMoney(byInvoice.get(linked.TxnId) ?? zeroMoney(currency), lineAmount));
		}
	}
	return [...byInvoice].map(([invoiceId, applied]) => ({
		quickBooksInvoiceId: invoiceId,
		amount: formatMoney(applied),
		reference: quickBooksPaymentReference(payment.Id, invoiceId),
	}));
}

/** The properties of the HubSpot commerce payment for one application (hubspot.md §2.2 writable properties). */
export function hubSpotPaymentProperties(payment: QuickBooksDocument, application: HubSpotPaymentApplication, currency: string): Record<string, string> {
	const properties: Record<string, string> = {
		hs_initial_amount: application.amount,
		hs_currency_code: currency,
		hs_initiated_date: isoDate(payment.TxnDate) ?? new Date(0).toISOString(),
		hs_processor_type: 'quickbooks',
		hs_payment_method_type: 'other',
		hs_latest_status: 'succeeded',
		hs_reference_number: application.reference,
	};
	if (payment.PrivateNote) properties.hs_internal_comment = payment.PrivateNote.slice(0, 1000);
	return properties;
}
