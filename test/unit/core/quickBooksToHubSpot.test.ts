import { describe, expect, it } from '@jest/globals';

import {
	hubSpotBirthOf,
	hubSpotInvoiceFromQuickBooks,
	isDeletedDocument,
	isHubSpotBornPayment,
	isQuickBooksBornInvoice,
	isQuickBooksRecordedPayment,
	isVoidedDocument,
	paymentApplications,
	type QuickBooksDocument,
} from '../../../core/quickBooksToHubSpot';

const options = { homeCurrency: 'USD', taxHandling: 'invoiceTax' as const };

function line(amount: number | string, qty?: number | string, price?: number | string, name = 'Services') {
	return { DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: '1', name }, ...(qty !== undefined ? { Qty: qty } : {}), ...(price !== undefined ? { UnitPrice: price } : {}) } };
}

describe('hubSpotInvoiceFromQuickBooks', () => {
	it('keeps quantity × price when HubSpot would bill the same amount, else sends 1 × the amount, to the cent', () => {
		const invoice: QuickBooksDocument = { Id: '7', TotalAmt: 34.56, Line: [line(24, 3, 8), line(10.56, 3, 3.52), line(0, 1, 0, 'Free'), { DetailType: 'SubTotalLineDetail', Amount: 34.56 }] };
		const mapped = hubSpotInvoiceFromQuickBooks(invoice, options);
		if (!mapped.ok) throw new Error(mapped.error.message);
		expect(mapped.draft.lineItems.map((item) => [item.quantity, item.price])).toEqual([['3', '8.00'], ['3', '3.52'], ['1', '0.00']]);
		// 1.5 × 3.333 = 4.9995: QuickBooks rounds to 5.00, HubSpot bills 1 × 5.00.
		const odd = hubSpotInvoiceFromQuickBooks({ Id: '8', TotalAmt: 5, Line: [line(5, 1.5, 3.333)] }, options);
		if (!odd.ok) throw new Error(odd.error.message);
		expect(odd.draft.lineItems[0]).toMatchObject({ quantity: '1', price: '5.00' });
		expect(odd.draft.notes[0]).toMatch(/1 × 5.00/);
	});

	it('a percent discount becomes the amount QuickBooks took; tax one fixed amount; yen and dinar keep their places', () => {
		const mapped = hubSpotInvoiceFromQuickBooks(
			{ Id: '9', TotalAmt: 92.8, TxnTaxDetail: { TotalTax: 2.8 }, Line: [line(100, 1, 100), { DetailType: 'DiscountLineDetail', Amount: 10, DiscountLineDetail: { PercentBased: true, DiscountPercent: 10 } }] },
			options,
		);
		if (!mapped.ok) throw new Error(mapped.error.message);
		expect(mapped.draft.discounts).toEqual([{ hs_label: 'Discount (10 %)', hs_type: 'FIXED', hs_value: '10.00', hs_sort_order: '0' }]);
		expect(mapped.draft.taxes).toEqual([{ hs_label: 'Tax', hs_type: 'FIXED', hs_value: '2.80', hs_sort_order: '0' }]);
		expect(mapped.draft.amountBilled).toBe('92.80');
		const yen = hubSpotInvoiceFromQuickBooks({ Id: '10', CurrencyRef: { value: 'JPY' }, TotalAmt: 1500, Line: [line(1500, 3, 500)] }, options);
		expect(yen.ok && yen.draft.lineItems[0]).toMatchObject({ price: '500' });
		const dinar = hubSpotInvoiceFromQuickBooks({ Id: '11', CurrencyRef: { value: 'KWD' }, TotalAmt: 1.25, Line: [line(1.25, 1, 1.25)] }, options);
		expect(dinar.ok && dinar.draft.amountBilled).toBe('1.250');
	});

	it('refuses what HubSpot cannot bill exactly, each with its category', () => {
		const refused = (invoice: QuickBooksDocument, taxHandling: 'invoiceTax' | 'refuse' = 'invoiceTax') => {
			const mapped = hubSpotInvoiceFromQuickBooks(invoice, { ...options, taxHandling });
			return mapped.ok ? undefined : mapped.error.category;
		};
		expect(refused({ Id: '1', TotalAmt: 10.01, Line: [line(10, 1, 10)] })).toBe('amount_mismatch');
		expect(refused({ Id: '2', TotalAmt: 5, Line: [line(10, 1, 10), line(-5, 1, -5)] })).toBe('validation');
		expect(refused({ Id: '3', TotalAmt: 11, TxnTaxDetail: { TotalTax: 1 }, Line: [line(10, 1, 10)] }, 'refuse')).toBe('tax_not_supported');
		expect(refused({ Id: '4', TotalAmt: 0, Line: [{ DetailType: 'DescriptionOnly', Description: 'Note' }] })).toBe('validation');
		expect(refused({ Id: '5', TotalAmt: 10.005, Line: [line(10.005, 1, 10.005)] })).toBe('validation');
	});
});

describe('where a document was born', () => {
	it('reads the markers of both directions and HubSpot source properties', () => {
		expect(hubSpotBirthOf({ PrivateNote: 'HubSpot invoice 4711 https://app.hubspot.com/…' })).toBe('4711');
		expect(hubSpotBirthOf({ PrivateNote: 'Call before delivery' })).toBeUndefined();
		expect(isHubSpotBornPayment({ PrivateNote: 'HubSpot payment 99' })).toBe(true);
		expect(isHubSpotBornPayment({ PrivateNote: 'check 1234' })).toBe(false);
		expect(isQuickBooksBornInvoice({ qbo_origin_invoice_id: '12' })).toBe(true);
		expect(isQuickBooksBornInvoice({ hs_invoice_source: 'Legacy QuickBooks integration' })).toBe(true);
		expect(isQuickBooksBornInvoice({ hs_invoice_source: 'HubSpot', qbo_origin_invoice_id: '' })).toBe(false);
		expect(isQuickBooksRecordedPayment({ hs_processor_type: 'quickbooks' })).toBe(true);
		expect(isQuickBooksRecordedPayment({ hs_processor_type: 'hs_payments' })).toBe(false);
		expect(isVoidedDocument({ Id: '1', PrivateNote: 'Voided - was QB-1', TotalAmt: 0 })).toBe(true);
		expect(isVoidedDocument({ Id: '1', PrivateNote: 'Voided', TotalAmt: 5 })).toBe(false);
		expect(isDeletedDocument({ Id: '1', status: 'Deleted' })).toBe(true);
	});

	it('a payment applied to two invoices gives one application each, amounts summed per invoice', () => {
		const applications = paymentApplications(
			{ Id: '30', Line: [{ Amount: 10, LinkedTxn: [{ TxnId: '5', TxnType: 'Invoice' }] }, { Amount: 2.5, LinkedTxn: [{ TxnId: '6', TxnType: 'Invoice' }] }, { Amount: 1, LinkedTxn: [{ TxnId: '5', TxnType: 'Invoice' }] }, { Amount: 3, LinkedTxn: [{ TxnId: '9', TxnType: 'CreditMemo' }] }] },
			'USD',
		);
		expect(applications).toEqual([
			{ quickBooksInvoiceId: '5', amount: '11.00', reference: 'QuickBooks payment 30 invoice 5' },
			{ quickBooksInvoiceId: '6', amount: '2.50', reference: 'QuickBooks payment 30 invoice 6' },
		]);
	});
});
