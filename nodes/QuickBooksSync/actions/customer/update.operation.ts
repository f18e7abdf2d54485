import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { cleanDisplayName } from '../../../../core/customerMatching';
import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { rawFields, requiredRef } from '../common/payload';
import { customerFields, customerPayloadFields } from './fields';

const properties: INodeProperties[] = [
	customerLocator({ name: 'customer', displayName: 'Customer', required: true }),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: (
			[
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether the customer is active; QuickBooks cannot delete customers, only make them inactive',
			},
			{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			// A customer's currency cannot change once set (quickbooks.md §2.5).
			...customerFields.filter((field) => field.name !== 'currency'),
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

export const description = updateDisplayOptions({ show: { resource: ['customer'], operation: ['update'] } }, properties);

/** A sparse update of the fields given (Customer supports it); a stale SyncToken is re-read once. */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const { value: id } = requiredRef(this.getNodeParameter('customer', itemIndex), 'Customer');
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: IDataObject = customerPayloadFields(fields);
	if (typeof fields.displayName === 'string' && fields.displayName.trim() !== '') changes.DisplayName = cleanDisplayName(fields.displayName);
	if (typeof fields.email === 'string' && fields.email.trim() !== '') changes.PrimaryEmailAddr = { Address: fields.email.trim() };
	if (typeof fields.active === 'boolean') changes.Active = fields.active;
	Object.assign(changes, rawFields(fields.rawFields));
	if (Object.keys(changes).length === 0) throw validationError('Nothing to update', 'Set at least one update field.');
	return jsonItems(await client.sparseUpdate<IDataObject>('Customer', id, changes));
}
