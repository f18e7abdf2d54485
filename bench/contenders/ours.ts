/**
 * Contenders (a) and (b): this package's nodes in the same engine.
 *   (a) Schedule Trigger → HubSpot Commerce: Search invoices (return all, the invoices only) → QuickBooks:
 *       Sync HubSpot Invoice over all items at once, which reads line items, contacts, companies, discounts,
 *       fees and taxes itself, a chunk ahead of its QuickBooks writes (the backfill path of the filtered
 *       invoice sync template).
 *   (b) the same nodes forced to one item per execution: one Search for the ids, then one execution per
 *       invoice of Schedule Trigger → HubSpot Commerce: Get invoice (same includes) → QuickBooks: Sync HubSpot
 *       Invoice, one after the other.
 * How the QuickBooks operation is called lives in syncOperation.ts.
 */
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, INodeProperties, INodeType } from 'n8n-workflow';

import { buildWorkflow, chain, execute, registerPackageNode, triggerItems, triggerNode, type BenchCredentials, type Execution, type WorkflowNode } from '../engine';
import { OUR_CREDENTIALS } from './credentials';
import {
	HUBSPOT_GET_PARAMETERS,
	HUBSPOT_ID_SEARCH_PARAMETERS,
	HUBSPOT_SETUP_PARAMETERS,
	QUICKBOOKS_SYNC,
	syncFailureText,
} from './syncOperation';
import { looksThrottled, type Failure } from './types';

const NODES_DIRECTORY = join(__dirname, '..', '..', 'nodes');

const NAMES = { schedule: 'Schedule Trigger', hubspot: 'HubSpot Commerce', sync: 'QuickBooks: Sync HubSpot Invoice' } as const;

interface OurNodeTypes {
	hubspotCommerce: string;
	quickBooksSync: string;
}

let registered: OurNodeTypes | undefined;

/** Loads and registers our two nodes; throws with the reason when they cannot run the benchmark yet. */
export function registerOurNodes(): OurNodeTypes {
	if (registered) return registered;
	// Loaded here, not imported, so a node that does not compile yet makes (a) and (b) unavailable instead of
	// stopping the benchmark. Explicit `.ts`: `…/QuickBooksSync.node` alone resolves to its codex JSON file.
	/* eslint-disable @typescript-eslint/no-require-imports */
	const { HubspotCommerce } = require(join(NODES_DIRECTORY, 'HubspotCommerce', 'HubspotCommerce.node.ts')) as { HubspotCommerce: new () => INodeType };
	const { QuickBooksSync } = require(join(NODES_DIRECTORY, 'QuickBooksSync', 'QuickBooksSync.node.ts')) as { QuickBooksSync: new () => INodeType };
	/* eslint-enable @typescript-eslint/no-require-imports */
	const quickBooks = new QuickBooksSync();
	if (quickBooks.description.name !== QUICKBOOKS_SYNC.nodeName) {
		throw new Error(`the QuickBooks node is named ${quickBooks.description.name}, bench/contenders/syncOperation.ts expects ${QUICKBOOKS_SYNC.nodeName}`);
	}
	const operations = operationsOf(quickBooks.description.properties, QUICKBOOKS_SYNC.resource);
	if (!operations.includes(QUICKBOOKS_SYNC.operation)) {
		throw new Error(
			`the QuickBooks node has no ${QUICKBOOKS_SYNC.resource} operation '${QUICKBOOKS_SYNC.operation}' yet (it has: ${operations.join(', ') || 'none'}); ` +
				'when it lands, check bench/contenders/syncOperation.ts',
		);
	}
	registered = { hubspotCommerce: registerPackageNode(new HubspotCommerce()), quickBooksSync: registerPackageNode(quickBooks) };
	return registered;
}

/** The values of the `operation` option shown for a resource. */
function operationsOf(properties: INodeProperties[], resource: string): string[] {
	return properties
		.filter((property) => property.name === 'operation' && (property.displayOptions?.show?.resource as string[] | undefined)?.includes(resource))
		.flatMap((property) => (property.options ?? []).map((option) => String((option as { value?: unknown }).value)));
}

function scheduleNode(): WorkflowNode {
	return triggerNode(NAMES.schedule);
}

function hubspotNode(types: OurNodeTypes, parameters: IDataObject): WorkflowNode {
	return { name: NAMES.hubspot, type: types.hubspotCommerce, typeVersion: 1, parameters: parameters as WorkflowNode['parameters'], credentials: OUR_CREDENTIALS };
}

function syncNode(types: OurNodeTypes): WorkflowNode {
	return {
		name: NAMES.sync,
		type: types.quickBooksSync,
		typeVersion: 1,
		parameters: { resource: QUICKBOOKS_SYNC.resource, operation: QUICKBOOKS_SYNC.operation, ...QUICKBOOKS_SYNC.parameters } as WorkflowNode['parameters'],
		credentials: OUR_CREDENTIALS,
		// Per-item failures stay per item: they come out as items and are counted, the run goes on.
		onError: 'continueRegularOutput',
	};
}

/** Untimed: creates the HubSpot properties the sync writes back into. */
export async function prepareOurs(credentials: BenchCredentials): Promise<void> {
	const types = registerOurNodes();
	const workflow = buildWorkflow({ name: 'setup', nodes: [scheduleNode(), hubspotNode(types, HUBSPOT_SETUP_PARAMETERS)], connections: chain(NAMES.schedule, NAMES.hubspot) });
	const execution = await execute(workflow, credentials, NAMES.schedule, [{ json: {} }]);
	const errors = [...execution.nodeErrors(), ...execution.errorItems().map((item) => ({ node: item.node, message: JSON.stringify(item.json.error) }))];
	if (errors.length > 0) throw new Error(`HubSpot setup (sync properties) failed: ${errors[0].node}: ${errors[0].message}`);
}

export interface OursRun {
	executions: number;
	failures: Failure[];
	stoppedEarly: boolean;
}

/** Node errors and failed items of one execution. */
function failuresOf(execution: Execution): { failures: Failure[]; stopped: boolean } {
	const failures: Failure[] = [];
	const nodeErrors = execution.nodeErrors();
	for (const error of nodeErrors) failures.push({ node: error.node, message: error.message, throttled: looksThrottled(error.message, error.description, error.httpCode) });
	for (const item of execution.outputs(NAMES.sync)) {
		const text = syncFailureText(item.json);
		if (text !== undefined) failures.push({ node: NAMES.sync, message: text, throttled: looksThrottled(text, JSON.stringify(item.json)) });
	}
	return { failures, stopped: nodeErrors.length > 0 };
}

/** (a): one execution, all invoices at once, handed to the sync by id (with their properties). */
export async function runBulk(credentials: BenchCredentials): Promise<OursRun> {
	const types = registerOurNodes();
	const workflow = buildWorkflow({
		name: 'HubSpot invoices to QuickBooks (bulk)',
		nodes: [scheduleNode(), hubspotNode(types, HUBSPOT_ID_SEARCH_PARAMETERS), syncNode(types)],
		connections: chain(NAMES.schedule, NAMES.hubspot, NAMES.sync),
	});
	const started = await triggerItems(workflow, NAMES.schedule, credentials);
	const { failures, stopped } = failuresOf(await execute(workflow, credentials, NAMES.schedule, started));
	return { executions: 1, failures, stoppedEarly: stopped };
}

/** (b): one search for the ids, then one execution per invoice, sequentially. */
export async function runOneItemPerExecution(credentials: BenchCredentials): Promise<OursRun> {
	const types = registerOurNodes();
	const listing = buildWorkflow({
		name: 'HubSpot invoice ids',
		nodes: [scheduleNode(), hubspotNode(types, HUBSPOT_ID_SEARCH_PARAMETERS)],
		connections: chain(NAMES.schedule, NAMES.hubspot),
	});
	const listed = await execute(listing, credentials, NAMES.schedule, await triggerItems(listing, NAMES.schedule, credentials));
	const listingErrors = listed.nodeErrors();
	if (listingErrors.length > 0) {
		return { executions: 1, failures: listingErrors.map((error) => ({ node: error.node, message: error.message, throttled: looksThrottled(error.message, error.httpCode) })), stoppedEarly: true };
	}
	const ids = listed.outputs(NAMES.hubspot).map((item) => String(item.json.id));
	const perInvoice = buildWorkflow({
		name: 'HubSpot invoice to QuickBooks (one per execution)',
		nodes: [scheduleNode(), hubspotNode(types, HUBSPOT_GET_PARAMETERS), syncNode(types)],
		connections: chain(NAMES.schedule, NAMES.hubspot, NAMES.sync),
	});
	const failures: Failure[] = [];
	for (const id of ids) {
		const items: INodeExecutionData[] = [{ json: { id } }];
		failures.push(...failuresOf(await execute(perInvoice, credentials, NAMES.schedule, items)).failures);
	}
	return { executions: 1 + ids.length, failures, stoppedEarly: false };
}
