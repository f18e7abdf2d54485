/**
 * HubSpot invoices → QuickBooks invoices, in bulk (the "Sync HubSpot Invoice" operation).
 * The entry point for every operation that syncs invoices:
 *
 *   const results = await syncHubSpotInvoices({ qb, hubspot, node: this.getNode() }, invoices, readInvoiceSyncSettings(this, 0));
 *
 * `invoices` are HubSpot invoices as the trigger or the Commerce node emits them, or just `{ id }`
 * (then they are read with `hubspot`). They go through the pipeline in chunks, so memory stays bounded
 * however many come in; each gets one result, in input order. With write-back on, the outcome lands on
 * the HubSpot invoice (qbo_* properties) after each chunk.
 *
 * Each chunk holds the leases of its HubSpot invoices from the look-up of what QuickBooks has to the
 * last write (transport/leases): another execution, or another queue-mode worker, syncing some of the
 * same invoices waits, then finds what this one wrote instead of writing it again.
 */
import { NodeOperationError } from 'n8n-workflow';

import { syncError, type HubSpotInvoice, type SyncError } from '../../../core';
import { isQuickBooksBornInvoice } from '../../../core/quickBooksToHubSpot';
import { QBO_SYNC_PROPERTIES, type HubSpotClient } from '../../../transport/hubspot';
import { leaseKey, sourceLeases, type SourceLeases } from '../../../transport/leases';
import { completeInvoices, type CompletedInvoice, type HubSpotInvoiceInput } from './hubspotInvoices';
import { readCompanyFacts } from './company';
import { InvoicePipeline, sessionFor, type SyncSession } from './invoicePipeline';
import { leaseFailure } from './leaseFailure';
import type { InvoiceSyncSettings } from './settings';
import type { InvoiceSyncDeps, InvoiceSyncResult } from './types';
import { missingSyncPropertiesError, writeBackOutcomes, type WriteBackOutcome } from './writeBack';

export { DEFAULT_INVOICE_SYNC_SETTINGS, invoiceSyncSettingsProperties, readInvoiceSyncSettings, type InvoiceSyncSettings } from './settings';
export type { InvoiceSyncAction, InvoiceSyncDeps, InvoiceSyncResult } from './types';
export type { HubSpotInvoiceInput } from './hubspotInvoices';
export { SETUP_FIRST } from './writeBack';

/**
 * Invoices per pass through the pipeline: ten full /batch calls of 30, three full HubSpot batch reads and
 * writes of 100, a DocNumber IN list that still fits a URL; a 10,000-invoice backfill never holds more
 * than two chunks at once (one in QuickBooks, the next being read from HubSpot).
 */
export const INVOICE_SYNC_CHUNK_SIZE = 300;

/** Refuses, before anything is written, a write-back that cannot work. */
async function checkWriteBack(deps: InvoiceSyncDeps, session: SyncSession, invoices: readonly HubSpotInvoice[]): Promise<HubSpotClient> {
	const { hubspot } = deps;
	if (hubspot === undefined) {
		throw new NodeOperationError(deps.node, 'Write Back to HubSpot needs a HubSpot credential', {
			description: 'Select a HubSpot Commerce API credential on this node, or turn off "Write Back to HubSpot".',
		});
	}
	// Invoices read with the sync properties carry them (empty or not); HubSpot leaves out properties that do not exist.
	if (session.syncPropertiesExist === undefined && invoices.some((invoice) => !(QBO_SYNC_PROPERTIES.status in invoice.properties))) {
		const names = new Set((await hubspot.getProperties('invoices')).map((property) => property.name));
		session.syncPropertiesExist = Object.values(QBO_SYNC_PROPERTIES).every((name) => names.has(name));
	}
	if (session.syncPropertiesExist === false) throw missingSyncPropertiesError(deps.node);
	return hubspot;
}

interface ChunkOutcome {
	results: InvoiceSyncResult[];
	/** Writes the chunk's outcomes to HubSpot; never rejects (its failure is part of the outcome). */
	writeBack?: () => Promise<WriteBackOutcome>;
}

/** The chunk's invoices through the pipeline holding their leases; every invoice fails alike when they cannot be held. */
async function syncUnderLeases(deps: InvoiceSyncDeps, session: SyncSession, settings: InvoiceSyncSettings, invoices: readonly HubSpotInvoice[], leases: SourceLeases): Promise<InvoiceSyncResult[]> {
	if (invoices.length === 0) return [];
	const keys = invoices.map((invoice) => leaseKey(deps.qb.realmId, 'invoice', invoice.id));
	let failure: SyncError | undefined;
	const synced = await leases
		.withLeases(keys, async (held) => await new InvoicePipeline(deps.qb, session, settings, deps.executionId).run(invoices, () => held.every((lease) => lease.stillHeld())))
		.catch(async (error: unknown) => {
			// Only the lease's own failures become results (each invoice's); anything else stays the operation's error.
			failure = leaseFailure(error);
			if (failure === undefined) return await Promise.reject(error);
			return [];
		});
	if (failure === undefined) return synced;
	const { category, message, howToFix } = failure;
	return invoices.map((invoice) => ({ action: 'failed', hubspotInvoiceId: invoice.id, category, message, howToFix, error: failure }));
}

/**
 * One chunk through QuickBooks, its inputs completed from HubSpot beforehand (while the previous chunk
 * was in QuickBooks); the HubSpot write-back is handed back to run alongside the next chunk.
 */
async function syncChunk(
	deps: InvoiceSyncDeps,
	inputs: readonly HubSpotInvoiceInput[],
	completed: readonly CompletedInvoice[],
	settings: InvoiceSyncSettings,
	leases: SourceLeases,
): Promise<ChunkOutcome> {
	const session = sessionFor(deps.qb);
	const results: Array<InvoiceSyncResult | undefined> = completed.map((outcome, index) =>
		outcome.ok
			? bornInQuickBooks(outcome.invoice)
			: { action: 'failed', hubspotInvoiceId: inputs[index].id, category: outcome.error.category, message: outcome.error.message, howToFix: outcome.error.howToFix, error: outcome.error },
	);
	const readable = completed.map((outcome, index) => ({ outcome, index })).filter(({ outcome, index }) => outcome.ok && results[index] === undefined) as Array<{
		outcome: { ok: true; invoice: HubSpotInvoice };
		index: number;
	}>;
	const invoices = readable.map(({ outcome }) => outcome.invoice);
	const hubspot = settings.writeBackToHubSpot && invoices.length > 0 ? await checkWriteBack(deps, session, invoices) : undefined;

	const synced = await syncUnderLeases(deps, session, settings, invoices, leases);
	readable.forEach(({ index }, position) => (results[index] = synced[position]));
	const finished = results.map((result, index) => result ?? failedWithoutOutcome(inputs[index].id));
	if (hubspot === undefined) return { results: finished };

	const outcomes = readable.map(({ index }, position) => ({ invoice: invoices[position], result: finished[index] }));
	const writeBack = async (): Promise<WriteBackOutcome> => {
		const written = await writeBackOutcomes(hubspot, outcomes).catch(
			(error: unknown): WriteBackOutcome => ({ ok: false, missingProperties: false, message: error instanceof Error ? error.message : String(error) }),
		);
		if (!written.ok) for (const { result } of outcomes) result.writeBackError = written.message;
		return written;
	};
	return { results: finished, writeBack };
}

/** Loop prevention: an invoice that came from QuickBooks (the two-way sync's marker, or hs_invoice_source) never goes back. */
function bornInQuickBooks(invoice: HubSpotInvoice): InvoiceSyncResult | undefined {
	if (!isQuickBooksBornInvoice(invoice.properties)) return undefined;
	return { action: 'skipped', hubspotInvoiceId: invoice.id, reason: 'Born in QuickBooks: never sent back to QuickBooks.' };
}

function failedWithoutOutcome(hubspotInvoiceId: string): InvoiceSyncResult {
	const error = syncError('unknown', `HubSpot invoice ${hubspotInvoiceId} ended without an outcome.`);
	return { action: 'failed', hubspotInvoiceId, category: error.category, message: error.message, howToFix: error.howToFix, error };
}

export interface InvoiceSyncRunOptions {
	/** Stop after the chunk in which an invoice failed (n8n without Continue On Fail); later invoices get no result. */
	stopAfterFailure?: boolean;
	/** One writer per HubSpot invoice; by default as the environment says (in-process, or Redis in queue mode). */
	leases?: SourceLeases;
}

/**
 * Syncs HubSpot invoices to QuickBooks, creating or updating each QuickBooks invoice once however often
 * it runs. Results come back in the order of `invoices`; an invoice given twice is synced once and
 * both positions get its result. Throws only for what concerns every invoice alike (the HubSpot sync
 * properties are missing, no HubSpot credential for the write-back); everything else is a 'failed'
 * result with a category and a one-line fix.
 */
export async function syncHubSpotInvoices(deps: InvoiceSyncDeps, invoices: readonly HubSpotInvoiceInput[], settings: InvoiceSyncSettings): Promise<InvoiceSyncResult[]> {
	return (await runInvoiceSync(deps, invoices, settings)) as InvoiceSyncResult[];
}

/** `syncHubSpotInvoices`, optionally stopping after a failure (then unprocessed invoices have no result). */
export async function runInvoiceSync(
	deps: InvoiceSyncDeps,
	invoices: readonly HubSpotInvoiceInput[],
	settings: InvoiceSyncSettings,
	options: InvoiceSyncRunOptions = {},
): Promise<Array<InvoiceSyncResult | undefined>> {
	const firstPosition = new Map<string, number>();
	const unique: HubSpotInvoiceInput[] = [];
	const positionInUnique = invoices.map((invoice) => {
		const id = String(invoice.id);
		let position = firstPosition.get(id);
		if (position === undefined) {
			position = unique.length;
			firstPosition.set(id, position);
			unique.push({ ...invoice, id });
		}
		return position;
	});

	const uniqueResults: InvoiceSyncResult[] = [];
	const leases = options.leases ?? deps.leases ?? sourceLeases();
	// HubSpot and QuickBooks work side by side: while a chunk is in QuickBooks, the next one is read
	// from HubSpot and the previous one's outcome is written back.
	const chunkAt = (offset: number) => unique.slice(offset, offset + INVOICE_SYNC_CHUNK_SIZE);
	const complete = (offset: number): Promise<CompletedInvoice[]> => {
		const reading = completeInvoices(deps.hubspot, chunkAt(offset));
		reading.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
		return reading;
	};
	let nextCompletion = unique.length > 0 ? complete(0) : undefined;
	// The company's preferences are read while the first chunk is read from HubSpot.
	if (unique.length > 0) readCompanyFacts(deps.qb, settings.lineTaxCodeId === undefined).catch(() => undefined);
	let pendingWriteBack: Promise<WriteBackOutcome> | undefined;
	const settleWriteBack = async () => {
		const written = await pendingWriteBack;
		pendingWriteBack = undefined;
		if (written && !written.ok && written.missingProperties) throw missingSyncPropertiesError(deps.node);
	};
	for (let offset = 0; offset < unique.length; offset += INVOICE_SYNC_CHUNK_SIZE) {
		let chunk: ChunkOutcome;
		try {
			const completed = await (nextCompletion as Promise<CompletedInvoice[]>);
			nextCompletion = offset + INVOICE_SYNC_CHUNK_SIZE < unique.length ? complete(offset + INVOICE_SYNC_CHUNK_SIZE) : undefined;
			chunk = await syncChunk(deps, chunkAt(offset), completed, settings, leases);
		} finally {
			// Whatever happened to this chunk, the previous one's status reaches HubSpot.
			await settleWriteBack();
		}
		uniqueResults.push(...chunk.results);
		pendingWriteBack = chunk.writeBack?.();
		if (options.stopAfterFailure && chunk.results.some((result) => result.action === 'failed')) break;
	}
	await settleWriteBack();
	return positionInUnique.map((position) => uniqueResults[position]);
}
