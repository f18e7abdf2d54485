/**
 * Preview (dry run) of "Sync HubSpot Invoice" through n8n-core against both simulators: nothing is
 * written anywhere (the request logs hold reads only), and what the preview shows is what the real
 * sync then sends, body for body, ids of records created in the run aside.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { useInvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { comparable, hubSpotWrites, quickBooksWrites } from './helpers';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

function wouldWrite(result: IDataObject, system: 'QuickBooks' | 'HubSpot', entity?: string): IDataObject[] {
	return (result.wouldWrite as IDataObject[]).filter((write) => write.system === system && (entity === undefined || write.entity === entity));
}

describe('Sync HubSpot Invoice: Preview Only (Dry Run)', () => {
	it('writes nothing, and shows the invoice, customer and write-back that the real sync then writes', async () => {
		const hubspot = bed.invoice({ contacts: [{ email: 'preview@newco.example', firstname: 'Pia', lastname: 'View' }], companies: [{ name: 'Preview Newco' }] });
		const before = bed.snapshot([hubspot.id]);

		const [preview] = await bed.sync([hubspot.id], { previewOnly: true });

		expect(quickBooksWrites(bed.qb)).toEqual([]);
		expect(hubSpotWrites(bed.hs)).toEqual([]);
		expect(bed.snapshot([hubspot.id])).toBe(before);
		expect(preview).toMatchObject({ action: 'created', dryRun: true, hubspotInvoiceId: hubspot.id, customer: { matchedBy: 'created', displayName: 'Preview Newco' } });
		const [customerWrite] = wouldWrite(preview, 'QuickBooks', 'Customer');
		const [invoiceWrite] = wouldWrite(preview, 'QuickBooks', 'Invoice');
		const [writeBack] = wouldWrite(preview, 'HubSpot');
		expect(customerWrite).toMatchObject({ operation: 'create', body: { DisplayName: 'Preview Newco' } });
		expect(invoiceWrite).toMatchObject({ operation: 'create', body: { DocNumber: hubspot.number, CustomerRef: { value: customerWrite.id } } });
		expect(writeBack).toMatchObject({ operation: 'update', entity: 'invoices', id: hubspot.id, body: { properties: { qbo_sync_status: 'synced', qbo_invoice_id: invoiceWrite.id } } });

		bed.clearLogs();
		const [synced] = await bed.sync([hubspot.id]);
		expect(synced.action).toBe('created');
		const sent = quickBooksWrites(bed.qb);
		const customer = bed.qboCustomers().find((record) => record.DisplayName === 'Preview Newco') as IDataObject;
		const ids = new Map([[String(customerWrite.id), String(customer.Id)]]);
		expect(sent.map((write) => `${write.operation} ${write.entity}`)).toEqual(['create Customer', 'create Invoice']);
		expect(comparable(sent[0].body)).toEqual(comparable(customerWrite.body as IDataObject));
		expect(comparable(sent[1].body)).toEqual(comparable(invoiceWrite.body as IDataObject, ids));
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'synced', qbo_invoice_id: String((synced.qboInvoice as IDataObject).Id) });
	});

	it('shows an update as the fields that would change, from what QuickBooks holds to what would be sent', async () => {
		const hubspot = bed.invoice();
		await bed.sync([hubspot.id]);
		bed.hs.updateProperties('invoices', hubspot.id, { hs_due_date: String(Date.parse('2026-11-20T12:00:00Z')) });
		const before = bed.snapshot([hubspot.id]);
		bed.clearLogs();

		const [preview] = await bed.sync([hubspot.id], { previewOnly: true });

		expect(quickBooksWrites(bed.qb)).toEqual([]);
		expect(hubSpotWrites(bed.hs)).toEqual([]);
		expect(bed.snapshot([hubspot.id])).toBe(before);
		expect(preview).toMatchObject({ action: 'updated', changedFields: ['DueDate'], dryRun: true });
		const [update] = wouldWrite(preview, 'QuickBooks', 'Invoice');
		expect(update).toMatchObject({ operation: 'update', changes: { DueDate: { from: '2026-11-04', to: '2026-11-20' } } });

		bed.clearLogs();
		await bed.sync([hubspot.id]);
		const sent = quickBooksWrites(bed.qb);
		expect(sent).toHaveLength(1);
		expect(comparable(sent[0].body)).toEqual(comparable(update.body as IDataObject));
	});
});
