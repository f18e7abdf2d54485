/**
 * The e2e harness itself against n8n 2.41.1: what the template tests rely on works on
 * this n8n. A workflow imported over REST and changed (PATCH) is published (activate) with the
 * change; its production execution is listed and readable; CLI import:workflow + publish:workflow take effect after a restart; credentials
 * imported by CLI with plain data are usable and linked to workflows by name.
 * Uses only n8n's own nodes (Webhook, Set), so it runs whatever state our nodes are in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { hubspotCredential, startN8n, type N8nInstance } from './n8n';

const webhookWorkflow = (path: string) => ({
	name: `Harness webhook ${path}`,
	nodes: [
		{ id: 'wh-1', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], parameters: { path, httpMethod: 'POST', responseMode: 'onReceived' }, webhookId: `hsqb-${path}` },
		{
			id: 'set-1',
			name: 'Edit Fields',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { assignments: { assignments: [{ id: 'a1', name: 'cents', value: '={{ $json.body.amount * 100 }}', type: 'number' }] }, options: {} },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Edit Fields', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

describe('the e2e harness on n8n 2.41.1', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await startN8n({
			name: 'n8n-harness',
			tarball: false, // n8n's own nodes only
			credentials: [{ ...hubspotCredential('http://127.0.0.1:9', 'cli-token', 'HubSpot account'), id: 'hsqbCliHubspot01' }],
		});
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
	}, 60_000);

	it('imports, changes (PATCH) and publishes a workflow over REST, and reads its production execution', async () => {
		const template = webhookWorkflow('harness-rest');
		const setNode = template.nodes[1] as any;
		setNode.parameters.assignments.assignments[0].value = '={{ $json.body.amount }}';
		const workflow = await n8n.importWorkflow(template);
		expect(workflow.active).toBe(false);
		// "Set its choices" as the template tests will: change a parameter and save (PATCH).
		setNode.parameters.assignments.assignments[0].value = '={{ $json.body.amount * 100 }}';
		const updated = await n8n.updateWorkflow(workflow.id, { nodes: template.nodes });
		expect(updated.versionId).not.toBe(workflow.versionId);
		const activated = await n8n.activate(workflow.id);
		expect(activated.active).toBe(true);

		const response = await fetch(`${n8n.url}/webhook/harness-rest`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ amount: 12.34 }),
		});
		expect(response.status).toBe(200);

		const [latest] = await n8n.waitForExecutions(workflow.id, 1, 30_000);
		const execution = await n8n.execution(latest.id);
		// On failure, show n8n's own error for the execution.
		expect({ status: latest.status, mode: latest.mode, error: execution.data?.resultData?.error?.message }).toEqual({ status: 'success', mode: 'webhook', error: undefined });
		const output = execution.data.resultData.runData['Edit Fields'][0].data.main[0][0].json;
		expect(output.cents).toBeCloseTo(1234, 6);

		const deactivated = await n8n.deactivate(workflow.id);
		expect(deactivated.active).toBe(false);
	}, 120_000);

	it('imports by CLI, links CLI-imported credentials by name, and publish:workflow takes effect after a restart', async () => {
		const file = join(n8n.userFolder, 'cli-workflow.json');
		const workflow = webhookWorkflow('harness-cli');
		const id = 'hsqbCliWorkflow1';
		writeFileSync(
			file,
			JSON.stringify({
				...workflow,
				id,
				active: false,
				nodes: workflow.nodes.map((node) => (node.name === 'Edit Fields' ? { ...node, credentials: { hubspotCommerceApi: { id: null, name: 'HubSpot account' } } } : node)),
			}),
		);
		const imported = await n8n.cli(['import:workflow', `--input=${file}`]);
		expect(imported.code).toBe(0);
		const stored = await n8n.getWorkflow(id);
		expect(stored.nodes.find((node: { name: string }) => node.name === 'Edit Fields').credentials).toEqual({
			hubspotCommerceApi: { id: 'hsqbCliHubspot01', name: 'HubSpot account' },
		});

		const published = await n8n.cli(['publish:workflow', `--id=${id}`]);
		expect(published.code).toBe(0);
		await n8n.restart();
		expect((await n8n.getWorkflow(id)).active).toBe(true);
		expect((await n8n.waitUntilPublished(id)).status).toBe('published');
		const response = await fetch(`${n8n.url}/webhook/harness-cli`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"amount":1}' });
		expect(response.status).toBe(200);
		const [latest] = await n8n.waitForExecutions(id, 1, 30_000);
		expect(latest.status).toBe('success');
	}, 180_000);
});
