import { describe, expect, it } from '@jest/globals';
import {
	hubspotInvoiceIdFromPrivateNote,
	invoiceDocNumber,
	isPoNumberFieldName,
	itemLookupKeys,
	mapHubSpotInvoiceToQuickBooks,
	privateNoteMarker,
} from '../../../core/invoiceMapping';
import type { QboDiscountLine, QboSalesItemLine } from '../../../core/qboDocuments';
import { invoice, lineItem, record, settingsFor } from './invoiceFactory';

function mapped(target = invoice(), overrides: Parameters<typeof settingsFor>[1] = {}) {
	const result = mapHubSpotInvoiceToQuickBooks(target, settingsFor(target, overrides));
	if (!result.ok) throw new Error(`expected a mapping, got ${result.error.category}: ${result.error.message}`);
	return result;
}

function refused(target = invoice(), overrides: Parameters<typeof settingsFor>[1] = {}) {
	const result = mapHubSpotInvoiceToQuickBooks(target, settingsFor(target, overrides));
	if (result.ok) throw new Error('expected a refusal');
	return result.error;
}

const salesLine = (line: unknown) => line as QboSalesItemLine;

describe('mapHubSpotInvoiceToQuickBooks: a full invoice', () => {
	const full = invoice({
		properties: {
			hs_number: 'INV-2026-0042',
			hs_amount_billed: '237.92',
			hs_comments: 'Thank you for your business',
			hs_purchase_order_number: 'PO-7781',
			hs_invoice_date: '2026-10-01T00:00:00Z',
			hs_due_date: '1793404800000',
		},
		lineItems: [
			lineItem('11', { name: 'Consulting', description: 'October retainer', price: '100', quantity: '2', hs_sku: 'CONS-1', hs_recurring_billing_start_date: '2026-10-01' }),
			lineItem('12', { name: 'Setup', price: '50', quantity: '1' }),
		],
		discounts: [
			record('d1', { hs_type: 'FIXED', hs_value: '25', hs_sort_order: '1', hs_label: 'Welcome' }),
			record('d2', { hs_type: 'PERCENT', hs_value: '10', hs_sort_order: '2', hs_label: 'Partner' }),
		],
		fees: [record('f1', { hs_type: 'PERCENT', hs_value: '3', hs_label: 'Card surcharge' }), record('f2', { hs_type: 'FIXED', hs_value: '9.95', hs_label: 'Shipping' })],
		taxes: [record('t1', { hs_type: 'PERCENT', hs_value: '8.875', hs_label: 'NY sales tax' })],
	});
	const result = mapped(full, {
		discountAccountRef: { value: '86', name: 'Discounts given' },
		customFields: [{ hubspotProperty: 'hs_purchase_order_number', qboCustomFieldDefinitionId: '1', name: 'PO Number' }],
		hubspotPortalId: '4711',
	});
	const lines = result.document.Line;

	it('has one sales line per line item, then one discount line, then a line per fee and per tax', () => {
		expect(lines.map((line) => line.DetailType)).toEqual([
			'SalesItemLineDetail',
			'SalesItemLineDetail',
			'DiscountLineDetail',
			'SalesItemLineDetail',
			'SalesItemLineDetail',
			'SalesItemLineDetail',
		]);
		expect(lines.map((line) => line.Amount)).toEqual([200, 50, 47.5, 6.08, 9.95, 19.39]);
	});

	it('keeps quantity, unit price, item, description and service date on product lines', () => {
		expect(salesLine(lines[0])).toEqual({
			DetailType: 'SalesItemLineDetail',
			Amount: 200,
			Description: 'Consulting\nOctober retainer',
			SalesItemLineDetail: { ItemRef: { value: 'I11' }, Qty: 2, UnitPrice: 100, TaxCodeRef: { value: 'NON' }, ServiceDate: '2026-10-01' },
		});
	});

	it('books the invoice-level discounts as one fixed-amount discount line on the chosen account', () => {
		expect(lines[2] as QboDiscountLine).toEqual({
			DetailType: 'DiscountLineDetail',
			Amount: 47.5,
			Description: 'Welcome; Partner (10%)',
			DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: '86', name: 'Discounts given' } },
		});
	});

	it('puts fees and taxes on the chosen items, one unit each', () => {
		expect(salesLine(lines[3]).SalesItemLineDetail).toEqual({ ItemRef: { value: 'FEE' }, Qty: 1, UnitPrice: 6.08, TaxCodeRef: { value: 'NON' } });
		expect(salesLine(lines[3]).Description).toBe('Card surcharge');
		expect(salesLine(lines[5]).SalesItemLineDetail.ItemRef).toEqual({ value: 'TAX' });
		expect(salesLine(lines[5]).Description).toBe('NY sales tax');
	});

	it('fills the header', () => {
		const header = Object.fromEntries(Object.entries(result.document).filter(([field]) => field !== 'Line'));
		expect(header).toEqual({
			CustomerRef: { value: '58', name: 'Acme Inc' },
			DocNumber: 'INV-2026-0042',
			TxnDate: '2026-10-01',
			DueDate: '2026-10-31',
			BillEmail: { Address: 'jane@acme.com' },
			CustomerMemo: { value: 'Thank you for your business' },
			PrivateNote: 'HubSpot invoice 5001\nhttps://app.hubspot.com/contacts/4711/record/0-53/5001',
			CustomField: [{ DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-7781' }],
		});
		expect(result.docNumber).toBe('INV-2026-0042');
	});

	it('reports both figures and the breakdown', () => {
		expect(result.billedAmount).toBe('237.92');
		expect(result.documentTotal).toBe('237.92');
		expect(result.breakdown).toMatchObject({ subtotal: '250.00', totalDiscount: '47.50', total: '237.92' });
		expect(result.currency).toBe('USD');
	});
});

describe('mapHubSpotInvoiceToQuickBooks: the money check', () => {
	it('refuses a total that differs from hs_amount_billed, with both figures, and maps nothing', () => {
		const error = refused(invoice({ properties: { hs_amount_billed: '100.01' } }));
		expect(error.category).toBe('amount_mismatch');
		expect(error.message).toContain('100.00 USD');
		expect(error.message).toContain('100.01 USD');
		expect(error.details).toMatchObject({ hubspotBilled: '100.01', quickbooksTotal: '100.00', difference: '-0.01', currency: 'USD' });
	});

	it('refuses an invoice without hs_amount_billed: nothing to check against', () => {
		const error = refused(invoice({ properties: { hs_amount_billed: null } }));
		expect(error.category).toBe('validation');
		expect(error.message).toContain('hs_amount_billed');
	});

	it('says tax_not_supported when line-level HubSpot tax rates explain the difference', () => {
		const error = refused(
			invoice({
				properties: { hs_amount_billed: '108.00' },
				lineItems: [lineItem('11', { price: '100', hs_tax_rate_group_id: '77' })],
			}),
		);
		expect(error.category).toBe('tax_not_supported');
		expect(error.details).toMatchObject({ lineItemsWithTaxRates: ['11'], hubspotBilled: '108.00', quickbooksTotal: '100.00' });
	});

	it('accepts line-level tax rates that add nothing', () => {
		expect(mapped(invoice({ lineItems: [lineItem('11', { price: '100', hs_tax_rate_group_id: '77' })] })).documentTotal).toBe('100.00');
	});
});

describe('mapHubSpotInvoiceToQuickBooks: lines QuickBooks accepts (6070)', () => {
	it('folds a unit discount into the unit price', () => {
		const result = mapped(invoice({ properties: { hs_amount_billed: '135.00' }, lineItems: [lineItem('11', { name: 'Seat', price: '50', quantity: '3', discount: '5' })] }));
		expect(salesLine(result.document.Line[0])).toMatchObject({ Amount: 135, SalesItemLineDetail: { Qty: 3, UnitPrice: 45 } });
		expect(salesLine(result.document.Line[0]).Description).toBe('Seat\nList price 50.00 USD, discount 5.00 USD per unit');
		expect(result.linePricing).toEqual([{ lineItemId: '11', pricing: 'hubspot-price' }]);
	});

	it('folds a percentage discount into the unit price when that is exact', () => {
		const result = mapped(invoice({ properties: { hs_amount_billed: '180.00' }, lineItems: [lineItem('11', { price: '100', quantity: '2', hs_discount_percentage: '10' })] }));
		expect(salesLine(result.document.Line[0])).toMatchObject({ Amount: 180, SalesItemLineDetail: { Qty: 2, UnitPrice: 90 } });
	});

	it('derives an exact unit price when HubSpot’s rounds away (3 × 19.999 billed 60.00 → 3 × 20.00)', () => {
		const result = mapped(invoice({ properties: { hs_amount_billed: '60.00' }, lineItems: [lineItem('11', { name: 'Widget', price: '19.999', quantity: '3' })] }));
		expect(salesLine(result.document.Line[0])).toMatchObject({ Amount: 60, SalesItemLineDetail: { Qty: 3, UnitPrice: 20 } });
		expect(salesLine(result.document.Line[0]).Description).toBe('Widget\nHubSpot: 3 × 19.999 USD = 60.00 USD');
		expect(result.linePricing[0].pricing).toBe('derived-price');
	});

	it('books one unit at the amount when no exact unit price exists, keeping the quantity in the description', () => {
		const result = mapped(invoice({ properties: { hs_amount_billed: '89.99' }, lineItems: [lineItem('11', { name: 'Hours', price: '33.33', quantity: '3', hs_discount_percentage: '10' })] }));
		expect(salesLine(result.document.Line[0])).toMatchObject({ Amount: 89.99, SalesItemLineDetail: { Qty: 1, UnitPrice: 89.99 } });
		expect(salesLine(result.document.Line[0]).Description).toBe('Hours\nHubSpot: 3 × 33.33 USD, 10% discount (10.00 USD) = 89.99 USD');
		expect(result.linePricing[0].pricing).toBe('single-quantity');
	});

	it('keeps half and fractional quantities', () => {
		const result = mapped(invoice({ properties: { hs_amount_billed: '36.25' }, lineItems: [lineItem('11', { price: '5', quantity: '7.25' })] }));
		expect(salesLine(result.document.Line[0]).SalesItemLineDetail).toMatchObject({ Qty: 7.25, UnitPrice: 5 });
	});

	it('maps a zero-quantity line as zero', () => {
		const result = mapped(invoice({ properties: { hs_amount_billed: '100.00' }, lineItems: [lineItem('11', { price: '100' }), lineItem('12', { price: '40', quantity: '0' })] }));
		expect(salesLine(result.document.Line[1])).toMatchObject({ Amount: 0, SalesItemLineDetail: { Qty: 0, UnitPrice: 40 } });
	});

	it('orders lines by their position on the invoice, then by id', () => {
		const result = mapped(
			invoice({
				properties: { hs_amount_billed: '6.00' },
				lineItems: [
					lineItem('30', { price: '3', hs_position_on_quote: '2' }),
					lineItem('9', { price: '1' }),
					lineItem('20', { price: '2', hs_position_on_quote: '0' }),
				],
			}),
		);
		expect(result.document.Line.map((line) => line.Amount)).toEqual([2, 3, 1]);
	});

	it('uses the mapped tax code on every line, or none', () => {
		const withCode = mapped(invoice(), { lineTaxCodeRef: { value: '5', name: 'Zero-rated' } });
		expect(salesLine(withCode.document.Line[0]).SalesItemLineDetail.TaxCodeRef).toEqual({ value: '5', name: 'Zero-rated' });
		const without = mapped(invoice(), { usTaxCodeNon: false });
		expect(salesLine(without.document.Line[0]).SalesItemLineDetail.TaxCodeRef).toBeUndefined();
	});
});

describe('mapHubSpotInvoiceToQuickBooks: items, fees and taxes', () => {
	it('names every line item without an item, with its lookup keys', () => {
		const target = invoice({ lineItems: [lineItem('11', { price: '50', quantity: '2', hs_sku: 'CONS-1', name: 'Consulting' })] });
		const error = refused(target, { itemRefs: {} });
		expect(error.category).toBe('item_not_found');
		expect(error.message).toContain('CONS-1');
		expect(error.details).toEqual({ lineItems: [{ lineItemId: '11', sku: 'CONS-1', name: 'Consulting' }] });
	});

	it('needs a fee item when the invoice has fees', () => {
		const error = refused(invoice({ fees: [record('f', { hs_type: 'FIXED', hs_value: '5' })] }), { feeItemRef: undefined });
		expect(error.category).toBe('item_not_found');
		expect(error.howToFix).toContain('fees');
	});

	it('needs a tax item when the invoice has taxes', () => {
		expect(refused(invoice({ taxes: [record('t', { hs_type: 'PERCENT', hs_value: '5' })] }), { taxItemRef: undefined }).category).toBe('tax_not_supported');
	});

	it('refuses an invoice without line items', () => {
		expect(refused(invoice({ lineItems: [] })).message).toContain('no line items');
	});

	it('gives the lookup keys: SKU, then name', () => {
		expect(itemLookupKeys(lineItem('1', { hs_sku: 'A-1', name: 'Alpha', hs_product_id: '9' }))).toEqual({ sku: 'A-1', name: 'Alpha', productId: '9' });
		expect(itemLookupKeys(record('1', { name: ' ' }))).toEqual({});
	});
});

describe('mapHubSpotInvoiceToQuickBooks: currencies', () => {
	it('refuses a foreign currency without multicurrency', () => {
		const error = refused(invoice({ properties: { hs_currency: 'EUR' } }));
		expect(error.category).toBe('currency_mismatch');
		expect(error.howToFix).toContain('multicurrency');
	});

	it('sets CurrencyRef under multicurrency', () => {
		const result = mapped(invoice({ properties: { hs_currency: 'EUR' } }), { multicurrencyEnabled: true, customerCurrency: 'EUR' });
		expect(result.document.CurrencyRef).toEqual({ value: 'EUR' });
	});

	it('refuses a customer in another currency', () => {
		const error = refused(invoice({ properties: { hs_currency: 'EUR' } }), { multicurrencyEnabled: true, customerCurrency: 'USD' });
		expect(error.category).toBe('currency_mismatch');
		expect(error.message).toContain('EUR');
	});

	it('checks the total in yen and dinars', () => {
		const yen = invoice({ properties: { hs_currency: 'JPY', hs_amount_billed: '3297' }, lineItems: [lineItem('1', { price: '999', quantity: '3' })], taxes: [record('t', { hs_type: 'PERCENT', hs_value: '10' })] });
		expect(mapped(yen, { homeCurrency: 'JPY' }).document.Line.map((line) => line.Amount)).toEqual([2997, 300]);
		const dinar = invoice({ properties: { hs_currency: 'KWD', hs_amount_billed: '3.519' }, lineItems: [lineItem('1', { price: '1.2345', quantity: '3' })], discounts: [record('d', { hs_type: 'PERCENT', hs_value: '5' })] });
		expect(mapped(dinar, { homeCurrency: 'KWD' }).document.Line.map((line) => line.Amount)).toEqual([3.704, 0.185]);
	});

	it('refuses an invoice without a currency', () => {
		expect(refused(invoice({ properties: { hs_currency: null } })).message).toContain('hs_currency');
	});
});

describe('mapHubSpotInvoiceToQuickBooks: header rules', () => {
	it('refuses a number longer than 21 characters under the refuse rule', () => {
		const error = refused(invoice({ properties: { hs_number: 'INVOICE-2026-ACME-000123' } }));
		expect(error.category).toBe('validation');
		expect(error.message).toContain('24 characters');
	});

	it('shortens long numbers by the chosen rule and says so', () => {
		const target = invoice({ properties: { hs_number: 'INVOICE-2026-ACME-000123' } });
		const start = mapped(target, { docNumberRule: 'truncate-end' });
		expect(start.document.DocNumber).toBe('INVOICE-2026-ACME-000');
		expect(start.notes.join(' ')).toContain('shortened');
		expect(mapped(target, { docNumberRule: 'keep-last-21' }).document.DocNumber).toBe('OICE-2026-ACME-000123');
		expect(invoiceDocNumber(target, 'keep-last-21')).toEqual({ ok: true, docNumber: 'OICE-2026-ACME-000123', shortened: true });
		expect(invoiceDocNumber(invoice(), 'refuse')).toEqual({ ok: true, docNumber: 'INV-1001', shortened: false });
	});

	it('leaves numbering to QuickBooks when custom transaction numbers are off, or HubSpot has no number', () => {
		expect(mapped(invoice(), { sendDocNumber: false }).document.DocNumber).toBeUndefined();
		const unnumbered = mapped(invoice({ properties: { hs_number: null } }));
		expect(unnumbered.document.DocNumber).toBeUndefined();
		expect(unnumbered.docNumber).toBeUndefined();
	});

	it('dates in the books’ time zone', () => {
		const late = invoice({ properties: { hs_invoice_date: '2026-10-01T03:00:00Z' } });
		expect(mapped(late).document.TxnDate).toBe('2026-10-01');
		expect(mapped(late, { timeZone: 'America/Los_Angeles' }).document.TxnDate).toBe('2026-09-30');
	});

	it('refuses a date it cannot read', () => {
		expect(refused(invoice({ properties: { hs_due_date: 'next Friday' } })).message).toContain('hs_due_date');
	});

	it('uses the override email, and leaves out what is not an email', () => {
		expect(mapped(invoice(), { billEmail: 'ap@acme.com' }).document.BillEmail).toEqual({ Address: 'ap@acme.com' });
		const noEmail = invoice({ contacts: [record('1', { email: 'not an email' })] });
		expect(mapped(noEmail).document.BillEmail).toBeUndefined();
	});

	it('skips empty custom fields and refuses more than three', () => {
		const mapping = [{ hubspotProperty: 'hs_purchase_order_number', qboCustomFieldDefinitionId: '1' }];
		expect(mapped(invoice(), { customFields: mapping }).document.CustomField).toBeUndefined();
		const four = ['a', 'b', 'c', 'd'].map((name, index) => ({ hubspotProperty: name, qboCustomFieldDefinitionId: String(index + 1) }));
		expect(refused(invoice(), { customFields: four }).message).toContain('4 custom fields');
	});

	it('marks PrivateNote so the invoice can be found again', () => {
		const note = mapped(invoice()).document.PrivateNote;
		expect(note).toBe(privateNoteMarker('5001'));
		expect(hubspotInvoiceIdFromPrivateNote(note)).toBe('5001');
		expect(hubspotInvoiceIdFromPrivateNote('Voided\nHubSpot invoice 42')).toBe('42');
		expect(hubspotInvoiceIdFromPrivateNote(undefined)).toBeUndefined();
	});

	it('maps the same invoice to the same document every time', () => {
		expect(mapped(invoice())).toEqual(mapped(invoice()));
	});
});

describe('mapHubSpotInvoiceToQuickBooks: what the sync refuses instead of guessing', () => {
	it('refuses a billed amount with more decimals than the currency has, never rounding it', () => {
		const error = refused(invoice({ properties: { hs_amount_billed: '12.345' }, lineItems: [lineItem('11', { price: '12.345' })] }));
		expect(error).toMatchObject({ category: 'validation', details: { hubspotBilled: '12.345', currency: 'USD', currencyDecimals: 2 } });
		expect(error.message).toContain('does not round');
		expect(error.howToFix).toContain('minor units');
		expect(refused(invoice({ properties: { hs_currency: 'JPY', hs_amount_billed: '100.5' }, lineItems: [lineItem('11', { price: '100.5' })] }), { homeCurrency: 'JPY' }).category).toBe('validation');
	});

	it.each([['weird'], [null]])('refuses the status %p instead of taking it for open', (status) => {
		const error = refused(invoice({ properties: { hs_invoice_status: status } }));
		expect(error).toMatchObject({ category: 'validation', details: { status, knownStatuses: ['draft', 'open', 'paid', 'voided'] } });
		expect(error.howToFix).toContain('draft, open, paid or voided');
	});

	it('bills a 100 % discount line at 0 when its list total is half a minor unit (USD, EUR, JPY)', () => {
		for (const [currency, price, quantity, other] of [['USD', '0.125', '1', '10.00'], ['EUR', '0.18', '2.25', '10.00'], ['JPY', '19', '0.5', '1000']]) {
			const target = invoice({
				properties: { hs_currency: currency, hs_amount_billed: other },
				lineItems: [lineItem('11', { price, quantity, hs_discount_percentage: '100' }), lineItem('12', { price: other })],
			});
			const result = mapped(target, { homeCurrency: currency });
			expect(result.document.Line.map((line) => [line.Amount, salesLine(line).SalesItemLineDetail.UnitPrice])).toEqual([[0, 0], [Number(other), Number(other)]]);
			expect(result.documentTotal).toBe(other);
		}
	});

	it('never sends a negative UnitPrice for a quantity-0 line whose unit discount is above its price', () => {
		const target = invoice({ lineItems: [lineItem('11', { price: '10', quantity: '0', discount: '321' }), lineItem('12', { price: '100.00' })] });
		const result = mapped(target);
		expect(salesLine(result.document.Line[0]).SalesItemLineDetail).toMatchObject({ Qty: 0, UnitPrice: 10 });
		expect(result.document.Line[0].Amount).toBe(0);
		expect(result.notes).toEqual([expect.stringContaining('above its price')]);
	});

	it('refuses amounts, unit prices and totals past QuickBooks\' ten integer digits, with the limit in the message', () => {
		const total = refused(invoice({ properties: { hs_amount_billed: '10000000000.00' }, lineItems: [lineItem('11', { price: '5000000000.00', quantity: '2' })] }));
		expect(total).toMatchObject({ category: 'validation', details: { limit: 10, integerDigits: 11 } });
		expect(total.message).toContain('at most 10');
		const unitPrice = refused(invoice({ properties: { hs_amount_billed: '99999999.99' }, lineItems: [lineItem('11', { price: '99999999990', quantity: '0.001' })] }));
		expect(unitPrice.message).toMatch(/unit price 99999999990 USD has 11 digits/);
		expect(mapped(invoice({ properties: { hs_amount_billed: '9999999999.99' }, lineItems: [lineItem('11', { price: '9999999999.99' })] })).documentTotal).toBe('9999999999.99');
	});
});

describe('mapHubSpotInvoiceToQuickBooks: the PO number and other carried properties', () => {
	const withPo = (properties: Record<string, string> = {}) => invoice({ properties: { hs_purchase_order_number: 'PO-7731', ...properties } });
	const companyFields = [
		{ definitionId: '1', name: 'Sales Rep' },
		{ definitionId: '2', name: 'P.O. number' },
	];

	it('recognises PO fields by name, in any case', () => {
		expect(['PO Number', 'P.O. Number', 'PO #', 'po#', 'p.o. no.', 'Purchase Order Number'].every(isPoNumberFieldName)).toBe(true);
		expect(['Sales Rep', 'POS Number', 'Crew #'].some(isPoNumberFieldName)).toBe(false);
	});

	it('writes it by default to the company\'s PO custom field', () => {
		const result = mapped(withPo({ hs_comments: 'Thanks' }), { companyCustomFields: companyFields });
		expect(result.document.CustomField).toEqual([{ DefinitionId: '2', Name: 'P.O. number', Type: 'StringType', StringValue: 'PO-7731' }]);
		expect(result.document.CustomerMemo).toEqual({ value: 'Thanks' });
		expect(result.notes).toEqual([]);
	});

	it('writes it to the memo when the company has no PO field, or when asked to', () => {
		expect(mapped(withPo({ hs_comments: 'Thanks' }), { companyCustomFields: [companyFields[0]] }).document).toMatchObject({ CustomerMemo: { value: 'PO Number: PO-7731\nThanks' } });
		const memo = mapped(withPo(), { companyCustomFields: companyFields, poNumber: 'memo' });
		expect(memo.document.CustomField).toBeUndefined();
		expect(memo.document.CustomerMemo).toEqual({ value: 'PO Number: PO-7731' });
	});

	it('lets a user mapping override the default, and notes a PO number it cannot place', () => {
		const mappedByUser = mapped(withPo(), { companyCustomFields: companyFields, customFields: [{ hubspotProperty: 'hs_purchase_order_number', qboCustomFieldDefinitionId: '1', name: 'Sales Rep' }] });
		expect(mappedByUser.document.CustomField).toEqual([{ DefinitionId: '1', Name: 'Sales Rep', Type: 'StringType', StringValue: 'PO-7731' }]);
		expect(mappedByUser.document.CustomerMemo).toBeUndefined();

		const fieldTaken = mapped(withPo({ hs_tax_id: 'EIN 12-3456789' }), { companyCustomFields: companyFields, customFields: [{ hubspotProperty: 'hs_tax_id', qboCustomFieldDefinitionId: '2' }] });
		expect(fieldTaken.document.CustomField).toEqual([{ DefinitionId: '2', Type: 'StringType', StringValue: 'EIN 12-3456789' }]);
		expect(fieldTaken.document.CustomerMemo).toEqual({ value: 'PO Number: PO-7731' });
		expect(fieldTaken.notes).toEqual([expect.stringContaining('holds another mapped property')]);

		const none = mapped(withPo(), { companyCustomFields: companyFields, poNumber: 'none' });
		expect(none.document.CustomField).toBeUndefined();
		expect(none.notes).toEqual([expect.stringContaining('PO-7731 was not carried')]);
	});

	it('moves a value too long for a custom field to the memo, and notes a memo cut to QuickBooks\' length', () => {
		const long = 'PO-'.padEnd(40, '9');
		const result = mapped(withPo({ hs_purchase_order_number: long }), { companyCustomFields: companyFields });
		expect(result.document.CustomField).toBeUndefined();
		expect(result.document.CustomerMemo).toEqual({ value: `PO Number: ${long}` });
		expect(result.notes).toEqual([expect.stringContaining('31 characters')]);
		const cut = mapped(withPo({ hs_comments: 'x'.repeat(1200) }), { companyCustomFields: [] });
		expect(cut.document.CustomerMemo?.value).toHaveLength(1000);
		expect(cut.notes).toEqual([expect.stringContaining('its end was cut')]);
	});
});
