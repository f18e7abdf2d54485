/**
 * "Sync HubSpot Invoice" bills the right company, through n8n-core against both simulators: a display
 * name is evidence only when the QuickBooks customer has no email, the billing contact's email, or was
 * created from the same HubSpot company; otherwise the collision rule the user chose applies. Each test
 * checks the QuickBooks store and the item's output (`customer.matchedBy` and its evidence).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { kindOf } from '../../../sandbox/quickbooks/entities';
import { NODE_NAME, useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

/** A customer someone keyed into QuickBooks: "Acme Corp", billed at another company's address. */
function qboCustomer(record: IDataObject): string {
	return String(bed.qb.sim.service.create(kindOf('Customer'), record, new Set()).Id);
}

function invoicesOf(customerId: string): IDataObject[] {
	return bed.qboInvoices().filter((invoice) => (invoice.CustomerRef as IDataObject).value === customerId);
}

const secondAcme = () => bed.invoice({ contacts: [{ email: 'second@acme.example', firstname: 'Sam', lastname: 'Second' }], companies: [{ name: 'Acme Corp' }] });

describe('Sync HubSpot Invoice: customer matching by evidence', () => {
	it('same name, different emails: a customer of its own under a distinct name, never the other company\'s', async () => {
		const acme = qboCustomer({ DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'billing@acmecorp.example' } });
		const hubspot = secondAcme();
		const [result] = await bed.sync([hubspot.id]);

		expect(result).toMatchObject({ action: 'created', customer: { matchedBy: 'created', displayName: 'Acme Corp (second@acme.example)' } });
		expect(String((result.customer as IDataObject).evidence)).toContain('billing@acmecorp.example, not the billing contact\'s email second@acme.example');
		expect(invoicesOf(acme)).toEqual([]);
		const created = bed.qboCustomers().find((customer) => customer.DisplayName === 'Acme Corp (second@acme.example)');
		expect(created).toMatchObject({ PrimaryEmailAddr: { Address: 'second@acme.example' }, CompanyName: 'Acme Corp' });
		expect(invoicesOf(String(created?.Id))).toHaveLength(1);

		// The next run finds that customer again by the contact's email, and changes nothing.
		const before = bed.snapshot([hubspot.id]);
		const [again] = await bed.sync([hubspot.id]);
		expect(again).toMatchObject({ action: 'unchanged', customer: { id: created?.Id, matchedBy: 'email' } });
		expect(bed.snapshot([hubspot.id])).toBe(before);
	});

	it('same name, different emails, collisions set to fail: duplicate_display_name with the evidence, nothing written', async () => {
		const acme = qboCustomer({ DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'billing@acmecorp.example' } });
		const customersBefore = bed.qboCustomers().length;
		const hubspot = secondAcme();
		const result = await bed.run({ displayNameCollision: 'error' }, [{ json: { id: hubspot.id } }], { continueOnFail: true });

		expect(result.output(NODE_NAME, 0)).toHaveLength(0);
		const [failure] = result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
		expect(failure).toMatchObject({ action: 'failed', category: 'duplicate_display_name', hubspotInvoiceId: hubspot.id });
		expect(String(failure.message)).toContain("another company's account");
		expect(String(failure.message)).toContain('billing@acmecorp.example');
		expect(String(failure.howToFix)).toContain('Make the Name Distinct');
		expect(bed.qboCustomers()).toHaveLength(customersBefore);
		expect(bed.qboInvoices()).toEqual([]);
		expect(invoicesOf(acme)).toEqual([]);
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'failed', qbo_sync_error_category: 'duplicate_display_name' });
	});

	it('same name, different emails, name-only matches allowed: bills that customer and says why', async () => {
		const acme = qboCustomer({ DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'billing@acmecorp.example' } });
		const [result] = await bed.sync([secondAcme().id], { customerNameMatch: 'name-only' });
		expect(result).toMatchObject({ action: 'created', customer: { id: acme, matchedBy: 'display-name', evidence: expect.stringContaining('name-only matches are allowed') } });
		expect(invoicesOf(acme)).toHaveLength(1);
	});

	it('same name, QuickBooks customer without email: bills it, nothing contradicts the name', async () => {
		const acme = qboCustomer({ DisplayName: 'Acme Corp', CompanyName: 'Acme Corp' });
		const [result] = await bed.sync([secondAcme().id]);
		expect(result).toMatchObject({ action: 'created', customer: { id: acme, matchedBy: 'display-name', evidence: expect.stringContaining('no email') } });
		expect(invoicesOf(acme)).toHaveLength(1);
		expect(bed.qboCustomers().filter((customer) => /^Acme Corp( \(|$)/.test(String(customer.DisplayName)))).toHaveLength(1);
	});

	it.each([
		['case-insensitive', false],
		['case-sensitive', true],
	])('same name, same email in another case (%s name queries): bills it as an email match', async (_reading, caseSensitiveNames) => {
		bed.qb.sim.configure({ caseSensitiveNames });
		const acme = qboCustomer({ DisplayName: 'Acme Corp', PrimaryEmailAddr: { Address: 'Second@ACME.example' } });
		const [result] = await bed.sync([secondAcme().id]);
		expect(result).toMatchObject({ action: 'created', customer: { id: acme, matchedBy: 'email', evidence: expect.stringContaining('second@acme.example') } });
		expect(invoicesOf(acme)).toHaveLength(1);
		expect(bed.qboCustomers().filter((customer) => /^Acme Corp( \(|$)/.test(String(customer.DisplayName)))).toHaveLength(1);
	});

	it('a second contact of the same HubSpot company bills the customer the sync created from that company', async () => {
		const first = bed.invoice({ contacts: [{ email: 'ana@newco.example', firstname: 'Ana' }], companies: [{ name: 'Newco Ltd' }] });
		const [created] = await bed.sync([first.id]);
		const second = bed.invoice({ contacts: [{ email: 'bo@newco.example', firstname: 'Bo' }], companies: [first.companyIds[0]] });
		const [result] = await bed.sync([second.id]);

		expect(created).toMatchObject({ customer: { matchedBy: 'created', displayName: 'Newco Ltd' } });
		expect(result).toMatchObject({
			action: 'created',
			customer: { id: (created.customer as IDataObject).id, matchedBy: 'hubspot-company', evidence: expect.stringContaining(`HubSpot company ${first.companyIds[0]}`) },
		});
		expect(invoicesOf(String((created.customer as IDataObject).id))).toHaveLength(2);
	});

	it('two HubSpot companies of one name in one run, even without emails: each its own customer', async () => {
		const one = bed.invoice({ contacts: [{ firstname: 'Al', lastname: 'One' }], companies: [{ name: 'Same Name Inc' }] });
		const two = bed.invoice({ contacts: [{ firstname: 'Bea', lastname: 'Two' }], companies: [{ name: 'Same Name Inc' }] });
		const results = await bed.sync([one.id, two.id]);
		expect(results.map((result) => [(result.customer as IDataObject).matchedBy, (result.customer as IDataObject).displayName])).toEqual([
			['created', 'Same Name Inc'],
			['created', 'Same Name Inc (Bea Two)'],
		]);
		const customers = results.map((result) => String((result.customer as IDataObject).id));
		expect(new Set(customers).size).toBe(2);
		expect(customers.map((id) => invoicesOf(id).length)).toEqual([1, 1]);
	});
});
