/**
 * HubSpot commerce payments to QuickBooks. The payment-source rules decide where a payment goes:
 * payments that came from QuickBooks are never sent back; payments not (yet) received are not booked;
 * payments of an invoice become a QuickBooks Payment applied to the synced invoice; payments without an
 * invoice (payment links, quotes, checkout, subscriptions) become a Sales Receipt.
 *
 * The amount booked is `hs_initial_amount`, what the customer was charged. A Payment records money
 * received: processing and platform fees are an expense of their own (feeExpense.ts) and refunds are
 * documents of their own (refundMapping.ts), so neither is netted here.
 */
import { Outcome, SyncErrorCategory, SyncFailure, outcomeOf, syncError } from './errors';
import { HubSpotPayment, HubSpotRecord, propertyFlag, propertyText } from './hubspotInvoice';
import { toQboDate } from './hubspotDates';
import { Money, compareMoney, describeMoney, formatMoney, isNegativeMoney, isZeroMoney, moneyToQboNumber, normalizeCurrencyCode, parseMoney } from './money';
import { QBO_LIMITS, QboPaymentPayload, QboRef, QboSalesReceiptPayload } from './qboDocuments';
import { singleChargeLine } from './salesLines';

export type PaymentRoute = 'invoice' | 'no-invoice' | 'skip-quickbooks-origin' | 'not-succeeded';

/**
 * Statuses in which the customer's money was received. A refunded or partially refunded payment was still
 * received (the refund is booked separately); disputes not yet won, failures and processing are not booked.
 */
export const RECEIVED_PAYMENT_STATUSES: readonly string[] = ['succeeded', 'partially_refunded', 'refunded', 'processing_refund', 'disputed_won'];

export const SKIPPED_FROM_QUICKBOOKS = 'skipped: originated in QuickBooks';

export function classifyPayment(payment: HubSpotPayment): PaymentRoute {
	if (propertyText(payment, 'hs_processor_type')?.toLowerCase() === 'quickbooks') return 'skip-quickbooks-origin';
	const status = propertyText(payment, 'hs_latest_status')?.toLowerCase();
	if (status === undefined || !RECEIVED_PAYMENT_STATUSES.includes(status)) return 'not-succeeded';
	return hasInvoice(payment) ? 'invoice' : 'no-invoice';
}

export function hasInvoice(payment: HubSpotPayment): boolean {
	if ((payment.invoiceIds ?? []).length > 0) return true;
	if (propertyFlag(payment, 'hs_has_associated_invoice') === true) return true;
	const count = propertyText(payment, 'hs_number_of_associated_invoices');
	if (count !== undefined && /^\d+$/.test(count) && count !== '0') return true;
	return propertyText(payment, 'hs_payment_source_app')?.toUpperCase() === 'INVOICE';
}

/** The gross amount received (`hs_initial_amount`). */
export function paymentAmount(payment: HubSpotRecord, currency: string): Money {
	const text = propertyText(payment, 'hs_initial_amount');
	if (text === undefined) {
		throw syncFailure('validation', `HubSpot payment ${payment.id} has no amount (hs_initial_amount).`, { paymentId: payment.id });
	}
	return parseMoney(text, currency, `HubSpot payment ${payment.id} hs_initial_amount`);
}

/** The stable marker in PrivateNote that identifies the HubSpot payment. */
export function paymentMarker(paymentId: string): string {
	return `HubSpot payment ${paymentId}`;
}

/** QuickBooks' PaymentRefNum holds 21 characters; HubSpot ids are shorter, longer ones keep their last 21. */
export function paymentRefNum(paymentId: string): string {
	return paymentId.length <= QBO_LIMITS.paymentRefNum ? paymentId : paymentId.slice(-QBO_LIMITS.paymentRefNum);
}

export interface PaymentCommonSettings {
	customerRef: QboRef;
	homeCurrency: string;
	multicurrencyEnabled: boolean;
	/** Where the money goes; QuickBooks defaults to Undeposited Funds when omitted. */
	depositAccountRef?: QboRef;
	/** QuickBooks payment method per HubSpot hs_payment_method_type (card, ach, cash, check, …). */
	paymentMethodRefs?: Readonly<Record<string, QboRef>>;
	timeZone?: string;
}

export interface PaymentMappingSettings extends PaymentCommonSettings {
	/** The synced QuickBooks invoice the payment applies to, as last read (Balance is the open amount). */
	invoice: { Id: string; Balance: number | string; CurrencyRef?: { value: string } };
}

export interface MappedPayment<Document> {
	document: Document;
	amount: string;
	currency: string;
	marker: string;
}

function commonFields(payment: HubSpotPayment, settings: PaymentCommonSettings, currency: string) {
	const fields: {
		TxnDate?: string;
		CurrencyRef?: QboRef;
		PaymentRefNum: string;
		PaymentMethodRef?: QboRef;
		DepositToAccountRef?: QboRef;
		PrivateNote: string;
	} = { PaymentRefNum: paymentRefNum(payment.id), PrivateNote: paymentMarker(payment.id) };
	const txnDate = toQboDate(propertyText(payment, 'hs_initiated_date'), settings.timeZone ?? 'UTC', 'hs_initiated_date');
	if (txnDate !== undefined) fields.TxnDate = txnDate;
	if (settings.multicurrencyEnabled) fields.CurrencyRef = { value: currency };
	const method = propertyText(payment, 'hs_payment_method_type')?.toLowerCase();
	const methodRef = method === undefined ? undefined : settings.paymentMethodRefs?.[method];
	if (methodRef !== undefined) fields.PaymentMethodRef = { ...methodRef };
	if (settings.depositAccountRef !== undefined) fields.DepositToAccountRef = { ...settings.depositAccountRef };
	return fields;
}

function checkPaymentCurrency(payment: HubSpotPayment, settings: PaymentCommonSettings, documentCurrency: string): string {
	const currency = paymentCurrencyOrHome(payment, settings);
	if (currency !== documentCurrency) {
		throw syncFailure('currency_mismatch', `HubSpot payment ${payment.id} is in ${currency}; the QuickBooks invoice is in ${documentCurrency}.`, { paymentId: payment.id });
	}
	if (!settings.multicurrencyEnabled && currency !== normalizeCurrencyCode(settings.homeCurrency)) {
		throw syncFailure('currency_mismatch', `HubSpot payment ${payment.id} is in ${currency}; the QuickBooks company works only in ${normalizeCurrencyCode(settings.homeCurrency)}.`, { paymentId: payment.id });
	}
	return currency;
}

/** The payment's currency (`hs_currency_code`), the home currency when HubSpot leaves it blank. */
export function paymentCurrencyOrHome(payment: HubSpotRecord, settings: { homeCurrency: string }): string {
	return normalizeCurrencyCode(propertyText(payment, 'hs_currency_code') ?? settings.homeCurrency);
}

function syncFailure(category: SyncErrorCategory, message: string, details: Record<string, unknown>): SyncFailure {
	return new SyncFailure(syncError(category, message, details));
}

function receivedAmount(payment: HubSpotPayment, currency: string): Money {
	const amount = paymentAmount(payment, currency);
	if (isNegativeMoney(amount) || isZeroMoney(amount)) {
		throw syncFailure('validation', `HubSpot payment ${payment.id} has amount ${describeMoney(amount)}; only positive payments are recorded.`, { paymentId: payment.id });
	}
	return amount;
}

function checkRoute(payment: HubSpotPayment, expected: PaymentRoute): void {
	const route = classifyPayment(payment);
	if (route === expected) return;
	const why: Record<PaymentRoute, string> = {
		'skip-quickbooks-origin': `HubSpot payment ${payment.id} came from QuickBooks (${SKIPPED_FROM_QUICKBOOKS}).`,
		'not-succeeded': `HubSpot payment ${payment.id} has status ${propertyText(payment, 'hs_latest_status') ?? 'unknown'}; only received payments are recorded.`,
		invoice: `HubSpot payment ${payment.id} belongs to an invoice: record it as a payment on that invoice.`,
		'no-invoice': `HubSpot payment ${payment.id} has no invoice: record it as a sales receipt.`,
	};
	throw syncFailure('validation', why[route], { paymentId: payment.id, route });
}

/** A QuickBooks Payment applied to the synced invoice. Call `classifyPayment` first; other routes are refused. */
export function mapHubSpotPaymentToQuickBooks(payment: HubSpotPayment, settings: PaymentMappingSettings): Outcome<MappedPayment<QboPaymentPayload>> {
	return outcomeOf<MappedPayment<QboPaymentPayload>>(() => {
		checkRoute(payment, 'invoice');
		const invoiceCurrency = normalizeCurrencyCode(settings.invoice.CurrencyRef?.value ?? settings.homeCurrency);
		const currency = checkPaymentCurrency(payment, settings, invoiceCurrency);
		const amount = receivedAmount(payment, currency);
		const balance = parseMoney(settings.invoice.Balance, currency, `QuickBooks invoice ${settings.invoice.Id} Balance`, 'half-up');
		if (compareMoney(amount, balance) > 0) {
			return {
				ok: false,
				error: syncError(
					'overpayment',
					`HubSpot payment ${payment.id} of ${describeMoney(amount)} is more than the open balance ${describeMoney(balance)} of QuickBooks invoice ${settings.invoice.Id}.`,
					{ paymentId: payment.id, invoiceId: settings.invoice.Id, amount: formatMoney(amount), balance: formatMoney(balance) },
				),
			};
		}
		const total = moneyToQboNumber(amount, 'TotalAmt');
		const document: QboPaymentPayload = {
			CustomerRef: { ...settings.customerRef },
			TotalAmt: total,
			...commonFields(payment, settings, currency),
			Line: [{ Amount: total, LinkedTxn: [{ TxnId: settings.invoice.Id, TxnType: 'Invoice' }] }],
		};
		return { ok: true, document, amount: formatMoney(amount), currency, marker: paymentMarker(payment.id) };
	});
}

export interface SalesReceiptSettings extends PaymentCommonSettings {
	/** Item the receipt's single line is booked on (e.g. "HubSpot sales"). */
	itemRef: QboRef;
	usTaxCodeNon: boolean;
	lineTaxCodeRef?: QboRef;
	/** Names of what was bought (the payment's line items), for the line description. */
	lineItemNames?: readonly string[];
}

/**
 * A Sales Receipt for a payment without an invoice: one line on the chosen item for the amount received,
 * described by the payment's source (payment link, quote, checkout, subscription) and what was bought.
 */
export function mapPaymentToSalesReceipt(payment: HubSpotPayment, settings: SalesReceiptSettings): Outcome<MappedPayment<QboSalesReceiptPayload>> {
	return outcomeOf<MappedPayment<QboSalesReceiptPayload>>(() => {
		checkRoute(payment, 'no-invoice');
		const currency = paymentCurrencyOrHome(payment, settings);
		if (!settings.multicurrencyEnabled && currency !== normalizeCurrencyCode(settings.homeCurrency)) {
			throw syncFailure('currency_mismatch', `HubSpot payment ${payment.id} is in ${currency}; the QuickBooks company works only in ${normalizeCurrencyCode(settings.homeCurrency)}.`, { paymentId: payment.id });
		}
		const amount = receivedAmount(payment, currency);
		const source = propertyText(payment, 'hs_payment_source_name') ?? propertyText(payment, 'hs_payment_source_app')?.toLowerCase().replace(/_/g, ' ');
		const bought = settings.lineItemNames !== undefined && settings.lineItemNames.length > 0 ? `: ${settings.lineItemNames.join(', ')}` : '';
		const description = `HubSpot payment ${payment.id}${source !== undefined ? ` (${source})` : ''}${bought}`;
		const taxCodeRef = settings.lineTaxCodeRef ?? (settings.usTaxCodeNon ? { value: 'NON' } : undefined);
		const document: QboSalesReceiptPayload = {
			CustomerRef: { ...settings.customerRef },
			Line: [singleChargeLine(amount, settings.itemRef, description, taxCodeRef)],
			...commonFields(payment, settings, currency),
		};
		const email = propertyText(payment, 'hs_customer_email');
		if (email !== undefined && /^[^\s@]+@[^\s@]+$/.test(email)) document.BillEmail = { Address: email };
		return { ok: true, document, amount: formatMoney(amount), currency, marker: paymentMarker(payment.id) };
	});
}
