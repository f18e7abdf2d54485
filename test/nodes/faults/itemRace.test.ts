/**
 * Two executions create the same missing item at once (Sync HubSpot Invoice with "Create Missing Items"),
 * through n8n-core against both simulators: the item writes are held up so both look the item up before
 * either creates it. The loser's create is refused with 6240 (the name is taken); it looks the name up
 * again and uses the item the winner created. An inactive item holding the name still fails, and says so.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import type { RunResult } from '../../harness/engine';
import { byId, DEFAULT_COMPANY, NODE_NAME, useInvoiceSyncTestbed } from '../sync/invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

const CREATE_ITEMS: IDataObject = {
	defaultItem: { __rl: true, mode: 'list', value: '' },
	createMissingItems: true,
	newItemIncomeAccount: byId(DEFAULT_COMPANY.accounts.services),
};

function outcomes(result: RunResult): IDataObject[] {
	return [...result.output(NODE_NAME, 0).map((item) => item.json), ...result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject)];
}

function itemIdsOf(invoice: IDataObject): string[] {
	return ((invoice.Line as IDataObject[]) ?? [])
		.filter((line) => line.DetailType === 'SalesItemLineDetail')
		.map((line) => String(((line.SalesItemLineDetail as IDataObject).ItemRef as IDataObject).value));
}

/** Item creates sent, singly (POST /item) or inside a /batch. */
function itemCreatesSent(): number {
	// A call refused before QuickBooks looked at it (an expired token, throttling) is sent again: not a create.
	const processed = bed.qb.processedCalls(/\/(batch|item)$/, 'POST');
	return processed.reduce((count, call) => {
		if (call.path.endsWith('/item')) return count + (call.query.operation ? 0 : 1);
		const operations = ((call.body as IDataObject | undefined)?.BatchItemRequest as IDataObject[] | undefined) ?? [];
		return count + operations.filter((operation) => operation.operation === 'create' && operation.Item !== undefined).length;
	}, 0);
}

/** Item creates (single or in a /batch) whose answer QuickBooks holds back for a while. */
function holdItemWrites(latencyMs: number): void {
	bed.qb.sim.server.injectFault({ method: 'POST', path: '/(batch|item)$', count: 4, latencyMs });
}

describe('two executions creating the same missing item', () => {
	// Both creates carry the same content, so QuickBooks may replay the winner's answer to the loser; the
	// loser must also be right when it answers 600 or ignores the requestid and refuses the name (6240).
	it.each(['replay', 'error600', 'ignore'] as const)('the loser uses the item the winner created: both invoices synced, one item (requestid %s)', async (mode) => {
		bed.qb.sim.duplicateRequestIdMode = mode;
		const product = { name: 'Premium onboarding', sku: 'ONB-PREMIUM', price: '750.00' };
		const first = bed.invoice({ lineItems: [product] });
		const second = bed.invoice({ lineItems: [{ ...product, quantity: '2' }] });
		// Both look up before either create commits. Paced at Intuit's 10 calls per second (a throttling simulator), the
		// second execution's look-ups can wait a second or more behind the first's: the creates are held longer there.
		holdItemWrites(bed.qb.sim.settings.throttling ? 3_000 : 400);

		const [one, two] = await Promise.all([
			bed.run(CREATE_ITEMS, [{ json: { id: first.id } }], { continueOnFail: true }),
			bed.run(CREATE_ITEMS, [{ json: { id: second.id } }], { continueOnFail: true }),
		]);

		expect([...outcomes(one), ...outcomes(two)].map((outcome) => [outcome.action ?? outcome.category, outcome.message ?? ''])).toEqual([
			['created', ''],
			['created', ''],
		]);
		const items = bed.qboItems().filter((item) => item.Name === product.name);
		expect(items).toHaveLength(1);
		expect(bed.qboInvoices().map(itemIdsOf)).toEqual([[String(items[0].Id)], [String(items[0].Id)]]);
		// The race really happened: both executions sent a create for the item.
		expect(itemCreatesSent()).toBe(2);
	}, 60_000);

	it('an inactive item holding the name still fails the invoice, saying the item is inactive', async () => {
		const { store } = bed.qb.sim;
		const inactive = store.list('Item').find((item) => item.Active === false);
		expect(inactive).toBeDefined();
		const hubspot = bed.invoice({ lineItems: [{ name: String(inactive!.Name), sku: 'NO-SUCH-SKU', price: '10.00' }] });

		const result = await bed.run(CREATE_ITEMS, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		const [failure] = outcomes(result);
		expect(failure).toMatchObject({ category: 'item_not_found', howToFix: `An inactive QuickBooks item is named "${String(inactive!.Name)}": reactivate it, or rename the HubSpot product.` });
		expect(bed.qboInvoices()).toEqual([]);
	}, 30_000);
});
