/**
 * Finds the QuickBooks invoice a HubSpot invoice was already synced to (DESIGN.md "Idempotency"): by
 * the QuickBooks id written back to HubSpot, else by DocNumber (the HubSpot invoice number), else, for
 * invoices without a number, by customer and date. A candidate counts only when its PrivateNote
 * carries this HubSpot invoice's marker, so another document that happens to use the number is a
 * conflict, never silently taken over.
 */
import type { IDataObject } from 'n8n-workflow';

import { hubspotInvoiceIdFromPrivateNote, syncError, type QboInvoiceRecord, type SyncError } from '../../../core';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import { queryIn } from './queryLists';

export interface SyncedInvoiceQuery {
	hubspotInvoiceId: string;
	/** qbo_invoice_id as written back on the HubSpot invoice. */
	writtenBackId?: string;
	docNumber?: string;
}

export interface SyncedInvoiceAnswer {
	existing?: QboInvoiceRecord;
	/** The DocNumber is used by a QuickBooks invoice that is not this HubSpot invoice's. */
	conflict?: SyncError;
}

function markerOf(record: IDataObject): string | undefined {
	return hubspotInvoiceIdFromPrivateNote(typeof record.PrivateNote === 'string' ? record.PrivateNote : undefined);
}

/** Several of ours (duplicates from an earlier tool, or a voided one and its successor): the live one, then the oldest. */
function preferred(records: IDataObject[]): IDataObject {
	const live = records.filter((record) => !/\bvoided\b/i.test(String(record.PrivateNote ?? '')));
	const pool = live.length > 0 ? live : records;
	return [...pool].sort((a, b) => Number(a.Id) - Number(b.Id) || String(a.Id).localeCompare(String(b.Id)))[0];
}

export async function findSyncedInvoices(qb: QuickBooksClient, queries: readonly SyncedInvoiceQuery[]): Promise<SyncedInvoiceAnswer[]> {
	const answers: SyncedInvoiceAnswer[] = queries.map(() => ({}));

	const writtenBackIds = queries.map((query) => query.writtenBackId).filter((id): id is string => id !== undefined && /^\d+$/.test(id));
	if (writtenBackIds.length > 0) {
		const byId = new Map((await queryIn<IDataObject>(qb, 'Invoice', 'Id', writtenBackIds)).map((record) => [String(record.Id), record]));
		queries.forEach((query, index) => {
			const record = query.writtenBackId === undefined ? undefined : byId.get(query.writtenBackId);
			if (!record) return;
			// A bookkeeper may have rewritten the note; a marker naming another HubSpot invoice means the id is wrong.
			const marker = markerOf(record);
			if (marker === undefined || marker === query.hubspotInvoiceId) answers[index].existing = record as unknown as QboInvoiceRecord;
		});
	}

	const byNumber = queries.map((query, index) => ({ query, index })).filter(({ query, index }) => !answers[index].existing && query.docNumber !== undefined);
	if (byNumber.length > 0) {
		const found = await queryIn<IDataObject>(qb, 'Invoice', 'DocNumber', byNumber.map(({ query }) => query.docNumber as string));
		for (const { query, index } of byNumber) {
			const sameNumber = found.filter((record) => record.DocNumber === query.docNumber);
			const ours = sameNumber.filter((record) => markerOf(record) === query.hubspotInvoiceId);
			if (ours.length > 0) {
				answers[index].existing = preferred(ours) as unknown as QboInvoiceRecord;
			} else if (sameNumber.length > 0) {
				const other = preferred(sameNumber);
				answers[index].conflict = syncError(
					'duplicate_document_number',
					`QuickBooks invoice ${String(other.Id)} already has the number ${query.docNumber}, and it is not from HubSpot invoice ${query.hubspotInvoiceId}.`,
					{ docNumber: query.docNumber, qboInvoiceId: String(other.Id), hubspotInvoiceId: query.hubspotInvoiceId },
				);
			}
		}
	}
	return answers;
}

/**
 * For invoices without a number: the invoices of these customers on these dates, one query, then the
 * marker decides. Keyed by HubSpot invoice id.
 */
export async function findSyncedByCustomerAndDate(
	qb: QuickBooksClient,
	queries: ReadonlyArray<{ hubspotInvoiceId: string; customerId: string; txnDate?: string }>,
): Promise<Map<string, QboInvoiceRecord>> {
	const found = new Map<string, QboInvoiceRecord>();
	if (queries.length === 0) return found;
	const dates = [...new Set(queries.map((query) => query.txnDate).filter((date): date is string => date !== undefined))];
	// Narrow by date only when every invoice has one (an undated invoice takes the day it was created).
	const conditions = queries.every((query) => query.txnDate !== undefined) ? [{ field: 'TxnDate', operator: 'IN' as const, value: dates }] : [];
	const records = await queryIn<IDataObject>(qb, 'Invoice', 'CustomerRef', queries.map((query) => query.customerId), conditions);
	const wanted = new Set(queries.map((query) => query.hubspotInvoiceId));
	const byMarker = new Map<string, IDataObject[]>();
	for (const record of records) {
		const marker = markerOf(record);
		if (marker === undefined || !wanted.has(marker)) continue;
		byMarker.set(marker, [...(byMarker.get(marker) ?? []), record]);
	}
	for (const [marker, list] of byMarker) found.set(marker, preferred(list) as unknown as QboInvoiceRecord);
	return found;
}
