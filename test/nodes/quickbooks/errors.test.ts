/**
 * Each error category the QuickBooks side can meet, as the user meets it: a NodeApiError that says what
 * happened, what to fix and which item; or, with Continue On Fail, an item on the error output while the
 * other items go on. Recoverable ones (stale SyncToken, throttling, expired token) recover on their own.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { SimClock } from '../../../sandbox/quickbooks/clock';
import { kindByName } from '../../../sandbox/quickbooks/entities';
import { gatewayFaultBody, staleObject } from '../../../sandbox/quickbooks/faults';
import { invoiceCreate, paymentCreate } from './fixtures';
import { byId, DEFAULT_COMPANY, NODE_NAME, salesLines, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { customers, items } = DEFAULT_COMPANY;
const clock = new SimClock();

async function errorOutput(parameters: IDataObject, itemsIn: IDataObject[] = [{}]) {
	const result = await qb.run(parameters, { continueOnFail: true, items: itemsIn.map((json) => ({ json })) });
	return { ok: result.output(NODE_NAME, 0), failed: result.output(NODE_NAME, 1) };
}

describe('duplicate display name (6240)', () => {
	it('says the name is taken across customers, vendors and employees', async () => {
		const error = await qb.failure({ resource: 'customer', operation: 'update', customer: byId(customers.globex), updateFields: { displayName: 'Stripe' } });
		expect(error.message).toMatch(/^QuickBooks error 6240: Duplicate Name Exists Error.*already uses this display name.*\[item 0\]$/);
		expect(error.description).toMatch(/QuickBooks code 6240, intuit_tid 1-[0-9a-f]+/);
		expect(qb.sim.store.get('Customer', customers.globex)!.DisplayName).toBe('Globex Ltd');
	});

	it('the same update goes through once the name is freed, although QuickBooks replays its first answer', async () => {
		const rename = { resource: 'customer', operation: 'update', customer: byId(customers.globex), updateFields: { displayName: 'Stripe' } };
		await qb.failure(rename);
		// Someone renames the vendor in QuickBooks; the item is run again.
		const vendor = qb.sim.store.get('Vendor', DEFAULT_COMPANY.vendors.stripe)!;
		qb.sim.service.update(kindByName('Vendor')!, { ...vendor, DisplayName: 'Stripe, Inc.' }, new Set());
		await qb.json(rename);
		expect(qb.sim.store.get('Customer', customers.globex)!.DisplayName).toBe('Stripe');
	});

	it('find-or-create does not take an employee for a customer: the collision is reported with its category', async () => {
		const { ok, failed } = await errorOutput({ resource: 'customer', operation: 'findOrCreate', displayName: 'Emily Platt', email: '', additionalFields: {} });
		expect(ok).toEqual([]);
		expect(failed[0].json.error).toMatchObject({ category: 'duplicate_display_name', code: '6240', intuit_tid: expect.any(String) });
	});
});

describe('duplicate document number (6140)', () => {
	it('refuses another document with a used number, naming the document that has it', async () => {
		const [first] = await qb.json(invoiceCreate());
		const error = await qb.failure(invoiceCreate({}, customers.globex));
		expect(error.message).toMatch(
			new RegExp(`^QuickBooks error 6140: Duplicate Document Number Error.*DocNumber=HS-2001 is assigned to TxnType=Invoice with TxnId=${String(first.Id)}.*invoice number is already used.*\\[item 0\\]$`),
		);
		expect(qb.sim.store.count('Invoice')).toBe(1);
	});

	it('never answers another create with the document holding its number, even an identical one', async () => {
		const [first] = await qb.json(invoiceCreate());
		const error = await qb.failure({ ...invoiceCreate(), options: { requestId: 'another-request-id' } });
		expect(error.message).toMatch(new RegExp(`^QuickBooks error 6140: .*TxnId=${String(first.Id)}.*\\[item 0\\]$`));
		expect(qb.sim.store.count('Invoice')).toBe(1);
	});
});

describe('stale SyncToken (5010)', () => {
	it('recovers from a concurrent change by reading the invoice again and applying the update once more', async () => {
		const [invoice] = await qb.json(invoiceCreate());
		const id = String(invoice.Id);
		// The node's update is held up long enough for another writer to save first.
		qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 1, latencyMs: 400 });
		const running = qb.json({ resource: 'invoice', operation: 'update', documentId: id, lines: {}, updateFields: { privateNote: 'from n8n' } });
		while (!qb.sim.server.requestLog.some((entry) => entry.method === 'POST' && entry.status === 0)) await new Promise((resolve) => setTimeout(resolve, 5));
		const token = qb.credentials.store.quickBooksSyncOAuth2Api.oauthTokenData as IDataObject;
		const concurrent = await fetch(`${qb.sim.apiBase}/invoice?operation=update&minorversion=75&requestid=concurrent-1`, {
			method: 'POST',
			headers: { authorization: `Bearer ${String(token.access_token)}`, 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ Id: id, SyncToken: '0', sparse: true, CustomerMemo: { value: 'from someone else' } }),
		});
		expect(concurrent.status).toBe(200);

		const [updated] = await running;
		expect(updated.SyncToken).toBe('2');
		expect(qb.sim.store.get('Invoice', id)).toMatchObject({ PrivateNote: 'from n8n', CustomerMemo: { value: 'from someone else' }, SyncToken: '2' });
		const updates = qb.apiCalls(/\/invoice$/, 'POST').filter((call) => call.query.operation === 'update');
		// In arrival order: the node's held-up update (answered 5010 once the other writer had saved),
		// the other writer's update, and the node's retry on the version it read again.
		expect(updates.map((call) => [call.status, (call.body as IDataObject).SyncToken])).toEqual([
			[400, '0'],
			[200, '0'],
			[200, '1'],
		]);
	});

	it('reports a conflict that persists after one re-read', async () => {
		const [invoice] = await qb.json(invoiceCreate());
		const body = staleObject('Invoice', String(invoice.Id), '3', '0').body(clock);
		qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 2, status: 400, body });
		const error = await qb.failure({ resource: 'invoice', operation: 'update', documentId: invoice.Id, lines: {}, updateFields: { privateNote: 'x' } });
		expect(error.message).toMatch(/^QuickBooks error 5010: Stale Object Error.*changed while syncing: run the item again.*\[item 0\]$/);
		expect(qb.apiCalls(new RegExp(`/invoice/${String(invoice.Id)}$`), 'GET')).toHaveLength(2);
		expect(qb.sim.store.get('Invoice', String(invoice.Id))!.PrivateNote).toBe(invoice.PrivateNote);
	});
});

describe('throttling (429)', () => {
	const throttled = () => ({
		status: 429,
		body: gatewayFaultBody(429, '3001', 'ThrottleExceeded', 'The request limit was reached (10 requests per second per realm).', 'SERVICE', clock),
	});

	it('waits as long as Retry-After says, then succeeds', async () => {
		qb.sim.server.injectFault({ method: 'GET', path: '/query$', count: 1, ...throttled(), headers: { 'Retry-After': '1' } });
		const started = Date.now();
		const found = await qb.json({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { displayName: 'Acme Corporation' } });
		expect(found.map((customer) => customer.Id)).toEqual([customers.acme]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(qb.apiCalls(/\/query$/).map((call) => call.status)).toEqual([429, 200]);
	});

	it('gives up after a bounded number of retries with a clear message', async () => {
		qb.sim.server.injectFault({ method: 'GET', path: '/query$', count: 10, ...throttled(), headers: { 'Retry-After': '0' } });
		const error = await qb.failure({ resource: 'customer', operation: 'getAll', returnAll: true, filters: {} });
		expect(error.message).toMatch(/^QuickBooks error 3001: ThrottleExceeded: .*throttling requests: wait a minute.*\[item 0\]$/);
		expect(qb.apiCalls(/\/query$/)).toHaveLength(4);
	});

	it('retries a server error (503) and succeeds', async () => {
		qb.sim.server.injectFault({ method: 'GET', path: '/customer/2$', count: 1, status: 503, body: { message: 'Service Unavailable' } });
		const [customer] = await qb.json({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		expect(customer.Id).toBe(customers.acme);
		expect(qb.apiCalls(/\/customer\/2$/).map((call) => call.status)).toEqual([503, 200]);
	});
});

describe('expired access token', () => {
	it("goes through n8n's OAuth2 refresh, persists the rotated tokens, and repeats the call", async () => {
		const before = qb.credentials.store.quickBooksSyncOAuth2Api.oauthTokenData as IDataObject;
		qb.sim.expireAccessTokens();
		const [customer] = await qb.json({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		expect(customer.Id).toBe(customers.acme);

		const after = qb.credentials.store.quickBooksSyncOAuth2Api.oauthTokenData as IDataObject;
		expect(qb.credentials.oauthUpdates).toHaveLength(1);
		expect(after.access_token).not.toBe(before.access_token);
		expect(after.refresh_token).not.toBe(before.refresh_token);
		expect((after.callbackQueryString as IDataObject).realmId).toBe(qb.sim.realmId);
		expect(qb.sim.server.calls(/\/oauth2\/v1\/tokens\/bearer$/, 'POST')).toHaveLength(1);
		expect(qb.apiCalls(/\/customer\/2$/).map((call) => call.status)).toEqual([401, 200]);

		// The next run uses the persisted token without refreshing again.
		await qb.json({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		expect(qb.sim.server.calls(/\/oauth2\/v1\/tokens\/bearer$/, 'POST')).toHaveLength(1);
	});

	it('asks to reconnect the credential when the refresh token is refused (invalid_grant)', async () => {
		const data = qb.credentials.store.quickBooksSyncOAuth2Api;
		data.oauthTokenData = { ...(data.oauthTokenData as IDataObject), refresh_token: 'revoked-refresh-token' };
		qb.sim.expireAccessTokens();
		const error = await qb.failure({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		expect(error.message).toMatch(/invalid_grant.*Reconnect the QuickBooks credential.*\[item 0\]$/);

		const { failed } = await errorOutput({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		expect(failed[0].json.error).toMatchObject({ category: 'auth_reconnect', code: 'invalid_grant' });
	});
});

describe('invalid reference (610 / 2500)', () => {
	it('names the inactive item a line points to (610)', async () => {
		const error = await qb.failure({
			resource: 'invoice',
			operation: 'create',
			customer: byId(customers.acme),
			lines: salesLines({ item: items.legacyPlan, unitPrice: '10' }),
			additionalFields: {},
		});
		// QuickBooks-side advice: a plain Create involves no HubSpot product.
		expect(error.message).toMatch(/^QuickBooks error 610: Object Not Found.*Item 7 is inactive.*choose another item, or reactivate it in QuickBooks\. \[item 0\]$/);
		expect(qb.sim.store.count('Invoice')).toBe(0);
	});

	it('goes through once the cause is fixed, although QuickBooks replays the first answer to a repeated requestid', async () => {
		// The Request ID makes the second execution the same create as the first.
		const parameters = { ...invoiceCreate({}, customers.dormant), options: { requestId: 'hubspot-invoice-5-v1' } };
		const error = await qb.failure(parameters);
		expect(error.message).toMatch(/^QuickBooks error 610: .*Customer 5 is inactive/);
		// The user reactivates the customer in QuickBooks and runs the item again.
		await qb.json({ resource: 'customer', operation: 'update', customer: byId(customers.dormant), updateFields: { active: true } });
		const [invoice] = await qb.json(parameters);
		expect(qb.sim.store.get('Invoice', String(invoice.Id))).toMatchObject({ CustomerRef: { value: customers.dormant }, DocNumber: 'HS-2001' });
		const creates = qb.apiCalls(/\/invoice$/, 'POST');
		// Run 1: the fault, asked again under the run's own id. Run 2: the stored fault replayed, then the fresh ask that succeeds.
		expect(creates.map((call) => call.status)).toEqual([400, 400, 400, 200]);
		expect(creates[2].query.requestid).toBe(creates[0].query.requestid);
		expect(new Set(creates.map((call) => call.query.requestid)).size).toBe(3);
		expect(qb.sim.store.count('Invoice')).toBe(1);
	});

	it('names a customer that does not exist (2500)', async () => {
		const { failed } = await errorOutput({ resource: 'invoice', operation: 'create', customer: byId('999'), lines: salesLines({ unitPrice: '10' }), additionalFields: {} });
		expect(failed[0].json.error).toMatchObject({ category: 'customer_not_found', code: '2500', element: 'CustomerRef' });
	});
});

describe('continue on fail', () => {
	it('routes the failing item to the error output and goes on with the others', async () => {
		const { ok, failed } = await errorOutput(
			{
				resource: 'invoice',
				operation: 'create',
				customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' },
				lines: salesLines({ unitPrice: '10' }),
				additionalFields: { docNumber: '={{ $json.number }}' },
			},
			[
				{ customer: customers.acme, number: 'CF-1' },
				{ customer: customers.dormant, number: 'CF-2' },
				{ customer: customers.globex, number: 'CF-3' },
			],
		);
		expect(ok.map((item) => [item.json.DocNumber, item.pairedItem])).toEqual([
			['CF-1', { item: 0 }],
			['CF-3', { item: 2 }],
		]);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(failed[0].json).toEqual({
			error: {
				category: 'customer_not_found',
				code: '610',
				message: expect.stringMatching(/^QuickBooks error 610: Object Not Found.*Customer 5 is inactive/),
				howToFix: expect.any(String),
				intuit_tid: expect.stringMatching(/^1-/),
				element: 'CustomerRef',
			},
		});
		expect(qb.sim.store.list('Invoice').map((invoice) => invoice.DocNumber)).toEqual(['CF-1', 'CF-3']);
	});

	it('without it, stops at the failing item and says which', async () => {
		const result = await qb.run(
			{ resource: 'invoice', operation: 'create', customer: { __rl: true, mode: 'id', value: '={{ $json.customer }}' }, lines: salesLines({ unitPrice: '10' }), additionalFields: {} },
			{ items: [{ json: { customer: customers.acme } }, { json: { customer: customers.dormant } }] },
		);
		const error = result.error(NODE_NAME) as Error & { context?: IDataObject };
		expect(error.message).toMatch(/\[item 1\]$/);
		expect(error.context?.itemIndex).toBe(1);
	});
});

describe('messages that say what to fix', () => {
	it('a wrong Client Secret at token refresh (invalid_client) asks to check the credential\'s keys, once, not "could not reach"', async () => {
		qb.credentials.store.quickBooksSyncOAuth2Api.clientSecret = 'not-the-app-secret';
		qb.sim.expireAccessTokens();
		const { failed } = await errorOutput({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		expect(failed[0].json.error).toEqual({
			category: 'auth_reconnect',
			code: 'invalid_client',
			message: "QuickBooks refused the app's Client ID or Client Secret when refreshing the access token (invalid_client)",
			howToFix: expect.stringMatching(/^Check the Client ID and Client Secret of the QuickBooks credential/),
		});
		// Refused keys are not retried: one refresh, one call.
		expect(qb.sim.server.calls(/\/oauth2\/v1\/tokens\/bearer$/, 'POST').map((call) => call.status)).toEqual([401]);
		expect(qb.apiCalls(/\/customer\/2$/)).toHaveLength(1);
	});

	it('a payment QuickBooks refuses as more than the open balance (6000) is `overpayment`, not `validation`', async () => {
		// The reading where QuickBooks refuses an over-applied payment (quickbooks.md §15.4 leaves it unverified).
		qb.sim.settings.overAppliedPayment = 'refuse';
		const [invoice] = await qb.json(invoiceCreate());
		await qb.json(paymentCreate(String(invoice.Id)));
		// A second payment of the same invoice, e.g. from a run that checked the balance before the first landed.
		const { failed } = await errorOutput({ ...paymentCreate(String(invoice.Id)), additionalFields: { txnDate: '2026-10-06', paymentRefNum: 'ch_2' } });
		expect(failed[0].json.error).toMatchObject({
			category: 'overpayment',
			code: '6000',
			message: expect.stringMatching(/exceeds its open balance \(0(\.00)?\)/),
			howToFix: expect.stringMatching(/more than the open balance of the QuickBooks invoice/),
		});
		expect(qb.sim.store.count('Payment')).toBe(1);
	});

	it('Get with an id that contains "customer" is the invoice not found, with QuickBooks advice', async () => {
		const { failed } = await errorOutput({ resource: 'invoice', operation: 'get', documentId: 'customer-7' });
		expect(failed[0].json.error).toMatchObject({
			category: 'not_found',
			code: '610',
			message: expect.stringMatching(/^QuickBooks has no Invoice with ID customer-7/),
			howToFix: 'Check the Invoice ID: it may be mistyped, deleted, or belong to another QuickBooks company than the credential\'s.',
		});
	});

	it('Get with an empty id is a validation error before any call', async () => {
		const { failed } = await errorOutput({ resource: 'invoice', operation: 'get', documentId: '  ' });
		expect(failed[0].json.error).toEqual({
			category: 'validation',
			message: 'The Invoice ID is empty',
			howToFix: expect.stringMatching(/^Enter the QuickBooks ID of the invoice/),
		});
		expect(qb.apiCalls()).toEqual([]);
	});

	it('a plain Create with an unreadable unit price names the node field, not HubSpot', async () => {
		const { failed } = await errorOutput({ resource: 'invoice', operation: 'create', customer: byId(customers.acme), lines: salesLines({ unitPrice: '1,200.00' }), additionalFields: {} });
		const { error } = failed[0].json as { error: IDataObject };
		expect(error).toMatchObject({ category: 'validation', message: expect.stringMatching(/^Line 1 unit price is not a valid decimal number/) });
		expect(error.howToFix).toBe('Enter line 1 unit price in the node as a plain decimal number such as 19.99 (no thousands separators or currency signs).');
		expect(JSON.stringify(error)).not.toMatch(/HubSpot/);
		expect(qb.apiCalls(/\/invoice$/, 'POST')).toEqual([]);
	});
});

describe('requests the client refuses to send', () => {
	it('a filter QuickBooks cannot run is refused before any request', async () => {
		const error = await qb.failure({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { where: "AcctNum = '12'" } });
		expect(error.message).toMatch(/QuickBooks cannot filter Customer by AcctNum.*\[item 0\]$/);
		expect(qb.apiCalls(/\/query$/)).toHaveLength(0);
	});
});

describe('secrets', () => {
	it('never puts tokens or the client secret into errors or outputs', async () => {
		const data = qb.credentials.store.quickBooksSyncOAuth2Api;
		const tokens = data.oauthTokenData as IDataObject;
		const secrets = [String(tokens.access_token), String(tokens.refresh_token), String(data.clientSecret)];
		qb.sim.expireAccessTokens();
		data.oauthTokenData = { ...tokens, refresh_token: 'revoked-refresh-token' };
		const reconnect = await qb.run({ resource: 'customer', operation: 'get', customer: byId(customers.acme) });
		qb.reset();
		const rejected = await qb.run({ resource: 'invoice', operation: 'create', customer: byId('999'), lines: salesLines({ unitPrice: '1' }), additionalFields: {} });
		const routed = await qb.run({ resource: 'invoice', operation: 'create', customer: byId('999'), lines: salesLines({ unitPrice: '1' }), additionalFields: {} }, { continueOnFail: true });
		const newSecrets = [
			String((qb.credentials.store.quickBooksSyncOAuth2Api.oauthTokenData as IDataObject).access_token),
			String((qb.credentials.store.quickBooksSyncOAuth2Api.oauthTokenData as IDataObject).refresh_token),
		];
		for (const run of [reconnect, rejected, routed]) {
			const error = run.error(NODE_NAME);
			const text = JSON.stringify({ error, keys: error ? Object.getOwnPropertyNames(error).map((key) => (error as never)[key]) : [], data: run.run.data.resultData });
			for (const secret of [...secrets, ...newSecrets, 'revoked-refresh-token']) expect(text).not.toContain(secret);
		}
	});
});
