import { describe, expect, it } from '@jest/globals';

import { REDELIVERY_LIMIT, scheduleRedeliveries, takeDueRedeliveries, type PendingRedelivery } from '../../../nodes/shared/redelivery';

/** The bookkeeping of second deliveries: what is due, within the poll's room, and the bound on what waits. */
type Event = { name: string; at: number };
const key = (event: Event) => `${event.name}@${event.at}`;
const entry = (id: string, due: number, ...events: Event[]): PendingRedelivery<Event> => ({ id, due, events });

describe('second deliveries', () => {
	it('takes what is due, oldest first, one entry per record with each event once; the rest waits', () => {
		const pending = [entry('b', 20, { name: 'updated', at: 2 }), entry('a', 10, { name: 'created', at: 1 }), entry('a', 15, { name: 'created', at: 1 }, { name: 'updated', at: 3 }), entry('c', 99, { name: 'created', at: 9 })];
		const { due, waiting } = takeDueRedeliveries(pending, 50, 10, key);
		expect(due).toEqual([
			{ id: 'a', events: [{ name: 'created', at: 1 }, { name: 'updated', at: 3 }] },
			{ id: 'b', events: [{ name: 'updated', at: 2 }] },
		]);
		expect(waiting).toEqual([entry('c', 99, { name: 'created', at: 9 })]);
	});

	it('keeps within the room left in the poll: none when there is none, and a record too big for the cap alone when nothing else went', () => {
		const pending = [entry('a', 1, { name: 'x', at: 1 }, { name: 'y', at: 2 }, { name: 'z', at: 3 }), entry('b', 2, { name: 'x', at: 1 })];
		expect(takeDueRedeliveries(pending, 10, 0, key).due).toEqual([]);
		expect(takeDueRedeliveries(pending, 10, 0, key).waiting).toHaveLength(2);
		const one = takeDueRedeliveries(pending, 10, 2, key);
		expect(one.due.map((taken) => taken.id)).toEqual(['a']);
		expect(one.waiting.map((waiting) => waiting.id)).toEqual(['b']);
	});

	it('schedules first deliveries after the delay and drops the oldest past the limit', () => {
		const { pending, dropped } = scheduleRedeliveries([entry('old', 5, { name: 'x', at: 1 })], [{ id: 'new', events: [{ name: 'y', at: 2 }] }, { id: 'none', events: [] }], 100, 60_000);
		expect(pending).toEqual([entry('old', 5, { name: 'x', at: 1 }), entry('new', 60_100, { name: 'y', at: 2 })]);
		expect(dropped).toBe(0);
		const full = Array.from({ length: REDELIVERY_LIMIT }, (_, index) => entry(String(index), index, { name: 'x', at: index }));
		const over = scheduleRedeliveries(full, [{ id: 'late', events: [{ name: 'y', at: 1 }, { name: 'z', at: 2 }] }], 100_000, 1);
		expect(over.dropped).toBe(2);
		expect(over.pending.map((kept) => kept.id).slice(0, 2)).toEqual(['2', '3']);
		expect(over.pending.at(-1)!.id).toBe('late');
	});
});
