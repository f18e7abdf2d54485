/** The behaviours quickbooks.md marks UNVERIFIED: each is a setting, and both readings behave as documented in store.ts. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { ALTERNATE_READINGS, DEFAULT_READINGS, readingsFromEnvironment } from './store';
import { faultOf, invoiceBody, qboClient, type QboTestClient } from './testing';

let sim: QuickBooksSimulator;
let qbo: QboTestClient;

beforeAll(async () => {
	sim = await startQuickBooksSimulator({ settings: { ...DEFAULT_READINGS } });
	qbo = qboClient(sim);
});
beforeEach(() => sim.reset());
afterAll(() => sim.close());

async function openInvoice(amount: number): Promise<any> {
	return (await qbo.post('/invoice', invoiceBody({}, { qty: 1, price: amount }))).body.Invoice;
}

describe('over-applied payment (§15.4)', () => {
	const payment = (invoiceId: string) => ({
		CustomerRef: { value: DEFAULT_COMPANY.customers.acme },
		TotalAmt: 120,
		Line: [{ Amount: 120, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
	});

	it("'refuse' answers 6000 and books nothing", async () => {
		const invoice = await openInvoice(100);
		const answer = await qbo.post('/payment', payment(invoice.Id));
		expect(faultOf(answer.body).code).toBe('6000');
		expect(sim.store.count('Payment')).toBe(0);
	});

	it("'unapplied' applies the open balance and leaves the rest unapplied", async () => {
		sim.configure({ overAppliedPayment: 'unapplied' });
		const invoice = await openInvoice(100);
		const answer = await qbo.post('/payment', payment(invoice.Id));
		expect(answer.body.Payment).toMatchObject({ TotalAmt: 120, UnappliedAmt: 20, Line: [{ Amount: 100 }] });
		expect(sim.store.get('Invoice', invoice.Id)!.Balance).toBe(0);
	});
});

describe('sub-cent amounts', () => {
	it("'refuse' answers 2110; 'round' books the amount rounded half up", async () => {
		const line = { Amount: 10.005, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1, UnitPrice: 10.005, TaxCodeRef: { value: 'NON' } } };
		expect(faultOf((await qbo.post('/invoice', { ...invoiceBody(), Line: [line] })).body).code).toBe('2110');
		sim.configure({ subCentAmount: 'round' });
		const booked = await qbo.post('/invoice', { ...invoiceBody(), Line: [line] });
		expect(booked.body.Invoice.TotalAmt).toBe(10.01);
	});
});

describe('empty TaxCodeRef', () => {
	it("'refuse' answers 2020; 'accept' books the line with the item's default code", async () => {
		const body = invoiceBody();
		(body.Line as any)[0].SalesItemLineDetail.TaxCodeRef = {};
		expect(faultOf((await qbo.post('/invoice', body)).body).code).toBe('2020');
		sim.configure({ emptyTaxCodeRef: 'accept' });
		const booked = await qbo.post('/invoice', body);
		expect(booked.body.Invoice.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'NON' });
	});
});

describe('void with Id and SyncToken in the query string', () => {
	it("'refuse' leaves the document as it was; 'accept' voids invoices (operation=void) and payments alike", async () => {
		const invoice = await openInvoice(50);
		const refused = await qbo.post(`/invoice?operation=void&Id=${invoice.Id}&SyncToken=${invoice.SyncToken}`, undefined);
		expect(refused.status).toBe(400);
		expect(sim.store.get('Invoice', invoice.Id)!.TotalAmt).toBe(50);

		sim.configure({ voidInQueryString: 'accept' });
		const voided = await qbo.post(`/invoice?operation=void&Id=${invoice.Id}&SyncToken=${invoice.SyncToken}`, undefined);
		expect(voided.body.Invoice).toMatchObject({ TotalAmt: 0 });
		const payment = (await qbo.post('/payment', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, TotalAmt: 5 })).body.Payment;
		const voidedPayment = await qbo.post(`/payment?operation=void&Id=${payment.Id}&SyncToken=${payment.SyncToken}`, undefined);
		expect(voidedPayment.body.Payment).toMatchObject({ TotalAmt: 0 });
	});
});

describe('HSQB_QBO_READINGS', () => {
	it('flips every reading with "alternate", names some, and refuses unknown ones', () => {
		expect(readingsFromEnvironment('alternate')).toEqual(ALTERNATE_READINGS);
		expect(readingsFromEnvironment(undefined)).toEqual({});
		expect(readingsFromEnvironment('subCentAmount=round,caseSensitiveNames=true')).toEqual({ subCentAmount: 'round', caseSensitiveNames: true });
		expect(() => readingsFromEnvironment('subCentAmount=truncate')).toThrow(/refuse \| round/);
		expect(() => readingsFromEnvironment('colour=blue')).toThrow(/unknown reading/);
	});
});
