/**
 * Reading what a template did in a real n8n (its executions and node outputs) and in the
 * simulators, for test/e2e/templates.test.ts.
 */
import { N8N_MAJOR, type ExecutionSummary, type N8nInstance } from './n8n';
import type { WorkflowJson } from './templates';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const FINISHED = (execution: ExecutionSummary) => !['new', 'running', 'waiting', 'unknown'].includes(execution.status);

/** Finished executions of a workflow in one mode ('trigger' for polls, 'cli' for `n8n execute`), oldest first. */
export async function finishedRuns(n8n: N8nInstance, workflowId: string, mode: string): Promise<ExecutionSummary[]> {
	const runs = (await n8n.executions(workflowId)).filter((execution) => execution.mode === mode && FINISHED(execution));
	return runs.sort((a, b) => Number(a.id) - Number(b.id));
}

/** Waits until the workflow has more than `after` finished runs in that mode; returns the first new one, parsed. */
export async function nextRun(n8n: N8nInstance, workflowId: string, mode: string, after: number, timeoutMs = 60_000): Promise<ParsedRun> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const runs = await finishedRuns(n8n, workflowId, mode);
		if (runs.length > after) return parse(await n8n.execution(runs[after].id));
		if (Date.now() > deadline) throw new Error(`Workflow ${workflowId}: no new ${mode} execution within ${timeoutMs} ms (have ${runs.length})`);
		await sleep(300);
	}
}

export interface ParsedRun {
	id: string;
	status: string;
	mode: string;
	/** The workflow error, if the execution failed. */
	error?: string;
	/** Node names that ran. */
	ran: string[];
	/** The JSON of a node's output (output 0 by default; 1 is the error output of "Continue (using error output)"). */
	output(node: string, index?: number): any[];
	/** A node's error, if it stopped the workflow. */
	nodeError(node: string): string | undefined;
}

function parse(execution: ExecutionSummary & { data: any }): ParsedRun {
	const runData = (execution.data?.resultData?.runData ?? {}) as Record<string, Array<{ data?: { main?: Array<Array<{ json: any }> | null> }; error?: { message: string } }>>;
	return {
		id: execution.id,
		status: execution.status,
		mode: execution.mode,
		error: execution.data?.resultData?.error?.message,
		ran: Object.keys(runData),
		output(node, index = 0) {
			return (runData[node] ?? []).flatMap((run) => run.data?.main?.[index] ?? []).map((item) => item.json);
		},
		nodeError(node) {
			return runData[node]?.find((run) => run.error)?.error?.message;
		},
	};
}

/**
 * Publishes the workflow again, as a user does after unpublishing it: deactivate, save changes (if
 * any), activate (which polls at once). Returns the first poll execution after it.
 */
export async function republish(n8n: N8nInstance, workflowId: string, changed?: WorkflowJson): Promise<ParsedRun> {
	await n8n.deactivate(workflowId);
	// A poll of the minute schedule may still be running: count after it, so the next run is the activation's.
	await settled(n8n, workflowId);
	const before = (await finishedRuns(n8n, workflowId, 'trigger')).length;
	if (changed) await n8n.updateWorkflow(workflowId, { nodes: changed.nodes, connections: changed.connections });
	await n8n.activate(workflowId);
	return await nextRun(n8n, workflowId, 'trigger', before);
}

/**
 * Runs the workflow by hand from one of its Manual Triggers, as "Execute workflow" in the editor does
 * when the workflow has several (n8n's CLI `execute` always starts at the first). Returns the run.
 */
export async function runByHand(n8n: N8nInstance, workflowId: string, triggerName: string): Promise<ParsedRun> {
	const before = (await finishedRuns(n8n, workflowId, 'manual')).length;
	// n8n 2.x runs the stored workflow; 1.x takes the workflow in the request.
	const workflowData = N8N_MAJOR < 2 ? await n8n.getWorkflow(workflowId) : undefined;
	await n8n.rest('POST', `/workflows/${workflowId}/run`, { ...(workflowData ? { workflowData } : {}), triggerToStartFrom: { name: triggerName } });
	return await nextRun(n8n, workflowId, 'manual', before, 120_000);
}

/** Waits until no execution of the workflow is running. */
export async function settled(n8n: N8nInstance, workflowId: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await n8n.executions(workflowId)).some((execution) => !FINISHED(execution))) {
		if (Date.now() > deadline) throw new Error(`Workflow ${workflowId}: executions still running after ${timeoutMs} ms`);
		await sleep(300);
	}
}

/** A decimal amount ("295.05", 295.05) as integer cents, exactly (strings are not parsed as floats). */
export function cents(amount: string | number | undefined | null): number {
	if (amount === undefined || amount === null || amount === '') return 0;
	if (typeof amount === 'number') return Math.round(amount * 100);
	const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
	if (!match) throw new Error(`Not a two-decimal amount: ${amount}`);
	const value = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
	return match[1] === '-' ? -value : value;
}

/** Integer cents as a two-decimal string. */
export function decimal(valueInCents: number): string {
	const sign = valueInCents < 0 ? '-' : '';
	const absolute = Math.abs(valueInCents);
	return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/** The QuickBooks documents whose memo carries a HubSpot marker ("HubSpot invoice 123", "HubSpot payment 456"). */
export function markedWith<T extends { PrivateNote?: unknown }>(documents: T[], marker: string): T[] {
	const pattern = new RegExp(`${marker.replace(/ /g, '\\s')}(?!\\d)`);
	return documents.filter((document) => typeof document.PrivateNote === 'string' && pattern.test(document.PrivateNote));
}

/** Id and SyncToken of every record: equal snapshots mean nothing was created or changed. */
export function versions(records: Array<{ Id?: unknown; SyncToken?: unknown }>): string[] {
	return records.map((record) => `${String(record.Id)}@${String(record.SyncToken)}`);
}
