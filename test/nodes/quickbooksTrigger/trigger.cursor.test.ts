/**
 * QuickBooks Trigger, polling: the cursor reports every change exactly once
 * - across 2,000 changes, where CDC answers at most 1,000 objects (quickbooks.md §8.1), under both
 *   readings of that cap (per entity, and shared by all entities) and whichever objects a cut answer keeps;
 * - when changes land in the very second the previous poll ended on;
 * - when a poll outputs only part of what changed (Max Changes per Poll);
 * - across a 31-day gap, beyond CDC's 30-day look-back: a query reads the changes since the cursor,
 *   the output says so, and deletions within the 30 days still come from CDC.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { PollContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import { createAdditionalData } from '../../harness/engine';
import { useQuickBooksTestbed } from '../quickbooks/testbed';
import { Books, freezeBooksClock, pollTrigger, TRIGGER_NAME, triggerWorkflow } from './testbed';

const testbed = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });

/** Polls until a poll reports nothing; all items of all polls. */
async function drain(workflow: ReturnType<typeof triggerWorkflow>): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	for (let round = 0; round < 10; round += 1) {
		const items = await pollTrigger(testbed, workflow);
		if (items.length === 0) return all;
		all.push(...items);
	}
	throw new Error('The trigger kept reporting changes after 10 polls');
}

function keysOf(items: readonly IDataObject[]): string[] {
	return items.map((item) => `${String(item.entity)}:${String(item.id)}:${String(item.event)}`).sort();
}

describe('QuickBooks Trigger cursor', () => {
	let books: Books;
	beforeEach(() => {
		freezeBooksClock(testbed);
		books = new Books(testbed);
	});

	it.each([
		['per entity', { cdcLimitShared: false }],
		['shared by all entities', { cdcLimitShared: true }],
		['per entity, a cut answer keeping the newest changes', { cdcCutKeeps: 'newest' as const }],
	])('reports 2,000 changes exactly once with the CDC cap read %s', async (_reading, reading) => {
		Object.assign(testbed.sim.store.settings, reading);
		const workflow = triggerWorkflow({ entities: ['Invoice', 'Customer'], events: ['created', 'updated', 'deleted'] });
		expect(await pollTrigger(testbed, workflow)).toEqual([]);

		const expected: string[] = [];
		const reported: IDataObject[] = [];
		const seedSecond = (second: number) => {
			// 50 changes this second: one customer and 49 invoices of it.
			const seeded = testbed.sim.seed({ customers: 1, invoices: 49, paidShare: 0, prefix: `S${second}` });
			expected.push(...seeded.customers.map((id) => `Customer:${id}:created`), ...seeded.invoices.map((id) => `Invoice:${id}:created`));
			return seeded;
		};
		let firstInvoices: string[] = [];
		for (let second = 0; second < 36; second += 1) {
			testbed.sim.advanceClock(1);
			const seeded = seedSecond(second);
			if (second === 0) firstInvoices = seeded.invoices;
			if (second === 20) {
				// A poll ends on this second; more changes follow within it: they are reported next time, once.
				reported.push(...(await pollTrigger(testbed, workflow)));
				seedSecond(100);
			}
		}
		testbed.sim.advanceClock(1);
		for (const id of firstInvoices.slice(0, 10)) {
			await books.touch('invoice', { Id: id }, 'edited after creation');
			expected.push(`Invoice:${id}:updated`);
		}
		for (const id of firstInvoices.slice(10, 20)) {
			await books.delete('invoice', { Id: id });
			expected.push(`Invoice:${id}:deleted`);
		}
		expect(expected).toHaveLength(36 * 50 + 50 + 20);
		reported.push(...(await drain(workflow)));

		expect(keysOf(reported)).toEqual([...expected].sort());
		expect(new Set(reported.map((item) => item.eventKey)).size).toBe(reported.length);
		// CDC answered 1,000 objects at a time and the trigger paged by narrowing changedSince.
		const cdcCalls = testbed.apiCalls(/\/cdc$/);
		const invoiceAlone = cdcCalls.filter((call) => call.query.entities === 'Invoice');
		expect(invoiceAlone.length).toBeGreaterThanOrEqual(2);
		expect(new Set(invoiceAlone.map((call) => call.query.changedSince)).size).toBeGreaterThanOrEqual(2);
		expect(reported.every((item) => item.notice === undefined)).toBe(true);
		// Cut to the oldest changes, CDC alone is complete; cut to others, the query fills in the live records.
		if (!('cdcCutKeeps' in reading)) expect(reported.every((item) => item.source === 'cdc')).toBe(true);
		else expect(reported.some((item) => item.source === 'query')).toBe(true);
	});

	it('outputs at most Max Changes per Poll, oldest first, the rest on the next polls; a record first seen late is still created', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice'], options: { maxChangesPerPoll: 2, lateWindowSeconds: 0 } });
		await pollTrigger(testbed, workflow);
		testbed.sim.advanceClock(1);
		const early = await books.invoice(5);
		testbed.sim.advanceClock(1);
		const batch = [await books.invoice(10), await books.invoice(20), await books.invoice(30)];
		testbed.sim.advanceClock(1);
		// Its creation is older than the changes the first polls report; its only state seen is this update.
		await books.touch('invoice', early, 'changed later');
		const polls = [await pollTrigger(testbed, workflow), await pollTrigger(testbed, workflow), await pollTrigger(testbed, workflow)];
		expect(polls.map((items) => items.map((item) => [item.event, item.id]))).toEqual([
			[['created', batch[0].Id], ['created', batch[1].Id]],
			[['created', batch[2].Id], ['created', early.Id]],
			[],
		]);
	});

	it('reports the changes between activation and the first scheduled poll, even when the engine drops what the activation poll wrote', async () => {
		// n8n 2.41 can stage static data per poll (cursors stored apart): each poll works on a copy, kept when
		// the poll emits or is a scheduled one; the activation poll's copy is dropped when it returns nothing.
		const workflow = triggerWorkflow({ entities: ['Invoice'] });
		const node = workflow.getNode(TRIGGER_NAME)!;
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		let stored: IDataObject = {};
		let staged: IDataObject = {};
		const noop = () => undefined;
		const context = new PollContext(workflow, node, createAdditionalData(testbed.credentials), 'trigger', 'activate', noop, noop, async () => undefined, async (run) => await run(), () => staged);
		const pollAs = async (kind: 'activation' | 'scheduled') => {
			staged = structuredClone(stored);
			const result = await nodeType.poll!.call(context);
			if (result !== null || kind === 'scheduled') stored = staged;
			return (result?.[0] ?? []).map((item) => item.json);
		};
		expect(await pollAs('activation')).toEqual([]);
		expect(stored).toEqual({});
		testbed.sim.advanceClock(1);
		const invoice = await books.invoice(10);
		expect((await pollAs('scheduled')).map((item) => [item.event, item.id])).toEqual([['created', invoice.Id]]);
		expect(await pollAs('scheduled')).toEqual([]);
		expect(stored.cursor).toBeDefined();
	});

	it('runs one poll at a time: two overlapping polls report each change once', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice'] });
		await pollTrigger(testbed, workflow);
		testbed.sim.advanceClock(1);
		const invoices = [await books.invoice(10), await books.invoice(20)];
		testbed.sim.server.latencyMs = [50, 50];
		const [first, second] = await Promise.all([pollTrigger(testbed, workflow), pollTrigger(testbed, workflow)]);
		testbed.sim.server.latencyMs = [0, 0];
		expect([...first, ...second].map((item) => item.id)).toEqual(invoices.map((invoice) => invoice.Id));
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
	});

	it('after a 31-day gap reads by query, says so, and still reports each change once', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice'] });
		await pollTrigger(testbed, workflow);
		testbed.sim.advanceClock(1);
		const early = await books.invoice(10);
		const doomedEarly = await books.invoice(11);
		expect((await pollTrigger(testbed, workflow)).map((item) => [item.event, item.id])).toEqual([
			['created', early.Id],
			['created', doomedEarly.Id],
		]);

		testbed.sim.advanceClock(5);
		const createdAfterCursor = await books.invoice(12);
		// Deleted 31 days before the next poll: CDC no longer lists it, and nothing else can.
		await books.delete('invoice', doomedEarly);
		testbed.sim.advanceClock(31 * 86_400);
		// The writer's access token expired a month ago: it refreshes, and the trigger's credential does through n8n.
		const fresh = await books.invoice(13);
		await books.touch('invoice', early, 'a month later');
		await books.touch('invoice', createdAfterCursor, 'a month later');
		await books.delete('invoice', fresh);
		const recent = await books.invoice(14);

		const items = await pollTrigger(testbed, workflow);
		expect(items.map((item) => [item.event, item.id, item.source])).toEqual([
			// Same second: by id.
			['updated', early.Id, 'query'],
			['created', createdAfterCursor.Id, 'query'],
			['deleted', fresh.Id, 'cdc'],
			['created', recent.Id, 'query'],
		]);
		expect(items[0].notice).toMatch(/more than 30 days ago.*read by a query.*Deletions are known from .* on only/);
		expect(items.every((item) => item.notice === items[0].notice)).toBe(true);
		expect(testbed.apiCalls(/\/query$/).some((call) => /MetaData\.LastUpdatedTime >= /.test(String(call.query.query)))).toBe(true);

		// Back inside the window: CDC again, nothing reported twice.
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		testbed.sim.advanceClock(1);
		await books.touch('invoice', recent, 'next day');
		const next = await pollTrigger(testbed, workflow);
		expect(next.map((item) => [item.event, item.id, item.source, item.notice])).toEqual([['updated', recent.Id, 'cdc', undefined]]);
	});
});
