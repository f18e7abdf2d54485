import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { QueryCondition } from '../../../../transport/quickbooks';
import { getManyDocumentsOperation } from '../common/documentOperations';
import { qboDate } from '../common/payload';

const extraFilters: INodeProperties[] = [
	{ displayName: 'Due Before', name: 'dueBefore', type: 'dateTime', default: '', description: 'Only invoices due on or before this day' },
	{ displayName: 'Unpaid Only', name: 'unpaidOnly', type: 'boolean', default: false, description: 'Whether to return only invoices with an open balance' },
];

function extraConditions(filters: IDataObject): QueryCondition[] {
	const conditions: QueryCondition[] = [];
	const dueBefore = qboDate(filters.dueBefore, 'Due Before');
	if (dueBefore) conditions.push({ field: 'DueDate', operator: '<=', value: dueBefore });
	if (filters.unpaidOnly === true) conditions.push({ field: 'Balance', operator: '>', value: 0 });
	return conditions;
}

export const { description, execute } = getManyDocumentsOperation(
	{ entity: 'Invoice', resource: 'invoice', label: 'Invoice' },
	{ customer: true, extraFilters, extraConditions },
);
