/**
 * Calls that never get an answer end, through n8n-core against both simulators: a QuickBooks call and a
 * HubSpot call left unanswered fail with the `timeout` category within the credential's "Request
 * Timeout" (set to 1 s here), instead of holding the run. A create whose answer was lost is looked up
 * before it is sent again, so nothing is written twice.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from '../../harness/engine';
import { cursorOf, pollOnce, runCommerce, sleepMs, triggerWorkflow } from '../hubspot/helpers';
import { invoiceCreate } from '../quickbooks/fixtures';
import { byId, DEFAULT_COMPANY, NODE_NAME, useInvoiceSyncTestbed } from '../sync/invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

/** The bound the tests configure, and the longest a call may take with its look-ups and retries (3 bounds). */
const TIMEOUT_SECONDS = 1;
const DEADLINE_MS = 3 * TIMEOUT_SECONDS * 1000;

beforeEach(() => {
	bed.qb.credentials.store.quickBooksSyncOAuth2Api.requestTimeoutSeconds = TIMEOUT_SECONDS;
	bed.qb.credentials.store.hubspotCommerceApi.requestTimeoutSeconds = TIMEOUT_SECONDS;
});

/** Runs the QuickBooks node with "Continue (using error output)"; returns the failures' summaries and how long it took. */
async function runQuickBooks(parameters: IDataObject): Promise<{ result: RunResult; failures: IDataObject[]; elapsedMs: number }> {
	const started = Date.now();
	const result = await bed.qb.run(parameters, { continueOnFail: true });
	const elapsedMs = Date.now() - started;
	return { result, failures: result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject), elapsedMs };
}

describe('a QuickBooks call that never answers', () => {
	it('a read ends as `timeout` after one attempt, with advice to run again', async () => {
		bed.qb.sim.server.injectFault({ method: 'GET', path: '/customer/', count: 100, hang: 'before' });
		const { failures, elapsedMs } = await runQuickBooks({ resource: 'customer', operation: 'get', customer: byId(DEFAULT_COMPANY.customers.acme) });

		expect(failures).toEqual([
			expect.objectContaining({
				category: 'timeout',
				message: 'QuickBooks did not answer within 1 s (GET customer)',
				howToFix: expect.stringMatching(/run the item again later; nothing is written twice/),
			}),
		]);
		const reads = bed.qb.apiCalls(/\/customer\//, 'GET');
		expect(reads.map((call) => call.outcome)).toEqual(['hung']);
		expect(elapsedMs).toBeLessThan(DEADLINE_MS + 2000);
	}, 30_000);

	it('a create that is never answered is not resent past the deadline, and nothing is written', async () => {
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 100, hang: 'before' });
		const { failures, elapsedMs } = await runQuickBooks(invoiceCreate());

		expect(failures).toEqual([expect.objectContaining({ category: 'timeout', message: 'QuickBooks did not answer within 1 s (POST invoice)' })]);
		expect(bed.qb.sim.store.count('Invoice')).toBe(0);
		const creates = bed.qb.apiCalls(/\/invoice$/, 'POST');
		// Each resend came after a look-up that found nothing, and none started after the deadline.
		expect(creates.length).toBeGreaterThanOrEqual(1);
		expect(creates.length).toBeLessThanOrEqual(DEADLINE_MS / (TIMEOUT_SECONDS * 1000));
		expect(creates.every((call) => call.outcome === 'hung')).toBe(true);
		expect(elapsedMs).toBeLessThan(DEADLINE_MS + 2000);
	}, 30_000);

	it('a create committed but never answered is looked up, not written twice', async () => {
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 1, hang: 'after-commit' });
		const result = await bed.qb.run(invoiceCreate(), { continueOnFail: true });

		const [invoice] = result.output(NODE_NAME, 0).map((item) => item.json);
		expect(result.output(NODE_NAME, 1)).toEqual([]);
		expect(bed.qb.sim.store.list('Invoice').map((record) => record.Id)).toEqual([invoice.Id]);
		expect(bed.qb.apiCalls(/\/invoice$/, 'POST').map((call) => call.outcome)).toEqual(['hung']);
		expect(bed.qb.apiCalls(/\/query$/, 'GET').length).toBeGreaterThanOrEqual(1);
	}, 30_000);
});

describe('a token refresh that never answers', () => {
	it('ends as `timeout` too: the refresh inside a QuickBooks call is bounded with it', async () => {
		bed.qb.sim.expireAccessTokens();
		bed.qb.sim.server.injectFault({ method: 'POST', path: '/oauth2/v1/tokens/bearer$', count: 100, hang: 'before' });
		const { failures, elapsedMs } = await runQuickBooks({ resource: 'customer', operation: 'get', customer: byId(DEFAULT_COMPANY.customers.acme) });

		expect(failures).toEqual([expect.objectContaining({ category: 'timeout', message: expect.stringMatching(/^QuickBooks did not answer within/) })]);
		expect(bed.qb.sim.server.calls(/\/oauth2\/v1\/tokens\/bearer$/, 'POST').map((call) => call.outcome)).toEqual(['hung']);
		expect(elapsedMs).toBeLessThan(DEADLINE_MS + 2000);
	}, 30_000);
});

describe('a HubSpot call that never answers', () => {
	it('the Commerce node fails with a message naming the call and the bound', async () => {
		const hubspot = bed.invoice();
		bed.hs.server.injectFault({ method: 'POST', path: '/invoices/batch/read$', count: 100, hang: 'before' });
		const started = Date.now();
		const result = await runCommerce(bed.qb.credentials, { resource: 'invoice', operation: 'get', invoiceId: byId(hubspot.id), include: [] });
		const error = result.error('HubSpot') as Error & { description?: string };

		expect(error.message).toBe('HubSpot did not answer within 1 s while trying to read 1 invoice records');
		expect(error.description).toMatch(/run the workflow again later/);
		expect(bed.hs.server.calls(/\/invoices\/batch\/read$/).map((call) => call.outcome)).toEqual(['hung']);
		expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 2000);
	}, 30_000);

	it('the trigger\'s poll ends with the timeout, keeps its cursor, and emits the change on the next poll', async () => {
		const workflow = triggerWorkflow({ object: 'invoice', invoiceEvents: ['invoiceUpdated'] });
		const { credentials } = bed.qb;
		await pollOnce(workflow, credentials);
		expect(cursorOf(workflow)).toBeDefined();
		const cursor = JSON.stringify(cursorOf(workflow));
		await sleepMs(5);
		const changed = bed.invoice();

		bed.hs.server.injectFault({ method: 'POST', path: '/search$', count: 1, hang: 'before' });
		await expect(pollOnce(workflow, credentials)).rejects.toMatchObject({ message: expect.stringMatching(/^HubSpot did not answer within 1 s while trying to search invoice records/) });
		expect(JSON.stringify(cursorOf(workflow))).toBe(cursor);

		const next = await pollOnce(workflow, credentials);
		expect(next.map((item) => item.id)).toContain(changed.id);
	}, 30_000);

	it('Sync HubSpot Invoice reports the invoices it could not read as `timeout`, and writes nothing to QuickBooks', async () => {
		const hubspot = bed.invoice();
		bed.hs.server.injectFault({ method: 'POST', path: '/batch/read$', count: 100, hang: 'before' });
		const result = await bed.run({}, [{ json: { id: hubspot.id } }], { continueOnFail: true });

		const outcomes = [...result.output(NODE_NAME, 0), ...result.output(NODE_NAME, 1)].map((item) => (item.json.error ?? item.json) as IDataObject);
		expect(outcomes).toEqual([expect.objectContaining({ category: 'timeout', message: expect.stringMatching(/HubSpot did not answer within 1 s/) })]);
		expect(bed.qboInvoices()).toEqual([]);
		expect(bed.qb.apiCalls().filter((call) => call.method === 'POST' && !call.path.endsWith('/query'))).toEqual([]);
	}, 30_000);
});
