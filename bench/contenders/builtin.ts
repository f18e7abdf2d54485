/**
 * Contender (c): the route a user has today without this package, built from n8n's built-in nodes only
 * (n8n-nodes-base 2.41.1, loaded by ../n8nNodesBase.ts). HubSpot has no built-in node for invoices or line
 * items, so HTTP Request nodes read them; QuickBooks is n8n's real built-in QuickBooks node, unchanged, its
 * hard-coded Intuit host redirected to the simulator (n8nNodesBase.ts redirectIntuitTo) with n8n's own
 * quickBooksOAuth2Api credential. Its calls are its own (GenericFunctions.js): no minorversion, no
 * requestid, no /batch.
 *
 * The workflow, one invoice at a time through "Loop Over Items" (so a customer created for one invoice
 * is found for the next):
 *   Schedule Trigger → HubSpot: search invoices (paginated, 100 per page) → Split Out → Loop Over Items (1)
 *     → HubSpot: get invoice (+ associated ids) → Split Out line items → HubSpot: get line item (one by one)
 *     → HubSpot: get contact → QuickBooks: Customer › Get Many (DisplayName = …, limit 1) → Customer found?
 *        ├ yes ───────────────────────────────────→ QuickBooks: Invoice › Create → back to the loop
 *        └ no → QuickBooks: Customer › Create ─────↗
 * The look-up uses Limit 1, not Return All: with a filter, Return All first counts every customer of the
 * company (SELECT COUNT(*) FROM customer ignores the filter), then asks for a second page while that count
 * exceeds the matches, and a page without rows makes it return nothing at all: every existing customer
 * would look new.
 * Invoice lines are what the built-in Invoice › Create can send (SalesItemLineDetail: item, quantity,
 * amount, description, tax code) on one item ("Services"); it has no discount line, so this route reads no
 * discounts, fees or taxes: it makes fewer calls than a complete sync would, which favours (c). The lines
 * come from one expression over the line items read (the editor offers a fixed number of lines; a pasted
 * workflow can set the list). Each line names tax code NON: without one the node sends `TaxCodeRef: {}`,
 * which one reading of QuickBooks refuses (sandbox/quickbooks/README.md).
 * Settings a careful user would choose: Retry On Fail (5 tries, 5 s apart, the UI's maximum wait) on every
 * HTTP and QuickBooks node, a 250 ms pause between search pages (5 searches/s), and "continue" on the
 * invoice create so one refused invoice does not stop the loop.
 */
import type { IConnections, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { buildWorkflow, chain, connect, execute, fireScheduleTrigger, type BenchCredentials, type Execution, type WorkflowNode } from '../engine';
import { redirectIntuitTo } from '../n8nNodesBase';
import { BUILT_IN_QUICKBOOKS_CREDENTIALS, HUBSPOT_HEADER_CREDENTIALS } from './credentials';
import { BUILT_IN_RETRY_WAIT_MS, SYNCED_STATUSES, type ApiConnection } from './types';

export const BUILT_IN_NODE_NAMES = {
	schedule: 'Schedule Trigger',
	searchInvoices: 'HubSpot: search invoices',
	splitInvoices: 'Split Out invoices',
	loop: 'Loop Over Items',
	getInvoice: 'HubSpot: get invoice',
	splitLineItems: 'Split Out line items',
	getLineItem: 'HubSpot: get line item',
	getContact: 'HubSpot: get contact',
	findCustomer: 'QuickBooks: find customer',
	customerFound: 'Customer found?',
	createCustomer: 'QuickBooks: create customer',
	createInvoice: 'QuickBooks: create invoice',
} as const;

const names = BUILT_IN_NODE_NAMES;

/** The QuickBooks item every line goes to (the default company's "Services", DEFAULT_COMPANY.items.services). */
const SERVICES_ITEM_ID = '1';
/** The US tax code for lines without sales tax. */
const NO_TAX_CODE = 'NON';

export interface BuiltInSettings {
	/** The HTTP nodes' "Wait Between Tries": 5000 ms (the UI's maximum) for the figures, shorter in the smoke run. */
	waitBetweenTriesMs: number;
}

export const DEFAULT_BUILT_IN_SETTINGS: BuiltInSettings = { waitBetweenTriesMs: BUILT_IN_RETRY_WAIT_MS };

/**
 * n8n-core's pagination keeps an error answer (a 429) as the last page unless the "complete" expression
 * asks for one more request, and only then throws. So "complete" is false on an error status: the node
 * fails and Retry On Fail runs it again, instead of a 429 body passing for the last page.
 */
const ANSWERED = '($response.statusCode >= 200 && $response.statusCode < 300)';

function httpNode(name: string, parameters: IDataObject, credentials: WorkflowNode['credentials'], extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', ...parameters } as WorkflowNode['parameters'],
		credentials,
		...extra,
	};
}

function query(entries: Record<string, string>): IDataObject {
	return { sendQuery: true, specifyQuery: 'keypair', queryParameters: { parameters: Object.entries(entries).map(([name, value]) => ({ name, value })) } };
}

/** The customer's QBO display name, as an expression body (unique per HubSpot contact). */
const contactProperties = `$('${names.getContact}').first().json.properties`;
const displayName = `(${contactProperties}.firstname + ' ' + ${contactProperties}.lastname + ' (' + ${contactProperties}.email + ')')`;
const quotedDisplayName = `${displayName}.replace(/\\\\/g, '\\\\\\\\').replace(/'/g, "\\\\'")`;

function quickBooksNode(name: string, parameters: IDataObject, extra: Partial<WorkflowNode> = {}): WorkflowNode {
	return { name, type: 'n8n-nodes-base.quickbooks', typeVersion: 1, parameters: parameters as WorkflowNode['parameters'], credentials: BUILT_IN_QUICKBOOKS_CREDENTIALS, ...extra };
}

export function builtInWorkflowDefinition(connection: ApiConnection, settings: BuiltInSettings = DEFAULT_BUILT_IN_SETTINGS) {
	const retry = { retryOnFail: true, maxTries: 5, waitBetweenTries: settings.waitBetweenTriesMs };
	const http = (name: string, parameters: IDataObject, credentials: WorkflowNode['credentials'], extra: Partial<WorkflowNode> = {}) =>
		httpNode(name, parameters, credentials, { ...retry, ...extra });
	const hubspot = connection.hubspot.url;
	const nodes: WorkflowNode[] = [
		{
			name: names.schedule,
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			parameters: { rule: { interval: [{ field: 'hours', hoursInterval: 1 }] } },
		},
		http(
			names.searchInvoices,
			{
				method: 'POST',
				url: `${hubspot}/crm/v3/objects/invoices/search`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({
					filterGroups: [{ filters: [{ propertyName: 'hs_invoice_status', operator: 'IN', values: SYNCED_STATUSES }] }],
					sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
					properties: ['hs_number', 'hs_invoice_status'],
					limit: 100,
				}),
				options: {
					pagination: {
						pagination: {
							paginationMode: 'updateAParameterInEachRequest',
							parameters: { parameters: [{ type: 'body', name: 'after', value: '={{ $response.body.paging.next.after }}' }] },
							paginationCompleteWhen: 'other',
							completeExpression: `={{ ${ANSWERED} && (!$response.body.paging || !$response.body.paging.next) }}`,
							requestInterval: 250,
						},
					},
				},
			},
			HUBSPOT_HEADER_CREDENTIALS,
		),
		{ name: names.splitInvoices, type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'results', include: 'noOtherFields', options: {} } },
		{ name: names.loop, type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, parameters: { batchSize: 1, options: {} } },
		http(
			names.getInvoice,
			{
				url: `=${hubspot}/crm/v3/objects/invoices/{{ $json.id }}`,
				...query({ properties: 'hs_number,hs_invoice_date,hs_due_date,hs_currency,hs_amount_billed', associations: 'line_items,contacts' }),
				options: {},
			},
			HUBSPOT_HEADER_CREDENTIALS,
		),
		{
			name: names.splitLineItems,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'associations.line items.results', include: 'noOtherFields', options: {} },
		},
		http(
			names.getLineItem,
			{ url: `=${hubspot}/crm/v3/objects/line_items/{{ $json.id }}`, ...query({ properties: 'name,quantity,price,amount,hs_sku' }), options: {} },
			HUBSPOT_HEADER_CREDENTIALS,
		),
		http(
			names.getContact,
			{
				url: `=${hubspot}/crm/v3/objects/contacts/{{ $('${names.getInvoice}').first().json.associations.contacts.results[0].id }}`,
				...query({ properties: 'firstname,lastname,email' }),
				options: {},
			},
			HUBSPOT_HEADER_CREDENTIALS,
			{ executeOnce: true },
		),
		quickBooksNode(
			names.findCustomer,
			{
				resource: 'customer',
				operation: 'getAll',
				returnAll: false,
				limit: 1,
				filters: { query: `={{ "WHERE DisplayName = '" + ${quotedDisplayName} + "'" }}` },
			},
			retry,
		),
		{
			name: names.customerFound,
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			executeOnce: true,
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
					conditions: [
						{
							id: 'customer-found',
							// Nothing found comes out as one empty item (the node returns QueryResponse.Customer, absent).
							leftValue: '={{ !!($json && $json.Id) }}',
							rightValue: '',
							operator: { type: 'boolean', operation: 'true', singleValue: true },
						},
					],
					combinator: 'and',
				},
				options: {},
			},
		},
		quickBooksNode(
			names.createCustomer,
			{
				resource: 'customer',
				operation: 'create',
				displayName: `={{ ${displayName} }}`,
				additionalFields: {
					GivenName: `={{ ${contactProperties}.firstname }}`,
					FamilyName: `={{ ${contactProperties}.lastname }}`,
					PrimaryEmailAddr: `={{ ${contactProperties}.email }}`,
				},
			},
			retry,
		),
		quickBooksNode(
			names.createInvoice,
			{
				resource: 'invoice',
				operation: 'create',
				// Both branches bring the customer: the one found, or the one just created.
				CustomerRef: '={{ $json.Id }}',
				Line:
					`={{ $('${names.getLineItem}').all().map((line, index) => ({ LineNum: index + 1, DetailType: 'SalesItemLineDetail',` +
					` Amount: Number(line.json.properties.amount), Description: line.json.properties.name,` +
					` itemId: '${SERVICES_ITEM_ID}', Qty: Number(line.json.properties.quantity), TaxCodeRef: '${NO_TAX_CODE}' })) }}`,
				additionalFields: {
					DocNumber: `={{ $('${names.getInvoice}').first().json.properties.hs_number }}`,
					TxnDate: `={{ $('${names.getInvoice}').first().json.properties.hs_invoice_date.slice(0, 10) }}`,
					DueDate: `={{ $('${names.getInvoice}').first().json.properties.hs_due_date.slice(0, 10) }}`,
				},
			},
			{ ...retry, onError: 'continueRegularOutput' },
		),
	];
	const connections: IConnections = chain(
		names.schedule,
		names.searchInvoices,
		names.splitInvoices,
		names.loop,
	);
	// Loop Over Items: output 0 = done, output 1 = the next batch.
	connect(connections, names.loop, 1, names.getInvoice);
	Object.assign(connections, mergeConnections(connections, chain(names.getInvoice, names.splitLineItems, names.getLineItem, names.getContact, names.findCustomer, names.customerFound)));
	connect(connections, names.customerFound, 0, names.createInvoice);
	connect(connections, names.customerFound, 1, names.createCustomer);
	connect(connections, names.createCustomer, 0, names.createInvoice);
	connect(connections, names.createInvoice, 0, names.loop);
	return { name: 'HubSpot invoices to QuickBooks (built-in nodes)', nodes, connections };
}

function mergeConnections(into: IConnections, more: IConnections): IConnections {
	for (const [from, outputs] of Object.entries(more)) {
		for (const [index, targets] of (outputs.main ?? []).entries()) for (const target of targets ?? []) connect(into, from, index, target.node);
	}
	return into;
}

export interface BuiltInRun {
	execution: Execution;
	executions: number;
}

/** Fires the schedule once and runs the whole workflow in that one execution, the QuickBooks node's calls going to the simulator. */
export async function runBuiltIn(connection: ApiConnection, credentials: BenchCredentials, settings: BuiltInSettings = DEFAULT_BUILT_IN_SETTINGS): Promise<BuiltInRun> {
	const workflow = buildWorkflow(builtInWorkflowDefinition(connection, settings));
	const undoRedirect = redirectIntuitTo(connection.quickbooks.url);
	try {
		const triggerItems: INodeExecutionData[] = await fireScheduleTrigger(workflow, names.schedule, credentials);
		const execution = await execute(workflow, credentials, names.schedule, triggerItems);
		return { execution, executions: 1 };
	} finally {
		undoRedirect();
	}
}
