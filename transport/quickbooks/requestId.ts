/**
 * Intuit's `requestid` makes a repeated write replay instead of running twice (quickbooks.md §4.1).
 * It only protects what is sent with the *same* id, so the id is derived from the write itself, with
 * the sync core's derivation (core/idempotency.ts: a UUID from SHA-256 over the canonical JSON). A
 * retried HTTP call, a re-run execution or a second worker sending the same document send the same id.
 */
import { requestIdFor } from '../../core/idempotency';

/** Intuit allows 50 characters, 36 on /batch (§15.3); a UUID fits both. */
export const REQUEST_ID_MAX_LENGTH = 36;

/**
 * The id of one write, e.g. `deriveRequestId('create', 'Invoice', payload)`. `operation` and
 * `entity` keep an update from sharing an id with a create of the same body.
 */
export function deriveRequestId(operation: string, entity: string, ...content: unknown[]): string {
	return requestIdFor(`qbo-${operation}-${entity}`, '', content);
}

/** A caller's own id is used as given once it fits Intuit's rules (error 2130 otherwise). */
export function isValidRequestId(requestId: string, inBatch = false): boolean {
	const limit = inBatch ? REQUEST_ID_MAX_LENGTH : 50;
	return requestId.length > 0 && requestId.length <= limit && /^[\w.:-]+$/.test(requestId);
}
