/**
 * Look-up queries stay within what servers accept in a request line, whatever the alphabet: names are
 * looked up in IN lists bounded by their URL-encoded size (a Japanese character is nine bytes encoded),
 * and a query too long for the URL goes as a POST body (Content-Type application/text, quickbooks.md §1.3).
 * Through n8n-core against both simulators; the simulator's HTTP server refuses an oversized request
 * line with 431, as Node's and most front servers do.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { qboClient } from '../../../sandbox/quickbooks/testing';
import { MAX_QUERY_URL_BYTES } from '../../../transport/quickbooks/client';
import { NODE_NAME, useInvoiceSyncTestbed } from '../sync/invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

const COMPANY_WORDS = ['さくら', 'ひかり', 'みどり', 'あおぞら', 'こだま', 'はやぶさ', 'つばめ', 'やまびこ', 'なぎさ', 'かがやき'];

/** Distinct Japanese company names, about 20 characters (180 bytes once percent-encoded) each. */
function japaneseCompanyName(index: number): string {
	return `株式会社${COMPANY_WORDS[index % COMPANY_WORDS.length]}${COMPANY_WORDS[Math.floor(index / 10) % 10]}商事第${index}営業所`;
}

/** The encoded size of each query's request line as the simulator received it. */
function queryUrlSizes(): number[] {
	return bed.qb
		.apiCalls(/\/query$/, 'GET')
		.map((call) => `${call.path}?${new URLSearchParams(call.query).toString()}`.length);
}

describe('look-ups of non-ASCII names', () => {
	it('150 invoices billed to Japanese companies without email: every customer found or created, no oversized query', async () => {
		const count = 150;
		const names = Array.from({ length: count }, (_, index) => japaneseCompanyName(index));
		const invoices = names.map((name) => bed.invoice({ contacts: [{ firstname: '太郎', lastname: '山田' }], companies: [{ name }] }));
		bed.clearLogs();

		const result = await bed.run({}, invoices.map((invoice) => ({ json: { id: invoice.id } })), { continueOnFail: true });
		const failed = result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
		const synced = result.output(NODE_NAME, 0).map((item) => item.json);

		expect(failed).toEqual([]);
		expect(synced.map((item) => item.action)).toEqual(names.map(() => 'created'));
		for (const name of names) expect(bed.qboCustomers().filter((customer) => customer.DisplayName === name)).toHaveLength(1);
		expect(bed.qboInvoices()).toHaveLength(count);

		const statuses = bed.qb.apiCalls().map((call) => call.status);
		expect(statuses.filter((status) => status === 431 || status === 414)).toEqual([]);
		// The names needed more than one list: each stayed well inside the 8 KB servers commonly accept.
		const sizes = queryUrlSizes();
		expect(sizes.length).toBeGreaterThan(1);
		expect(Math.max(...sizes)).toBeLessThan(8 * 1024);
		// Split into lists, not rescued by the POST form.
		expect(bed.qb.apiCalls(/\/query$/, 'POST')).toEqual([]);
	}, 120_000);

	it('a query too long for a URL (a typed WHERE with many names) goes as a POST body and is answered', async () => {
		const names = Array.from({ length: 120 }, (_, index) => japaneseCompanyName(index));
		const where = `DisplayName IN (${names.map((name) => `'${name}'`).join(', ')})`;
		expect(encodeURIComponent(where).length).toBeGreaterThan(MAX_QUERY_URL_BYTES);

		const created = await qboClient(bed.qb.sim).post('/customer?minorversion=75', { DisplayName: names[77] });
		expect(created.status).toBe(200);
		bed.clearLogs();

		const result = await bed.qb.run({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { where } });
		expect(result.error(NODE_NAME)).toBeUndefined();
		expect(result.output(NODE_NAME).map((item) => item.json.DisplayName)).toEqual([names[77]]);

		const [query] = bed.qb.apiCalls(/\/query$/);
		expect(query).toMatchObject({ method: 'POST', status: 200 });
		expect(String(query.body)).toMatch(/^SELECT \* FROM Customer WHERE DisplayName IN \('株式会社/);
	}, 30_000);
});
