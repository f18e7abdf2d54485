/**
 * What the QuickBooks Trigger reports: one event per change of a watched entity, the same shape
 * whether the change came from Change Data Capture, a query, or a webhook.
 */
import type { IDataObject } from 'n8n-workflow';

export const TRIGGER_ENTITIES = ['Invoice', 'Payment', 'CreditMemo', 'RefundReceipt', 'SalesReceipt', 'Customer'] as const;
export type TriggerEntity = (typeof TRIGGER_ENTITIES)[number];

export const TRIGGER_EVENTS = ['created', 'updated', 'voided', 'deleted'] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

/** Where the trigger learnt of the change. */
export type ChangeSource = 'cdc' | 'query' | 'webhook';

/** The JSON of one output item. */
export interface TriggerItem extends IDataObject {
	event: TriggerEvent;
	entity: TriggerEntity;
	/** The QuickBooks Id of the record. */
	id: string;
	realmId: string;
	/** When QuickBooks changed the record (ISO 8601, QuickBooks' own offset kept). */
	changedAt: string;
	/** Stable per change: the same change always has the same key, so a workflow can skip what it has done. */
	eventKey: string;
	source: ChangeSource;
	/** The record as QuickBooks holds it now; null when it is deleted or was not read. */
	record: IDataObject | null;
	/** Set when the trigger could not read the changes the usual way (see README "QuickBooks Trigger"). */
	notice?: string;
	/** The webhook event's own id (CloudEvents), when the change came by webhook. */
	webhookEventId?: string;
	/** Set on the second delivery of a change ("Deliver Each Change Again After"). */
	redelivered?: boolean;
}

export function isTriggerEntity(name: string): name is TriggerEntity {
	return (TRIGGER_ENTITIES as readonly string[]).includes(name);
}

/** The entity named in any case (webhooks say `qbo.invoice.…`, `creditmemo`), or undefined. */
export function triggerEntityNamed(name: string): TriggerEntity | undefined {
	return TRIGGER_ENTITIES.find((entity) => entity.toLowerCase() === name.toLowerCase());
}

/** QuickBooks' MetaData times carry whole seconds and an offset: "2026-10-01T09:15:00-07:00". */
export function epochOf(time: unknown): number | undefined {
	if (typeof time !== 'string' || time.trim() === '') return undefined;
	const at = Date.parse(time);
	return Number.isNaN(at) ? undefined : at;
}

export function lastUpdatedOf(record: IDataObject): string | undefined {
	const time = (record.MetaData as IDataObject | undefined)?.LastUpdatedTime;
	return typeof time === 'string' ? time : undefined;
}

/** The key of one change: entity, id and the change's time (plus "deleted", whose time may repeat a last update's). */
export function changeKey(entity: TriggerEntity, id: string, changedAtMs: number, deleted: boolean): string {
	return `${entity}:${id}:${changedAtMs}${deleted ? ':deleted' : ''}`;
}

/**
 * A voided transaction: QuickBooks zeroes its amounts and injects "Voided" into PrivateNote
 * (quickbooks.md §1.6, quoting Intuit: "amounts zeroed … 'Voided' injected into PrivateNote").
 * Both must hold, so a zero-amount document whose memo merely starts with "Voided" is not taken for one.
 */
export function isVoided(record: IDataObject): boolean {
	const note = typeof record.PrivateNote === 'string' ? record.PrivateNote.trim() : '';
	const total = Number(record.TotalAmt ?? 0);
	return /^voided\b/i.test(note) && total === 0;
}

/** CDC reports a deleted object as `{ Id, status: "Deleted", MetaData }` (quickbooks.md §8.1). */
export function isDeletedEntry(record: IDataObject): boolean {
	return typeof record.status === 'string' && record.status.toLowerCase() === 'deleted';
}

/**
 * QuickBooks never deletes a customer (name-list entities are made inactive, quickbooks.md §1.6):
 * the trigger reports an inactive customer's change as "deleted".
 */
export function isInactiveCustomer(entity: TriggerEntity, record: IDataObject): boolean {
	return entity === 'Customer' && record.Active === false;
}

/**
 * The events one observed state of a record stands for. `isNew` says the record was created since the
 * trigger last looked (its creation was not reported yet): it is "created", and also "voided" or
 * "deleted" when it already is, so a creation is never lost behind a later change of the same poll.
 */
export function eventsForState(entity: TriggerEntity, record: IDataObject, isNew: boolean): TriggerEvent[] {
	if (isDeletedEntry(record)) return ['deleted'];
	const events: TriggerEvent[] = isNew ? ['created'] : [];
	if (entity !== 'Customer' && isVoided(record)) events.push('voided');
	else if (isInactiveCustomer(entity, record)) events.push('deleted');
	else if (!isNew) events.push('updated');
	return events;
}
