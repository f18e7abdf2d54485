import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, NODE_NAME, salesLines, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });

async function createInvoice(extra: IDataObject = {}, customer: string = DEFAULT_COMPANY.customers.acme): Promise<IDataObject> {
	const [invoice] = await qb.json({
		resource: 'invoice',
		operation: 'create',
		customer: byId(customer),
		lines: salesLines(
			{ quantity: 3, unitPrice: '19.99', description: 'Widgets' },
			{ item: DEFAULT_COMPANY.items.consultingHours, quantity: 1.5, unitPrice: '150' },
		),
		additionalFields: { docNumber: 'HS-1001', txnDate: '2026-10-01', privateNote: 'hubspot_invoice_id=1', ...extra },
	});
	return invoice;
}

const itemLines = (record: IDataObject) => (record.Line as IDataObject[]).filter((line) => line.DetailType === 'SalesItemLineDetail');

describe('QuickBooks node: invoices', () => {
	it('creates an invoice whose line amounts are Qty × UnitPrice exactly, with minorversion=75 and a requestid', async () => {
		const invoice = await createInvoice({
			billEmail: 'ap@acme.example',
			customerMemo: 'Thank you',
			dueDate: '2026-10-31T00:00:00.000Z',
			customFields: { field: [{ definitionId: '1', value: 'PO-77' }] },
		});
		const stored = qb.sim.store.get('Invoice', String(invoice.Id))!;
		expect(stored).toMatchObject({
			DocNumber: 'HS-1001',
			TxnDate: '2026-10-01',
			DueDate: '2026-10-31',
			TotalAmt: 284.97,
			Balance: 284.97,
			CustomerRef: { value: DEFAULT_COMPANY.customers.acme },
			BillEmail: { Address: 'ap@acme.example' },
			CustomerMemo: { value: 'Thank you' },
			PrivateNote: expect.stringMatching(/^hubspot_invoice_id=1\nn8n request [0-9a-f-]{36}$/),
		});
		expect(stored.CustomField).toContainEqual(expect.objectContaining({ DefinitionId: '1', Name: 'PO Number', StringValue: 'PO-77' }));
		expect(itemLines(stored).map((line) => [line.Amount, (line.SalesItemLineDetail as IDataObject).Qty, (line.SalesItemLineDetail as IDataObject).UnitPrice])).toEqual([
			[59.97, 3, 19.99],
			[225, 1.5, 150],
		]);
		expect(invoice.Id).toBe(stored.Id);
		const [call] = qb.apiCalls(/\/invoice$/, 'POST');
		expect(call.query).toMatchObject({ minorversion: '75', requestid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
	});

	it('rounds a line amount half up to the currency as QuickBooks does, so QuickBooks accepts it (6070)', async () => {
		const [invoice] = await qb.json({
			resource: 'invoice',
			operation: 'create',
			customer: byId(DEFAULT_COMPANY.customers.acme),
			lines: salesLines({ quantity: 3, unitPrice: '3.335' }),
			additionalFields: {},
		});
		expect(itemLines(qb.sim.store.get('Invoice', String(invoice.Id))!)[0].Amount).toBe(10.01);
	});

	it('gets an invoice by id', async () => {
		const created = await createInvoice();
		const [invoice] = await qb.json({ resource: 'invoice', operation: 'get', documentId: created.Id });
		expect(invoice).toMatchObject({ Id: created.Id, DocNumber: 'HS-1001', TotalAmt: 284.97 });
		expect(qb.apiCalls(new RegExp(`/invoice/${String(created.Id)}$`), 'GET')).toHaveLength(1);
	});

	it('gets many invoices with filters joined to a typed WHERE, and a limit', async () => {
		await createInvoice();
		await createInvoice({ docNumber: 'HS-1002' });
		await createInvoice({ docNumber: 'HS-2001' }, DEFAULT_COMPANY.customers.globex);
		const found = await qb.json({
			resource: 'invoice',
			operation: 'getAll',
			returnAll: true,
			filters: { customer: byId(DEFAULT_COMPANY.customers.acme), unpaidOnly: true, where: "DocNumber >= 'HS-1002'" },
		});
		expect(found.map((invoice) => invoice.DocNumber)).toEqual(['HS-1002']);
		const [query] = qb.apiCalls(/\/query$/);
		expect(query.query.query).toBe(
			`SELECT * FROM Invoice WHERE CustomerRef = '${DEFAULT_COMPANY.customers.acme}' AND Balance > 0 AND DocNumber >= 'HS-1002' STARTPOSITION 1 MAXRESULTS 1000`,
		);
		const limited = await qb.json({ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 2, filters: {} });
		expect(limited).toHaveLength(2);
		expect(qb.apiCalls(/\/query$/).at(-1)!.query.query).toBe('SELECT * FROM Invoice STARTPOSITION 1 MAXRESULTS 2');
	});

	it('pages through more than 1000 invoices with STARTPOSITION, keeping the WHERE on every page', async () => {
		qb.sim.seed({ customers: 3, invoices: 1010, paidShare: 0, prefix: 'BULK-' });
		qb.sim.server.clearLog();
		const found = await qb.json({ resource: 'invoice', operation: 'getAll', returnAll: true, filters: { where: "DocNumber >= 'BULK-'" } });
		expect(found).toHaveLength(1010);
		expect(new Set(found.map((invoice) => invoice.Id)).size).toBe(1010);
		expect(qb.apiCalls(/\/query$/).map((call) => call.query.query)).toEqual([
			"SELECT * FROM Invoice WHERE DocNumber >= 'BULK-' STARTPOSITION 1 MAXRESULTS 1000",
			"SELECT * FROM Invoice WHERE DocNumber >= 'BULK-' STARTPOSITION 1001 MAXRESULTS 1000",
		]);
	});

	it('updates sparsely: only the given fields change, with the current SyncToken', async () => {
		const created = await createInvoice();
		const [updated] = await qb.json({
			resource: 'invoice',
			operation: 'update',
			documentId: created.Id,
			customer: { __rl: true, mode: 'list', value: '' },
			lines: {},
			updateFields: { privateNote: 'updated note', dueDate: '2026-11-15' },
		});
		const stored = qb.sim.store.get('Invoice', String(created.Id))!;
		expect(stored).toMatchObject({ PrivateNote: 'updated note', DueDate: '2026-11-15', DocNumber: 'HS-1001', TotalAmt: 284.97, SyncToken: '1' });
		expect(updated.SyncToken).toBe('1');
		const [write] = qb.apiCalls(/\/invoice$/, 'POST').slice(-1);
		expect(write.query).toMatchObject({ operation: 'update', minorversion: '75' });
		expect(write.body).toEqual({ Id: created.Id, SyncToken: '0', sparse: true, PrivateNote: 'updated note', DueDate: '2026-11-15' });
	});

	it('replaces all lines on update when lines are given', async () => {
		const created = await createInvoice();
		await qb.json({
			resource: 'invoice',
			operation: 'update',
			documentId: created.Id,
			lines: salesLines({ quantity: 2, unitPrice: '10.50' }),
			updateFields: {},
		});
		const stored = qb.sim.store.get('Invoice', String(created.Id))!;
		expect(itemLines(stored)).toHaveLength(1);
		expect(stored.TotalAmt).toBe(21);
	});

	it('voids an invoice: it stays, with zero amounts', async () => {
		const created = await createInvoice();
		await qb.json({ resource: 'invoice', operation: 'void', documentId: created.Id });
		const stored = qb.sim.store.get('Invoice', String(created.Id))!;
		expect(stored).toMatchObject({ DocNumber: 'HS-1001', TotalAmt: 0, Balance: 0 });
		expect(stored.PrivateNote).toMatch(/Voided/);
		const [write] = qb.apiCalls(/\/invoice$/, 'POST').slice(-1);
		expect(write.query.operation).toBe('void');
		expect(write.body).toEqual({ Id: created.Id, SyncToken: '0' });
	});

	it('deletes an invoice and answers deleted: true', async () => {
		const created = await createInvoice();
		const [answer] = await qb.json({ resource: 'invoice', operation: 'delete', documentId: created.Id });
		expect(answer).toEqual({ deleted: true, Id: created.Id, entity: 'Invoice', status: 'Deleted' });
		expect(qb.sim.store.get('Invoice', String(created.Id))).toBeUndefined();
	});

	it('emails an invoice to an address, which becomes its billing email', async () => {
		const created = await createInvoice();
		const [sent] = await qb.json({ resource: 'invoice', operation: 'send', documentId: created.Id, sendTo: 'cfo@acme.example' });
		expect(sent.EmailStatus).toBe('EmailSent');
		expect(qb.sim.store.get('Invoice', String(created.Id))).toMatchObject({ EmailStatus: 'EmailSent', BillEmail: { Address: 'cfo@acme.example' } });
		const [call] = qb.apiCalls(/\/send$/, 'POST');
		expect(call.query).toMatchObject({ sendTo: 'cfo@acme.example', minorversion: '75', requestid: expect.any(String) });
	});

	it('downloads the PDF as binary data with a file name and mime type', async () => {
		const created = await createInvoice();
		const result = await qb.run({ resource: 'invoice', operation: 'downloadPdf', documentId: created.Id, binaryPropertyName: 'invoicePdf', fileName: '' });
		const [item] = result.output(NODE_NAME);
		const binary = item.binary!.invoicePdf;
		expect(binary).toMatchObject({ mimeType: 'application/pdf', fileName: `invoice-${String(created.Id)}.pdf` });
		const pdf = Buffer.from(binary.data, 'base64');
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.toString('latin1')).toContain('HS-1001');
		expect(item.json).toMatchObject({ Id: created.Id, fileSize: pdf.length });
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});
