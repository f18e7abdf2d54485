import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, OCT_5, OCT_20, usePaymentSyncTestbed } from './paymentTestbed';

/** Record HubSpot Payment (QuickBooks node, resource Payment) against both simulators. */
const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { accounts, paymentMethods, items, customers } = DEFAULT_COMPANY;

function record(extra: IDataObject = {}): IDataObject {
	return {
		resource: 'payment',
		operation: 'recordHubSpotPayment',
		...extra,
		options: { timeZone: 'UTC', ...((extra.options as IDataObject | undefined) ?? {}) },
	};
}

const withCardAsVisa = { paymentMethods: { mapping: [{ hubspotMethod: 'card', paymentMethod: byId(paymentMethods.visa) }] } };

describe('Record HubSpot Payment: payments of an invoice', () => {
	it('applies the payment to the synced invoice (qbo_invoice_id): amount, date, method, reference, Undeposited Funds; a second run changes nothing', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('250.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '250.00', initiatedAt: OCT_20, methodType: 'card', feesAmount: '7.55' });
		const item = await tb.paymentItem(payment.id);

		const [outcome] = await tb.json(record({ options: withCardAsVisa }), [item]);
		expect(outcome).toMatchObject({ action: 'created', hubspotPaymentId: payment.id, documentType: 'Payment', quickbooksInvoiceId: qboInvoiceId, amount: '250.00', currency: 'USD' });
		const stored = tb.qb.sim.store.get('Payment', String((outcome.document as IDataObject).Id))!;
		expect(stored).toMatchObject({
			CustomerRef: { value: customers.acme },
			TotalAmt: 250,
			UnappliedAmt: 0,
			TxnDate: '2026-10-20',
			PaymentRefNum: payment.id,
			PrivateNote: expect.stringMatching(new RegExp(`^HubSpot payment ${payment.id}\nn8n execution \\S+$`)),
			PaymentMethodRef: { value: paymentMethods.visa },
			DepositToAccountRef: { value: accounts.undepositedFunds },
		});
		expect(stored.Line).toEqual([expect.objectContaining({ Amount: 250, LinkedTxn: [{ TxnId: qboInvoiceId, TxnType: 'Invoice' }] })]);
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(0);
		expect(tb.qb.apiCalls(/\/payment$/, 'POST')[0].query.requestid).toMatch(/^[0-9a-f-]{36}$/);

		tb.qb.sim.server.clearLog();
		const [again] = await tb.json(record({ options: withCardAsVisa }), [item]);
		expect(again).toMatchObject({ action: 'unchanged', hubspotPaymentId: payment.id, document: { Id: (outcome.document as IDataObject).Id } });
		expect(tb.writes(/\/payment$/)).toBe(0);
		expect(tb.qb.sim.store.count('Payment')).toBe(1);
	});

	it('finds the invoice by its number when nothing was written back, and deposits to the chosen account', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('80.00', { writeBack: false });
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		const [outcome] = await tb.json(record({ depositAccount: byId(accounts.checking) }), [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', quickbooksInvoiceId: qboInvoiceId });
		expect(tb.qb.sim.store.list('Payment')).toMatchObject([{ TotalAmt: 80, DepositToAccountRef: { value: accounts.checking } }]);
	});

	it('finds the invoice by the marker in its PrivateNote when it has another number', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('80.00', { writeBack: false, docNumber: false });
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		const [outcome] = await tb.json(record(), [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', quickbooksInvoiceId: qboInvoiceId });
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(0);
	});

	it('records partial payments and several payments of one invoice, each once, from items that lack the invoice (read from HubSpot)', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('100.00');
		const first = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '30.10', initiatedAt: OCT_5 });
		const second = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '45.00', initiatedAt: OCT_20 });
		// As a trigger without "Include" emits them: properties only.
		const bare = [first, second].map((payment) => ({ json: { objectType: 'payment', id: payment.id, properties: { ...payment.properties } } as IDataObject }));

		const outcomes = await tb.json(record(), bare);
		expect(outcomes.map((outcome) => outcome.action)).toEqual(['created', 'created']);
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(24.9);
		expect(tb.qb.sim.store.list('Payment').map((payment) => [payment.TotalAmt, payment.TxnDate])).toEqual([
			[30.1, '2026-10-05'],
			[45, '2026-10-20'],
		]);

		const third = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		const all = [...bare, { json: { objectType: 'payment', id: third.id, properties: { ...third.properties } } as IDataObject }];
		const rerun = await tb.json(record(), all);
		expect(rerun.map((outcome) => outcome.action)).toEqual(['unchanged', 'unchanged', 'created']);
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(0);
		expect(tb.qb.sim.store.count('Payment')).toBe(3);
	});

	it('creates the payment once when QuickBooks committed it but the answer was lost', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('90.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		tb.qb.sim.server.injectFault({ method: 'POST', path: '/payment$', count: 1, resetAfterCommit: true });

		const [outcome] = await tb.json(record(), [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', quickbooksInvoiceId: qboInvoiceId });
		expect(tb.qb.sim.server.faults).toEqual([]);
		expect(tb.qb.sim.store.count('Payment')).toBe(1);
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(0);
	});

	it('reads the payment by ID when asked to', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('60.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		const [outcome] = await tb.json(record({ paymentSource: 'paymentId', paymentId: '={{ $json.paymentId }}' }), [{ json: { paymentId: payment.id } }]);
		expect(outcome).toMatchObject({ action: 'created', hubspotPaymentId: payment.id, quickbooksInvoiceId: qboInvoiceId });
	});

	it('refuses an overpayment with its category and writes nothing', async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('100.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '100.00', initiatedAt: OCT_20 });
		// Someone recorded part of it in QuickBooks by hand: the open balance is now 40.00.
		await tb.qb.json({
			resource: 'payment',
			operation: 'create',
			customer: byId(customers.acme),
			amount: '60.00',
			invoices: { invoice: [{ invoiceId: qboInvoiceId, amount: '60.00' }] },
		});
		tb.qb.sim.server.clearLog();
		const item = await tb.paymentItem(payment.id);

		const [failed] = await tb.json(record(), [item], { continueOnFail: true });
		expect(failed).toMatchObject({ action: 'failed', hubspotPaymentId: payment.id, category: 'overpayment' });
		expect(String(failed.message)).toMatch(/100\.00 USD is more than the open balance 40\.00 USD/);
		expect(tb.writes(/\/payment$/)).toBe(0);

		const error = await tb.failure(record(), [item]);
		expect(error.message).toMatch(/more than the open balance/);
		expect(error.description).toMatch(/payment recorded twice/);
	});

	it('says the invoice is not in QuickBooks yet and how to fix it', async () => {
		const hubspot = tb.hubspotInvoice('75.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, initiatedAt: OCT_20 });
		const [failed] = await tb.json(record(), [await tb.paymentItem(payment.id)], { continueOnFail: true });
		expect(failed).toMatchObject({ action: 'failed', category: 'not_found', hubspotPaymentId: payment.id });
		expect(String(failed.howToFix)).toMatch(/Sync Invoice First If Needed/);
		expect(tb.qb.sim.store.count('Payment')).toBe(0);

		// "Continue (using error output)": the same outcome, under `error`, on the error output.
		const routed = await tb.run(record(), [await tb.paymentItem(payment.id)], { errorOutput: true });
		expect(routed.output('QuickBooks', 0)).toEqual([]);
		expect(routed.output('QuickBooks', 1).map((item) => item.json.error)).toEqual([expect.objectContaining({ action: 'failed', category: 'not_found', hubspotPaymentId: payment.id })]);
	});
});

describe('Record HubSpot Payment: Sync Invoice First If Needed', () => {
	it('syncs the invoice first, then applies the payment; the QuickBooks invoice id is written back to HubSpot; a second run changes nothing', async () => {
		const hubspot = tb.hubspotInvoice('75.00');
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '25.00', initiatedAt: OCT_20 });
		const parameters = record({ syncInvoiceFirst: true, defaultItem: byId(items.services) });

		const [outcome] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', hubspotPaymentId: payment.id, invoiceSynced: true, amount: '25.00' });
		const qboInvoiceId = String(outcome.quickbooksInvoiceId);
		expect(tb.qb.sim.store.get('Invoice', qboInvoiceId)).toMatchObject({ DocNumber: hubspot.number, TotalAmt: 75, Balance: 50 });
		expect(tb.hs.inspect('invoices', hubspot.id)!.properties).toMatchObject({ qbo_invoice_id: qboInvoiceId, qbo_sync_status: 'synced' });

		const [again] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(again).toMatchObject({ action: 'unchanged', quickbooksInvoiceId: qboInvoiceId });
		expect(again).not.toHaveProperty('invoiceSynced');
		expect(tb.qb.sim.store.count('Invoice')).toBe(1);
		expect(tb.qb.sim.store.count('Payment')).toBe(1);
	});
});

describe('Record HubSpot Payment: payments without an invoice', () => {
	it('records a checkout payment as a sales receipt for the customer matched by email; a second run changes nothing', async () => {
		const payment = tb.hs.recordPayment({ amount: '49.99', initiatedAt: OCT_20, sourceApp: 'SALES_CHECKOUT', customerEmail: 'ap@acme.example' });
		// Acme's QuickBooks customer has that email (the default company).
		const customersBefore = tb.qb.sim.store.count('Customer');
		const parameters = record({ salesReceiptItem: byId(items.services), depositAccount: byId(accounts.checking) });

		const [outcome] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', hubspotPaymentId: payment.id, documentType: 'SalesReceipt', amount: '49.99' });
		const [receipt] = tb.qb.sim.store.list('SalesReceipt');
		expect(receipt).toMatchObject({
			TotalAmt: 49.99,
			TxnDate: '2026-10-20',
			PaymentRefNum: payment.id,
			PrivateNote: expect.stringMatching(new RegExp(`^HubSpot payment ${payment.id}\nn8n execution \\S+$`)),
			DepositToAccountRef: { value: accounts.checking },
		});
		expect(receipt.Line[0]).toMatchObject({ Amount: 49.99, SalesItemLineDetail: { ItemRef: { value: items.services }, TaxCodeRef: { value: 'NON' } } });
		expect(receipt.CustomerRef.value).toBe(customers.acme);
		expect(tb.qb.sim.store.count('Customer')).toBe(customersBefore);

		tb.qb.sim.server.clearLog();
		const [again] = await tb.json(parameters, [await tb.paymentItem(payment.id)]);
		expect(again).toMatchObject({ action: 'unchanged', document: { Id: receipt.Id } });
		expect(tb.writes(/\/salesreceipt$/)).toBe(0);
		expect(tb.qb.sim.store.count('SalesReceipt')).toBe(1);
	});

	it("creates the payer's customer from the payment's contact once, for a quote and a subscription payment", async () => {
		const contact = tb.hs.createObject('contacts', { email: 'grace@hopper.example', firstname: 'Grace', lastname: 'Hopper' });
		const quote = tb.hs.recordPayment({ amount: '120.00', initiatedAt: OCT_5, sourceApp: 'QUOTE', contactIds: [contact.id] });
		const subscription = tb.hs.recordPayment({ amount: '30.00', initiatedAt: OCT_20, sourceApp: 'SUBSCRIPTION', contactIds: [contact.id] });
		const customersBefore = tb.qb.sim.store.count('Customer');
		const parameters = record({ salesReceiptItem: byId(items.services) });

		const outcomes = await tb.json(parameters, [await tb.paymentItem(quote.id), await tb.paymentItem(subscription.id)]);
		expect(outcomes.map((outcome) => [outcome.action, outcome.documentType])).toEqual([
			['created', 'SalesReceipt'],
			['created', 'SalesReceipt'],
		]);
		expect(tb.qb.sim.store.count('Customer')).toBe(customersBefore + 1);
		const grace = tb.qb.sim.store.list('Customer').find((customer) => customer.DisplayName === 'Grace Hopper')!;
		expect(grace.PrimaryEmailAddr).toEqual({ Address: 'grace@hopper.example' });
		expect(tb.qb.sim.store.list('SalesReceipt').map((receipt) => [receipt.CustomerRef.value, receipt.TotalAmt])).toEqual([
			[grace.Id, 120],
			[grace.Id, 30],
		]);

		const rerun = await tb.json(parameters, [await tb.paymentItem(quote.id), await tb.paymentItem(subscription.id)]);
		expect(rerun.map((outcome) => outcome.action)).toEqual(['unchanged', 'unchanged']);
		expect(tb.qb.sim.store.count('Customer')).toBe(customersBefore + 1);
		expect(tb.qb.sim.store.count('SalesReceipt')).toBe(2);
	});

	it('uses the customer chosen in the options', async () => {
		const payment = tb.hs.recordPayment({ amount: '10.00', initiatedAt: OCT_20, sourceApp: 'SALES_CHECKOUT' });
		const [outcome] = await tb.json(record({ salesReceiptItem: byId(items.services), options: { customer: byId(customers.globex) } }), [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', documentType: 'SalesReceipt' });
		expect(tb.qb.sim.store.list('SalesReceipt')[0].CustomerRef.value).toBe(customers.globex);
	});

	it('asks for the item when a payment without invoice arrives and none is chosen', async () => {
		const payment = tb.hs.recordPayment({ amount: '10.00', initiatedAt: OCT_20, sourceApp: 'SALES_CHECKOUT', customerEmail: 'x@example.com' });
		const [failed] = await tb.json(record(), [await tb.paymentItem(payment.id)], { continueOnFail: true });
		expect(failed).toMatchObject({ action: 'failed', category: 'validation' });
		expect(String(failed.howToFix)).toMatch(/Item For Payments Without Invoice/);
	});
});

describe('Record HubSpot Payment: payment-source rules', () => {
	it('skips payments that came from QuickBooks and payments not received, writing nothing', async () => {
		const { hubspot } = await tb.syncedInvoice('100.00');
		const fromQuickBooks = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '10.00', processorType: 'quickbooks', initiatedAt: OCT_20 });
		const failedCard = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '10.00', status: 'failed', initiatedAt: OCT_20 });
		const items = [{ json: { objectType: 'payment', id: fromQuickBooks.id, properties: { ...fromQuickBooks.properties } } as IDataObject }, { json: { objectType: 'payment', id: failedCard.id, properties: { ...failedCard.properties } } as IDataObject }];

		const outcomes = await tb.json(record(), items);
		expect(outcomes).toEqual([
			{ action: 'skipped', hubspotPaymentId: fromQuickBooks.id, reason: 'skipped: originated in QuickBooks' },
			{ action: 'skipped', hubspotPaymentId: failedCard.id, reason: 'not received: HubSpot status is failed' },
		]);
		expect(tb.qb.apiCalls()).toEqual([]);
		// Nothing was read from HubSpot for them either: the rules need only the properties.
		expect(tb.qb.sim.store.count('Payment')).toBe(0);
	});

	it('refuses an item that is not a payment, naming the item', async () => {
		const [failed] = await tb.json(record(), [{ json: { objectType: 'invoice', id: '12', properties: {} } }], { continueOnFail: true });
		expect(failed).toMatchObject({ action: 'failed', category: 'validation' });
		expect(String(failed.message)).toMatch(/Item 0 is a HubSpot invoice, not a payment/);
	});
});
