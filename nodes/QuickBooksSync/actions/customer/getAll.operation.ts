import type { IDataObject } from 'n8n-workflow';

import type { QueryCondition } from '../../../../transport/quickbooks';
import { getManyOperation } from '../common/documentOperations';
import { textFilter } from '../common/payload';

function conditions(filters: IDataObject): QueryCondition[] {
	const result: QueryCondition[] = [];
	const displayName = textFilter(filters, 'displayName');
	if (displayName) result.push({ field: 'DisplayName', operator: '=', value: displayName });
	const contains = textFilter(filters, 'nameContains');
	if (contains) result.push({ field: 'DisplayName', operator: 'LIKE', value: `%${contains}%` });
	const email = textFilter(filters, 'email');
	if (email) result.push({ field: 'PrimaryEmailAddr', operator: '=', value: email });
	const companyName = textFilter(filters, 'companyName');
	if (companyName) result.push({ field: 'CompanyName', operator: '=', value: companyName });
	// Name lists answer active records only unless Active is asked for (quickbooks.md §15.2).
	if (filters.includeInactive === true) result.push({ field: 'Active', operator: 'IN', value: [true, false] });
	return result;
}

export const { description, execute } = getManyOperation(
	{ entity: 'Customer', resource: 'customer' },
	{
		filters: [
			{ displayName: 'Company Name', name: 'companyName', type: 'string', default: '' },
			{ displayName: 'Display Name', name: 'displayName', type: 'string', default: '', description: 'Only the customer with exactly this name' },
			{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
			{
				displayName: 'Include Inactive',
				name: 'includeInactive',
				type: 'boolean',
				default: false,
				description: 'Whether to return inactive customers too (QuickBooks returns active ones only by default)',
			},
			{ displayName: 'Name Contains', name: 'nameContains', type: 'string', default: '', description: 'Customers whose display name contains this text' },
		],
		conditions,
	},
);
