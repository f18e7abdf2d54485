/**
 * HubSpot's documented REST calls (hubspot.md §1–§5), sent as plain HTTP with fetch, against the HubSpot
 * simulator: search with filter groups and sorts, paging, batch read with propertiesWithHistory, v4
 * associations, the properties API, the same object calls under their date-versioned paths (§0.1, §1.2),
 * and HubSpot's error shape (status, message, correlationId, category; §5.2) on every error, 404 included.
 * Prints the table client × call → outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot';
import { ConformanceTable, type Outcome } from './table';

const CLIENT = 'HubSpot REST (fetch)';
const table = new ConformanceTable('HubSpot documented REST calls against the HubSpot simulator');
let sim: HubSpotSimulator;

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: any,
	) {
		super(`HTTP ${status}: ${JSON.stringify(body)}`);
	}
}

async function http(method: string, path: string, body?: unknown, token: string | null = sim.token): Promise<any> {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	const parsed = text ? JSON.parse(text) : undefined;
	if (response.status >= 400) throw new HttpError(response.status, parsed);
	return parsed;
}

/** Every error answer is HubSpot's shape (§5.2); the fault names status and category. */
function faultOf(error: unknown): string | undefined {
	if (!(error instanceof HttpError)) return undefined;
	expect(error.body).toMatchObject({ status: 'error', message: expect.any(String), correlationId: expect.any(String) });
	return `${error.status} ${error.body.category ?? error.body.policyName}`;
}

function check<T = any>(name: string, expected: Outcome, run: () => Promise<T>): Promise<T | undefined> {
	return table.check(CLIENT, name, expected, run, faultOf);
}

beforeAll(async () => {
	// Shapes, paging and error bodies are what this suite compares; limits and index lag (the realistic profile)
	// have their own tests (sandbox/hubspot/ratelimit.test.ts, sandbox/profile.test.ts).
	sim = await startHubSpotSimulator({ rateLimits: false, indexLagMs: 0, latencyMs: [0, 0] });
	sim.seed({ invoices: 60, seed: 3 });
});

afterAll(async () => {
	table.print();
	await sim.close();
});

const openInvoices = {
	filterGroups: [{ filters: [{ propertyName: 'hs_invoice_status', operator: 'EQ', value: 'open' }] }],
	sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
	properties: ['hs_invoice_status', 'hs_amount_billed', 'hs_currency'],
	limit: 10,
};

describe.each([
	['v3', '/crm/v3/objects'],
	['2026-03', '/crm/objects/2026-03'],
])('objects under %s paths', (label, base) => {
	it('searches with filter groups and sorts, and pages through with after', async () => {
		const first = await check(`${label} POST ${base}/invoices/search (filterGroups, sorts)`, 'ok', () => http('POST', `${base}/invoices/search`, openInvoices));
		expect(first.total).toBeGreaterThan(10);
		expect(first.results.every((invoice: any) => invoice.properties.hs_invoice_status === 'open')).toBe(true);
		const seen = [...first.results];
		let after = first.paging?.next?.after;
		while (after) {
			const page = await http('POST', `${base}/invoices/search`, { ...openInvoices, after });
			seen.push(...page.results);
			after = page.paging?.next?.after;
		}
		expect(seen).toHaveLength(first.total);
		const stamps = seen.map((invoice: any) => Date.parse(invoice.properties.hs_lastmodifieddate));
		expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);

		// Two filter groups are ORed (hubspot.md §4.1).
		const either = await check(`${label} search (two filterGroups = OR)`, 'ok', () =>
			http('POST', `${base}/invoices/search`, {
				filterGroups: [
					{ filters: [{ propertyName: 'hs_invoice_status', operator: 'EQ', value: 'paid' }] },
					{ filters: [{ propertyName: 'hs_invoice_status', operator: 'EQ', value: 'voided' }] },
				],
				properties: ['hs_invoice_status'],
				limit: 100,
			}),
		);
		expect(new Set(either.results.map((invoice: any) => invoice.properties.hs_invoice_status))).toEqual(new Set(['paid', 'voided']));
	});

	it('lists with paging, reads one with propertiesWithHistory and batch-reads with propertiesWithHistory', async () => {
		const list = await check(`${label} GET ${base}/invoices?limit=5`, 'ok', () => http('GET', `${base}/invoices?limit=5&properties=hs_currency`));
		expect(list.results).toHaveLength(5);
		const next = await check(`${label} GET ${base}/invoices?after=…`, 'ok', () => http('GET', `${base}/invoices?limit=5&after=${list.paging.next.after}`));
		expect(next.results[0].id).not.toBe(list.results[0].id);
		const id = list.results[0].id;
		const one = await check(`${label} GET ${base}/invoices/{id}?propertiesWithHistory`, 'ok', () =>
			http('GET', `${base}/invoices/${id}?properties=hs_invoice_status&propertiesWithHistory=hs_invoice_status`),
		);
		expect(one.propertiesWithHistory.hs_invoice_status.length).toBeGreaterThan(0);
		const batch = await check(`${label} POST ${base}/invoices/batch/read (propertiesWithHistory)`, 'ok', () =>
			http('POST', `${base}/invoices/batch/read`, {
				inputs: list.results.map((invoice: any) => ({ id: invoice.id })),
				properties: ['hs_invoice_status'],
				propertiesWithHistory: ['hs_invoice_status'],
			}),
		);
		expect(batch.status).toBe('COMPLETE');
		expect(batch.results).toHaveLength(5);
		expect(batch.results.every((invoice: any) => invoice.propertiesWithHistory.hs_invoice_status[0].value)).toBe(true);
	});

	it('creates, updates and archives a contact', async () => {
		const created = await check(`${label} POST ${base}/contacts`, 'ok', () => http('POST', `${base}/contacts`, { properties: { email: `rest-${label}@example.com`, firstname: 'Rest' } }));
		const updated = await check(`${label} PATCH ${base}/contacts/{id}`, 'ok', () => http('PATCH', `${base}/contacts/${created.id}`, { properties: { lastname: 'Client' } }));
		expect(updated.properties.lastname).toBe('Client');
		await check(`${label} DELETE ${base}/contacts/{id}`, 'ok', () => http('DELETE', `${base}/contacts/${created.id}`));
		await check(`${label} GET ${base}/contacts/{archived id}`, 'fault 404 OBJECT_NOT_FOUND', () => http('GET', `${base}/contacts/${created.id}`));
	});

	it('answers errors in HubSpot shape: unknown id 404, unknown filter property 400, no token 401', async () => {
		await check(`${label} GET ${base}/invoices/999999999`, 'fault 404 OBJECT_NOT_FOUND', () => http('GET', `${base}/invoices/999999999`));
		await check(`${label} search on an unknown property`, 'fault 400 VALIDATION_ERROR', () =>
			http('POST', `${base}/invoices/search`, { filterGroups: [{ filters: [{ propertyName: 'no_such_property', operator: 'EQ', value: 'x' }] }] }),
		);
		await check(`${label} search after + limit > 10,000`, 'fault 400 VALIDATION_ERROR', () => http('POST', `${base}/invoices/search`, { ...openInvoices, after: '9995' }));
		await check(`${label} GET ${base}/invoices without a token`, 'fault 401 INVALID_AUTHENTICATION', () => http('GET', `${base}/invoices`, undefined, null));
	});
});

describe('associations v4, properties API and routes HubSpot does not have', () => {
	it('reads associations in batch and per record, and creates a default association', async () => {
		const invoices = (await http('GET', '/crm/v3/objects/invoices?limit=3')).results;
		const batch = await check('POST /crm/v4/associations/invoices/contacts/batch/read', 'ok', () =>
			http('POST', '/crm/v4/associations/invoices/contacts/batch/read', { inputs: invoices.map((invoice: any) => ({ id: invoice.id })) }),
		);
		expect(batch.results.length).toBeGreaterThan(0);
		expect(batch.results[0].to[0]).toMatchObject({ toObjectId: expect.anything(), associationTypes: expect.any(Array) });
		const lines = await check('GET /crm/v4/objects/invoices/{id}/associations/line_items', 'ok', () => http('GET', `/crm/v4/objects/invoices/${invoices[0].id}/associations/line_items`));
		expect(lines.results.length).toBeGreaterThan(0);
		const contact = await http('POST', '/crm/v3/objects/contacts', { properties: { email: 'assoc@example.com' } });
		await check('PUT /crm/v4/objects/invoices/{id}/associations/default/contacts/{id}', 'ok', () =>
			http('PUT', `/crm/v4/objects/invoices/${invoices[0].id}/associations/default/contacts/${contact.id}`),
		);
		const after = await http('GET', `/crm/v4/objects/invoices/${invoices[0].id}/associations/contacts`);
		expect(after.results.map((row: any) => String(row.toObjectId))).toContain(String(contact.id));
	});

	it('lists, reads and creates properties and property groups', async () => {
		const all = await check('GET /crm/v3/properties/invoices', 'ok', () => http('GET', '/crm/v3/properties/invoices'));
		expect(all.results.map((property: any) => property.name)).toContain('hs_invoice_status');
		const status = await check('GET /crm/v3/properties/invoices/hs_invoice_status', 'ok', () => http('GET', '/crm/v3/properties/invoices/hs_invoice_status'));
		expect(status.options.map((option: any) => option.value)).toEqual(expect.arrayContaining(['draft', 'open', 'paid', 'voided']));
		await check('POST /crm/v3/properties/invoices/groups', 'ok', () => http('POST', '/crm/v3/properties/invoices/groups', { name: 'rest_sync', label: 'REST sync' }));
		const created = await check('POST /crm/v3/properties/invoices', 'ok', () =>
			http('POST', '/crm/v3/properties/invoices', { name: 'rest_sync_status', label: 'REST sync status', type: 'string', fieldType: 'text', groupName: 'rest_sync' }),
		);
		expect(created.name).toBe('rest_sync_status');
		await check('GET /crm/v3/properties/invoices/no_such_property', 'fault 404 OBJECT_NOT_FOUND', () => http('GET', '/crm/v3/properties/invoices/no_such_property'));
	});

	it('answers a path with no route, and an unknown date version, with a HubSpot 404', async () => {
		await check('GET /crm/objects/2019-01/invoices (unknown version)', 'fault 404 OBJECT_NOT_FOUND', () => http('GET', '/crm/objects/2019-01/invoices'));
		await check('GET /crm/v3/no/such/route', 'fault 404 OBJECT_NOT_FOUND', () => http('GET', '/crm/v3/no/such/route'));
	});

	it('shows every call as expected in the table', () => {
		expect(table.mismatches()).toEqual([]);
	});
});
