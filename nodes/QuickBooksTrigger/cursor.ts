/**
 * The polling cursor, kept in the workflow's static data (the only state n8n keeps for a trigger, in
 * queue mode too) and turned into events with nothing missed and nothing twice:
 * - `cursor` is the newest change time read (QuickBooks' whole seconds). Each poll reads from
 *   `cursor - lateWindow`: the cursor's own second again (changes made later within it), and changes
 *   QuickBooks stamped earlier than it committed them, if it does;
 * - every change read is known by its key (entity, id, change time); keys of the re-read span are
 *   kept, so a change is reported once however many polls read it;
 * - nothing before `floor` (the activation, Start From Now) is reported;
 * - a poll reports at most a set number of changes, oldest first, and moves the cursor only to the last
 *   one reported; the rest come next poll. Until that backlog is worked off, the keys read since it
 *   began are all kept (`backlogFrom`), so a record first seen in a later poll is still "created";
 * - the state is replaced only when the poll's output is complete: a poll that fails reports the same
 *   changes next time (at least once, never at most once).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ObservedChange } from './changes';
import { changeKey, epochOf, eventsForState, lastUpdatedOf, type TriggerEvent } from './events';

export interface CursorState {
	version: 1;
	realmId: string;
	/** Epoch ms: nothing changed before this is reported (when the trigger started). */
	floor: number;
	/** Epoch ms: the newest change read so far. */
	cursor: number;
	/** Change keys reported at or after `keptFrom(state)`, with their times. */
	seen: Record<string, number>;
	/** Set while changes are left for the next poll: where the unfinished read began. */
	backlogFrom?: number;
}

export interface DetectedChange {
	change: ObservedChange;
	key: string;
	events: TriggerEvent[];
}

export function initialCursor(realmId: string, start: number): CursorState {
	const second = Math.floor(start / 1000) * 1000;
	return { version: 1, realmId, floor: second, cursor: second, seen: {} };
}

export function readCursor(value: unknown, realmId: string): CursorState | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const state = value as Partial<CursorState>;
	if (state.version !== 1 || state.realmId !== realmId || typeof state.cursor !== 'number' || typeof state.floor !== 'number') return undefined;
	const backlogFrom = typeof state.backlogFrom === 'number' ? { backlogFrom: state.backlogFrom } : {};
	return { version: 1, realmId, floor: state.floor, cursor: state.cursor, seen: { ...(state.seen ?? {}) }, ...backlogFrom };
}

/** Where the next read starts. */
export function readFrom(state: CursorState, lateWindowMs: number): number {
	return Math.max(state.floor, state.cursor - lateWindowMs);
}

/**
 * The changes of one read that were not reported before, oldest first (at most `limit`), each with its
 * events, and the state after them. A record not seen since `keptFrom`, and created since then, is
 * "created" (see eventsForState).
 */
export function detectChanges(
	state: CursorState,
	observed: readonly ObservedChange[],
	lateWindowMs: number,
	limit = Number.POSITIVE_INFINITY,
): { fresh: DetectedChange[]; next: CursorState; leftOver: boolean } {
	const keptFrom = Math.min(state.backlogFrom ?? Number.POSITIVE_INFINITY, readFrom(state, lateWindowMs));
	const knownRecords = new Set(Object.keys(state.seen).map((key) => key.split(':').slice(0, 2).join(':')));
	const seen = { ...state.seen };
	const ordered = [...observed].sort((a, b) => a.at - b.at || a.entity.localeCompare(b.entity) || Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
	const fresh: DetectedChange[] = [];
	let cursor = state.cursor;
	let leftOver = false;
	for (const change of ordered) {
		if (change.at < state.floor) continue;
		const key = changeKey(change.entity, change.id, change.at, change.deleted);
		if (key in seen) continue;
		if (fresh.length >= limit) {
			leftOver = true;
			break;
		}
		seen[key] = change.at;
		cursor = Math.max(cursor, change.at);
		const recordKey = `${change.entity}:${change.id}`;
		const createdAt = epochOf((change.record.MetaData as IDataObject | undefined)?.CreateTime);
		const isNew = !change.deleted && !knownRecords.has(recordKey) && createdAt !== undefined && createdAt >= keptFrom;
		knownRecords.add(recordKey);
		fresh.push({ change, key, events: eventsForState(change.entity, change.record, isNew) });
	}
	const next: CursorState = { version: 1, realmId: state.realmId, floor: state.floor, cursor, seen: {} };
	if (leftOver) next.backlogFrom = keptFrom;
	const keepFrom = Math.min(next.backlogFrom ?? Number.POSITIVE_INFINITY, Math.max(state.floor, cursor - lateWindowMs));
	for (const [key, at] of Object.entries(seen)) if (at >= keepFrom) next.seen[key] = at;
	return { fresh, next, leftOver };
}

/** A record's own change time, for items that carry it. */
export function changedAtOf(change: ObservedChange): string {
	return lastUpdatedOf(change.record) ?? new Date(change.at).toISOString();
}
