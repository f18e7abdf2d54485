/**
 * n8n's own built-in QuickBooks Online node (n8n-nodes-base 2.41.1, loaded from the n8n that
 * scripts/install-n8n.sh installs, as the benchmark does) run through n8n-core's engine against the QuickBooks
 * simulator. The node is unchanged: only its request helper's hard-coded Intuit host is redirected to the
 * simulator (bench/n8nNodesBase.ts redirectIntuitTo, as the benchmark's contender (c) does). Every Get Many (limit,
 * filter query, return all with its COUNT(*) and paging), create/get/update/delete/void/send/PDF for the
 * entities the simulator models, and the error paths, with the fault real QBO documents. Prints the table.
 * (PDF download is left to the node-quickbooks suite: n8n-core detects the file type of an unnamed buffer with a
 * dynamic import that jest cannot run without --experimental-vm-modules.)
 *
 * Where the node relies on an UNVERIFIED behaviour (void with Id and SyncToken in the query string, an empty
 * `TaxCodeRef: {}`), the call runs under both readings of the simulator (sandbox/quickbooks/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Workflow, type IDataObject, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import { nodeTypes, registerNodeTypes } from '../../../bench/engine';
import { builtInQuickBooksCredential, INSTALL_HINT, loadBuiltInNode, n8nInstallDir, nodesBaseUnavailableReason, redirectIntuitTo } from '../../../bench/n8nNodesBase';
import { startQuickBooksSimulator, DEFAULT_COMPANY, type QuickBooksSimulator } from '../../../sandbox/quickbooks/simulator';
import { qboClient } from '../../../sandbox/quickbooks/testing';
import { runWorkflow, TestCredentialsHelper } from '../../harness/engine';
import { ConformanceTable, type Outcome } from './table';

const CLIENT = 'n8n QuickBooks node';
const table = new ConformanceTable("n8n-nodes-base 2.41.1's QuickBooks node against the QuickBooks simulator");

// Never skip silently: without the cached n8n there is nothing to run, and the suite says how to get it.
const unavailable = nodesBaseUnavailableReason();
if (unavailable) {
	throw new Error(`The n8n built-in QuickBooks node conformance suite needs n8n 2.41.1's nodes: ${unavailable}. Run: ${INSTALL_HINT}`);
}

let sim: QuickBooksSimulator;
let credentials: TestCredentialsHelper;
let removeInterceptor: () => void;

interface NodeRun {
	items: INodeExecutionData[];
	error?: Error & { description?: string; context?: IDataObject };
}

async function runQuickBooks(parameters: IDataObject): Promise<NodeRun> {
	const workflow = new Workflow({
		id: 'conformance',
		name: 'n8n QuickBooks node conformance',
		nodes: [
			{
				id: 'qb',
				name: 'QuickBooks',
				type: 'n8n-nodes-base.quickbooks',
				typeVersion: 1,
				position: [0, 0],
				parameters: parameters as INodeParameters,
				credentials: { quickBooksOAuth2Api: { id: 'qbo', name: 'QuickBooks simulator' } },
			},
		],
		connections: {},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const result = await runWorkflow(workflow, credentials, 'QuickBooks');
	const error = result.error('QuickBooks') as NodeRun['error'];
	return { items: error ? [] : result.output('QuickBooks'), error };
}

/** The fault code inside the NodeApiError the node throws: QBO's Fault.Error[0].code in its description, else the HTTP status. */
function faultCode(error: unknown): string | undefined {
	const value = error as { description?: string; messages?: string[]; httpCode?: string; message?: string };
	const text = [value?.description ?? '', ...(value?.messages ?? [])].join(' ');
	const code = /"code":"(\d+)"/i.exec(text)?.[1];
	if (code) return code;
	// n8n's own answer when the token endpoint refuses the refresh token (invalid_grant): reconnect the credential.
	if (/needs to be reconnected/.test(value?.message ?? '')) return 'reconnect';
	return value?.httpCode ?? value?.message;
}

function check(name: string, expected: Outcome, parameters: IDataObject): Promise<INodeExecutionData[] | undefined> {
	return table.check(CLIENT, name, expected, async () => {
		const run = await runQuickBooks(parameters);
		if (run.error) throw run.error;
		return run.items;
	}, faultCode);
}

/**
 * The node's GenericFunctions require change-case 5, an ES module that jest's CommonJS registry cannot load. Its
 * dist file has no imports and only `export function` declarations, so its own code runs here with those
 * exports collected into module.exports: the same functions, loaded the CommonJS way.
 */
function loadEsmDependency(packageName: string): void {
	const entry = join(n8nInstallDir(), 'node_modules', packageName, 'dist', 'index.js');
	const names: string[] = [];
	const source = readFileSync(entry, 'utf8').replace(/^export function (\w+)/gm, (_declaration, name: string) => {
		names.push(name);
		return `function ${name}`;
	});
	if (/^\s*(import|export)\b/m.test(source)) throw new Error(`${entry} has more than function exports; it cannot be loaded this way`);
	const loaded = { exports: {} as Record<string, unknown> };
	new Function('module', `${source}\nmodule.exports = { ${names.join(', ')} };`)(loaded);
	jest.doMock(entry, () => loaded.exports);
}

beforeAll(async () => {
	loadEsmDependency('change-case');
	// Shapes, paging and faults are what this suite compares; the realistic profile's limits have their own tests.
	sim = await startQuickBooksSimulator({ throttling: false, latencyMs: [0, 0], accessTokenTtlSeconds: 3600 });
	sim.seed({ customers: 1100, invoices: 12, seed: 5 });
	// One expense, so Get Many of purchases has something to page through.
	await qboClient(sim).post('/purchase', {
		PaymentType: 'CreditCard',
		AccountRef: { value: DEFAULT_COMPANY.accounts.businessCard },
		Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 3.2, AccountBasedExpenseLineDetail: { AccountRef: { value: DEFAULT_COMPANY.accounts.merchantFees } } }],
	});
	// The benchmark's node-type registry, which holds n8n's built-in nodes by their n8n type names.
	registerNodeTypes({ 'n8n-nodes-base.quickbooks': loadBuiltInNode('dist/nodes/QuickBooks/QuickBooks.node.js', 'QuickBooks') });
	removeInterceptor = redirectIntuitTo(sim.url);
	const tokens = sim.issueTokens();
	credentials = new TestCredentialsHelper();
	credentials.store.quickBooksOAuth2Api = builtInQuickBooksCredential({
		clientId: sim.clientId,
		clientSecret: sim.clientSecret,
		tokenUrl: sim.tokenUrl,
		authorizeUrl: sim.authorizeUrl,
		accessToken: tokens.access_token,
		refreshToken: tokens.refresh_token,
		expiresIn: tokens.expires_in,
		realmId: sim.realmId,
	});
});

afterAll(async () => {
	table.print();
	removeInterceptor?.();
	await sim?.close();
});

const invoiceLine = (taxCode?: string) => ({ Amount: 120, Description: 'Consulting', DetailType: 'SalesItemLineDetail', itemId: DEFAULT_COMPANY.items.services, Qty: 1, ...(taxCode ? { TaxCodeRef: taxCode } : {}) });

describe('Get Many of every resource the simulator models (lowercase entity names)', () => {
	it.each(['customer', 'employee', 'invoice', 'item', 'payment', 'purchase', 'vendor'])('%s: limit, filter query and return all', async (resource) => {
		const limited = await check(`${resource} getAll (limit 5)`, 'ok', { resource, operation: 'getAll', returnAll: false, limit: 5, filters: {} });
		const count = (await sim.store.list(({ customer: 'Customer', employee: 'Employee', invoice: 'Invoice', item: 'Item', payment: 'Payment', purchase: 'Purchase', vendor: 'Vendor' } as const)[resource as 'customer'])).filter(
			(record) => record.Active !== false,
		).length;
		expect(limited!.length).toBe(Math.min(5, count));
		const all = await check(`${resource} getAll (return all: COUNT(*) then pages of 1000)`, 'ok', { resource, operation: 'getAll', returnAll: true, filters: {} });
		expect(all!.length).toBe(count);
	});

	it('filters with a WHERE clause in the Query filter', async () => {
		const found = await check("customer getAll (query WHERE DisplayName = 'acme corporation')", 'ok', {
			resource: 'customer',
			operation: 'getAll',
			returnAll: false,
			limit: 10,
			filters: { query: "WHERE DisplayName = 'acme corporation'" },
		});
		expect(found!.map((item) => item.json.DisplayName)).toEqual(['Acme Corporation']);
		const sorted = await check('invoice getAll (query ORDERBY TxnDate DESC)', 'ok', { resource: 'invoice', operation: 'getAll', returnAll: false, limit: 3, filters: { query: 'ORDERBY TxnDate DESC' } });
		expect(sorted).toHaveLength(3);
		await check("customer getAll (query WHERE Notes = 'x': not queryable)", 'fault 4001', {
			resource: 'customer',
			operation: 'getAll',
			returnAll: false,
			limit: 10,
			filters: { query: "WHERE Notes = 'x'" },
		});
	});
});

describe('documents and names', () => {
	it('invoice: create, get, update, send, delete; unknown id 610', async () => {
		const [created] = (await check('invoice create (TaxCodeRef NON)', 'ok', { resource: 'invoice', operation: 'create', CustomerRef: DEFAULT_COMPANY.customers.acme, Line: [invoiceLine('NON')], additionalFields: { DocNumber: 'N8N-1', BillEmail: 'ap@acme.example' } }))!;
		expect(created.json).toMatchObject({ DocNumber: 'N8N-1', TotalAmt: 120 });
		const id = String(created.json.Id);
		const [read] = (await check('invoice get', 'ok', { resource: 'invoice', operation: 'get', invoiceId: id, download: false }))!;
		expect(read.json.Id).toBe(id);
		const [updated] = (await check('invoice update (sparse)', 'ok', { resource: 'invoice', operation: 'update', invoiceId: id, updateFields: { DueDate: '2026-12-31' } }))!;
		expect(updated.json).toMatchObject({ DueDate: '2026-12-31', TotalAmt: 120 });
		const [sent] = (await check('invoice send', 'ok', { resource: 'invoice', operation: 'send', invoiceId: id, email: 'billing@acme.example' }))!;
		expect(sent.json.EmailStatus).toBe('EmailSent');
		await check('invoice delete', 'ok', { resource: 'invoice', operation: 'delete', invoiceId: id });
		expect(sim.store.get('Invoice', id)).toBeUndefined();
		await check('invoice get (unknown id)', 'fault 610', { resource: 'invoice', operation: 'get', invoiceId: '999999', download: false });
	});

	it('invoice create without a tax code sends TaxCodeRef: {} (refused under one reading, accepted under the other)', async () => {
		sim.configure({ emptyTaxCodeRef: 'refuse' });
		await check("invoice create (no tax code → TaxCodeRef {}), reading 'refuse'", 'fault 2020', { resource: 'invoice', operation: 'create', CustomerRef: DEFAULT_COMPANY.customers.acme, Line: [invoiceLine()], additionalFields: {} });
		sim.configure({ emptyTaxCodeRef: 'accept' });
		const [booked] = (await check("invoice create (no tax code → TaxCodeRef {}), reading 'accept'", 'ok', { resource: 'invoice', operation: 'create', CustomerRef: DEFAULT_COMPANY.customers.acme, Line: [invoiceLine()], additionalFields: {} }))!;
		expect(booked.json.TotalAmt).toBe(120);
		sim.configure({ emptyTaxCodeRef: 'refuse' });
	});

	it('void sends Id and SyncToken in the query string (refused under one reading, voided under the other)', async () => {
		const invoice = (await runQuickBooks({ resource: 'invoice', operation: 'create', CustomerRef: DEFAULT_COMPANY.customers.acme, Line: [invoiceLine('NON')], additionalFields: {} })).items[0].json;
		const payment = (await runQuickBooks({ resource: 'payment', operation: 'create', CustomerRef: DEFAULT_COMPANY.customers.acme, TotalAmt: 30, additionalFields: {} })).items[0].json;
		sim.configure({ voidInQueryString: 'refuse' });
		await check("invoice void (Id, SyncToken in query), reading 'refuse'", 'fault 2010', { resource: 'invoice', operation: 'void', invoiceId: invoice.Id });
		await check("payment void (Id, SyncToken in query), reading 'refuse'", 'fault 2010', { resource: 'payment', operation: 'void', paymentId: payment.Id });
		sim.configure({ voidInQueryString: 'accept' });
		const [voided] = (await check("invoice void (Id, SyncToken in query), reading 'accept'", 'ok', { resource: 'invoice', operation: 'void', invoiceId: invoice.Id }))!;
		expect(voided.json.TotalAmt).toBe(0);
		const [voidedPayment] = (await check("payment void (Id, SyncToken in query), reading 'accept'", 'ok', { resource: 'payment', operation: 'void', paymentId: payment.Id }))!;
		expect(voidedPayment.json.TotalAmt).toBe(0);
		sim.configure({ voidInQueryString: 'refuse' });
	});

	it('payment: create, get, update, send, delete', async () => {
		const [created] = (await check('payment create', 'ok', { resource: 'payment', operation: 'create', CustomerRef: DEFAULT_COMPANY.customers.globex, TotalAmt: 45.5, additionalFields: {} }))!;
		expect(created.json).toMatchObject({ TotalAmt: 45.5, UnappliedAmt: 45.5 });
		const id = String(created.json.Id);
		await check('payment get', 'ok', { resource: 'payment', operation: 'get', paymentId: id, download: false });
		await check('payment update (sparse)', 'ok', { resource: 'payment', operation: 'update', paymentId: id, updateFields: { TxnDate: '2026-11-30' } });
		await check('payment send', 'ok', { resource: 'payment', operation: 'send', paymentId: id, email: 'ar@globex.example' });
		await check('payment delete', 'ok', { resource: 'payment', operation: 'delete', paymentId: id });
	});

	it('customer, employee, vendor: create, get, update; item and purchase: get; duplicate name 6240', async () => {
		const [customer] = (await check('customer create', 'ok', { resource: 'customer', operation: 'create', displayName: 'n8n Built-in Ltd', additionalFields: { PrimaryEmailAddr: 'builtin@example.com' } }))!;
		await check('customer get', 'ok', { resource: 'customer', operation: 'get', customerId: customer.json.Id });
		const [renamed] = (await check('customer update', 'ok', { resource: 'customer', operation: 'update', customerId: customer.json.Id, updateFields: { CompanyName: 'Built-in' } }))!;
		expect(renamed.json.CompanyName).toBe('Built-in');
		await check("customer create (duplicate 'n8n built-in ltd')", 'fault 6240', { resource: 'customer', operation: 'create', displayName: 'n8n built-in ltd', additionalFields: {} });
		const [employee] = (await check('employee create', 'ok', { resource: 'employee', operation: 'create', FamilyName: 'Rivera', GivenName: 'Sam', additionalFields: {} }))!;
		await check('employee get', 'ok', { resource: 'employee', operation: 'get', employeeId: employee.json.Id });
		await check('employee update', 'ok', { resource: 'employee', operation: 'update', employeeId: employee.json.Id, updateFields: { DisplayName: 'Sam Rivera (ops)' } });
		const [vendor] = (await check('vendor create', 'ok', { resource: 'vendor', operation: 'create', displayName: 'n8n Supplies', additionalFields: {} }))!;
		await check('vendor get', 'ok', { resource: 'vendor', operation: 'get', vendorId: vendor.json.Id });
		await check('vendor update', 'ok', { resource: 'vendor', operation: 'update', vendorId: vendor.json.Id, updateFields: { CompanyName: 'Supplies' } });
		await check('item get', 'ok', { resource: 'item', operation: 'get', itemId: DEFAULT_COMPANY.items.consultingHours });
		const [purchase] = sim.store.list('Purchase');
		await check('purchase get', 'ok', { resource: 'purchase', operation: 'get', purchaseId: purchase.Id });
		await check('purchase get (unknown id)', 'fault 610', { resource: 'purchase', operation: 'get', purchaseId: '999999' });
	});

	it('answers revoked tokens with 401, and n8n, after its refresh is refused (invalid_grant), asks to reconnect', async () => {
		const saved = credentials.store.quickBooksOAuth2Api;
		credentials.store.quickBooksOAuth2Api = { ...saved, oauthTokenData: { ...(saved.oauthTokenData as IDataObject), access_token: 'revoked', refresh_token: 'revoked' } };
		try {
			sim.server.clearLog();
			await check('customer get (revoked tokens: 401, refresh refused)', 'fault reconnect', { resource: 'customer', operation: 'get', customerId: '1' });
			expect(sim.server.calls(/\/customer\/1$/).map((call) => call.status)).toEqual([401]);
			expect(sim.server.calls(/tokens\/bearer$/).map((call) => call.status)).toEqual([400]);
		} finally {
			credentials.store.quickBooksOAuth2Api = saved;
		}
	});

	it('shows every call as expected in the table', () => {
		expect(table.mismatches()).toEqual([]);
	});
});
