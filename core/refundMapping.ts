/**
 * HubSpot refunds to QuickBooks: a Refund Receipt (money paid back from an account) or a Credit Memo
 * (credit left with the customer), as the user chooses. HubSpot keeps one running total per payment
 * (`hs_refunds_amount`), so each QuickBooks document books the part not booked yet, and is marked with
 * the payment id and the running total it brings the payment to: the same refund is booked once, and a
 * second partial refund gets a document of its own.
 */
import { Outcome, SyncErrorCategory, SyncFailure, outcomeOf, syncError } from './errors';
import { HubSpotPayment, propertyText } from './hubspotInvoice';
import { toQboDate } from './hubspotDates';
import { shortToken } from './idempotency';
import { compareMoney, describeMoney, formatMoney, isNegativeMoney, isZeroMoney, normalizeCurrencyCode, parseMoney, subtractMoney, zeroMoney } from './money';
import { paymentAmount, paymentCurrencyOrHome, paymentRefNum } from './paymentMapping';
import { QBO_LIMITS, QboCreditMemoPayload, QboRef, QboRefundReceiptPayload } from './qboDocuments';
import { singleChargeLine } from './salesLines';

export const REFUND_STATUSES: readonly string[] = ['refunded', 'partially_refunded'];

export type RefundDocumentType = 'RefundReceipt' | 'CreditMemo';

export interface RefundSettings {
	documentType: RefundDocumentType;
	customerRef: QboRef;
	/** Item the refund line is booked on (e.g. the sales item, or a "Refunds" item). */
	itemRef: QboRef;
	/** Refund Receipt only: the account the money was paid back from (QuickBooks' DepositToAccountRef). */
	refundFromAccountRef?: QboRef;
	homeCurrency: string;
	multicurrencyEnabled: boolean;
	/** Sum of the refund documents already in QuickBooks for this payment (found by `refundMarkerPrefix`). Default 0. */
	alreadyRefunded?: string;
	/** YYYY-MM-DD; HubSpot has no refund date, so the default is the day the payment record last changed. */
	refundDate?: string;
	usTaxCodeNon: boolean;
	lineTaxCodeRef?: QboRef;
	paymentMethodRefs?: Readonly<Record<string, QboRef>>;
	timeZone?: string;
	/** The QuickBooks invoice number the payment paid, for the description. */
	invoiceNumber?: string;
	/** SalesFormsPrefs.CustomTxnNumbers: false means QuickBooks numbers the document itself, so none is sent. Default true. */
	customTxnNumbers?: boolean;
}

export interface MappedRefund {
	documentType: RefundDocumentType;
	/** null when every refunded amount is already booked. */
	document: QboRefundReceiptPayload | QboCreditMemoPayload | null;
	/** What this document books (the part not booked yet). */
	amount: string;
	/** HubSpot's running total of refunds for the payment. */
	refundedInTotal: string;
	currency: string;
	marker: string;
	docNumber: string;
}

export function isRefundedPayment(payment: HubSpotPayment): boolean {
	const status = propertyText(payment, 'hs_latest_status')?.toLowerCase();
	return status !== undefined && REFUND_STATUSES.includes(status);
}

/** All refund documents of one payment start with this; query PrivateNote / look them up by it. */
export function refundMarkerPrefix(paymentId: string): string {
	return `HubSpot refund of payment ${paymentId}`;
}

/** The marker of the document that brings the payment's refunds to `refundedInTotal`. */
export function refundMarker(paymentId: string, refundedInTotal: string): string {
	return `${refundMarkerPrefix(paymentId)} to ${refundedInTotal}`;
}

/** `R-<payment id>-<total in minor units>`; a short hash of the marker when that does not fit 21 characters. */
export function refundDocNumber(paymentId: string, refundedInTotalMinorUnits: bigint): string {
	const plain = `R-${paymentId}-${refundedInTotalMinorUnits}`;
	return plain.length <= QBO_LIMITS.docNumber ? plain : `R-${shortToken(`${paymentId}|${refundedInTotalMinorUnits}`, 16)}`;
}

function failure(category: SyncErrorCategory, message: string, details: Record<string, unknown>, howToFix?: string): SyncFailure {
	return new SyncFailure(syncError(category, message, details, howToFix));
}

export function mapHubSpotRefundToQuickBooks(payment: HubSpotPayment, settings: RefundSettings): Outcome<MappedRefund> {
	return outcomeOf<MappedRefund>(() => {
		if (propertyText(payment, 'hs_processor_type')?.toLowerCase() === 'quickbooks') {
			throw failure('validation', `HubSpot payment ${payment.id} came from QuickBooks; its refund is booked there.`, { paymentId: payment.id }, 'Leave QuickBooks-originated payments to QuickBooks.');
		}
		if (!isRefundedPayment(payment)) {
			throw failure('validation', `HubSpot payment ${payment.id} has status ${propertyText(payment, 'hs_latest_status') ?? 'unknown'}, not refunded or partially refunded.`, { paymentId: payment.id });
		}
		const currency = paymentCurrencyOrHome(payment, settings);
		if (!settings.multicurrencyEnabled && currency !== normalizeCurrencyCode(settings.homeCurrency)) {
			throw failure('currency_mismatch', `HubSpot payment ${payment.id} is in ${currency}; the QuickBooks company works only in ${normalizeCurrencyCode(settings.homeCurrency)}.`, { paymentId: payment.id });
		}
		const refundsText = propertyText(payment, 'hs_refunds_amount');
		if (refundsText === undefined) throw failure('validation', `HubSpot payment ${payment.id} is refunded but has no hs_refunds_amount.`, { paymentId: payment.id });
		const refundedInTotal = parseMoney(refundsText, currency, `HubSpot payment ${payment.id} hs_refunds_amount`);
		const gross = paymentAmount(payment, currency);
		if (isNegativeMoney(refundedInTotal) || compareMoney(refundedInTotal, gross) > 0) {
			throw failure('validation', `HubSpot payment ${payment.id} shows ${describeMoney(refundedInTotal)} refunded of a ${describeMoney(gross)} payment.`, { paymentId: payment.id });
		}
		const already = settings.alreadyRefunded === undefined ? zeroMoney(currency) : parseMoney(settings.alreadyRefunded, currency, 'alreadyRefunded');
		const amount = subtractMoney(refundedInTotal, already);
		if (isNegativeMoney(amount)) {
			throw failure('overpayment', `QuickBooks already holds ${describeMoney(already)} of refunds for HubSpot payment ${payment.id}, more than the ${describeMoney(refundedInTotal)} HubSpot shows.`, {
				paymentId: payment.id,
			}, 'Check the refund documents of this payment in QuickBooks for one booked twice.');
		}
		const marker = refundMarker(payment.id, formatMoney(refundedInTotal));
		const docNumber = refundDocNumber(payment.id, refundedInTotal.minorUnits);
		const mapped: MappedRefund = {
			documentType: settings.documentType,
			document: null,
			amount: formatMoney(amount),
			refundedInTotal: formatMoney(refundedInTotal),
			currency,
			marker,
			docNumber,
		};
		if (isZeroMoney(amount)) return { ok: true, ...mapped };

		const partial = compareMoney(refundedInTotal, gross) < 0 ? `, partial: ${formatMoney(refundedInTotal)} of ${formatMoney(gross)} ${currency} refunded in total` : '';
		const ofInvoice = settings.invoiceNumber !== undefined ? ` (invoice ${settings.invoiceNumber})` : '';
		const description = `Refund of HubSpot payment ${payment.id}${ofInvoice}${partial}`;
		const taxCodeRef = settings.lineTaxCodeRef ?? (settings.usTaxCodeNon ? { value: 'NON' } : undefined);
		const line = singleChargeLine(amount, settings.itemRef, description, taxCodeRef);
		const txnDate = settings.refundDate ?? toQboDate(propertyText(payment, 'hs_lastmodifieddate'), settings.timeZone ?? 'UTC', 'hs_lastmodifieddate');
		const common = {
			CustomerRef: { ...settings.customerRef },
			Line: [line],
			...(settings.customTxnNumbers === false ? {} : { DocNumber: docNumber }),
			PrivateNote: marker,
			...(txnDate !== undefined ? { TxnDate: txnDate } : {}),
			...(settings.multicurrencyEnabled ? { CurrencyRef: { value: currency } } : {}),
		};
		if (settings.documentType === 'CreditMemo') return { ok: true, ...mapped, document: common };

		if (settings.refundFromAccountRef === undefined) {
			throw failure('validation', 'A Refund Receipt needs the account the money was paid back from.', { paymentId: payment.id }, 'Choose "Refund From Account" in the node (a bank or clearing account).');
		}
		const receipt: QboRefundReceiptPayload = {
			...common,
			DepositToAccountRef: { ...settings.refundFromAccountRef },
			PaymentRefNum: paymentRefNum(payment.id),
		};
		const method = propertyText(payment, 'hs_payment_method_type')?.toLowerCase();
		const methodRef = method === undefined ? undefined : settings.paymentMethodRefs?.[method];
		if (methodRef !== undefined) receipt.PaymentMethodRef = { ...methodRef };
		return { ok: true, ...mapped, document: receipt };
	});
}
