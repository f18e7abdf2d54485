/**
 * Runs our nodes through n8n-core's real execution engine (WorkflowExecute, PollContext) over real
 * HTTP. n8n's own NodeTestHarness is not published, so this supplies the three pieces it needs:
 * node types, a credentials helper and the additional data (see docs/harness.md).
 */
import { ExecutionLifecycleHooks, PollContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IConnections,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { HubspotCommerceApi } from '../../credentials/HubspotCommerceApi.credentials';
import { QuickBooksSyncOAuth2Api } from '../../credentials/QuickBooksSyncOAuth2Api.credentials';

export const PACKAGE = 'n8n-nodes-hubspot-quickbooks';

/** n8n-nodes-base's oAuth2Api is not in this package; our OAuth2 credential extends it. */
class OAuth2ApiStub implements ICredentialType {
	name = 'oAuth2Api';
	displayName = 'OAuth2 API';
	properties: INodeProperties[] = [];
}

const credentialTypes: Record<string, ICredentialType> = {};
for (const type of [new HubspotCommerceApi(), new QuickBooksSyncOAuth2Api(), new OAuth2ApiStub()]) {
	credentialTypes[type.name] = type;
}

const nodeTypes: Record<string, INodeType | IVersionedNodeType> = {};

/** Registers a node type under its package-qualified name, as n8n loads community packages. */
export function registerNodeType(nodeType: INodeType): string {
	const name = `${PACKAGE}.${nodeType.description.name}`;
	nodeTypes[name] = nodeType;
	return name;
}

class TestNodeTypes implements INodeTypes {
	getByName(name: string) {
		const found = nodeTypes[name];
		if (!found) throw new Error(`Unknown node type ${name}`);
		return found;
	}
	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}
	getKnownTypes() {
		return {};
	}
}

/** Credentials held in memory by type; OAuth token refreshes are persisted here like n8n's DB would. */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store: Record<string, ICredentialDataDecryptedObject> = {};
	readonly oauthUpdates: ICredentialDataDecryptedObject[] = [];

	getParentTypes(name: string): string[] {
		const parents = credentialTypes[name]?.extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return authenticate(credentials, requestOptions);
		if (!authenticate || authenticate.type !== 'generic' || !workflow || !node) return requestOptions;
		const resolve = (value: string) =>
			workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') as string;
		const options = { ...requestOptions } as IHttpRequestOptions & Record<string, IDataObject>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			const target: IDataObject = { ...((options as Record<string, IDataObject>)[section] ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, string>)) target[key] = resolve(value);
			(options as Record<string, IDataObject>)[section] = target;
		}
		return options;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}
	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _node: INodeCredentialsDetails, type: string) {
		const data = this.store[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}
	async updateCredentials(_node: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.store[type] = data;
	}
	async updateCredentialsOauthTokenData(_node: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.oauthUpdates.push(data);
		this.store[type] = { ...this.store[type], oauthTokenData: data.oauthTokenData };
	}
	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

export function createAdditionalData(credentialsHelper: TestCredentialsHelper): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A node as the test wants it; id, position and version get defaults. */
export interface TestNode {
	name: string;
	type: string;
	parameters: INode['parameters'];
	typeVersion?: number;
	credentials?: INode['credentials'];
	onError?: INode['onError'];
	continueOnFail?: boolean;
}

export interface TestWorkflow {
	nodes: TestNode[];
	connections?: IConnections;
	staticData?: IDataObject;
}

let workflowCounter = 0;
let executionCounter = 0;

export function toWorkflow(definition: TestWorkflow): Workflow {
	const nodes: INode[] = definition.nodes.map((node, index) => ({
		id: `node-${index}`,
		position: [index * 200, 0],
		typeVersion: 1,
		...node,
	}));
	return new Workflow({
		id: `wf-${++workflowCounter}`,
		name: 'test workflow',
		nodes,
		connections: definition.connections ?? {},
		active: false,
		nodeTypes: new TestNodeTypes(),
		staticData: definition.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
}

export interface RunResult {
	run: IRun;
	/** The items a node put on one of its outputs in its (first) run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	error(nodeName: string): Error | undefined;
}

/**
 * Executes a workflow starting at `startNode` with `items` as its input, the way WorkflowExecute
 * runs a node that received data. Returns the run and accessors for node outputs.
 */
export async function runWorkflow(
	definition: TestWorkflow | Workflow,
	credentialsHelper: TestCredentialsHelper,
	startNode: string,
	items: INodeExecutionData[] = [{ json: {} }],
	mode: WorkflowExecuteMode = 'manual',
): Promise<RunResult> {
	const workflow = definition instanceof Workflow ? definition : toWorkflow(definition);
	const additionalData = createAdditionalData(credentialsHelper);
	// Each run is an execution with an id of its own, as n8n gives it (this.getExecutionId()).
	const executionId = `exec-${process.pid}-${++executionCounter}`;
	additionalData.executionId = executionId;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name,
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let finished: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRun) => {
		finished = fullRun;
	});
	additionalData.hooks = hooks;
	const node = workflow.getNode(startNode);
	if (!node) throw new Error(`No node ${startNode}`);
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});
	const run = await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	const result = finished ?? run;
	return {
		run: result,
		output(nodeName, outputIndex = 0) {
			const runs = result.data.resultData.runData[nodeName];
			if (!runs?.length) throw new Error(`Node ${nodeName} did not run; error: ${result.data.resultData.error?.message}`);
			return runs[0].data?.main?.[outputIndex] ?? [];
		},
		error(nodeName) {
			return result.data.resultData.runData[nodeName]?.[0]?.error as Error | undefined;
		},
	};
}

/** Runs one node with the given input items; the common case for operation tests. */
export async function runNode(
	credentialsHelper: TestCredentialsHelper,
	node: TestNode,
	items: INodeExecutionData[] = [{ json: {} }],
): Promise<RunResult> {
	return runWorkflow({ nodes: [node] }, credentialsHelper, node.name, items);
}

/**
 * Polls a trigger node through a real PollContext, as the active-workflow manager does on each
 * tick ('trigger' mode) or as "Fetch Test Event" does ('manual' mode). Static data lives on the
 * workflow object, so successive polls of the same workflow share the cursor.
 */
export async function poll(
	workflow: Workflow,
	nodeName: string,
	credentialsHelper: TestCredentialsHelper,
	mode: WorkflowExecuteMode = 'trigger',
	activation: WorkflowActivateMode = 'activate',
): Promise<INodeExecutionData[] | null> {
	const node = workflow.getNode(nodeName);
	if (!node) throw new Error(`No node ${nodeName}`);
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const context = new PollContext(workflow, node, createAdditionalData(credentialsHelper), mode, activation);
	const result = await nodeType.poll!.call(context);
	return result ? result[0] : null;
}
