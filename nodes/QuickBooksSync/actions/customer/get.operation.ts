import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { requiredRef } from '../common/payload';

const properties: INodeProperties[] = [customerLocator({ name: 'customer', displayName: 'Customer', required: true })];

export const description = updateDisplayOptions({ show: { resource: ['customer'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const { value: id } = requiredRef(this.getNodeParameter('customer', itemIndex), 'Customer');
	return jsonItems(await client.get<IDataObject>('Customer', id));
}
