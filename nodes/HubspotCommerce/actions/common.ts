import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { invoiceIncludeOptions, paymentIncludeOptions, propertyConditionsField } from '../../HubspotInvoiceTrigger/description';
import { splitList } from '../../HubspotInvoiceTrigger/filters';

/** Invoice id, from a list with search, typed, or taken from a HubSpot record URL. */
export const INVOICE_URL_PATTERN = 'https?://app(?:-[a-z0-9]+)?\\.hubspot\\.com/contacts/\\d+/record/0-53/(\\d+)';

export function invoiceLocator(displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'Invoice',
		name: 'invoiceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The HubSpot invoice',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an invoice...',
				typeOptions: { searchListMethod: 'searchInvoices', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '123456789',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'An invoice ID is a number' } }],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.hubspot.com/contacts/123456/record/0-53/789',
				validation: [{ type: 'regex', properties: { regex: `${INVOICE_URL_PATTERN}.*`, errorMessage: 'Not a HubSpot invoice URL' } }],
				extractValue: { type: 'regex', regex: INVOICE_URL_PATTERN },
			},
		],
	};
}

export function includeField(resource: 'invoice' | 'payment', operations: string[]): INodeProperties {
	return {
		displayName: 'Include',
		name: 'include',
		type: 'multiOptions',
		options: resource === 'invoice' ? invoiceIncludeOptions : paymentIncludeOptions,
		default: [],
		displayOptions: { show: { resource: [resource], operation: operations } },
		description: resource === 'invoice' ? 'Related records to output with each invoice, read in batches' : 'Related records to output with each payment, read in batches',
	};
}

export function additionalPropertiesField(resource: 'invoice' | 'payment', operations: string[]): INodeProperties {
	return {
		displayName: 'Additional Properties',
		name: 'additionalProperties',
		type: 'string',
		default: '',
		placeholder: 'my_custom_property, another_one',
		displayOptions: { show: { resource: [resource], operation: operations } },
		description: 'More properties to output, comma-separated, besides the standard ones',
	};
}

export { propertyConditionsField, splitList };

export function stringList(context: IExecuteFunctions, name: string, itemIndex: number): string[] {
	return splitList(String(context.getNodeParameter(name, itemIndex, '') ?? ''));
}

/** The resource locator's value: a numeric id, whatever mode it was given in. */
export function recordId(context: IExecuteFunctions, name: string, itemIndex: number, noun: string): string {
	const value = String(context.getNodeParameter(name, itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(value)) {
		throw new NodeOperationError(context.getNode(), `"${value}" is not a HubSpot ${noun} ID: use the number at the end of the record's URL`, { itemIndex });
	}
	return value;
}

/** Runs `body` for each item; with "Continue on Fail" a failing item becomes an error item, paired to its input. */
export async function eachItem(
	context: IExecuteFunctions,
	itemIndexes: number[],
	body: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const itemIndex of itemIndexes) {
		try {
			const result = await body(itemIndex);
			for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			output.push(failedItem(context, error, itemIndex));
		}
	}
	return output;
}

/** An error item when "Continue on Fail" is on; otherwise the error, marked with its item. */
export function failedItem(context: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	if (!context.continueOnFail()) {
		if (error instanceof NodeApiError || error instanceof NodeOperationError) {
			error.context.itemIndex = itemIndex;
			throw error;
		}
		throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	}
	const nodeError = error as Partial<NodeApiError> & Error;
	const json: IDataObject = { error: nodeError.message };
	if (nodeError.description) json.description = nodeError.description;
	if (nodeError.httpCode) json.httpCode = nodeError.httpCode;
	return { json, pairedItem: { item: itemIndex } };
}
