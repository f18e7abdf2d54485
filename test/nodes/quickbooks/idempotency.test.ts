/**
 * A create sent twice makes one document: the connection drops after QuickBooks committed the write,
 * and the client sends the same create again. For each way QuickBooks may treat the repeated requestid
 * (replay, error 600, or ignoring it). A second execution is a second intended document.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { EntityName } from '../../../sandbox/quickbooks/simulator';
import { expenseCreate, invoiceCreate, paymentCreate } from './fixtures';
import { runNode, type TestNode } from '../../harness/engine';
import { CREDENTIALS, NODE_NAME, NODE_TYPE, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });

interface Case {
	entity: EntityName;
	path: string;
	parameters: () => Promise<IDataObject>;
	/** The document has a number of its own, which a second execution may not use again (6140). */
	numbered?: boolean;
}

async function openInvoice(): Promise<string> {
	const [invoice] = await qb.json(invoiceCreate({ docNumber: 'HS-PAY-1' }));
	return String(invoice.Id);
}

const cases: Case[] = [
	{ entity: 'Invoice', path: '/invoice$', parameters: async () => invoiceCreate(), numbered: true },
	{ entity: 'Payment', path: '/payment$', parameters: async () => paymentCreate(await openInvoice(), '45.00') },
	{ entity: 'Purchase', path: '/purchase$', parameters: async () => expenseCreate() },
];

describe.each(['replay', 'error600', 'ignore'] as const)('idempotent creates when QuickBooks %s a repeated requestid', (mode) => {
	beforeEach(() => {
		qb.sim.duplicateRequestIdMode = mode;
	});

	it.each(cases)('$entity: a reset after commit leaves exactly one document', async ({ entity, path, parameters, numbered }) => {
		const input = await parameters();
		const before = qb.sim.store.count(entity);
		qb.sim.server.injectFault({ method: 'POST', path, count: 1, resetAfterCommit: true });

		const [created] = await qb.json(input);

		expect(qb.sim.store.count(entity)).toBe(before + 1);
		expect(qb.sim.store.get(entity, String(created.Id))).toBeDefined();
		const writes = qb.apiCalls(new RegExp(path), 'POST').filter((call) => !call.query.operation);
		expect(writes.at(-1)!.outcome).toBe('reset');
		expect(writes.at(-1)!.query.requestid).toMatch(/^[0-9a-f-]{36}$/);
		// The resend carried the same requestid as the write that was cut off.
		expect(new Set(writes.map((call) => call.query.requestid)).size).toBe(1);
		if (numbered) {
			// A second execution is a second document: its number is taken, and it is never answered with the first one.
			const error = await qb.failure(input);
			expect(error.message).toMatch(/number/i);
			expect(qb.sim.store.count(entity)).toBe(before + 1);
			return;
		}
		// The same parameters in a second execution are a second document, under a requestid of its own.
		const [again] = await qb.json(input);
		expect(again.Id).not.toBe(created.Id);
		expect(qb.sim.store.count(entity)).toBe(before + 2);
		const allWrites = qb.apiCalls(new RegExp(path), 'POST').filter((call) => !call.query.operation);
		expect(allWrites.at(-1)!.query.requestid).not.toBe(writes.at(-1)!.query.requestid);
	});
});

describe('idempotent creates across executions', () => {
	it('an execution that never got an answer, re-run later with its Request ID, still makes one invoice', async () => {
		// Every attempt of the first execution is cut off after QuickBooks commits it.
		qb.sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 10, resetAfterCommit: true });
		qb.sim.server.injectFault({ method: 'GET', path: '/query$', count: 10, resetAfterCommit: true });
		const input = { ...invoiceCreate(), options: { requestId: 'hubspot-invoice-42-v1' } };
		const error = await qb.failure(input);
		expect(error.message).toMatch(/Could not reach QuickBooks.*\[item 0\]/);
		expect(qb.sim.store.count('Invoice')).toBe(1);

		qb.sim.server.faults = [];
		const [invoice] = await qb.json(input);
		expect(qb.sim.store.list('Invoice').map((entry) => entry.Id)).toEqual([invoice.Id]);
	});

	it("a Private Note that leaves no room for the create's own line is refused before anything is sent", async () => {
		const error = await qb.failure(invoiceCreate({ privateNote: 'x'.repeat(3990) }));
		expect(error.message).toMatch(/Private Note is 3990 characters.*Shorten Private Note to at most \d+ characters/);
		expect(qb.apiCalls(/\/invoice$/, 'POST')).toHaveLength(0);
	});

	it('a caller-supplied Request ID is sent as given', async () => {
		const [invoice] = await qb.json({ ...invoiceCreate(), options: { requestId: 'hubspot-invoice-42-v1' } });
		expect(qb.apiCalls(/\/invoice$/, 'POST')[0].query.requestid).toBe('hubspot-invoice-42-v1');
		expect(qb.sim.store.get('Invoice', String(invoice.Id))!.PrivateNote).toBe('n8n request hubspot-invoice-42-v1');
	});

	it('two different documents get two requestids and two records', async () => {
		await qb.json(invoiceCreate());
		await qb.json(invoiceCreate({ docNumber: 'HS-2002' }));
		const ids = qb.apiCalls(/\/invoice$/, 'POST').map((call) => call.query.requestid);
		expect(new Set(ids).size).toBe(2);
		expect(qb.sim.store.count('Invoice')).toBe(2);
	});
});

describe.each(['replay', 'error600', 'ignore'] as const)("n8n's Retry On Fail after a lost answer, QuickBooks %s a repeated requestid", (mode) => {
	it('the retried node finds the expense its first try committed instead of creating another', async () => {
		qb.sim.duplicateRequestIdMode = mode;
		// The first try's create is committed but its answer lost, and the look-up after it fails too (every attempt).
		qb.sim.server.injectFault({ method: 'POST', path: '/purchase$', count: 1, resetAfterCommit: true });
		qb.sim.server.injectFault({ method: 'GET', path: '/query$', count: 4, resetAfterCommit: true });
		const node = { name: NODE_NAME, type: NODE_TYPE, parameters: expenseCreate(), credentials: CREDENTIALS, retryOnFail: true, maxTries: 2, waitBetweenTries: 10 } as TestNode;

		const result = await runNode(qb.credentials, node);

		expect(result.error(NODE_NAME)).toBeUndefined();
		const [output] = result.output(NODE_NAME);
		expect(qb.sim.store.list('Purchase').map((purchase) => purchase.Id)).toEqual([output.json.Id]);
		const creates = qb.apiCalls(/\/purchase$/, 'POST');
		expect(creates.map((call) => call.outcome)).toEqual(['reset']);
	});
});
