/**
 * Intuit's `requestid` makes a repeated write return the first response instead of writing twice. The id
 * here is derived, not random: the same logical write (kind, HubSpot id, document content) always gets
 * the same id, so a retry, a re-run or a second queue-mode worker replays instead of duplicating.
 * Intuit asks for UUIDs and caps batch request ids at 36 characters, so the id is a UUID (RFC 9562
 * version 8, "custom") built from a SHA-256.
 */
import { createHash } from 'node:crypto';

export type WriteKind =
	| 'invoice-create'
	| 'invoice-update'
	| 'invoice-void'
	| 'customer-create'
	| 'item-create'
	| 'payment-create'
	| 'sales-receipt-create'
	| 'fee-expense-create'
	| 'fee-expense-update'
	| 'refund-receipt-create'
	| 'credit-memo-create'
	| (string & {});

/** JSON with object keys sorted and undefined members dropped, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
		if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
		return JSON.stringify(value);
	}
	if (typeof value === 'bigint') return JSON.stringify(value.toString());
	if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, member]) => member !== undefined && typeof member !== 'function')
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
	}
	throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
}

/** SHA-256 (hex) of the canonical JSON: a fingerprint of a document's content. */
export function contentHash(value: unknown): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The `requestid` for one logical write: a 36-character UUID, stable for the same kind, HubSpot id and content. */
export function requestIdFor(kind: WriteKind, hubspotId: string, payload: unknown): string {
	const digest = createHash('sha256').update(`${kind}\n${hubspotId}\n${canonicalJson(payload)}`).digest();
	const bytes = Buffer.from(digest.subarray(0, 16));
	bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
	bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 9562 variant
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A short token that fits where QuickBooks allows few characters (e.g. a DocNumber suffix). */
export function shortToken(text: string, length = 8): string {
	return createHash('sha256').update(text).digest('hex').slice(0, length);
}
