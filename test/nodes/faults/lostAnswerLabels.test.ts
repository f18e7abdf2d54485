/**
 * What a run reports after the answer to its invoice writes was lost: the invoices it created are
 * `created`, whether QuickBooks replays the request id, answers 600 or ignores it (and so refuses the
 * number again, 6140), and a second run reports them `unchanged`. Through n8n-core against both simulators.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { NODE_NAME, useInvoiceSyncTestbed } from '../sync/invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

/** Billed to the seeded Acme customer (found by email): the invoice writes are the run's only writes. */
function acmeInvoice(number: number) {
	return bed.invoice({ number: `LOST-${number}`, contacts: [{ email: 'ap@acme.example', firstname: 'Ap', lastname: 'Acme' }] } as never);
}

describe('labels after a lost answer', () => {
	it.each(['replay', 'error600', 'ignore'] as const)('the invoices this run created are `created` (requestid %s)', async (mode) => {
		bed.qb.sim.duplicateRequestIdMode = mode;
		const invoices = [acmeInvoice(1), acmeInvoice(2), acmeInvoice(3)];
		// The first invoice write is committed, then its connection drops before the answer. It is the run's /batch,
		// or, when Intuit's limits leave no /batch token soon enough (a throttling simulator), its first single create.
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/(batch|invoice)$', count: 1, resetAfterCommit: true });

		const result = await bed.run({}, invoices.map((invoice) => ({ json: { id: invoice.id } })), { continueOnFail: true });
		const outcomes = [...result.output(NODE_NAME, 0).map((item) => item.json), ...result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject)];
		expect(outcomes.map((outcome) => [outcome.hubspotInvoiceId, outcome.action])).toEqual(invoices.map((invoice) => [invoice.id, 'created']));
		expect(bed.qboInvoices()).toHaveLength(3);
		expect(bed.qb.sim.server.requestLog.some((call) => call.outcome === 'reset')).toBe(true);

		const again = await bed.sync(invoices.map((invoice) => invoice.id));
		expect(again.map((outcome) => outcome.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(bed.qboInvoices()).toHaveLength(3);
	}, 60_000);
});
