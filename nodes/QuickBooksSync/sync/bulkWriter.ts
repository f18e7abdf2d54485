/**
 * Writes many QuickBooks records at once: /batch calls of up to 30 operations, each answer mapped back
 * to its operation, faults kept per operation (quickbooks.md §3). Two things on top of the client:
 * - when the /batch budget (40 calls a minute) is spent and only a few operations are left, they go as
 *   single calls (10 a second) instead of waiting most of a minute for the next /batch token;
 * - when a batch's answer is lost (the transport never resends a writing batch blindly), or QuickBooks
 *   answers 600 "Duplicate Request ID" without the results, the caller's `findWritten` looks up per
 *   document what was committed, and only the rest is sent again, under a fresh request key: whether
 *   QuickBooks replays, answers 600 or ignores requestids, nothing is written twice. Callers hold the
 *   source records' leases (transport/leases) meanwhile, so no other writer can commit them in between.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { BATCH_LIMIT, deriveRequestId, isQuickBooksError, QuickBooksError, type BatchOperation, type QuickBooksClient } from '../../../transport/quickbooks';

export type WriteOperation = Extract<BatchOperation, { payload: IDataObject }>;

export type WriteOutcome = { ok: true; record: IDataObject } | { ok: false; error: QuickBooksError };

export interface BulkWriteOptions {
	/** The records some of `writes` made, in their order (undefined where nothing was written). */
	findWritten(writes: readonly WriteOperation[]): Promise<Array<IDataObject | undefined>>;
}

/** A single call costs at least this much of the per-second budget (10 a second), plus latency. */
const SINGLE_CALL_COST_MS = 150;
const MAX_RESENDS = 3;

function unexpected(error: unknown): QuickBooksError {
	if (isQuickBooksError(error)) return error;
	return new QuickBooksError(
		{ category: 'unknown', message: error instanceof Error ? error.message : String(error), howToFix: 'Run the item again.' },
		'retry-once',
	);
}

/** A failure that may have left the batch written: no answer came back, or QBO says the request id was used. */
function batchMayHaveBeenWritten(error: unknown): boolean {
	return isQuickBooksError(error) && (error.interrupted || error.category === 'duplicate_request');
}

async function writeSingly(qb: QuickBooksClient, write: WriteOperation, options: BulkWriteOptions): Promise<WriteOutcome> {
	try {
		const id = String(write.payload.Id ?? '');
		const current = { Id: id, SyncToken: String(write.payload.SyncToken ?? '') };
		let record: IDataObject;
		if (write.operation === 'create') {
			// A write keyed by meaning is found again by the caller's own look-up (marker, number) after a lost answer.
			const keyed = write.key === undefined ? {} : { requestId: deriveRequestId('create', write.entity, write.key), findExisting: async () => (await options.findWritten([write]))[0] };
			record = await qb.create<IDataObject>(write.entity, write.payload, keyed);
		} else if (write.operation === 'void') {
			record = await qb.void<IDataObject>(write.entity, id, { current });
		} else if (write.operation === 'update') {
			const changes: IDataObject = { ...write.payload };
			for (const key of ['Id', 'SyncToken', 'sparse']) delete changes[key];
			record = await qb.sparseUpdate<IDataObject>(write.entity, id, changes, { current });
		} else {
			record = await qb.delete(write.entity, id, { current });
		}
		return { ok: true, record };
	} catch (error) {
		return { ok: false, error: unexpected(error) };
	}
}

async function writeOneBatch(qb: QuickBooksClient, writes: readonly WriteOperation[], options: BulkWriteOptions): Promise<WriteOutcome[]> {
	const outcomes: Array<WriteOutcome | undefined> = new Array(writes.length).fill(undefined);
	let pending = writes.map((write, index) => ({ write, index }));
	for (let resend = 0; pending.length > 0; resend += 1) {
		let results;
		try {
			results = await qb.batch(
				pending.map((entry) => entry.write),
				// A resend carries only what was not committed: a new key, or a replay or 600 would answer for it.
				resend === 0 ? {} : { requestKey: `resend-${randomUUID()}` },
			);
		} catch (error) {
			if (!batchMayHaveBeenWritten(error) || resend >= MAX_RESENDS) {
				for (const entry of pending) outcomes[entry.index] = { ok: false, error: unexpected(error) };
				break;
			}
			const found = await options.findWritten(pending.map((entry) => entry.write));
			pending.forEach((entry, position) => {
				const record = found[position];
				if (record !== undefined) outcomes[entry.index] = { ok: true, record };
			});
			pending = pending.filter((entry) => outcomes[entry.index] === undefined);
			continue;
		}
		results.forEach((result, position) => {
			const { index } = pending[position];
			outcomes[index] = result.ok ? { ok: true, record: result.record ?? {} } : { ok: false, error: result.error };
		});
		break;
	}
	return outcomes.map((outcome) => outcome ?? { ok: false, error: unexpected(new Error('QuickBooks returned no result for this write')) });
}

/**
 * Runs `work` on every item with at most `limit` running at once; results in the order of `items`.
 * The pacer keeps the calls inside the rate limits; running a few at once only hides the latency.
 */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

/** Calls in flight at once per bulk write: far below Intuit's old ten concurrent requests per company. */
const CONCURRENT_CALLS = 3;

/** Every write's outcome, in the order of `writes`. */
export async function writeInBulk(qb: QuickBooksClient, writes: readonly WriteOperation[], options: BulkWriteOptions): Promise<WriteOutcome[]> {
	const chunks: WriteOperation[][] = [];
	for (let offset = 0; offset < writes.length; offset += BATCH_LIMIT) chunks.push(writes.slice(offset, offset + BATCH_LIMIT));
	const outcomes = await mapConcurrently(chunks, CONCURRENT_CALLS, async (chunk) => {
		// A /batch token that is far away costs more than a few single calls now.
		if (qb.pacingWaitMs('batch') > chunk.length * SINGLE_CALL_COST_MS) {
			return await mapConcurrently(chunk, CONCURRENT_CALLS, async (write) => await writeSingly(qb, write, options));
		}
		return await writeOneBatch(qb, chunk, options);
	});
	return outcomes.flat();
}
