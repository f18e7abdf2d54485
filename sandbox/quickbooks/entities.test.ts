/**
 * Names, items, accounts and invoices: each documented rejection of quickbooks.md has a test here,
 * named after its section.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { faultOf, invoiceBody, qboClient, type QboTestClient } from './testing';

let sim: QuickBooksSimulator;
let qbo: QboTestClient;

beforeAll(async () => {
	sim = await startQuickBooksSimulator();
	qbo = qboClient(sim);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const { customers, items, accounts, vendors } = DEFAULT_COMPANY;

describe('response shape', () => {
	it('wraps an entity as { Entity, time } with string Id/SyncToken, MetaData and an intuit_tid header (§1.1, §5.4)', async () => {
		const response = await qbo.get(`/customer/${customers.acme}?minorversion=75`);
		expect(response.status).toBe(200);
		expect(response.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]{24}$/);
		expect(typeof response.body.time).toBe('string');
		const customer = response.body.Customer;
		expect(customer).toMatchObject({ Id: customers.acme, SyncToken: '0', DisplayName: 'Acme Corporation', Active: true, domain: 'QBO' });
		expect(customer.MetaData).toEqual({ CreateTime: '2026-01-05T09:00:00-07:00', LastUpdatedTime: '2026-01-05T09:00:00-07:00' });
	});

	it('answers a read of an unknown id with 610 Object Not Found (§5.3) in the Fault shape of §5.1', async () => {
		const response = await qbo.get('/invoice/99999');
		expect(response.status).toBe(400);
		expect(response.body.Fault.type).toBe('ValidationFault');
		expect(faultOf(response.body)).toMatchObject({ code: '610', Message: 'Object Not Found' });
		expect(typeof response.body.time).toBe('string');
		expect(response.headers.get('intuit_tid')).toBeTruthy();
	});

	it('treats resource segments as lowercase and case sensitive (§1.1)', async () => {
		const response = await qbo.get(`/Customer/${customers.acme}`);
		expect(response.status).toBe(400);
		expect(faultOf(response.body).code).toBe('500');
	});

	it('accepts minorversion below 75 and answers in 75 (§1.2)', async () => {
		const response = await qbo.get(`/customer/${customers.acme}?minorversion=4`);
		expect(response.status).toBe(200);
	});

	it('exposes CompanyInfo by realm id and Preferences with three string custom fields (§2.1.2, §2.8)', async () => {
		const info = await qbo.get(`/companyinfo/${sim.realmId}`);
		expect(info.body.CompanyInfo).toMatchObject({ Country: 'US', CompanyAddr: { Country: 'USA' } });
		const preferences = (await qbo.get('/preferences')).body.Preferences;
		expect(preferences.CurrencyPrefs).toEqual({ MultiCurrencyEnabled: false, HomeCurrency: { value: 'USD' } });
		expect(preferences.TaxPrefs.UsingSalesTax).toBe(true);
		const names = preferences.SalesFormsPrefs.CustomField[1].CustomField.map((field: any) => [field.Name, field.StringValue]);
		expect(names).toEqual([
			['SalesFormsPrefs.SalesCustomName1', 'PO Number'],
			['SalesFormsPrefs.SalesCustomName2', 'Sales Rep'],
			['SalesFormsPrefs.SalesCustomName3', 'Crew #'],
		]);
	});
});

describe('Customer, Vendor, Employee (§2.5, §2.7)', () => {
	it('refuses a DisplayName already used by a customer, a vendor or an employee with 6240', async () => {
		for (const name of ['Acme Corporation', 'acme corporation ', 'Stripe', 'Emily Platt']) {
			const response = await qbo.post('/customer', { DisplayName: name });
			expect(response.status).toBe(400);
			expect(faultOf(response.body)).toMatchObject({ code: '6240', Message: 'Duplicate Name Exists Error' });
			expect(faultOf(response.body).Detail).toContain('Id=');
		}
		const vendor = await qbo.post('/vendor', { DisplayName: 'Globex Ltd' });
		expect(faultOf(vendor.body).code).toBe('6240');
	});

	it('counts an inactive customer as taking its name (stricter reading of §2.5)', async () => {
		const response = await qbo.post('/customer', { DisplayName: 'Dormant Client' });
		expect(faultOf(response.body).code).toBe('6240');
	});

	it('builds DisplayName from the name parts and refuses a customer without any name with 6080', async () => {
		const built = await qbo.post('/customer', { GivenName: 'Ada', FamilyName: 'Lovelace' });
		expect(built.body.Customer.DisplayName).toBe('Ada Lovelace');
		const nameless = await qbo.post('/customer', { CompanyName: 'No display name Inc' });
		expect(faultOf(nameless.body).code).toBe('6080');
	});

	it('limits DisplayName to 500 characters (2050) and refuses ":" in names', async () => {
		const long = await qbo.post('/customer', { DisplayName: 'x'.repeat(501) });
		expect(faultOf(long.body)).toMatchObject({ code: '2050', element: 'DisplayName' });
		const colon = await qbo.post('/customer', { DisplayName: 'Parent:Child' });
		expect(faultOf(colon.body).code).toBe('2040');
	});

	it('refuses a property the entity does not have with 2010 (§5.3)', async () => {
		const response = await qbo.post('/customer', { DisplayName: 'New Co', FavouriteColour: 'blue' });
		expect(faultOf(response.body)).toMatchObject({ code: '2010', element: 'FavouriteColour' });
	});

	it('cannot delete a name; deactivation (Active=false) hides it from queries and blocks new references (§1.6, §5.3 610)', async () => {
		const current = (await qbo.get(`/customer/${customers.globex}`)).body.Customer;
		const deleted = await qbo.post('/customer?operation=delete', { Id: current.Id, SyncToken: current.SyncToken });
		expect(faultOf(deleted.body).code).toBe('500');
		const deactivated = await qbo.post('/customer', { Id: current.Id, SyncToken: current.SyncToken, sparse: true, Active: false });
		expect(deactivated.body.Customer).toMatchObject({ Active: false, SyncToken: '1' });
		const found = await qbo.query("SELECT * FROM Customer WHERE DisplayName = 'Globex Ltd'");
		expect(found.body.QueryResponse).toEqual({});
		const invoice = await qbo.post('/invoice', invoiceBody({ CustomerRef: { value: customers.globex } }));
		expect(faultOf(invoice.body)).toMatchObject({ code: '610', element: 'CustomerRef' });
	});

	it('keeps a customer currency once set; a foreign currency needs multicurrency (§2.5, §10.1)', async () => {
		const foreign = await qbo.post('/customer', { DisplayName: 'Euro Buyer', CurrencyRef: { value: 'EUR' } });
		expect(faultOf(foreign.body).code).toBe('5030');
		const multi = await startQuickBooksSimulator({ multicurrency: true });
		try {
			const client = qboClient(multi);
			const created = (await client.post('/customer', { DisplayName: 'Euro Buyer', CurrencyRef: { value: 'EUR' } })).body.Customer;
			expect(created.CurrencyRef).toEqual({ value: 'EUR', name: 'Euro' });
			const changed = await client.post('/customer', { Id: created.Id, SyncToken: created.SyncToken, sparse: true, CurrencyRef: { value: 'USD' } });
			expect(faultOf(changed.body).code).toBe('6000');
			const unknown = await client.post('/customer', { DisplayName: 'Bad Currency', CurrencyRef: { value: 'XXX' } });
			expect(faultOf(unknown.body).code).toBe('2220');
		} finally {
			await multi.close();
		}
	});
});

describe('Item and Account (§2.6, §2.7)', () => {
	it('requires Name and Type, and an income account for Service items (2020)', async () => {
		expect(faultOf((await qbo.post('/item', { Type: 'Service', IncomeAccountRef: { value: accounts.sales } })).body)).toMatchObject({ code: '2020', element: 'Name' });
		expect(faultOf((await qbo.post('/item', { Name: 'Widget', IncomeAccountRef: { value: accounts.sales } })).body)).toMatchObject({ code: '2020', element: 'Type' });
		expect(faultOf((await qbo.post('/item', { Name: 'Widget', Type: 'Service' })).body)).toMatchObject({ code: '2020', element: 'IncomeAccountRef' });
		const created = await qbo.post('/item', { Name: 'Widget', Type: 'Service', IncomeAccountRef: { value: accounts.sales }, Sku: 'W-1', UnitPrice: 12.5 });
		expect(created.body.Item).toMatchObject({ Name: 'Widget', Sku: 'W-1', UnitPrice: 12.5, IncomeAccountRef: { value: accounts.sales, name: 'Sales' } });
	});

	it('refuses an item posting to A/R with 6430 and a duplicate item name with 6240', async () => {
		const receivable = await qbo.post('/item', { Name: 'Bad', Type: 'Service', IncomeAccountRef: { value: accounts.accountsReceivable } });
		expect(faultOf(receivable.body).code).toBe('6430');
		const duplicate = await qbo.post('/item', { Name: 'services', Type: 'Service', IncomeAccountRef: { value: accounts.sales } });
		expect(faultOf(duplicate.body).code).toBe('6240');
		const unknownAccount = await qbo.post('/item', { Name: 'Other', Type: 'Service', IncomeAccountRef: { value: '999' } });
		expect(faultOf(unknownAccount.body)).toMatchObject({ code: '2500', element: 'IncomeAccountRef' });
	});

	it('requires AccountType or AccountSubType (6010) and refuses " or : in account names (2040)', async () => {
		expect(faultOf((await qbo.post('/account', { Name: 'Floating' })).body).code).toBe('6010');
		expect(faultOf((await qbo.post('/account', { Name: 'A:B', AccountType: 'Expense' })).body).code).toBe('2040');
		const bySubType = await qbo.post('/account', { Name: 'Platform fees', AccountSubType: 'BankCharges' });
		expect(bySubType.body.Account).toMatchObject({ AccountType: 'Expense', Classification: 'Expense', AccountSubType: 'BankCharges' });
	});

	it('seeds the accounts, items, vendors and customers the sync needs', () => {
		expect(sim.store.get('Account', accounts.undepositedFunds)).toMatchObject({ Name: 'Undeposited Funds', AccountType: 'Other Current Asset', AccountSubType: 'UndepositedFunds' });
		expect(sim.store.get('Account', accounts.discountsGiven)).toMatchObject({ Name: 'Discounts given', AccountType: 'Income', AccountSubType: 'DiscountsRefundsGiven' });
		expect(sim.store.get('Account', accounts.businessCard)?.AccountType).toBe('Credit Card');
		expect(sim.store.get('Account', accounts.merchantFees)?.AccountType).toBe('Expense');
		expect(sim.store.get('Account', accounts.salesTaxPayable)?.AccountType).toBe('Other Current Liability');
		expect(sim.store.get('Item', items.shippingFee)?.Name).toBe('Shipping fee');
		expect(sim.store.get('Item', items.salesTaxCollected)?.Name).toBe('Sales tax collected');
		expect(sim.store.get('Vendor', vendors.hubspotPayments)?.DisplayName).toBe('HubSpot Payments');
		expect(sim.store.get('Customer', customers.obrienAndSons)?.DisplayName).toBe("O'Brien & Sons");
	});
});

describe('Invoice rules (§2.1, §2.1.1, §10)', () => {
	it('computes TotalAmt and Balance exactly and appends the subtotal line', async () => {
		const response = await qbo.post('/invoice?minorversion=75', {
			CustomerRef: { value: customers.obrienAndSons },
			DocNumber: 'HS-1001',
			Line: [
				{ DetailType: 'SalesItemLineDetail', Amount: 0.1, SalesItemLineDetail: { ItemRef: { value: items.services }, Qty: 1, UnitPrice: 0.1, TaxCodeRef: { value: 'NON' } } },
				{ DetailType: 'SalesItemLineDetail', Amount: 0.2, SalesItemLineDetail: { ItemRef: { value: items.services }, Qty: 2, UnitPrice: 0.1, TaxCodeRef: { value: 'NON' } } },
			],
		});
		expect(response.status).toBe(200);
		const invoice = response.body.Invoice;
		expect(invoice.TotalAmt).toBe(0.3);
		expect(invoice.Balance).toBe(0.3);
		expect(invoice.Line.at(-1)).toEqual({ Amount: 0.3, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
		expect(invoice.Line.slice(0, 2).map((line: any) => line.Id)).toEqual(['1', '2']);
		expect(invoice.DueDate > invoice.TxnDate).toBe(true);
		expect(invoice.SalesTermRef).toEqual({ value: DEFAULT_COMPANY.terms.net30, name: 'Net 30' });
	});

	it('requires CustomerRef and Line (2020) and at least one split line (2250)', async () => {
		const noCustomer = await qbo.post('/invoice', { Line: invoiceBody().Line });
		expect(faultOf(noCustomer.body)).toMatchObject({ code: '2020', element: 'CustomerRef' });
		const noLines = await qbo.post('/invoice', { CustomerRef: { value: customers.acme } });
		expect(faultOf(noLines.body)).toMatchObject({ code: '2020', element: 'Line' });
		const empty = await qbo.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [] });
		expect(faultOf(empty.body).code).toBe('2250');
	});

	it('refuses a reference to an id that does not exist (2500) or an inactive item (610)', async () => {
		const customer = await qbo.post('/invoice', invoiceBody({ CustomerRef: { value: '9999' } }));
		expect(faultOf(customer.body)).toMatchObject({ code: '2500', element: 'CustomerRef' });
		const item = await qbo.post('/invoice', invoiceBody({}, { item: '9999' }));
		expect(faultOf(item.body)).toMatchObject({ code: '2500', element: 'Line.SalesItemLineDetail.ItemRef' });
		const inactive = await qbo.post('/invoice', invoiceBody({}, { item: items.legacyPlan }));
		expect(faultOf(inactive.body).code).toBe('610');
	});

	it('refuses Amount ≠ Qty × UnitPrice with 6070, rounding the product half up to the cent', async () => {
		const wrong = await qbo.post('/invoice', invoiceBody({}, { qty: 3, price: 10, amount: 31 }));
		expect(faultOf(wrong.body)).toMatchObject({ code: '6070', Message: 'Amount calculation incorrect in the request' });
		const halfCent = await qbo.post('/invoice', invoiceBody({}, { qty: 3, price: 33.335, amount: 100.01 }));
		expect(halfCent.status).toBe(200);
		const truncated = await qbo.post('/invoice', invoiceBody({}, { qty: 3, price: 33.335, amount: 100 }));
		expect(faultOf(truncated.body).code).toBe('6070');
	});

	it('refuses negative line amounts with 2290, and (stricter) negative quantities and prices', async () => {
		expect(faultOf((await qbo.post('/invoice', invoiceBody({}, { qty: 1, price: -10, amount: -10 }))).body).code).toBe('2290');
		expect(faultOf((await qbo.post('/invoice', invoiceBody({}, { qty: -1, price: 10, amount: 10 }))).body).code).toBe('2290');
	});

	it('refuses an amount with more decimals than the currency (2110)', async () => {
		const response = await qbo.post('/invoice', invoiceBody({}, { qty: 1, price: 10.005, amount: 10.005 }));
		expect(faultOf(response.body).code).toBe('2110');
	});

	it('allows only TAX or NON as a US line tax code (6100, §10.2) and adds AST tax unless TotalTax is sent', async () => {
		const gst = await qbo.post('/invoice', { ...invoiceBody(), Line: [{ ...(invoiceBody().Line as any[])[0], SalesItemLineDetail: { ItemRef: { value: items.services }, Qty: 1, UnitPrice: 100, TaxCodeRef: { value: 'GST' } } }] });
		expect(faultOf(gst.body).code).toBe('6100');
		const taxedLine = { DetailType: 'SalesItemLineDetail', Amount: 100, SalesItemLineDetail: { ItemRef: { value: items.services }, Qty: 1, UnitPrice: 100, TaxCodeRef: { value: 'TAX' } } };
		const computed = (await qbo.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [taxedLine] })).body.Invoice;
		expect(computed.TxnTaxDetail.TotalTax).toBe(8.25);
		expect(computed.TotalAmt).toBe(108.25);
		const explicit = (await qbo.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [taxedLine], TxnTaxDetail: { TotalTax: 7.13 } })).body.Invoice;
		expect(explicit.TotalAmt).toBe(107.13);
	});

	it('takes one discount line with an amount or a percent (6090) not above the subtotal (6000)', async () => {
		const base = invoiceBody({}, { qty: 2, price: 50 });
		const incomplete = await qbo.post('/invoice', { ...base, Line: [...(base.Line as any[]), { DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: false } }] });
		expect(faultOf(incomplete.body).code).toBe('6090');
		const tooBig = await qbo.post('/invoice', { ...base, Line: [...(base.Line as any[]), { DetailType: 'DiscountLineDetail', Amount: 100.01, DiscountLineDetail: {} }] });
		expect(faultOf(tooBig.body).code).toBe('6000');
		const percent = await qbo.post('/invoice', { ...base, Line: [...(base.Line as any[]), { DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: true, DiscountPercent: 12.5 } }] });
		expect(percent.body.Invoice.TotalAmt).toBe(87.5);
		expect(percent.body.Invoice.Line[1]).toMatchObject({ Amount: 12.5, DiscountLineDetail: { DiscountAccountRef: { value: accounts.discountsGiven } } });
	});

	it('treats a line without ItemRef as documentation: its Amount is ignored (§2.1.1)', async () => {
		const base = invoiceBody();
		const response = await qbo.post('/invoice', { ...base, Line: [...(base.Line as any[]), { DetailType: 'SalesItemLineDetail', Amount: 50, Description: 'note', SalesItemLineDetail: {} }] });
		expect(response.body.Invoice.TotalAmt).toBe(100);
		expect(response.body.Invoice.Line[1]).toMatchObject({ DetailType: 'DescriptionOnly', Description: 'note' });
	});

	it('limits DocNumber to 21 characters (2050) and refuses a duplicate with 6140 unless allowed (§1.7)', async () => {
		expect(faultOf((await qbo.post('/invoice', invoiceBody({ DocNumber: 'X'.repeat(22) }))).body).code).toBe('2050');
		const first = await qbo.post('/invoice', invoiceBody({ DocNumber: 'HS-2001' }));
		expect(first.status).toBe(200);
		const duplicate = await qbo.post('/invoice', invoiceBody({ DocNumber: 'HS-2001' }));
		expect(faultOf(duplicate.body)).toMatchObject({ code: '6140', element: 'DocNumber' });
		expect(faultOf(duplicate.body).Detail).toContain(`TxnId=${first.body.Invoice.Id}`);
		const allowed = await qbo.post('/invoice?include=allowduplicatedocnum', invoiceBody({ DocNumber: 'HS-2001' }));
		expect(allowed.status).toBe(200);
		sim.settings.allowDuplicateDocNumbers = true;
		expect((await qbo.post('/invoice', invoiceBody({ DocNumber: 'HS-2001' }))).status).toBe(200);
	});

	it('numbers invoices itself when custom transaction numbers are off, and then refuses a sent DocNumber', async () => {
		sim.configure({ preferences: { SalesFormsPrefs: { CustomTxnNumbers: false } } });
		const numbered = await qbo.post('/invoice', invoiceBody());
		expect(numbered.body.Invoice.DocNumber).toBe('1001');
		const sent = await qbo.post('/invoice', invoiceBody({ DocNumber: 'HS-1' }));
		expect(faultOf(sent.body).code).toBe('6000');
	});

	it('writes up to three string custom fields by DefinitionId and refuses others with 3000 (§2.1.2)', async () => {
		const response = await qbo.post('/invoice', invoiceBody({ CustomField: [{ DefinitionId: '1', StringValue: 'PO-42', Type: 'StringType' }] }));
		expect(response.body.Invoice.CustomField).toEqual([
			{ DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-42' },
			{ DefinitionId: '2', Name: 'Sales Rep', Type: 'StringType' },
			{ DefinitionId: '3', Name: 'Crew #', Type: 'StringType' },
		]);
		expect(faultOf((await qbo.post('/invoice', invoiceBody({ CustomField: [{ DefinitionId: '4', StringValue: 'x' }] }))).body).code).toBe('3000');
	});

	it('requires BillEmail when EmailStatus is NeedToSend (§2.1)', async () => {
		const response = await qbo.post('/invoice', invoiceBody({ EmailStatus: 'NeedToSend' }));
		expect(faultOf(response.body).code).toBe('6420');
	});
});

describe('update, SyncToken, delete, void (§1.5, §1.6, §4.5)', () => {
	async function createInvoice(overrides: Record<string, unknown> = {}) {
		return (await qbo.post('/invoice', invoiceBody({ DocNumber: 'U-1', PrivateNote: 'keep me', ...overrides }))).body.Invoice;
	}

	it('sparse update changes only what is sent and moves SyncToken on', async () => {
		const invoice = await createInvoice();
		const updated = (await qbo.post('/invoice?operation=update', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, DueDate: '2030-01-31' })).body.Invoice;
		expect(updated).toMatchObject({ SyncToken: '1', DueDate: '2030-01-31', PrivateNote: 'keep me', DocNumber: 'U-1', TotalAmt: 100 });
		expect(updated.MetaData.CreateTime).toBe(invoice.MetaData.CreateTime);
	});

	it('full update clears writable fields left out', async () => {
		const invoice = await createInvoice();
		const updated = (await qbo.post('/invoice?operation=update', { Id: invoice.Id, SyncToken: invoice.SyncToken, CustomerRef: invoice.CustomerRef, Line: invoice.Line })).body.Invoice;
		expect(updated.PrivateNote).toBeUndefined();
		expect(updated.DocNumber).toBeUndefined();
		expect(updated.TotalAmt).toBe(100);
	});

	it('answers a stale SyncToken with 5010 Stale Object Error and a missing one with 2020', async () => {
		const invoice = await createInvoice();
		await qbo.post('/invoice', { Id: invoice.Id, SyncToken: '0', sparse: true, PrivateNote: 'first' });
		const stale = await qbo.post('/invoice', { Id: invoice.Id, SyncToken: '0', sparse: true, PrivateNote: 'second' });
		expect(stale.status).toBe(400);
		expect(faultOf(stale.body)).toMatchObject({ code: '5010', Message: 'Stale Object Error' });
		const missing = await qbo.post('/invoice?operation=update', { Id: invoice.Id, sparse: true, PrivateNote: 'x' });
		expect(faultOf(missing.body)).toMatchObject({ code: '2020', element: 'SyncToken' });
	});

	it('keeps line ids a request names and replaces all lines (§1.5)', async () => {
		const invoice = (await qbo.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [(invoiceBody().Line as any[])[0], (invoiceBody({}, { price: 5 }).Line as any[])[0]] })).body.Invoice;
		const secondLine = invoice.Line[1];
		const updated = (await qbo.post('/invoice', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, Line: [secondLine, (invoiceBody({}, { price: 7 }).Line as any[])[0]] })).body.Invoice;
		expect(updated.Line.slice(0, 2).map((line: any) => line.Id)).toEqual(['2', '3']);
		expect(updated.TotalAmt).toBe(12);
	});

	it('deletes a transaction with Id and SyncToken; it is gone afterwards (§1.6)', async () => {
		const invoice = await createInvoice();
		const stale = await qbo.post('/invoice?operation=delete', { Id: invoice.Id, SyncToken: '7' });
		expect(faultOf(stale.body).code).toBe('5010');
		const deleted = await qbo.post('/invoice?operation=delete', { Id: invoice.Id, SyncToken: invoice.SyncToken });
		expect(deleted.body.Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: invoice.Id });
		expect(faultOf((await qbo.get(`/invoice/${invoice.Id}`)).body).code).toBe('610');
	});

	it('voids an invoice with operation=void: amounts 0, "Voided" noted, number kept (§1.6)', async () => {
		const invoice = await createInvoice();
		const voided = (await qbo.post('/invoice?operation=void', { Id: invoice.Id, SyncToken: invoice.SyncToken })).body.Invoice;
		expect(voided).toMatchObject({ TotalAmt: 0, Balance: 0, DocNumber: 'U-1', SyncToken: '1' });
		expect(voided.PrivateNote).toBe('Voided - keep me');
		expect(voided.Line[0].Amount).toBe(0);
		const edit = await qbo.post('/invoice', { Id: invoice.Id, SyncToken: voided.SyncToken, sparse: true, PrivateNote: 'x' });
		expect(faultOf(edit.body).code).toBe('6000');
	});

	it('refuses to void an invoice with an applied payment (§1.6)', async () => {
		const invoice = await createInvoice();
		await qbo.post('/payment', { CustomerRef: invoice.CustomerRef, TotalAmt: 10, Line: [{ Amount: 10, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
		const current = (await qbo.get(`/invoice/${invoice.Id}`)).body.Invoice;
		const voided = await qbo.post('/invoice?operation=void', { Id: current.Id, SyncToken: current.SyncToken });
		expect(faultOf(voided.body).code).toBe('6000');
	});

	it('sparse Term updates must repeat Name (§1.5)', async () => {
		const term = sim.store.get('Term', DEFAULT_COMPANY.terms.net15)!;
		const response = await qbo.post('/term', { Id: term.Id, SyncToken: term.SyncToken, sparse: true, DueDays: 14 });
		expect(faultOf(response.body)).toMatchObject({ code: '2020', element: 'Name' });
		const ok = await qbo.post('/term', { Id: term.Id, SyncToken: term.SyncToken, sparse: true, Name: 'Net 15', DueDays: 14 });
		expect(ok.body.Term.DueDays).toBe(14);
	});
});

describe('PDF and send (§7)', () => {
	it('answers a small valid PDF with the DocNumber in its text', async () => {
		const invoice = (await qbo.post('/invoice', invoiceBody({ DocNumber: 'HS-PDF-7' }))).body.Invoice;
		const response = await qbo.raw('GET', `/v3/company/${sim.realmId}/invoice/${invoice.Id}/pdf`, undefined, { headers: { accept: 'application/pdf' } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const pdf: Buffer = response.body;
		const text = pdf.toString('latin1');
		expect(text.startsWith('%PDF-1.4')).toBe(true);
		expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
		expect(text).toContain('(Invoice HS-PDF-7)');
		// The cross-reference table points at the objects.
		const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
		expect(text.slice(startxref, startxref + 4)).toBe('xref');
		const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
		offsets.forEach((offset, index) => expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`));
	});

	it('sends: EmailStatus EmailSent, DeliveryInfo, BillEmail overwritten by sendTo; no address → 6420', async () => {
		const invoice = (await qbo.post('/invoice', invoiceBody({ BillEmail: { Address: 'old@acme.example' } }))).body.Invoice;
		const sent = await qbo.raw('POST', `/v3/company/${sim.realmId}/invoice/${invoice.Id}/send?sendTo=${encodeURIComponent('new@acme.example')}`, '', { headers: { 'content-type': 'application/octet-stream' } });
		expect(sent.status).toBe(200);
		expect(sent.body.Invoice).toMatchObject({ EmailStatus: 'EmailSent', BillEmail: { Address: 'new@acme.example' }, DeliveryInfo: { DeliveryType: 'Email' }, SyncToken: '1' });
		const bare = (await qbo.post('/invoice', invoiceBody())).body.Invoice;
		const refused = await qbo.post(`/invoice/${bare.Id}/send`);
		expect(faultOf(refused.body).code).toBe('6420');
	});
});

describe('read-modify-write (§1.5): a record read back and sent as a full update stays the same', () => {
	it.each([
		['customer', 'Customer', () => ({ DisplayName: 'Round Trip Ltd', CompanyName: 'Round Trip Ltd', PrimaryEmailAddr: { Address: 'rt@example.com' }, SalesTermRef: { value: '2' } })],
		['vendor', 'Vendor', () => ({ DisplayName: 'Round Trip Supplies', AcctNum: 'V-7' })],
		['item', 'Item', () => ({ Name: 'Round trip item', Type: 'Service', IncomeAccountRef: { value: accounts.services }, UnitPrice: 19.99, Sku: 'RT-1' })],
		['account', 'Account', () => ({ Name: 'Round trip fees', AccountType: 'Expense', AccountSubType: 'BankCharges' })],
		['invoice', 'Invoice', () => ({
			...invoiceBody({ DocNumber: 'RT-1', BillEmail: { Address: 'ap@acme.example' }, CustomField: [{ DefinitionId: '2', StringValue: 'Jo' }] }, { qty: 3, price: 33.335, amount: 100.01 }),
			Line: [
				...(invoiceBody({}, { qty: 3, price: 33.335, amount: 100.01 }).Line as unknown[]),
				{ DetailType: 'SalesItemLineDetail', Amount: 50, SalesItemLineDetail: { ItemRef: { value: items.softwareLicense }, Qty: 1, UnitPrice: 50, TaxCodeRef: { value: 'TAX' } } },
				{ DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: true, DiscountPercent: 5 } },
			],
		})],
		['salesreceipt', 'SalesReceipt', () => invoiceBody({ DocNumber: 'RT-SR' })],
		['creditmemo', 'CreditMemo', () => invoiceBody({ DocNumber: 'RT-CM' })],
		['refundreceipt', 'RefundReceipt', () => invoiceBody({ DepositToAccountRef: { value: accounts.undepositedFunds } })],
		['purchase', 'Purchase', () => ({
			PaymentType: 'Cash', AccountRef: { value: accounts.checking }, EntityRef: { value: vendors.stripe, type: 'Vendor' },
			Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 3.5, AccountBasedExpenseLineDetail: { AccountRef: { value: accounts.merchantFees } } }],
		})],
	])('%s', async (resource, entity, body) => {
		const created = (await qbo.post(`/${resource}`, body())).body[entity];
		expect(created).toBeDefined();
		const read = (await qbo.get(`/${resource}/${created.Id}`)).body[entity];
		const updated = await qbo.post(`/${resource}?operation=update`, { ...read, sparse: false });
		expect(updated.status).toBe(200);
		const strip = (record: any) => ({ ...record, SyncToken: undefined, MetaData: undefined });
		expect(strip(updated.body[entity])).toEqual(strip(read));
		expect(updated.body[entity].SyncToken).toBe(String(Number(read.SyncToken) + 1));
	});

	it('payment', async () => {
		const invoice = (await qbo.post('/invoice', invoiceBody())).body.Invoice;
		const created = (await qbo.post('/payment', { CustomerRef: { value: customers.acme }, TotalAmt: 60, PaymentMethodRef: { value: '3' }, Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] })).body.Payment;
		const read = (await qbo.get(`/payment/${created.Id}`)).body.Payment;
		const updated = (await qbo.post('/payment?operation=update', read)).body.Payment;
		expect({ ...updated, SyncToken: undefined, MetaData: undefined }).toEqual({ ...read, SyncToken: undefined, MetaData: undefined });
		expect(sim.store.get('Invoice', invoice.Id)?.Balance).toBe(60);
	});
});
