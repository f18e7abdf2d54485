/**
 * QuickBooks Trigger, webhook mode: the simulator's webhook dispatcher (quickbooks.md §8.2–§8.4)
 * delivers signed CloudEvents or legacy notifications over HTTP to the node's webhook(), run through
 * n8n-core's WebhookContext. Signed deliveries start the workflow with the changed records; a tampered
 * body or a wrong signature is refused before anything is read; other companies' events are ignored;
 * a re-delivery starts nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject, Workflow } from 'n8n-workflow';

import { signWebhook, WebhookDispatcher, type WebhookFormat } from '../../../sandbox/quickbooks/webhooks';
import { CREDENTIALS, useQuickBooksTestbed } from '../quickbooks/testbed';
import { Books, triggerWorkflow } from './testbed';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

const testbed = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const VERIFIER = 'verifier-token-of-the-intuit-app';
const WEBHOOK_CREDENTIALS = { ...CREDENTIALS, quickBooksWebhookApi: { id: 'qbo-webhook-1', name: 'Intuit app webhooks' } };

describe('QuickBooks Trigger (webhooks)', () => {
	let books: Books;
	let receiver: WebhookReceiver | undefined;
	let dispatcher: WebhookDispatcher | undefined;

	beforeEach(() => {
		testbed.credentials.store.quickBooksWebhookApi = { verifierToken: VERIFIER };
		books = new Books(testbed);
	});
	afterEach(async () => {
		dispatcher?.close();
		testbed.sim.webhooks = undefined;
		await receiver?.close();
		receiver = undefined;
	});

	async function listen(format: WebhookFormat, parameters: IDataObject = {}): Promise<{ workflow: Workflow; receiver: WebhookReceiver }> {
		const workflow = triggerWorkflow({ mode: 'webhook', ...parameters }, WEBHOOK_CREDENTIALS);
		receiver = await startWebhookReceiver(workflow, () => testbed.credentials);
		dispatcher = new WebhookDispatcher({ url: receiver.url, verifierToken: VERIFIER, format, retryDelaysMs: [20] });
		testbed.sim.webhooks = dispatcher;
		return { workflow, receiver };
	}

	const post = async (url: string, body: string, signature?: string) =>
		await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'intuit-signature': signature }) }, body });

	it.each(['cloudevents', 'legacy'] as const)('accepts signed %s deliveries: each change once, with the record read from QuickBooks', async (format) => {
		const { receiver } = await listen(format);
		const invoice = await books.invoice(120);
		await dispatcher!.idle();
		await books.touch('invoice', invoice, 'edited in QuickBooks');
		await dispatcher!.idle();
		await books.void('invoice', invoice);
		const payment = await books.payment(15);
		await dispatcher!.idle();
		await books.delete('payment', payment);
		const customer = await books.customer(`Webhook Co ${format}`);
		await dispatcher!.idle();
		await books.deactivate(customer);
		await dispatcher!.idle();

		const items = receiver.items();
		expect(items.map((item) => [item.entity, item.event, item.id])).toEqual([
			['Invoice', 'created', invoice.Id],
			['Invoice', 'updated', invoice.Id],
			['Invoice', 'voided', invoice.Id],
			['Payment', 'created', payment.Id],
			['Payment', 'deleted', payment.Id],
			['Customer', 'created', customer.Id],
			['Customer', 'deleted', customer.Id],
		]);
		expect(items.every((item) => item.source === 'webhook' && item.realmId === testbed.sim.realmId)).toBe(true);
		expect(items[0].record).toMatchObject({ Id: invoice.Id, TotalAmt: 120 });
		expect(items[2].record).toMatchObject({ Id: invoice.Id, TotalAmt: 0, PrivateNote: expect.stringMatching(/^Voided/) });
		expect(items.find((item) => item.event === 'deleted' && item.entity === 'Payment')!.record).toBeNull();
		expect(items.at(-1)!.record).toMatchObject({ Id: customer.Id, Active: false });
		if (format === 'cloudevents') expect(items.every((item) => typeof item.webhookEventId === 'string')).toBe(true);
		expect(receiver.requests.every((request) => request.status === 200)).toBe(true);
		// The records were read in one query per record type and delivery, never one call per event.
		expect(testbed.apiCalls(/\/query$/).every((call) => / IN \(/.test(String(call.query.query)))).toBe(true);
	});

	it('refuses a tampered body, a wrong or missing signature, before reading the body', async () => {
		const { receiver } = await listen('cloudevents');
		await books.invoice(10);
		await dispatcher!.idle();
		const delivered = dispatcher!.deliveries.at(-1)!;
		expect(receiver.items()).toHaveLength(1);
		const callsBefore = testbed.apiCalls().length;

		const tampered = delivered.body.replace(/"intuitentityid":"(\d+)"/, '"intuitentityid":"$19"');
		expect(tampered).not.toBe(delivered.body);
		const answers = [
			await post(receiver.url, tampered, delivered.signature),
			await post(receiver.url, delivered.body, signWebhook(delivered.body, 'another app token')),
			await post(receiver.url, delivered.body),
			// Not even JSON: refused by signature, not by parsing.
			await post(receiver.url, '{"eventNotifications": [', delivered.signature),
		];
		expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
		expect(await answers[0].json()).toEqual({ message: 'intuit-signature does not match the body' });
		expect(receiver.items()).toHaveLength(1);
		expect(testbed.apiCalls().length).toBe(callsBefore);
		// Correctly signed but not a QuickBooks payload: a clear 400.
		const junk = '{"hello":"world"}';
		const refused = await post(receiver.url, junk, signWebhook(junk, VERIFIER));
		expect(refused.status).toBe(400);
		expect(((await refused.json()) as IDataObject).message).toMatch(/neither CloudEvents .* nor the legacy/);
	});

	it("ignores other companies' events, in either format", async () => {
		const { receiver } = await listen('cloudevents');
		const invoice = await books.invoice(10);
		await dispatcher!.idle();
		const now = new Date().toISOString();
		const cloudEvent = (realm: string, id: string) => ({
			specversion: '1.0', id: randomUUID(), source: 'intuit.test', type: 'qbo.invoice.updated.v1', datacontenttype: 'application/json',
			time: now, intuitentityid: id, intuitaccountid: realm, data: {},
		});
		// One CloudEvents delivery may mix realms (quickbooks.md §8.3).
		const mixed = JSON.stringify([cloudEvent('9999999999', '77'), cloudEvent(testbed.sim.realmId, String(invoice.Id))]);
		expect((await post(receiver.url, mixed, signWebhook(mixed, VERIFIER))).status).toBe(200);
		const legacy = JSON.stringify({ eventNotifications: [{ realmId: '9999999999', dataChangeEvent: { entities: [{ id: '77', operation: 'Create', name: 'Invoice', lastUpdated: now }] } }] });
		const foreignOnly = await post(receiver.url, legacy, signWebhook(legacy, VERIFIER));
		expect(foreignOnly.status).toBe(200);
		const started = receiver.requests.filter((request) => request.items.length > 0).map((request) => request.items.map((item) => [item.realmId, item.id, item.event]));
		// The invoice's own "created" delivery, then only our realm's event of the mixed one; nothing for the foreign-only one.
		expect(started.at(-1)).toEqual([[testbed.sim.realmId, invoice.Id, 'updated']]);
		expect(receiver.requests.at(-1)!.items).toEqual([]);
	});

	it('answers 500 when the records cannot be read, so Intuit delivers again and the change still comes out once', async () => {
		const { receiver } = await listen('legacy');
		// Both attempts of the first delivery's read fail (one short retry), the retried delivery's succeeds.
		testbed.sim.server.injectFault({ path: '/query$', count: 2, status: 503 });
		const invoice = await books.invoice(10);
		await dispatcher!.idle();
		expect(dispatcher!.deliveries.map((delivery) => delivery.status)).toEqual([500, 200]);
		expect(receiver.items().map((item) => [item.id, item.event, (item.record as IDataObject | null)?.Id])).toEqual([[invoice.Id, 'created', invoice.Id]]);
	});

	it('with Fetch Records off, outputs the ids alone and reads nothing from QuickBooks', async () => {
		const { receiver } = await listen('cloudevents', { options: { fetchRecords: false } });
		const invoice = await books.invoice(10);
		await dispatcher!.idle();
		expect(receiver.items().map((item) => [item.id, item.event, item.record])).toEqual([[invoice.Id, 'created', null]]);
		expect(testbed.apiCalls(/\/query$/)).toEqual([]);
	});

	it('starts nothing for a re-delivery: the same body again, or a retry with new event ids', async () => {
		const { receiver } = await listen('cloudevents');
		// n8n ran the workflow but the answer never reached Intuit: Intuit retries (quickbooks.md §8.4).
		receiver.failAfterRunning(1);
		const invoice = await books.invoice(10);
		await dispatcher!.idle();
		const attempts = dispatcher!.deliveries.filter((delivery) => delivery.body.includes(`"intuitentityid":"${invoice.Id}"`));
		expect(attempts.map((attempt) => attempt.status)).toEqual([500, 200]);
		// The simulator's retry carries new CloudEvents ids: recognised by entity, id, operation and time.
		expect(JSON.parse(attempts[0].body)[0].id).not.toBe(JSON.parse(attempts[1].body)[0].id);
		const again = await post(receiver.url, attempts[0].body, attempts[0].signature);
		expect(again.status).toBe(200);
		expect(receiver.items().map((item) => [item.id, item.event])).toEqual([[invoice.Id, 'created']]);
	});
});
