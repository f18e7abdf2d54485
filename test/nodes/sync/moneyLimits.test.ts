/**
 * Money the sync books exactly or refuses, through n8n-core against both simulators (a multicurrency
 * QuickBooks company, so USD, EUR and JPY invoices all land): a billed amount with more decimals than its
 * currency and a status the sync does not know are refused with a category and a fix; a 100 % discount
 * bills its line at 0; a quantity-0 line never sends a negative UnitPrice; numbers past QuickBooks' ten
 * integer digits are refused before anything is written.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunResult } from '../../harness/engine';
import { NODE_NAME, useInvoiceSyncTestbed } from './invoiceTestbed';

const bed = useInvoiceSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, { multicurrency: true });

type Line = IDataObject & { SalesItemLineDetail?: IDataObject };

function salesLines(invoice: IDataObject): Line[] {
	return ((invoice.Line as Line[] | undefined) ?? []).filter((line) => line.DetailType === 'SalesItemLineDetail');
}

/** The invoices as the HubSpot Commerce node emits them, with some properties as another HubSpot sent them. */
async function itemsWith(ids: string[], properties: Record<string, string>): Promise<INodeExecutionData[]> {
	const items = await bed.commerceItems(ids);
	for (const item of items) Object.assign(item.json.properties as IDataObject, properties);
	return items;
}

function failures(result: RunResult): IDataObject[] {
	return result.output(NODE_NAME, 1).map((item) => item.json.error as IDataObject);
}

/** Runs with "Continue (using error output)" and checks that QuickBooks received no write at all. */
async function refusedWithoutWrites(items: INodeExecutionData[], parameters: IDataObject = {}): Promise<IDataObject[]> {
	const customersBefore = bed.qboCustomers().length;
	bed.clearLogs();
	const result = await bed.run(parameters, items, { continueOnFail: true });
	expect(result.output(NODE_NAME, 0)).toHaveLength(0);
	expect(bed.calls().qboWrites).toBe(0);
	expect(bed.qboInvoices()).toEqual([]);
	expect(bed.qboCustomers()).toHaveLength(customersBefore);
	return failures(result);
}

describe('Sync HubSpot Invoice: amounts it cannot book exactly are refused', () => {
	it('refuses hs_amount_billed "12.345" on a USD invoice instead of posting 12.35', async () => {
		const hubspot = bed.invoice({ lineItems: [{ name: 'Metered', price: '12.345' }] });
		const [failure] = await refusedWithoutWrites(await itemsWith([hubspot.id], { hs_amount_billed: '12.345' }));
		expect(failure).toMatchObject({ action: 'failed', category: 'validation', hubspotInvoiceId: hubspot.id });
		expect(String(failure.message)).toContain('12.345 USD');
		expect(String(failure.message)).toContain('does not round');
		expect(String(failure.howToFix)).toContain('minor units');
		expect(bed.hubspotProperties(hubspot.id)).toMatchObject({ qbo_sync_status: 'failed', qbo_sync_error_category: 'validation' });
	});

	it('refuses an unknown status ("weird") instead of syncing it as open', async () => {
		const hubspot = bed.invoice();
		const [failure] = await refusedWithoutWrites(await itemsWith([hubspot.id], { hs_invoice_status: 'weird' }));
		expect(failure).toMatchObject({ action: 'failed', category: 'validation' });
		expect(String(failure.message)).toContain('"weird"');
		expect(String(failure.howToFix)).toContain('draft, open, paid or voided');
	});

	it('refuses totals and unit prices past QuickBooks\' ten integer digits before any write, with the limit in the message', async () => {
		const tenBillion = bed.invoice({ lineItems: [{ name: 'Plant', price: '5000000000.00', quantity: '2' }] });
		const tinyQuantity = bed.invoice({ lineItems: [{ name: 'Grams', price: '99999999990', quantity: '0.001' }] });
		const [total, unitPrice] = await refusedWithoutWrites(await bed.commerceItems([tenBillion.id, tinyQuantity.id]));
		expect(total).toMatchObject({ category: 'validation', hubspotInvoiceId: tenBillion.id });
		expect(String(total.message)).toMatch(/10000000000(\.00)? USD has 11 digits before the decimal point; QuickBooks accepts at most 10/);
		expect(unitPrice).toMatchObject({ category: 'validation', hubspotInvoiceId: tinyQuantity.id });
		expect(String(unitPrice.message)).toContain('Line unit price 99999999990 USD has 11 digits before the decimal point; QuickBooks accepts at most 10');
	});
});

describe('Sync HubSpot Invoice: line amounts as HubSpot bills them', () => {
	it.each([
		['USD', '0.125', '1', '10.00', 10],
		['EUR', '0.18', '2.25', '10.00', 10],
		['JPY', '19', '0.5', '1000', 1000],
	])('bills a 100 %% discount line whose list total is half a minor unit at 0 (%s %s × %s)', async (currency, price, quantity, other, total) => {
		const hubspot = bed.invoice({
			currency,
			lineItems: [
				{ name: 'Free sample', price, quantity, discountPercentage: '100' },
				{ name: 'Consulting', price: other },
			],
		});
		expect(bed.hubspotProperties(hubspot.id).hs_amount_billed).toBe(other);
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created' });
		const [invoice] = bed.qboInvoices();
		expect(invoice).toMatchObject({ TotalAmt: total, CurrencyRef: expect.objectContaining({ value: currency }) });
		expect(salesLines(invoice).map((line) => [line.Amount, (line.SalesItemLineDetail as IDataObject).Qty, (line.SalesItemLineDetail as IDataObject).UnitPrice])).toEqual([
			[0, Number(quantity), 0],
			[total, 1, total],
		]);
	});

	it('maps a quantity-0 line with a unit discount above its price without a negative UnitPrice, and notes it', async () => {
		const hubspot = bed.invoice({
			lineItems: [
				{ name: 'Cancelled seat', price: '10.00', quantity: '0', discount: '321' },
				{ name: 'Consulting', price: '100.00' },
			],
		});
		const [result] = await bed.sync([hubspot.id]);
		expect(result).toMatchObject({ action: 'created', notes: [expect.stringContaining('above its price')] });
		const [invoice] = bed.qboInvoices();
		expect(invoice.TotalAmt).toBe(100);
		const [cancelled] = salesLines(invoice);
		expect(cancelled).toMatchObject({ Amount: 0, SalesItemLineDetail: expect.objectContaining({ Qty: 0, UnitPrice: 10 }) });
	});
});
