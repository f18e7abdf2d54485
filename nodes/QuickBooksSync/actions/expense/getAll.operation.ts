import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { QueryCondition } from '../../../../transport/quickbooks';
import { getManyDocumentsOperation } from '../common/documentOperations';

const extraFilters: INodeProperties[] = [
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		options: [
			{ name: 'Cash', value: 'Cash' },
			{ name: 'Check', value: 'Check' },
			{ name: 'Credit Card', value: 'CreditCard' },
		],
		default: 'Cash',
	},
];

function extraConditions(filters: IDataObject): QueryCondition[] {
	return typeof filters.paymentType === 'string' && filters.paymentType !== ''
		? [{ field: 'PaymentType', operator: '=', value: filters.paymentType }]
		: [];
}

export const { description, execute } = getManyDocumentsOperation(
	{ entity: 'Purchase', resource: 'expense', label: 'Expense' },
	{ extraFilters, extraConditions },
);
