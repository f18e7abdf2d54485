import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import type { HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { callsSince, credentialsFor, cursorOf, lastSeq, pollOnce, sleepMs, triggerWorkflow, useTriggerSimulator } from './helpers';

/**
 * The cursor (DESIGN.md "Trigger cursor"): nothing missed and nothing emitted twice, across the
 * search index's lag, equal modification times, more than 10,000 changes in one window, and the
 * per-poll cap; "Fetch Test Event" leaves it alone.
 */

let sim: HubSpotSimulator;
useTriggerSimulator({ beforeAll, afterAll, beforeEach }, (started) => (sim = started));

let buyer = 0;
function draftInvoice() {
	return sim.createInvoice({ currency: 'USD', lineItems: [{ name: 'Widget', price: '10.00' }], contacts: [{ email: `cursor${++buyer}@example.com` }] }).id;
}

/** Invoices written straight into the store at chosen instants: fast, and exact timestamps. */
function invoicesAt(instants: number[]): string[] {
	return instants.map((at) => sim.store.create('invoices', { hs_currency: 'USD' }, { at }).id);
}

const FAST = { requestsPer10Seconds: 100_000, searchesPerSecond: 1000 };

function countIds(items: Array<Record<string, unknown>>, counts = new Map<string, number>()): Map<string, number> {
	for (const item of items) counts.set(item.id as string, (counts.get(item.id as string) ?? 0) + 1);
	return counts;
}

describe('HubSpot Invoice Trigger: cursor', () => {
	it('a change that shows in search only after the index lag is still emitted, exactly once', async () => {
		const workflow = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceUpdated'], options: { indexLagSeconds: 3 } });
		const credentials = credentialsFor(sim);
		await pollOnce(workflow, credentials);
		await sleepMs(2);

		// A is written first but indexed late; B, written after it, shows at once. A cursor that
		// jumped to B's time would never see A.
		sim.setIndexLag(1200);
		const late = draftInvoice();
		await sleepMs(5);
		sim.setIndexLag(0);
		const early = draftInvoice();

		const first = await pollOnce(workflow, credentials);
		expect(first.map((item) => item.id)).toEqual([early]);

		await sleepMs(1300);
		const second = await pollOnce(workflow, credentials);
		expect(second.map((item) => item.id)).toEqual([late]);

		// Once both are older than the look-back, the cursor moves past them; nothing comes twice.
		await sleepMs(3100);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		const cursor = cursorOf(workflow) as { position: { ts: number }; seen: Record<string, number> };
		expect(cursor.position.ts).toBeGreaterThanOrEqual(Number(new Date((sim.inspect('invoices', late)!.properties.hs_lastmodifieddate))));
	}, 20_000);

	it('many records sharing one millisecond, across several pages, each emitted once', async () => {
		const start = Date.now() - 60_000;
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoiceCreated'],
			options: { startFrom: 'date', startDate: new Date(start).toISOString(), maxEventsPerPoll: 10_000, ...FAST },
		});
		const credentials = credentialsFor(sim);
		const tie = start + 1000;
		const ids = [
			...invoicesAt([tie - 1, tie - 1]),
			...invoicesAt(Array.from({ length: 450 }, () => tie)),
			...invoicesAt([tie + 1, tie + 1, tie + 2]),
		];
		const before = lastSeq(sim);
		const items = await pollOnce(workflow, credentials);
		const counts = countIds(items);
		expect(counts.size).toBe(ids.length);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		expect(new Set(counts.keys())).toEqual(new Set(ids));
		// The millisecond that fills whole pages is read by record id (the keyset within a timestamp).
		const tieQueries = callsSince(sim, before).filter((call) =>
			JSON.stringify(call.body ?? '').includes('"propertyName":"hs_object_id","direction":"ASCENDING"'),
		);
		expect(tieQueries.length).toBeGreaterThanOrEqual(3);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it.each([
		['older than the look-back', 0, -60_000],
		['still inside the look-back', 600, 0],
	])('the cap stopping inside one crowded millisecond (%s) resumes there on the next poll', async (_label, lagSeconds, offset) => {
		const start = Date.now() - 120_000;
		const tie = Date.now() + offset - 5;
		const ids = invoicesAt(Array.from({ length: 450 }, () => tie));
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoiceCreated'],
			options: { startFrom: 'date', startDate: new Date(start).toISOString(), maxEventsPerPoll: 100, indexLagSeconds: lagSeconds, ...FAST },
		});
		const credentials = credentialsFor(sim);
		const counts = new Map<string, number>();
		const perPoll: number[] = [];
		for (let round = 0; round < 7; round++) {
			const items = await pollOnce(workflow, credentials);
			perPoll.push(items.length);
			countIds(items, counts);
		}
		expect(perPoll).toEqual([100, 100, 100, 100, 50, 0, 0]);
		expect(new Set(counts.keys())).toEqual(new Set(ids));
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
	}, 30_000);

	it('more than 10,000 changes in one window: every record emitted exactly once over the polls', async () => {
		const start = Date.now() - 3_600_000;
		const total = 10_050;
		// Seven changes per millisecond, all inside one short window.
		const ids = invoicesAt(Array.from({ length: total }, (_, index) => start + 10 + Math.floor(index / 7)));
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoiceCreated'],
			options: { startFrom: 'date', startDate: new Date(start).toISOString(), maxEventsPerPoll: 2500, ...FAST },
		});
		// A portal of its own (another token), so this burst does not slow the other tests' windows.
		sim.addToken('bulk-portal-token');
		const credentials = credentialsFor(sim, 'bulk-portal-token');
		const before = lastSeq(sim);
		const counts = new Map<string, number>();
		const perPoll: number[] = [];
		for (let round = 0; round < 8; round++) {
			const items = await pollOnce(workflow, credentials);
			perPoll.push(items.length);
			countIds(items, counts);
			if (items.length === 0) break;
		}
		expect(perPoll).toEqual([2500, 2500, 2500, 2500, 50, 0]);
		expect(counts.size).toBe(total);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		expect(new Set(counts.keys())).toEqual(new Set(ids));
		// No query ever paged near HubSpot's 10,000-result cap: no 400, no `after` offsets. Under HubSpot's
		// own limits (the realistic profile) a search may be answered 429 and asked again: nothing else.
		const searches = callsSince(sim, before).filter((call) => call.path.endsWith('/search'));
		expect(searches.every((call) => [200, 429].includes(call.status) && (call.body as { after?: string }).after === undefined)).toBe(true);
		expect(searches.some((call) => call.status === 200)).toBe(true);
		console.log(`10,050 changes in one window: ${searches.length} searches over ${perPoll.length} polls, each record once`);
	}, 120_000);

	it('the max-events cap: the rest comes out on the next polls, in order, none twice', async () => {
		const start = Date.now() - 60_000;
		const ids = invoicesAt(Array.from({ length: 25 }, (_, index) => start + 100 + index * 10));
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoiceCreated'],
			options: { startFrom: 'date', startDate: new Date(start).toISOString(), maxEventsPerPoll: 10 },
		});
		const credentials = credentialsFor(sim);
		const polls = [await pollOnce(workflow, credentials), await pollOnce(workflow, credentials), await pollOnce(workflow, credentials)];
		expect(polls.map((items) => items.length)).toEqual([10, 10, 5]);
		expect(polls.flat().map((item) => item.id)).toEqual(ids);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	}, 20_000);

	it('the cap counts items: a record whose events do not fit waits whole for the next poll', async () => {
		const workflow = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceCreated', 'invoiceUpdated'], options: { maxEventsPerPoll: 3 } });
		const credentials = credentialsFor(sim);
		await pollOnce(workflow, credentials);
		await sleepMs(2);
		const first = draftInvoice();
		await sleepMs(2);
		const second = draftInvoice();
		const one = await pollOnce(workflow, credentials);
		expect(one.map((item) => `${item.id}:${item.event}`)).toEqual([`${first}:invoiceCreated`, `${first}:invoiceUpdated`]);
		const two = await pollOnce(workflow, credentials);
		expect(two.map((item) => `${item.id}:${item.event}`)).toEqual([`${second}:invoiceCreated`, `${second}:invoiceUpdated`]);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it('a backfill from a date finds transitions of invoices changed again later', async () => {
		const start = Date.now() - 3_600_000;
		const contact = sim.createObject('contacts', { email: 'backfill@example.com' }).id;
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '5.00' }], contacts: [contact], at: start + 1000 });
		sim.setInvoiceStatus(invoice.id, 'open', { at: start + 2000 });
		sim.setInvoiceStatus(invoice.id, 'paid', { at: start + 3000 });
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoiceFinalized', 'invoicePaid'],
			options: { startFrom: 'date', startDate: new Date(start).toISOString() },
		});
		const items = await pollOnce(workflow, credentialsFor(sim));
		expect(items.map((item) => [item.event, item.occurredAt])).toEqual([
			['invoiceFinalized', new Date(start + 2000).toISOString()],
			['invoicePaid', new Date(start + 3000).toISOString()],
		]);
	});

	it('"Fetch Test Event" returns the latest matching record and leaves the cursor alone', async () => {
		const workflow = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceFinalized'] });
		const credentials = credentialsFor(sim);
		const older = draftInvoice();
		sim.setInvoiceStatus(older, 'open');
		await sleepMs(2);
		const newer = draftInvoice();
		sim.setInvoiceStatus(newer, 'open');
		await sleepMs(2);
		draftInvoice(); // the most recent change, but never finalized

		// Before activation: no cursor is created.
		const sample = await pollOnce(workflow, credentials, 'manual');
		expect(sample).toHaveLength(1);
		expect(sample[0]).toMatchObject({ event: 'invoiceFinalized', id: newer });
		expect(cursorOf(workflow)).toBeUndefined();

		// After activation: the cursor stays as it was.
		await pollOnce(workflow, credentials);
		const cursor = JSON.stringify(cursorOf(workflow));
		await sleepMs(2);
		const latest = draftInvoice();
		sim.setInvoiceStatus(latest, 'open');
		const again = await pollOnce(workflow, credentials, 'manual');
		expect(again[0]).toMatchObject({ id: latest });
		expect(JSON.stringify(cursorOf(workflow))).toBe(cursor);
		// The production poll still gets the change.
		expect((await pollOnce(workflow, credentials)).map((item) => item.id)).toEqual([latest]);
	});

	it('"Fetch Test Event" says so when nothing matches', async () => {
		const workflow = triggerWorkflow({ object: 'payment', paymentEvents: ['paymentRefunded'] });
		sim.recordPayment({ amount: '10.00' });
		await expect(pollOnce(workflow, credentialsFor(sim), 'manual')).rejects.toThrow(/No HubSpot payment with the chosen events/);
	});
});
