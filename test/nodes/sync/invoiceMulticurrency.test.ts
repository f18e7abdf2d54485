/**
 * "Sync HubSpot Invoice" in a multicurrency company: a QuickBooks customer's currency is fixed, so an
 * invoice in another currency uses (or creates) that currency's customer, "Name (EUR)".
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, { multicurrency: true });

describe('Sync HubSpot Invoice: multicurrency', () => {
	it('creates "Acme Corporation (EUR)" for a EUR invoice of a home-currency customer, and uses it again', async () => {
		const eur = bed.invoice({
			currency: 'EUR',
			lineItems: [{ name: 'Consulting', price: '920.00' }],
			contacts: [{ email: 'ap@acme.example', firstname: 'Road', lastname: 'Runner' }],
			companies: [{ name: 'Acme Corporation' }],
		});
		const second = bed.invoice({ currency: 'EUR', lineItems: [{ name: 'Support', price: '10.50' }], contacts: [{ email: 'AP@acme.example' }], companies: [{ name: 'Acme Corporation' }] });
		const [first, next] = await bed.sync([eur.id, second.id]);
		expect(first).toMatchObject({ action: 'created', customer: { matchedBy: 'created', displayName: 'Acme Corporation (EUR)' } });
		expect(next).toMatchObject({ action: 'created', customer: { id: (first.customer as IDataObject).id } });

		const customer = bed.qboCustomers().find((record) => record.DisplayName === 'Acme Corporation (EUR)');
		expect(customer).toMatchObject({ CurrencyRef: expect.objectContaining({ value: 'EUR' }), PrimaryEmailAddr: { Address: 'ap@acme.example' } });
		const invoices = bed.qboInvoices();
		expect(invoices.map((invoice) => [(invoice.CurrencyRef as IDataObject).value, invoice.TotalAmt, (invoice.CustomerRef as IDataObject).value])).toEqual([
			['EUR', 920, customer?.Id],
			['EUR', 10.5, customer?.Id],
		]);

		const before = bed.snapshot([eur.id, second.id]);
		expect((await bed.sync([eur.id, second.id])).map((result) => result.action)).toEqual(['unchanged', 'unchanged']);
		expect(bed.snapshot([eur.id, second.id])).toBe(before);
	});

	it('matches the existing customer of the invoice currency, with zero- and three-decimal currencies exact', async () => {
		const eur = bed.invoice({ currency: 'EUR', lineItems: [{ name: 'Parts', price: '19.99', quantity: '3' }], contacts: [{ email: 'buchhaltung@mueller.example' }], companies: [{ name: 'Müller GmbH' }] });
		const jpy = bed.invoice({ currency: 'JPY', lineItems: [{ name: 'License', price: '30200' }], contacts: [{ email: 'kaikei@tanaka.example' }], companies: [{ name: 'Tanaka KK' }] });
		const kwd = bed.invoice({ currency: 'KWD', lineItems: [{ name: 'Service', price: '6.160', quantity: '2' }], contacts: [{ email: 'ap@gulf.example' }], companies: [{ name: 'Gulf Trading Co' }] });
		const results = await bed.sync([eur.id, jpy.id, kwd.id]);
		expect(results.map((result) => [result.action, (result.customer as IDataObject).matchedBy, (result.customer as IDataObject).id])).toEqual([
			['created', 'email', '6'],
			['created', 'display-name', '7'],
			['created', 'display-name', '8'],
		]);
		expect(bed.qboInvoices().map((invoice) => [(invoice.CurrencyRef as IDataObject).value, invoice.TotalAmt])).toEqual([
			['EUR', 59.97],
			['JPY', 30200],
			['KWD', 12.32],
		]);
	});

	it('gives a home-currency customer its own name when the foreign-currency customer holds the plain one', async () => {
		// Müller GmbH exists in EUR; a USD invoice needs a USD customer, and "Müller GmbH" is taken.
		const usd = bed.invoice({ currency: 'USD', contacts: [{ email: 'buchhaltung@mueller.example' }], companies: [{ name: 'Müller GmbH' }] });
		const [result] = await bed.sync([usd.id]);
		expect(result).toMatchObject({ action: 'created', customer: { matchedBy: 'created', displayName: 'Müller GmbH (buchhaltung@mueller.example)' } });
		const customer = bed.qboCustomers().find((record) => record.DisplayName === 'Müller GmbH (buchhaltung@mueller.example)');
		expect(customer?.CurrencyRef).toMatchObject({ value: 'USD' });
		expect((await bed.sync([usd.id]))[0]).toMatchObject({ action: 'unchanged', customer: { id: customer?.Id } });
	});
});
