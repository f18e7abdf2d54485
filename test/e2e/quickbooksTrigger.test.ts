/**
 * The QuickBooks Trigger in a real n8n (2.41.1 by default), webhook mode: n8n registers the node's
 * webhook on publication, its webhook server hands the node the raw body (n8n's `rawBody`), and the
 * simulator's signed CloudEvents deliveries start executions with the changed invoice; a tampered body is
 * answered 401 and starts nothing; a re-delivery starts nothing.
 * Needs `npm run build` and `bash scripts/install-n8n.sh` first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startQuickBooksSimulator, type QuickBooksSimulator } from '../../sandbox/quickbooks/simulator';
import { invoiceBody, qboClient } from '../../sandbox/quickbooks/testing';
import { WebhookDispatcher } from '../../sandbox/quickbooks/webhooks';
import { N8N_VERSION, PACKAGE_NAME, packPackage, startN8n, type N8nInstance } from './n8n';
import { quickBooksCredentialFor } from './simulators';

const VERIFIER = 'e2e-verifier-token';
const WEBHOOK_ID = randomUUID();

describe(`QuickBooks Trigger webhooks in a real n8n ${N8N_VERSION}`, () => {
	let n8n: N8nInstance;
	let sim: QuickBooksSimulator;
	let dispatcher: WebhookDispatcher;
	let workflowId: string;

	beforeAll(async () => {
		const tarball = packPackage();
		sim = await startQuickBooksSimulator();
		n8n = await startN8n({ name: 'quickbooks-trigger', tarball });
		const qbo = await n8n.createCredential(quickBooksCredentialFor(sim));
		const webhook = await n8n.createCredential({ name: 'Intuit app webhooks', type: 'quickBooksWebhookApi', data: { verifierToken: VERIFIER } });
		const workflow = await n8n.importWorkflow({
			name: 'QuickBooks Trigger webhooks',
			nodes: [
				{
					id: randomUUID(),
					name: 'QuickBooks Trigger',
					type: `${PACKAGE_NAME}.quickBooksTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: { mode: 'webhook', entities: ['Invoice'], events: ['created', 'updated', 'voided', 'deleted'] },
					credentials: { quickBooksSyncOAuth2Api: { id: qbo.id, name: qbo.name }, quickBooksWebhookApi: { id: webhook.id, name: webhook.name } },
				},
			],
			connections: {},
		});
		workflowId = workflow.id;
		await n8n.activate(workflowId);
		dispatcher = new WebhookDispatcher({ url: `${n8n.url}/webhook/${WEBHOOK_ID}/webhook`, verifierToken: VERIFIER, format: 'cloudevents', retryDelaysMs: [200] });
		sim.webhooks = dispatcher;
	}, 300_000);

	afterAll(async () => {
		dispatcher?.close();
		await n8n?.stop();
		await sim?.close();
	}, 60_000);

	it('starts one execution per signed delivery, with the invoice read from QuickBooks; refuses a tampered body', async () => {
		const qbo = qboClient(sim);
		const created = (await qbo.post(`/invoice?minorversion=75&requestid=${randomUUID()}`, invoiceBody({ DocNumber: 'E2E-TRIGGER-1' }))).body.Invoice;
		await dispatcher.idle();
		expect(dispatcher.deliveries.map((delivery) => delivery.status)).toEqual([200]);
		const [execution] = await n8n.waitForExecutions(workflowId, 1, 60_000);
		const run = await n8n.execution(execution.id);
		const items = run.data.resultData.runData['QuickBooks Trigger'][0].data.main[0].map((item: any) => item.json);
		expect(items).toEqual([
			expect.objectContaining({ event: 'created', entity: 'Invoice', id: created.Id, realmId: sim.realmId, source: 'webhook', record: expect.objectContaining({ DocNumber: 'E2E-TRIGGER-1' }) }),
		]);

		const delivered = dispatcher.deliveries[0];
		const tampered = await fetch(dispatcher.settings.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'intuit-signature': delivered.signature },
			body: delivered.body.replace('"qbo.invoice.created.v1"', '"qbo.invoice.deleted.v1"'),
		});
		expect(tampered.status).toBe(401);
		const again = await fetch(dispatcher.settings.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'intuit-signature': delivered.signature },
			body: delivered.body,
		});
		expect(again.status).toBe(200);
		await new Promise((done) => setTimeout(done, 2000));
		expect(await n8n.executions(workflowId)).toHaveLength(1);
	}, 120_000);
});
