/**
 * node-quickbooks (the most used Node client of the QuickBooks Online API, 2.0.50), unchanged except for its
 * endpoint, against the QuickBooks simulator over HTTP: every find with criteria, paging and count, the
 * create/read/update/delete/void/send/PDF calls for the entities both know, batch, CDC, and the error paths
 * with the fault real QBO documents (quickbooks.md §5.3). Prints the table client × call → outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import QuickBooks from 'node-quickbooks';

import { startQuickBooksSimulator, DEFAULT_COMPANY, type QuickBooksSimulator } from '../../../sandbox/quickbooks/simulator';
import { ConformanceTable, type Outcome } from './table';

const CLIENT = 'node-quickbooks';
const table = new ConformanceTable('node-quickbooks 2.0.50 against the QuickBooks simulator');
let sim: QuickBooksSimulator;
let qbo: any;

/** The fault code inside whatever node-quickbooks hands its callback (a body with Fault, or an axios error). */
function faultCode(error: unknown): string | undefined {
	const value = error as any;
	const body = value?.response?.data ?? value;
	return body?.Fault?.Error?.[0]?.code ?? body?.fault?.error?.[0]?.code ?? (value?.response?.status ? `HTTP ${value.response.status}` : undefined);
}

/** node-quickbooks' callback style as a promise: rejects with what the callback got as its error. */
function call<T = any>(method: string, ...args: unknown[]): Promise<T> {
	return new Promise((resolve, reject) => {
		qbo[method](...args, (error: unknown, data: T) => (error ? reject(error) : resolve(data)));
	});
}

function check<T = any>(name: string, expected: Outcome, run: () => Promise<T>): Promise<T | undefined> {
	return table.check(CLIENT, name, expected, run, faultCode);
}

function invoice(docNumber: string, amount = 150) {
	return {
		CustomerRef: { value: DEFAULT_COMPANY.customers.acme },
		DocNumber: docNumber,
		BillEmail: { Address: 'ap@acme.example' },
		Line: [{ DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: amount, TaxCodeRef: { value: 'NON' } } }],
	};
}

beforeAll(async () => {
	// Shapes, paging and faults are what this suite compares; throttling, latency and expiring tokens (the realistic
	// profile) have their own tests, and node-quickbooks itself neither backs off nor refreshes.
	sim = await startQuickBooksSimulator({ throttling: false, latencyMs: [0, 0], accessTokenTtlSeconds: 3600 });
	// More customers than one page of 1000, so fetchAll pages; the default company adds its own five.
	sim.seed({ customers: 1200, invoices: 20, seed: 7 });
	const tokens = sim.issueTokens();
	qbo = new QuickBooks(sim.clientId, sim.clientSecret, tokens.access_token, false, sim.realmId, true, false, '75', '2.0', tokens.refresh_token);
	// The only change to the client: its endpoint is the simulator instead of sandbox-quickbooks.api.intuit.com.
	qbo.endpoint = `${sim.url}/v3/company/`;
});

afterAll(async () => {
	table.print();
	await sim.close();
});

describe('node-quickbooks: finds (lowercase entity names, criteria, paging, count)', () => {
	it('finds with no criteria, a map, an operator list, IN, LIKE, ordering and paging', async () => {
		const all = await check('findCustomers()', 'ok', () => call('findCustomers'));
		// quickbooks.md §15.2: without MAXRESULTS a page holds 100.
		expect(all.QueryResponse.Customer.length).toBe(100);

		const byName = await check("findCustomers({ DisplayName: 'acme corporation' })", 'ok', () => call('findCustomers', { DisplayName: 'acme corporation' }));
		expect(byName.QueryResponse.Customer.map((c: any) => c.DisplayName)).toEqual(['Acme Corporation']);

		const quoted = await check("findCustomers({ DisplayName: \"O'Brien & Sons\" })", 'ok', () => call('findCustomers', { DisplayName: "O'Brien & Sons" }));
		expect(quoted.QueryResponse.Customer).toHaveLength(1);

		const like = await check("findCustomers([{ field: 'DisplayName', value: '%Corp%', operator: 'LIKE' }])", 'ok', () =>
			call('findCustomers', [{ field: 'DisplayName', value: '%Corporation%', operator: 'LIKE' }]),
		);
		expect(like.QueryResponse.Customer.some((c: any) => c.DisplayName === 'Acme Corporation')).toBe(true);

		const within = await check("findCustomers({ Id: ['1','2','3'] }) (IN)", 'ok', () => call('findCustomers', { Id: ['1', '2', '3'] }));
		expect(within.QueryResponse.Customer.map((c: any) => c.Id)).toEqual(['1', '2', '3']);

		const page = await check("findCustomers([limit 10, offset 11, desc 'DisplayName'])", 'ok', () =>
			call('findCustomers', [{ field: 'limit', value: 10 }, { field: 'offset', value: 11 }, { field: 'desc', value: 'DisplayName' }]),
		);
		expect(page.QueryResponse).toMatchObject({ startPosition: 11, maxResults: 10 });

		const everything = await check('findCustomers({ fetchAll: true }) (pages of 1000)', 'ok', () => call('findCustomers', { fetchAll: true }));
		const count = await check('findCustomers({ count: true })', 'ok', () => call('findCustomers', { count: true }));
		expect(everything.QueryResponse.Customer.length).toBe(count.QueryResponse.totalCount);
		expect(count.QueryResponse.totalCount).toBeGreaterThan(1000);

		const inactive = await check('findCustomers({ Active: false })', 'ok', () => call('findCustomers', { Active: false }));
		expect(inactive.QueryResponse.Customer.map((c: any) => c.DisplayName)).toContain('Dormant Client');
	});

	it('finds every entity both know, by a filterable field where there is one', async () => {
		const seededInvoice = sim.store.list('Invoice')[0];
		const finds: [string, unknown, string][] = [
			['findInvoices', { CustomerRef: seededInvoice.CustomerRef.value }, 'Invoice'],
			['findInvoices', { DocNumber: [seededInvoice.DocNumber, 'none'] }, 'Invoice'],
			['findInvoices', [{ field: 'TxnDate', value: '2000-01-01', operator: '>' }, { field: 'desc', value: 'TxnDate' }], 'Invoice'],
			['findPayments', { fetchAll: true }, 'Payment'],
			['findItems', { Type: 'Service' }, 'Item'],
			['findAccounts', { AccountType: 'Bank' }, 'Account'],
			['findVendors', { DisplayName: 'Stripe' }, 'Vendor'],
			['findEmployees', {}, 'Employee'],
			['findPaymentMethods', { Name: 'Visa' }, 'PaymentMethod'],
			['findTerms', {}, 'Term'],
			['findTaxCodes', {}, 'TaxCode'],
			['findCompanyInfos', {}, 'CompanyInfo'],
			['findPreferenceses', {}, 'Preferences'],
		];
		for (const [method, criteria, entity] of finds) {
			const found = await check(`${method}(${JSON.stringify(criteria)})`, 'ok', () => call(method, criteria));
			expect(found.QueryResponse[entity]?.length ?? 0).toBeGreaterThan(0);
		}
		for (const method of ['findPurchases', 'findSalesReceipts', 'findCreditMemos', 'findRefundReceipts']) {
			const found = await check(`${method}({ count: true })`, 'ok', () => call(method, { count: true }));
			expect(typeof found.QueryResponse.totalCount).toBe('number');
		}
	});

	it('refuses what real QBO refuses: a field that is not queryable (4001), MAXRESULTS over 1000 (4001)', async () => {
		await check("findCustomers({ Notes: 'x' })", 'fault 4001', () => call('findCustomers', { Notes: 'x' }));
		await check('findCustomers([limit 1500])', 'fault 4001', () => call('findCustomers', [{ field: 'limit', value: 1500 }]));
		await check("findVendors({ PrimaryEmailAddr: 'a@b.c' })", 'fault 4001', () => call('findVendors', { PrimaryEmailAddr: 'a@b.c' }));
	});
});

describe('node-quickbooks: documents', () => {
	it('creates, reads, updates, sends, downloads, voids and deletes an invoice', async () => {
		const created = await check('createInvoice', 'ok', () => call('createInvoice', invoice('NQ-1')));
		expect(created).toMatchObject({ DocNumber: 'NQ-1', TotalAmt: 150, Balance: 150, SyncToken: '0' });
		const read = await check('getInvoice', 'ok', () => call('getInvoice', created.Id));
		expect(read.Id).toBe(created.Id);
		const updated = await check('updateInvoice (sparse)', 'ok', () => call('updateInvoice', { Id: created.Id, SyncToken: read.SyncToken, PrivateNote: 'checked' }));
		expect(updated).toMatchObject({ PrivateNote: 'checked', SyncToken: '1', TotalAmt: 150 });
		const sent = await check('sendInvoicePdf(id, sendTo)', 'ok', () => call('sendInvoicePdf', created.Id, 'billing@acme.example'));
		expect(sent.EmailStatus).toBe('EmailSent');
		const pdf = await check('getInvoicePdf', 'ok', () => call('getInvoicePdf', created.Id));
		expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
		const voided = await check('voidInvoice(id)', 'ok', () => call('voidInvoice', created.Id));
		expect(voided.Invoice ?? voided).toMatchObject({ TotalAmt: 0 });

		const second = await call('createInvoice', invoice('NQ-2'));
		const deleted = await check('deleteInvoice(id)', 'ok', () => call('deleteInvoice', second.Id));
		expect(deleted.Invoice).toMatchObject({ status: 'Deleted', Id: second.Id });
		await check('getInvoice (deleted id)', 'fault 610', () => call('getInvoice', second.Id));
	});

	it('records a payment against an invoice, then voids and deletes payments', async () => {
		const billed = await call('createInvoice', invoice('NQ-3', 80));
		const payment = await check('createPayment (applied)', 'ok', () =>
			call('createPayment', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, TotalAmt: 80, Line: [{ Amount: 80, LinkedTxn: [{ TxnId: billed.Id, TxnType: 'Invoice' }] }] }),
		);
		expect((await call('getInvoice', billed.Id)).Balance).toBe(0);
		const voided = await check('voidPayment (update&include=void)', 'ok', () => call('voidPayment', { Id: payment.Id, SyncToken: payment.SyncToken }));
		expect(voided.TotalAmt).toBe(0);
		expect((await call('getInvoice', billed.Id)).Balance).toBe(80);
		const another = await call('createPayment', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, TotalAmt: 10 });
		await check('deletePayment(id)', 'ok', () => call('deletePayment', another.Id));
	});

	it('creates the other documents: sales receipt, credit memo, refund receipt, purchase', async () => {
		const line = { DetailType: 'SalesItemLineDetail', Amount: 40, SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: 40, TaxCodeRef: { value: 'NON' } } };
		const receipt = await check('createSalesReceipt', 'ok', () => call('createSalesReceipt', { CustomerRef: { value: '3' }, Line: [line] }));
		const receiptPdf = await check('getSalesReceiptPdf', 'ok', () => call('getSalesReceiptPdf', receipt.Id));
		expect(Buffer.from(receiptPdf).subarray(0, 5).toString()).toBe('%PDF-');
		await check('deleteSalesReceipt(id)', 'ok', () => call('deleteSalesReceipt', receipt.Id));
		const memo = await check('createCreditMemo', 'ok', () => call('createCreditMemo', { CustomerRef: { value: '3' }, Line: [line] }));
		expect(memo.TotalAmt).toBe(40);
		await check('getCreditMemo', 'ok', () => call('getCreditMemo', memo.Id));
		const refund = await check('createRefundReceipt', 'ok', () =>
			call('createRefundReceipt', { CustomerRef: { value: '3' }, DepositToAccountRef: { value: DEFAULT_COMPANY.accounts.checking }, PaymentRefNum: 'R-1', Line: [line] }),
		);
		expect(refund.TotalAmt).toBe(40);
		const purchase = await check('createPurchase', 'ok', () =>
			call('createPurchase', {
				PaymentType: 'CreditCard',
				AccountRef: { value: DEFAULT_COMPANY.accounts.businessCard },
				EntityRef: { value: DEFAULT_COMPANY.vendors.stripe, type: 'Vendor' },
				Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 3.2, AccountBasedExpenseLineDetail: { AccountRef: { value: DEFAULT_COMPANY.accounts.merchantFees } } }],
			}),
		);
		expect(purchase.TotalAmt).toBe(3.2);
		await check('getPurchase', 'ok', () => call('getPurchase', purchase.Id));
	});

	it('creates and updates names and items; reads company info and preferences', async () => {
		const customer = await check('createCustomer', 'ok', () => call('createCustomer', { DisplayName: 'Node QuickBooks Ltd', PrimaryEmailAddr: { Address: 'nq@example.com' } }));
		const renamed = await check('updateCustomer (sparse)', 'ok', () => call('updateCustomer', { Id: customer.Id, SyncToken: customer.SyncToken, CompanyName: 'NQ' }));
		expect(renamed).toMatchObject({ DisplayName: 'Node QuickBooks Ltd', CompanyName: 'NQ' });
		await check('getCustomer', 'ok', () => call('getCustomer', customer.Id));
		const item = await check('createItem (Service)', 'ok', () => call('createItem', { Name: 'NQ service', Type: 'Service', IncomeAccountRef: { value: DEFAULT_COMPANY.accounts.services } }));
		await check('getItem', 'ok', () => call('getItem', item.Id));
		const vendor = await check('createVendor', 'ok', () => call('createVendor', { DisplayName: 'NQ Supplies' }));
		await check('getVendor', 'ok', () => call('getVendor', vendor.Id));
		const info = await check('getCompanyInfo(realmId)', 'ok', () => call('getCompanyInfo', sim.realmId));
		expect(info.CompanyName).toBeTruthy();
		const preferences = await check('getPreferences', 'ok', () => call('getPreferences'));
		expect(preferences.CurrencyPrefs).toBeDefined();
	});

	it('answers the documented faults on bad requests', async () => {
		await check("createCustomer (duplicate 'acme corporation')", 'fault 6240', () => call('createCustomer', { DisplayName: 'acme corporation' }));
		await check('createCustomer (no name)', 'fault 6080', () => call('createCustomer', { CompanyName: '' }));
		await check('getInvoice (unknown id)', 'fault 610', () => call('getInvoice', '999999'));
		await check('createInvoice (Amount ≠ Qty × UnitPrice)', 'fault 6070', () =>
			call('createInvoice', { ...invoice('NQ-BAD'), Line: [{ DetailType: 'SalesItemLineDetail', Amount: 10, SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 2, UnitPrice: 10, TaxCodeRef: { value: 'NON' } } }] }),
		);
		await check('createInvoice (no CustomerRef)', 'fault 2020', () => call('createInvoice', { Line: invoice('x').Line }));
		await call('createInvoice', invoice('NQ-DUP'));
		await check('createInvoice (duplicate DocNumber)', 'fault 6140', () => call('createInvoice', invoice('NQ-DUP')));
		const fresh = await call('createInvoice', invoice('NQ-STALE'));
		await call('updateInvoice', { Id: fresh.Id, SyncToken: fresh.SyncToken, PrivateNote: 'one' });
		await check('updateInvoice (stale SyncToken)', 'fault 5010', () => call('updateInvoice', { Id: fresh.Id, SyncToken: fresh.SyncToken, PrivateNote: 'two' }));
		const expiredClient = new QuickBooks(sim.clientId, sim.clientSecret, 'not-a-token', false, sim.realmId, true, false, '75', '2.0', 'x');
		expiredClient.endpoint = qbo.endpoint;
		await check('findCustomers (bad bearer token)', 'fault 3200', () =>
			new Promise((resolve, reject) => expiredClient.findCustomers({}, (error: unknown, data: unknown) => (error ? reject(error) : resolve(data)))),
		);
	});
});

describe('node-quickbooks: batch', () => {
	it('runs a batch of create, update, query and a failing item, each answered by bId', async () => {
		const target = await call('createInvoice', invoice('NQ-B0'));
		const answer = await check('batch (create, update, query, bad item)', 'ok', () =>
			call('batch', [
				{ bId: 'b1', operation: 'create', Invoice: invoice('NQ-B1') },
				{ bId: 'b2', operation: 'update', Invoice: { Id: target.Id, SyncToken: target.SyncToken, sparse: true, PrivateNote: 'batched' } },
				{ bId: 'b3', Query: "select * from customer where DisplayName = 'Globex Ltd'" },
				{ bId: 'b4', operation: 'create', Invoice: invoice('NQ-B0') },
			]),
		);
		const byId = Object.fromEntries(answer.BatchItemResponse.map((item: any) => [item.bId, item]));
		expect(byId.b1.Invoice.DocNumber).toBe('NQ-B1');
		expect(byId.b2.Invoice.PrivateNote).toBe('batched');
		expect(byId.b3.QueryResponse.Customer[0].DisplayName).toBe('Globex Ltd');
		expect(byId.b4.Fault.Error[0].code).toBe('6140');
		await check('batch (31 items)', 'fault 1040', () =>
			call('batch', Array.from({ length: 31 }, (_, index) => ({ bId: `q${index}`, Query: 'select * from term' }))),
		);
	});

	it('reads changes with Change Data Capture (quickbooks.md §8.1)', async () => {
		const since = new Date(Date.now() - 60_000);
		const changes = await check("changeDataCapture(['Invoice','Customer'], since)", 'ok', () => call('changeDataCapture', ['Invoice', 'Customer'], since));
		const entities = changes.CDCResponse[0].QueryResponse.flatMap((entry: any) => Object.keys(entry).filter((key) => /^[A-Z]/.test(key)));
		expect(entities).toEqual(['Invoice', 'Customer']);
		await check("changeDataCapture('Invoice', 31 days ago)", 'fault 2070', () => call('changeDataCapture', 'Invoice', new Date(Date.now() - 31 * 86_400_000)));
	});

	it('shows every call as expected in the table', () => {
		expect(table.mismatches()).toEqual([]);
	});
});
