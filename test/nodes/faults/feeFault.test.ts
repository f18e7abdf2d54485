/**
 * Record Fees as Expense when QuickBooks still refuses the period's expense (a line it cannot hold, 2110,
 * or a negative one, 2290): the error names the payments whose fees make up the lines, the suspect one
 * first, instead of only QuickBooks' "Line 1". Through n8n-core against both simulators.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { SimClock } from '../../../sandbox/quickbooks/clock';
import { invalidDecimal, negativeAmount } from '../../../sandbox/quickbooks/faults';
import { NODE_NAME } from '../quickbooks/testbed';
import { recordOctoberFees, usePaymentSyncTestbed } from '../sync/paymentTestbed';

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const clock = new SimClock();
const at = (day: string) => Date.parse(`${day}T12:00:00Z`);



describe('a QuickBooks fault on the fee expense', () => {
	it.each([
		['2110', () => invalidDecimal('Line.Amount', 'Supplied value:2500000.00 exceeds the precision allowed')],
		['2290', () => negativeAmount('Line.Amount', '-3.20')],
	])('%s names the payments behind the lines, the largest fee first, and books nothing', async (code, makeFault) => {
		const small = tb.hs.recordPayment({ amount: '100.00', feesAmount: '3.20', platformFee: '1.00', initiatedAt: at('2026-10-03') });
		const large = tb.hs.recordPayment({ amount: '3000000.00', feesAmount: '2500000.00', initiatedAt: at('2026-10-17') });
		const payments = await tb.searchPayments();
		tb.qb.sim.server.injectFault({ method: 'POST', path: '/purchase$', count: 10, status: 400, body: makeFault().body(clock) });

		const result = await tb.run(recordOctoberFees(), payments, { errorOutput: true });
		const [failure] = result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
		expect(failure).toMatchObject({
			action: 'failed',
			category: 'validation',
			message: expect.stringContaining(`The USD fee expense FEES-2026-10-USD books the fees of 2 payments, most suspect first: payment ${large.id} (processing fee 2500000, platform fee 0), payment ${small.id} (processing fee 3.2, platform fee 1).`),
			howToFix: `Check the fees of payment ${large.id}, payment ${small.id} in HubSpot: a negative fee, or one larger than QuickBooks can hold, cannot be booked. Correct the payment or leave it out of the input, then run again.`,
		});
		expect(String(failure.message)).toMatch(new RegExp(`^QuickBooks error ${code}: `));
		expect(tb.qb.sim.store.count('Purchase')).toBe(0);
	}, 30_000);
});
