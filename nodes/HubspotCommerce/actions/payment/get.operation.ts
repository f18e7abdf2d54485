import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { PAYMENT_PROPERTIES, type HubSpotClient, type PaymentInclude } from '../../../../transport/hubspot';
import { additionalPropertiesField, includeField } from '../common';
import { batchGet } from '../batchGet';

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

/** Reads the payments of all input items together, with their relations in batches (see batchGet). */
export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await batchGet<PaymentInclude>(this, client, itemIndexes, {
		idParameter: 'paymentId',
		objectType: 'payment',
		hubspotObjectType: 'commerce_payments',
		defaultProperties: PAYMENT_PROPERTIES,
		read: async (hubspot, ids, options) => await hubspot.readPayments(ids, options),
	});
}
