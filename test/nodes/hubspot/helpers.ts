import { PollContext } from 'n8n-core';
import type { INodeExecutionData, IDataObject, Workflow } from 'n8n-workflow';

import { HubspotCommerce } from '../../../nodes/HubspotCommerce/HubspotCommerce.node';
import { HubspotInvoiceTrigger } from '../../../nodes/HubspotInvoiceTrigger/HubspotInvoiceTrigger.node';
import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { createAdditionalData, poll, registerNodeType, runNode, TestCredentialsHelper, toWorkflow, type RunResult } from '../../harness/engine';

export const TRIGGER_TYPE = registerNodeType(new HubspotInvoiceTrigger());
export const COMMERCE_TYPE = registerNodeType(new HubspotCommerce());

export const CREDENTIALS = { hubspotCommerceApi: { id: 'hs-1', name: 'HubSpot sandbox' } };

export function credentialsFor(sim: Pick<HubSpotSimulator, 'url' | 'token'>, token = sim.token): TestCredentialsHelper {
	const helper = new TestCredentialsHelper();
	helper.store.hubspotCommerceApi = { accessToken: token, useCustomBaseUrl: true, baseUrl: sim.url };
	return helper;
}

/** A workflow holding only the trigger, so successive polls share its static data (the cursor). */
export function triggerWorkflow(parameters: IDataObject): Workflow {
	return toWorkflow({
		nodes: [
			{
				name: 'Trigger',
				type: TRIGGER_TYPE,
				parameters: { options: { indexLagSeconds: 0, ...((parameters.options as IDataObject) ?? {}) }, ...withoutOptions(parameters) } as never,
				credentials: CREDENTIALS,
			},
		],
	});
}

function withoutOptions(parameters: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(parameters).filter(([name]) => name !== 'options'));
}

/** One poll as the active-workflow manager runs it; [] when the poll returned null. */
export async function pollOnce(workflow: Workflow, credentials: TestCredentialsHelper, mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[]> {
	const items = await poll(workflow, 'Trigger', credentials, mode, mode === 'manual' ? 'manual' : 'activate');
	return (items ?? []).map((item: INodeExecutionData) => item.json);
}

export function cursorOf(workflow: Workflow): IDataObject | undefined {
	return (workflow.staticData['node:Trigger'] as IDataObject | undefined)?.cursor as IDataObject | undefined;
}

export const sleepMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits, as a client that searches what it has just written must, until HubSpot's search sees every write so far
 * (hubspot.md §4.2: "It may take a few moments"); returns at once when the simulator's index has no lag.
 */
export async function untilSearchable(sim: HubSpotSimulator, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (sim.store.now() < sim.store.index.caughtUpAt()) {
		if (Date.now() > deadline) throw new Error(`HubSpot's search index did not catch up within ${timeoutMs} ms`);
		await sleepMs(50);
	}
}

/** Waits until the clock has moved past `at` (timestamps are compared in ms). */
export async function afterNow(): Promise<number> {
	const at = Date.now();
	await sleepMs(2);
	return at;
}

export async function runCommerce(credentials: TestCredentialsHelper, parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], continueOnFail = false): Promise<RunResult> {
	return await runNode(
		credentials,
		{
			name: 'HubSpot',
			type: COMMERCE_TYPE,
			parameters: parameters as never,
			credentials: CREDENTIALS,
			...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
		items,
	);
}

/** Search calls and batch reads in the simulator's log since `fromSeq`. */
export function callsSince(sim: HubSpotSimulator, fromSeq: number) {
	return sim.server.requestLog.filter((entry) => entry.seq > fromSeq);
}

export function lastSeq(sim: HubSpotSimulator): number {
	return sim.server.requestLog.length ? sim.server.requestLog[sim.server.requestLog.length - 1].seq : 0;
}

/**
 * Polls of one activation through one PollContext, with static data staged per poll the way n8n 2.41
 * does when poll cursors are stored apart (packages/cli triggers/trigger-execution-context.factory.ts:
 * each poll works on a copy of the stored cursor; the copy is kept when the poll emits, or when a
 * scheduled poll returns nothing; the activation poll's copy is dropped when it returns nothing).
 */
export function stagedActivation(workflow: Workflow, credentials: TestCredentialsHelper) {
	const node = workflow.getNode('Trigger')!;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	let stored: IDataObject = {};
	let staged: IDataObject = {};
	const noop = () => undefined;
	const context = new PollContext(workflow, node, createAdditionalData(credentials), 'trigger', 'activate', noop, noop, async () => undefined, async (run) => await run(), () => staged);
	return {
		async poll(kind: 'activation' | 'scheduled'): Promise<IDataObject[]> {
			staged = structuredClone(stored);
			const result = await nodeType.poll!.call(context);
			if (result !== null || kind === 'scheduled') stored = staged;
			return (result?.[0] ?? []).map((item) => item.json);
		},
		stored: () => stored,
	};
}

interface SimulatorHooks {
	beforeAll: (fn: () => Promise<void>) => void;
	afterAll: (fn: () => Promise<void>) => void;
	beforeEach: (fn: () => void) => void;
}

/**
 * One HubSpot simulator for a test file, handed to `use` once started, reset before each test. Search sees
 * each write at once: the tests whose subject is the index lag set it themselves (setIndexLag).
 */
export function useTriggerSimulator(hooks: SimulatorHooks, use: (sim: HubSpotSimulator) => void): void {
	let sim: HubSpotSimulator | undefined;
	hooks.beforeAll(async () => {
		sim = await startHubSpotSimulator({ indexLagMs: 0 });
		use(sim);
	});
	hooks.afterAll(async () => {
		await sim?.close();
	});
	hooks.beforeEach(() => sim?.reset());
}
