import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NodeConnectionTypes, type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { registerNodeType, runNode, TestCredentialsHelper } from '../harness/engine';

/** Proves the harness itself: a node runs in WorkflowExecute and its request is authenticated. */
class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'harnessEcho',
		group: ['transform'],
		version: 1,
		description: 'harness check',
		defaults: { name: 'Echo' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hubspotCommerceApi', required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	};
	async execute(this: IExecuteFunctions) {
		const url = this.getNodeParameter('url', 0) as string;
		const json = await this.helpers.httpRequestWithAuthentication.call(this, 'hubspotCommerceApi', { url, json: true });
		return [[{ json, pairedItem: { item: 0 } }]];
	}
}

describe('engine harness', () => {
	let server: http.Server;
	let url: string;
	beforeAll(async () => {
		server = http.createServer((req, res) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ authorization: req.headers.authorization, path: req.url }));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('runs a node through WorkflowExecute with generic credential auth over real HTTP', async () => {
		const type = registerNodeType(new EchoNode());
		const credentials = new TestCredentialsHelper();
		credentials.store.hubspotCommerceApi = { accessToken: 'secret-token' };
		const result = await runNode(credentials, {
			name: 'Echo',
			type,
			parameters: { url: `={{ "${url}/x?q=" + $json.q }}` },
			credentials: { hubspotCommerceApi: { id: '1', name: 'HubSpot' } },
		}, [{ json: { q: 'abc' } }]);
		expect(result.output('Echo')[0].json).toEqual({ authorization: 'Bearer secret-token', path: '/x?q=abc' });
	});
});
