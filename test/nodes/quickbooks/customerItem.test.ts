import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, useQuickBooksTestbed } from './testbed';

const qb = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const { customers, accounts, items } = DEFAULT_COMPANY;

/** The creates QuickBooks accepted: a POST refused for an expired token (401) or throttling (429) and sent again is one create. */
const acceptedPosts = (path: RegExp) => qb.apiCalls(path, 'POST').filter((call) => call.status === 200);

const findOrCreateCustomer = (displayName: string, email = '', additionalFields: IDataObject = {}) =>
	qb.json({ resource: 'customer', operation: 'findOrCreate', displayName, email, additionalFields });

describe('QuickBooks node: customers', () => {
	it("finds O'Brien & Sons by exact name (Get Many), and exactly that customer", async () => {
		const found = await qb.json({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { displayName: "O'Brien & Sons" } });
		expect(found.map((customer) => customer.Id)).toEqual([customers.obrienAndSons]);
		expect(qb.apiCalls(/\/query$/)[0].query.query).toBe("SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien & Sons' STARTPOSITION 1 MAXRESULTS 1000");
		const contains = await qb.json({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { nameContains: "O'Brien" } });
		expect(contains.map((customer) => customer.Id)).toEqual([customers.obrienAndSons]);
		const typed = await qb.json({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { where: "DisplayName = 'O\\'Brien & Sons'" } });
		expect(typed.map((customer) => customer.Id)).toEqual([customers.obrienAndSons]);
	});

	it('finds by email first, then by display name, and creates only when neither matches', async () => {
		const byEmail = await findOrCreateCustomer('Some Other Name', 'AP@acme.example');
		expect(byEmail.map((customer) => customer.Id)).toEqual([customers.acme]);
		const byName = await findOrCreateCustomer("O'Brien & Sons");
		expect(byName.map((customer) => customer.Id)).toEqual([customers.obrienAndSons]);
		expect(acceptedPosts(/\/customer$/)).toHaveLength(0);

		const [created] = await findOrCreateCustomer('Hooli: Inc', 'billing@hooli.example', { companyName: 'Hooli', phone: '555-0100', billingAddress: { address: { line1: '1 Main St', city: 'Palo Alto', region: 'CA', postalCode: '94301', country: 'USA' } } });
		expect(qb.sim.store.get('Customer', String(created.Id))).toMatchObject({
			DisplayName: 'Hooli- Inc',
			CompanyName: 'Hooli',
			PrimaryEmailAddr: { Address: 'billing@hooli.example' },
			PrimaryPhone: { FreeFormNumber: '555-0100' },
			BillAddr: { Line1: '1 Main St', City: 'Palo Alto', CountrySubDivisionCode: 'CA', PostalCode: '94301' },
		});
		const again = await findOrCreateCustomer('Hooli: Inc', 'billing@hooli.example');
		expect(again[0].Id).toBe(created.Id);
		expect(acceptedPosts(/\/customer$/)).toHaveLength(1);
		expect(qb.sim.store.list('Customer').filter((customer) => customer.DisplayName === 'Hooli- Inc')).toHaveLength(1);
	});

	it('gets a customer and updates it sparsely (inactive included)', async () => {
		const [customer] = await qb.json({ resource: 'customer', operation: 'get', customer: byId(customers.globex) });
		expect(customer).toMatchObject({ Id: customers.globex, DisplayName: 'Globex Ltd' });
		await qb.json({ resource: 'customer', operation: 'update', customer: byId(customers.globex), updateFields: { notes: 'Key account', email: 'ar@globex.example' } });
		expect(qb.sim.store.get('Customer', customers.globex)).toMatchObject({ Notes: 'Key account', PrimaryEmailAddr: { Address: 'ar@globex.example' }, DisplayName: 'Globex Ltd', SyncToken: '1' });
		expect(acceptedPosts(/\/customer$/)[0].body).toEqual({ Id: customers.globex, SyncToken: '0', sparse: true, Notes: 'Key account', PrimaryEmailAddr: { Address: 'ar@globex.example' } });

		await qb.json({ resource: 'customer', operation: 'update', customer: byId(customers.globex), updateFields: { active: false } });
		const active = await qb.json({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { nameContains: 'Globex' } });
		expect(active).toEqual([]);
		const all = await qb.json({ resource: 'customer', operation: 'getAll', returnAll: true, filters: { nameContains: 'Globex', includeInactive: true } });
		expect(all.map((entry) => entry.Id)).toEqual([customers.globex]);
	});
});

describe('QuickBooks node: customers under multicurrency', () => {
	it('keeps one customer per currency: an EUR customer for a home-currency name is a new "Name (EUR)" customer', async () => {
		qb.sim.configure({ multicurrency: true });
		const [home] = await findOrCreateCustomer('Acme Corporation', 'ap@acme.example', { currency: 'USD' });
		expect(home.Id).toBe(customers.acme);
		const [euro] = await findOrCreateCustomer('Acme Corporation', 'ap@acme.example', { currency: 'EUR' });
		expect(qb.sim.store.get('Customer', String(euro.Id))).toMatchObject({ DisplayName: 'Acme Corporation (EUR)', CurrencyRef: { value: 'EUR' } });
		const [again] = await findOrCreateCustomer('Acme Corporation', 'ap@acme.example', { currency: 'EUR' });
		expect(again.Id).toBe(euro.Id);
	});
});

describe('QuickBooks node: items', () => {
	const findOrCreateItem = (name: string, additionalFields: IDataObject = {}) =>
		qb.json({ resource: 'item', operation: 'findOrCreate', name, itemType: 'Service', incomeAccount: byId(accounts.services), additionalFields });

	it('finds an item by SKU, then by name, and creates a missing one', async () => {
		expect((await findOrCreateItem('Renamed in HubSpot', { sku: 'CONS-HR' }))[0].Id).toBe(items.consultingHours);
		expect((await findOrCreateItem('Shipping fee'))[0].Id).toBe(items.shippingFee);
		const [created] = await findOrCreateItem('Onboarding package', { sku: 'ONB-1', unitPrice: '1250.00', description: 'One-time onboarding' });
		expect(qb.sim.store.get('Item', String(created.Id))).toMatchObject({
			Name: 'Onboarding package',
			Type: 'Service',
			Sku: 'ONB-1',
			UnitPrice: 1250,
			IncomeAccountRef: { value: accounts.services },
		});
		expect((await findOrCreateItem('Onboarding package'))[0].Id).toBe(created.Id);
		expect(acceptedPosts(/\/item$/)).toHaveLength(1);
	});

	it('gets many items by type and name, inactive ones only when asked', async () => {
		const services = await qb.json({ resource: 'item', operation: 'getAll', returnAll: true, filters: { itemType: 'NonInventory' } });
		expect(services.map((item) => item.Id)).toEqual([items.softwareLicense]);
		expect(await qb.json({ resource: 'item', operation: 'getAll', returnAll: true, filters: { name: 'Legacy plan' } })).toEqual([]);
		const legacy = await qb.json({ resource: 'item', operation: 'getAll', returnAll: true, filters: { name: 'Legacy plan', includeInactive: true } });
		expect(legacy.map((item) => item.Id)).toEqual([items.legacyPlan]);
		const limited = await qb.json({ resource: 'item', operation: 'getAll', returnAll: false, limit: 3, filters: {} });
		expect(limited).toHaveLength(3);
	});
});
