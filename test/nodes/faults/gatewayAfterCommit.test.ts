/**
 * A gateway error after QuickBooks committed the write: the 502/504 says nothing of whether the write
 * went through, so it is handled as a lost answer (looked up, never resent blindly), whether QuickBooks
 * replays the request id, answers 600 or ignores it. Plain creates and the sync's /batch, through
 * n8n-core against the simulators.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { expenseCreate } from '../quickbooks/fixtures';
import { useQuickBooksTestbed } from '../quickbooks/testbed';
import { useInvoiceSyncTestbed } from '../sync/invoiceTestbed';

const MODES = ['replay', 'error600', 'ignore'] as const;

describe('plain Create, a 504 after commit', () => {
	const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });

	// An expense has no number that QuickBooks would refuse twice: only the look-up keeps it single.
	it.each(MODES)('one expense (requestid %s)', async (mode) => {
		qb.sim.duplicateRequestIdMode = mode;
		const before = qb.sim.store.count('Purchase');
		qb.sim.server.injectFault({ method: 'POST', path: '/purchase$', count: 1, statusAfterCommit: 504 });

		const [created] = await qb.json(expenseCreate());

		expect(qb.sim.store.count('Purchase')).toBe(before + 1);
		expect(qb.sim.store.get('Purchase', String(created.Id))).toBeDefined();
		const writes = qb.apiCalls(/\/purchase$/, 'POST').filter((call) => !call.query.operation);
		expect(writes[0].status).toBe(504);
	});
});

describe('sync /batch, a 502 after commit', () => {
	const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

	it.each(MODES)('one QuickBooks invoice per HubSpot invoice, all reported created (requestid %s)', async (mode) => {
		bed.qb.sim.duplicateRequestIdMode = mode;
		const invoices = [1, 2, 3].map((number) =>
			bed.invoice({ number: `GW-${mode}-${number}`, contacts: [{ email: 'ap@acme.example', firstname: 'Ap', lastname: 'Acme' }] } as never),
		);
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1, statusAfterCommit: 502 });

		const outcomes = await bed.sync(invoices.map((invoice) => invoice.id));

		expect(outcomes.map((outcome) => outcome.action)).toEqual(['created', 'created', 'created']);
		expect(bed.qboInvoices()).toHaveLength(3);
		expect(bed.qb.sim.server.requestLog.some((call) => call.path.endsWith('/batch') && call.status === 502)).toBe(true);
	});
});
