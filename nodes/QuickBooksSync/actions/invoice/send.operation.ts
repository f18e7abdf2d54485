import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { documentIdField } from '../common/fields';
import { jsonItems } from '../common/operation';

const properties: INodeProperties[] = [
	documentIdField('Invoice'),
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: "Email address to send to; QuickBooks then also stores it as the invoice's billing email. Empty: the billing email.",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['send'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const id = String(this.getNodeParameter('documentId', itemIndex)).trim();
	const sendTo = String(this.getNodeParameter('sendTo', itemIndex, '')).trim() || undefined;
	// Same execution and item ⇒ same send: a retried call replays instead of mailing twice; a new run sends again.
	const sendKey = `${this.getExecutionId()}:${itemIndex}`;
	return jsonItems(await client.send<IDataObject>('Invoice', id, sendTo, sendKey));
}
