import { describe, expect, it } from '@jest/globals';
import {
	classifyPayment,
	mapHubSpotPaymentToQuickBooks,
	mapPaymentToSalesReceipt,
	paymentMarker,
	paymentRefNum,
	type PaymentMappingSettings,
	type SalesReceiptSettings,
} from '../../../core/paymentMapping';
import { payment } from './invoiceFactory';

const settings: PaymentMappingSettings = {
	customerRef: { value: '58' },
	homeCurrency: 'USD',
	multicurrencyEnabled: false,
	depositAccountRef: { value: '35', name: 'Undeposited Funds' },
	paymentMethodRefs: { card: { value: '3', name: 'Credit card' } },
	invoice: { Id: '130', Balance: 250 },
};

describe('classifyPayment: where a HubSpot payment goes', () => {
	it.each([
		[{}, ['130'], 'invoice'],
		[{ hs_payment_source_app: 'INVOICE' }, undefined, 'invoice'],
		[{ hs_has_associated_invoice: 'true' }, undefined, 'invoice'],
		[{ hs_number_of_associated_invoices: '2' }, undefined, 'invoice'],
		[{ hs_payment_source_app: 'SALES_CHECKOUT' }, undefined, 'no-invoice'],
		[{ hs_payment_source_app: 'SUBSCRIPTION', hs_has_associated_invoice: 'false' }, undefined, 'no-invoice'],
		[{ hs_processor_type: 'quickbooks' }, ['130'], 'skip-quickbooks-origin'],
		[{ hs_processor_type: 'QuickBooks', hs_latest_status: 'failed' }, undefined, 'skip-quickbooks-origin'],
		[{ hs_latest_status: 'failed' }, ['130'], 'not-succeeded'],
		[{ hs_latest_status: 'processing' }, ['130'], 'not-succeeded'],
		[{ hs_latest_status: 'disputed_lost' }, ['130'], 'not-succeeded'],
		[{ hs_latest_status: 'refunded' }, ['130'], 'invoice'],
		[{ hs_latest_status: 'partially_refunded', hs_payment_source_app: 'QUOTE' }, undefined, 'no-invoice'],
		[{ hs_latest_status: null }, ['130'], 'not-succeeded'],
	])('%p with invoices %p → %s', (properties, invoiceIds, route) => {
		expect(classifyPayment(payment('900', properties, invoiceIds))).toBe(route);
	});
});

describe('mapHubSpotPaymentToQuickBooks', () => {
	it('records the amount charged, applied to the synced invoice, referenced by the HubSpot id', () => {
		const result = mapHubSpotPaymentToQuickBooks(payment('48213', { hs_initial_amount: '180.00', hs_fees_amount: '5.52', hs_payment_method_type: 'card' }, ['5001']), settings);
		expect(result).toEqual({
			ok: true,
			amount: '180.00',
			currency: 'USD',
			marker: 'HubSpot payment 48213',
			document: {
				CustomerRef: { value: '58' },
				TotalAmt: 180,
				TxnDate: '2026-10-05',
				PaymentRefNum: '48213',
				PrivateNote: 'HubSpot payment 48213',
				PaymentMethodRef: { value: '3', name: 'Credit card' },
				DepositToAccountRef: { value: '35', name: 'Undeposited Funds' },
				Line: [{ Amount: 180, LinkedTxn: [{ TxnId: '130', TxnType: 'Invoice' }] }],
			},
		});
	});

	it('allows partial payments and a payment of exactly the balance', () => {
		expect(mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '100' }, ['5']), settings).ok).toBe(true);
		expect(mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '250.00' }, ['5']), settings).ok).toBe(true);
	});

	it('refuses an overpayment with both figures', () => {
		const result = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '250.01' }, ['5']), settings);
		expect(!result.ok && result.error.category).toBe('overpayment');
		expect(!result.ok && result.error.message).toContain('250.01 USD');
		expect(!result.ok && result.error.message).toContain('250.00 USD');
	});

	it('refuses other routes instead of guessing', () => {
		expect(mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '10', hs_processor_type: 'quickbooks' }, ['5']), settings)).toMatchObject({ ok: false, error: { category: 'validation' } });
		const noInvoice = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '10', hs_payment_source_app: 'SALES_CHECKOUT' }), settings);
		expect(!noInvoice.ok && noInvoice.error.message).toContain('sales receipt');
	});

	it('needs the payment in the invoice’s currency', () => {
		const result = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '10', hs_currency_code: 'EUR' }, ['5']), { ...settings, multicurrencyEnabled: true, invoice: { Id: '130', Balance: 100, CurrencyRef: { value: 'USD' } } });
		expect(!result.ok && result.error.category).toBe('currency_mismatch');
		const euro = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '10', hs_currency_code: 'EUR' }, ['5']), { ...settings, multicurrencyEnabled: true, invoice: { Id: '130', Balance: 100, CurrencyRef: { value: 'EUR' } } });
		expect(euro.ok && euro.document.CurrencyRef).toEqual({ value: 'EUR' });
	});

	it('records yen and dinars in their own minor units', () => {
		const yen = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '3297', hs_currency_code: 'JPY' }, ['5']), { ...settings, homeCurrency: 'JPY', invoice: { Id: '1', Balance: 3297 } });
		expect(yen.ok && yen.document.TotalAmt).toBe(3297);
		const fractional = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: '10.5', hs_currency_code: 'JPY' }, ['5']), { ...settings, homeCurrency: 'JPY', invoice: { Id: '1', Balance: 3297 } });
		expect(!fractional.ok && fractional.error.category).toBe('validation');
	});

	it('refuses missing, zero and junk amounts', () => {
		for (const amount of [null, '0', '-5', 'abc']) {
			const result = mapHubSpotPaymentToQuickBooks(payment('1', { hs_initial_amount: amount }, ['5']), settings);
			expect(!result.ok && result.error.category).toBe('validation');
		}
	});

	it('keeps the reference within QuickBooks’ 21 characters', () => {
		expect(paymentRefNum('123456789012345678901234')).toBe('456789012345678901234');
		expect(paymentMarker('7')).toBe('HubSpot payment 7');
	});
});

describe('mapPaymentToSalesReceipt', () => {
	const receiptSettings: SalesReceiptSettings = {
		customerRef: { value: '58' },
		homeCurrency: 'USD',
		multicurrencyEnabled: false,
		itemRef: { value: '21', name: 'HubSpot sales' },
		usTaxCodeNon: true,
		lineItemNames: ['Starter plan'],
	};

	it('books a payment without an invoice as one sales-receipt line', () => {
		const result = mapPaymentToSalesReceipt(
			payment('777', { hs_initial_amount: '49.00', hs_payment_source_app: 'SALES_CHECKOUT', hs_payment_source_name: 'Starter payment link', hs_customer_email: 'buyer@example.com' }),
			receiptSettings,
		);
		expect(result).toEqual({
			ok: true,
			amount: '49.00',
			currency: 'USD',
			marker: 'HubSpot payment 777',
			document: {
				CustomerRef: { value: '58' },
				Line: [
					{
						DetailType: 'SalesItemLineDetail',
						Amount: 49,
						Description: 'HubSpot payment 777 (Starter payment link): Starter plan',
						SalesItemLineDetail: { ItemRef: { value: '21', name: 'HubSpot sales' }, Qty: 1, UnitPrice: 49, TaxCodeRef: { value: 'NON' } },
					},
				],
				TxnDate: '2026-10-05',
				PaymentRefNum: '777',
				PrivateNote: 'HubSpot payment 777',
				BillEmail: { Address: 'buyer@example.com' },
			},
		});
	});

	it('refuses a payment that belongs to an invoice', () => {
		expect(mapPaymentToSalesReceipt(payment('1', { hs_initial_amount: '1' }, ['5']), receiptSettings).ok).toBe(false);
	});

	it('refuses a foreign currency without multicurrency', () => {
		const result = mapPaymentToSalesReceipt(payment('1', { hs_initial_amount: '1', hs_currency_code: 'GBP', hs_payment_source_app: 'QUOTE' }), receiptSettings);
		expect(!result.ok && result.error.category).toBe('currency_mismatch');
	});
});
