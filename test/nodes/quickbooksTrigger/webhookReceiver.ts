/**
 * An n8n webhook endpoint in miniature, for the QuickBooks Trigger's webhook mode: a real HTTP server
 * that reads each request the way n8n's webhook server does (the raw bytes kept as `rawBody`, JSON
 * parsed into `body`), then calls the node's `webhook()` through n8n-core's WebhookContext and answers
 * as n8n does for "respond immediately": the node's own answer when it sent one, else 200.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookContext } from 'n8n-core';
import type { IDataObject, IWebhookData, IWebhookResponseData, Workflow } from 'n8n-workflow';

import { createAdditionalData, type TestCredentialsHelper } from '../../harness/engine';
import { TRIGGER_NAME } from './testbed';

export interface ReceivedRequest {
	status: number;
	/** Items the node started a workflow execution with (none when it answered without one). */
	items: IDataObject[];
	answer: unknown;
}

export interface WebhookReceiver {
	url: string;
	requests: ReceivedRequest[];
	/** All items of all executions started so far (whatever the answer to Intuit was). */
	items(): IDataObject[];
	/** Answer the next `count` requests 500 after the node ran (an n8n that fell over before answering). */
	failAfterRunning(count: number): void;
	close(): Promise<void>;
}

class ResponseAdapter {
	statusCode = 200;
	body: unknown;
	sent = false;
	status(code: number): this {
		this.statusCode = code;
		return this;
	}
	json(body: unknown): this {
		this.body = body;
		this.sent = true;
		return this;
	}
	send(body: unknown): this {
		return this.json(body);
	}
	end(): this {
		this.sent = true;
		return this;
	}
	setHeader(): this {
		return this;
	}
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export async function startWebhookReceiver(workflow: Workflow, credentials: () => TestCredentialsHelper): Promise<WebhookReceiver> {
	const requests: ReceivedRequest[] = [];
	let failures = 0;
	const node = workflow.getNode(TRIGGER_NAME)!;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const server: Server = createServer((req, res) => {
		void (async () => {
			const rawBody = await readRaw(req);
			let body: unknown = {};
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				// Not JSON: `body` stays empty; the node reads rawBody only.
			}
			const additionalData = createAdditionalData(credentials());
			const response = new ResponseAdapter();
			additionalData.httpRequest = { headers: req.headers, body, rawBody, query: {}, params: {}, method: req.method } as never;
			additionalData.httpResponse = response as never;
			const webhookData: IWebhookData = {
				httpMethod: 'POST',
				node: node.name,
				path: 'webhook',
				webhookDescription: nodeType.description.webhooks![0],
				workflowId: workflow.id,
				workflowExecuteAdditionalData: additionalData,
			};
			const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
			let result: IWebhookResponseData;
			let status: number;
			let answer: unknown;
			try {
				result = await nodeType.webhook!.call(context);
				const items = (result.workflowData?.[0] ?? []).map((item) => item.json);
				if (result.noWebhookResponse) {
					status = response.statusCode;
					answer = response.body;
				} else {
					status = 200;
					answer = result.webhookResponse ?? { message: 'Workflow was started' };
				}
				if (failures > 0) {
					failures -= 1;
					status = 500;
				}
				requests.push({ status, items, answer });
			} catch (error) {
				status = 500;
				answer = { message: (error as Error).message };
				requests.push({ status, items: [], answer });
			}
			res.statusCode = status;
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(answer ?? {}));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/quickbooks-trigger/webhook`,
		requests,
		items: () => requests.flatMap((request) => request.items),
		failAfterRunning: (count) => {
			failures = count;
		},
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
