import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { PAYMENT_PROPERTIES, type HubSpotClient, type HubSpotPayment, type PaymentInclude, type SearchFilter } from '../../../../transport/hubspot';
import { processorTypeOptions, sourceAppOptions } from '../../../HubspotInvoiceTrigger/description';
import { additionalPropertiesField, eachItem, includeField, propertyConditionsField, stringList } from '../common';
import { epochFilterValue, readConditions, readSort, returnAllFields, runSearch, sortField, withAlternatives } from '../searchRunner';

const show = { resource: ['payment'], operation: ['search'] };

export const paymentStatusOptions = [
	{ name: 'Disputed (Action Required)', value: 'disputed_action_required' },
	{ name: 'Disputed (Awaiting Decision)', value: 'disputed_awaiting_decision' },
	{ name: 'Disputed (Lost)', value: 'disputed_lost' },
	{ name: 'Disputed (Won)', value: 'disputed_won' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Partially Refunded', value: 'partially_refunded' },
	{ name: 'Processing', value: 'processing' },
	{ name: 'Processing Refund', value: 'processing_refund' },
	{ name: 'Refunded', value: 'refunded' },
	{ name: 'Succeeded', value: 'succeeded' },
];

export const description: INodeProperties[] = [
	...returnAllFields('payment', 'search'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Payment Date From',
				name: 'initiatedFrom',
				type: 'dateTime',
				default: '',
				description: 'Payments made at or after this instant (hs_initiated_date), e.g. the start of the month whose fees to book',
			},
			{
				displayName: 'Payment Date To',
				name: 'initiatedTo',
				type: 'dateTime',
				default: '',
				description: 'Payments made before this instant (hs_initiated_date, exclusive)',
			},
			{ displayName: 'Processor Type', name: 'processorTypes', type: 'multiOptions', options: processorTypeOptions, default: [] },
			propertyConditionsField('conditions', 'getPaymentProperties'),
			{ displayName: 'Source App', name: 'sourceApps', type: 'multiOptions', options: sourceAppOptions, default: [] },
			{ displayName: 'Status', name: 'statuses', type: 'multiOptions', options: paymentStatusOptions, default: [] },
		],
	},
	sortField('payment', 'search', 'getPaymentProperties'),
	includeField('payment', ['search']),
	additionalPropertiesField('payment', ['search']),
];

export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const base: SearchFilter[] = [];
		const statuses = (filters.statuses as string[] | undefined) ?? [];
		if (statuses.length > 0) base.push({ propertyName: 'hs_latest_status', operator: 'IN', values: statuses });
		const processors = (filters.processorTypes as string[] | undefined) ?? [];
		if (processors.length > 0) base.push({ propertyName: 'hs_processor_type', operator: 'IN', values: processors });
		if (filters.initiatedFrom) base.push({ propertyName: 'hs_initiated_date', operator: 'GTE', value: epochFilterValue(this, filters.initiatedFrom, 'Payment Date From', itemIndex) });
		if (filters.initiatedTo) base.push({ propertyName: 'hs_initiated_date', operator: 'LT', value: epochFilterValue(this, filters.initiatedTo, 'Payment Date To', itemIndex) });
		base.push(...readConditions(filters));
		const properties = [...new Set([...PAYMENT_PROPERTIES, ...stringList(this, 'additionalProperties', itemIndex)])];
		const found = await runSearch(
			this,
			client,
			'commerce_payments',
			{
				groups: withAlternatives(this, base, 'hs_payment_source_app', (filters.sourceApps as string[] | undefined) ?? [], itemIndex),
				sort: readSort(this, itemIndex),
				properties,
				returnAll: this.getNodeParameter('returnAll', itemIndex, false) as boolean,
				limit: this.getNodeParameter('limit', itemIndex, 50) as number,
			},
			itemIndex,
		);
		const payments: HubSpotPayment[] = found.map(({ id, properties: values }) => ({ id, properties: values }));
		await client.attachPaymentIncludes(payments, this.getNodeParameter('include', itemIndex, []) as PaymentInclude[]);
		return payments.map(({ id, properties: values, ...includes }) => ({ objectType: 'payment', id, properties: values, ...includes }) as IDataObject);
	});
}
