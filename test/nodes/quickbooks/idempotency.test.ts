/**
 * A create sent twice makes one document: the connection drops after QuickBooks committed the write,
 * and the same create runs again (within the execution by the client's retry, and as a re-run). For
 * each way QuickBooks may treat the repeated requestid (replay, error 600, or ignoring it).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { EntityName } from '../../../sandbox/quickbooks/simulator';
import { expenseCreate, invoiceCreate, paymentCreate } from './fixtures';
import { useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });

interface Case {
	entity: EntityName;
	path: string;
	parameters: () => Promise<IDataObject>;
}

async function openInvoice(): Promise<string> {
	const [invoice] = await qb.json(invoiceCreate({ docNumber: 'HS-PAY-1' }));
	return String(invoice.Id);
}

const cases: Case[] = [
	{ entity: 'Invoice', path: '/invoice$', parameters: async () => invoiceCreate() },
	{ entity: 'Payment', path: '/payment$', parameters: async () => paymentCreate(await openInvoice()) },
	{ entity: 'Purchase', path: '/purchase$', parameters: async () => expenseCreate() },
];

describe.each(['replay', 'error600', 'ignore'] as const)('idempotent creates when QuickBooks %s a repeated requestid', (mode) => {
	beforeEach(() => {
		qb.sim.duplicateRequestIdMode = mode;
	});

	it.each(cases)('$entity: a reset after commit leaves exactly one document', async ({ entity, path, parameters }) => {
		const input = await parameters();
		const before = qb.sim.store.count(entity);
		qb.sim.server.injectFault({ method: 'POST', path, count: 1, resetAfterCommit: true });

		const [created] = await qb.json(input);

		expect(qb.sim.store.count(entity)).toBe(before + 1);
		expect(qb.sim.store.get(entity, String(created.Id))).toBeDefined();
		const writes = qb.apiCalls(new RegExp(path), 'POST').filter((call) => !call.query.operation);
		expect(writes.at(-1)!.outcome).toBe('reset');
		expect(writes.at(-1)!.query.requestid).toMatch(/^[0-9a-f-]{36}$/);
		if (mode !== 'ignore') {
			// The same create run again (a retried execution) replays: still one document, the same one.
			const [again] = await qb.json(input);
			expect(again.Id).toBe(created.Id);
			expect(qb.sim.store.count(entity)).toBe(before + 1);
			const allWrites = qb.apiCalls(new RegExp(path), 'POST').filter((call) => !call.query.operation);
			expect(allWrites.at(-1)!.query.requestid).toBe(writes.at(-1)!.query.requestid);
		}
	});
});

describe('idempotent creates across executions', () => {
	it('an execution that never got an answer, re-run later, still makes one invoice', async () => {
		// Every attempt of the first execution is cut off after QuickBooks commits it.
		qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 10, resetAfterCommit: true });
		qb.sim.server.injectFault({ method: 'GET', path: '/query$', count: 10, resetAfterCommit: true });
		const error = await qb.failure(invoiceCreate());
		expect(error.message).toMatch(/Could not reach QuickBooks.*\[item 0\]/);
		expect(qb.sim.store.count('Invoice')).toBe(1);

		qb.sim.server.faults = [];
		const [invoice] = await qb.json(invoiceCreate());
		expect(qb.sim.store.list('Invoice').map((entry) => entry.Id)).toEqual([invoice.Id]);
	});

	it('a caller-supplied Request ID is sent as given', async () => {
		await qb.json({ ...invoiceCreate(), options: { requestId: 'hubspot-invoice-42-v1' } });
		expect(qb.apiCalls(/\/invoice$/, 'POST')[0].query.requestid).toBe('hubspot-invoice-42-v1');
	});

	it('two different documents get two requestids and two records', async () => {
		await qb.json(invoiceCreate());
		await qb.json(invoiceCreate({ docNumber: 'HS-2002' }));
		const ids = qb.apiCalls(/\/invoice$/, 'POST').map((call) => call.query.requestid);
		expect(new Set(ids).size).toBe(2);
		expect(qb.sim.store.count('Invoice')).toBe(2);
	});
});
