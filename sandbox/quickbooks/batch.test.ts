/** /batch (quickbooks.md §3) and requestid idempotency (§4, §15.3). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { faultOf, invoiceBody, qboClient, type QboTestClient } from './testing';

let sim: QuickBooksSimulator;
let qbo: QboTestClient;

beforeAll(async () => {
	sim = await startQuickBooksSimulator();
	qbo = qboClient(sim);
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const { customers } = DEFAULT_COMPANY;

describe('batch (§3)', () => {
	it('runs create, update, delete and Query items and answers each by bId, faults per item with HTTP 200', async () => {
		const existing = (await qbo.post('/invoice', invoiceBody({ DocNumber: 'B-0' }))).body.Invoice;
		const doomed = (await qbo.post('/invoice', invoiceBody({ DocNumber: 'B-X' }))).body.Invoice;
		const response = await qbo.post('/batch?minorversion=75', {
			BatchItemRequest: [
				{ bId: 'c1', operation: 'create', Invoice: invoiceBody({ DocNumber: 'B-1' }) },
				{ bId: 'c2', operation: 'create', Invoice: invoiceBody({ DocNumber: 'B-0' }) },
				{ bId: 'u1', operation: 'update', Invoice: { Id: existing.Id, SyncToken: existing.SyncToken, sparse: true, PrivateNote: 'batched' } },
				{ bId: 'd1', operation: 'delete', Invoice: { Id: doomed.Id, SyncToken: doomed.SyncToken } },
				{ bId: 'q1', Query: "SELECT * FROM Customer WHERE DisplayName = 'Acme Corporation'" },
				{ bId: 'n1', operation: 'create', Customer: { DisplayName: 'Batch Buyer' } },
			],
		});
		expect(response.status).toBe(200);
		const byId = Object.fromEntries(response.body.BatchItemResponse.map((item: any) => [item.bId, item]));
		expect(response.body.BatchItemResponse.map((item: any) => item.bId)).toEqual(['c1', 'c2', 'u1', 'd1', 'q1', 'n1']);
		expect(byId.c1.Invoice.DocNumber).toBe('B-1');
		expect(byId.c2.Fault).toMatchObject({ type: 'ValidationFault', Error: [{ code: '6140' }] });
		expect(byId.u1.Invoice).toMatchObject({ PrivateNote: 'batched', SyncToken: '1' });
		expect(byId.d1.Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: doomed.Id });
		expect(byId.q1.QueryResponse.Customer[0].Id).toBe(customers.acme);
		expect(byId.n1.Customer.DisplayName).toBe('Batch Buyer');
	});

	it('refuses more than 30 items with 1040', async () => {
		const items = Array.from({ length: 31 }, (_, index) => ({ bId: `q${index}`, Query: 'SELECT * FROM Term' }));
		const response = await qbo.post('/batch', { BatchItemRequest: items });
		expect(response.status).toBe(400);
		expect(faultOf(response.body).code).toBe('1040');
		const thirty = await qbo.post('/batch', { BatchItemRequest: items.slice(0, 30) });
		expect(thirty.body.BatchItemResponse).toHaveLength(30);
	});

	it('refuses an item that mixes Query and operation', async () => {
		const response = await qbo.post('/batch', { BatchItemRequest: [{ bId: 'x', operation: 'create', Query: 'SELECT * FROM Term' }] });
		expect(response.body.BatchItemResponse[0].Fault.Error[0].code).toBe('2010');
	});

	it('voids with operation update and optionsData "void"', async () => {
		const invoice = (await qbo.post('/invoice', invoiceBody())).body.Invoice;
		const response = await qbo.post('/batch', { BatchItemRequest: [{ bId: 'v', operation: 'update', optionsData: 'void', Invoice: { Id: invoice.Id, SyncToken: invoice.SyncToken } }] });
		expect(response.body.BatchItemResponse[0].Invoice).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
	});

	it('limits a batch requestid to 36 characters and bIds to 10 when a requestid is given (§15.3)', async () => {
		const items = { BatchItemRequest: [{ bId: 'b1', Query: 'SELECT * FROM Term' }] };
		expect(faultOf((await qbo.post(`/batch?requestid=${'r'.repeat(37)}`, items)).body).code).toBe('2130');
		expect((await qbo.post(`/batch?requestid=${'r'.repeat(36)}`, items)).status).toBe(200);
		const longBid = await qbo.post('/batch?requestid=batch-2', { BatchItemRequest: [{ bId: 'b'.repeat(11), Query: 'SELECT * FROM Term' }] });
		expect(faultOf(longBid.body).code).toBe('2130');
	});

	it('replays a batch sent again with the same requestid and creates nothing new', async () => {
		const body = { BatchItemRequest: [{ bId: 'c1', operation: 'create', Invoice: invoiceBody({ DocNumber: 'RB-1' }) }] };
		const first = await qbo.post('/batch?requestid=batch-run-1', body);
		const second = await qbo.post('/batch?requestid=batch-run-1', body);
		expect(second.body).toEqual(first.body);
		expect(sim.store.count('Invoice')).toBe(1);
	});
});

describe('requestid (§4.1, §4.2, §15.3)', () => {
	const requestId = '6f1c0c8e-2a55-4b7e-9d35-9a3f1f4c2b10';

	it('answers a repeated requestid with the first response and creates nothing', async () => {
		const first = await qbo.post(`/invoice?requestid=${requestId}&minorversion=75`, invoiceBody({ DocNumber: 'RQ-1' }));
		const again = await qbo.post(`/invoice?requestid=${requestId}&minorversion=75`, invoiceBody({ DocNumber: 'RQ-1' }));
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		// Even a different body: the service sends "the same response as it did for the original request".
		const changed = await qbo.post(`/invoice?requestid=${requestId}`, invoiceBody({ DocNumber: 'RQ-2' }));
		expect(changed.body.Invoice.DocNumber).toBe('RQ-1');
		expect(sim.store.count('Invoice')).toBe(1);
	});

	it('replays a failed first attempt as the same fault', async () => {
		const first = await qbo.post('/invoice?requestid=fails-once', invoiceBody({ CustomerRef: { value: '9999' } }));
		const again = await qbo.post('/invoice?requestid=fails-once', invoiceBody());
		expect(again.status).toBe(400);
		expect(again.body).toEqual(first.body);
	});

	it("answers Fault 600 Duplicate Request ID in 'error600' mode, as field reports show (§4.2)", async () => {
		sim.duplicateRequestIdMode = 'error600';
		await qbo.post(`/invoice?requestid=${requestId}`, invoiceBody());
		const again = await qbo.post(`/invoice?requestid=${requestId}`, invoiceBody());
		expect(again.status).toBe(400);
		expect(faultOf(again.body)).toMatchObject({ code: '600', Message: 'Duplicate Request ID' });
		expect(sim.store.count('Invoice')).toBe(1);
	});

	it("creates a duplicate in 'ignore' mode (DotNet-SDK #352, §4.3), so the DocNumber look-up must catch it", async () => {
		sim.duplicateRequestIdMode = 'ignore';
		await qbo.post(`/invoice?requestid=${requestId}`, invoiceBody());
		await qbo.post(`/invoice?requestid=${requestId}`, invoiceBody());
		expect(sim.store.count('Invoice')).toBe(2);
	});

	it('refuses a requestid longer than 50 characters with 2130', async () => {
		expect(faultOf((await qbo.post(`/invoice?requestid=${'x'.repeat(51)}`, invoiceBody())).body).code).toBe('2130');
		expect((await qbo.post(`/invoice?requestid=${'x'.repeat(50)}`, invoiceBody())).status).toBe(200);
	});

	it('makes a retry after a connection reset (write committed, answer lost) safe', async () => {
		sim.server.injectFault({ method: 'POST', path: '/invoice$', count: 1, resetAfterCommit: true });
		await expect(qbo.post('/invoice?requestid=reset-1', invoiceBody({ DocNumber: 'RS-1' }))).rejects.toThrow();
		expect(sim.store.count('Invoice')).toBe(1);
		const retry = await qbo.post('/invoice?requestid=reset-1', invoiceBody({ DocNumber: 'RS-1' }));
		expect(retry.status).toBe(200);
		expect(retry.body.Invoice.DocNumber).toBe('RS-1');
		expect(sim.store.count('Invoice')).toBe(1);
		expect(sim.server.calls(/\/invoice$/, 'POST').map((entry) => entry.outcome)).toEqual(['reset', 'answered']);
	});
});
