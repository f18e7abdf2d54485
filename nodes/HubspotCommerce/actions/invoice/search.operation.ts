import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { INVOICE_PROPERTIES, type HubSpotClient, type HubSpotInvoice, type InvoiceInclude, type SearchFilter } from '../../../../transport/hubspot';
import { invoiceStatusOptions } from '../../../HubspotInvoiceTrigger/description';
import { additionalPropertiesField, eachItem, includeField, propertyConditionsField, splitList, stringList } from '../common';
import { epochFilterValue, readConditions, readSort, returnAllFields, runSearch, sortField, withAlternatives } from '../searchRunner';

const show = { resource: ['invoice'], operation: ['search'] };

export const description: INodeProperties[] = [
	...returnAllFields('invoice', 'search'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Amount Billed Max', name: 'amountBilledMax', type: 'string', default: '', placeholder: '5000.00' },
			{ displayName: 'Amount Billed Min', name: 'amountBilledMin', type: 'string', default: '', placeholder: '100.00' },
			{
				displayName: 'Currencies',
				name: 'currencies',
				type: 'string',
				default: '',
				placeholder: 'USD, EUR',
				description: 'Comma-separated ISO codes (at most five)',
			},
			{ displayName: 'Invoice Date From', name: 'invoiceDateFrom', type: 'dateTime', default: '' },
			{ displayName: 'Invoice Date To', name: 'invoiceDateTo', type: 'dateTime', default: '' },
			{
				displayName: 'Invoice Status',
				name: 'statuses',
				type: 'multiOptions',
				options: invoiceStatusOptions,
				default: [],
			},
			propertyConditionsField('conditions', 'getInvoiceProperties'),
			{
				displayName: 'Search Text',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Words to look for in the invoice number and PO number',
			},
		],
	},
	sortField('invoice', 'search', 'getInvoiceProperties'),
	includeField('invoice', ['search']),
	additionalPropertiesField('invoice', ['search']),
];

export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const base: SearchFilter[] = [];
		const statuses = (filters.statuses as string[] | undefined) ?? [];
		if (statuses.length > 0) base.push({ propertyName: 'hs_invoice_status', operator: 'IN', values: statuses });
		if (String(filters.amountBilledMin ?? '') !== '') base.push({ propertyName: 'hs_amount_billed', operator: 'GTE', value: String(filters.amountBilledMin) });
		if (String(filters.amountBilledMax ?? '') !== '') base.push({ propertyName: 'hs_amount_billed', operator: 'LTE', value: String(filters.amountBilledMax) });
		if (filters.invoiceDateFrom) base.push({ propertyName: 'hs_invoice_date', operator: 'GTE', value: epochFilterValue(this, filters.invoiceDateFrom, 'Invoice Date From', itemIndex) });
		if (filters.invoiceDateTo) base.push({ propertyName: 'hs_invoice_date', operator: 'LTE', value: epochFilterValue(this, filters.invoiceDateTo, 'Invoice Date To', itemIndex) });
		base.push(...readConditions(filters));
		const currencies = splitList(String(filters.currencies ?? '')).map((code) => code.toUpperCase());
		const properties = [...new Set([...INVOICE_PROPERTIES, ...stringList(this, 'additionalProperties', itemIndex)])];
		const found = await runSearch(
			this,
			client,
			'invoices',
			{
				groups: withAlternatives(this, base, 'hs_currency', currencies, itemIndex),
				sort: readSort(this, itemIndex),
				query: String(filters.query ?? '').trim() || undefined,
				properties,
				returnAll: this.getNodeParameter('returnAll', itemIndex, false) as boolean,
				limit: this.getNodeParameter('limit', itemIndex, 50) as number,
			},
			itemIndex,
		);
		const invoices: HubSpotInvoice[] = found.map(({ id, properties: values }) => ({ id, properties: values }));
		await client.attachInvoiceIncludes(invoices, this.getNodeParameter('include', itemIndex, []) as InvoiceInclude[]);
		return invoices.map(({ id, properties: values, ...includes }) => ({ objectType: 'invoice', id, properties: values, ...includes }) as IDataObject);
	});
}
