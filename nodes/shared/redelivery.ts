/**
 * "Deliver Each Event Again": a trigger's second delivery of every event it emitted, a set time later.
 *
 * n8n runs an execution once. When the process running it dies (a queue-mode worker killed, n8n
 * restarted), n8n marks it failed or crashed and runs it nowhere else (n8n 2.x's Bull queue allows no stalled
 * re-run, and Retry keeps the crash's error), while the trigger's cursor has already moved past its
 * events. A second delivery after the crash brings those events back on the next polls; the sync
 * operations are idempotent by meaning, so an event that was processed comes out unchanged.
 *
 * Bookkeeping over the trigger's static data: what is due, what waits. The trigger re-reads the due
 * records itself, so a second delivery carries the record as it is then.
 */
import type { IDataObject } from 'n8n-workflow';

/** One record's events to deliver again, due at `due` (epoch ms, this host's clock: a delay, not a date). */
export interface PendingRedelivery<Event> {
	id: string;
	due: number;
	events: Event[];
}

/** A hard bound on the static data: past it, the entries due first are dropped (and the trigger says so). */
export const REDELIVERY_LIMIT = 20_000;

function pendingRedeliveries<Event>(stored: unknown): Array<PendingRedelivery<Event>> {
	return Array.isArray(stored) ? (stored as Array<PendingRedelivery<Event>>) : [];
}

/**
 * One poll's second deliveries over the trigger's static data (`redeliveries`): those `due` now, at most
 * `room` events, and `keep`, to call once the poll's output is complete (with the cursor), which stores
 * what still waits plus this poll's first deliveries and returns how many events past the limit it
 * dropped. With the option off (`delayMs` 0) nothing is due and `keep` clears what an earlier setting left.
 */
export function redeliveriesOfPoll<Event>(
	staticData: IDataObject,
	delayMs: number,
	room: number,
	keyOf: (event: Event) => string,
	now = Date.now(),
): { due: Array<{ id: string; events: Event[] }>; keep(delivered: ReadonlyArray<{ id: string; events: Event[] }>): number } {
	if (delayMs <= 0) {
		return {
			due: [],
			keep: () => {
				if (staticData.redeliveries !== undefined) delete staticData.redeliveries;
				return 0;
			},
		};
	}
	const pending = pendingRedeliveries<Event>(staticData.redeliveries);
	const { due, waiting } = takeDueRedeliveries(pending, now, room, keyOf);
	return {
		due,
		keep: (delivered) => {
			const { pending: next, dropped } = scheduleRedeliveries(waiting, delivered, now, delayMs);
			// Written only when it changed, so a quiet poll leaves the static data as it was.
			if (JSON.stringify(next) !== JSON.stringify(pending)) staticData.redeliveries = next as unknown as IDataObject[];
			return dropped;
		},
	};
}

/**
 * Splits the pending entries into those due now (merged per record, events in their first order, each
 * event once by `keyOf`), at most `maxEvents` events of them, and the rest, still waiting.
 */
export function takeDueRedeliveries<Event>(
	pending: ReadonlyArray<PendingRedelivery<Event>>,
	now: number,
	maxEvents: number,
	keyOf: (event: Event) => string,
): { due: Array<{ id: string; events: Event[] }>; waiting: Array<PendingRedelivery<Event>> } {
	// No room left this poll: everything waits (a record with more events than the cap still goes alone when there is room).
	if (maxEvents <= 0) return { due: [], waiting: [...pending] };
	const due = new Map<string, Map<string, Event>>();
	const waiting: Array<PendingRedelivery<Event>> = [];
	let taken = 0;
	for (const entry of [...pending].sort((a, b) => a.due - b.due)) {
		if (entry.due > now || (taken > 0 && taken + entry.events.length > maxEvents)) {
			waiting.push(entry);
			continue;
		}
		const events = due.get(entry.id) ?? new Map<string, Event>();
		for (const event of entry.events) events.set(keyOf(event), event);
		due.set(entry.id, events);
		taken += entry.events.length;
	}
	return { due: [...due].map(([id, events]) => ({ id, events: [...events.values()] })), waiting };
}

/** Adds this poll's first deliveries, due `delayMs` from now; keeps at most REDELIVERY_LIMIT events. */
export function scheduleRedeliveries<Event>(
	waiting: ReadonlyArray<PendingRedelivery<Event>>,
	delivered: ReadonlyArray<{ id: string; events: Event[] }>,
	now: number,
	delayMs: number,
): { pending: Array<PendingRedelivery<Event>>; dropped: number } {
	const pending = [...waiting, ...delivered.filter((entry) => entry.events.length > 0).map((entry) => ({ id: entry.id, due: now + delayMs, events: entry.events }))];
	let count = pending.reduce((sum, entry) => sum + entry.events.length, 0);
	let dropped = 0;
	pending.sort((a, b) => a.due - b.due);
	while (count > REDELIVERY_LIMIT && pending.length > 0) {
		const first = pending.shift()!;
		count -= first.events.length;
		dropped += first.events.length;
	}
	return { pending, dropped };
}
