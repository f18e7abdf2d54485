/**
 * Concurrent refunds converge to exactly the refunded total. A $100 payment is refunded 40, then 60
 * more: one execution records it from the item it got after the first refund ("refunded 40"), another
 * from the item after the second ("refunded to 100"), both at once, with the first refund document's
 * answer lost (a reset after QuickBooks committed it). Holding the payment's refund lease, each reads
 * what is booked and writes the difference: 40 + 60 or 100 + nothing, never 140. Under every numbering
 * and every way QuickBooks treats a repeated requestid.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { NODE_NAME } from '../quickbooks/testbed';
import { OCT_5, RECORD_REFUND, usePaymentSyncTestbed } from '../sync/paymentTestbed';
import { MatrixTable, numberingsFor, REQUEST_ID_MODES, shortfall, surplus, useNumbering } from './rows';

// Each scenario runs several executions; on a busy machine one may take well over jest's default 5 s.
jest.setTimeout(60_000);

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const table = new MatrixTable('Concurrent refunds of one payment ("refunded 40" and "refunded to 100" at once)');

afterAll(() => table.print());

const OCT_22 = Date.parse('2026-10-22T12:00:00Z');
const OCT_23 = Date.parse('2026-10-23T12:00:00Z');

async function outcomeOf(run: ReturnType<typeof tb.run>): Promise<IDataObject> {
	const result = await run;
	const error = result.error(NODE_NAME);
	if (error) throw error;
	return result.output(NODE_NAME)[0].json;
}

/** Starts the second execution once the first one is writing its refund document (holding the lease). */
async function whenWriting(): Promise<void> {
	while (!tb.qb.sim.server.requestLog.some((entry) => entry.method === 'POST' && /\/refundreceipt$/.test(entry.path))) {
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

const ORDERS = ['together', 'newer first'] as const;

describe.each(REQUEST_ID_MODES)('concurrent refunds, requestid %s', (mode) => {
	describe.each(ORDERS)('%s', (order) => {
		it.each(numberingsFor(mode))('%s: the books hold exactly the refunded 100.00', async (numbering) => {
			const { hubspot } = await tb.syncedInvoice('100.00', {
				docNumber: numbering !== 'no HubSpot number',
			});
			const payment = tb.hs.recordPayment({
				invoiceId: hubspot.id,
				initiatedAt: OCT_5,
			});
			tb.hs.refundPayment(payment.id, { amount: '40.00', at: OCT_22 });
			const refunded40 = await tb.paymentItem(payment.id);
			tb.hs.refundPayment(payment.id, { amount: '60.00', at: OCT_23 });
			const refundedTo100 = await tb.paymentItem(payment.id);
			tb.qb.sim.duplicateRequestIdMode = mode;
			useNumbering(tb.qb.sim, numbering);
			// The first refund document written loses its answer; every write is slow, so the executions overlap.
			tb.qb.sim.server.injectFault({
				method: 'POST',
				path: '/refundreceipt$',
				count: 1,
				resetAfterCommit: true,
				latencyMs: 150,
			});
			tb.qb.sim.server.injectFault({
				method: 'POST',
				path: '/refundreceipt$',
				count: 3,
				latencyMs: 150,
			});

			const outcomes =
				order === 'together'
					? await Promise.all([outcomeOf(tb.run(RECORD_REFUND, [refunded40])), outcomeOf(tb.run(RECORD_REFUND, [refundedTo100]))])
					: await (async () => {
							// "Refunded to 100" is being written when the execution holding "refunded 40" starts.
							const newer = outcomeOf(tb.run(RECORD_REFUND, [refundedTo100]));
							await whenWriting();
							const older = outcomeOf(tb.run(RECORD_REFUND, [refunded40]));
							return await Promise.all([older, newer]);
						})();

			const receipts = tb.qb.sim.store.list('RefundReceipt');
			const cents = receipts.reduce((sum, receipt) => sum + Math.round(Number(receipt.TotalAmt) * 100), 0);
			const markers = receipts.map((receipt) => String(receipt.PrivateNote).split('\n')[0]);
			const row = table.add({
				scenario: `refunded 40 ‖ refunded to 100 (${order}), lost answer`,
				numbering,
				requestid: mode,
				duplicates: markers.length - new Set(markers).size + (cents > 10_000 ? 1 : 0),
				losses: cents < 10_000 ? 1 : 0,
				wrongTotals: cents === 10_000 ? 0 : 1,
				note: outcomes.map((outcome) => `${String(outcome.action)} ${String(outcome.amount ?? outcome.refundedInTotal)}`).join(' ‖ '),
			});
			expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
			expect(outcomes.map((outcome) => outcome.action).sort()).toEqual(expect.arrayContaining(['created']));
			expect(outcomes.every((outcome) => outcome.action === 'created' || outcome.action === 'unchanged')).toBe(true);
			expect(surplus(receipts.length, 2) + shortfall(receipts.length, 1)).toBe(0);
			if (numbering === 'QuickBooks numbers') expect(receipts.every((receipt) => !String(receipt.DocNumber).startsWith('R-'))).toBe(true);
		});
	});
});
