import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { HubSpotClient } from '../../../../transport/hubspot';
import { eachItem, invoiceLocator, recordId } from '../common';

const show = { resource: ['invoice'], operation: ['update'] };

export const description: INodeProperties[] = [
	invoiceLocator({ show }),
	{
		displayName: 'Properties',
		name: 'properties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Property',
		default: {},
		displayOptions: { show },
		description: 'The invoice properties to set; an empty value clears the property',
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{
						displayName: 'Property Name or ID',
						name: 'name',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getWritableInvoiceProperties' },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, client: HubSpotClient, itemIndexes: number[]): Promise<INodeExecutionData[]> {
	return await eachItem(this, itemIndexes, async (itemIndex) => {
		const id = recordId(this, 'invoiceId', itemIndex, 'invoice');
		const entries = ((this.getNodeParameter('properties', itemIndex, {}) as IDataObject).property as IDataObject[] | undefined) ?? [];
		const properties: Record<string, string> = {};
		for (const entry of entries) {
			const name = String(entry.name ?? '').trim();
			if (name !== '') properties[name] = entry.value === null || entry.value === undefined ? '' : String(entry.value);
		}
		if (Object.keys(properties).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Add at least one property to update', { itemIndex });
		}
		const updated = await client.updateRecord('invoices', id, properties);
		return { objectType: 'invoice', id: updated.id, properties: updated.properties };
	});
}
