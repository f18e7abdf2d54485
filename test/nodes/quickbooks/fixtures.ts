/** Node parameters for the creates the idempotency and error tests repeat. */
import type { IDataObject } from 'n8n-workflow';

import { byId, DEFAULT_COMPANY, salesLines } from './testbed';

const { accounts, customers, paymentMethods, vendors } = DEFAULT_COMPANY;

export function invoiceCreate(extra: IDataObject = {}, customer: string = customers.acme): IDataObject {
	return {
		resource: 'invoice',
		operation: 'create',
		customer: byId(customer),
		lines: salesLines({ quantity: 2, unitPrice: '45.00', description: 'Support plan' }),
		additionalFields: { docNumber: 'HS-2001', txnDate: '2026-10-01', customFields: { field: [{ definitionId: '1', value: 'PO-9' }] }, ...extra },
	};
}

export function paymentCreate(invoiceId: string, amount = '90.00'): IDataObject {
	return {
		resource: 'payment',
		operation: 'create',
		customer: byId(customers.acme),
		amount,
		invoices: { invoice: [{ invoiceId, amount }] },
		allowUnapplied: false,
		additionalFields: {
			txnDate: '2026-10-05',
			paymentRefNum: 'ch_1',
			depositToAccount: byId(accounts.undepositedFunds),
			paymentMethod: byId(paymentMethods.visa),
		},
	};
}

export function expenseCreate(): IDataObject {
	return {
		resource: 'expense',
		operation: 'create',
		paymentType: 'CreditCard',
		paymentAccount: byId(accounts.businessCard),
		lines: { line: [{ account: byId(accounts.merchantFees), amount: '3.21', description: 'Processing fees' }] },
		additionalFields: { vendor: byId(vendors.stripe), txnDate: '2026-10-31', privateNote: 'Fees 2026-10' },
	};
}
