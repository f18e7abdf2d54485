import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call, manualClock } from './testing';

const clock = manualClock();
let sim: HubSpotSimulator;

beforeAll(async () => {
	sim = await startHubSpotSimulator({ now: clock.now });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
	clock.set(Date.UTC(2026, 0, 15, 12, 0, 0));
});

const props = (type: string, id: string) => sim.inspect(type, id)!.properties;
const buyer = { email: 'buyer@example.com', firstname: 'Grace' };

describe('line items (hubspot.md §3.1: amount = quantity × price, less line discounts)', () => {
	it('computes the net price and the total discount', () => {
		const invoice = sim.createInvoice({
			currency: 'USD',
			lineItems: [
				{ price: '19.99', quantity: 3 },
				{ price: '100.00', quantity: 2, discount: '5.00' },
				{ price: '80.00', quantity: 1, discountPercentage: '12.5' },
			],
		});
		const [plain, unitDiscount, percentDiscount] = invoice.lineItemIds.map((id) => props('line_items', id));
		expect(plain).toMatchObject({ amount: '59.97', hs_total_discount: '0.00' });
		expect(unitDiscount).toMatchObject({ amount: '190.00', hs_total_discount: '10.00' });
		expect(percentDiscount).toMatchObject({ amount: '70.00', hs_total_discount: '10.00' });
		expect(props('invoices', invoice.id).hs_amount_billed).toBe('319.97');
	});

	it('re-derives the line and the invoice when a line changes', async () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '10.00', quantity: 1 }] });
		const response = await call(sim, 'PATCH', `/crm/v3/objects/line_items/${invoice.lineItemIds[0]}`, { properties: { quantity: '4' } });
		expect(response.status).toBe(200);
		expect(props('line_items', invoice.lineItemIds[0]).amount).toBe('40.00');
		expect(props('invoices', invoice.id)).toMatchObject({ hs_amount_billed: '40.00', hs_balance_due: '40.00' });
	});
});

describe('invoice totals (hubspot.md §3.2: discounts, then fees, then taxes; PERCENT on the running subtotal)', () => {
	it('applies the order and rounds each step to cents', () => {
		const invoice = sim.createInvoice({
			currency: 'USD',
			lineItems: [{ price: '199.99', quantity: 1 }],
			discounts: [{ type: 'PERCENT', value: '10' }],
			fees: [{ type: 'FIXED', value: '15.00' }],
			taxes: [{ type: 'PERCENT', value: '8.875' }],
		});
		// 199.99 − 20.00 (10 %, 19.999 rounded) = 179.99; + 15.00 = 194.99; + 17.31 (8.875 %) = 212.30
		expect(props('invoices', invoice.id)).toMatchObject({ hs_amount_billed: '212.30', hs_balance_due: '212.30' });
	});

	it('follows hs_sort_order within a kind (a fixed discount before a percent one changes the result)', () => {
		const fixedFirst = sim.createInvoice({
			currency: 'USD',
			lineItems: [{ price: '100.00' }],
			discounts: [{ type: 'PERCENT', value: '10', sortOrder: 2 }, { type: 'FIXED', value: '20.00', sortOrder: 1 }],
		});
		const percentFirst = sim.createInvoice({
			currency: 'USD',
			lineItems: [{ price: '100.00' }],
			discounts: [{ type: 'PERCENT', value: '10', sortOrder: 1 }, { type: 'FIXED', value: '20.00', sortOrder: 2 }],
		});
		expect(props('invoices', fixedFirst.id).hs_amount_billed).toBe('72.00');
		expect(props('invoices', percentFirst.id).hs_amount_billed).toBe('70.00');
	});

	it('rounds to the currency minor unit: JPY 0, KWD 3 decimals', () => {
		const yen = sim.createInvoice({ currency: 'JPY', lineItems: [{ price: '1999', quantity: 3 }], taxes: [{ type: 'PERCENT', value: '10' }] });
		expect(props('invoices', yen.id).hs_amount_billed).toBe('6597');
		const dinar = sim.createInvoice({ currency: 'KWD', lineItems: [{ price: '12.345', quantity: 1 }], taxes: [{ type: 'PERCENT', value: '5' }] });
		// 12.345 + 0.617 (0.61725 rounded) = 12.962
		expect(props('invoices', dinar.id).hs_amount_billed).toBe('12.962');
	});

	it('updates the totals when a discount is added later over v4', async () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '50.00' }], contacts: [buyer] });
		const discount = sim.createObject('discounts', { hs_label: 'Late', hs_type: 'FIXED', hs_value: '5' });
		await call(sim, 'PUT', `/crm/v4/objects/invoices/${invoice.id}/associations/default/discounts/${discount.id}`);
		expect(props('invoices', invoice.id).hs_amount_billed).toBe('45.00');
	});
});

describe('payments and refunds (hubspot.md §2)', () => {
	it('a partial payment lowers the balance; paying the rest makes the invoice paid, with history', async () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '100.00' }], contacts: [buyer] });
		clock.advance(60_000);
		sim.setInvoiceStatus(invoice.id, 'open');
		clock.advance(60_000);
		sim.recordPayment({ invoiceId: invoice.id, amount: '30.00' });
		expect(props('invoices', invoice.id)).toMatchObject({ hs_balance_due: '70.00', hs_invoice_status: 'open' });
		clock.advance(60_000);
		const payment = sim.recordPayment({ invoiceId: invoice.id, feesAmount: '2.33', platformFee: '0.35' });
		expect(props('commerce_payments', payment.id)).toMatchObject({
			hs_initial_amount: '70.00',
			hs_fees_amount: '2.33',
			hs_platform_fee: '0.35',
			hs_net_amount: '67.32',
			hs_latest_status: 'succeeded',
			hs_payment_source_app: 'INVOICE',
			hs_has_associated_invoice: 'true',
			hs_number_of_associated_invoices: '1',
			hs_customer_email: 'buyer@example.com',
		});
		expect(props('invoices', invoice.id)).toMatchObject({ hs_balance_due: '0.00', hs_amount_billed: '100.00', hs_invoice_status: 'paid' });

		const response = await call(sim, 'GET', `/crm/v3/objects/invoices/${invoice.id}?propertiesWithHistory=hs_invoice_status`);
		expect(response.body.propertiesWithHistory.hs_invoice_status).toEqual([
			{ value: 'paid', timestamp: '2026-01-15T12:03:00.000Z', sourceType: 'CALCULATED' },
			{ value: 'open', timestamp: '2026-01-15T12:01:00.000Z', sourceType: 'CRM_UI' },
			{ value: 'draft', timestamp: '2026-01-15T12:00:00.000Z', sourceType: 'CRM_UI' },
		]);
	});

	it('refunds: partial then full, with hs_refunds_amount and hs_latest_status; the balance comes back', () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '80.00' }], contacts: [buyer], status: 'paid', payment: { feesAmount: '2.62', platformFee: '0' } });
		const [paymentId] = invoice.paymentIds;
		sim.refundPayment(paymentId, { amount: '20.00' });
		expect(props('commerce_payments', paymentId)).toMatchObject({ hs_refunds_amount: '20.00', hs_latest_status: 'partially_refunded', hs_net_amount_after_refunds: '57.38' });
		expect(props('invoices', invoice.id)).toMatchObject({ hs_balance_due: '20.00', hs_invoice_status: 'paid' });
		sim.refundPayment(paymentId);
		// "fees aren't returned" (hubspot.md §2.4): the net after refunds goes negative.
		expect(props('commerce_payments', paymentId)).toMatchObject({ hs_refunds_amount: '80.00', hs_latest_status: 'refunded', hs_net_amount_after_refunds: '-2.62' });
		expect(props('invoices', invoice.id).hs_balance_due).toBe('80.00');
		expect(() => sim.refundPayment(paymentId, { amount: '0.01' })).toThrow(/exceeds/);
	});

	it('records payments without an invoice (checkout, quote) and QuickBooks-recorded ones', () => {
		const checkout = sim.recordPayment({ amount: '49.00', sourceApp: 'QUOTE', feesAmount: '1.72', platformFee: '0.25' });
		expect(props('commerce_payments', checkout.id)).toMatchObject({ hs_payment_source_app: 'QUOTE', hs_has_associated_invoice: 'false', hs_currency_code: 'USD' });
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '10.00' }], contacts: [buyer], status: 'open' });
		const quickbooks = sim.recordPayment({ invoiceId: invoice.id, processorType: 'quickbooks', methodType: 'check' });
		expect(props('commerce_payments', quickbooks.id)).toMatchObject({ hs_processor_type: 'quickbooks', hs_initial_amount: '10.00' });
	});

	it('refuses a payment above the balance due, in another currency, or not positive', () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '10.00' }], contacts: [buyer], status: 'open' });
		expect(() => sim.recordPayment({ invoiceId: invoice.id, amount: '10.01' })).toThrow(/exceeds/);
		expect(() => sim.recordPayment({ invoiceId: invoice.id, amount: '5', currency: 'EUR' })).toThrow(/currency/);
		expect(() => sim.recordPayment({ amount: '0' })).toThrow(/positive/);
	});

	it('marking paid in the app records a manual payment for the balance', () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '12.34' }], contacts: [buyer] });
		sim.setInvoiceStatus(invoice.id, 'paid');
		const stored = sim.inspect('invoices', invoice.id)!;
		expect(stored.properties).toMatchObject({ hs_invoice_status: 'paid', hs_balance_due: '0.00' });
		const [paymentId] = stored.associations.commerce_payments!;
		expect(props('commerce_payments', paymentId)).toMatchObject({ hs_initial_amount: '12.34', hs_processor_type: 'none', hs_payment_method_type: 'other' });
	});
});

describe('status transitions in the app (hubspot.md §1.3, §1.4)', () => {
	it('opening needs a contact and a line item', () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '1.00' }] });
		expect(() => sim.setInvoiceStatus(invoice.id, 'open')).toThrow(/contact/);
	});

	it('voided is final and nothing goes back to draft', () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '1.00' }], contacts: [buyer], status: 'voided' });
		expect(props('invoices', invoice.id).hs_invoice_status).toBe('voided');
		expect(() => sim.setInvoiceStatus(invoice.id, 'open')).toThrow(/voided/);
		const open = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '1.00' }], contacts: [buyer], status: 'open' });
		expect(() => sim.setInvoiceStatus(open.id, 'draft')).toThrow(/draft/);
	});
});

describe('hs_lastmodifieddate (hubspot.md §4.4: the polling cursor)', () => {
	it('moves on every write, as an ISO string equal to updatedAt', async () => {
		const invoice = sim.createInvoice({ currency: 'USD', lineItems: [{ price: '1.00' }], contacts: [buyer] });
		expect(props('invoices', invoice.id).hs_lastmodifieddate).toBe('2026-01-15T12:00:00.000Z');
		clock.advance(1_234);
		const response = await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_comments: 'thanks' } });
		expect(response.body.properties.hs_lastmodifieddate).toBe('2026-01-15T12:00:01.234Z');
		expect(response.body.updatedAt).toBe('2026-01-15T12:00:01.234Z');
		clock.advance(1_000);
		// A write that changes nothing is not a modification.
		await call(sim, 'PATCH', `/crm/v3/objects/invoices/${invoice.id}`, { properties: { hs_comments: 'thanks' } });
		expect(props('invoices', invoice.id).hs_lastmodifieddate).toBe('2026-01-15T12:00:01.234Z');
		// A payment changes the balance, so the invoice is modified too.
		sim.setInvoiceStatus(invoice.id, 'open');
		clock.advance(1_000);
		sim.recordPayment({ invoiceId: invoice.id, amount: '0.50' });
		expect(props('invoices', invoice.id).hs_lastmodifieddate).toBe('2026-01-15T12:00:03.234Z');
	});

	it('can be set explicitly, so tests can make equal timestamps', async () => {
		const first = sim.createInvoice({ currency: 'USD' });
		const second = sim.createInvoice({ currency: 'USD' });
		const instant = Date.UTC(2026, 0, 10, 9, 30, 0, 500);
		sim.setLastModified('invoices', second.id, instant);
		sim.setLastModified('invoices', first.id, new Date(instant).toISOString());
		const response = await call(sim, 'POST', '/crm/v3/objects/invoices/search', {
			filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(instant) }] }],
			sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
		});
		expect(response.body.results.map((record: any) => record.id)).toEqual([first.id, second.id]);
		expect(response.body.results[0].properties.hs_lastmodifieddate).toBe('2026-01-10T09:30:00.500Z');
	});

	it('numbers invoices INV-1001, INV-1002, …', () => {
		expect(sim.createInvoice({ currency: 'USD' }).number).toBe('INV-1001');
		expect(sim.createInvoice({ currency: 'USD' }).number).toBe('INV-1002');
	});
});
