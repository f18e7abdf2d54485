/**
 * QuickBooks /batch (quickbooks.md §3): up to 30 BatchItemRequests per call, each answered by a
 * BatchItemResponse with the same bId, carrying either the entity, a QueryResponse or its own Fault
 * (the HTTP status stays 200). This helper splits any number of operations into calls of 30, gives
 * each call a requestid (from its operations' keys by meaning when every write has one, else from its
 * content), and maps every answer back to the operation it belongs to by bId.
 *
 * A batch that writes is never resent after a lost answer: one requestid covers the whole batch, so
 * its replay depends on QuickBooks honouring it (field reports say it does not always, quickbooks.md
 * §4.3). The caller is told the answer was lost (`interrupted`) and finds out per document what was
 * committed before sending only the rest (sync/bulkWriter.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { capabilitiesOf, type QuickBooksEntity } from './entities';
import { faultToError, parseFaults, validationError, type QuickBooksError } from './errors';
import type { QuickBooksHttp } from './http';
import { deriveRequestId } from './requestId';

/** Intuit's recommended maximum; larger batches fail with 1040. */
export const BATCH_LIMIT = 30;

export type BatchOperation =
	/** `key`: what the write means ("HubSpot invoice 412 created as …"), never sent itself. */
	| { operation: 'create' | 'update' | 'delete'; entity: QuickBooksEntity; payload: IDataObject; key?: string }
	/** Void as a batch item: `update` with optionsData "void" (Intuit blog 2023-07-19); payload {Id, SyncToken}. */
	| { operation: 'void'; entity: QuickBooksEntity; payload: IDataObject; key?: string }
	| { operation: 'query'; query: string };

export type BatchItemResult =
	| { index: number; ok: true; record?: IDataObject; queryResponse?: IDataObject }
	| { index: number; ok: false; error: QuickBooksError };

function batchItemRequest(bId: string, operation: BatchOperation): IDataObject {
	if (operation.operation === 'query') return { bId, Query: operation.query };
	if (operation.operation === 'void') {
		const { voidStyle } = capabilitiesOf(operation.entity);
		if (voidStyle === undefined) {
			throw validationError(`QuickBooks cannot void a ${operation.entity} through its API`, `Delete the ${operation.entity} instead.`);
		}
		const payload = voidStyle === 'include' ? { ...operation.payload, sparse: true } : operation.payload;
		return { bId, operation: 'update', optionsData: 'void', [operation.entity]: payload };
	}
	return { bId, operation: operation.operation, [operation.entity]: operation.payload };
}

function resultOf(index: number, operation: BatchOperation, response: IDataObject | undefined, intuitTid?: string): BatchItemResult {
	if (!response) {
		return {
			index,
			ok: false,
			error: validationError('QuickBooks returned no result for this batch item', 'Run the item again.'),
		};
	}
	const faults = parseFaults(response);
	if (faults.length > 0) return { index, ok: false, error: faultToError(faults, undefined, intuitTid) };
	if (operation.operation === 'query') return { index, ok: true, queryResponse: (response.QueryResponse as IDataObject) ?? {} };
	return { index, ok: true, record: response[operation.entity] as IDataObject | undefined };
}

/**
 * `requestKey` tells a deliberate re-send of the same operations apart from a retry: after QBO answered
 * 600 "Duplicate Request ID" without the results, the caller looks up what was written and sends the
 * rest under a new key (the same key would get the 600 again).
 */
export async function runBatch(http: QuickBooksHttp, operations: readonly BatchOperation[], requestKey?: string): Promise<BatchItemResult[]> {
	const results: BatchItemResult[] = [];
	for (let offset = 0; offset < operations.length; offset += BATCH_LIMIT) {
		const chunk = operations.slice(offset, offset + BATCH_LIMIT);
		// bIds are at most 10 characters when a requestid is sent (§4.1).
		const items = chunk.map((operation, position) => batchItemRequest(`b${position}`, operation));
		const keys = chunk.map((operation) => (operation.operation === 'query' ? operation.query : operation.key));
		const identity = keys.every((key) => key !== undefined) ? keys : items;
		const writes = chunk.some((operation) => operation.operation !== 'query');
		const { body, intuitTid } = await http.send(
			{
				method: 'POST',
				path: 'batch',
				body: { BatchItemRequest: items },
				requestId: requestKey === undefined ? deriveRequestId('batch', 'BatchItemRequest', identity) : deriveRequestId('batch', 'BatchItemRequest', identity, requestKey),
			},
			{ retryInterrupted: !writes },
		);
		const responses = new Map<string, IDataObject>();
		for (const response of (body.BatchItemResponse as IDataObject[] | undefined) ?? []) {
			responses.set(String(response.bId), response);
		}
		chunk.forEach((operation, position) => {
			results.push(resultOf(offset + position, operation, responses.get(`b${position}`), intuitTid));
		});
	}
	return results;
}
