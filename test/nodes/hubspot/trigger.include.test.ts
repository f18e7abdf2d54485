import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { callsSince, credentialsFor, lastSeq, pollOnce, triggerWorkflow } from './helpers';

/** "Include" reads related records in batches: the request log counts the calls per 100 invoices. */

let sim: HubSpotSimulator;
beforeAll(async () => {
	// Search sees each write at once: the tests whose subject is the index lag set it themselves (setIndexLag).
	sim = await startHubSpotSimulator({ indexLagMs: 0 });
});
afterAll(async () => {
	await sim.close();
});

describe('HubSpot Invoice Trigger: Include', () => {
	it('reads line items, contacts, companies, deals, discounts, fees, taxes and payments in batches', async () => {
		const start = Date.now() - 3_600_000;
		const ids: string[] = [];
		for (let index = 0; index < 100; index++) {
			const at = start + 1000 + index * 1000;
			ids.push(
				sim.createInvoice({
					currency: 'USD',
					at,
					closedAt: at + 500,
					status: 'paid',
					lineItems: [
						{ name: 'Widget', price: '40.00', quantity: 2, sku: 'W-1' },
						{ name: 'Setup', price: '25.00' },
					],
					contacts: [{ email: `include${index}@example.com`, firstname: 'Ada' }],
					companies: [{ name: `Company ${index}` }],
					deals: [{ dealname: `Deal ${index}` }],
					discounts: [{ type: 'PERCENT', value: '10' }],
					fees: [{ type: 'FIXED', value: '5.00' }],
					taxes: [{ type: 'PERCENT', value: '8' }],
					payment: { feesAmount: '2.00' },
				}).id,
			);
		}
		const workflow = triggerWorkflow({
			object: 'invoice',
			invoiceEvents: ['invoicePaid'],
			options: {
				startFrom: 'date',
				startDate: new Date(start).toISOString(),
				include: ['lineItems', 'contacts', 'companies', 'deals', 'discounts', 'fees', 'taxes', 'payments'],
				requestsPer10Seconds: 1000,
			},
		});
		const before = lastSeq(sim);
		const items = await pollOnce(workflow, credentialsFor(sim));
		const calls = callsSince(sim, before);

		expect(items.map((item) => item.id)).toEqual(ids);
		for (const item of items) {
			expect(item.event).toBe('invoicePaid');
			expect((item.lineItems as unknown[]).length).toBe(2);
			for (const relation of ['contacts', 'companies', 'deals', 'discounts', 'fees', 'taxes', 'payments']) expect((item[relation] as unknown[]).length).toBe(1);
		}
		const first = items[0] as any;
		expect(first.lineItems[0]).toEqual({ id: expect.any(String), properties: expect.objectContaining({ name: 'Widget', quantity: '2', price: '40.00', hs_sku: 'W-1' }) });
		expect(first.discounts[0].properties).toMatchObject({ hs_type: 'PERCENT', hs_value: '10' });
		expect(first.payments[0].properties).toMatchObject({ hs_latest_status: 'succeeded', hs_fees_amount: '2.00' });
		expect(first.contacts[0].properties.email).toBe('include0@example.com');

		const byKind = {
			searches: calls.filter((call) => call.path.endsWith('/search')).length,
			invoiceReads: calls.filter((call) => call.path === '/crm/v3/objects/invoices/batch/read').length,
			associationReads: calls.filter((call) => call.path.startsWith('/crm/v4/associations/')).length,
			relatedReads: calls.filter((call) => call.path.endsWith('/batch/read') && !call.path.includes('/invoices/') && !call.path.startsWith('/crm/v4')).length,
		};
		console.log(
			`Include, all 8 relations: ${calls.length} HubSpot calls per 100 invoices ` +
				`(${byKind.searches} search, ${byKind.invoiceReads} invoice batch read, ${byKind.associationReads} association batch reads, ${byKind.relatedReads} related-record batch reads)`,
		);
		expect(byKind).toEqual({ searches: 1, invoiceReads: 1, associationReads: 8, relatedReads: 9 });
		expect(calls).toHaveLength(19);
	}, 30_000);
});
