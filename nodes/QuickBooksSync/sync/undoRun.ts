/**
 * Undo a run: take back the QuickBooks documents one n8n execution created, and reset the HubSpot
 * write-back of its invoices so that a later sync creates them again.
 *
 * The documents are found by the line `n8n execution <id>` the sync writes into the PrivateNote of
 * every document it creates (core/executionTag.ts): PrivateNote cannot be filtered on (quickbooks.md
 * §15.1b), so the documents created since a point in time are read (MetaData.CreateTime is filterable
 * on every entity) and the line decides. A document without it is never touched.
 *
 * Each is deleted, which QuickBooks allows for all six kinds (quickbooks.md §1.6 lists Invoice, Payment,
 * SalesReceipt, CreditMemo, RefundReceipt and Purchase as deletable): a void would keep the document's
 * number and our marker, and the next sync would find the voided invoice instead of creating it again.
 * A document changed since it was created, or an invoice with payments applied that this Undo does not
 * take back too, is refused, with the reason (core/undoRun.ts). Payments go before the invoices they pay.
 *
 * One Undo per execution at a time (a lease on the execution id): a second one started meanwhile waits,
 * then finds nothing left and says so.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	hubspotInvoiceIdFromPrivateNote,
	taggedExecutionId,
	undoNoun,
	undoVerdict,
	UNDO_ORDER,
	type UndoCandidate,
	type UndoEntity,
} from '../../../core';
import { QBO_SYNC_PROPERTIES, type HubSpotClient } from '../../../transport/hubspot';
import { leaseKey, sourceLeases, type SourceLeases } from '../../../transport/leases';
import { isQuickBooksError, type QuickBooksClient } from '../../../transport/quickbooks';

export interface UndoRunSettings {
	executionId: string;
	/** Documents created before this instant are not looked at (ISO date-time). */
	createdSince: string;
	entities: readonly UndoEntity[];
	/** Clear the qbo_* properties of the HubSpot invoices whose QuickBooks invoice was taken back. */
	resetHubSpot: boolean;
}

export type UndoAction = 'deleted' | 'refused' | 'alreadyUndone' | 'failed';

export interface UndoOutcome extends IDataObject {
	executionId: string;
	entity: UndoEntity;
	id: string;
	action: UndoAction;
	docNumber?: string;
	total?: number | string;
	hubspotInvoiceId?: string;
	/** refused / failed: why, and what to do. */
	category?: string;
	message?: string;
	howToFix?: string;
	/** Invoices: whether the HubSpot invoice's write-back was cleared. */
	hubspotWriteBackReset?: boolean;
}

export interface UndoRunDeps {
	qb: QuickBooksClient;
	hubspot?: HubSpotClient;
	leases?: SourceLeases;
}

type Found = UndoCandidate & IDataObject & { entity: UndoEntity };

/** The documents of the execution, by kind in undo order. */
async function findDocuments(qb: QuickBooksClient, settings: UndoRunSettings): Promise<Found[]> {
	const found: Found[] = [];
	for (const entity of UNDO_ORDER.filter((kind) => settings.entities.includes(kind))) {
		const records = await qb.query<IDataObject>(entity, {
			where: [{ field: 'MetaData.CreateTime', operator: '>=', value: settings.createdSince }],
			orderBy: { field: 'MetaData.CreateTime', direction: 'ASC' },
		});
		for (const record of records) {
			if (taggedExecutionId(typeof record.PrivateNote === 'string' ? record.PrivateNote : undefined) === settings.executionId) {
				found.push({ ...(record as UndoCandidate & IDataObject), entity });
			}
		}
	}
	return found;
}

function outcomeOf(settings: UndoRunSettings, document: Found, action: UndoAction, extra: Partial<UndoOutcome> = {}): UndoOutcome {
	const outcome: UndoOutcome = { executionId: settings.executionId, entity: document.entity, id: String(document.Id), action };
	if (document.DocNumber !== undefined) outcome.docNumber = String(document.DocNumber);
	if (document.TotalAmt !== undefined) outcome.total = document.TotalAmt;
	if (document.entity === 'Invoice') {
		const hubspotInvoiceId = hubspotInvoiceIdFromPrivateNote(String(document.PrivateNote ?? ''));
		if (hubspotInvoiceId !== undefined) outcome.hubspotInvoiceId = hubspotInvoiceId;
	}
	return { ...outcome, ...extra };
}

/** Deletes one document; gone meanwhile (another Undo, a person) counts as already undone. */
async function deleteDocument(qb: QuickBooksClient, settings: UndoRunSettings, document: Found): Promise<UndoOutcome> {
	try {
		await qb.delete(document.entity, String(document.Id));
		return outcomeOf(settings, document, 'deleted');
	} catch (error) {
		if (isQuickBooksError(error) && error.category === 'not_found') {
			return outcomeOf(settings, document, 'alreadyUndone', { message: `${undoNoun(document.entity)} ${document.Id} is no longer in QuickBooks.` });
		}
		const failure = isQuickBooksError(error) ? error.syncError : { category: 'unknown', message: error instanceof Error ? error.message : String(error), howToFix: 'Run Undo again.' };
		return outcomeOf(settings, document, 'failed', { category: failure.category, message: failure.message, howToFix: failure.howToFix });
	}
}

/**
 * Clears qbo_invoice_id, qbo_doc_number and the status of the HubSpot invoices whose QuickBooks invoice
 * was deleted, where they still name that invoice (a later sync may already have written another).
 */
async function resetWriteBack(hubspot: HubSpotClient, outcomes: UndoOutcome[]): Promise<void> {
	const undone = outcomes.filter((outcome) => outcome.entity === 'Invoice' && outcome.action === 'deleted' && outcome.hubspotInvoiceId !== undefined);
	if (undone.length === 0) return;
	const records = await hubspot.batchRead('invoices', [...new Set(undone.map((outcome) => outcome.hubspotInvoiceId as string))], { properties: [QBO_SYNC_PROPERTIES.invoiceId] });
	const pointsAt = new Map(records.map((record) => [record.id, String(record.properties[QBO_SYNC_PROPERTIES.invoiceId] ?? '')]));
	const cleared = Object.fromEntries(Object.values(QBO_SYNC_PROPERTIES).map((name) => [name, '']));
	const reset = undone.filter((outcome) => ['', outcome.id].includes(pointsAt.get(outcome.hubspotInvoiceId as string) ?? 'missing'));
	if (reset.length > 0) await hubspot.updateInvoiceProperties(reset.map((outcome) => ({ id: outcome.hubspotInvoiceId as string, properties: cleared })));
	for (const outcome of undone) outcome.hubspotWriteBackReset = reset.includes(outcome);
}

/** The execution's documents taken back; an empty list when there is nothing (left) to undo. */
export async function undoRun(deps: UndoRunDeps, settings: UndoRunSettings): Promise<UndoOutcome[]> {
	const leases = deps.leases ?? sourceLeases();
	return await leases.withLease(leaseKey(deps.qb.realmId, 'undo', settings.executionId), async () => {
		const documents = await findDocuments(deps.qb, settings);
		const outcomes: UndoOutcome[] = [];
		// Payments first, each judged alone; the invoices then know which of their payments go too.
		const undonePayments = new Set<string>();
		for (const document of documents.filter((candidate) => candidate.entity !== 'Invoice')) {
			const verdict = undoVerdict(document.entity, document);
			if (!verdict.undo) {
				outcomes.push(outcomeOf(settings, document, 'refused', { category: verdict.category, message: verdict.message, howToFix: verdict.howToFix }));
				continue;
			}
			const outcome = await deleteDocument(deps.qb, settings, document);
			outcomes.push(outcome);
			if (document.entity === 'Payment' && outcome.action !== 'failed') undonePayments.add(String(document.Id));
		}
		for (const document of documents.filter((candidate) => candidate.entity === 'Invoice')) {
			// Judged as it was read, before its payments were taken back: those payments are its allowed changes.
			const verdict = undoVerdict('Invoice', document, undonePayments);
			if (!verdict.undo) {
				outcomes.push(outcomeOf(settings, document, 'refused', { category: verdict.category, message: verdict.message, howToFix: verdict.howToFix }));
				continue;
			}
			outcomes.push(await deleteDocument(deps.qb, settings, document));
		}
		if (settings.resetHubSpot && deps.hubspot !== undefined) await resetWriteBack(deps.hubspot, outcomes);
		return outcomes;
	});
}
