/**
 * Fee expenses converge to exactly the period's fees. Two "Record Fees as Expense" runs for October at
 * once: one with the payments known early in the month's close (3 payments, 14.84 of fees), one with a
 * late payment too (4 payments, 25.83), and the first expense write loses its answer. The runs take
 * turns on the period's expense (a lease), so the books end with the larger set, 25.83, in one Purchase,
 * and the two runs never both report `created`. A bookkeeper's own Purchase numbered FEES-2026-10-USD
 * is never taken over or rewritten. Under every numbering and every way QuickBooks treats a requestid.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { qboClient } from '../../../sandbox/quickbooks/testing';
import { NODE_NAME } from '../quickbooks/testbed';
import { DEFAULT_COMPANY, recordOctoberFees, usePaymentSyncTestbed } from '../sync/paymentTestbed';
import { MatrixTable, numberingsFor, REQUEST_ID_MODES, shortfall, surplus, useNumbering } from './rows';


// Each scenario runs several executions; on a busy machine one may take well over jest's default 5 s.
jest.setTimeout(60_000);

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts } = DEFAULT_COMPANY;
const table = new MatrixTable('Fee expense runs for one month at once (3 payments ‖ 4 payments), a lost answer');

afterAll(() => table.print());

const at = (day: string) => Date.parse(`${day}T12:00:00Z`);



/** October as known early (14.84 of fees), then with a late payment (25.83). */
async function october(): Promise<{ early: INodeExecutionData[]; complete: INodeExecutionData[] }> {
	tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', platformFee: '1.00', initiatedAt: at('2026-10-03') });
	tb.hs.recordPayment({ amount: '59.99', feesAmount: '2.04', platformFee: '0.60', initiatedAt: at('2026-10-17') });
	tb.hs.recordPayment({ amount: '1000.00', feesAmount: '8.00', initiatedAt: at('2026-10-29') });
	const early = await tb.searchPayments();
	tb.hs.recordPayment({ amount: '320.00', feesAmount: '10.99', initiatedAt: at('2026-10-31') });
	return { early, complete: await tb.searchPayments() };
}

async function summaryOf(run: ReturnType<typeof tb.run>): Promise<IDataObject> {
	const result = await run;
	const error = result.error(NODE_NAME);
	if (error) throw error;
	return result.output(NODE_NAME)[0].json;
}

/** Resolves once a run is writing the expense. */
async function whenWriting(): Promise<void> {
	while (!tb.qb.sim.server.requestLog.some((entry) => entry.method === 'POST' && /\/purchase$/.test(entry.path))) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const ORDERS = ['together', 'larger set first'] as const;

describe.each(REQUEST_ID_MODES)('fee runs at once, requestid %s', (mode) => {
	describe.each(ORDERS)('%s', (order) => {
		it.each(numberingsFor(mode))('%s: one expense holding the period\'s 25.83', async (numbering) => {
			const { early, complete } = await october();
			tb.qb.sim.duplicateRequestIdMode = mode;
			useNumbering(tb.qb.sim, numbering);
			tb.qb.sim.server.injectFault({ method: 'POST', path: '/purchase$', count: 1, resetAfterCommit: true, latencyMs: 100 });
			tb.qb.sim.server.injectFault({ method: 'POST', path: '/purchase$', count: 4, latencyMs: 100 });

			const runEarly = () => summaryOf(tb.run(recordOctoberFees(), early, { continueOnFail: true }));
			const runComplete = () => summaryOf(tb.run(recordOctoberFees(), complete, { continueOnFail: true }));
			const summaries =
				order === 'together'
					? await Promise.all([runEarly(), runComplete()])
					: await (async () => {
							const larger = runComplete();
							await whenWriting();
							return await Promise.all([runEarly(), larger]);
						})();

			const purchases = tb.qb.sim.store.list('Purchase').filter((purchase) => purchase.DocNumber === 'FEES-2026-10-USD');
			const cents = purchases.reduce((sum, purchase) => sum + Math.round(Number(purchase.TotalAmt) * 100), 0);
			const actions = summaries.map((summary) => String(summary.action));
			const row = table.add({
				scenario: `3 payments ‖ 4 payments (${order})`,
				numbering,
				requestid: mode,
				duplicates: surplus(purchases.length, 1) + surplus(actions.filter((action) => action === 'created').length, 1),
				losses: shortfall(purchases.length, 1) + (cents < 2583 ? 1 : 0),
				wrongTotals: cents === 2583 ? 0 : 1,
				note: summaries.map((summary) => `${String(summary.action)}${summary.category ? ` (${String(summary.category)})` : ''}`).join(' ‖ '),
			});
			expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
			expect(purchases[0].PrivateNote).toMatch(/^HubSpot fees 2026-10-01 to 2026-10-31 USD\n4 payments:/);
			// The run with fewer payments either came first (and was brought up to date) or is refused with what to do.
			const [earlyRun, completeRun] = summaries;
			if (earlyRun.action === 'failed') {
				expect(earlyRun).toMatchObject({ category: 'validation', howToFix: expect.stringMatching(/all payments of the period/) });
				expect(completeRun.action).toBe('created');
			} else {
				expect([earlyRun.action, completeRun.action]).toEqual(['created', 'updated']);
			}
		});
	});
});

describe("a bookkeeper's own FEES-2026-10-USD", () => {
	it.each(['HubSpot numbers', 'duplicates allowed'] as const)('%s: is never taken over or rewritten; the run fails with the number taken and the fix', async (numbering) => {
		const { complete } = await october();
		useNumbering(tb.qb.sim, numbering);
		// Entered in QuickBooks by someone else, with the number the node would use.
		const entered = await qboClient(tb.qb.sim).post('/purchase?minorversion=75', {
			DocNumber: 'FEES-2026-10-USD',
			TxnDate: '2026-10-31',
			PaymentType: 'Cash',
			AccountRef: { value: accounts.checking },
			PrivateNote: 'Rent deposit, office lease',
			Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 499, AccountBasedExpenseLineDetail: { AccountRef: { value: accounts.merchantFees } } }],
		});
		const rentDeposit = entered.body.Purchase as IDataObject;
		tb.qb.sim.server.clearLog();

		const [summary] = await tb.json(recordOctoberFees(), complete, { continueOnFail: true });
		expect(summary).toMatchObject({ action: 'failed', category: 'duplicate_document_number' });
		expect(String(summary.message)).toContain(`QuickBooks expense ${String(rentDeposit.Id)} already has the number FEES-2026-10-USD`);
		expect(String(summary.howToFix)).toMatch(/another number/);
		expect(tb.qb.sim.store.list('Purchase')).toEqual([expect.objectContaining({ Id: rentDeposit.Id, TotalAmt: 499, SyncToken: '0', PrivateNote: 'Rent deposit, office lease' })]);
		expect(tb.writes(/\/purchase$/)).toBe(0);
	});
});

describe('a run with as many payments, but others', () => {
	it('never replaces booked fees it does not hold: the run fails naming the payment it lacks, the books keep theirs', async () => {
		const { early, complete } = await october();
		const [first] = await tb.json(recordOctoberFees(), early);
		expect(first).toMatchObject({ action: 'created', payments: 3, total: '14.84' });
		// The late payment came in, but the first payment is missing from this run's input.
		const dropped = String(early[0].json.id);
		const otherThree = complete.filter((item) => String(item.json.id) !== dropped);
		expect(otherThree).toHaveLength(3);

		const [second] = await tb.json(recordOctoberFees(), otherThree, { continueOnFail: true });
		expect(second).toMatchObject({ action: 'failed', category: 'validation', howToFix: expect.stringMatching(/all payments of the period/) });
		expect(String(second.message)).toContain(`HubSpot payment ${dropped}`);
		expect(tb.qb.sim.store.get('Purchase', String(first.expenseId))).toMatchObject({ TotalAmt: 14.84, SyncToken: '0' });

		// With every payment of the period the expense is brought to the full set.
		const [third] = await tb.json(recordOctoberFees(), complete);
		expect(third).toMatchObject({ action: 'updated', expenseId: first.expenseId, payments: 4, total: '25.83' });
	});
});
