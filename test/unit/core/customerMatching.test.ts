import { describe, expect, it } from '@jest/globals';
import {
	baseDisplayName,
	billingParty,
	chooseCustomer,
	currencyDisplayName,
	customerLookupKeys,
	customerPayload,
	distinctDisplayNames,
	duplicateDisplayNameError,
	hubspotCompanyOfCustomer,
	judgeNameMatch,
} from '../../../core/customerMatching';
import { invoice, record } from './invoiceFactory';

const usdOnly = { homeCurrency: 'USD', multicurrencyEnabled: false };
const multi = { homeCurrency: 'USD', multicurrencyEnabled: true };

describe('billing party and names', () => {
	it('bills the company, named as the company, with the contact’s email', () => {
		const result = customerLookupKeys(invoice(), { ...usdOnly, collisionStrategy: 'error' });
		expect(result).toMatchObject({ ok: true, keys: { email: 'jane@acme.com', displayName: 'Acme Inc', currency: 'USD', fallbackDisplayNames: [] } });
	});

	it('names a contact without a company by full name', () => {
		expect(baseDisplayName(billingParty(invoice({ companies: [] })))).toBe('Jane Doe');
		expect(baseDisplayName({ contact: record('1', { email: 'solo@example.com' }) })).toBe('solo@example.com');
	});

	it('picks the contact HubSpot names as the latest one', () => {
		const target = invoice({
			properties: { hs_invoice_latest_contact_email: 'bob@acme.com' },
			contacts: [record('1', { email: 'jane@acme.com' }), record('2', { email: 'Bob@Acme.com', firstname: 'Bob' })],
		});
		expect(billingParty(target).contact?.id).toBe('2');
	});

	it('cleans names QuickBooks would refuse (colons separate sub-customers)', () => {
		expect(baseDisplayName({ company: record('1', { name: '  Acme:  West   Coast ' }) })).toBe('Acme- West Coast');
	});

	it('refuses an invoice with nobody to bill', () => {
		const result = customerLookupKeys(invoice({ contacts: [], companies: [] }), { ...usdOnly, collisionStrategy: 'error' });
		expect(!result.ok && result.error.category).toBe('customer_not_found');
	});
});

describe('currencies', () => {
	it('names a foreign-currency customer with the currency under multicurrency', () => {
		expect(currencyDisplayName('Acme Inc', 'EUR', multi)).toBe('Acme Inc (EUR)');
		expect(currencyDisplayName('Acme Inc', 'USD', multi)).toBe('Acme Inc');
		expect(currencyDisplayName('Acme Inc', 'EUR', usdOnly)).toBe('Acme Inc');
		const result = customerLookupKeys(invoice({ properties: { hs_currency: 'EUR' } }), { ...multi, collisionStrategy: 'distinct-name' });
		expect(result.ok && result.keys.displayName).toBe('Acme Inc (EUR)');
		expect(result.ok && result.keys.currency).toBe('EUR');
	});

	it('creates the customer in the invoice currency under multicurrency', () => {
		expect(customerPayload(invoice({ properties: { hs_currency: 'EUR' } }), 'Acme Inc (EUR)', multi).CurrencyRef).toEqual({ value: 'EUR' });
		expect(customerPayload(invoice(), 'Acme Inc', usdOnly).CurrencyRef).toBeUndefined();
	});
});

describe('display-name collisions', () => {
	it('offers deterministic distinct names: with the email, then with a short hash', () => {
		const party = billingParty(invoice());
		const names = distinctDisplayNames('Acme Inc', party, 'USD', usdOnly);
		expect(names[0]).toBe('Acme Inc (jane@acme.com)');
		expect(names[1]).toMatch(/^Acme Inc \(jane@acme\.com\) [0-9a-f]{6}$/);
		expect(distinctDisplayNames('Acme Inc', party, 'USD', usdOnly)).toEqual(names);
		expect(distinctDisplayNames('Acme Inc', billingParty(invoice({ contacts: [record('2', { email: 'bob@acme.com' })] })), 'USD', usdOnly)[1]).not.toBe(names[1]);
	});

	it('keeps the currency suffix last', () => {
		expect(distinctDisplayNames('Acme Inc', billingParty(invoice()), 'EUR', multi)[0]).toBe('Acme Inc (jane@acme.com) (EUR)');
	});

	it('falls back to the contact id when there is no email', () => {
		expect(distinctDisplayNames('Acme Inc', { contact: record('9', {}) }, 'USD', usdOnly)[0]).toBe('Acme Inc (HubSpot contact 9)');
	});

	it('gives the duplicate_display_name error under the error strategy', () => {
		const error = duplicateDisplayNameError('Acme Inc');
		expect(error.category).toBe('duplicate_display_name');
		expect(error.details).toEqual({ displayName: 'Acme Inc', tried: ['Acme Inc'] });
	});

	it('stays within QuickBooks’ 500 characters', () => {
		const long = 'A'.repeat(600);
		expect(currencyDisplayName(long, 'EUR', multi)).toHaveLength(500);
		expect(currencyDisplayName(long, 'EUR', multi).endsWith(' (EUR)')).toBe(true);
	});
});

describe('chooseCustomer', () => {
	const keys = { email: 'jane@acme.com', displayName: 'Acme Inc', currency: 'USD', fallbackDisplayNames: [] };

	it('matches by email first, preferring the one with the expected name', () => {
		const choice = chooseCustomer(
			[
				{ Id: '7', DisplayName: 'Jane Doe', PrimaryEmailAddr: { Address: 'JANE@acme.com' } },
				{ Id: '12', DisplayName: 'Acme Inc', PrimaryEmailAddr: { Address: 'jane@acme.com' } },
			],
			keys,
			'USD',
		);
		expect(choice).toMatchObject({ kind: 'matched', customerRef: { value: '12', name: 'Acme Inc' }, matchedBy: 'email', evidence: expect.stringContaining('jane@acme.com') });
	});

	it('then by display name, lowest id first', () => {
		const choice = chooseCustomer([{ Id: '30', DisplayName: 'acme inc' }, { Id: '4', DisplayName: 'Acme Inc' }], keys, 'USD');
		expect(choice).toMatchObject({ kind: 'matched', customerRef: { value: '4', name: 'Acme Inc' }, matchedBy: 'display-name', evidence: expect.stringContaining('no email') });
	});

	it('never picks a customer in another currency or an inactive one', () => {
		expect(chooseCustomer([{ Id: '4', DisplayName: 'Acme Inc', PrimaryEmailAddr: { Address: 'jane@acme.com' }, CurrencyRef: { value: 'EUR' } }], keys, 'USD')).toEqual({ kind: 'create', reason: 'other-currency' });
		expect(chooseCustomer([{ Id: '4', DisplayName: 'Acme Inc', Active: false }], keys, 'USD')).toEqual({ kind: 'create', reason: 'no-match' });
		expect(chooseCustomer([], keys, 'USD')).toEqual({ kind: 'create', reason: 'no-match' });
	});
});

describe('the name rule: never across companies', () => {
	const keys = { email: 'second@acme.example', displayName: 'Acme Corp', currency: 'USD', fallbackDisplayNames: [], hubspotCompanyId: '401' };
	const acme = { Id: '4', DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'billing@acmecorp.example' } };

	it('does not bill a same-named customer with another email; it says whose name it is', () => {
		expect(chooseCustomer([acme], keys, 'USD')).toEqual({
			kind: 'create',
			reason: 'name-held-by-another',
			heldBy: { value: '4', name: 'Acme Corp' },
			evidence: 'QuickBooks customer "Acme Corp" has the display name but the email billing@acmecorp.example, not the billing contact\'s email second@acme.example.',
		});
		expect(judgeNameMatch(acme, { ...keys, email: undefined })).toMatchObject({ accepted: false, evidence: expect.stringContaining('not no billing email') });
	});

	it('bills it when the user allows name-only matches, and says so', () => {
		expect(chooseCustomer([acme], keys, 'USD', 'name-only')).toMatchObject({ kind: 'matched', matchedBy: 'display-name', evidence: expect.stringContaining('name-only matches are allowed') });
	});

	it('bills a same-named customer without email, or with the same email in another case', () => {
		expect(chooseCustomer([{ Id: '4', DisplayName: 'acme corp' }], keys, 'USD')).toMatchObject({ kind: 'matched', matchedBy: 'display-name' });
		expect(chooseCustomer([{ ...acme, PrimaryEmailAddr: { Address: ' Second@ACME.example ' } }], keys, 'USD')).toMatchObject({ kind: 'matched', matchedBy: 'email' });
	});

	it('bills a customer this sync created from the same HubSpot company, whoever the contact is', () => {
		const created = { ...acme, Notes: 'Created from HubSpot contact 301, company 401' };
		expect(hubspotCompanyOfCustomer(created)).toBe('401');
		expect(chooseCustomer([created], keys, 'USD')).toMatchObject({ kind: 'matched', matchedBy: 'hubspot-company', evidence: expect.stringContaining('HubSpot company 401') });
		expect(chooseCustomer([{ ...created, Notes: 'Created from HubSpot contact 302, company 402' }], keys, 'USD')).toMatchObject({ kind: 'create', reason: 'name-held-by-another' });
		// Without an email either, the other HubSpot company is still evidence against the name.
		expect(chooseCustomer([{ Id: '5', DisplayName: 'Acme Corp', Notes: 'Created from HubSpot contact 302, company 402' }], keys, 'USD')).toMatchObject({
			kind: 'create',
			evidence: expect.stringContaining('created from HubSpot company 402, not 401'),
		});
	});

	it('prefers an acceptable holder of the name over a lower-id one from another company', () => {
		expect(chooseCustomer([acme, { Id: '9', DisplayName: 'Acme Corp' }], keys, 'USD')).toMatchObject({ kind: 'matched', customerRef: { value: '9' } });
	});

	it('explains the collision error with the evidence', () => {
		const error = duplicateDisplayNameError('Acme Corp', ['Acme Corp'], 'QuickBooks customer "Acme Corp" has the display name but the email billing@acmecorp.example.');
		expect(error.message).toContain("another company's account");
		expect(error.howToFix).toContain('By Name Alone');
	});
});

describe('customerPayload', () => {
	it('builds the customer from the contact, company and recipient address', () => {
		const target = invoice({
			properties: {
				hs_recipient_company_address: '1 Main St',
				hs_recipient_company_address2: 'Suite 5',
				hs_recipient_company_city: 'Springfield',
				hs_recipient_company_state: 'IL',
				hs_recipient_company_zip: '62701',
				hs_recipient_shipping_address: '9 Dock Rd',
				hs_recipient_shipping_city: 'Chicago',
				hs_recipient_shipping_country: 'US',
			},
			contacts: [record('301', { email: 'Jane@Acme.com', firstname: 'Jane', lastname: 'Doe', phone: '+1 555 0100' })],
		});
		expect(customerPayload(target, 'Acme Inc', usdOnly)).toEqual({
			DisplayName: 'Acme Inc',
			CompanyName: 'Acme Inc',
			GivenName: 'Jane',
			FamilyName: 'Doe',
			PrimaryEmailAddr: { Address: 'jane@acme.com' },
			PrimaryPhone: { FreeFormNumber: '+1 555 0100' },
			BillAddr: { Line1: '1 Main St', Line2: 'Suite 5', City: 'Springfield', CountrySubDivisionCode: 'IL', PostalCode: '62701' },
			ShipAddr: { Line1: '9 Dock Rd', City: 'Chicago', Country: 'US' },
			Notes: 'Created from HubSpot contact 301, company 401',
		});
	});

	it('falls back to the shipping recipient, then the company record, for the billing address', () => {
		const shipping = invoice({ properties: { hs_recipient_shipping_city: 'Chicago' } });
		expect(customerPayload(shipping, 'Acme Inc', usdOnly).BillAddr).toEqual({ City: 'Chicago' });
		const company = invoice({ companies: [record('401', { name: 'Acme Inc', city: 'Boston', country: 'United States' })] });
		expect(customerPayload(company, 'Acme Inc', usdOnly).BillAddr).toEqual({ City: 'Boston', Country: 'United States' });
	});
});
