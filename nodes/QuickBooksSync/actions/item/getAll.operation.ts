import type { IDataObject } from 'n8n-workflow';

import type { QueryCondition } from '../../../../transport/quickbooks';
import { getManyOperation } from '../common/documentOperations';
import { textFilter } from '../common/payload';

function conditions(filters: IDataObject): QueryCondition[] {
	const result: QueryCondition[] = [];
	const name = textFilter(filters, 'name');
	if (name) result.push({ field: 'Name', operator: '=', value: name });
	const contains = textFilter(filters, 'nameContains');
	if (contains) result.push({ field: 'Name', operator: 'LIKE', value: `%${contains}%` });
	const sku = textFilter(filters, 'sku');
	if (sku) result.push({ field: 'Sku', operator: '=', value: sku });
	const itemType = textFilter(filters, 'itemType');
	if (itemType) result.push({ field: 'Type', operator: '=', value: itemType });
	if (filters.includeInactive === true) result.push({ field: 'Active', operator: 'IN', value: [true, false] });
	return result;
}

export const { description, execute } = getManyOperation(
	{ entity: 'Item', resource: 'item' },
	{
		filters: [
			{ displayName: 'Include Inactive', name: 'includeInactive', type: 'boolean', default: false, description: 'Whether to return inactive items too' },
			{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Only the item with exactly this name' },
			{ displayName: 'Name Contains', name: 'nameContains', type: 'string', default: '' },
			{ displayName: 'SKU', name: 'sku', type: 'string', default: '' },
			{
				displayName: 'Type',
				name: 'itemType',
				type: 'options',
				options: [
					{ name: 'Inventory', value: 'Inventory' },
					{ name: 'Non-Inventory', value: 'NonInventory' },
					{ name: 'Service', value: 'Service' },
				],
				default: 'Service',
			},
		],
		conditions,
	},
);
