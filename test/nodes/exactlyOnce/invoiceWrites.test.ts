/**
 * Sync HubSpot Invoice, exactly once, in one n8n process (executions through n8n-core, both simulators
 * over HTTP), under every numbering and every way QuickBooks treats a repeated requestid:
 * - two executions over overlapping invoice sets, started together, /batch answering slowly (so both
 *   look up before either writes): the in-process leases make the second wait, then find;
 * - lost answers: /batch answers dropped after QuickBooks committed them, and single creates (the
 *   /batch budget spent) likewise: what was committed is looked up, only the rest is sent;
 * - the write-back to HubSpot fails, then the HubSpot invoice's date is edited: the rerun finds the
 *   QuickBooks invoice by its marker and updates it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from '@jest/globals';
import { sleep, type IDataObject } from 'n8n-workflow';

import { pacerFor, QUICKBOOKS_LIMITS } from '../../../transport/quickbooks';
import { NODE_NAME, useInvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { eachCombination, matrixInvoice, MatrixTable } from './matrix';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const table = new MatrixTable('Sync HubSpot Invoice, one n8n process');

afterAll(() => table.print());

function actions(results: IDataObject[]): string[] {
	return [...new Set(results.map((result) => String(result.action)))].sort();
}

describe('two overlapping bulk syncs', () => {
	eachCombination(table, 'two overlapping bulk syncs', bed, async (numbering) => {
		const invoices = Array.from({ length: 16 }, () => matrixInvoice(bed, numbering));
		const ids = invoices.map((invoice) => invoice.id);
		// Slow /batch answers: both executions look up before either has written.
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1_000, latencyMs: 150 });
		const [first, second] = await Promise.all([bed.sync(ids.slice(0, 10)), bed.sync(ids.slice(4))]);
		expect(actions([...first, ...second]).filter((action) => action === 'failed')).toEqual([]);
		// The six shared invoices: created by one execution, found unchanged by the other.
		const shared = ids.slice(4, 10).map((id) => [first.find((result) => result.hubspotInvoiceId === id)?.action, second.find((result) => result.hubspotInvoiceId === id)?.action].sort());
		expect(shared.every(([a, b]) => a === 'created' && b === 'unchanged')).toBe(true);
		return { hubspotIds: ids, note: '6 of 16 invoices in both runs' };
	});
});

describe('lost answers', () => {
	eachCombination(table, 'lost /batch answers', bed, async (numbering) => {
		// One customer, already in QuickBooks: the run's only /batch is the invoices'.
		const contacts = [{ email: 'ap@lost-answers.example', firstname: 'Lost', lastname: 'Answers' }];
		await bed.sync([matrixInvoice(bed, numbering, { contacts }).id]);
		const ids = Array.from({ length: 9 }, () => matrixInvoice(bed, numbering, { contacts }).id);
		// The scenario is about a /batch: under Intuit's limits (a throttling simulator) the scenarios before may have
		// spent the minute's 40, and the node would send single creates instead. Wait for a /batch token first.
		await sleep(Math.min(pacerFor(bed.qb.sim.url, bed.qb.sim.realmId).waitMs('batch'), 61_000));
		bed.clearLogs();
		// Committed, answer lost, twice in a row if anything sends the batch again.
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 2, resetAfterCommit: true });
		const results = await bed.sync(ids);
		expect(actions(results)).toEqual(['created']);
		// One lost answer, then the look-up: nothing was sent again (a /batch refused at the gate, for an expired
		// token, never reached the books and is sent again).
		expect(bed.qb.processedCalls(/\/batch$/).map((call) => call.outcome)).toEqual(['reset']);
		return { hubspotIds: ids, note: 'the 9 invoices\' /batch committed, answer lost' };
	}, 150_000);

	eachCombination(table, 'lost single-write answers', bed, async (numbering) => {
		const ids = Array.from({ length: 3 }, () => matrixInvoice(bed, numbering).id);
		// The pacing the testbed chose: Intuit's limits when the simulator throttles, none otherwise.
		const paced = bed.qb.sim.settings.throttling ? QUICKBOOKS_LIMITS : { perSecond: 1_000_000, perMinute: 1_000_000, batchPerMinute: 1_000_000 };
		// The minute's /batch calls spent: a few writes go as single calls (bulkWriter.ts).
		const pacer = pacerFor(bed.qb.sim.url, bed.qb.sim.realmId, { ...paced, batchPerMinute: 0 });
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 2, resetAfterCommit: true });
		try {
			const results = await bed.sync(ids);
			expect(actions(results)).toEqual(['created']);
		} finally {
			pacer.configure(paced);
		}
		expect(bed.qb.apiCalls(/\/batch$/)).toHaveLength(0);
		expect(bed.qb.apiCalls(/\/invoice$/, 'POST').filter((call) => call.outcome === 'reset')).toHaveLength(2);
		return { hubspotIds: ids };
	});
});

describe('write-back failure, then a source edit', () => {
	eachCombination(table, 'write-back failed, then date edited', bed, async (numbering) => {
		const ids = Array.from({ length: 3 }, () => matrixInvoice(bed, numbering).id);
		// HubSpot refuses the write-back: QuickBooks has the invoices, HubSpot does not know their ids.
		bed.hs.server.injectFault({ method: 'POST', path: 'batch/update', count: 1_000, status: 503, body: { status: 'error', message: 'Service unavailable', category: 'SERVICE_UNAVAILABLE' } });
		const first = await bed.run({}, ids.map((id) => ({ json: { id } })), { continueOnFail: true });
		// QuickBooks is up to date; each item says the status did not reach HubSpot.
		const synced = first.output(NODE_NAME, 0).map((item) => item.json);
		expect(synced.map((result) => [result.action, typeof result.writeBackError])).toEqual(ids.map(() => ['created', 'string']));
		expect(bed.qboInvoices()).toHaveLength(3);
		bed.hs.server.faults = [];

		for (const id of ids) bed.hs.updateProperties('invoices', id, { hs_invoice_date: String(Date.parse('2026-10-09T12:00:00Z')) });
		const again = await bed.sync(ids);
		expect(actions(again)).toEqual(['updated']);
		expect(bed.qboInvoices().map((invoice) => invoice.TxnDate)).toEqual(ids.map(() => '2026-10-09'));
		return { hubspotIds: ids };
	});
});
