/**
 * "Sync HubSpot Invoice" in bulk, with both simulators enforcing their rate limits (HubSpot 100 calls per
 * 10 s; QuickBooks 10 a second, 500 a minute, 40 /batch calls a minute): a few hundred seeded invoices in
 * one execution, the API calls per invoice printed, no 429 ending as a failure, and a second run that
 * changes nothing. Also the pacing itself, and a 429 that comes anyway.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { RealmPacer } from '../../../transport/quickbooks';
import { byId, DEFAULT_COMPANY, NODE_NAME, useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, { throttling: true }, { rateLimits: true });

const BULK = 300;
const PARAMETERS: IDataObject = {
	defaultItem: { __rl: true, mode: 'list', value: '' },
	createMissingItems: true,
	newItemIncomeAccount: byId(DEFAULT_COMPANY.accounts.sales),
};

function throttledCalls(): { qbo: number; hubspot: number } {
	return {
		qbo: bed.qb.sim.server.requestLog.filter((call) => call.status === 429).length,
		hubspot: bed.hs.server.requestLog.filter((call) => call.status === 429).length,
	};
}

describe('Sync HubSpot Invoice: bulk', () => {
	it(`syncs ${BULK} seeded invoices in one execution within both rate limits, in well under one call per invoice`, async () => {
		const seeded = bed.hs.seed({ invoices: BULK, seed: 7 });
		bed.clearLogs();
		const started = Date.now();
		const result = await bed.run(PARAMETERS, seeded.invoiceIds.map((id) => ({ json: { id } })), { continueOnFail: true });
		const seconds = (Date.now() - started) / 1000;
		expect(result.error(NODE_NAME)).toBeUndefined();

		const synced = result.output(NODE_NAME, 0).map((item) => item.json);
		const failed = result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
		expect(failed).toEqual([]);
		const byAction = synced.reduce<Record<string, number>>((counts, item) => ({ ...counts, [String(item.action)]: (counts[String(item.action)] ?? 0) + 1 }), {});
		expect(byAction).toEqual({ created: BULK - seeded.byStatus.draft - seeded.byStatus.voided, skipped: seeded.byStatus.draft + seeded.byStatus.voided });
		expect(bed.qboInvoices()).toHaveLength(byAction.created);

		// QuickBooks' totals are HubSpot's billed amounts, to the cent.
		const billed = new Map(seeded.invoiceIds.map((id) => [id, bed.hubspotProperties(id).hs_amount_billed]));
		for (const item of synced.filter((entry) => entry.action === 'created')) {
			expect(String((item.qboInvoice as IDataObject).TotalAmt)).toBe(String(Number(billed.get(String(item.hubspotInvoiceId)))));
		}

		const calls = bed.calls();
		const perInvoice = { hubspot: calls.hubspot / BULK, qbo: calls.qbo / BULK, total: (calls.hubspot + calls.qbo) / BULK };
		console.log(
			`${BULK} invoices from ids in ${seconds.toFixed(1)} s: HubSpot ${calls.hubspot} calls (${perInvoice.hubspot.toFixed(3)}/invoice), ` +
				`QuickBooks ${calls.qbo} calls (${perInvoice.qbo.toFixed(3)}/invoice, ${bed.qb.apiCalls(/\/batch$/).length} /batch), total ${perInvoice.total.toFixed(3)}/invoice; ` +
				`429s: ${JSON.stringify(throttledCalls())}`,
		);
		expect(perInvoice.total).toBeLessThanOrEqual(0.5);
		expect(throttledCalls()).toEqual({ qbo: 0, hubspot: 0 });

		// The second run finds everything synced and changes nothing.
		const before = bed.snapshot(seeded.invoiceIds);
		bed.clearLogs();
		const again = await bed.run(PARAMETERS, seeded.invoiceIds.map((id) => ({ json: { id } })), { continueOnFail: true });
		expect(again.output(NODE_NAME, 1)).toEqual([]);
		expect(new Set(again.output(NODE_NAME, 0).map((item) => item.json.action))).toEqual(new Set(['unchanged', 'skipped']));
		expect(bed.snapshot(seeded.invoiceIds)).toBe(before);
		const rerun = bed.calls();
		console.log(`second run: HubSpot ${rerun.hubspot} calls, QuickBooks ${rerun.qbo} calls (${rerun.qboWrites} writes), total ${((rerun.hubspot + rerun.qbo) / BULK).toFixed(3)}/invoice`);
		expect(rerun.qboWrites).toBe(0);
	});

	it('backs off from a 429 that comes anyway and resumes', async () => {
		const invoices = [bed.invoice(), bed.invoice()];
		bed.qb.sim.server.injectFault({
			method: 'POST',
			path: '/batch$',
			count: 1,
			status: 429,
			headers: { 'retry-after': '1' },
			body: { fault: { error: [{ message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', detail: 'Too many requests', code: '3001' }], type: 'SERVICE' } },
		});
		const results = await bed.sync(invoices.map((invoice) => invoice.id));
		expect(results.map((result) => result.action)).toEqual(['created', 'created']);
		expect(bed.qb.apiCalls(/\/batch$/).map((call) => call.status)).toEqual([429, 200, 200]);
	});
});

describe('QuickBooks pacing', () => {
	it('lets at most the per-second limit through in any second, counted from the answers', async () => {
		const pacer = new RealmPacer({ perSecond: 8, perMinute: 500, batchPerMinute: 40 });
		const answeredAt: number[] = [];
		const started = Date.now();
		for (let call = 0; call < 20; call++) {
			const ticket = await pacer.acquire('request');
			answeredAt.push(Date.now());
			ticket.done();
		}
		// 20 calls at 8 a second: the 17th may go only two windows after the first eight answers.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		for (let first = 0; first + 8 < answeredAt.length; first++) expect(answeredAt[first + 8] - answeredAt[first]).toBeGreaterThanOrEqual(1000);
	});

	it('tells how long a /batch call would wait once the minute\'s /batch calls are spent', async () => {
		const pacer = new RealmPacer({ perSecond: 100, perMinute: 500, batchPerMinute: 2 });
		(await pacer.acquire('batch')).done();
		(await pacer.acquire('batch')).done();
		expect(pacer.waitMs('batch')).toBeGreaterThan(55_000);
		expect(pacer.waitMs('request')).toBe(0);
	});
});
