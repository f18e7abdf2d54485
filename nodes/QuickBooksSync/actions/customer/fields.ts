/** Customer fields offered on create and update, and their QuickBooks names (quickbooks.md §2.5). */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { currencyOption, rawFieldsOption } from '../common/fields';
import { setIfPresent } from '../common/payload';

export const customerFields: INodeProperties[] = [
	{
		displayName: 'Billing Address',
		name: 'billingAddress',
		type: 'fixedCollection',
		placeholder: 'Add address',
		default: {},
		options: [
			{
				displayName: 'Address',
				name: 'address',
				values: [
					{ displayName: 'Line 1', name: 'line1', type: 'string', default: '' },
					{ displayName: 'Line 2', name: 'line2', type: 'string', default: '' },
					{ displayName: 'City', name: 'city', type: 'string', default: '' },
					{ displayName: 'State or Region', name: 'region', type: 'string', default: '' },
					{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '' },
					{ displayName: 'Country', name: 'country', type: 'string', default: '' },
				],
			},
		],
	},
	{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
	{ ...currencyOption, description: 'Currency of the customer (fixed once created); with multicurrency on, each currency has its own customer' },
	{ displayName: 'First Name', name: 'givenName', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'familyName', type: 'string', default: '' },
	{ displayName: 'Notes', name: 'notes', type: 'string', typeOptions: { rows: 2 }, default: '' },
	{ displayName: 'Phone', name: 'phone', type: 'string', default: '' },
	rawFieldsOption,
];

interface AddressValue {
	address?: { line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string };
}

/** The QuickBooks fields for the filled-in options (DisplayName, email, currency and raw JSON are the caller's). */
export function customerPayloadFields(fields: IDataObject): IDataObject {
	const payload: IDataObject = {};
	setIfPresent(payload, 'CompanyName', fields.companyName);
	setIfPresent(payload, 'GivenName', fields.givenName);
	setIfPresent(payload, 'FamilyName', fields.familyName);
	setIfPresent(payload, 'Notes', fields.notes);
	if (typeof fields.phone === 'string' && fields.phone.trim() !== '') payload.PrimaryPhone = { FreeFormNumber: fields.phone.trim() };
	const address = (fields.billingAddress as AddressValue | undefined)?.address;
	if (address) {
		const billAddr: IDataObject = {};
		setIfPresent(billAddr, 'Line1', address.line1);
		setIfPresent(billAddr, 'Line2', address.line2);
		setIfPresent(billAddr, 'City', address.city);
		setIfPresent(billAddr, 'CountrySubDivisionCode', address.region);
		setIfPresent(billAddr, 'PostalCode', address.postalCode);
		setIfPresent(billAddr, 'Country', address.country);
		if (Object.keys(billAddr).length > 0) payload.BillAddr = billAddr;
	}
	return payload;
}
