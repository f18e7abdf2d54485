import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { createHubSpotClient, type HubSpotObjectType } from '../../transport/hubspot';

async function propertyOptions(context: ILoadOptionsFunctions, objectType: HubSpotObjectType, writableOnly: boolean): Promise<INodePropertyOptions[]> {
	const client = await createHubSpotClient(context);
	const properties = await client.getProperties(objectType);
	return properties
		.filter((property) => !writableOnly || !property.readOnlyValue)
		.map((property) => ({ name: property.label || property.name, value: property.name, description: `${property.name} (${property.type})` }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export async function getInvoiceProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await propertyOptions(this, 'invoices', false);
}

export async function getWritableInvoiceProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await propertyOptions(this, 'invoices', true);
}

export async function getPaymentProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await propertyOptions(this, 'commerce_payments', false);
}
