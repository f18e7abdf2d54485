/**
 * The same HubSpot payment recorded by two executions at once is one QuickBooks payment. An $80 payment
 * of a $200 invoice goes through "Record HubSpot Payment" twice at the same time, and the first two
 * payment writes lose their answers (a reset after QuickBooks committed them). The payment's lease lets
 * one execution look up and write at a time; the look-up after a lost answer finds what was committed
 * instead of sending it again. Result: one payment, 120 open, one `created` and one `unchanged`. Under
 * every numbering and every way QuickBooks treats a repeated requestid (replay off included).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { leaseKey, sourceLeasesFor } from '../../../transport/leases';
import { NODE_NAME } from '../quickbooks/testbed';
import { byId, DEFAULT_COMPANY, OCT_20, usePaymentSyncTestbed } from '../sync/paymentTestbed';
import { MatrixTable, numberingsFor, REQUEST_ID_MODES, shortfall, surplus, useNumbering, type Numbering } from './rows';


// Each scenario runs several executions; on a busy machine one may take well over jest's default 5 s.
jest.setTimeout(60_000);

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const table = new MatrixTable('One HubSpot payment recorded by two executions at once, two lost answers');

afterAll(() => table.print());

const record: IDataObject = { resource: 'payment', operation: 'recordHubSpotPayment', options: { timeZone: 'UTC' } };

/** How the invoice was synced for each numbering: with the HubSpot number, or without one (then found by id or marker). */
const SYNCED_AS: Readonly<Record<Numbering, { docNumber?: boolean; writeBack?: boolean }>> = {
	'QuickBooks numbers': { docNumber: false },
	'HubSpot numbers': {},
	'duplicates allowed': {},
	'no HubSpot number': { docNumber: false, writeBack: false },
};

async function outcomeOf(run: ReturnType<typeof tb.run>): Promise<IDataObject> {
	const result = await run;
	const error = result.error(NODE_NAME);
	if (error) throw error;
	return result.output(NODE_NAME)[0].json;
}

/** Resolves once the first execution is writing its document. */
async function whenWriting(path = /\/payment$/): Promise<void> {
	while (!tb.qb.sim.server.requestLog.some((entry) => entry.method === 'POST' && path.test(entry.path))) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const ORDERS = ['together', 'second while the first writes'] as const;

describe.each(REQUEST_ID_MODES)('one payment, two executions, requestid %s', (mode) => {
	describe.each(ORDERS)('%s', (order) => {
		it.each(numberingsFor(mode))('%s: one QuickBooks payment, 120.00 open', async (numbering) => {
			const { hubspot, qboInvoiceId } = await tb.syncedInvoice('200.00', SYNCED_AS[numbering]);
			const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '80.00', initiatedAt: OCT_20 });
			const item = await tb.paymentItem(payment.id);
			tb.qb.sim.duplicateRequestIdMode = mode;
			useNumbering(tb.qb.sim, numbering);
			// Two writes cut off after QuickBooks committed them; every write slow enough for the executions to overlap.
			tb.qb.sim.server.injectFault({ method: 'POST', path: '/payment$', count: 2, resetAfterCommit: true, latencyMs: 100 });
			tb.qb.sim.server.injectFault({ method: 'POST', path: '/payment$', count: 4, latencyMs: 100 });

			const outcomes =
				order === 'together'
					? await Promise.all([outcomeOf(tb.run(record, [item])), outcomeOf(tb.run(record, [item]))])
					: await (async () => {
							const first = outcomeOf(tb.run(record, [item]));
							await whenWriting();
							return await Promise.all([first, outcomeOf(tb.run(record, [item]))]);
						})();

			const payments = tb.qb.sim.store.list('Payment');
			const balance = tb.invoiceBalance(qboInvoiceId);
			const row = table.add({
				scenario: `same payment ‖ same payment (${order})`,
				numbering,
				requestid: mode,
				duplicates: surplus(payments.length, 1),
				losses: shortfall(payments.length, 1),
				wrongTotals: (balance === 120 ? 0 : 1) + payments.filter((stored) => Number(stored.TotalAmt) !== 80).length,
				note: outcomes.map((outcome) => String(outcome.action)).join(' ‖ '),
			});
			expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
			expect(outcomes.map((outcome) => outcome.action).sort()).toEqual(['created', 'unchanged']);
			expect(outcomes.every((outcome) => (outcome.document as IDataObject).Id === payments[0].Id)).toBe(true);
		});
	});
});

describe.each(REQUEST_ID_MODES)('one payment without an invoice, two executions, requestid %s', (mode) => {
	it.each(numberingsFor(mode))('%s: one sales receipt', async (numbering) => {
		const payment = tb.hs.recordPayment({ amount: '49.99', initiatedAt: OCT_20, sourceApp: 'SALES_CHECKOUT', customerEmail: 'ap@acme.example' });
		const item = await tb.paymentItem(payment.id);
		tb.qb.sim.duplicateRequestIdMode = mode;
		useNumbering(tb.qb.sim, numbering);
		tb.qb.sim.server.injectFault({ method: 'POST', path: '/salesreceipt$', count: 2, resetAfterCommit: true, latencyMs: 100 });
		tb.qb.sim.server.injectFault({ method: 'POST', path: '/salesreceipt$', count: 4, latencyMs: 100 });
		const parameters = { ...record, salesReceiptItem: byId(DEFAULT_COMPANY.items.services) };

		const first = outcomeOf(tb.run(parameters, [item]));
		await whenWriting(/\/salesreceipt$/);
		const outcomes = await Promise.all([first, outcomeOf(tb.run(parameters, [item]))]);

		const receipts = tb.qb.sim.store.list('SalesReceipt');
		const row = table.add({
			scenario: 'same payment without invoice ‖ same (sales receipt)',
			numbering,
			requestid: mode,
			duplicates: surplus(receipts.length, 1),
			losses: shortfall(receipts.length, 1),
			wrongTotals: receipts.filter((receipt) => Number(receipt.TotalAmt) !== 49.99).length,
			note: outcomes.map((outcome) => String(outcome.action)).join(' ‖ '),
		});
		expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
		expect(outcomes.map((outcome) => outcome.action).sort()).toEqual(['created', 'unchanged']);
	});
});

describe('a payment another execution holds past the wait', () => {
	it('fails the item as stale, with nothing written and what to do', async () => {
		const { hubspot } = await tb.syncedInvoice('200.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '80.00', initiatedAt: OCT_20 });
		const item = await tb.paymentItem(payment.id);
		const waitBefore = process.env.HSQB_LEASE_WAIT_MS;
		process.env.HSQB_LEASE_WAIT_MS = '200';
		// Another execution in this process holds the payment until this one has given up.
		let release!: () => void;
		let granted!: () => void;
		const isGranted = new Promise<void>((resolve) => (granted = resolve));
		const holder = sourceLeasesFor().withLease(leaseKey(tb.qb.sim.realmId, 'payment', payment.id), async () => {
			granted();
			await new Promise<void>((resolve) => (release = resolve));
		});
		try {
			await isGranted;
			const result = await tb.run(record, [item], { continueOnFail: true });
			const outcome = result.output(NODE_NAME)[0].json;
			expect(outcome).toMatchObject({ action: 'failed', category: 'stale', howToFix: expect.stringMatching(/once the other execution has finished; nothing was written/) });
			expect(tb.qb.sim.store.count('Payment')).toBe(0);
		} finally {
			release();
			await holder;
			if (waitBefore === undefined) delete process.env.HSQB_LEASE_WAIT_MS;
			else process.env.HSQB_LEASE_WAIT_MS = waitBefore;
		}
	});
});
