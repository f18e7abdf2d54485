/** The query endpoint: quickbooks.md §1.4 and the per-entity rules of §15. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { faultOf, invoiceBody, qboClient, type QboTestClient } from './testing';

let sim: QuickBooksSimulator;
let qbo: QboTestClient;

beforeAll(async () => {
	sim = await startQuickBooksSimulator();
	qbo = qboClient(sim);
	// 150 more customers (default page size is 100) and a few invoices to filter.
	sim.seed({ customers: 150, invoices: 0 });
	for (const [docNumber, price, date] of [['Q-1', 100, '2026-09-01'], ['Q-2', 250, '2026-09-15'], ['Q-3', 75, '2026-10-01']] as const) {
		await qbo.post('/invoice', invoiceBody({ DocNumber: docNumber, TxnDate: date }, { qty: 1, price }));
	}
});
afterAll(() => sim.close());

const customerCount = 5 + 150;
const activeCustomers = customerCount - 1;

describe('escaping (§15.2)', () => {
	it("finds exactly O'Brien & Sons with a backslash-escaped quote", async () => {
		const response = await qbo.query("SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien & Sons'");
		expect(response.status).toBe(200);
		expect(response.body.QueryResponse.Customer.map((customer: any) => customer.DisplayName)).toEqual(["O'Brien & Sons"]);
		expect(response.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 1 });
	});

	it('refuses an unescaped quote with 4000 Error parsing query', async () => {
		const response = await qbo.query("SELECT * FROM Customer WHERE DisplayName = 'O'Brien & Sons'");
		expect(response.status).toBe(400);
		expect(faultOf(response.body)).toMatchObject({ code: '4000', Message: 'Error parsing query' });
		expect(faultOf(response.body).Detail).toContain('QueryParserError');
	});

	it('refuses a doubled quote too (only the backslash is documented)', async () => {
		const response = await qbo.query("SELECT * FROM Customer WHERE DisplayName = 'O''Brien & Sons'");
		expect(faultOf(response.body).code).toBe('4000');
	});
});

describe('filterable fields and operators (§15.1, §15.1b)', () => {
	it('refuses a field that is not filterable with 4001 "is not queryable"', async () => {
		for (const statement of [
			"SELECT * FROM Customer WHERE AcctNum = '1'",
			"SELECT * FROM Customer WHERE Notes = 'x'",
			"SELECT * FROM Vendor WHERE PrimaryEmailAddr = 'support@stripe.example'",
			'SELECT * FROM Invoice WHERE TotalAmt > 10',
			"SELECT * FROM Purchase WHERE AccountRef = '5'",
		]) {
			const response = await qbo.query(statement);
			expect(response.status).toBe(400);
			expect(faultOf(response.body)).toMatchObject({ code: '4001', Message: 'Invalid query' });
			expect(faultOf(response.body).Detail).toMatch(/QueryValidationError: property '.+' is not queryable/);
		}
	});

	it('names an unknown property "not found"', async () => {
		const response = await qbo.query("SELECT * FROM Customer WHERE Colour = 'red'");
		expect(faultOf(response.body).Detail).toBe('QueryValidationError: Property Colour not found for Entity Customer');
	});

	it('refuses operators the field type does not allow (4001)', async () => {
		expect(faultOf((await qbo.query('SELECT * FROM Customer WHERE Active > false')).body).code).toBe('4001');
		expect(faultOf((await qbo.query("SELECT * FROM Customer WHERE Balance LIKE '1%'")).body).code).toBe('4001');
		expect(faultOf((await qbo.query("SELECT * FROM Invoice WHERE CustomerRef > '1'")).body).code).toBe('4001');
	});

	it('supports =, <, >, <=, >=, IN and LIKE (% only), joined with AND', async () => {
		const like = await qbo.query("SELECT * FROM Customer WHERE DisplayName LIKE 'Acme%'");
		expect(like.body.QueryResponse.Customer.map((c: any) => c.DisplayName)).toEqual(['Acme Corporation']);
		const underscoreIsLiteral = await qbo.query("SELECT * FROM Customer WHERE DisplayName LIKE 'Acm_%'");
		expect(underscoreIsLiteral.body.QueryResponse).toEqual({});
		const byIds = await qbo.query("SELECT * FROM Customer WHERE Id IN ('1', '3')");
		expect(byIds.body.QueryResponse.Customer.map((c: any) => c.Id)).toEqual(['1', '3']);
		const range = await qbo.query("SELECT * FROM Invoice WHERE TxnDate >= '2026-09-01' AND TxnDate < '2026-10-01' AND Balance > 99.99");
		expect(range.body.QueryResponse.Invoice.map((i: any) => i.DocNumber)).toEqual(['Q-1', 'Q-2']);
		const byDocNumber = await qbo.query("SELECT * FROM Invoice WHERE DocNumber IN ('Q-2', 'Q-3')");
		expect(byDocNumber.body.QueryResponse.Invoice).toHaveLength(2);
		const byCustomer = await qbo.query(`SELECT * FROM Invoice WHERE CustomerRef = '${DEFAULT_COMPANY.customers.acme}'`);
		expect(byCustomer.body.QueryResponse.Invoice).toHaveLength(3);
		const byEmail = await qbo.query("SELECT * FROM Customer WHERE PrimaryEmailAddr = 'ap@acme.example'");
		expect(byEmail.body.QueryResponse.Customer[0].DisplayName).toBe('Acme Corporation');
		const byMeta = await qbo.query("SELECT * FROM Item WHERE MetaData.LastUpdatedTime > '2026-01-01T00:00:00-07:00'");
		expect(byMeta.body.QueryResponse.Item.length).toBeGreaterThan(0);
	});

	it('has no OR (4000) and no projections (4000)', async () => {
		expect(faultOf((await qbo.query("SELECT * FROM Customer WHERE DisplayName = 'a' OR DisplayName = 'b'")).body).code).toBe('4000');
		expect(faultOf((await qbo.query('SELECT Id, DisplayName FROM Customer')).body).code).toBe('4000');
	});

	it('matches names the way uniqueness does (§15.2): case-blind by default, exact under caseSensitiveNames', async () => {
		const own = await startQuickBooksSimulator();
		const client = qboClient(own);
		try {
			expect((await client.query("SELECT * FROM Customer WHERE DisplayName = 'acme corporation'")).body.QueryResponse.Customer).toHaveLength(1);
			expect((await client.query("SELECT * FROM Customer WHERE DisplayName LIKE '%acme%'")).body.QueryResponse.Customer).toHaveLength(1);
			expect(faultOf((await client.post('/customer', { DisplayName: 'acme corporation' })).body).code).toBe('6240');

			own.configure({ caseSensitiveNames: true });
			expect((await client.query("SELECT * FROM Customer WHERE DisplayName = 'acme corporation'")).body.QueryResponse).toEqual({});
			expect((await client.query("SELECT * FROM Customer WHERE DisplayName LIKE '%acme%'")).body.QueryResponse).toEqual({});
			const second = await client.post('/customer', { DisplayName: 'acme corporation' });
			expect(second.status).toBe(200);
			expect(faultOf((await client.post('/customer', { DisplayName: 'Acme Corporation' })).body).code).toBe('6240');
			const found = await client.query("SELECT * FROM Customer WHERE DisplayName = 'acme corporation'");
			expect(found.body.QueryResponse.Customer.map((c: any) => c.Id)).toEqual([second.body.Customer.Id]);
		} finally {
			await own.close();
		}
	});

	it('reads keywords, property names and entity names in any case (§15.2)', async () => {
		const lower = await qbo.query("select * from Customer where displayname = 'Globex Ltd' maxresults 5");
		expect(lower.body.QueryResponse.Customer).toHaveLength(1);
		const entity = await qbo.query('select * from customer startposition 1 maxresults 1000');
		expect(entity.body.QueryResponse.Customer.length).toBeGreaterThan(1);
		expect((await qbo.query('SELECT COUNT(*) FROM invoice')).body.QueryResponse).toEqual({ totalCount: expect.any(Number) });
		expect(faultOf((await qbo.query('SELECT * FROM Widget')).body).code).toBe('4001');
	});
});

describe('active records (§15.2)', () => {
	it('answers only active names unless Active is in the WHERE', async () => {
		const all = await qbo.query('SELECT COUNT(*) FROM Customer');
		expect(all.body.QueryResponse).toEqual({ totalCount: activeCustomers });
		const inactive = await qbo.query('SELECT * FROM Customer WHERE Active = false');
		expect(inactive.body.QueryResponse.Customer.map((c: any) => c.DisplayName)).toEqual(['Dormant Client']);
		const both = await qbo.query('SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)');
		expect(both.body.QueryResponse.totalCount).toBe(customerCount);
		const items = await qbo.query("SELECT * FROM Item WHERE Name = 'Legacy plan'");
		expect(items.body.QueryResponse).toEqual({});
	});
});

describe('paging and ordering (§1.4, §15.2)', () => {
	it('returns 100 by default, refuses MAXRESULTS above 1000, and pages with 1-based STARTPOSITION', async () => {
		const first = await qbo.query('SELECT * FROM Customer');
		expect(first.body.QueryResponse.Customer).toHaveLength(100);
		expect(first.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 100 });
		const tooMany = await qbo.query('SELECT * FROM Customer MAXRESULTS 1001');
		expect(faultOf(tooMany.body)).toMatchObject({ code: '4001' });
		expect(faultOf(tooMany.body).Detail).toBe('QueryValidationError: value 1001 is too large. Max allowed value is 1000');
		const ids: string[] = [];
		for (let start = 1; ; start += 60) {
			const page = await qbo.query(`SELECT * FROM Customer ORDERBY Id STARTPOSITION ${start} MAXRESULTS 60`);
			const rows = page.body.QueryResponse.Customer ?? [];
			if (rows.length === 0) break;
			expect(page.body.QueryResponse.startPosition).toBe(start);
			ids.push(...rows.map((c: any) => c.Id));
		}
		expect(ids).toHaveLength(activeCustomers);
		expect(new Set(ids).size).toBe(activeCustomers);
		expect(faultOf((await qbo.query('SELECT * FROM Customer STARTPOSITION 0')).body).code).toBe('4001');
	});

	it('orders by sortable fields only', async () => {
		const descending = await qbo.query('SELECT * FROM Invoice ORDERBY TxnDate DESC');
		expect(descending.body.QueryResponse.Invoice.map((i: any) => i.DocNumber)).toEqual(['Q-3', 'Q-2', 'Q-1']);
		const byBalance = await qbo.query('SELECT * FROM Invoice ORDER BY Balance');
		expect(byBalance.body.QueryResponse.Invoice.map((i: any) => i.Balance)).toEqual([75, 100, 250]);
		expect(faultOf((await qbo.query('SELECT * FROM Invoice ORDERBY CustomerRef')).body).Detail).toContain('not sortable');
		expect(faultOf((await qbo.query('SELECT * FROM Vendor ORDERBY Active')).body).code).toBe('4001');
	});

	it('answers an empty result as a QueryResponse without the entity key, and COUNT as totalCount', async () => {
		const none = await qbo.query("SELECT * FROM Invoice WHERE DocNumber = 'nope'");
		expect(none.body.QueryResponse).toEqual({});
		const count = await qbo.query("SELECT COUNT(*) FROM Invoice WHERE TxnDate >= '2026-09-02'");
		expect(count.body.QueryResponse).toEqual({ totalCount: 2 });
	});

	it('takes the statement as a POST body with Content-Type application/text (§1.3)', async () => {
		const response = await qbo.raw('POST', `/v3/company/${sim.realmId}/query?minorversion=75`, "SELECT * FROM Vendor WHERE DisplayName = 'Stripe'", { headers: { 'content-type': 'application/text' } });
		expect(response.body.QueryResponse.Vendor[0].Id).toBe(DEFAULT_COMPANY.vendors.stripe);
	});

	it('reads Preferences and CompanyInfo through the query (n8n loads custom fields this way)', async () => {
		const preferences = await qbo.query('SELECT * FROM Preferences');
		expect(preferences.body.QueryResponse.Preferences[0].SalesFormsPrefs.CustomField[1].CustomField[0].StringValue).toBe('PO Number');
		const info = await qbo.query('SELECT * FROM CompanyInfo');
		expect(info.body.QueryResponse.CompanyInfo).toHaveLength(1);
	});
});
