/**
 * The packed tarball loads in a real n8n (2.41.1, or the 1.x line with HSQB_N8N_VERSION=1.123.81). `npm pack` of the built
 * repository, installed with npm into `<N8N_USER_FOLDER>/.n8n/nodes`; `n8n export:nodes` lists our
 * node types under the package name; both credential types load; both credential tests pass
 * against the sandbox and fail with a clear message on a bad token.
 * Needs `npm run build` and `bash scripts/install-n8n.sh` first.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';

import { credentialTypeNameOf, N8N_MAJOR, N8N_VERSION, nodeTypeNameOf, packageManifest, packPackage, PACKAGE_NAME, readExportedNodeTypes, startN8n, type N8nInstance } from './n8n';
import { hubspotCredentialFor, quickBooksCredentialFor, startSimulators, type Simulators } from './simulators';

/** The node types the package promises; package.json's n8n.nodes must export exactly these. */
const PROMISED_NODE_TYPES = [
	`${PACKAGE_NAME}.hubspotInvoiceTrigger`,
	`${PACKAGE_NAME}.hubspotCommerce`,
	`${PACKAGE_NAME}.quickBooksSync`,
	`${PACKAGE_NAME}.quickBooksTrigger`,
];
const PROMISED_CREDENTIAL_TYPES = ['hubspotCommerceApi', 'quickBooksSyncOAuth2Api', 'quickBooksWebhookApi'];
const TIMEOUT = 120_000;

describe(`the packed package in a real n8n ${N8N_VERSION}`, () => {
	const manifest = packageManifest();
	let n8n: N8nInstance;
	let sims: Simulators;

	beforeAll(async () => {
		const tarball = packPackage();
		sims = await startSimulators();
		n8n = await startN8n({ name: 'package-loads', tarball });
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await sims?.stop();
	}, 60_000);

	it('loads the package without errors', () => {
		const log = n8n.log();
		expect(log).not.toMatch(new RegExp(`Failed to load package "${PACKAGE_NAME}"`));
		expect(log).not.toMatch(new RegExp(`Skipping package "${PACKAGE_NAME}"`));
	});

	it('n8n export:nodes lists every node of package.json under <package>.<name>', async () => {
		const output = join(n8n.userFolder, 'exported-nodes.json');
		const result = await n8n.cli(['export:nodes', `--output=${output}`]);
		expect(result.code).toBe(0);
		expect(result.stdout + result.stderr).not.toMatch(/Failed to load package/);

		const exported = readExportedNodeTypes(output);
		// n8n adds a `<name>Tool` variant (for AI agents) of every node marked usableAsTool.
		const ours = exported.filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && !name.endsWith('Tool')).sort();
		const tools = exported.filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && name.endsWith('Tool'));
		const declared = manifest.nodes.map(nodeTypeNameOf).sort();
		console.log(`export:nodes lists ${ours.join(', ')}${tools.length ? `; tool variants ${tools.join(', ')}` : ''}`);
		expect(ours).toEqual(declared);
		expect(ours).toEqual([...PROMISED_NODE_TYPES].sort());
		for (const tool of tools) expect(declared).toContain(tool.replace(/Tool$/, ''));
	}, TIMEOUT);

	it('the editor sees our node types and both credential types', async () => {
		const nodes = await n8n.request('GET', '/types/nodes.json');
		expect(nodes.status).toBe(200);
		const nodeNames = (nodes.body as Array<{ name: string }>).map((node) => node.name);
		expect(nodeNames).toEqual(expect.arrayContaining(PROMISED_NODE_TYPES));

		const credentials = await n8n.request('GET', '/types/credentials.json');
		expect(credentials.status).toBe(200);
		const credentialNames = (credentials.body as Array<{ name: string }>).map((type) => type.name);
		const declared = manifest.credentials.map(credentialTypeNameOf);
		expect(declared.sort()).toEqual([...PROMISED_CREDENTIAL_TYPES].sort());
		expect(credentialNames).toEqual(expect.arrayContaining(PROMISED_CREDENTIAL_TYPES));
		// The QuickBooks credential extends n8n's oAuth2Api: the editor gets its OAuth2 fields.
		const qbo = (credentials.body as Array<{ name: string; extends?: string[] }>).find((type) => type.name === 'quickBooksSyncOAuth2Api');
		expect(qbo?.extends).toEqual(['oAuth2Api']);
	}, TIMEOUT);

	it('HubSpot credential: the test passes against the sandbox and fails clearly on a bad token', async () => {
		const good = await n8n.createCredential(hubspotCredentialFor(sims.hubspot, 'HubSpot (good)'));
		const passed = await n8n.testCredential({ id: good.id, type: good.type });
		expect(passed).toEqual(expect.objectContaining({ status: 'OK' }));

		const bad = await n8n.createCredential(hubspotCredentialFor(sims.hubspot, 'HubSpot (bad token)', 'not-a-valid-token'));
		const failed = await n8n.testCredential({ id: bad.id, type: bad.type });
		console.log(`HubSpot bad-token credential test: ${JSON.stringify(failed)}`);
		expect(failed.status).toBe('Error');
		// n8n 2.x applies the credential's responseCode rule; n8n 1.x answers a 401 with its own wording first.
		expect(failed.message).toContain(N8N_MAJOR >= 2 ? 'HubSpot rejected the access token' : 'Authorization failed - please check your credentials');
	}, TIMEOUT);

	it('QuickBooks credential: the test reads CompanyInfo from the sandbox and fails clearly on a bad token', async () => {
		const good = await n8n.createCredential(quickBooksCredentialFor(sims.quickbooks, sims.qboTokens, 'QuickBooks (good)'));
		const passed = await n8n.testCredential({ id: good.id, type: good.type });
		expect(passed).toEqual(expect.objectContaining({ status: 'OK' }));

		const bad = await n8n.createCredential(
			quickBooksCredentialFor(sims.quickbooks, { access_token: 'not-a-valid-token', refresh_token: 'not-a-valid-refresh-token' }, 'QuickBooks (bad token)'),
		);
		const failed = await n8n.testCredential({ id: bad.id, type: bad.type });
		console.log(`QuickBooks bad-token credential test: ${JSON.stringify(failed)}`);
		expect(failed.status).toBe('Error');
		expect(failed.message).toMatch(/401|authori[sz]|authenticat|credential|token|grant/i);
	}, TIMEOUT);
});
