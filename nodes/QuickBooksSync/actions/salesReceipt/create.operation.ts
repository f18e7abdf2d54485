import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { additionalFieldsCollection } from '../common/documentFields';
import { createRequestIdOptions, salesLinesField } from '../common/fields';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { createOnce } from '../common/plainCreate';
import { readSalesDocument } from '../common/salesDocument';

const properties: INodeProperties[] = [
	customerLocator({ name: 'customer', displayName: 'Customer', required: true, description: 'Who paid' }),
	salesLinesField,
	additionalFieldsCollection([
		'billEmail',
		'currency',
		'customerMemo',
		'customFields',
		'depositToAccount',
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

export const description = updateDisplayOptions({ show: { resource: ['salesReceipt'], operation: ['create'] } }, properties);

/** A sale paid on the spot: sales lines plus where the money went. */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const payload = readSalesDocument(this, itemIndex, 'sales receipt');
	return jsonItems(await createOnce(this, itemIndex, client, 'SalesReceipt', payload));
}
