import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { QuickBooksClient } from '../../../transport/quickbooks';
import { toNodeError } from '../nodeHelpers/errors';

/** The sales-form custom fields QuickBooks exposes (Preferences.SalesFormsPrefs.CustomField, quickbooks.md §2.1.2). */
export async function getCustomFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const client = await QuickBooksClient.connect(this);
		const preferences = await client.preferences();
		const groups = ((preferences.SalesFormsPrefs as IDataObject | undefined)?.CustomField as IDataObject[] | undefined) ?? [];
		const options: INodePropertyOptions[] = [];
		for (const group of groups) {
			for (const field of (group.CustomField as IDataObject[] | undefined) ?? []) {
				// Definitions come as pairs: "SalesFormsPrefs.UseSalesCustomN" (on/off) and "SalesFormsPrefs.SalesCustomNameN" (the name).
				const match = /SalesCustomName(\d+)$/.exec(String(field.Name ?? ''));
				if (match && typeof field.StringValue === 'string' && field.StringValue !== '') {
					options.push({ name: field.StringValue, value: match[1] });
				}
			}
		}
		return options;
	} catch (error) {
		throw toNodeError(this, error);
	}
}
