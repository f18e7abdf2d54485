/**
 * A separate process running "Sync HubSpot Invoice" through n8n-core, as a queue-mode worker or a
 * second n8n would: it reads one job per line on stdin (credentials, invoice ids, node parameters),
 * runs the node and writes `{ job, results }` as one line on stdout. Leases come from its environment
 * (HSQB_LEASE_REDIS_URL for the shared redis-server), as in n8n. Started by workers.ts.
 */
import '../../harness/env';

import { createInterface } from 'node:readline';

import type { ICredentialDataDecryptedObject, IDataObject, INodeCredentials, INodeType } from 'n8n-workflow';

import { registerNodeType, runNode, TestCredentialsHelper } from '../../harness/engine';
import { closeLeaseConnections } from '../../../transport/leases';
import { pacerFor } from '../../../transport/quickbooks';

// By file name: outside jest, `QuickBooksSync.node` would resolve to the codex file beside it (.node.json).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { QuickBooksSync } = require('../../../nodes/QuickBooksSync/QuickBooksSync.node.ts') as { QuickBooksSync: new () => INodeType };
const NODE_TYPE = registerNodeType(new QuickBooksSync());

export interface SyncJob {
	job: number;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The simulator's URL and company, for a client without pacing when the simulator does not throttle. */
	qboUrl: string;
	realmId: string;
	/** The simulator throttles (asked for, or the realistic profile): the node paces itself at Intuit's limits. */
	throttled: boolean;
	ids: string[];
	nodeName: string;
	/** The node's parameters and credentials, as the test's testbed sets them. */
	parameters: IDataObject;
	nodeCredentials: INodeCredentials;
}

export interface SyncJobAnswer {
	job: number;
	results?: IDataObject[];
	error?: string;
}

async function runJob(job: SyncJob): Promise<SyncJobAnswer> {
	if (!job.throttled) pacerFor(job.qboUrl, job.realmId, { perSecond: 1_000_000, perMinute: 1_000_000, batchPerMinute: 1_000_000 });
	const credentials = new TestCredentialsHelper();
	Object.assign(credentials.store, job.credentials);
	const result = await runNode(
		credentials,
		{ name: job.nodeName, type: NODE_TYPE, parameters: job.parameters as never, credentials: job.nodeCredentials, onError: 'continueErrorOutput' },
		job.ids.map((id) => ({ json: { id } })),
	);
	const error = result.error(job.nodeName);
	if (error) return { job: job.job, error: error.message };
	return { job: job.job, results: [...result.output(job.nodeName, 0), ...result.output(job.nodeName, 1)].map((item) => item.json) };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
	if (line.trim() === '') return;
	const job = JSON.parse(line) as SyncJob;
	void runJob(job)
		.catch((error: unknown): SyncJobAnswer => ({ job: job.job, error: error instanceof Error ? error.message : String(error) }))
		.then((answer) => process.stdout.write(`${JSON.stringify(answer)}\n`));
});
lines.on('close', () => {
	void closeLeaseConnections().then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
