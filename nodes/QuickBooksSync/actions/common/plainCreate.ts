/**
 * What makes a plain Create (invoice, payment, expense, sales receipt, credit memo, refund receipt) one
 * document, and no more or less than one. Its key is the write's meaning, never its bytes: this n8n
 * execution, this node, this item, this run of the node. So a resend of the same request (a connection
 * reset, n8n's "Retry On Fail", which re-runs the node inside the same execution) replays, while two
 * identical documents the workflow asks for (two $12 expenses on one day) stay two, and a second
 * execution creates its own. A caller's Request ID replaces the derived key, e.g. to make a re-run
 * execution replay.
 *
 * QuickBooks may ignore a repeated requestid or answer 600 without the document (quickbooks.md §4.2,
 * §4.3), so the client looks the document up before it sends again. Identical content cannot tell two
 * intended documents apart; the key written into the document's private memo (PrivateNote, 4000
 * characters, never shown to the customer, quickbooks.md §2.1) can.
 */
import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { requestIdFor } from '../../../../core/idempotency';
import { validationError, type QuickBooksClient, type QuickBooksEntity } from '../../../../transport/quickbooks';
import { requestIdOption } from './salesDocument';

/** QuickBooks' limit on PrivateNote (quickbooks.md §2.1). */
const PRIVATE_NOTE_MAX = 4000;

/** The memo line that names the create; look-ups after a lost answer match it exactly. */
export function createMarker(requestId: string): string {
	return `n8n request ${requestId}`;
}

/**
 * Executions always carry an id in n8n; a context without one (a bare test context) gets one per
 * QuickBooks client, which lives for one execution of the node.
 */
const executionsWithoutId = new WeakMap<QuickBooksClient, string>();

function executionKey(context: IExecuteFunctions, client: QuickBooksClient): string {
	const id = context.getExecutionId();
	if (id !== undefined && id !== null && String(id) !== '') return String(id);
	let fallback = executionsWithoutId.get(client);
	if (fallback === undefined) {
		fallback = `local-${randomUUID()}`;
		executionsWithoutId.set(client, fallback);
	}
	return fallback;
}

/** How many times this node has run in this execution (a loop runs it again): 0 on the first run. */
function runIndexOf(context: IExecuteFunctions, itemIndex: number): number {
	try {
		const runIndex = (context.getWorkflowDataProxy(itemIndex) as { $runIndex?: unknown }).$runIndex;
		return typeof runIndex === 'number' && Number.isInteger(runIndex) ? runIndex : 0;
	} catch {
		return 0;
	}
}

/** The requestid of one plain Create: the caller's Request ID, else derived from execution, node, item and run. */
export function plainCreateRequestId(context: IExecuteFunctions, itemIndex: number, client: QuickBooksClient, entity: QuickBooksEntity): string {
	const given = requestIdOption(context, itemIndex);
	if (given !== undefined) return given;
	const node = context.getNode();
	return requestIdFor(`plain-create-${entity}`, '', {
		execution: executionKey(context, client),
		node: node.id ?? node.name,
		item: itemIndex,
		run: runIndexOf(context, itemIndex),
	});
}

/** The payload with the create's marker as the last line of its private memo, after the user's own note. */
export function withCreateMarker(payload: IDataObject, requestId: string): IDataObject {
	const marker = createMarker(requestId);
	const note = typeof payload.PrivateNote === 'string' && payload.PrivateNote.trim() !== '' ? payload.PrivateNote.trimEnd() : '';
	const marked = note === '' ? marker : `${note}\n${marker}`;
	if (marked.length > PRIVATE_NOTE_MAX) {
		throw validationError(
			`Private Note is ${note.length} characters; with the line that identifies this create (${marker.length + 1}) it exceeds QuickBooks' ${PRIVATE_NOTE_MAX}`,
			`Shorten Private Note to at most ${PRIVATE_NOTE_MAX - marker.length - 1} characters.`,
		);
	}
	return { ...payload, PrivateNote: marked };
}

/**
 * Creates that failed in this process, by request id (the newest few thousand): when n8n's "Retry On
 * Fail" runs the node again, the same create may already be in QuickBooks with its answer lost, and
 * QuickBooks may not replay it; it is looked up before it is sent again.
 */
const failedCreates = new Set<string>();
const FAILED_CREATES_KEPT = 5_000;

function rememberFailure(requestId: string): void {
	failedCreates.delete(requestId);
	failedCreates.add(requestId);
	if (failedCreates.size > FAILED_CREATES_KEPT) failedCreates.delete(failedCreates.values().next().value as string);
}

/**
 * Creates the document for one item exactly once. The client resends under the same requestid, and
 * after a lost answer or a 600 finds the record holding everything sent, marker included, so it can
 * only find this create's own document. A create that failed before (a retry of the node) looks first.
 */
export async function createOnce(
	context: IExecuteFunctions,
	itemIndex: number,
	client: QuickBooksClient,
	entity: QuickBooksEntity,
	payload: IDataObject,
): Promise<IDataObject> {
	const requestId = plainCreateRequestId(context, itemIndex, client, entity);
	const marked = withCreateMarker(payload, requestId);
	if (failedCreates.has(requestId)) {
		const existing = await client.findSameDocument<IDataObject>(entity, marked);
		if (existing !== undefined) {
			failedCreates.delete(requestId);
			return existing;
		}
	}
	const created = await client.create<IDataObject>(entity, marked, { requestId }).then(
		(record) => ({ record }),
		(error: unknown) => ({ error }),
	);
	if ('error' in created) {
		rememberFailure(requestId);
		throw created.error;
	}
	failedCreates.delete(requestId);
	return created.record;
}
