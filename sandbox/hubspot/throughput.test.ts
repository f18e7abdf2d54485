import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';

/** A mixed load of thousands of calls, many at once: every one answered correctly. How fast is a benchmark's
 * question, not a test's; this test asserts only what was answered. */

let sim: HubSpotSimulator;
let invoiceIds: string[];
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

beforeAll(async () => {
	sim = await startHubSpotSimulator();
	invoiceIds = sim.seed({ invoices: 1000 }).invoiceIds;
});
afterAll(async () => {
	agent.destroy();
	await sim.close();
});

function request(method: string, path: string, body?: unknown): Promise<number> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = http.request(
			`${sim.url}${path}`,
			{ method, agent, headers: { authorization: `Bearer ${sim.token}`, ...(payload ? { 'content-type': 'application/json' } : {}) } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

describe('throughput', () => {
	it('answers every call of a mixed load of reads, batch reads and searches', async () => {
		const calls: Array<() => Promise<number>> = [];
		for (let index = 0; index < 3000; index += 1) {
			const id = invoiceIds[index % invoiceIds.length];
			if (index % 50 === 0) {
				calls.push(() => request('POST', '/crm/v3/objects/invoices/search', { filterGroups: [{ filters: [{ propertyName: 'hs_invoice_status', operator: 'EQ', value: 'paid' }] }], limit: 100 }));
			} else if (index % 10 === 0) {
				calls.push(() => request('POST', '/crm/v3/objects/invoices/batch/read', { inputs: invoiceIds.slice(0, 50).map((value) => ({ id: value })), properties: ['hs_number', 'hs_balance_due'] }));
			} else {
				calls.push(() => request('GET', `/crm/v3/objects/invoices/${id}?properties=hs_number,hs_amount_billed&associations=line_items`));
			}
		}
		const statuses = await Promise.all(calls.map((run) => run()));
		expect(statuses).toHaveLength(3000);
		expect(statuses.every((status) => status === 200)).toBe(true);
	});
});
