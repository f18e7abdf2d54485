/**
 * A create keyed by meaning may be answered by QuickBooks replaying an earlier request with the same
 * requestid: "the same response as it did for the original request" (quickbooks.md §4.1), that is the
 * document as it was created then, even when it has been deleted since (Sync Run › Undo). The sync
 * only creates after its look-ups found nothing, so a record that QuickBooks made before those look-ups
 * is either such a replay or a document the look-ups could not recognise. One read tells: when
 * QuickBooks no longer has it, the create is a new write of the same meaning, sent under a key of its own.
 */
import type { IDataObject } from 'n8n-workflow';

import { deriveRequestId, type CreateOptions, type QuickBooksClient, type QuickBooksEntity } from '../../../transport/quickbooks';
import { queryIn } from './queryLists';

const SECOND_MS = 1000;

/**
 * Whether QuickBooks made the record before the look-ups (QuickBooks' own clock on both sides). CreateTime
 * has whole seconds, so a record made in the second of the look-ups counts as new.
 */
export function madeBeforeLookUps(record: IDataObject | undefined, lookedUpAt: number | undefined): boolean {
	if (record === undefined || lookedUpAt === undefined) return false;
	const created = Date.parse(String((record.MetaData as IDataObject | undefined)?.CreateTime ?? ''));
	return Number.isFinite(created) && created < Math.floor(lookedUpAt / SECOND_MS) * SECOND_MS;
}

/** The ids of these records that QuickBooks no longer holds (one query). */
export async function deletedSince(qb: QuickBooksClient, entity: QuickBooksEntity, records: readonly IDataObject[]): Promise<Set<string>> {
	const ids = [...new Set(records.map((record) => String(record.Id)))];
	if (ids.length === 0) return new Set();
	const present = new Set((await queryIn<IDataObject>(qb, entity, 'Id', ids)).map((record) => String(record.Id)));
	return new Set(ids.filter((id) => !present.has(id)));
}

/** `client.create` for a sync's single create, sent again under a key of its own when its answer was a deleted document. */
export async function createOnce<T extends IDataObject>(client: QuickBooksClient, entity: QuickBooksEntity, document: IDataObject, options: CreateOptions<T> & { requestId: string }): Promise<T> {
	const lookedUpAt = client.lastQueryTime();
	const created = await client.create<T>(entity, document, options);
	if (!madeBeforeLookUps(created, lookedUpAt) || (await deletedSince(client, entity, [created])).size === 0) return created;
	return await client.create<T>(entity, document, { ...options, requestId: deriveRequestId('recreate', options.requestId, String(created.Id)) });
}
