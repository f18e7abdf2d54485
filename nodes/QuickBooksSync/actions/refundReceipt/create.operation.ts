import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { additionalFieldsCollection } from '../common/documentFields';
import { createRequestIdOptions, salesLinesField } from '../common/fields';
import { customerLocator, depositAccountLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { requiredRef } from '../common/payload';
import { createOnce } from '../common/plainCreate';
import { readSalesDocument } from '../common/salesDocument';

const properties: INodeProperties[] = [
	customerLocator({ name: 'customer', displayName: 'Customer', required: true, description: 'Who is refunded' }),
	depositAccountLocator({
		name: 'refundFromAccount',
		displayName: 'Refund From Account',
		required: true,
		description: 'The bank (or other current asset) account the refund is paid from. A bank account needs a reference number.',
	}),
	salesLinesField,
	additionalFieldsCollection([
		'billEmail',
		'currency',
		'customerMemo',
		'customFields',
		'docNumber',
		'exchangeRate',
		'paymentMethod',
		'paymentRefNum',
		'privateNote',
		'rawFields',
		'txnDate',
	]),
	createRequestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['refundReceipt'], operation: ['create'] } }, properties);

/** Money paid back to a customer (quickbooks.md §2.4: DepositToAccountRef is the account refunded from). */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const payload: IDataObject = {
		DepositToAccountRef: requiredRef(this.getNodeParameter('refundFromAccount', itemIndex), 'Refund From Account'),
		...readSalesDocument(this, itemIndex, 'refund receipt'),
	};
	return jsonItems(await createOnce(this, itemIndex, client, 'RefundReceipt', payload));
}
