/**
 * A large book and a mixed load of calls, many at once: every write applied and every call answered
 * correctly. How fast is a benchmark's question, not a test's; these tests assert only outcomes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { invoiceBody, qboClient, type QboTestClient } from './testing';

let sim: QuickBooksSimulator;
let qbo: QboTestClient;
let invoiceIds: string[] = [];

beforeAll(async () => {
	sim = await startQuickBooksSimulator();
	qbo = qboClient(sim);
});
afterAll(() => sim.close());

describe('throughput', () => {
	it('books thousands of documents in process (the rules included)', () => {
		const result = sim.seed({ customers: 500, invoices: 3000, paidShare: 0.5 });
		invoiceIds = result.invoices;
		const writes = result.customers.length + result.invoices.length + result.payments.length;
		expect(writes).toBeGreaterThan(3500);
	});

	it('answers mixed HTTP traffic (creates, DocNumber queries, reads) on a large book', async () => {
		const invoicesBefore = sim.store.count('Invoice');
		await Promise.all(
			Array.from({ length: 8 }, async (_, worker) => {
				for (let index = 0; index < 100; index += 1) {
					const response = index % 4 === 0
						? await qbo.post('/invoice', invoiceBody({ DocNumber: `T-${worker}-${index}` }))
						: index % 4 === 1
							? await qbo.query(`SELECT * FROM Invoice WHERE DocNumber = 'T-${worker}-${index - 1}'`)
							: await qbo.get(`/invoice/${invoiceIds[(worker * 100 + index) % invoiceIds.length]}`);
					expect(response.status).toBe(200);
				}
			}),
		);
		// 8 workers × 25 creates, each applied exactly once.
		expect(sim.store.count('Invoice') - invoicesBefore).toBe(200);
	});
});
