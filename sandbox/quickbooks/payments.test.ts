/** Payments, receipts, credit memos, refunds, expenses, currencies and non-US tax (quickbooks.md §2.2–§2.4, §10). */
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

const { customers, accounts, items, vendors, paymentMethods } = DEFAULT_COMPANY;

async function invoiceFor(amount: number, customer: string = customers.acme) {
	return (await qbo.post('/invoice', invoiceBody({ CustomerRef: { value: customer } }, { qty: 1, price: amount }))).body.Invoice;
}

function payment(invoiceId: string, amount: number, total = amount, customer: string = customers.acme) {
	return { CustomerRef: { value: customer }, TotalAmt: total, Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }] };
}

describe('Payment (§2.2)', () => {
	it('reduces the invoice Balance by what it applies and links it back', async () => {
		const invoice = await invoiceFor(100);
		const first = await qbo.post('/payment', { ...payment(invoice.Id, 40.1), PaymentMethodRef: { value: paymentMethods.visa }, PaymentRefNum: 'ch_1' });
		expect(first.status).toBe(200);
		expect(first.body.Payment).toMatchObject({ TotalAmt: 40.1, UnappliedAmt: 0, DepositToAccountRef: { value: accounts.undepositedFunds, name: 'Undeposited Funds' } });
		await qbo.post('/payment', payment(invoice.Id, 59.9));
		const after = (await qbo.get(`/invoice/${invoice.Id}`)).body.Invoice;
		expect(after.Balance).toBe(0);
		expect(after.TotalAmt).toBe(100);
		expect(after.LinkedTxn.map((link: any) => link.TxnType)).toEqual(['Payment', 'Payment']);
		// The invoice changed, so its SyncToken moved on (stricter: a stale update must re-read).
		expect(after.SyncToken).toBe('2');
		expect(sim.store.get('Customer', customers.acme)?.Balance).toBe(0);
	});

	it('requires TotalAmt and CustomerRef (2020)', async () => {
		const invoice = await invoiceFor(10);
		const { TotalAmt: _total, ...withoutTotal } = payment(invoice.Id, 10);
		expect(faultOf((await qbo.post('/payment', withoutTotal)).body)).toMatchObject({ code: '2020', element: 'TotalAmt' });
		const { CustomerRef: _customer, ...withoutCustomer } = payment(invoice.Id, 10);
		expect(faultOf((await qbo.post('/payment', withoutCustomer)).body)).toMatchObject({ code: '2020', element: 'CustomerRef' });
	});

	it('refuses to apply more than the open balance (stricter reading of the undocumented case, §15.4)', async () => {
		const invoice = await invoiceFor(100);
		await qbo.post('/payment', payment(invoice.Id, 60));
		const over = await qbo.post('/payment', payment(invoice.Id, 40.01));
		expect(over.status).toBe(400);
		expect(faultOf(over.body).code).toBe('6000');
		expect(faultOf(over.body).Detail).toContain('exceeds its open balance (40)');
		expect(sim.store.count('Payment')).toBe(1);
	});

	it('keeps the rest of TotalAmt as UnappliedAmt and refuses lines above TotalAmt', async () => {
		const invoice = await invoiceFor(100);
		const partial = (await qbo.post('/payment', payment(invoice.Id, 30, 50))).body.Payment;
		expect(partial.UnappliedAmt).toBe(20);
		expect(sim.store.get('Customer', customers.acme)?.Balance).toBe(50);
		const unapplied = await qbo.post('/payment', { CustomerRef: { value: customers.acme }, TotalAmt: 25 });
		expect(unapplied.body.Payment.UnappliedAmt).toBe(25);
		const tooMuch = await qbo.post('/payment', payment(invoice.Id, 30, 20));
		expect(faultOf(tooMuch.body)).toMatchObject({ code: '6000', element: 'TotalAmt' });
	});

	it("refuses an invoice of another customer (620) and an unknown TxnId (2500)", async () => {
		const invoice = await invoiceFor(100, customers.globex);
		const other = await qbo.post('/payment', payment(invoice.Id, 10));
		expect(faultOf(other.body).code).toBe('620');
		const unknown = await qbo.post('/payment', payment('4242', 10));
		expect(faultOf(unknown.body)).toMatchObject({ code: '2500', element: 'Line.LinkedTxn.TxnId' });
	});

	it('voids with operation=update&include=void, zeroing it and reopening the invoice (§1.6)', async () => {
		const invoice = await invoiceFor(100);
		const paid = (await qbo.post('/payment', payment(invoice.Id, 100))).body.Payment;
		const wrongWay = await qbo.post('/payment?operation=void', { Id: paid.Id, SyncToken: paid.SyncToken });
		expect(faultOf(wrongWay.body).code).toBe('500');
		const voided = (await qbo.post('/payment?operation=update&include=void', { Id: paid.Id, SyncToken: paid.SyncToken, sparse: true })).body.Payment;
		expect(voided).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0, PrivateNote: 'Voided', SyncToken: '1' });
		const reopened = (await qbo.get(`/invoice/${invoice.Id}`)).body.Invoice;
		expect(reopened.Balance).toBe(100);
		expect(reopened.LinkedTxn).toEqual([]);
	});

	it('deleting a payment reopens the invoice; an update re-applies it', async () => {
		const invoice = await invoiceFor(100);
		const paid = (await qbo.post('/payment', payment(invoice.Id, 70))).body.Payment;
		const updated = (await qbo.post('/payment?operation=update', { ...payment(invoice.Id, 100), Id: paid.Id, SyncToken: paid.SyncToken })).body.Payment;
		expect(updated.TotalAmt).toBe(100);
		expect(sim.store.get('Invoice', invoice.Id)?.Balance).toBe(0);
		await qbo.post('/payment?operation=delete', { Id: paid.Id, SyncToken: updated.SyncToken });
		expect(sim.store.get('Invoice', invoice.Id)?.Balance).toBe(100);
	});

	it('refuses to delete an invoice that has payments (stricter)', async () => {
		const invoice = await invoiceFor(100);
		await qbo.post('/payment', payment(invoice.Id, 10));
		const current = sim.store.get('Invoice', invoice.Id)!;
		const deleted = await qbo.post('/invoice?operation=delete', { Id: current.Id, SyncToken: current.SyncToken });
		expect(faultOf(deleted.body).code).toBe('6000');
	});

	it('refuses an invoice update that would total less than the payments applied', async () => {
		const invoice = await invoiceFor(100);
		await qbo.post('/payment', payment(invoice.Id, 80));
		const current = sim.store.get('Invoice', invoice.Id)!;
		const shrink = await qbo.post('/invoice', { Id: current.Id, SyncToken: current.SyncToken, sparse: true, Line: invoiceBody({}, { qty: 1, price: 50 }).Line });
		expect(faultOf(shrink.body).code).toBe('6000');
	});
});

describe('SalesReceipt, CreditMemo, RefundReceipt (§2.4)', () => {
	it('books a sales receipt to Undeposited Funds with Balance 0 and voids it with include=void', async () => {
		const receipt = (await qbo.post('/salesreceipt', invoiceBody({ DocNumber: 'SR-1', PaymentMethodRef: { value: paymentMethods.visa } }, { qty: 2, price: 12.5 }))).body.SalesReceipt;
		expect(receipt).toMatchObject({ TotalAmt: 25, Balance: 0, DepositToAccountRef: { value: accounts.undepositedFunds } });
		const voided = (await qbo.post('/salesreceipt?operation=update&include=void', { Id: receipt.Id, SyncToken: receipt.SyncToken, sparse: true })).body.SalesReceipt;
		expect(voided).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
		const missingCustomer = await qbo.post('/salesreceipt', { Line: invoiceBody().Line });
		expect(faultOf(missingCustomer.body)).toMatchObject({ code: '2020', element: 'CustomerRef' });
	});

	it('refuses a deposit account that is not Bank or Other Current Asset (6430)', async () => {
		const response = await qbo.post('/salesreceipt', invoiceBody({ DepositToAccountRef: { value: accounts.merchantFees } }));
		expect(faultOf(response.body).code).toBe('6430');
	});

	it('credit memos carry a Balance that a payment can apply against an invoice', async () => {
		const invoice = await invoiceFor(100);
		const credit = (await qbo.post('/creditmemo', invoiceBody({}, { qty: 1, price: 30 }))).body.CreditMemo;
		expect(credit).toMatchObject({ TotalAmt: 30, Balance: 30, RemainingCredit: 30 });
		expect(sim.store.get('Customer', customers.acme)?.Balance).toBe(70);
		const applied = await qbo.post('/payment', {
			CustomerRef: { value: customers.acme },
			TotalAmt: 70,
			Line: [
				{ Amount: 100, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] },
				{ Amount: 30, LinkedTxn: [{ TxnId: credit.Id, TxnType: 'CreditMemo' }] },
			],
		});
		expect(applied.status).toBe(200);
		expect(sim.store.get('Invoice', invoice.Id)?.Balance).toBe(0);
		expect(sim.store.get('CreditMemo', credit.Id)?.Balance).toBe(0);
		expect(sim.store.get('Customer', customers.acme)?.Balance).toBe(0);
		const voidMemo = await qbo.post('/creditmemo?operation=void', { Id: credit.Id, SyncToken: '1' });
		expect(faultOf(voidMemo.body).code).toBe('500');
	});

	it('refund receipts need DepositToAccountRef, and PaymentRefNum when it is a Bank account', async () => {
		const missingAccount = await qbo.post('/refundreceipt', invoiceBody());
		expect(faultOf(missingAccount.body)).toMatchObject({ code: '2020', element: 'DepositToAccountRef' });
		const missingRef = await qbo.post('/refundreceipt', invoiceBody({ DepositToAccountRef: { value: accounts.checking } }));
		expect(faultOf(missingRef.body)).toMatchObject({ code: '2020', element: 'PaymentRefNum' });
		const refund = await qbo.post('/refundreceipt', invoiceBody({ DepositToAccountRef: { value: accounts.checking }, PaymentRefNum: 're_1', PaymentType: 'CreditCard' }, { qty: 1, price: 19.99 }));
		expect(refund.body.RefundReceipt).toMatchObject({ TotalAmt: 19.99, Balance: 0, PaymentRefNum: 're_1' });
	});
});

describe('Purchase (§2.3)', () => {
	const feeExpense = (overrides: Record<string, unknown> = {}) => ({
		PaymentType: 'CreditCard',
		AccountRef: { value: accounts.businessCard },
		EntityRef: { value: vendors.stripe, type: 'Vendor' },
		DocNumber: 'FEES-2026-09',
		Line: [
			{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 12.34, Description: 'Processing fees', AccountBasedExpenseLineDetail: { AccountRef: { value: accounts.merchantFees } } },
			{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 0.66, Description: 'Platform fees', AccountBasedExpenseLineDetail: { AccountRef: { value: accounts.bankCharges } } },
		],
		...overrides,
	});

	it('books a fee expense with an exact total', async () => {
		const response = await qbo.post('/purchase', feeExpense());
		expect(response.status).toBe(200);
		expect(response.body.Purchase).toMatchObject({ TotalAmt: 13, PaymentType: 'CreditCard', Credit: false, EntityRef: { value: vendors.stripe, name: 'Stripe', type: 'Vendor' } });
	});

	it('requires PaymentType, AccountRef and Line (2020)', async () => {
		const { PaymentType: _type, ...noType } = feeExpense();
		expect(faultOf((await qbo.post('/purchase', noType)).body)).toMatchObject({ code: '2020', element: 'PaymentType' });
		const { AccountRef: _account, ...noAccount } = feeExpense();
		expect(faultOf((await qbo.post('/purchase', noAccount)).body)).toMatchObject({ code: '2020', element: 'AccountRef' });
		expect(faultOf((await qbo.post('/purchase', feeExpense({ Line: undefined }))).body)).toMatchObject({ code: '2020', element: 'Line' });
	});

	it('pays Check from a Bank account and CreditCard from a credit-card account (6430)', async () => {
		expect(faultOf((await qbo.post('/purchase', feeExpense({ PaymentType: 'Check' }))).body).code).toBe('6430');
		expect(faultOf((await qbo.post('/purchase', feeExpense({ AccountRef: { value: accounts.checking } }))).body).code).toBe('6430');
		expect((await qbo.post('/purchase', feeExpense({ PaymentType: 'Check', AccountRef: { value: accounts.checking } }))).status).toBe(200);
	});

	it('posts expense lines to expense accounts only (6430)', async () => {
		const line = { DetailType: 'AccountBasedExpenseLineDetail', Amount: 5, AccountBasedExpenseLineDetail: { AccountRef: { value: accounts.sales } } };
		expect(faultOf((await qbo.post('/purchase', feeExpense({ Line: [line] }))).body).code).toBe('6430');
	});

	it('refuses a duplicate DocNumber (6140) unless include=allowduplicatedocnum (§1.7, §2.3)', async () => {
		await qbo.post('/purchase', feeExpense());
		expect(faultOf((await qbo.post('/purchase', feeExpense())).body).code).toBe('6140');
		expect((await qbo.post('/purchase?include=allowduplicatedocnum', feeExpense())).status).toBe(200);
	});

	it('a sparse update must repeat PaymentType and AccountRef (§1.5)', async () => {
		const purchase = (await qbo.post('/purchase', feeExpense())).body.Purchase;
		const sparse = await qbo.post('/purchase', { Id: purchase.Id, SyncToken: purchase.SyncToken, sparse: true, PrivateNote: 'September fees' });
		expect(faultOf(sparse.body)).toMatchObject({ code: '2020', element: 'PaymentType' });
		const ok = await qbo.post('/purchase', { Id: purchase.Id, SyncToken: purchase.SyncToken, sparse: true, PaymentType: 'CreditCard', AccountRef: purchase.AccountRef, PrivateNote: 'September fees' });
		expect(ok.body.Purchase).toMatchObject({ PrivateNote: 'September fees', TotalAmt: 13 });
	});
});

describe('multicurrency (§10.1)', () => {
	let multi: QuickBooksSimulator;
	let client: QboTestClient;
	beforeAll(async () => {
		multi = await startQuickBooksSimulator({ multicurrency: true });
		client = qboClient(multi);
	});
	afterAll(() => multi.close());

	const { eur, jpy, kwd } = DEFAULT_COMPANY.foreignCustomers;

	it('requires CurrencyRef on transactions and the customer currency', async () => {
		const missing = await client.post('/invoice', invoiceBody({ CustomerRef: { value: eur } }));
		expect(faultOf(missing.body)).toMatchObject({ code: '2020', element: 'CurrencyRef' });
		const mismatch = await client.post('/invoice', invoiceBody({ CustomerRef: { value: eur }, CurrencyRef: { value: 'USD' } }));
		expect(faultOf(mismatch.body)).toMatchObject({ code: '6000', element: 'CurrencyRef' });
	});

	it('keeps amounts in each currency exponent: JPY 0, KWD 3 decimals, and HomeTotalAmt exact', async () => {
		const yen = await client.post('/invoice', invoiceBody({ CustomerRef: { value: jpy }, CurrencyRef: { value: 'JPY' } }, { qty: 1, price: 1500.5, amount: 1500.5 }));
		expect(faultOf(yen.body).code).toBe('2110');
		const dinar = await client.post('/invoice', invoiceBody({ CustomerRef: { value: kwd }, CurrencyRef: { value: 'KWD' }, ExchangeRate: 3.25 }, { qty: 3, price: 1.1115, amount: 3.335 }));
		expect(dinar.status).toBe(200);
		expect(dinar.body.Invoice).toMatchObject({ TotalAmt: 3.335, ExchangeRate: 3.25, HomeTotalAmt: 10.84, CurrencyRef: { value: 'KWD' } });
		const euro = await client.post('/invoice', invoiceBody({ CustomerRef: { value: eur }, CurrencyRef: { value: 'EUR' } }, { qty: 1, price: 100 }));
		expect(euro.body.Invoice).toMatchObject({ ExchangeRate: 1.085, HomeTotalAmt: 108.5, HomeBalance: 108.5 });
	});
});

describe('non-US tax (§10.3)', () => {
	let gb: QuickBooksSimulator;
	let client: QboTestClient;
	beforeAll(async () => {
		gb = await startQuickBooksSimulator({ country: 'GB' });
		client = qboClient(gb);
	});
	afterAll(() => gb.close());

	const line = (taxCode?: string) => ({
		DetailType: 'SalesItemLineDetail',
		Amount: 100,
		SalesItemLineDetail: { ItemRef: { value: items.services }, Qty: 1, UnitPrice: 100, ...(taxCode ? { TaxCodeRef: { value: taxCode } } : {}) },
	});

	it('needs a TaxCode id on every line and computes VAT from its rate', async () => {
		const missing = await client.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [line()] });
		expect(faultOf(missing.body).code).toBe('6000');
		const usStyle = await client.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [line('TAX')] });
		expect(faultOf(usStyle.body).code).toBe('2500');
		const vat = (await client.post('/invoice', { CustomerRef: { value: customers.acme }, Line: [line('1')] })).body.Invoice;
		expect(vat).toMatchObject({ TotalAmt: 120, GlobalTaxCalculation: 'TaxExcluded', TxnTaxDetail: { TotalTax: 20 } });
		const inclusive = (await client.post('/invoice', { CustomerRef: { value: customers.acme }, GlobalTaxCalculation: 'TaxInclusive', Line: [line('1')] })).body.Invoice;
		expect(inclusive).toMatchObject({ TotalAmt: 100, TxnTaxDetail: { TotalTax: 16.67 } });
	});

	it('refuses TxnTaxDetail with GlobalTaxCalculation NotApplicable (6170)', async () => {
		const response = await client.post('/invoice', { CustomerRef: { value: customers.acme }, GlobalTaxCalculation: 'NotApplicable', TxnTaxDetail: { TotalTax: 0 }, Line: [line('1')] });
		expect(faultOf(response.body).code).toBe('6170');
	});

	it('reports GB and GBP in CompanyInfo and Preferences', async () => {
		expect((await client.get('/preferences')).body.Preferences.CurrencyPrefs.HomeCurrency).toEqual({ value: 'GBP' });
		expect((await client.get(`/companyinfo/${gb.realmId}`)).body.CompanyInfo.Country).toBe('GB');
	});
});
