import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { callsSince, credentialsFor, cursorOf, lastSeq, pollOnce, sleepMs, triggerWorkflow, useTriggerSimulator } from './helpers';

/** Each event type through n8n-core's real PollContext against the HubSpot simulator over HTTP. */

let sim: HubSpotSimulator;
useTriggerSimulator({ beforeAll, afterAll, beforeEach }, (started) => (sim = started));

let buyer = 0;
function draftInvoice(currency = 'USD', price = '100.00') {
	return sim.createInvoice({ currency, lineItems: [{ name: 'Widget', price }], contacts: [{ email: `buyer${++buyer}@example.com` }] });
}

const ALL_INVOICE_EVENTS = ['invoiceCreated', 'invoiceFinalized', 'invoicePaid', 'invoiceVoided', 'invoiceUpdated'];

async function activated(parameters: IDataObject) {
	const workflow = triggerWorkflow(parameters);
	const credentials = credentialsFor(sim);
	const before = lastSeq(sim);
	expect(await pollOnce(workflow, credentials)).toEqual([]);
	// First activation starts from HubSpot's now: one search, for the time in its answer.
	const objectType = parameters.object === 'payment' ? 'commerce_payments' : 'invoices';
	expect(callsSince(sim, before).map((call) => `${call.method} ${call.path}`)).toEqual([`POST /crm/v3/objects/${objectType}/search`]);
	await sleepMs(2);
	return { workflow, credentials };
}

describe('HubSpot Invoice Trigger: events', () => {
	it('reports created, finalized, paid, voided and updated invoices, each once', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ALL_INVOICE_EVENTS });

		const first = draftInvoice();
		const created = await pollOnce(workflow, credentials);
		expect(created.map((item) => item.event).sort()).toEqual(['invoiceCreated', 'invoiceUpdated']);
		expect(created[0]).toMatchObject({ objectType: 'invoice', id: first.id });
		expect((created[0].properties as Record<string, string>).hs_number).toBe(first.number);

		await sleepMs(2);
		sim.setInvoiceStatus(first.id, 'open');
		const finalized = await pollOnce(workflow, credentials);
		expect(finalized.map((item) => item.event).sort()).toEqual(['invoiceFinalized', 'invoiceUpdated']);

		await sleepMs(2);
		sim.setInvoiceStatus(first.id, 'paid');
		const paid = await pollOnce(workflow, credentials);
		expect(paid.map((item) => item.event).sort()).toEqual(['invoicePaid', 'invoiceUpdated']);
		expect((paid[0].properties as Record<string, string>).hs_invoice_status).toBe('paid');

		await sleepMs(2);
		const second = draftInvoice();
		sim.setInvoiceStatus(second.id, 'open');
		sim.setInvoiceStatus(second.id, 'voided');
		const voided = await pollOnce(workflow, credentials);
		// Created, opened and voided between two polls: every transition is in the history, each reported once.
		expect(voided.map((item) => item.event).sort()).toEqual(['invoiceCreated', 'invoiceFinalized', 'invoiceUpdated', 'invoiceVoided']);
		expect(new Set(voided.map((item) => item.id))).toEqual(new Set([second.id]));

		await sleepMs(5);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it('reports only the chosen event: Invoice Finalized ignores drafts and edits', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceFinalized'] });
		const invoice = draftInvoice();
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		await sleepMs(2);
		sim.updateProperties('invoices', invoice.id, { hs_comments: 'edited' });
		expect(await pollOnce(workflow, credentials)).toEqual([]);
		await sleepMs(2);
		sim.setInvoiceStatus(invoice.id, 'open');
		const items = await pollOnce(workflow, credentials);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ event: 'invoiceFinalized', id: invoice.id });
		await sleepMs(2);
		sim.updateProperties('invoices', invoice.id, { hs_comments: 'edited again' });
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it('reports succeeded payments and each refund, partial then full, with exact amounts', async () => {
		const { workflow, credentials } = await activated({ object: 'payment', paymentEvents: ['paymentSucceeded', 'paymentRefunded'] });
		const invoice = draftInvoice('USD', '120.00');
		sim.setInvoiceStatus(invoice.id, 'open');
		const payment = sim.recordPayment({ invoiceId: invoice.id, feesAmount: '3.78', platformFee: '0.60' });
		const succeeded = await pollOnce(workflow, credentials);
		expect(succeeded).toHaveLength(1);
		expect(succeeded[0]).toMatchObject({ event: 'paymentSucceeded', objectType: 'payment', id: payment.id });
		expect((succeeded[0].properties as Record<string, string>).hs_fees_amount).toBe('3.78');

		await sleepMs(2);
		sim.refundPayment(payment.id, { amount: '20.00' });
		const partial = await pollOnce(workflow, credentials);
		expect(partial).toHaveLength(1);
		expect(partial[0]).toMatchObject({ event: 'paymentRefunded', refund: { amount: '20.00', totalRefunded: '20.00', fullyRefunded: false } });

		await sleepMs(2);
		sim.refundPayment(payment.id, { amount: '30.00' });
		await sleepMs(2);
		sim.refundPayment(payment.id);
		const rest = await pollOnce(workflow, credentials);
		// Two refunds between polls are two events, in order.
		expect(rest.map((item) => item.refund)).toEqual([
			{ amount: '30.00', totalRefunded: '50.00', fullyRefunded: false },
			{ amount: '70.00', totalRefunded: '120.00', fullyRefunded: true },
		]);
		expect(await pollOnce(workflow, credentials)).toEqual([]);
	});

	it('a quiet poll costs exactly one HubSpot request', async () => {
		const { workflow, credentials } = await activated({ object: 'invoice', invoiceEvents: ['invoiceUpdated'] });
		draftInvoice();
		expect(await pollOnce(workflow, credentials)).toHaveLength(1);
		for (let round = 0; round < 3; round++) {
			const before = lastSeq(sim);
			expect(await pollOnce(workflow, credentials)).toEqual([]);
			const calls = callsSince(sim, before);
			expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /crm/v3/objects/invoices/search']);
		}
		expect(cursorOf(workflow)).toBeDefined();
	});
});
