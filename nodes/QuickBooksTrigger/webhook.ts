/**
 * QuickBooks webhooks (quickbooks.md §8.2–§8.4), read in this order:
 * 1. the signature: `intuit-signature` must be base64(HMAC-SHA256(verifier token, raw body)), compared
 *    in constant time over the raw bytes as they arrived, before anything in the body is read (§8.4:
 *    re-serialised JSON differs from the bytes Intuit signed);
 * 2. the payload, in either format: CloudEvents (a JSON array, `type` `qbo.<entity>.<verb>.v1`,
 *    `intuitentityid`, `intuitaccountid`, `time`; §8.3) or the legacy `eventNotifications` (§8.2);
 * 3. events of other companies (realms) are left out: one app's deliveries serve every company
 *    connected to it, and a CloudEvents delivery may mix realms (§8.3);
 * 4. re-deliveries (Intuit retries until it gets a 200, §8.4) are recognised by the event's id and
 *    by entity, id, operation and time, in a bounded list kept in the workflow's static data.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { triggerEntityNamed, type TriggerEntity, type TriggerEvent } from './events';

/** How many delivered events the trigger remembers to recognise a re-delivery. */
export const REMEMBERED_DELIVERIES = 5000;

export function expectedSignature(rawBody: Buffer, verifierToken: string): Buffer {
	return createHmac('sha256', verifierToken).update(rawBody).digest();
}

/** Constant-time check of `intuit-signature` over the raw body (§8.4). */
export function signatureMatches(rawBody: Buffer, signature: unknown, verifierToken: string): boolean {
	const header = Array.isArray(signature) ? signature[0] : signature;
	if (typeof header !== 'string' || header.trim() === '' || verifierToken === '') return false;
	const expected = expectedSignature(rawBody, verifierToken);
	const given = Buffer.from(header.trim(), 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookChange {
	realmId: string;
	entity: TriggerEntity;
	id: string;
	event: TriggerEvent;
	/** The change's time as the delivery states it (ISO 8601). */
	time: string;
	/** CloudEvents' id; the legacy format has none. */
	eventId?: string;
	/** Key that a re-delivery of this very change repeats. */
	dedupeKey: string;
}

export interface ParsedDelivery {
	format: 'cloudevents' | 'legacy';
	changes: WebhookChange[];
	/** Events of entities or operations the trigger does not report (Emailed, Vendor, …). */
	skipped: number;
}

/** §8.2 operations and §8.3 verbs → the trigger's events; Emailed changes nothing the trigger reports. */
const EVENT_BY_OPERATION: Record<string, TriggerEvent | undefined> = {
	create: 'created',
	created: 'created',
	update: 'updated',
	updated: 'updated',
	merge: 'updated',
	merged: 'updated',
	void: 'voided',
	voided: 'voided',
	delete: 'deleted',
	deleted: 'deleted',
};

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

function change(realmId: string, entityName: string, id: string, operation: string, time: string, eventId?: string): WebhookChange | undefined {
	const entity = triggerEntityNamed(entityName);
	const event = EVENT_BY_OPERATION[operation.toLowerCase()];
	if (!entity || !event || id === '') return undefined;
	return { realmId, entity, id, event, time, eventId, dedupeKey: `${realmId}:${entity}:${id}:${event}:${time}` };
}

/** The body (already verified) in either format; anything else is refused with what was expected. */
export function parseDelivery(rawBody: Buffer): ParsedDelivery | { refused: string } {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return { refused: 'The webhook body is not JSON' };
	}
	const changes: WebhookChange[] = [];
	let skipped = 0;
	const push = (found: WebhookChange | undefined, extra?: WebhookChange | undefined) => {
		for (const entry of [found, extra]) if (entry) changes.push(entry);
		if (!found) skipped += 1;
	};
	if (Array.isArray(body)) {
		// CloudEvents (§8.3): type qbo.<entity>.<verb>.v1.
		for (const event of body as IDataObject[]) {
			const [, entityName = '', verb = ''] = text(event?.type).split('.');
			push(change(text(event?.intuitaccountid), entityName, text(event?.intuitentityid), verb, text(event?.time), text(event?.id) || undefined));
		}
		return { format: 'cloudevents', changes, skipped };
	}
	const notifications = (body as IDataObject | null)?.eventNotifications;
	if (!Array.isArray(notifications)) {
		return { refused: 'The webhook body is neither CloudEvents (a JSON array) nor the legacy {"eventNotifications": [...]} format' };
	}
	for (const notification of notifications as IDataObject[]) {
		const realmId = text(notification?.realmId);
		const entities = ((notification?.dataChangeEvent as IDataObject | undefined)?.entities as IDataObject[] | undefined) ?? [];
		for (const entity of entities) {
			const name = text(entity?.name);
			const operation = text(entity?.operation);
			const time = text(entity?.lastUpdated);
			// A merge also names the record merged away (§8.2 deletedId): that one is gone.
			const merged = operation.toLowerCase() === 'merge' && entity?.deletedId ? change(realmId, name, text(entity.deletedId), 'delete', time) : undefined;
			push(change(realmId, name, text(entity?.id), operation, time), merged);
		}
	}
	return { format: 'legacy', changes, skipped };
}

/**
 * What the memory keeps of a change: short digests of its key and of its CloudEvents id (the static data
 * is saved with the workflow after every delivery, so 5,000 entries stay near 100 KB).
 */
export function deliveryMarks(change: WebhookChange): string[] {
	const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 16);
	return [digest(change.dedupeKey), ...(change.eventId ? [digest(`event:${change.eventId}`)] : [])];
}

/** Bounded memory of delivered events: the newest REMEMBERED_DELIVERIES marks. */
export function rememberDeliveries(previous: unknown, keys: readonly string[]): string[] {
	const list = Array.isArray(previous) ? (previous as unknown[]).filter((key): key is string => typeof key === 'string') : [];
	return [...list, ...keys].slice(-REMEMBERED_DELIVERIES);
}
