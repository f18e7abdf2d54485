import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { additionalFieldsCollection, documentHeader } from '../common/documentFields';
import { expenseLinesField, createRequestIdOptions } from '../common/fields';
import { paymentAccountLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { currencyOf, expenseLines, rawFields, requireLines, requiredRef, type ExpenseLineInput } from '../common/payload';
import { createOnce } from '../common/plainCreate';

const properties: INodeProperties[] = [
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		required: true,
		options: [
			{ name: 'Cash', value: 'Cash' },
			{ name: 'Check', value: 'Check' },
			{ name: 'Credit Card', value: 'CreditCard' },
		],
		default: 'Cash',
		description: 'How the expense was paid. Check needs a bank account, Credit Card a credit card account.',
	},
	paymentAccountLocator({ name: 'paymentAccount', displayName: 'Paid From Account', required: true, description: 'The bank or credit card account the money left' }),
	expenseLinesField,
	additionalFieldsCollection(['currency', 'docNumber', 'exchangeRate', 'paymentMethod', 'privateNote', 'rawFields', 'txnDate', 'vendor']),
	createRequestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['expense'], operation: ['create'] } }, properties);

/** A QBO Purchase with account-based lines (quickbooks.md §2.3). */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const lines = (this.getNodeParameter('lines', itemIndex, {}) as { line?: ExpenseLineInput[] }).line;
	const payload: IDataObject = {
		PaymentType: this.getNodeParameter('paymentType', itemIndex) as string,
		AccountRef: requiredRef(this.getNodeParameter('paymentAccount', itemIndex), 'Paid From Account'),
		Line: expenseLines(lines, currencyOf(fields.currency)),
		...documentHeader(fields),
		...rawFields(fields.rawFields),
	};
	requireLines(payload, 'expense');
	return jsonItems(await createOnce(this, itemIndex, client, 'Purchase', payload));
}
