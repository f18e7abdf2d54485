/**
 * The one n8n engine all three contenders run in: n8n-core's WorkflowExecute (through
 * test/harness/engine.ts's `runWorkflow`, credentials helper and additional data), with a node-type
 * registry that holds both this package's nodes (`n8n-nodes-hubspot-quickbooks.*`) and n8n's built-in
 * ones (`n8n-nodes-base.*`, see n8nNodesBase.ts).
 *
 * A workflow starts the way an active workflow does in n8n: the Schedule Trigger's `trigger()` runs in a
 * real TriggerContext, registers its cron rule, the bench fires that rule once, and the items the trigger
 * emits start a 'trigger'-mode execution (WorkflowExecute passes a trigger node's input through, as in
 * production).
 */
import { TriggerContext } from 'n8n-core';
import {
	NodeConnectionTypes,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData, PACKAGE, runWorkflow, TestCredentialsHelper } from '../test/harness/engine';

/**
 * The harness's in-memory credentials, also keyed by credential id: contender (c) holds two credentials
 * of one type (HTTP header auth for HubSpot and for QuickBooks), told apart by id as in n8n's database.
 */
export class BenchCredentials extends TestCredentialsHelper {
	readonly byId: Record<string, ICredentialDataDecryptedObject> = {};

	async getDecrypted(additionalData: IWorkflowExecuteAdditionalData, node: INodeCredentialsDetails, type: string) {
		const own = node.id ? this.byId[node.id] : undefined;
		return own ? { ...own } : await super.getDecrypted(additionalData, node, type);
	}
}

class BenchNodeTypes implements INodeTypes {
	private readonly types: Record<string, INodeType | IVersionedNodeType> = {};

	add(typeName: string, nodeType: INodeType | IVersionedNodeType): string {
		this.types[typeName] = nodeType;
		return typeName;
	}

	has(typeName: string): boolean {
		return typeName in this.types;
	}

	getByName(typeName: string): INodeType | IVersionedNodeType {
		const found = this.types[typeName];
		if (!found) throw new Error(`Unknown node type ${typeName}`);
		return found;
	}

	getByNameAndVersion(typeName: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(typeName), version);
	}

	getKnownTypes() {
		return {};
	}
}

export const nodeTypes = new BenchNodeTypes();

/** Registers one of this package's nodes under its package-qualified name, as n8n loads community packages. */
export function registerPackageNode(nodeType: INodeType): string {
	return nodeTypes.add(`${PACKAGE}.${nodeType.description.name}`, nodeType);
}

export function registerNodeTypes(types: Record<string, INodeType | IVersionedNodeType>): void {
	for (const [typeName, nodeType] of Object.entries(types)) nodeTypes.add(typeName, nodeType);
}

/** A node as a workflow JSON holds it; id and position get defaults. */
export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: INode['parameters'];
	credentials?: INode['credentials'];
	onError?: INode['onError'];
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	executeOnce?: boolean;
}

export interface WorkflowDefinition {
	name: string;
	nodes: WorkflowNode[];
	connections: IConnections;
}

let workflowCounter = 0;

export function buildWorkflow(definition: WorkflowDefinition): Workflow {
	const nodes: INode[] = definition.nodes.map((node, index) => ({ id: `bench-node-${index}`, position: [index * 220, 0], ...node }));
	return new Workflow({
		id: `bench-wf-${++workflowCounter}`,
		name: definition.name,
		nodes,
		connections: definition.connections,
		active: true,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1', timezone: 'UTC' },
	});
}

/** Connections of a straight chain a → b → c on main output 0. */
export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let index = 0; index < names.length - 1; index += 1) connect(connections, names[index], 0, names[index + 1]);
	return connections;
}

/** Adds `from` (output `outputIndex`) → `to` (input 0). */
export function connect(connections: IConnections, from: string, outputIndex: number, to: string): IConnections {
	const outputs = (connections[from] ??= { main: [] });
	const main = (outputs.main ??= []);
	while (main.length <= outputIndex) main.push([]);
	(main[outputIndex] ??= []).push({ node: to, type: 'main', index: 0 });
	return connections;
}

export const SCHEDULE_TRIGGER_TYPE = 'n8n-nodes-base.scheduleTrigger';
const FALLBACK_TRIGGER_TYPE = 'bench.start';

/** Stands in for the Schedule Trigger when n8n-nodes-base is not installed (contenders (a) and (b) still run). */
class StartTrigger implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Start',
		name: 'benchStart',
		group: ['trigger'],
		version: 1,
		description: 'Starts a benchmark workflow',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger() {
		return {};
	}
}
nodeTypes.add(FALLBACK_TRIGGER_TYPE, new StartTrigger());

/** The workflow's trigger: n8n's Schedule Trigger (hourly) when loaded, else a plain start node. */
export function triggerNode(name: string): WorkflowNode {
	if (nodeTypes.has(SCHEDULE_TRIGGER_TYPE)) {
		return { name, type: SCHEDULE_TRIGGER_TYPE, typeVersion: 1.2, parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } } };
	}
	return { name, type: FALLBACK_TRIGGER_TYPE, typeVersion: 1, parameters: {} };
}

/** What the trigger emits when it fires. */
export async function triggerItems(workflow: Workflow, nodeName: string, credentials: BenchCredentials): Promise<INodeExecutionData[]> {
	if (workflow.getNode(nodeName)?.type === SCHEDULE_TRIGGER_TYPE) return await fireScheduleTrigger(workflow, nodeName, credentials);
	return [{ json: { timestamp: new Date().toISOString() } }];
}

/**
 * Fires a Schedule Trigger once, as n8n's scheduler does on a cron tick: `trigger()` in a TriggerContext
 * in 'trigger' mode registers its rule, the rule's tick callback runs, and what it emits is returned.
 */
export async function fireScheduleTrigger(workflow: Workflow, nodeName: string, credentials: BenchCredentials): Promise<INodeExecutionData[]> {
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node ${nodeName}`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.trigger) throw new Error(`${node.type} is not a trigger node`);
	const ticks: Array<(scheduledTime?: Date) => void> = [];
	let emitted: INodeExecutionData[] | undefined;
	const schedulingFunctions = {
		registerCron: (_cron: unknown, onTick: (scheduledTime?: Date) => void) => {
			ticks.push(onTick);
		},
	};
	const context = new TriggerContext(
		workflow,
		node,
		createAdditionalData(credentials),
		'trigger',
		'activate',
		(data: INodeExecutionData[][]) => {
			emitted = data[0];
		},
		(error: Error) => {
			throw error;
		},
		undefined,
		schedulingFunctions as never,
	);
	const response = await nodeType.trigger.call(context);
	if (ticks.length === 0) throw new Error(`${nodeName} registered no schedule rule`);
	ticks[0](new Date());
	await response?.closeFunction?.();
	if (!emitted) throw new Error(`${nodeName} emitted nothing on its tick`);
	return emitted;
}

export interface Execution {
	run: IRun;
	/** Items a node put on an output, over all its runs (a node in a loop runs once per iteration). */
	outputs(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** Node-level errors (the workflow stopped on them), by node. */
	nodeErrors(): Array<{ node: string; message: string; description?: string; httpCode?: string }>;
	/** Every item any node put out that carries `json.error` (n8n's continue-on-fail shape). */
	errorItems(): Array<{ node: string; json: IDataObject }>;
}

/** Runs a workflow from `startNode` with `items` as that node's input (mode 'trigger' by default). */
export async function execute(
	workflow: Workflow,
	credentials: BenchCredentials,
	startNode: string,
	items: INodeExecutionData[],
	mode: WorkflowExecuteMode = 'trigger',
): Promise<Execution> {
	const { run } = await runWorkflow(workflow, credentials, startNode, items, mode);
	const runData = run.data.resultData.runData;
	return {
		run,
		outputs(nodeName, outputIndex = 0) {
			return (runData[nodeName] ?? []).flatMap((task) => task.data?.main?.[outputIndex] ?? []);
		},
		nodeErrors() {
			const errors: Array<{ node: string; message: string; description?: string; httpCode?: string }> = [];
			for (const [node, tasks] of Object.entries(runData)) {
				for (const task of tasks) {
					const error = task.error as (Error & { description?: string; httpCode?: string }) | undefined;
					if (error) errors.push({ node, message: error.message, description: error.description ?? undefined, httpCode: error.httpCode ?? undefined });
				}
			}
			const top = run.data.resultData.error as (Error & { node?: { name?: string }; httpCode?: string; description?: string }) | undefined;
			if (top && !errors.some((entry) => entry.message === top.message)) {
				errors.push({ node: top.node?.name ?? '(workflow)', message: top.message, description: top.description ?? undefined, httpCode: top.httpCode ?? undefined });
			}
			return errors;
		},
		errorItems() {
			const found: Array<{ node: string; json: IDataObject }> = [];
			for (const [node, tasks] of Object.entries(runData)) {
				for (const task of tasks) {
					for (const output of task.data?.main ?? []) {
						for (const item of output ?? []) if (item.json && item.json.error !== undefined) found.push({ node, json: item.json });
					}
				}
			}
			return found;
		},
	};
}
