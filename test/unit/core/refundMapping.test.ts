import { describe, expect, it } from '@jest/globals';
import { isRefundedPayment, mapHubSpotRefundToQuickBooks, refundDocNumber, refundMarker, refundMarkerPrefix, type RefundSettings } from '../../../core/refundMapping';
import { payment } from './invoiceFactory';

const receiptSettings: RefundSettings = {
	documentType: 'RefundReceipt',
	customerRef: { value: '58' },
	itemRef: { value: '21', name: 'Consulting' },
	refundFromAccountRef: { value: '91', name: 'Stripe clearing' },
	homeCurrency: 'USD',
	multicurrencyEnabled: false,
	usTaxCodeNon: true,
	paymentMethodRefs: { card: { value: '3' } },
	invoiceNumber: 'INV-1001',
};

const refunded = (properties: Record<string, string | null> = {}) =>
	payment('48213', {
		hs_initial_amount: '180.00',
		hs_latest_status: 'refunded',
		hs_refunds_amount: '180.00',
		hs_payment_method_type: 'card',
		hs_lastmodifieddate: '2026-10-09T10:00:00Z',
		...properties,
	});

describe('mapHubSpotRefundToQuickBooks', () => {
	it('books a refund receipt paid back from the chosen account, marked per payment and refunded total', () => {
		expect(mapHubSpotRefundToQuickBooks(refunded(), receiptSettings)).toEqual({
			ok: true,
			documentType: 'RefundReceipt',
			amount: '180.00',
			refundedInTotal: '180.00',
			currency: 'USD',
			marker: 'HubSpot refund of payment 48213 to 180.00',
			docNumber: 'R-48213-18000',
			document: {
				CustomerRef: { value: '58' },
				DepositToAccountRef: { value: '91', name: 'Stripe clearing' },
				PaymentRefNum: '48213',
				PaymentMethodRef: { value: '3' },
				DocNumber: 'R-48213-18000',
				PrivateNote: 'HubSpot refund of payment 48213 to 180.00',
				TxnDate: '2026-10-09',
				Line: [
					{
						DetailType: 'SalesItemLineDetail',
						Amount: 180,
						Description: 'Refund of HubSpot payment 48213 (invoice INV-1001)',
						SalesItemLineDetail: { ItemRef: { value: '21', name: 'Consulting' }, Qty: 1, UnitPrice: 180, TaxCodeRef: { value: 'NON' } },
					},
				],
			},
		});
	});

	it('leaves the number to QuickBooks when the company numbers its documents itself; the marker still identifies the refund', () => {
		const result = mapHubSpotRefundToQuickBooks(refunded(), { ...receiptSettings, customTxnNumbers: false });
		if (!result.ok || result.document === null) throw new Error('expected a document');
		expect(result.document).not.toHaveProperty('DocNumber');
		expect(result.document.PrivateNote).toBe('HubSpot refund of payment 48213 to 180.00');
	});

	it('books a credit memo against the customer when chosen', () => {
		const result = mapHubSpotRefundToQuickBooks(refunded({ hs_latest_status: 'partially_refunded', hs_refunds_amount: '30.00' }), {
			...receiptSettings,
			documentType: 'CreditMemo',
			refundFromAccountRef: undefined,
			refundDate: '2026-10-12',
		});
		expect(result.ok && result.documentType).toBe('CreditMemo');
		expect(result.ok && result.document).toEqual({
			CustomerRef: { value: '58' },
			DocNumber: 'R-48213-3000',
			PrivateNote: 'HubSpot refund of payment 48213 to 30.00',
			TxnDate: '2026-10-12',
			Line: [
				{
					DetailType: 'SalesItemLineDetail',
					Amount: 30,
					Description: 'Refund of HubSpot payment 48213 (invoice INV-1001), partial: 30.00 of 180.00 USD refunded in total',
					SalesItemLineDetail: { ItemRef: { value: '21', name: 'Consulting' }, Qty: 1, UnitPrice: 30, TaxCodeRef: { value: 'NON' } },
				},
			],
		});
	});

	it('books only what is not booked yet, so a second partial refund gets its own document', () => {
		const second = mapHubSpotRefundToQuickBooks(refunded({ hs_latest_status: 'partially_refunded', hs_refunds_amount: '75.00' }), { ...receiptSettings, alreadyRefunded: '30.00' });
		expect(second).toMatchObject({ ok: true, amount: '45.00', refundedInTotal: '75.00', marker: 'HubSpot refund of payment 48213 to 75.00', docNumber: 'R-48213-7500' });
		expect(second.ok && second.document?.Line[0].Amount).toBe(45);
	});

	it('books nothing when every refund is already in QuickBooks (running it twice books once)', () => {
		expect(mapHubSpotRefundToQuickBooks(refunded(), { ...receiptSettings, alreadyRefunded: '180.00' })).toMatchObject({ ok: true, document: null, amount: '0.00' });
	});

	it('refuses more refunds in QuickBooks than HubSpot shows', () => {
		const result = mapHubSpotRefundToQuickBooks(refunded({ hs_refunds_amount: '50.00', hs_latest_status: 'partially_refunded' }), { ...receiptSettings, alreadyRefunded: '60.00' });
		expect(!result.ok && result.error.category).toBe('overpayment');
	});

	it.each([
		[{ hs_latest_status: 'succeeded' }, 'not refunded'],
		[{ hs_refunds_amount: null }, 'hs_refunds_amount'],
		[{ hs_refunds_amount: '200.00' }, 'refunded of a 180.00 USD payment'],
		[{ hs_processor_type: 'quickbooks' }, 'came from QuickBooks'],
	])('refuses %p', (properties, words) => {
		const result = mapHubSpotRefundToQuickBooks(refunded(properties), receiptSettings);
		expect(!result.ok && result.error.message).toContain(words);
	});

	it('needs the refund-from account for a refund receipt', () => {
		const result = mapHubSpotRefundToQuickBooks(refunded(), { ...receiptSettings, refundFromAccountRef: undefined });
		expect(!result.ok && result.error.howToFix).toContain('Refund From Account');
	});

	it('refuses a foreign currency without multicurrency and sets it with', () => {
		const euro = refunded({ hs_currency_code: 'EUR' });
		expect(mapHubSpotRefundToQuickBooks(euro, receiptSettings)).toMatchObject({ ok: false, error: { category: 'currency_mismatch' } });
		const result = mapHubSpotRefundToQuickBooks(euro, { ...receiptSettings, multicurrencyEnabled: true });
		expect(result.ok && result.document?.CurrencyRef).toEqual({ value: 'EUR' });
	});
});

describe('refund markers', () => {
	it('are stable per payment and running total, and share a prefix per payment', () => {
		expect(refundMarker('7', '10.00')).toBe('HubSpot refund of payment 7 to 10.00');
		expect(refundMarker('7', '10.00').startsWith(refundMarkerPrefix('7'))).toBe(true);
		expect(refundDocNumber('7', 1000n)).toBe('R-7-1000');
		const long = refundDocNumber('123456789012345', 1234567n);
		expect(long).toMatch(/^R-[0-9a-f]{16}$/);
		expect(refundDocNumber('123456789012345', 1234567n)).toBe(long);
	});

	it('recognize refunded payments', () => {
		expect(isRefundedPayment(refunded())).toBe(true);
		expect(isRefundedPayment(refunded({ hs_latest_status: 'processing_refund' }))).toBe(false);
	});
});
