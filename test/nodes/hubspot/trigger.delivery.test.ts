import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { credentialsFor, cursorOf, pollOnce, sleepMs, stagedActivation, triggerWorkflow } from './helpers';

/**
 * Delivery (DESIGN.md "Trigger cursor"): at least once, never at most once. Through n8n-core's
 * PollContext against the simulator, whose clock runs `skew` ms off the host's (HubSpot's time is
 * what its answers and records say; the trigger's host keeps its own).
 */

let skew = 0;
let sim: HubSpotSimulator;
beforeAll(async () => {
	// Search sees each write at once: the tests whose subject is the index lag set it themselves (setIndexLag).
	sim = await startHubSpotSimulator({ now: () => Date.now() + skew, indexLagMs: 0 });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	skew = 0;
	sim.reset();
});

let buyer = 0;
function draftInvoice(currency = 'USD') {
	return sim.createInvoice({ currency, lineItems: [{ name: 'Widget', price: '10.00' }], contacts: [{ email: `delivery${++buyer}@example.com` }] }).id;
}

const FAST = { requestsPer10Seconds: 100_000, searchesPerSecond: 1000 };
const eventsOf = (items: IDataObject[], id?: string) => items.filter((item) => id === undefined || item.id === id).map((item) => item.event);

async function activated(parameters: IDataObject) {
	const workflow = triggerWorkflow(parameters);
	const credentials = credentialsFor(sim);
	expect(await pollOnce(workflow, credentials)).toEqual([]);
	await sleepMs(2);
	return { workflow, credentials };
}

describe('HubSpot Invoice Trigger: delivery', () => {
	it('an Include read that fails leaves the cursor: the next poll emits the same events, once', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceCreated'], options: { include: ['lineItems', 'contacts'] } });
		const ids = [draftInvoice(), draftInvoice()];
		const before = JSON.stringify(cursorOf(workflow));
		// A missing scope on the association read: a 4xx, not retried.
		sim.server.injectFault({ path: '^/crm/v4/associations/', count: 1, status: 403, body: { status: 'error', category: 'MISSING_SCOPES', message: 'This app lacks a required scope' } });
		await expect(pollOnce(workflow, credentials)).rejects.toThrow();
		expect(JSON.stringify(cursorOf(workflow))).toBe(before);

		const recovered = await pollOnce(workflow, credentials);
		expect(recovered.map((item) => item.id)).toEqual(ids);
		expect(recovered.every((item) => (item.lineItems as unknown[]).length === 1 && (item.contacts as unknown[]).length === 1)).toBe(true);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it('repeated transitions between two polls each emit, in order, with their history timestamps', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceFinalized', 'invoicePaid', 'invoiceVoided'] });
		const reopened = draftInvoice();
		const repaid = draftInvoice();
		await sleepMs(2);
		sim.setInvoiceStatus(reopened, 'open');
		sim.setInvoiceStatus(repaid, 'paid');
		await sleepMs(2);
		// The app refuses these moves; the history is written as HubSpot would record them.
		sim.updateProperties('invoices', reopened, { hs_invoice_status: 'voided' });
		sim.updateProperties('invoices', repaid, { hs_invoice_status: 'open' });
		await sleepMs(2);
		sim.updateProperties('invoices', reopened, { hs_invoice_status: 'open' });
		sim.updateProperties('invoices', repaid, { hs_invoice_status: 'paid' });

		const items = await pollOnce(workflow, credentials);
		expect(eventsOf(items, reopened)).toEqual(['invoiceFinalized', 'invoiceVoided', 'invoiceFinalized']);
		// Paid from a draft opens it first, in the same millisecond.
		expect(eventsOf(items, repaid)).toEqual(['invoiceFinalized', 'invoicePaid', 'invoiceFinalized', 'invoicePaid']);
		for (const id of [reopened, repaid]) {
			const expected = sim
				.inspect('invoices', id)!
				.history.hs_invoice_status.filter((entry) => entry.value !== 'draft')
				.map((entry) => entry.timestamp)
				.sort();
			expect(items.filter((item) => item.id === id).map((item) => item.occurredAt)).toEqual(expected);
		}
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it.each([
		['ahead of', 120_000],
		['behind', -120_000],
	])('a host clock 2 minutes %s HubSpot loses nothing, even a record the index shows late, and says so', async (_label, hostAhead) => {
		skew = -hostAhead;
		const before = draftInvoice();
		await sleepMs(1100);
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceUpdated'], options: { indexLagSeconds: 3 } });

		// Made right after activation: the first shows in search only 1.5 s late, the second at once.
		sim.setIndexLag(1500);
		const late = draftInvoice();
		sim.setIndexLag(0);
		await sleepMs(2);
		const early = draftInvoice();
		const counts = new Map<string, number>();
		const polls: IDataObject[][] = [];
		for (const wait of [0, 1700, 3200, 0]) {
			await sleepMs(wait);
			const items = await pollOnce(workflow, credentials);
			polls.push(items);
			for (const item of items) counts.set(item.id as string, (counts.get(item.id as string) ?? 0) + 1);
		}
		expect(Object.fromEntries(counts)).toEqual({ [late]: 1, [early]: 1 });
		expect(counts.has(before)).toBe(false);
		// HubSpot's Date header has whole seconds: the skew is known to within one.
		const warning = new RegExp(`\\b(119|120|121) s ${hostAhead > 0 ? 'ahead of' : 'behind'} HubSpot's`);
		expect(polls.flat().map((item) => warning.test(String(item.clockWarning)))).toEqual([true, true]);
		// The start is HubSpot's time at activation, not the host's.
		const start = (cursorOf(workflow) as { start: number }).start;
		expect(Math.abs(start + hostAhead - Date.now())).toBeLessThan(10_000);
	}, 20_000);

	it('no warning when the clocks agree', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceCreated'] });
		draftInvoice();
		const items = await pollOnce(workflow, credentials);
		expect(items).toHaveLength(1);
		expect(items[0].clockWarning).toBeUndefined();
	});

	it('the same invoice history gives the same events with the filter pushed into the search or checked after, with or without 1,000 unrelated changes', async () => {
		const outcomes: string[][][] = [];
		for (const currencies of ['EUR', 'EUR, JPY']) {
			for (const unrelated of [0, 1000]) {
				sim.reset();
				const { workflow, credentials } = await activated({
					object: 'invoice',
					invoiceEvents: ['invoiceCreated', 'invoiceFinalized', 'invoiceUpdated'],
					invoiceFilters: { currencies },
					options: { maxEventsPerPoll: 10_000, ...FAST },
				});
				const traffic = () => {
					// 1,000 other invoices changing between two polls: half in another currency, half matching the filter.
					for (let index = 0; index < unrelated; index++) sim.store.create('invoices', { hs_currency: index % 2 === 0 ? 'USD' : 'EUR' });
				};
				let target = '';
				const steps: Array<() => void> = [
					() => (target = draftInvoice('USD')),
					() => sim.updateProperties('invoices', target, { hs_currency: 'EUR' }),
					() => sim.setInvoiceStatus(target, 'open'),
					() => sim.updateProperties('invoices', target, { hs_currency: 'USD' }),
					() => sim.updateProperties('invoices', target, { hs_comments: 'while in USD' }),
					() => sim.updateProperties('invoices', target, { hs_currency: 'EUR' }),
				];
				const perStep: string[][] = [];
				for (const step of steps) {
					traffic();
					step();
					// Past the look-back (0 s here, to HubSpot's whole-second Date), so the unrelated records settle
					// and the per-poll bound on unsettled records plays no part.
					await sleepMs(unrelated > 0 ? 1100 : 2);
					perStep.push(eventsOf(await pollOnce(workflow, credentials), target) as string[]);
				}
				outcomes.push(perStep);
			}
		}
		const expected = [[], ['invoiceCreated', 'invoiceUpdated'], ['invoiceFinalized', 'invoiceUpdated'], [], [], ['invoiceUpdated']];
		expect(outcomes).toEqual([expected, expected, expected, expected]);
	}, 90_000);

	it('a Start Date written as an expression is read once: an invoice is emitted once over many polls', async () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '5.00' }], contacts: [{ email: 'expression@example.com' }], at: Date.now() - 3_600_000 }).id;
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoiceCreated'],
			options: { startFrom: 'date', startDate: '={{ $now.minus({ days: 1 }).toISO() }}' },
		});
		const credentials = credentialsFor(sim);
		const emitted: unknown[] = [];
		for (let round = 0; round < 4; round++) {
			emitted.push(...(await pollOnce(workflow, credentials)).map((item) => item.id));
			await sleepMs(5);
		}
		expect(emitted).toEqual([invoice]);
	});

	it('two overlapping polls emit once in total; the one that found the other running leaves the cursor alone', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceCreated'] });
		const ids = [draftInvoice(), draftInvoice(), draftInvoice()];
		sim.server.latencyMs = [200, 200];
		const [first, second] = await Promise.all([pollOnce(workflow, credentials), pollOnce(workflow, credentials)]);
		sim.server.latencyMs = [0, 0];
		expect([...first, ...second].map((item) => item.id)).toEqual(ids);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		expect((workflow.staticData['node:Trigger'] as IDataObject).pollInFlight).toBeUndefined();
	});

	it('changes between activation and the first scheduled poll are emitted, even when the engine drops what the activation poll wrote', async () => {
		const workflow = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceCreated'] });
		const activation = stagedActivation(workflow, credentialsFor(sim));
		expect(await activation.poll('activation')).toEqual([]);
		expect(activation.stored()).toEqual({});
		await sleepMs(2);
		const id = draftInvoice();
		expect((await activation.poll('scheduled')).map((item) => item.id)).toEqual([id]);
		expect(await activation.poll('scheduled')).toEqual([]);
		expect(activation.stored().cursor).toBeDefined();
	});
});
