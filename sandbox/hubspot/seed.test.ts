import { describe, expect, it } from '@jest/globals';
import { add, compareDecimal, decimal, formatMoney, subtract, ZERO } from './money';
import { seedHubSpot } from './seed';
import { HubSpotStore } from './store';

function fingerprint(store: HubSpotStore): string {
	const parts: string[] = [];
	for (const type of ['invoices', 'line_items', 'contacts', 'companies', 'discounts', 'fees', 'taxes', 'commerce_payments'] as const) {
		for (const record of store.records(type).values()) {
			const associations = [...record.associations.entries()].map(([to, ids]) => `${to}:${[...ids].join(',')}`).join(';');
			parts.push(`${type}/${record.id}/${JSON.stringify(record.properties)}/${associations}`);
		}
	}
	return parts.join('\n');
}

describe('seedHubSpot', () => {
	it('gives the same records for the same seed, and other records for another seed', () => {
		const first = new HubSpotStore();
		const second = new HubSpotStore();
		const other = new HubSpotStore();
		seedHubSpot(first, { invoices: 300, seed: 7, currencies: ['USD', 'EUR'] });
		seedHubSpot(second, { invoices: 300, seed: 7, currencies: ['USD', 'EUR'] });
		seedHubSpot(other, { invoices: 300, seed: 8, currencies: ['USD', 'EUR'] });
		expect(fingerprint(first)).toBe(fingerprint(second));
		expect(fingerprint(first)).not.toBe(fingerprint(other));
	});

	it('makes the mix the brief asks for', () => {
		const store = new HubSpotStore();
		const summary = seedHubSpot(store, { invoices: 2000, seed: 3, currencies: ['USD', 'JPY', 'KWD'] });
		expect(summary.invoices).toBe(2000);
		expect(store.counts().invoices).toBe(2000);
		// About three line items per invoice.
		expect(summary.lineItems / summary.invoices).toBeGreaterThan(2.6);
		expect(summary.lineItems / summary.invoices).toBeLessThan(3.4);
		// About 30 % of invoices bring a new contact.
		expect(summary.contacts / summary.invoices).toBeGreaterThan(0.25);
		expect(summary.contacts / summary.invoices).toBeLessThan(0.35);
		expect(summary.byStatus.open).toBeGreaterThan(700);
		expect(summary.byStatus.paid).toBeGreaterThan(700);
		expect(summary.discounts).toBeGreaterThan(0);
		expect(summary.fees).toBeGreaterThan(0);
		expect(summary.taxes).toBeGreaterThan(0);
		expect(summary.refunds).toBeGreaterThan(0);

		const payments = [...store.records('commerce_payments').values()].map((record) => record.properties);
		const sources = new Set(payments.map((payment) => payment.hs_payment_source_app));
		expect([...sources].sort()).toEqual(['INVOICE', 'QUOTE', 'SALES_CHECKOUT']);
		expect(payments.filter((payment) => payment.hs_processor_type === 'quickbooks').length).toBeGreaterThan(0);
		const card = payments.filter((payment) => payment.hs_processor_type === 'hs_payments');
		expect(card.every((payment) => compareDecimal(decimal(payment.hs_fees_amount), ZERO) > 0 && compareDecimal(decimal(payment.hs_platform_fee), ZERO) > 0)).toBe(true);
		const currencies = new Set([...store.records('invoices').values()].map((record) => record.properties.hs_currency));
		expect([...currencies].sort()).toEqual(['JPY', 'KWD', 'USD']);
	});

	it('keeps every invoice consistent: billed from its parts, balance from its payments, paid means zero balance', () => {
		const store = new HubSpotStore();
		seedHubSpot(store, { invoices: 1000, seed: 11, currencies: ['USD', 'JPY', 'KWD'] });
		for (const invoice of store.records('invoices').values()) {
			const { hs_currency: currency, hs_amount_billed: billed, hs_balance_due: balance, hs_invoice_status: status } = invoice.properties;
			expect(billed).toBe(formatMoney(decimal(billed), currency));
			const totals = store.invoiceTotals(invoice);
			expect(formatMoney(totals.billed, currency)).toBe(billed);
			let paid = ZERO;
			for (const payment of store.associated(invoice, 'commerce_payments')) {
				paid = add(paid, subtract(decimal(payment.properties.hs_initial_amount), decimal(payment.properties.hs_refunds_amount)));
			}
			const expected = subtract(decimal(billed), paid);
			expect(balance).toBe(formatMoney(compareDecimal(expected, ZERO) < 0 ? ZERO : expected, currency));
			const history = store.history(invoice, 'hs_invoice_status').map((entry) => entry.value);
			if (status === 'paid') expect(history).toEqual(['paid', 'open', 'draft']);
			if (status === 'open') expect(history).toEqual(['open', 'draft']);
			expect(store.associatedIds(invoice, 'contacts')).toHaveLength(1);
		}
	});

	it('seeds 10,000 invoices, visible to search at once even with an index lag', () => {
		const store = new HubSpotStore({ indexLagMs: 60_000 });
		const summary = seedHubSpot(store, { invoices: 10_000 });
		expect(summary.invoices).toBe(10_000);
		expect(store.index.entries('invoices', store.now()).size).toBe(10_000);
		expect(store.index.lagMs).toBe(60_000);
	});
});
