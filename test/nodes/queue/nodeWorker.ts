/**
 * A separate process running our nodes through n8n-core, as a queue-mode worker does: it reads one job
 * per line on stdin (node, parameters, credentials, input items) and runs it at once, several jobs at a
 * time like a worker's concurrency, writing `{ job, results }` per job and `{ log }` per line the
 * package logs. A job's `redisUrl` is the Redis the worker shares with the others (what
 * EXECUTIONS_MODE=queue gives in n8n); without it the worker keeps its budgets in process. Started by
 * workers.ts.
 */
import '../../harness/env';

import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentials, INodeType, Logger } from 'n8n-workflow';

import { registerNodeType, runNode, TestCredentialsHelper } from '../../harness/engine';
import { closeLeaseConnections } from '../../../transport/leases';

// By file name: outside jest, `X.node` would resolve to the codex file beside it (.node.json).
/* eslint-disable @typescript-eslint/no-require-imports */
const { QuickBooksSync } = require('../../../nodes/QuickBooksSync/QuickBooksSync.node.ts') as { QuickBooksSync: new () => INodeType };
const { HubspotCommerce } = require('../../../nodes/HubspotCommerce/HubspotCommerce.node.ts') as { HubspotCommerce: new () => INodeType };
// The logger the required package code logs to (this file may load as an ES module, with n8n-workflow's other build).
const { LoggerProxy } = require('n8n-workflow') as typeof import('n8n-workflow');
// n8n-core's own logger takes LoggerProxy over when it is first made: made now (as n8n-core resolves it), before ours.
const fromCore = createRequire(require.resolve('n8n-core'));
const { Container } = fromCore('@n8n/di') as { Container: { get(type: unknown): unknown } };
Container.get((fromCore('@n8n/backend-common') as { Logger: unknown }).Logger);
/* eslint-enable @typescript-eslint/no-require-imports */
const NODE_TYPES = { quickbooks: registerNodeType(new QuickBooksSync()), commerce: registerNodeType(new HubspotCommerce()) };

export interface NodeJob {
	job: number;
	node: keyof typeof NODE_TYPES;
	parameters: IDataObject;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	nodeCredentials: INodeCredentials;
	items: IDataObject[];
	redisUrl?: string;
}

export interface NodeJobAnswer {
	job: number;
	results?: IDataObject[];
	error?: string;
}

const print = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
const logLine = (level: string) => (message: string) => print({ log: { level, message } });
LoggerProxy.init({ error: logLine('error'), warn: logLine('warn'), info: logLine('info'), debug: () => undefined } as unknown as Logger);

async function runJob(job: NodeJob): Promise<NodeJobAnswer> {
	// Read when a company's or portal's budget is first used: each test uses simulators of its own.
	if (job.redisUrl) process.env.HSQB_LEASE_REDIS_URL = job.redisUrl;
	else delete process.env.HSQB_LEASE_REDIS_URL;
	const credentials = new TestCredentialsHelper();
	Object.assign(credentials.store, job.credentials);
	const name = 'Node';
	const result = await runNode(
		credentials,
		{ name, type: NODE_TYPES[job.node], parameters: job.parameters as never, credentials: job.nodeCredentials, onError: 'continueErrorOutput' },
		job.items.map((json) => ({ json })),
	);
	const error = result.error(name);
	if (error) return { job: job.job, error: error.message };
	return { job: job.job, results: [...result.output(name, 0), ...result.output(name, 1)].map((item) => item.json) };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
	if (line.trim() === '') return;
	const job = JSON.parse(line) as NodeJob;
	void runJob(job)
		.catch((error: unknown): NodeJobAnswer => ({ job: job.job, error: error instanceof Error ? error.message : String(error) }))
		.then((answer) => print(answer));
});
lines.on('close', () => {
	void closeLeaseConnections().then(() => process.exit(0));
});
print({ ready: true });
