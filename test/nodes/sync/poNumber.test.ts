/**
 * The PO number (hs_purchase_order_number) reaches QuickBooks with the default settings, through n8n-core
 * against both simulators: into the company's custom field named as a PO number when it has one, else
 * into the customer memo; a user mapping overrides that; a value that cannot go where it is mapped, or
 * goes nowhere, leaves a note on the item.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });

/** The company's sales-form custom fields, as Preferences print them (quickbooks.md §2.1.2): names 1–3, all in use. */
function companyCustomFields(names: string[]): void {
	bed.qb.sim.configure({
		preferences: {
			SalesFormsPrefs: {
				CustomField: [
					{ CustomField: names.map((_name, index) => ({ Name: `SalesFormsPrefs.UseSalesCustom${index + 1}`, Type: 'BooleanType', BooleanValue: true })) },
					{ CustomField: names.map((name, index) => ({ Name: `SalesFormsPrefs.SalesCustomName${index + 1}`, Type: 'StringType', StringValue: name })) },
				],
			},
		},
	});
}

/** The values QuickBooks holds per custom field name. */
function customFieldValues(invoice: IDataObject): Record<string, string | undefined> {
	return Object.fromEntries(((invoice.CustomField as IDataObject[] | undefined) ?? []).map((field) => [String(field.Name), field.StringValue as string | undefined]));
}

describe('Sync HubSpot Invoice: PO number', () => {
	it('goes to the "PO Number" custom field by default, with nothing to note', async () => {
		const hubspot = bed.invoice({ purchaseOrderNumber: 'PO-7731', properties: { hs_comments: 'Thank you!' } });
		const [result] = await bed.sync([hubspot.id]);
		expect(result.action).toBe('created');
		expect(result.notes).toBeUndefined();
		const [invoice] = bed.qboInvoices();
		expect(customFieldValues(invoice)).toMatchObject({ 'PO Number': 'PO-7731' });
		expect(invoice.CustomerMemo).toEqual({ value: 'Thank you!' });
		expect((result.qboInvoice as IDataObject).CustomField).toEqual(invoice.CustomField);
	});

	it('finds the PO field by its name in any spelling ("p.o. number")', async () => {
		companyCustomFields(['Sales Rep', 'Region', 'p.o. number']);
		const [result] = await bed.sync([bed.invoice({ purchaseOrderNumber: 'PO-7731' }).id]);
		expect(result.action).toBe('created');
		expect(customFieldValues(bed.qboInvoices()[0])).toEqual({ 'Sales Rep': undefined, Region: undefined, 'p.o. number': 'PO-7731' });
	});

	it('goes to the customer memo when the company has no PO field', async () => {
		companyCustomFields(['Sales Rep', 'Crew #']);
		const hubspot = bed.invoice({ purchaseOrderNumber: 'PO-7731', properties: { hs_comments: 'Thank you!' } });
		const [result] = await bed.sync([hubspot.id]);
		expect(result.action).toBe('created');
		const [invoice] = bed.qboInvoices();
		expect(invoice.CustomerMemo).toEqual({ value: 'PO Number: PO-7731\nThank you!' });
		expect(Object.values(customFieldValues(invoice)).filter((value) => value !== undefined)).toEqual([]);
		// The second run compares the same memo: nothing to change.
		expect((await bed.sync([hubspot.id]))[0].action).toBe('unchanged');
	});

	it('follows a user mapping instead of the default', async () => {
		const hubspot = bed.invoice({ purchaseOrderNumber: 'PO-7731' });
		const [result] = await bed.sync([hubspot.id], { customFieldMappings: { mapping: [{ hubspotProperty: 'hs_purchase_order_number', customField: '2' }] } });
		expect(result.action).toBe('created');
		const [invoice] = bed.qboInvoices();
		expect(customFieldValues(invoice)).toMatchObject({ 'PO Number': undefined, 'Sales Rep': 'PO-7731' });
		expect(invoice.CustomerMemo).toBeUndefined();
	});

	it('notes where it went when the PO field holds another mapped property, or when it is too long for a custom field', async () => {
		const taken = bed.invoice({ purchaseOrderNumber: 'PO-7731', properties: { hs_tax_id: 'EIN 12-3456789' } });
		const long = bed.invoice({ purchaseOrderNumber: 'PO-2026-000000000000000000000000000001' });
		const [first] = await bed.sync([taken.id], { customFieldMappings: { mapping: [{ hubspotProperty: 'hs_tax_id', customField: '1' }] } });
		const [second] = await bed.sync([long.id]);
		expect([first.action, second.action]).toEqual(['created', 'created']);
		expect(first.notes).toEqual([expect.stringContaining('not the custom field "PO Number": "PO Number" holds another mapped property')]);
		expect(second.notes).toEqual([expect.stringContaining('more than the 31 characters')]);
		const [takenInQbo, longInQbo] = bed.qboInvoices();
		expect(customFieldValues(takenInQbo)).toMatchObject({ 'PO Number': 'EIN 12-3456789' });
		expect(takenInQbo.CustomerMemo).toEqual({ value: 'PO Number: PO-7731' });
		expect(customFieldValues(longInQbo)).toMatchObject({ 'PO Number': undefined });
		expect(longInQbo.CustomerMemo).toEqual({ value: 'PO Number: PO-2026-000000000000000000000000000001' });
	});

	it('goes nowhere only when told, and the item notes the value left behind', async () => {
		const hubspot = bed.invoice({ purchaseOrderNumber: 'PO-7731' });
		const [result] = await bed.sync([hubspot.id], { invoiceSyncOptions: { poNumber: 'none' } });
		expect(result).toMatchObject({ action: 'created', notes: [expect.stringContaining('PO-7731 was not carried')] });
		const [invoice] = bed.qboInvoices();
		expect(customFieldValues(invoice)['PO Number']).toBeUndefined();
		expect(invoice.CustomerMemo).toBeUndefined();
	});
});
