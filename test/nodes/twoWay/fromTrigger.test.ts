import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { runCommerce } from '../hubspot/helpers';
import { Books, pollTrigger, triggerWorkflow } from '../quickbooksTrigger/testbed';
import { useInvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { acmeInvoice } from './twoWayTestbed';

/**
 * The QuickBooks → HubSpot half of the two-way template at node level: the QuickBooks Trigger's events
 * (Change Data Capture, through n8n-core's PollContext) routed by entity to the Commerce node's Sync
 * Invoice and Record Payment, as the template wires them.
 */
const tb = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
let books: Books;

beforeEach(async () => {
	const setup = await runCommerce(tb.qb.credentials, { resource: 'setup', operation: 'createTwoWayProperties' });
	const error = setup.error('HubSpot');
	if (error) throw error;
	tb.qb.sim.clock.freeze();
	books = new Books(tb.qb);
});

/** Each event to the operation the template routes it to; the outputs in event order. */
async function route(events: IDataObject[]): Promise<IDataObject[]> {
	const outputs: IDataObject[] = [];
	for (const event of events) {
		const operation = event.entity === 'Payment' ? 'recordPayment' : event.entity === 'Invoice' ? 'syncInvoice' : undefined;
		if (!operation) continue;
		const result = await runCommerce(tb.qb.credentials, { resource: 'quickBooks', operation }, [{ json: event }]);
		const error = result.error('HubSpot');
		if (error) throw error;
		outputs.push(...result.output('HubSpot').map((item) => ({ entity: event.entity, event: event.event, ...item.json })));
	}
	return outputs;
}

describe('QuickBooks Trigger → HubSpot Commerce', () => {
	it('created, paid in part, voided and deleted invoices reach HubSpot once each; a HubSpot-born one is skipped', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice', 'Payment'] });
		expect(await pollTrigger(tb.qb, workflow)).toEqual([]);

		tb.qb.sim.advanceClock(1);
		const kept = await books.write('invoice', acmeInvoice({ DocNumber: 'QB-T1' }));
		const voided = await books.write('invoice', acmeInvoice({ DocNumber: 'QB-T2' }));
		const deleted = await books.write('invoice', acmeInvoice({ DocNumber: 'QB-T3' }));
		const created = await route(await pollTrigger(tb.qb, workflow));
		expect(created.map((output) => output.action)).toEqual(['created', 'created', 'created']);
		const hubspotIdOf = (quickBooksId: unknown) => created.find((output) => output.quickBooksId === quickBooksId)!.hubspotInvoiceId as string;

		tb.qb.sim.advanceClock(1);
		await books.write('payment', { CustomerRef: kept.CustomerRef, TotalAmt: 50, Line: [{ Amount: 50, LinkedTxn: [{ TxnId: kept.Id, TxnType: 'Invoice' }] }] });
		await books.write('invoice', { Id: voided.Id, SyncToken: voided.SyncToken }, 'void');
		await books.write('invoice', { Id: deleted.Id, SyncToken: deleted.SyncToken }, 'delete');
		const changed = await route(await pollTrigger(tb.qb, workflow));
		const byInvoice = (quickBooksId: unknown) => changed.filter((output) => output.quickBooksId === quickBooksId || output.hubspotInvoiceId === hubspotIdOf(quickBooksId));
		expect(byInvoice(kept.Id).map((output) => [output.entity, output.action])).toEqual(expect.arrayContaining([['Payment', 'created']]));
		expect(changed.find((output) => output.entity === 'Payment')).toMatchObject({ hubspotInvoiceId: hubspotIdOf(kept.Id), paymentState: 'partially paid' });
		expect(byInvoice(voided.Id).map((output) => output.action)).toEqual(['voided']);
		expect(byInvoice(deleted.Id).map((output) => output.action)).toEqual(['reported']);
		expect(tb.hs.inspect('invoices', hubspotIdOf(voided.Id))!.properties.hs_invoice_status).toBe('voided');
		expect(tb.hs.inspect('invoices', hubspotIdOf(deleted.Id))!.properties.hs_invoice_status).toBe('open');

		// A HubSpot invoice synced to QuickBooks comes back as a QuickBooks "created" event: skipped.
		tb.qb.sim.advanceClock(1);
		const hubspotBorn = tb.invoice();
		await tb.sync([hubspotBorn.id]);
		const echoed = await route(await pollTrigger(tb.qb, workflow));
		expect(echoed.map((output) => [output.action, output.hubspotInvoiceId])).toEqual([['skipped', hubspotBorn.id]]);
		expect([...tb.hs.store.records('invoices').values()].filter((record) => !record.archived)).toHaveLength(4);
	});
});
