/**
 * Finds the QuickBooks invoice a HubSpot invoice was already synced to (DESIGN.md "Idempotency"): by
 * the QuickBooks id written back to HubSpot, else by DocNumber (the HubSpot invoice number), else by
 * the marker alone (findSyncedByMarker: for invoices without a number, and numbered ones whose number
 * changed). A candidate counts only when its PrivateNote carries this HubSpot invoice's marker, so
 * another document that happens to use the number is a conflict, never silently taken over.
 */
import type { IDataObject } from 'n8n-workflow';

import { hubspotInvoiceIdFromPrivateNote, privateNoteMarker, syncError, type QboInvoiceRecord, type SyncError } from '../../../core';
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
			// A marker naming another HubSpot invoice means the id is wrong; no marker means the document is no
			// longer ours to change (a bookkeeper rewrote the memo): say so rather than write a second one.
			const marker = markerOf(record);
			if (marker === query.hubspotInvoiceId) answers[index].existing = record as unknown as QboInvoiceRecord;
			else if (marker === undefined) {
				answers[index].conflict = syncError(
					'duplicate_document_number',
					`QuickBooks invoice ${String(record.Id)}, synced from HubSpot invoice ${query.hubspotInvoiceId}, no longer has "${privateNoteMarker(query.hubspotInvoiceId)}" in its private note, so the sync does not change it.`,
					{ qboInvoiceId: String(record.Id), hubspotInvoiceId: query.hubspotInvoiceId },
					`If it is still this HubSpot invoice's, put the line "${privateNoteMarker(query.hubspotInvoiceId)}" back at the start of its private note (Statement Memo); if not, clear qbo_invoice_id on the HubSpot invoice.`,
				);
			}
		});
	}

	const byNumber = queries.map((query, index) => ({ query, index })).filter(({ query, index }) => !answers[index].existing && !answers[index].conflict && query.docNumber !== undefined);
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
 * Clock skew allowed between HubSpot's hs_createdate and QuickBooks' MetaData.CreateTime (different
 * servers, CreateTime printed in the company's zone): a day costs a few more candidates, never a miss.
 */
const CREATE_TIME_MARGIN_MS = 24 * 60 * 60 * 1000;

export interface MarkerQuery {
	hubspotInvoiceId: string;
	/** hs_createdate of the HubSpot invoice (ISO or epoch ms); without it every invoice is a candidate. */
	hubspotCreatedAt?: string;
}

function epochOf(text: string | undefined): number | undefined {
	if (text === undefined || text === '') return undefined;
	const time = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	return Number.isFinite(time) ? time : undefined;
}

/**
 * The invoices carrying these HubSpot invoices' markers, found whatever else a bookkeeper or HubSpot
 * edited since (date, customer, number, amounts). The marker lives in PrivateNote, which QuickBooks
 * cannot filter on (quickbooks.md §15.1b lists no such field), so the candidates are read and the
 * marker decides. The one filterable field no edit can change is MetaData.CreateTime, and our invoice
 * was created after the HubSpot invoice it comes from: candidates are the invoices created since the
 * earliest hs_createdate asked about (less a day for clock skew), read in pages of 1,000. For invoices
 * synced as they are raised (the trigger), that is a few recent invoices. Keyed by HubSpot invoice id.
 */
export async function findSyncedByMarker(qb: QuickBooksClient, queries: readonly MarkerQuery[]): Promise<Map<string, QboInvoiceRecord>> {
	const found = new Map<string, QboInvoiceRecord>();
	if (queries.length === 0) return found;
	const times = queries.map((query) => epochOf(query.hubspotCreatedAt));
	const earliest = times.every((time): time is number => time !== undefined) ? Math.min(...times) : undefined;
	const where = earliest === undefined ? [] : [{ field: 'MetaData.CreateTime', operator: '>=' as const, value: new Date(earliest - CREATE_TIME_MARGIN_MS).toISOString() }];
	const records = await qb.query<IDataObject>('Invoice', { where, orderBy: { field: 'MetaData.CreateTime', direction: 'ASC' } });
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
