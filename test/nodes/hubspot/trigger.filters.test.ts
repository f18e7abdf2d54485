import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { callsSince, credentialsFor, lastSeq, pollOnce, sleepMs, triggerWorkflow, useTriggerSimulator } from './helpers';

/** Each filter: what HubSpot's search can apply is pushed into it, the rest is checked after the re-read. */

let sim: HubSpotSimulator;
useTriggerSimulator({ beforeAll, afterAll, beforeEach }, (started) => (sim = started));

let buyer = 0;
function invoice(options: { currency?: string; price?: string; po?: string; status?: 'draft' | 'open' } = {}) {
	const created = sim.createInvoice({
		currency: options.currency ?? 'USD',
		lineItems: [{ name: 'Widget', price: options.price ?? '100.00' }],
		contacts: [{ email: `filter${++buyer}@example.com` }],
		...(options.po ? { purchaseOrderNumber: options.po } : {}),
	});
	if (options.status === 'open') sim.setInvoiceStatus(created.id, 'open');
	return created.id;
}

/** Activates the trigger, runs `change`, polls once; returns the emitted ids and the search bodies sent. */
async function emittedAfter(parameters: IDataObject, change: () => void) {
	const workflow = triggerWorkflow(parameters);
	const credentials = credentialsFor(sim);
	await pollOnce(workflow, credentials);
	await sleepMs(2);
	change();
	const before = lastSeq(sim);
	const items = await pollOnce(workflow, credentials);
	const searches = callsSince(sim, before).filter((call) => call.path.endsWith('/search'));
	const filters = (searches[0].body as { filterGroups: Array<{ filters: Array<{ propertyName: string }> }> }).filterGroups[0].filters;
	return { ids: items.map((item) => item.id).sort(), pushed: filters.map((filter) => filter.propertyName) };
}

describe('HubSpot Invoice Trigger: filters', () => {
	it('invoice status, pushed into the search', async () => {
		let open = '';
		const { ids, pushed } = await emittedAfter({ object: 'invoice', invoiceEvents: ['invoiceUpdated'], invoiceFilters: { statuses: ['open'] } }, () => {
			invoice();
			open = invoice({ status: 'open' });
		});
		expect(ids).toEqual([open]);
		expect(pushed).toContain('hs_invoice_status');
	});

	it('one currency is pushed as an exact match; several are checked after the re-read', async () => {
		let eur = '';
		let gbp = '';
		const single = await emittedAfter({ object: 'invoice', invoiceEvents: ['invoiceCreated'], invoiceFilters: { currencies: 'eur' } }, () => {
			invoice({ currency: 'USD' });
			eur = invoice({ currency: 'EUR' });
		});
		expect(single.ids).toEqual([eur]);
		expect(single.pushed).toContain('hs_currency');

		sim.reset();
		const several = await emittedAfter({ object: 'invoice', invoiceEvents: ['invoiceCreated'], invoiceFilters: { currencies: 'EUR, GBP' } }, () => {
			invoice({ currency: 'USD' });
			eur = invoice({ currency: 'EUR' });
			gbp = invoice({ currency: 'GBP' });
		});
		expect(several.ids).toEqual([eur, gbp].sort());
		expect(several.pushed).not.toContain('hs_currency');
	});

	it('amount billed range, both ends inclusive', async () => {
		const ids: Record<string, string> = {};
		const { ids: emitted, pushed } = await emittedAfter(
			{ object: 'invoice', invoiceEvents: ['invoiceCreated'], invoiceFilters: { amountBilledMin: '100.00', amountBilledMax: '250' } },
			() => {
				for (const price of ['99.99', '100.00', '250.00', '250.01']) ids[price] = invoice({ price });
			},
		);
		expect(emitted).toEqual([ids['100.00'], ids['250.00']].sort());
		expect(pushed.filter((name) => name === 'hs_amount_billed')).toHaveLength(2);
	});

	it('any invoice property with an operator and a value', async () => {
		let match = '';
		const { ids, pushed } = await emittedAfter(
			{
				object: 'invoice',
				invoiceEvents: ['invoiceCreated'],
				invoiceFilters: { conditions: { condition: [{ property: 'hs_purchase_order_number', operator: 'EQ', value: 'PO-7' }] } },
			},
			() => {
				invoice({ po: 'PO-8' });
				invoice();
				match = invoice({ po: 'PO-7' });
			},
		);
		expect(ids).toEqual([match]);
		expect(pushed).toContain('hs_purchase_order_number');
	});

	it('a property filter that has no value (HAS_PROPERTY / NOT_HAS_PROPERTY)', async () => {
		let without = '';
		const { ids } = await emittedAfter(
			{
				object: 'invoice',
				invoiceEvents: ['invoiceCreated'],
				invoiceFilters: { conditions: { condition: [{ property: 'hs_purchase_order_number', operator: 'NOT_HAS_PROPERTY' }] } },
			},
			() => {
				invoice({ po: 'PO-1' });
				without = invoice();
			},
		);
		expect(ids).toEqual([without]);
	});

	it('payment processor type (hs_processor_type), pushed into the search', async () => {
		let stripe = '';
		const { ids, pushed } = await emittedAfter(
			{ object: 'payment', paymentEvents: ['paymentSucceeded'], paymentFilters: { processorTypes: ['byo_stripe', 'hs_payments'] } },
			() => {
				stripe = sim.recordPayment({ amount: '50.00', processorType: 'byo_stripe' }).id;
				sim.recordPayment({ amount: '60.00', processorType: 'quickbooks' });
				sim.recordPayment({ amount: '70.00', processorType: 'none' });
			},
		);
		expect(ids).toEqual([stripe]);
		expect(pushed).toContain('hs_processor_type');
	});

	it('payment source app (hs_payment_source_app): one pushed, several checked after the re-read', async () => {
		let fromInvoice = '';
		let fromQuote = '';
		const one = await emittedAfter({ object: 'payment', paymentEvents: ['paymentSucceeded'], paymentFilters: { sourceApps: ['INVOICE'] } }, () => {
			const invoiceId = invoice({ status: 'open' });
			fromInvoice = sim.recordPayment({ invoiceId }).id;
			sim.recordPayment({ amount: '10.00', sourceApp: 'SALES_CHECKOUT' });
		});
		expect(one.ids).toEqual([fromInvoice]);
		expect(one.pushed).toContain('hs_payment_source_app');

		sim.reset();
		const several = await emittedAfter({ object: 'payment', paymentEvents: ['paymentSucceeded'], paymentFilters: { sourceApps: ['INVOICE', 'QUOTE'] } }, () => {
			const invoiceId = invoice({ status: 'open' });
			fromInvoice = sim.recordPayment({ invoiceId }).id;
			fromQuote = sim.recordPayment({ amount: '10.00', sourceApp: 'QUOTE' }).id;
			sim.recordPayment({ amount: '20.00', sourceApp: 'SUBSCRIPTION' });
		});
		expect(several.ids).toEqual([fromInvoice, fromQuote].sort());
		expect(several.pushed).not.toContain('hs_payment_source_app');
	});

	it('a payment property condition, e.g. only payments with a processing fee', async () => {
		let withFee = '';
		const { ids } = await emittedAfter(
			{
				object: 'payment',
				paymentEvents: ['paymentSucceeded'],
				paymentFilters: { conditions: { condition: [{ property: 'hs_fees_amount', operator: 'GT', value: '0' }] } },
			},
			() => {
				withFee = sim.recordPayment({ amount: '50.00', feesAmount: '1.75' }).id;
				sim.recordPayment({ amount: '60.00' });
			},
		);
		expect(ids).toEqual([withFee]);
	});

	it('filters hold on the fresh record: an invoice that no longer matches when re-read is not emitted', async () => {
		const workflow = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceUpdated'], invoiceFilters: { statuses: ['draft'] }, options: { indexLagSeconds: 5 } });
		const credentials = credentialsFor(sim);
		await pollOnce(workflow, credentials);
		await sleepMs(2);
		// The search index still shows the draft; the re-read sees it open.
		const id = invoice();
		sim.setIndexLag(60_000);
		sim.setInvoiceStatus(id, 'open');
		const before = lastSeq(sim);
		const items = await pollOnce(workflow, credentials);
		expect(items).toEqual([]);
		// It was found and re-read, then left out.
		expect(callsSince(sim, before).map((call) => call.path)).toEqual(['/crm/v3/objects/invoices/search', '/crm/v3/objects/invoices/batch/read']);
	});
});
