/**
 * Change Data Capture (quickbooks.md §8.1) and webhooks (§8.2–§8.4) against the simulator over HTTP. The webhook
 * receiver here verifies `intuit-signature` the way §8.4 says an app must: base64 HMAC-SHA256 of the raw body
 * with the verifier token, compared in constant time; a tampered body is refused by signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';

import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { faultOf, invoiceBody, qboClient, type QboTestClient } from './testing';
import { WebhookDispatcher, signWebhook } from './webhooks';

/** What an app's endpoint does (§8.4): verify the signature over the raw bytes before trusting anything. */
function signatureIsValid(rawBody: Buffer, signature: string | undefined, verifierToken: string): boolean {
	if (!signature) return false;
	const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
	const given = Buffer.from(signature, 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

interface Received {
	body: string;
	signature?: string;
	valid: boolean;
}

/** A webhook endpoint: records what arrives, answers `statuses` in turn (then 200). */
async function startReceiver(verifierToken: string, statuses: number[] = []): Promise<{ url: string; received: Received[]; server: Server }> {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const signature = req.headers['intuit-signature'] as string | undefined;
			const valid = signatureIsValid(raw, signature, verifierToken);
			received.push({ body: raw.toString('utf8'), signature, valid });
			res.statusCode = valid ? (statuses.shift() ?? 200) : 401;
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/quickbooks`, received, server };
}

const VERIFIER = 'sandbox-verifier-token';
const servers: Server[] = [];
const sims: QuickBooksSimulator[] = [];
afterEach(async () => {
	await Promise.all(sims.splice(0).map((sim) => sim.close()));
	await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('Change Data Capture (§8.1)', () => {
	let sim: QuickBooksSimulator;
	let qbo: QboTestClient;
	beforeAll(async () => {
		sim = await startQuickBooksSimulator();
		qbo = qboClient(sim);
	});
	afterAll(() => sim.close());

	const cdc = (entities: string, changedSince: string) => qbo.get(`/cdc?entities=${entities}&changedSince=${encodeURIComponent(changedSince)}&minorversion=75`);

	it('answers what changed since a time: created, updated and deleted (status "Deleted"), per entity', async () => {
		sim.reset();
		sim.clock.freeze();
		sim.advanceClock(1);
		const since = new Date(sim.clock.now()).toISOString();
		const kept = (await qbo.post('/invoice', invoiceBody({ DocNumber: 'CDC-1' }))).body.Invoice;
		const gone = (await qbo.post('/invoice', invoiceBody({ DocNumber: 'CDC-2' }))).body.Invoice;
		await qbo.post('/invoice?operation=delete', { Id: gone.Id, SyncToken: gone.SyncToken });
		await qbo.post('/customer', { Id: DEFAULT_COMPANY.customers.globex, SyncToken: '0', sparse: true, CompanyName: 'Globex' });
		const answer = await cdc('Invoice,Customer,Payment', since);
		expect(answer.status).toBe(200);
		const [response] = answer.body.CDCResponse;
		const invoices = response.QueryResponse.find((entry: any) => entry.Invoice).Invoice;
		expect(invoices.map((invoice: any) => [invoice.Id, invoice.status ?? invoice.DocNumber])).toEqual([
			[kept.Id, 'CDC-1'],
			[gone.Id, 'Deleted'],
		]);
		const customers = response.QueryResponse.find((entry: any) => entry.Customer).Customer;
		expect(customers.map((customer: any) => customer.CompanyName)).toEqual(['Globex']);
		expect(response.QueryResponse.some((entry: any) => entry.Payment)).toBe(false);

		sim.advanceClock(5);
		const later = await cdc('Invoice', new Date(sim.clock.now()).toISOString());
		expect(later.body.CDCResponse[0].QueryResponse).toEqual([]);
	});

	it('answers at most 1,000 objects per entity, oldest change first, so the next call starts after them', async () => {
		sim.reset();
		sim.clock.freeze();
		const since = new Date(sim.clock.now()).toISOString();
		sim.seed({ customers: 1003, invoices: 0 });
		const answer = await cdc('Customer', since);
		const page = answer.body.CDCResponse[0].QueryResponse[0];
		expect(page.Customer).toHaveLength(1000);
		expect(page).toMatchObject({ startPosition: 1, maxResults: 1000 });

		// The other reading of a cut answer (Intuit does not say which objects it keeps): the newest 1,000.
		sim.store.settings.cdcCutKeeps = 'newest';
		const newest = (await cdc('Customer', since)).body.CDCResponse[0].QueryResponse[0].Customer;
		expect(newest).toHaveLength(1000);
		expect(newest[0].Id).toBe(page.Customer[3].Id);
		expect(newest.at(-1).Id).not.toBe(page.Customer.at(-1).Id);
	});

	it('refuses a look-back beyond 30 days, a missing changedSince and an entity it does not capture', async () => {
		const tooOld = await cdc('Invoice', new Date(sim.clock.now() - 31 * 86_400_000).toISOString());
		expect(tooOld.status).toBe(400);
		expect(faultOf(tooOld.body).Detail).toMatch(/within the last 30 days/);
		expect(faultOf((await qbo.get('/cdc?entities=Invoice')).body).code).toBe('2020');
		expect(faultOf((await cdc('Widget', new Date(sim.clock.now()).toISOString())).body).code).toBe('2000');
	});
});

describe('webhooks (§8.2–§8.4)', () => {
	it('delivers CloudEvents signed with intuit-signature; the receiver verifies it and refuses a tampered body', async () => {
		const receiver = await startReceiver(VERIFIER);
		servers.push(receiver.server);
		const webhooks = new WebhookDispatcher({ url: receiver.url, verifierToken: VERIFIER, format: 'cloudevents', retryDelaysMs: [20] });
		const sim = await startQuickBooksSimulator({ webhooks });
		sims.push(sim);
		const qbo = qboClient(sim);
		const invoice = (await qbo.post('/invoice', invoiceBody({ DocNumber: 'WH-1' }))).body.Invoice;
		await qbo.post('/invoice?operation=void', { Id: invoice.Id, SyncToken: invoice.SyncToken });
		await webhooks.idle();

		const events = receiver.received.filter((delivery) => delivery.valid).flatMap((delivery) => JSON.parse(delivery.body));
		expect(events.map((event: any) => [event.type, event.intuitentityid, event.intuitaccountid])).toEqual([
			['qbo.invoice.created.v1', invoice.Id, sim.realmId],
			['qbo.invoice.voided.v1', invoice.Id, sim.realmId],
		]);
		expect(events[0]).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', data: {} });

		// The same signature over a body changed by one character: the receiver refuses it (401), nothing is trusted.
		const delivered = receiver.received[0];
		const tampered = delivered.body.replace(invoice.Id, `${invoice.Id}9`);
		const answer = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json', 'intuit-signature': delivered.signature! }, body: tampered });
		expect(answer.status).toBe(401);
		expect(receiver.received.at(-1)!.valid).toBe(false);
		expect(signWebhook(delivered.body, VERIFIER)).toBe(delivered.signature);
		webhooks.close();
	});

	it('retries a delivery the receiver fails until it is acknowledged', async () => {
		const receiver = await startReceiver(VERIFIER, [500, 503]);
		servers.push(receiver.server);
		const webhooks = new WebhookDispatcher({ url: receiver.url, verifierToken: VERIFIER, format: 'legacy', retryDelaysMs: [30, 30] });
		const sim = await startQuickBooksSimulator({ webhooks });
		sims.push(sim);
		const qbo = qboClient(sim);
		await qbo.post('/customer', { DisplayName: 'Webhook Retry Co' });
		await webhooks.idle();
		expect(webhooks.deliveries.map((delivery) => [delivery.attempt, delivery.status])).toEqual([
			[0, 500],
			[1, 503],
			[2, 200],
		]);
		const body = JSON.parse(webhooks.deliveries[2].body);
		expect(body.eventNotifications[0]).toMatchObject({ realmId: sim.realmId, dataChangeEvent: { entities: [{ operation: 'Create', name: 'Customer' }] } });
		webhooks.close();
	});

	it('puts several realms in one CloudEvents delivery; the legacy format sends one realm per delivery', async () => {
		for (const format of ['cloudevents', 'legacy'] as const) {
			const receiver = await startReceiver(VERIFIER);
			servers.push(receiver.server);
			const webhooks = new WebhookDispatcher({ url: receiver.url, verifierToken: VERIFIER, format, aggregationMs: 200 });
			const first = await startQuickBooksSimulator({ webhooks, realmId: '9341453000000001' });
			const second = await startQuickBooksSimulator({ webhooks, realmId: '9341453000000002' });
			sims.push(first, second);
			await qboClient(first).post('/customer', { DisplayName: `Realm One ${format}` });
			await qboClient(second).post('/customer', { DisplayName: `Realm Two ${format}` });
			await webhooks.idle();
			const realmsPerDelivery = receiver.received.map((delivery) => {
				const parsed = JSON.parse(delivery.body);
				return format === 'cloudevents'
					? [...new Set(parsed.map((event: any) => event.intuitaccountid))]
					: parsed.eventNotifications.map((notification: any) => notification.realmId);
			});
			expect(receiver.received.every((delivery) => delivery.valid)).toBe(true);
			expect(realmsPerDelivery).toEqual(format === 'cloudevents' ? [['9341453000000001', '9341453000000002']] : [['9341453000000001'], ['9341453000000002']]);
			webhooks.close();
		}
	});
});
