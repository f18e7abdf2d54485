import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import * as fromQuickBooks from './actions/fromQuickBooks/FromQuickBooks.resource';
import * as invoice from './actions/invoice/Invoice.resource';
import * as payment from './actions/payment/Payment.resource';
import { router } from './actions/router';
import * as setup from './actions/setup/Setup.resource';
import { searchInvoices } from './methods/listSearch';
import { getInvoiceProperties, getPaymentProperties, getWritableInvoiceProperties } from '../shared/hubspotPropertyOptions';

export class HubspotCommerce implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Commerce',
		name: 'hubspotCommerce',
		icon: { light: 'file:../../icons/hubspot.svg', dark: 'file:../../icons/hubspot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and update HubSpot invoices and commerce payments, and bring QuickBooks invoices and payments into HubSpot',
		defaults: { name: 'HubSpot Commerce' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hubspotCommerceApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Invoice', value: 'invoice' },
					{ name: 'Payment', value: 'payment' },
					{ name: 'QuickBooks Document', value: 'quickBooks', description: 'QuickBooks invoices and payments in HubSpot (two-way sync)' },
					{ name: 'Setup', value: 'setup' },
				],
				default: 'invoice',
			},
			...invoice.description,
			...payment.description,
			...fromQuickBooks.description,
			...setup.description,
		],
	};

	methods = {
		listSearch: { searchInvoices },
		loadOptions: { getInvoiceProperties, getPaymentProperties, getWritableInvoiceProperties },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
