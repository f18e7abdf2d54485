import type { HubSpotObjectWithHistory } from '../../transport/hubspot';
import { epochOf } from '../../transport/hubspot';
import { compareDecimal, subtractDecimal } from './money';

export type InvoiceEvent = 'invoiceCreated' | 'invoiceFinalized' | 'invoicePaid' | 'invoiceVoided' | 'invoiceUpdated';
export type PaymentEvent = 'paymentSucceeded' | 'paymentRefunded';
export type TriggerEvent = InvoiceEvent | PaymentEvent;

export interface RefundDetails {
	/** This refund, as a decimal string in the payment's currency. */
	amount: string;
	/** All refunds of the payment so far (hs_refunds_amount after this refund). */
	totalRefunded: string;
	fullyRefunded: boolean;
}

export interface DetectedEvent {
	event: TriggerEvent;
	/** When it happened (epoch ms): the transition's timestamp in the property history. */
	occurredAt: number;
	refund?: RefundDetails;
}

/** Properties whose history the re-read asks for, per object. */
export const HISTORY_PROPERTIES = {
	invoices: ['hs_invoice_status'],
	commerce_payments: ['hs_latest_status', 'hs_refunds_amount'],
} as const;

const INVOICE_STATUS_EVENTS: Array<[InvoiceEvent, string]> = [
	['invoiceFinalized', 'open'],
	['invoicePaid', 'paid'],
	['invoiceVoided', 'voided'],
];

type History = HubSpotObjectWithHistory['propertiesWithHistory'][string];

/**
 * Oldest first, so "the value before" is the previous entry. HubSpot returns newest first; entries of
 * one millisecond (opened and paid at once) keep that order, reversed, as the sort is stable.
 */
function chronological(history: History | undefined): History {
	return [...(history ?? [])].reverse().sort((a, b) => a.timestamp - b.timestamp);
}

/** Timestamps at which the property took `value` after holding another one (or as its first value). */
function transitionsTo(history: History | undefined, value: string): number[] {
	const entries = chronological(history);
	const times: number[] = [];
	entries.forEach((entry, index) => {
		if (entry.value === value && (index === 0 || entries[index - 1].value !== value)) times.push(entry.timestamp);
	});
	return times;
}

/**
 * The events a record shows since `after` (exclusive): status transitions from the property history
 * (DESIGN.md: finalized and paid are transitions, not states), each one its own event with its own
 * timestamp, so open → voided → open between two polls is two "finalized" and one "voided"; creation;
 * and the change itself for "updated".
 */
export function detectEvents(
	objectType: 'invoices' | 'commerce_payments',
	record: HubSpotObjectWithHistory,
	wanted: ReadonlySet<TriggerEvent>,
	after: number,
): DetectedEvent[] {
	const events: DetectedEvent[] = [];
	const modified = epochOf(record.properties.hs_lastmodifieddate) ?? 0;
	const history = record.propertiesWithHistory;
	if (objectType === 'invoices') {
		const created = epochOf(record.properties.hs_createdate);
		if (wanted.has('invoiceCreated') && created !== undefined && created > after) events.push({ event: 'invoiceCreated', occurredAt: created });
		for (const [event, status] of INVOICE_STATUS_EVENTS) {
			if (!wanted.has(event)) continue;
			for (const time of transitionsTo(history.hs_invoice_status, status)) if (time > after) events.push({ event, occurredAt: time });
		}
		if (wanted.has('invoiceUpdated') && modified > after) events.push({ event: 'invoiceUpdated', occurredAt: modified });
	} else {
		if (wanted.has('paymentSucceeded')) {
			for (const time of transitionsTo(history.hs_latest_status, 'succeeded')) if (time > after) events.push({ event: 'paymentSucceeded', occurredAt: time });
		}
		if (wanted.has('paymentRefunded')) events.push(...refundEvents(record, after));
	}
	return events.sort((a, b) => a.occurredAt - b.occurredAt);
}

/**
 * One event per refund: each rise of hs_refunds_amount after `after`. A partial refund followed by
 * another keeps the status partially_refunded, so the amount's history is the reliable signal; the
 * status history is the fallback when HubSpot keeps no amount history.
 */
function refundEvents(record: HubSpotObjectWithHistory, after: number): DetectedEvent[] {
	const gross = record.properties.hs_initial_amount ?? undefined;
	const amounts = chronological(record.propertiesWithHistory.hs_refunds_amount);
	const events: DetectedEvent[] = [];
	if (amounts.length > 0) {
		let previous = '0';
		for (const entry of amounts) {
			const value = entry.value === '' ? '0' : entry.value;
			if ((compareDecimal(value, previous) ?? 0) > 0 && entry.timestamp > after) {
				events.push({
					event: 'paymentRefunded',
					occurredAt: entry.timestamp,
					refund: {
						amount: subtractDecimal(value, previous),
						totalRefunded: value,
						fullyRefunded: gross !== undefined && (compareDecimal(value, gross) ?? -1) >= 0,
					},
				});
			}
			previous = value;
		}
		return events;
	}
	const statusHistory = record.propertiesWithHistory.hs_latest_status;
	const times = [...transitionsTo(statusHistory, 'partially_refunded'), ...transitionsTo(statusHistory, 'refunded')].filter((time) => time > after);
	const total = record.properties.hs_refunds_amount ?? '0';
	if (times.length > 0) {
		events.push({
			event: 'paymentRefunded',
			occurredAt: Math.max(...times),
			refund: { amount: total, totalRefunded: total, fullyRefunded: record.properties.hs_latest_status === 'refunded' },
		});
	}
	return events;
}
