import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { additionalFieldsCollection } from '../common/documentFields';
import { createRequestIdOptions, salesLinesField } from '../common/fields';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { createOnce } from '../common/plainCreate';
import { readSalesDocument } from '../common/salesDocument';

const properties: INodeProperties[] = [
	customerLocator({ name: 'customer', displayName: 'Customer', required: true, description: 'Who is billed' }),
	salesLinesField,
	additionalFieldsCollection([
		'billEmail',
		'currency',
		'customerMemo',
		'customFields',
		'docNumber',
		'dueDate',
		'exchangeRate',
		'privateNote',
		'rawFields',
		'term',
		'txnDate',
	]),
	createRequestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const payload = readSalesDocument(this, itemIndex, 'invoice');
	return jsonItems(await createOnce(this, itemIndex, client, 'Invoice', payload));
}
