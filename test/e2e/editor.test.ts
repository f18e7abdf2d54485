/**
 * The editor in Chromium shows our nodes as installed nodes: a tiny workflow with one of our
 * nodes renders with the package's icon and no "not installed" marker, and the node opens with
 * its Resource options and a distinct label above each credential selector. A workflow with a type that does not exist is the control: the same
 * check must flag it. Screenshots go to test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { openEditor, type EditorSession } from './browser';
import { builtNodeInfo, hubspotCredential, packageManifest, PACKAGE_NAME, quickBooksCredential, startN8n, type BuiltNodeInfo, type N8nInstance } from './n8n';

describe('our nodes in the n8n editor (Chromium)', () => {
	let n8n: N8nInstance;
	let editor: EditorSession;
	let node: BuiltNodeInfo;

	beforeAll(async () => {
		const nodes = packageManifest().nodes.map(builtNodeInfo);
		// Prefer an action node with a Resource parameter (QuickBooks first); else the first node.
		node =
			nodes.find((info) => info.type.endsWith('.quickBooksSync') && info.parameters.includes('resource')) ??
			nodes.find((info) => info.parameters.includes('resource')) ??
			nodes[0];
		n8n = await startN8n({
			name: 'editor',
			credentials: [
				hubspotCredential('http://127.0.0.1:9', 'unused-token'),
				quickBooksCredential({ baseUrl: 'http://127.0.0.1:9', realmId: '1' }),
			],
		});
		editor = await openEditor(n8n);
	}, 300_000);

	afterAll(async () => {
		await editor?.close();
		await n8n?.stop();
	}, 60_000);

	it(`renders ${PACKAGE_NAME} nodes with their icon and no "not installed" marker`, async () => {
		const credentialNames: Record<string, string> = { hubspotCommerceApi: 'HubSpot account', quickBooksSyncOAuth2Api: 'QuickBooks Online account' };
		const credentials = Object.fromEntries(node.credentials.filter((type) => credentialNames[type]).map((type) => [type, { id: null, name: credentialNames[type] }]));
		const workflow = await n8n.importWorkflow({
			name: `Editor check: ${node.displayName}`,
			nodes: [{ id: 'e2e-node-1', name: node.displayName, type: node.type, typeVersion: node.typeVersion, position: [0, 0], parameters: {}, credentials }],
			connections: {},
		});

		const canvas = await editor.openWorkflow(workflow.id, `editor-${node.type.split('.')[1]}`);
		console.log(`editor canvas: ${JSON.stringify(canvas)}`);
		expect(canvas.unknownNodeWarnings).toEqual([]);
		const shown = canvas.nodes.find((candidate) => candidate.type === node.type);
		expect(shown).toBeDefined();
		expect(shown!.unknown).toBe(false);
		expect(shown!.hasIconImage).toBe(true);
		expect(shown!.iconSrc).toContain(`/icons/${PACKAGE_NAME}/`);

		if (node.parameters.includes('resource')) {
			const panel = await editor.openNode(node.displayName, `editor-${node.type.split('.')[1]}-resources`);
			console.log(`${node.displayName} resources: ${panel.options.join(', ')}`);
			expect(panel.options.length).toBeGreaterThan(0);
			// Each credential selector has a label of its own (two plain "Credential" labels read as one field twice).
			const labels = node.credentialLabels.filter((label): label is string => !!label);
			if (node.credentials.length > 1) expect(new Set(labels).size).toBe(node.credentials.length);
			for (const label of labels) expect(panel.text).toContain(label);
		}
	}, 120_000);

	it('flags a node whose type is not installed (control)', async () => {
		const workflow = await n8n.importWorkflow({
			name: 'Editor check: unknown node control',
			nodes: [{ id: 'e2e-ghost-1', name: 'Ghost', type: 'n8n-nodes-not-installed.ghost', typeVersion: 1, position: [0, 0], parameters: {} }],
			connections: {},
		});
		const canvas = await editor.openWorkflow(workflow.id, 'editor-control-unknown-node');
		expect(canvas.nodes).toEqual([expect.objectContaining({ name: 'Ghost', unknown: true, hasIconImage: false })]);
		expect(canvas.unknownNodeWarnings.length).toBeGreaterThan(0);
	}, 120_000);
});
