import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { DEFAULT_COMPANY, OCT_20, usePaymentSyncTestbed } from './paymentTestbed';

/** Record HubSpot Payment on a multicurrency QuickBooks company. */
const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach }, { multicurrency: true });

describe('Record HubSpot Payment: foreign currency', () => {
	it("applies a EUR payment to the EUR invoice of the customer's currency, in EUR", async () => {
		const { hubspot, qboInvoiceId } = await tb.syncedInvoice('150.00', { currency: 'EUR', customer: DEFAULT_COMPANY.foreignCustomers.eur });
		const payment = tb.hs.recordPayment({ invoiceId: hubspot.id, amount: '100.00', initiatedAt: OCT_20 });

		const [outcome] = await tb.json({ resource: 'payment', operation: 'recordHubSpotPayment' }, [await tb.paymentItem(payment.id)]);
		expect(outcome).toMatchObject({ action: 'created', currency: 'EUR', amount: '100.00', quickbooksInvoiceId: qboInvoiceId });
		expect(tb.qb.sim.store.list('Payment')).toMatchObject([{ CurrencyRef: { value: 'EUR' }, TotalAmt: 100, CustomerRef: { value: DEFAULT_COMPANY.foreignCustomers.eur } }]);
		expect(tb.invoiceBalance(qboInvoiceId)).toBe(50);
	});
});
