/**
 * Record HubSpot Refund: a refunded or partially refunded HubSpot payment becomes a Refund Receipt (the
 * money paid back from an account) or a Credit Memo (credit left with the customer), as the user chooses.
 * HubSpot keeps one running total per payment (hs_refunds_amount); each QuickBooks document books the
 * part not yet booked and carries a marker with the total it brings the payment to. So the same refund is
 * booked once, and a second partial refund gets a document of its own for the new part only.
 *
 * Reading what is booked and writing the difference happen holding the payment's refund lease, so two
 * executions at once ("refunded 40" and "refunded to 100") book 40 and 60, or 100 and nothing: never
 * 140. The create's requestid says what it means (refund of payment 77 up to 100.00).
 *
 * The customer is the payment's: the customer of the synced QuickBooks invoice it paid, or for a payment
 * without an invoice the payer as "Record HubSpot Payment" finds (or creates) it.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	SKIPPED_FROM_QUICKBOOKS,
	compareMoney,
	formatMoney,
	isRefundedPayment,
	mapHubSpotRefundToQuickBooks,
	parseMoney,
	paymentCurrencyOrHome,
	propertyText,
	refundMarker,
	refundMarkerPrefix,
	requestIdFor,
	sumMoney,
	toQboDate,
	type Money,
	type QboRef,
	type RefundDocumentType,
} from '../../../core';
import type { HubSpotPayment } from '../../../transport/hubspot';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import {
	asOnlyWriter,
	corePayment,
	failWith,
	failWithError,
	findSyncedInvoice,
	paymentInvoices,
	payerCustomer,
	type PaymentInput,
	type PaymentOutcome,
	type PaymentSyncSession,
} from './paymentSync';
import { createOnce } from './replayedCreates';

export interface RecordRefundOptions {
	documentType: RefundDocumentType;
	itemRef?: QboRef;
	/** Refund Receipt: the account the money was paid back from. */
	refundFromAccountRef?: QboRef;
	customerRef?: QboRef;
	paymentMethodRefs: Record<string, QboRef>;
	lineTaxCodeRef?: QboRef;
	timeZone: string;
}

type RefundDocument = IDataObject & { Id: string; TotalAmt?: number; PrivateNote?: string; DocNumber?: string };

const REFUND_ENTITIES = ['RefundReceipt', 'CreditMemo'] as const;

/** The marker's running total: "HubSpot refund of payment 123 to 40.00" → "40.00". */
function markedTotal(document: RefundDocument, paymentId: string): string | undefined {
	const note = document.PrivateNote ?? '';
	const prefix = `${refundMarkerPrefix(paymentId)} to `;
	if (!note.startsWith(prefix)) return undefined;
	return /^\S+/.exec(note.slice(prefix.length))?.[0];
}

/** The highest running total the payment's documents are marked with: what HubSpot showed when they were booked. */
function highestMarkedTotal(documents: readonly RefundDocument[], paymentId: string, currency: string): Money | undefined {
	let highest: Money | undefined;
	for (const document of documents) {
		const text = markedTotal(document, paymentId);
		if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) continue;
		const total = parseMoney(text, currency, `QuickBooks ${document.Id} marker`, 'half-up');
		if (highest === undefined || compareMoney(total, highest) > 0) highest = total;
	}
	return highest;
}

/**
 * The refund documents already booked for the payment, of both kinds (the user may have switched the
 * document type between runs): the customer's refund receipts and credit memos carrying its marker.
 */
async function bookedRefunds(client: QuickBooksClient, customerId: string, paymentId: string): Promise<Array<RefundDocument & { entity: RefundDocumentType }>> {
	const found: Array<RefundDocument & { entity: RefundDocumentType }> = [];
	for (const entity of REFUND_ENTITIES) {
		const documents = await client.query<RefundDocument>(entity, { where: [{ field: 'CustomerRef', operator: '=', value: customerId }] });
		for (const document of documents) if (markedTotal(document, paymentId) !== undefined) found.push({ ...document, entity });
	}
	return found;
}

/** The customer the refund goes to: the synced invoice's customer, or the payer's. */
async function refundCustomer(session: PaymentSyncSession, payment: HubSpotPayment, options: RecordRefundOptions): Promise<QboRef> {
	if (options.customerRef !== undefined) return options.customerRef;
	const [hubspotInvoice] = paymentInvoices(payment);
	if (hubspotInvoice === undefined) return await payerCustomer(session, payment);
	const invoice = await findSyncedInvoice(session.client, hubspotInvoice, options.timeZone);
	if (invoice?.CustomerRef === undefined) {
		const label = propertyText(hubspotInvoice, 'hs_number') ?? hubspotInvoice.id;
		failWith(
			'not_found',
			`HubSpot invoice ${label} (${hubspotInvoice.id}), whose payment ${payment.id} was refunded, is not in QuickBooks.`,
			'Sync the invoice and record its payment first, or choose the Customer in the node options.',
			{ paymentId: payment.id, invoiceId: hubspotInvoice.id },
		);
	}
	return { value: invoice.CustomerRef.value };
}

/**
 * The running total this item books the payment to: the trigger's refund event says which refund it is
 * (two refunds between polls are two items, both showing the latest total); other items book
 * everything HubSpot shows. `earlier` marks an event older than HubSpot's current total.
 */
function targetTotal(input: PaymentInput, currency: string): { total?: string; earlier: boolean } {
	const current = propertyText(input.payment, 'hs_refunds_amount');
	const fromEvent = input.refund?.totalRefunded;
	if (fromEvent === undefined || fromEvent === null || String(fromEvent).trim() === '' || current === undefined) return { total: current, earlier: false };
	const earlier = compareMoney(parseMoney(String(fromEvent), currency, 'refund.totalRefunded', 'half-up'), parseMoney(current, currency, 'hs_refunds_amount', 'half-up')) < 0;
	// An event cannot be newer than HubSpot's current total: then the current total is the one to book.
	return { total: earlier ? String(fromEvent) : current, earlier };
}

/** Records the refund of one HubSpot payment. Throws (SyncFailure, QuickBooksError) when it cannot. */
export async function recordHubSpotRefund(session: PaymentSyncSession, input: PaymentInput, options: RecordRefundOptions): Promise<PaymentOutcome> {
	const { client } = session;
	const { payment } = input;
	const base = { hubspotPaymentId: payment.id, documentType: options.documentType };
	if (propertyText(payment, 'hs_processor_type')?.toLowerCase() === 'quickbooks') return { ...base, action: 'skipped', reason: SKIPPED_FROM_QUICKBOOKS };
	if (!isRefundedPayment(payment)) {
		return { ...base, action: 'skipped', reason: `not refunded: HubSpot status is ${propertyText(payment, 'hs_latest_status') ?? 'unknown'}` };
	}
	const { itemRef } = options;
	if (itemRef === undefined) failWith('validation', 'The refund needs an item for its line.', 'Choose "Item" in the node (e.g. the sales item or a "Refunds" item).');

	const company = await session.company();
	const currency = paymentCurrencyOrHome(payment, company);
	const { total: target, earlier } = targetTotal(input, currency);
	const customerRef = await refundCustomer(session, payment, options);
	return await asOnlyWriter(session, 'refund', payment.id, async (beforeWrite) => {
		const booked = await bookedRefunds(client, customerRef.value, payment.id);
		const already = sumMoney(
			currency,
			booked.map((document) => parseMoney(document.TotalAmt ?? 0, currency, `QuickBooks ${document.entity} ${document.Id} TotalAmt`, 'half-up')),
		);

		if (target !== undefined) {
			const targetMoney = parseMoney(target, currency, 'hs_refunds_amount');
			const marker = refundMarker(payment.id, formatMoney(targetMoney));
			const same = booked.find((document) => (document.PrivateNote ?? '').split('\n')[0] === marker);
			if (same !== undefined) {
				return { ...base, action: 'unchanged', documentType: same.entity, document: same, refundedInTotal: formatMoney(targetMoney), reason: 'Already recorded in QuickBooks.' };
			}
			// The refund this item names is part of what is already booked: an earlier run booked a later total, or
			// another execution, holding a newer view of the payment, booked it meanwhile. Booked documents that add
			// up to more than the highest total they are marked with are a double booking: the mapping reports it.
			const highest = highestMarkedTotal(booked, payment.id, currency);
			const consistent = highest !== undefined && compareMoney(highest, already) === 0;
			if ((earlier || consistent) && compareMoney(targetMoney, already) <= 0) {
				return { ...base, action: 'unchanged', refundedInTotal: formatMoney(targetMoney), reason: `Refunds up to ${formatMoney(targetMoney)} ${currency} are already recorded in QuickBooks.` };
			}
		}

		const usTaxCodes = options.lineTaxCodeRef === undefined && (await session.usesUsSalesTaxCodes());
		const refundDate = input.occurredAt !== undefined ? toQboDate(input.occurredAt, options.timeZone, 'occurredAt') : undefined;
		const invoiceNumber = paymentInvoices(payment).map((invoice) => propertyText(invoice, 'hs_number'))[0];
		const mapped = mapHubSpotRefundToQuickBooks(
			{ ...corePayment(payment), properties: { ...payment.properties, ...(target !== undefined ? { hs_refunds_amount: target } : {}) } },
			{
				...company,
				documentType: options.documentType,
				customerRef,
				itemRef,
				refundFromAccountRef: options.refundFromAccountRef,
				alreadyRefunded: formatMoney(already),
				usTaxCodeNon: usTaxCodes,
				lineTaxCodeRef: options.lineTaxCodeRef,
				paymentMethodRefs: options.paymentMethodRefs,
				timeZone: options.timeZone,
				...(refundDate !== undefined ? { refundDate } : {}),
				...(invoiceNumber !== undefined ? { invoiceNumber } : {}),
				customTxnNumbers: await session.customTxnNumbers(),
			},
		);
		if (!mapped.ok) failWithError(mapped.error);
		const details = { amount: mapped.amount, refundedInTotal: mapped.refundedInTotal, currency: mapped.currency };
		if (mapped.document === null) {
			return { ...base, action: 'unchanged', ...details, reason: `Refunds up to ${mapped.refundedInTotal} ${currency} are already recorded in QuickBooks.` };
		}
		const document = mapped.document as unknown as IDataObject;
		const entity = options.documentType;
		beforeWrite();
		const created = await createOnce<IDataObject>(client, entity, session.createdHere(document), {
			// What the write means: the refunds of this payment brought up to this total.
			requestId: requestIdFor(entity === 'RefundReceipt' ? 'refund-receipt-create' : 'credit-memo-create', `${payment.id}:${mapped.refundedInTotal}`, { currency: mapped.currency }),
			findExisting: async () => (await bookedRefunds(client, customerRef.value, payment.id)).find((found) => found.entity === entity && (found.PrivateNote ?? '').split('\n')[0] === mapped.marker),
		});
		return { ...base, action: 'created', ...details, document: created };
	});
}
