import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call, manualClock, simpleInvoice } from './testing';

const clock = manualClock();
let sim: HubSpotSimulator;

beforeAll(async () => {
	sim = await startHubSpotSimulator({ now: clock.now });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
	sim.setIndexLag(0);
	clock.set(Date.UTC(2026, 0, 15, 12, 0, 0));
});

async function search(type: string, body: unknown) {
	return call(sim, 'POST', `/crm/v3/objects/${type}/search`, body);
}

async function ids(type: string, body: Record<string, unknown>): Promise<string[]> {
	const response = await search(type, { limit: 200, ...body });
	expect(response.status).toBe(200);
	return response.body.results.map((record: any) => record.id);
}

function filter(propertyName: string, operator: string, extra: Record<string, unknown> = {}) {
	return { filterGroups: [{ filters: [{ propertyName, operator, ...extra }] }] };
}

/** Three invoices: 10.00 open, 25.50 paid, 100.00 draft, created one minute apart. */
function threeInvoices() {
	const small = simpleInvoice(sim, [{ price: '10.00' }]);
	sim.setInvoiceStatus(small.id, 'open');
	clock.advance(60_000);
	const medium = simpleInvoice(sim, [{ price: '25.50' }]);
	sim.setInvoiceStatus(medium.id, 'paid');
	clock.advance(60_000);
	const large = simpleInvoice(sim, [{ price: '100.00' }]);
	return { small: small.id, medium: medium.id, large: large.id };
}

describe('operators (hubspot.md §4.1)', () => {
	it('EQ, NEQ, LT, LTE, GT, GTE on numbers compare by value, not text', async () => {
		const { small, medium, large } = threeInvoices();
		expect(await ids('invoices', filter('hs_amount_billed', 'EQ', { value: '25.5' }))).toEqual([medium]);
		expect(await ids('invoices', filter('hs_amount_billed', 'NEQ', { value: '25.50' }))).toEqual([small, large]);
		expect(await ids('invoices', filter('hs_amount_billed', 'LT', { value: '25.50' }))).toEqual([small]);
		expect(await ids('invoices', filter('hs_amount_billed', 'LTE', { value: '25.50' }))).toEqual([small, medium]);
		// "100.00" > "25.50" as a number although not as text.
		expect(await ids('invoices', filter('hs_amount_billed', 'GT', { value: '25.50' }))).toEqual([large]);
		expect(await ids('invoices', filter('hs_amount_billed', 'GTE', { value: 10 }))).toEqual([small, medium, large]);
	});

	it('BETWEEN uses value and highValue, inclusive', async () => {
		const { small, medium } = threeInvoices();
		expect(await ids('invoices', filter('hs_amount_billed', 'BETWEEN', { value: '10', highValue: '25.50' }))).toEqual([small, medium]);
	});

	it('dates compare numerically as epoch-ms strings or ISO (hubspot.md §4.4)', async () => {
		const { medium, large } = threeInvoices();
		const cutoff = Date.UTC(2026, 0, 15, 12, 1, 0);
		expect(await ids('invoices', filter('hs_createdate', 'GTE', { value: String(cutoff) }))).toEqual([medium, large]);
		expect(await ids('invoices', filter('hs_createdate', 'GTE', { value: new Date(cutoff).toISOString() }))).toEqual([medium, large]);
		expect(await ids('invoices', filter('hs_createdate', 'BETWEEN', { value: String(cutoff), highValue: String(cutoff + 1) }))).toEqual([medium]);
	});

	it('IN and NOT_IN take values; enumeration values are case-sensitive (hubspot.md §4.1)', async () => {
		const { small, medium, large } = threeInvoices();
		expect(await ids('invoices', filter('hs_invoice_status', 'IN', { values: ['open', 'paid'] }))).toEqual([small, medium]);
		expect(await ids('invoices', filter('hs_invoice_status', 'IN', { values: ['Open', 'PAID'] }))).toEqual([]);
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'Paid' }))).toEqual([]);
		expect(await ids('invoices', filter('hs_invoice_status', 'NOT_IN', { values: ['open', 'paid'] }))).toEqual([large]);
	});

	it('IN on a string property needs lowercase values (hubspot.md §4.1)', async () => {
		const contact = sim.createObject('contacts', { email: 'Ada@Example.com' });
		expect(await ids('contacts', filter('email', 'IN', { values: ['ada@example.com'] }))).toEqual([contact.id]);
		expect(await ids('contacts', filter('email', 'IN', { values: ['Ada@Example.com'] }))).toEqual([]);
		expect(await ids('contacts', filter('email', 'EQ', { value: 'ADA@example.com' }))).toEqual([contact.id]);
	});

	it('HAS_PROPERTY and NOT_HAS_PROPERTY', async () => {
		const { small, medium, large } = threeInvoices();
		sim.updateProperties('invoices', medium, { hs_purchase_order_number: 'PO-1' });
		expect(await ids('invoices', filter('hs_purchase_order_number', 'HAS_PROPERTY'))).toEqual([medium]);
		expect(await ids('invoices', filter('hs_purchase_order_number', 'NOT_HAS_PROPERTY'))).toEqual([small, large]);
	});

	it('CONTAINS_TOKEN matches whole tokens, with * as wildcard; NOT_CONTAINS_TOKEN negates', async () => {
		const ada = sim.createObject('contacts', { email: 'ada@hubspot.com', firstname: 'Ada Grace' });
		const alan = sim.createObject('contacts', { email: 'alan@example.org', firstname: 'Alan' });
		expect(await ids('contacts', filter('firstname', 'CONTAINS_TOKEN', { value: 'grace' }))).toEqual([ada.id]);
		expect(await ids('contacts', filter('firstname', 'CONTAINS_TOKEN', { value: 'gra' }))).toEqual([]);
		expect(await ids('contacts', filter('email', 'CONTAINS_TOKEN', { value: '*@hubspot.com' }))).toEqual([ada.id]);
		expect(await ids('contacts', filter('firstname', 'CONTAINS_TOKEN', { value: 'al*' }))).toEqual([alan.id]);
		expect(await ids('contacts', filter('email', 'NOT_CONTAINS_TOKEN', { value: '*@hubspot.com' }))).toEqual([alan.id]);
	});

	it('filters in a group are ANDed, groups are ORed', async () => {
		const { small, medium, large } = threeInvoices();
		const and = {
			filterGroups: [{ filters: [
				{ propertyName: 'hs_invoice_status', operator: 'IN', values: ['open', 'paid'] },
				{ propertyName: 'hs_amount_billed', operator: 'GT', value: '20' },
			] }],
		};
		expect(await ids('invoices', and)).toEqual([medium]);
		const or = {
			filterGroups: [
				{ filters: [{ propertyName: 'hs_invoice_status', operator: 'EQ', value: 'open' }] },
				{ filters: [{ propertyName: 'hs_amount_billed', operator: 'GTE', value: '100' }] },
			],
		};
		expect(await ids('invoices', or)).toEqual([small, large]);
	});

	it('filters on associations.{objectType} (hubspot.md §4.1)', async () => {
		const invoice = simpleInvoice(sim);
		simpleInvoice(sim);
		expect(await ids('invoices', filter('associations.contact', 'EQ', { value: invoice.contactIds[0] }))).toEqual([invoice.id]);
	});

	it('free-text query over the default searchable properties', async () => {
		const invoice = simpleInvoice(sim);
		simpleInvoice(sim);
		expect(await ids('invoices', { query: invoice.number })).toEqual([invoice.id]);
	});
});

describe('rejections (hubspot.md §4.2)', () => {
	const group = (count: number) => ({ filters: Array.from({ length: count }, () => ({ propertyName: 'hs_currency', operator: 'EQ', value: 'USD' })) });

	it('400 for more than five filterGroups', async () => {
		expect((await search('invoices', { filterGroups: Array.from({ length: 5 }, () => group(1)) })).status).toBe(200);
		const response = await search('invoices', { filterGroups: Array.from({ length: 6 }, () => group(1)) });
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
	});

	it('400 for more than six filters in a group', async () => {
		expect((await search('invoices', { filterGroups: [group(6)] })).status).toBe(200);
		expect((await search('invoices', { filterGroups: [group(7)] })).status).toBe(400);
	});

	it('400 for more than 18 filters in total', async () => {
		expect((await search('invoices', { filterGroups: [group(6), group(6), group(6)] })).status).toBe(200);
		expect((await search('invoices', { filterGroups: [group(5), group(5), group(5), group(4)] })).status).toBe(400);
	});

	it('400 for a limit above 200', async () => {
		expect((await search('invoices', { limit: 200 })).status).toBe(200);
		const response = await search('invoices', { limit: 201 });
		expect(response.status).toBe(400);
		expect(response.body.category).toBe('VALIDATION_ERROR');
	});

	it('400 for more than one sort (hubspot.md §4.1 "Only one sorting rule")', async () => {
		const response = await search('invoices', { sorts: [{ propertyName: 'hs_createdate', direction: 'ASCENDING' }, { propertyName: 'hs_object_id', direction: 'ASCENDING' }] });
		expect(response.status).toBe(400);
	});

	it('400 for a query longer than 3,000 characters', async () => {
		expect((await search('invoices', { query: 'x'.repeat(3000) })).status).toBe(200);
		expect((await search('invoices', { query: 'x'.repeat(3001) })).status).toBe(400);
	});

	it('400 for malformed filters: unknown operator, unknown property, IN without values, BETWEEN without highValue, bad number, bad after', async () => {
		const bad = [
			filter('hs_amount_billed', 'ABOUT', { value: '1' }),
			filter('hs_no_such_thing', 'EQ', { value: '1' }),
			filter('hs_invoice_status', 'IN', { value: 'open' }),
			filter('hs_amount_billed', 'BETWEEN', { value: '1' }),
			filter('hs_amount_billed', 'GT', { value: 'ten' }),
			filter('hs_createdate', 'GT', { value: 'yesterday' }),
			filter('hs_amount_billed', 'EQ'),
			{ after: 'abc' },
			{ sorts: [{ propertyName: 'hs_nope', direction: 'ASCENDING' }] },
		];
		for (const body of bad) expect({ body, status: (await search('invoices', body)).status }).toEqual({ body, status: 400 });
	});
});

describe('sorting and paging (hubspot.md §4.1, §4.2)', () => {
	it('sorts by one property both ways, in object and "-prop" string form; ties by hs_object_id', async () => {
		const { small, medium, large } = threeInvoices();
		sim.setLastModified('invoices', small, Date.UTC(2026, 0, 1));
		sim.setLastModified('invoices', medium, Date.UTC(2026, 0, 1));
		sim.setLastModified('invoices', large, Date.UTC(2025, 11, 31));
		expect(await ids('invoices', { sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }] })).toEqual([large, small, medium]);
		expect(await ids('invoices', { sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }] })).toEqual([small, medium, large]);
		expect(await ids('invoices', { sorts: ['-hs_amount_billed'] })).toEqual([large, medium, small]);
		expect(await ids('invoices', { sorts: ['hs_amount_billed'] })).toEqual([small, medium, large]);
	});

	it('pages with integer `after`, reports the total, and gives paging.next only while more remain', async () => {
		const created = Array.from({ length: 25 }, (_, index) => sim.createObject('contacts', { email: `p${index}@example.com` }).id);
		const first = await search('contacts', {});
		expect(first.body.total).toBe(25);
		expect(first.body.results).toHaveLength(10);
		expect(first.body.paging.next.after).toBe('10');
		const last = await search('contacts', { after: '20', limit: 10 });
		expect(last.body.results.map((record: any) => record.id)).toEqual(created.slice(20));
		expect(last.body.paging).toBeUndefined();
		expect((await search('contacts', { limit: 5, after: 20 })).body.paging).toBeUndefined();
	});

	it('returns the asked-for properties plus the defaults, and no rate-limit headers', async () => {
		const invoice = simpleInvoice(sim);
		const response = await search('invoices', { properties: ['hs_number', 'hs_balance_due'] });
		expect(Object.keys(response.body.results[0].properties).sort()).toEqual(['hs_balance_due', 'hs_createdate', 'hs_lastmodifieddate', 'hs_number', 'hs_object_id']);
		expect(response.body.results[0].properties.hs_number).toBe(invoice.number);
		expect(response.headers.get('x-hubspot-ratelimit-max')).toBeNull();
	});

	it('400 when paging beyond 10,000 results, even though more match', async () => {
		for (let index = 0; index < 10_050; index += 1) sim.store.create('contacts', { email: `bulk${index}@example.com` });
		const near = await search('contacts', { limit: 200, after: '9800' });
		expect(near.status).toBe(200);
		expect(near.body.total).toBe(10_050);
		expect(near.body.paging.next.after).toBe('10000');
		const beyond = await search('contacts', { limit: 200, after: near.body.paging.next.after });
		expect(beyond.status).toBe(400);
		expect(beyond.body.category).toBe('VALIDATION_ERROR');
		expect((await search('contacts', { limit: 100, after: '9901' })).status).toBe(400);
	});
});

describe('index lag (hubspot.md §4.2 "It may take a few moments")', () => {
	it('a new record shows in search only after the lag; get sees it at once', async () => {
		sim.setIndexLag(2_000);
		const invoice = simpleInvoice(sim);
		expect((await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}`)).status).toBe(200);
		expect(await ids('invoices', {})).toEqual([]);
		clock.advance(1_999);
		expect(await ids('invoices', {})).toEqual([]);
		clock.advance(1);
		expect(await ids('invoices', {})).toEqual([invoice.id]);
	});

	it('until the lag passes, search sees the previous version; batch read sees the latest', async () => {
		const invoice = simpleInvoice(sim);
		sim.setIndexLag(5_000);
		clock.advance(1_000);
		sim.setInvoiceStatus(invoice.id, 'open');
		const stale = await search('invoices', { ...filter('hs_invoice_status', 'EQ', { value: 'draft' }), properties: ['hs_invoice_status'] });
		expect(stale.body.results.map((record: any) => [record.id, record.properties.hs_invoice_status])).toEqual([[invoice.id, 'draft']]);
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'open' }))).toEqual([]);
		const fresh = await call(sim, 'POST', '/crm/v3/objects/invoices/batch/read', { inputs: [{ id: invoice.id }], properties: ['hs_invoice_status'] });
		expect(fresh.body.results[0].properties.hs_invoice_status).toBe('open');
		clock.advance(5_000);
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'open' }))).toEqual([invoice.id]);
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'draft' }))).toEqual([]);
	});

	it('the lag counts from the write\'s modification time: a write back-dated past the lag is already searchable', async () => {
		const invoice = simpleInvoice(sim);
		sim.setIndexLag(2_000);
		sim.setInvoiceStatus(invoice.id, 'open', { at: clock.now() - 2_000 });
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'open' }))).toEqual([invoice.id]);
		sim.setInvoiceStatus(invoice.id, 'voided', { at: clock.now() - 1_500 });
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'voided' }))).toEqual([]);
		clock.advance(500);
		expect(await ids('invoices', filter('hs_invoice_status', 'EQ', { value: 'voided' }))).toEqual([invoice.id]);
	});

	it('archived records leave search after the lag (hubspot.md §4.2 "Archived CRM objects won\'t appear")', async () => {
		const invoice = simpleInvoice(sim);
		sim.setIndexLag(1_000);
		await call(sim, 'DELETE', `/crm/v3/objects/invoices/${invoice.id}`);
		expect(await ids('invoices', {})).toEqual([invoice.id]);
		clock.advance(1_000);
		expect(await ids('invoices', {})).toEqual([]);
	});
});
