/**
 * Identical legitimate creates stay apart. The QuickBooks node's plain Create is keyed by execution,
 * node, item and run (plainCreate.ts): two identical $12 expenses in one run are two Purchases, two
 * identical $50 payments on a $200 invoice leave 100 open, a second execution creates its own, and a
 * connection reset after QuickBooks committed a create (the client sends it again) still leaves one
 * document for that item. Under every numbering and every way QuickBooks treats a repeated requestid.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { EntityName } from '../../../sandbox/quickbooks/simulator';
import { byId, DEFAULT_COMPANY, NODE_NAME, useQuickBooksTestbed } from '../quickbooks/testbed';
import { MatrixTable, numberingsFor, REQUEST_ID_MODES, shortfall, surplus, useNumbering, type Numbering } from './rows';


// Each scenario runs several executions; on a busy machine one may take well over jest's default 5 s.
jest.setTimeout(60_000);

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, customers, items, vendors } = DEFAULT_COMPANY;
const table = new MatrixTable('Identical legitimate creates (QuickBooks node, plain Create)');

afterAll(() => table.print());

function expense(): IDataObject {
	return {
		resource: 'expense',
		operation: 'create',
		paymentType: 'CreditCard',
		paymentAccount: byId(accounts.businessCard),
		lines: { line: [{ account: byId(accounts.merchantFees), amount: '12.00', description: 'Parking' }] },
		additionalFields: { vendor: byId(vendors.stripe), txnDate: '2026-10-14' },
	};
}

function payment(invoiceId: string): IDataObject {
	return {
		resource: 'payment',
		operation: 'create',
		customer: byId(customers.acme),
		amount: '50.00',
		invoices: { invoice: [{ invoiceId, amount: '50.00' }] },
		allowUnapplied: false,
		additionalFields: { txnDate: '2026-10-14' },
	};
}

/** The number each invoice gets: its own, the same one twice, or none (QuickBooks numbers it, or nobody does). */
const INVOICE_NUMBERS: Readonly<Record<Numbering, Array<string | undefined>>> = {
	'QuickBooks numbers': [undefined, undefined],
	'HubSpot numbers': ['INV-1', 'INV-2'],
	'duplicates allowed': ['INV-1', 'INV-1'],
	'no HubSpot number': [undefined, undefined],
};

/** A $75 invoice; its number comes from the input item (n8n evaluates the expression per item). */
function invoice(numbered: boolean): IDataObject {
	return {
		resource: 'invoice',
		operation: 'create',
		customer: byId(customers.acme),
		lines: { line: [{ item: byId(items.services), quantity: 1, unitPrice: '75.00', taxCode: byId('NON') }] },
		additionalFields: { txnDate: '2026-10-14', ...(numbered ? { docNumber: '={{ $json.docNumber }}' } : {}) },
	};
}

/** Runs the node over two input items; the second item's create is cut off after QuickBooks committed it. */
async function runTwoItems(parameters: IDataObject, resetPath: string, itemJson: IDataObject[] = [{}, {}]): Promise<IDataObject[]> {
	qb.sim.server.injectFault({ method: 'POST', path: resetPath, count: 1, resetAfterCommit: true });
	const result = await qb.run(parameters, { items: itemJson.map((json) => ({ json })) });
	const error = result.error(NODE_NAME);
	if (error) throw error;
	return result.output(NODE_NAME).map((item) => item.json);
}

function amountsOf(entity: EntityName): number[] {
	return qb.sim.store.list(entity).map((record) => Number(record.TotalAmt));
}

describe.each(REQUEST_ID_MODES)('identical legitimate creates, requestid %s', (mode) => {
	describe.each(numberingsFor(mode))('%s', (numbering) => {
		beforeEach(() => {
			qb.sim.duplicateRequestIdMode = mode;
			useNumbering(qb.sim, numbering);
		});

		it('two identical $12 expenses are two Purchases; a second execution creates two more; a resend replays', async () => {
			// The seeded company may hold expenses of its own.
			const seeded = qb.sim.store.count('Purchase');
			const firstRun = await runTwoItems(expense(), '/purchase$');
			const secondRun = await runTwoItems(expense(), '/purchase$');
			const ids = [...firstRun, ...secondRun].map((output) => String(output.Id));
			const created = qb.sim.store.count('Purchase') - seeded;
			const wrong = amountsOf('Purchase').slice(seeded).filter((amount) => amount !== 12).length;
			const row = table.add({
				scenario: 'two identical $12 expenses ×2 executions',
				numbering,
				requestid: mode,
				duplicates: surplus(created, 4) + (ids.length - new Set(ids).size),
				losses: shortfall(created, 4),
				wrongTotals: wrong,
			});
			expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
			expect(ids.every((id) => qb.sim.store.get('Purchase', id) !== undefined)).toBe(true);
			// The cut-off create was sent again under its own requestid, not a new one.
			const writes = qb.apiCalls(/\/purchase$/, 'POST');
			expect(writes.filter((call) => call.outcome === 'reset')).toHaveLength(2);
			expect(new Set(writes.map((call) => call.query.requestid)).size).toBe(4);
		});

		it('two identical $50 payments on a $200 invoice leave 100 open; a second execution pays the rest', async () => {
			const [open] = await qb.json({ ...invoice(false), lines: { line: [{ item: byId(items.services), quantity: 4, unitPrice: '50.00', taxCode: byId('NON') }] } });
			const invoiceId = String(open.Id);
			qb.sim.server.clearLog();
			await runTwoItems(payment(invoiceId), '/payment$');
			const balanceAfterFirst = Number(qb.sim.store.get('Invoice', invoiceId)!.Balance);
			await runTwoItems(payment(invoiceId), '/payment$');
			const balance = Number(qb.sim.store.get('Invoice', invoiceId)!.Balance);
			const payments = qb.sim.store.count('Payment');
			const row = table.add({
				scenario: 'two identical $50 payments on $200 ×2 executions',
				numbering,
				requestid: mode,
				duplicates: surplus(payments, 4),
				losses: shortfall(payments, 4),
				wrongTotals: (balanceAfterFirst === 100 ? 0 : 1) + (balance === 0 ? 0 : 1) + amountsOf('Payment').filter((amount) => amount !== 50).length,
			});
			expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
		});

		it('two invoices identical but for their number are two invoices; a resend replays', async () => {
			const numbers = INVOICE_NUMBERS[numbering];
			const outputs = await runTwoItems(invoice(numbers[0] !== undefined), '/invoice$', numbers.map((docNumber) => ({ docNumber })));
			const invoices = qb.sim.store.list('Invoice');
			const row = table.add({
				scenario: 'two identical $75 invoices',
				numbering,
				requestid: mode,
				duplicates: surplus(invoices.length, 2) + (outputs.length - new Set(outputs.map((output) => output.Id)).size),
				losses: shortfall(invoices.length, 2),
				wrongTotals: invoices.filter((record) => Number(record.TotalAmt) !== 75).length,
			});
			expect(row).toMatchObject({ duplicates: 0, losses: 0, wrongTotals: 0 });
		});
	});
});
