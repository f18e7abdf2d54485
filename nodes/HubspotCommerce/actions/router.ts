import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { createHubSpotClient } from '../../../transport/hubspot';
import * as fromQuickBooks from './fromQuickBooks/FromQuickBooks.resource';
import * as invoice from './invoice/Invoice.resource';
import * as payment from './payment/Payment.resource';
import * as setup from './setup/Setup.resource';
import type { HubspotCommerceResource, Operation } from './types';

const resources: Record<HubspotCommerceResource, Record<string, Operation>> = {
	invoice: invoice.operations,
	payment: payment.operations,
	quickBooks: fromQuickBooks.operations,
	setup: setup.operations,
};

/** One client for the execution; the operation runs over all items (resource and operation are fixed per node). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as HubspotCommerceResource;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	const client = await createHubSpotClient(this);
	return [await operation.execute.call(this, client, items.map((_item, index) => index))];
}
