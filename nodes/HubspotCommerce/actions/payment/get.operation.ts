import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { notFoundError, PAYMENT_PROPERTIES, type HubSpotClient, type PaymentInclude } from '../../../../transport/hubspot';
import { additionalPropertiesField, failedItem, includeField, recordId, stringList } from '../common';

const show = { resource: ['payment'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123456789',
		displayOptions: { show },
		description: 'The ID of the HubSpot commerce payment',
	},
	includeField('payment', ['get']),
	additionalPropertiesField('payment', ['get']),
];

/** Reads the payments of all input items together, with their invoice and other relations in batches. */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	const results = new Map<number, INodeExecutionData>();
	const groups = new Map<string, { include: PaymentInclude[]; properties: string[]; items: Array<{ itemIndex: number; id: string }> }>();
	for (const itemIndex of itemIndexes) {
		try {
			const id = recordId(this, 'paymentId', itemIndex, 'payment');
			const include = this.getNodeParameter('include', itemIndex, []) as PaymentInclude[];
			const properties = [...new Set([...PAYMENT_PROPERTIES, ...stringList(this, 'additionalProperties', itemIndex)])];
			const key = JSON.stringify([include, properties]);
			if (!groups.has(key)) groups.set(key, { include, properties, items: [] });
			groups.get(key)!.items.push({ itemIndex, id });
		} catch (error) {
			results.set(itemIndex, failedItem(this, error, itemIndex));
		}
	}
	for (const group of groups.values()) {
		let payments;
		try {
			payments = new Map((await client.readPayments(group.items.map((item) => item.id), group)).map((payment) => [payment.id, payment]));
		} catch (error) {
			for (const { itemIndex } of group.items) results.set(itemIndex, failedItem(this, error, itemIndex));
			continue;
		}
		for (const { itemIndex, id } of group.items) {
			const payment = payments.get(id);
			if (!payment) {
				results.set(itemIndex, failedItem(this, notFoundError(this.getNode(), 'commerce_payments', id, client.basePath), itemIndex));
				continue;
			}
			const { id: paymentId, properties, ...includes } = payment;
			results.set(itemIndex, { json: { objectType: 'payment', id: paymentId, properties, ...includes } as IDataObject, pairedItem: { item: itemIndex } });
		}
	}
	return itemIndexes.map((itemIndex) => results.get(itemIndex)!).filter(Boolean);
}
