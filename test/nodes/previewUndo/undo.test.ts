/**
 * Sync Run › Undo through n8n-core against both simulators: one execution's QuickBooks documents are
 * taken back and its HubSpot write-back reset, so that a later sync creates each invoice once more;
 * documents changed since, or with payments applied, are refused with the reason; a second Undo, or
 * two at once, do the work once.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { taggedExecutionId } from '../../../core';
import { useInvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { hubSpotWrites, quickBooksWrites } from './helpers';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

const UNDO = { resource: 'syncRun', operation: 'undo' };

/** Syncs the invoices in one execution; returns that execution's id as the documents name it. */
async function syncRun(ids: string[]): Promise<{ executionId: string; results: IDataObject[] }> {
	const results = await bed.sync(ids);
	const executionId = taggedExecutionId(String((results[0].qboInvoice as IDataObject).PrivateNote));
	if (executionId === undefined) throw new Error('The synced invoice names no execution');
	return { executionId, results };
}

async function undo(executionId: string, parameters: IDataObject = {}): Promise<IDataObject[]> {
	const result = await bed.run({ ...UNDO, executionId, ...parameters }, [{ json: {} }]);
	const error = result.error('QuickBooks');
	if (error) throw error;
	return result.output('QuickBooks').map((item) => item.json);
}

/** A bookkeeper's write in QuickBooks, straight to the API. */
async function writeInQuickBooks(resource: string, body: IDataObject, operation?: string): Promise<IDataObject> {
	const { access_token: token } = bed.qb.sim.issueTokens();
	const query = new URLSearchParams({ minorversion: '75', requestid: randomUUID(), ...(operation ? { operation } : {}) });
	const response = await fetch(`${bed.qb.sim.apiBase}/${resource}?${query.toString()}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify(body),
	});
	const answer = (await response.json()) as IDataObject;
	if (!response.ok) throw new Error(`QuickBooks refused the test's write: ${JSON.stringify(answer)}`);
	return answer;
}

describe('Sync Run › Undo', () => {
	it('takes back the run: its invoices deleted, the HubSpot write-back cleared; a re-sync creates each invoice once; a second Undo does nothing and says so', async () => {
		const invoices = [bed.invoice(), bed.invoice({ companies: [{ name: 'Undo Newco' }] })];
		const ids = invoices.map((invoice) => invoice.id);
		const { executionId, results } = await syncRun(ids);
		expect(bed.qboInvoices()).toHaveLength(2);
		expect(bed.hubspotProperties(ids[0]).qbo_sync_status).toBe('synced');

		const outcomes = await undo(executionId);

		expect(outcomes.map((outcome) => [outcome.entity, outcome.id, outcome.action, outcome.hubspotInvoiceId, outcome.hubspotWriteBackReset]).sort()).toEqual(
			results.map((result) => ['Invoice', (result.qboInvoice as IDataObject).Id, 'deleted', result.hubspotInvoiceId, true]).sort(),
		);
		expect(bed.qboInvoices()).toEqual([]);
		for (const id of ids) {
			const properties = bed.hubspotProperties(id);
			// HubSpot clears a property written with '' (the simulator then holds none).
			expect(['qbo_invoice_id', 'qbo_doc_number', 'qbo_sync_status'].map((name) => properties[name] ?? '')).toEqual(['', '', '']);
		}

		bed.clearLogs();
		const again = await undo(executionId);
		expect(again).toEqual([expect.objectContaining({ executionId, action: 'nothing', message: expect.stringMatching(/^Nothing to undo/) })]);
		expect(quickBooksWrites(bed.qb)).toEqual([]);
		expect(hubSpotWrites(bed.hs)).toEqual([]);

		// Later: the sync's creates are keyed as before, so QuickBooks replays the deleted invoices; the sync sees
		// they were made before its look-ups and are gone, and creates them anew.
		bed.qb.sim.clock.advance(5);
		const resynced = await bed.sync(ids);
		expect(resynced.map((result) => result.action)).toEqual(['created', 'created']);
		expect(bed.qboInvoices().map((invoice) => invoice.DocNumber).sort()).toEqual(invoices.map((invoice) => invoice.number).sort());
		expect(bed.hubspotProperties(ids[1])).toMatchObject({ qbo_sync_status: 'synced', qbo_invoice_id: String((resynced[1].qboInvoice as IDataObject).Id) });
	});

	it('refuses an invoice edited in QuickBooks since, and one with a payment applied, saying which and why; takes back the rest', async () => {
		const invoices = [bed.invoice(), bed.invoice(), bed.invoice()];
		const { executionId, results } = await syncRun(invoices.map((invoice) => invoice.id));
		const [edited, paid, untouched] = results.map((result) => result.qboInvoice as IDataObject);
		await writeInQuickBooks('invoice', { Id: edited.Id, SyncToken: edited.SyncToken, sparse: true, CustomerMemo: { value: 'Agreed by phone' } });
		const payment = await writeInQuickBooks('payment', {
			CustomerRef: paid.CustomerRef,
			TotalAmt: 40,
			Line: [{ Amount: 40, LinkedTxn: [{ TxnId: paid.Id, TxnType: 'Invoice' }] }],
		});
		const paymentId = String((payment.Payment as IDataObject).Id);

		const outcomes = await undo(executionId);
		const byId = new Map(outcomes.map((outcome) => [outcome.id, outcome]));

		expect(byId.get(String(edited.Id))).toMatchObject({ action: 'refused', category: 'changed_since', message: expect.stringContaining('was changed after this execution created it') });
		expect(byId.get(String(paid.Id))).toMatchObject({ action: 'refused', category: 'payments_applied', message: expect.stringContaining(`payment ${paymentId} applied`) });
		expect(byId.get(String(untouched.Id))).toMatchObject({ action: 'deleted', hubspotWriteBackReset: true });
		expect(bed.qboInvoices().map((invoice) => invoice.Id).sort()).toEqual([edited.Id, paid.Id].sort());
		expect(bed.hubspotProperties(invoices[0].id).qbo_invoice_id).toBe(String(edited.Id));
		expect(bed.hubspotProperties(invoices[2].id).qbo_invoice_id ?? '').toBe('');
	});

	it('two Undos of one execution at once take each document back once', async () => {
		const invoices = [bed.invoice(), bed.invoice()];
		const { executionId } = await syncRun(invoices.map((invoice) => invoice.id));
		bed.clearLogs();

		const [first, second] = await Promise.all([undo(executionId), undo(executionId)]);

		const actions = [...first, ...second].map((outcome) => outcome.action).sort();
		expect(actions).toEqual(['deleted', 'deleted', 'nothing']);
		expect(quickBooksWrites(bed.qb).map((write) => `${write.operation} ${write.entity}`)).toEqual(['delete invoice', 'delete invoice']);
		expect(hubSpotWrites(bed.hs)).toHaveLength(1);
		expect(bed.qboInvoices()).toEqual([]);
	});

	it('Preview Only lists what Undo would take back and changes nothing', async () => {
		const invoice = bed.invoice();
		const { executionId, results } = await syncRun([invoice.id]);
		const before = bed.snapshot([invoice.id]);
		bed.clearLogs();

		const [outcome] = await undo(executionId, { previewOnly: true });

		expect(outcome).toMatchObject({ action: 'deleted', dryRun: true, id: (results[0].qboInvoice as IDataObject).Id });
		expect((outcome.wouldWrite as IDataObject[]).map((write) => `${String(write.system)} ${String(write.operation)} ${String(write.entity)}`)).toEqual([
			'QuickBooks delete Invoice',
			'HubSpot update invoices',
		]);
		expect(quickBooksWrites(bed.qb)).toEqual([]);
		expect(hubSpotWrites(bed.hs)).toEqual([]);
		expect(bed.snapshot([invoice.id])).toBe(before);
	});
});
