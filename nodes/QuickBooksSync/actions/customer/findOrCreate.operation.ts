import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	chooseCustomer,
	cleanDisplayName,
	currencyDisplayName,
	customerCurrency,
	type CustomerCurrencySettings,
	type QboCustomerCandidate,
} from '../../../../core/customerMatching';
import { validationError, type QueryCondition, type QuickBooksClient } from '../../../../transport/quickbooks';
import { requestIdOptions } from '../common/fields';
import { jsonItems } from '../common/operation';
import { currencyOf, rawFields } from '../common/payload';
import { requestIdOption } from '../common/salesDocument';
import { customerFields, customerPayloadFields } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Display Name',
		name: 'displayName',
		type: 'string',
		required: true,
		default: '',
		placeholder: "e.g. O'Brien & Sons",
		description: 'Name looked up when no customer has the email, and used to create one. Unique across customers, vendors and employees.',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Looked up first (PrimaryEmailAddr)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Used when the customer is created',
		options: customerFields,
	},
	requestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['customer'], operation: ['findOrCreate'] } }, properties);

/**
 * Email first, then display name, as HubSpot's own sync matches (core/customerMatching.ts). A
 * customer's currency is fixed in QuickBooks, so with multicurrency on, a customer in another currency
 * does not match: that currency gets its own customer, named "Name (EUR)".
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const baseName = cleanDisplayName(String(this.getNodeParameter('displayName', itemIndex)));
	if (baseName === '') throw validationError('Display Name is empty', 'Enter the name of the customer.');
	const email = String(this.getNodeParameter('email', itemIndex, '')).trim().toLowerCase() || undefined;
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;

	const preferences = await client.preferences();
	const currencyPrefs = (preferences.CurrencyPrefs ?? {}) as IDataObject;
	const settings: CustomerCurrencySettings = {
		homeCurrency: String((currencyPrefs.HomeCurrency as IDataObject | undefined)?.value ?? 'USD').toUpperCase(),
		multicurrencyEnabled: currencyPrefs.MultiCurrencyEnabled === true,
	};
	const currency = customerCurrency(currencyOf(fields.currency) ?? settings.homeCurrency, settings);
	const displayName = currencyDisplayName(baseName, currency, settings);

	const lookups: QueryCondition[][] = [[{ field: 'DisplayName', operator: '=', value: displayName }]];
	if (email) lookups.unshift([{ field: 'PrimaryEmailAddr', operator: '=', value: email }]);
	const candidates: QboCustomerCandidate[] = [];
	for (const where of lookups) candidates.push(...(await client.query<QboCustomerCandidate>('Customer', { where, limit: 100 })));

	// The user names the customer here, so the name alone is theirs to match by (the invoice sync is stricter).
	const choice = chooseCustomer(candidates, { email, displayName, currency, fallbackDisplayNames: [] }, settings.homeCurrency, 'name-only');
	if (choice.kind === 'matched') {
		return jsonItems(candidates.find((candidate) => candidate.Id === choice.customerRef.value) as unknown as IDataObject);
	}

	const payload: IDataObject = { DisplayName: displayName, ...customerPayloadFields(fields) };
	if (email) payload.PrimaryEmailAddr = { Address: email };
	if (settings.multicurrencyEnabled) payload.CurrencyRef = { value: currency };
	Object.assign(payload, rawFields(fields.rawFields));
	return jsonItems(await client.create<IDataObject>('Customer', payload, { requestId: requestIdOption(this, itemIndex) }));
}
