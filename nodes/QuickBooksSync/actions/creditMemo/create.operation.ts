import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { additionalFieldsCollection } from '../common/documentFields';
import { createRequestIdOptions, salesLinesField } from '../common/fields';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { createOnce } from '../common/plainCreate';
import { readSalesDocument } from '../common/salesDocument';

const properties: INodeProperties[] = [
	customerLocator({ name: 'customer', displayName: 'Customer', required: true, description: 'Who is credited' }),
	salesLinesField,
	additionalFieldsCollection(['billEmail', 'currency', 'customerMemo', 'customFields', 'docNumber', 'exchangeRate', 'privateNote', 'rawFields', 'txnDate']),
	createRequestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['creditMemo'], operation: ['create'] } }, properties);

/** A credit the customer can use against invoices (no money leaves the company). */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const payload = readSalesDocument(this, itemIndex, 'credit memo');
	return jsonItems(await createOnce(this, itemIndex, client, 'CreditMemo', payload));
}
