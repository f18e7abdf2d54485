/**
 * The client's batch helper (used by the bulk operations to come) run from a probe node on the real
 * engine, and the pickers' list search and load options run through n8n-core's LoadOptionsContext.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { LoadOptionsContext } from 'n8n-core';
import { NodeConnectionTypes, type IDataObject, type IExecuteFunctions, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { getCustomFields } from '../../../nodes/QuickBooksSync/methods/loadOptions';
import * as listSearch from '../../../nodes/QuickBooksSync/methods/listSearch';
import { QuickBooksClient, type BatchOperation } from '../../../transport/quickbooks';
import { createAdditionalData, registerNodeType, runNode, toWorkflow } from '../../harness/engine';
import { CREDENTIALS, DEFAULT_COMPANY, NODE_NAME, NODE_TYPE, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, customers } = DEFAULT_COMPANY;

/** Hands its input's operations to QuickBooksClient.batch and outputs one item per result. */
class BatchProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'QuickBooks Batch Probe',
		name: 'quickBooksBatchProbe',
		group: ['transform'],
		version: 1,
		description: 'test probe',
		defaults: { name: 'Batch Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'quickBooksSyncOAuth2Api', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions) {
		const operations = this.getInputData()[0].json.operations as unknown as BatchOperation[];
		const client = await QuickBooksClient.connect(this);
		const results = await client.batch(operations);
		return [
			results.map((result) => ({
				json: result.ok
					? ({ index: result.index, ok: true, record: result.record ?? null, queryResponse: result.queryResponse ?? null } as IDataObject)
					: { index: result.index, ok: false, category: result.error.category, code: result.error.code ?? null },
			})),
		];
	}
}
const PROBE_TYPE = registerNodeType(new BatchProbe());

async function batch(operations: BatchOperation[]): Promise<IDataObject[]> {
	const result = await runNode(qb.credentials, { name: 'Batch Probe', type: PROBE_TYPE, parameters: {}, credentials: CREDENTIALS }, [
		{ json: { operations: operations as unknown as IDataObject[] } },
	]);
	const error = result.error('Batch Probe');
	if (error) throw error;
	return result.output('Batch Probe').map((item) => item.json);
}

const newCustomers = (count: number, prefix = 'Batch customer'): BatchOperation[] =>
	Array.from({ length: count }, (_, index) => ({ operation: 'create', entity: 'Customer', payload: { DisplayName: `${prefix} ${index + 1}` } }));

describe('batch helper', () => {
	it('sends 35 operations as batches of 30 and 5, and maps every answer back to its operation', async () => {
		const before = qb.sim.store.count('Customer');
		const operations: BatchOperation[] = [
			...newCustomers(32),
			{ operation: 'create', entity: 'Customer', payload: { DisplayName: 'Stripe' } },
			{ operation: 'query', query: "SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien & Sons'" },
			...newCustomers(1, 'Last one'),
		];
		const results = await batch(operations);

		expect(results.map((result) => result.index)).toEqual(operations.map((_, index) => index));
		expect(results.slice(0, 32).every((result, index) => (result.record as IDataObject).DisplayName === `Batch customer ${index + 1}`)).toBe(true);
		expect(results[32]).toEqual({ index: 32, ok: false, category: 'duplicate_display_name', code: '6240' });
		expect(((results[33].queryResponse as IDataObject).Customer as IDataObject[]).map((customer) => customer.Id)).toEqual([customers.obrienAndSons]);
		expect((results[34].record as IDataObject).DisplayName).toBe('Last one 1');
		expect(qb.sim.store.count('Customer')).toBe(before + 33);

		const calls = qb.apiCalls(/\/batch$/, 'POST');
		expect(calls.map((call) => ((call.body as IDataObject).BatchItemRequest as IDataObject[]).length)).toEqual([30, 5]);
		for (const call of calls) {
			expect(String(call.query.requestid).length).toBeLessThanOrEqual(36);
			for (const item of (call.body as IDataObject).BatchItemRequest as IDataObject[]) expect(String(item.bId).length).toBeLessThanOrEqual(10);
		}
	});

	it('a writing batch cut off after QuickBooks committed it is not resent blindly: the caller learns the answer was lost', async () => {
		const before = qb.sim.store.count('Customer');
		qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1, resetAfterCommit: true });
		// The bulk writer then looks up per document what was committed (bulkWriter.ts); the transport only reports it.
		await expect(batch(newCustomers(3))).rejects.toMatchObject({ message: expect.stringMatching(/^Could not reach QuickBooks: the connection closed before QuickBooks answered/) });
		expect(qb.sim.store.count('Customer')).toBe(before + 3);
		expect(qb.apiCalls(/\/batch$/, 'POST').map((call) => call.outcome)).toEqual(['reset']);
	});

	it('a batch of queries cut off is asked again (reads are safe to repeat)', async () => {
		qb.sim.server.injectFault({ method: 'POST', path: '/batch$', count: 1, resetAfterCommit: true });
		const [result] = await batch([{ operation: 'query', query: "SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien & Sons'" }]);
		expect(result.ok).toBe(true);
		expect(qb.apiCalls(/\/batch$/, 'POST').map((call) => call.outcome)).toEqual(['reset', 'answered']);
	});

	it('voids in a batch as update + optionsData void', async () => {
		const [invoice] = await qb.json({
			resource: 'invoice',
			operation: 'create',
			customer: { __rl: true, mode: 'id', value: customers.acme },
			lines: { line: [{ item: { __rl: true, mode: 'id', value: '1' }, quantity: 1, unitPrice: '10', taxCode: { __rl: true, mode: 'id', value: 'NON' } }] },
			additionalFields: {},
		});
		const [result] = await batch([{ operation: 'void', entity: 'Invoice', payload: { Id: invoice.Id as string, SyncToken: '0' } }]);
		expect(result.ok).toBe(true);
		expect(qb.sim.store.get('Invoice', String(invoice.Id))!.TotalAmt).toBe(0);
		const [call] = qb.apiCalls(/\/batch$/, 'POST');
		expect(((call.body as IDataObject).BatchItemRequest as IDataObject[])[0]).toMatchObject({ operation: 'update', optionsData: 'void' });
	});
});

describe('pickers', () => {
	function loadOptionsContext(path = 'parameters.customer') {
		const workflow = toWorkflow({
			nodes: [{ name: NODE_NAME, type: NODE_TYPE, parameters: { resource: 'invoice', operation: 'create' }, credentials: CREDENTIALS }],
		});
		return new LoadOptionsContext(workflow, workflow.getNode(NODE_NAME)!, createAdditionalData(qb.credentials), path);
	}

	it("searches customers by what the user typed, quotes included: O'Brien finds exactly O'Brien & Sons", async () => {
		const found = await listSearch.searchCustomers.call(loadOptionsContext(), "O'Brien");
		expect(found).toEqual({ results: [{ name: "O'Brien & Sons", value: customers.obrienAndSons }], paginationToken: undefined });
		expect(qb.apiCalls(/\/query$/)[0].query.query).toBe(
			"SELECT * FROM Customer WHERE DisplayName LIKE '%O\\'Brien%' ORDERBY DisplayName STARTPOSITION 1 MAXRESULTS 100",
		);
	});

	it('pages the list 100 at a time through the pagination token', async () => {
		qb.sim.seed({ customers: 150, invoices: 0 });
		const first = await listSearch.searchCustomers.call(loadOptionsContext());
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('101');
		const second = await listSearch.searchCustomers.call(loadOptionsContext(), undefined, first.paginationToken);
		expect(second.results.length).toBe(154 - 100);
		expect(second.paginationToken).toBeUndefined();
		expect(new Set([...first.results, ...second.results].map((result) => result.value)).size).toBe(154);
	});

	it('offers only the account types that fit the field', async () => {
		const context = loadOptionsContext('parameters.additionalFields.depositToAccount');
		const deposit = await listSearch.searchDepositAccounts.call(context);
		expect(deposit.results.map((result) => result.value).sort()).toEqual([accounts.checking, accounts.undepositedFunds, accounts.inventoryAsset].sort());
		const paidFrom = await listSearch.searchPaymentAccounts.call(context);
		expect(paidFrom.results.map((result) => result.name)).toEqual(['Business Card (Credit Card)', 'Checking (Bank)']);
		const expense = await listSearch.searchExpenseAccounts.call(context, 'fees');
		expect(expense.results).toEqual([{ name: 'Merchant fees (Expense)', value: accounts.merchantFees }]);
		const income = await listSearch.searchIncomeAccounts.call(context);
		expect(income.results.map((result) => result.value)).toContain(accounts.services);
		expect(income.results.map((result) => result.value)).not.toContain(accounts.checking);
	});

	it('searches items, vendors, payment methods, tax codes and terms', async () => {
		const context = loadOptionsContext();
		expect((await listSearch.searchItems.call(context, 'Consult')).results).toEqual([{ name: 'Consulting hours', value: DEFAULT_COMPANY.items.consultingHours }]);
		expect((await listSearch.searchVendors.call(context, 'Stri')).results).toEqual([{ name: 'Stripe', value: DEFAULT_COMPANY.vendors.stripe }]);
		expect((await listSearch.searchPaymentMethods.call(context, 'Visa')).results).toEqual([{ name: 'Visa', value: DEFAULT_COMPANY.paymentMethods.visa }]);
		expect((await listSearch.searchTaxCodes.call(context)).results.map((result) => result.value).sort()).toEqual(['NON', 'TAX']);
		expect((await listSearch.searchTerms.call(context, 'Net')).results.map((result) => result.name)).toEqual(['Net 15', 'Net 30', 'Net 60']);
		expect((await listSearch.searchAccounts.call(context, 'Checking')).results).toEqual([{ name: 'Checking (Bank)', value: accounts.checking }]);
	});

	it('loads the sales-form custom fields from Preferences', async () => {
		expect(await getCustomFields.call(loadOptionsContext('parameters.additionalFields.customFields'))).toEqual([
			{ name: 'PO Number', value: '1' },
			{ name: 'Sales Rep', value: '2' },
			{ name: 'Crew #', value: '3' },
		]);
	});
});
