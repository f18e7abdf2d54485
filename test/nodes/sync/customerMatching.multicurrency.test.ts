/**
 * The customer rule in a multicurrency company (a customer's currency is fixed): the same evidence is
 * needed in every currency, and the plain name a foreign-currency customer was given by hand
 * ("Müller GmbH" in EUR) is judged like any display name.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_COMPANY, NODE_NAME, useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, { multicurrency: true });
const { eur: mueller, jpy: tanaka } = DEFAULT_COMPANY.foreignCustomers;

function invoicesOf(customerId: string): IDataObject[] {
	return bed.qboInvoices().filter((invoice) => (invoice.CustomerRef as IDataObject).value === customerId);
}

/** A EUR invoice from someone else at a company also named "Müller GmbH" (QuickBooks' has buchhaltung@mueller.example). */
const otherMueller = (email = 'einkauf@mueller-bau.example') =>
	bed.invoice({ currency: 'EUR', lineItems: [{ name: 'Parts', price: '19.99', quantity: '3' }], contacts: [{ email }], companies: [{ name: 'Müller GmbH' }] });

describe('Sync HubSpot Invoice: customer matching by evidence, multicurrency', () => {
	it('EUR, same name, different emails: a distinct EUR customer, never the EUR customer of the other company', async () => {
		const hubspot = otherMueller();
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created', customer: { matchedBy: 'created', displayName: 'Müller GmbH (einkauf@mueller-bau.example) (EUR)' } });
		expect(String((result.customer as IDataObject).evidence)).toContain('buchhaltung@mueller.example');
		expect(invoicesOf(mueller)).toEqual([]);
		const created = bed.qboCustomers().find((customer) => customer.Id === (result.customer as IDataObject).id);
		expect(created).toMatchObject({ CurrencyRef: expect.objectContaining({ value: 'EUR' }), PrimaryEmailAddr: { Address: 'einkauf@mueller-bau.example' } });
		expect(invoicesOf(String(created?.Id)).map((invoice) => [(invoice.CurrencyRef as IDataObject).value, invoice.TotalAmt])).toEqual([['EUR', 59.97]]);
	});

	it('EUR, same name, different emails, collisions set to fail: duplicate_display_name, nothing written', async () => {
		const customersBefore = bed.qboCustomers().length;
		const hubspot = otherMueller();
		const result = await bed.run({ displayNameCollision: 'error' }, [{ json: { id: hubspot.id } }], { continueOnFail: true });
		const [failure] = result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
		expect(failure).toMatchObject({ action: 'failed', category: 'duplicate_display_name' });
		expect(String(failure.message)).toContain('buchhaltung@mueller.example');
		expect(bed.qboCustomers()).toHaveLength(customersBefore);
		expect(bed.qboInvoices()).toEqual([]);
	});

	it('EUR, same name, same email in another case: the EUR customer, as an email match', async () => {
		const [result] = await bed.sync([otherMueller('Buchhaltung@Mueller.example').id]);
		expect(result).toMatchObject({ action: 'created', customer: { id: mueller, matchedBy: 'email' } });
		expect(invoicesOf(mueller)).toHaveLength(1);
	});

	it('JPY, same name, QuickBooks customer without email: the JPY customer, with the evidence', async () => {
		const hubspot = bed.invoice({ currency: 'JPY', lineItems: [{ name: 'License', price: '30200' }], contacts: [{ email: 'kaikei@tanaka.example' }], companies: [{ name: 'Tanaka KK' }] });
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created', customer: { id: tanaka, matchedBy: 'display-name', evidence: expect.stringContaining('no email') } });
		expect(invoicesOf(tanaka).map((invoice) => invoice.TotalAmt)).toEqual([30200]);
	});

	it('EUR, same name, different emails, name-only matches allowed: the EUR customer', async () => {
		const [result] = await bed.sync([otherMueller().id], { customerNameMatch: 'name-only' });
		expect(result).toMatchObject({ action: 'created', customer: { id: mueller, matchedBy: 'display-name' } });
		expect(invoicesOf(mueller)).toHaveLength(1);
	});

	it('home currency with multicurrency on: "Acme Corporation" with another email is not billed', async () => {
		const hubspot = bed.invoice({ contacts: [{ email: 'other@acme-holdings.example' }], companies: [{ name: 'Acme Corporation' }] });
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created', customer: { matchedBy: 'created', displayName: 'Acme Corporation (other@acme-holdings.example)' } });
		expect(invoicesOf(DEFAULT_COMPANY.customers.acme)).toEqual([]);
	});
});
