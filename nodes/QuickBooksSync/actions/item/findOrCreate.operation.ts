import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import { rawFieldsOption, requestIdOptions } from '../common/fields';
import { expenseAccountLocator, incomeAccountLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { amountNumber, rawFields, readDecimal, ref, requiredRef, setIfPresent } from '../common/payload';
import { requestIdOption } from '../common/salesDocument';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'Looked up when no item has the SKU, and used to create one (unique, at most 100 characters)',
	},
	{
		displayName: 'Type',
		name: 'itemType',
		type: 'options',
		options: [
			{ name: 'Service', value: 'Service' },
			{ name: 'Non-Inventory', value: 'NonInventory' },
		],
		default: 'Service',
		description: 'Type of the item when it is created',
	},
	incomeAccountLocator({
		name: 'incomeAccount',
		displayName: 'Income Account',
		required: true,
		description: 'Where sales of the item are recorded, when it is created',
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		description: 'Used when the item is created',
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 2 }, default: '' },
			expenseAccountLocator({ name: 'expenseAccount', displayName: 'Expense Account', description: 'Where purchases of the item are recorded' }),
			rawFieldsOption,
			{ displayName: 'SKU', name: 'sku', type: 'string', default: '', description: 'Looked up first, then stored on the item' },
			{ displayName: 'Taxable', name: 'taxable', type: 'boolean', default: false, description: 'Whether sales of the item are taxable (US)' },
			{ displayName: 'Unit Price', name: 'unitPrice', type: 'string', default: '', placeholder: 'e.g. 19.99' },
		],
	},
	requestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['item'], operation: ['findOrCreate'] } }, properties);

/** SKU first, then name; creates a Service or Non-Inventory item when neither matches. */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const name = String(this.getNodeParameter('name', itemIndex)).trim();
	if (name === '') throw validationError('Name is empty', 'Enter the name of the item.');
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const sku = typeof fields.sku === 'string' ? fields.sku.trim() : '';

	const found =
		(sku ? await client.findOne<IDataObject>('Item', [{ field: 'Sku', operator: '=', value: sku }]) : undefined) ??
		(await client.findOne<IDataObject>('Item', [{ field: 'Name', operator: '=', value: name }]));
	if (found) return jsonItems(found);

	const payload: IDataObject = {
		Name: name,
		Type: this.getNodeParameter('itemType', itemIndex, 'Service') as string,
		IncomeAccountRef: requiredRef(this.getNodeParameter('incomeAccount', itemIndex), 'Income Account'),
	};
	setIfPresent(payload, 'Sku', sku);
	setIfPresent(payload, 'Description', fields.description);
	setIfPresent(payload, 'ExpenseAccountRef', ref(fields.expenseAccount));
	if (typeof fields.taxable === 'boolean') payload.Taxable = fields.taxable;
	if (fields.unitPrice !== undefined && fields.unitPrice !== '') {
		payload.UnitPrice = amountNumber(readDecimal(fields.unitPrice, 'Unit price'), 'Unit price');
	}
	Object.assign(payload, rawFields(fields.rawFields));
	return jsonItems(await client.create<IDataObject>('Item', payload, { requestId: requestIdOption(this, itemIndex) }));
}
