/**
 * The sync's outcome written back to the HubSpot invoices (QuickBooks id and number, status,
 * error category and message, synced-at), in batch updates of 100. An invoice whose properties already
 * say the same is left alone, so a second run writes nothing (and a trigger on "updated" is not woken
 * by the sync's own write).
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import { isVoidedQboInvoice, propertyText, type HubSpotInvoice, type QboInvoiceRecord } from '../../../core';
import { QBO_SYNC_PROPERTIES, type HubSpotClient, type QboSyncStatus, type SyncStatusUpdate } from '../../../transport/hubspot';
import type { InvoiceSyncResult } from './types';

export const SETUP_FIRST = 'Run HubSpot Commerce › Setup first';

/** The node error when the invoices have no qbo_* properties. */
export function missingSyncPropertiesError(node: INode): NodeOperationError {
	return new NodeOperationError(node, `The QuickBooks sync properties do not exist on HubSpot invoices. ${SETUP_FIRST}`, {
		description:
			'Add a HubSpot Commerce node with Resource "Setup" and Operation "Create Sync Properties", run it once, then run this node again. Or turn off "Write Back to HubSpot".',
	});
}

export function isMissingPropertyFailure(error: unknown): boolean {
	const failure = error as { message?: string; description?: string; errorResponse?: unknown };
	const text = `${failure.message ?? ''} ${failure.description ?? ''} ${JSON.stringify(failure.errorResponse ?? {})}`;
	return /PROPERTY_DOESNT_EXIST|Property "qbo_[a-z_]+" does not exist/i.test(text);
}

const STATUS_OF: Record<InvoiceSyncResult['action'], QboSyncStatus> = {
	created: 'synced',
	updated: 'synced',
	unchanged: 'synced',
	voided: 'voided',
	skipped: 'skipped',
	failed: 'failed',
};

/** What the HubSpot invoice should say after this result. */
export function statusUpdateFor(result: InvoiceSyncResult): SyncStatusUpdate {
	// An invoice voided on both sides stays "voided" when a later run finds nothing to do.
	const voided = result.action === 'unchanged' && result.qboInvoice !== undefined && isVoidedQboInvoice(result.qboInvoice as unknown as QboInvoiceRecord);
	const update: SyncStatusUpdate = { status: voided ? 'voided' : STATUS_OF[result.action] };
	const qboInvoiceId = result.qboInvoice?.Id;
	if (qboInvoiceId !== undefined) update.qboInvoiceId = String(qboInvoiceId);
	if (result.docNumber !== undefined) update.docNumber = result.docNumber;
	if (result.action === 'failed') {
		update.errorCategory = result.category ?? 'unknown';
		update.errorMessage = [result.message, result.howToFix].filter(Boolean).join(' ');
	}
	return update;
}

/** Whether the invoice's properties already hold this outcome (synced-at aside). */
function alreadyWritten(invoice: HubSpotInvoice, update: SyncStatusUpdate): boolean {
	const current = (name: string) => propertyText(invoice, name) ?? '';
	const failed = update.status === 'failed';
	return (
		current(QBO_SYNC_PROPERTIES.status) === update.status &&
		(update.qboInvoiceId === undefined || current(QBO_SYNC_PROPERTIES.invoiceId) === update.qboInvoiceId) &&
		(update.docNumber === undefined || current(QBO_SYNC_PROPERTIES.docNumber) === update.docNumber) &&
		current(QBO_SYNC_PROPERTIES.errorCategory) === (failed ? (update.errorCategory ?? '') : '') &&
		current(QBO_SYNC_PROPERTIES.errorMessage) === (failed ? (update.errorMessage ?? '').slice(0, 4000).trim() : '')
	);
}

export type WriteBackOutcome = { ok: true; written: number } | { ok: false; missingProperties: boolean; message: string };

/**
 * Writes the outcomes that differ from what the invoices hold. A missing property means Setup was not
 * run (the caller makes that the node's error); any other failure is reported, not thrown, since the
 * QuickBooks side is done by then.
 */
export async function writeBackOutcomes(
	hubspot: HubSpotClient,
	outcomes: ReadonlyArray<{ invoice: HubSpotInvoice; result: InvoiceSyncResult }>,
	syncedAt: Date = new Date(),
): Promise<WriteBackOutcome> {
	const updates = outcomes
		.map(({ invoice, result }) => ({ invoice, update: statusUpdateFor(result) }))
		.filter(({ invoice, update }) => !alreadyWritten(invoice, update))
		.map(({ invoice, update }) => ({ invoiceId: invoice.id, ...update, syncedAt }));
	if (updates.length === 0) return { ok: true, written: 0 };
	try {
		await hubspot.writeSyncStatus(updates);
	} catch (error) {
		return { ok: false, missingProperties: isMissingPropertyFailure(error), message: error instanceof Error ? error.message : String(error) };
	}
	return { ok: true, written: updates.length };
}
