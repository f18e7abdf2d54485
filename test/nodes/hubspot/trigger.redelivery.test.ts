/**
 * "Deliver Each Event Again After": every event comes a second time, once, on a later poll, with the
 * record as it is then. The first block polls the trigger alone through n8n-core against the HubSpot
 * simulator; the second feeds its deliveries to "Sync HubSpot Invoice" against both simulators, the
 * way a workflow whose first execution was lost (a worker killed, n8n restarted) gets its invoices
 * into QuickBooks on the next polls, once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { useInvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { credentialsFor, pollOnce, sleepMs, triggerWorkflow, useTriggerSimulator } from './helpers';

/** 0.05 minutes: 3 s, well beyond a poll on a loaded machine. */
const AGAIN_AFTER = 0.05;
const DELAY_MS = 3_000;

async function activated(sim: Pick<HubSpotSimulator, 'url' | 'token'>, parameters: IDataObject, credentials = credentialsFor(sim)) {
	const workflow = triggerWorkflow(parameters);
	expect(await pollOnce(workflow, credentials)).toEqual([]);
	await sleepMs(2);
	return { workflow, credentials };
}

const summary = (items: IDataObject[]) => items.map((item) => ({ id: item.id, event: item.event, occurredAt: item.occurredAt, redelivered: item.redelivered === true }));

describe('HubSpot Invoice Trigger: Deliver Each Event Again After', () => {
	let sim: HubSpotSimulator;
	useTriggerSimulator({ beforeAll, afterAll, beforeEach }, (started) => (sim = started));

	let buyer = 0;
	const draftInvoice = (currency = 'USD') =>
		sim.createInvoice({ currency, lineItems: [{ name: 'Widget', price: '10.00' }], contacts: [{ email: `again${++buyer}@example.com` }] }).id;

	it('delivers each event a second time after the delay, once, with the record as it is then', async () => {
		const { workflow, credentials } = await activated(sim, { object: 'invoice', invoiceEvents: ['invoiceFinalized'], options: { redeliverAfterMinutes: AGAIN_AFTER } });
		const [first, second] = [draftInvoice(), draftInvoice()];
		sim.setInvoiceStatus(first, 'open');
		sim.setInvoiceStatus(second, 'open');
		const delivered = await pollOnce(workflow, credentials);
		expect(summary(delivered).map(({ id, event, redelivered }) => ({ id, event, redelivered }))).toEqual([
			{ id: first, event: 'invoiceFinalized', redelivered: false },
			{ id: second, event: 'invoiceFinalized', redelivered: false },
		]);
		// Not before the delay.
		expect(await pollOnce(workflow, credentials)).toEqual([]);

		await sleepMs(DELAY_MS + 50);
		sim.updateProperties('invoices', first, { hs_comments: 'changed after the first delivery' });
		const again = await pollOnce(workflow, credentials);
		// The same events (name and time), marked, with the record read afresh.
		expect(summary(again)).toEqual(summary(delivered).map((item) => ({ ...item, redelivered: true })));
		expect((again.find((item) => item.id === first)!.properties as IDataObject).hs_comments).toBe('changed after the first delivery');
		// Once: nothing more, however long the trigger keeps polling.
		await sleepMs(DELAY_MS + 50);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		expect((workflow.staticData['node:Trigger'] as IDataObject).redeliveries).toEqual([]);
	});

	it('delivers each refund again with its own amount', async () => {
		const { workflow, credentials } = await activated(sim, { object: 'payment', paymentEvents: ['paymentRefunded'], options: { redeliverAfterMinutes: AGAIN_AFTER } });
		const payment = sim.recordPayment({ amount: '100.00', sourceApp: 'SALES_CHECKOUT' }).id;
		sim.refundPayment(payment, { amount: '30.00' });
		await sleepMs(5);
		sim.refundPayment(payment, { amount: '20.00' });
		const refunds = (items: IDataObject[]) => items.map((item) => ({ ...(item.refund as IDataObject), redelivered: item.redelivered === true }));
		const first = await pollOnce(workflow, credentials);
		expect(refunds(first)).toEqual([
			{ amount: '30.00', totalRefunded: '30.00', fullyRefunded: false, redelivered: false },
			{ amount: '20.00', totalRefunded: '50.00', fullyRefunded: false, redelivered: false },
		]);
		await sleepMs(DELAY_MS + 50);
		const again = await pollOnce(workflow, credentials);
		expect(refunds(again)).toEqual(refunds(first).map((refund) => ({ ...refund, redelivered: true })));
	});

	it('leaves out a record that no longer matches the filters, or is gone', async () => {
		const { workflow, credentials } = await activated(sim, {
			object: 'invoice',
			invoiceEvents: ['invoiceUpdated'],
			invoiceFilters: { currencies: 'USD' },
			options: { redeliverAfterMinutes: AGAIN_AFTER },
		});
		const [kept, moved, archived] = [draftInvoice(), draftInvoice(), draftInvoice()];
		expect((await pollOnce(workflow, credentials)).map((item) => item.id)).toEqual([kept, moved, archived]);
		await sleepMs(DELAY_MS + 50);
		sim.archive('invoices', archived);
		// Changed to EUR: the trigger's filter no longer holds, and the change itself is no event either.
		sim.updateProperties('invoices', moved, { hs_currency: 'EUR' });
		expect(summary(await pollOnce(workflow, credentials)).map(({ id, redelivered }) => ({ id, redelivered }))).toEqual([{ id: kept, redelivered: true }]);
	});

	it('keeps within Max Events per Poll: second deliveries wait for room, first deliveries go first', async () => {
		const { workflow, credentials } = await activated(sim, {
			object: 'invoice',
			invoiceEvents: ['invoiceCreated'],
			options: { redeliverAfterMinutes: AGAIN_AFTER, maxEventsPerPoll: 2 },
		});
		const ids = [draftInvoice(), draftInvoice(), draftInvoice()];
		const polls: Array<Array<{ id: unknown; redelivered: boolean }>> = [];
		const record = async () => polls.push(summary(await pollOnce(workflow, credentials)).map(({ id, redelivered }) => ({ id, redelivered })));
		await record();
		await record();
		await sleepMs(DELAY_MS + 50);
		const late = draftInvoice();
		await record();
		await record();
		await sleepMs(DELAY_MS + 50);
		await record();
		expect(polls).toEqual([
			[
				{ id: ids[0], redelivered: false },
				{ id: ids[1], redelivered: false },
			],
			[{ id: ids[2], redelivered: false }],
			// The new invoice first, then the one second delivery that fits.
			[
				{ id: late, redelivered: false },
				{ id: ids[0], redelivered: true },
			],
			[
				{ id: ids[1], redelivered: true },
				{ id: ids[2], redelivered: true },
			],
			[{ id: late, redelivered: true }],
		]);
	});

	it('a poll that fails keeps the second deliveries for the next one', async () => {
		const { workflow, credentials } = await activated(sim, { object: 'invoice', invoiceEvents: ['invoiceCreated'], options: { redeliverAfterMinutes: AGAIN_AFTER } });
		const id = draftInvoice();
		expect((await pollOnce(workflow, credentials)).map((item) => item.id)).toEqual([id]);
		await sleepMs(DELAY_MS + 50);
		const kept = JSON.stringify((workflow.staticData['node:Trigger'] as IDataObject).redeliveries);
		// The re-read of the due record is refused (a 4xx, not retried): the poll fails.
		sim.server.injectFault({ method: 'POST', path: '/crm/v3/objects/invoices/batch/read', count: 1, status: 403, body: { status: 'error', category: 'MISSING_SCOPES', message: 'This app lacks a required scope' } });
		await expect(pollOnce(workflow, credentials)).rejects.toThrow();
		expect(JSON.stringify((workflow.staticData['node:Trigger'] as IDataObject).redeliveries)).toBe(kept);
		expect(summary(await pollOnce(workflow, credentials)).map(({ id: again, redelivered }) => ({ id: again, redelivered }))).toEqual([{ id, redelivered: true }]);
	});

	it('off (0, the default): each event once, and nothing kept for later', async () => {
		const { workflow, credentials } = await activated(sim, { object: 'invoice', invoiceEvents: ['invoiceCreated'] });
		draftInvoice();
		expect(await pollOnce(workflow, credentials)).toHaveLength(1);
		await sleepMs(DELAY_MS + 50);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		expect((workflow.staticData['node:Trigger'] as IDataObject).redeliveries).toBeUndefined();
	});
});

describe('HubSpot Invoice Trigger → Sync HubSpot Invoice: a lost execution is made good by the second delivery, once', () => {
	const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, {}, { indexLagMs: 0 });
	const TRIGGER = { object: 'invoice', invoiceEvents: ['invoiceFinalized', 'invoiceUpdated'], options: { redeliverAfterMinutes: AGAIN_AFTER } };
	const syncItems = async (items: IDataObject[], parameters: IDataObject = {}) => await bed.sync([...new Set(items.map((item) => String(item.id)))], parameters);

	it('an execution lost whole, one that stopped after QuickBooks committed, and one that finished: each invoice once in QuickBooks, written back', async () => {
		// QuickBooks ignoring requestid: only the sync's own look-ups stand between a second delivery and a duplicate.
		bed.qb.sim.duplicateRequestIdMode = 'ignore';
		const { workflow, credentials } = await activated(bed.hs, TRIGGER, bed.qb.credentials);
		const lost = bed.invoice({ status: 'draft' });
		const halfDone = bed.invoice({ status: 'draft' });
		const done = bed.invoice({ status: 'draft' });
		for (const invoice of [lost, halfDone, done]) bed.hs.setInvoiceStatus(invoice.id, 'open');

		const first = await pollOnce(workflow, credentials);
		expect(new Set(first.map((item) => item.id))).toEqual(new Set([lost.id, halfDone.id, done.id]));
		// The first delivery: for `lost` no execution ran at all; `halfDone`'s stopped after its QuickBooks
		// write, before the HubSpot write-back; `done`'s finished.
		expect((await syncItems(first.filter((item) => item.id === halfDone.id), { writeBackToHubSpot: false })).map((result) => result.action)).toEqual(['created']);
		expect((await syncItems(first.filter((item) => item.id === done.id))).map((result) => result.action)).toEqual(['created']);
		expect(bed.hubspotProperties(lost.id).qbo_invoice_id ?? '').toBe('');

		await sleepMs(DELAY_MS + 50);
		const again = await pollOnce(workflow, credentials);
		// Every first delivery comes again (beside it, `done`'s own write-back shows as a fresh "updated").
		expect(new Set(again.filter((item) => item.redelivered === true).map((item) => item.id))).toEqual(new Set([lost.id, halfDone.id, done.id]));
		const results = await syncItems(again);
		expect(Object.fromEntries(results.map((result) => [String(result.hubspotInvoiceId), result.action]))).toEqual({ [lost.id]: 'created', [halfDone.id]: 'unchanged', [done.id]: 'unchanged' });

		for (const invoice of [lost, halfDone, done]) {
			const documents = bed.qboInvoices().filter((document) => String(document.PrivateNote ?? '').includes(`HubSpot invoice ${invoice.id}`));
			expect(documents).toHaveLength(1);
			expect(bed.hubspotProperties(invoice.id)).toMatchObject({ qbo_invoice_id: documents[0].Id, qbo_sync_status: 'synced' });
			expect(documents[0].TotalAmt).toBe(Number(bed.hubspotProperties(invoice.id).hs_amount_billed));
		}
		expect(bed.qboInvoices()).toHaveLength(3);
	});

	it('a second delivery that runs while the first execution still does: one invoice', async () => {
		const { workflow, credentials } = await activated(bed.hs, TRIGGER, bed.qb.credentials);
		const invoice = bed.invoice({ status: 'draft' });
		bed.hs.setInvoiceStatus(invoice.id, 'open');
		const first = await pollOnce(workflow, credentials);
		await sleepMs(DELAY_MS + 50);
		const again = await pollOnce(workflow, credentials);
		expect(again.map((item) => item.redelivered)).toEqual(first.map(() => true));
		// A slow QuickBooks keeps both executions running at once.
		bed.qb.sim.server.latencyMs = [150, 250];
		const results = (await Promise.all([syncItems(first), syncItems(again)])).flat();
		bed.qb.sim.server.latencyMs = [0, 0];
		expect(results.map((result) => result.action).sort()).toEqual(['created', 'unchanged']);
		expect(bed.qboInvoices()).toHaveLength(1);
	});
});
