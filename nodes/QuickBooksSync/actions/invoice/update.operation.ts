import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { validationError, type QuickBooksClient, type QuickBooksRecord } from '../../../../transport/quickbooks';
import { documentHeader, updateFieldsCollection } from '../common/documentFields';
import { documentIdField, salesLinesField } from '../common/fields';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { currencyOf, rawFields, ref, salesLines, setIfPresent, type SalesLineInput } from '../common/payload';

const updateFields = updateFieldsCollection(['billEmail', 'customerMemo', 'customFields', 'docNumber', 'dueDate', 'privateNote', 'rawFields', 'term', 'txnDate']);

const properties: INodeProperties[] = [
	documentIdField('Invoice'),
	customerLocator({ name: 'customer', displayName: 'Customer', description: 'Bill another customer; leave empty to keep the current one' }),
	{
		...salesLinesField,
		displayName: 'Replace Lines',
		description: 'When set, these lines replace all lines of the invoice (QuickBooks replaces the whole Line array)',
	},
	updateFields,
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['update'] } }, properties);

/** A sparse update: only the fields given change; SyncToken read and, if stale (5010), read again once. */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const id = String(this.getNodeParameter('documentId', itemIndex)).trim();
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const lines = (this.getNodeParameter('lines', itemIndex, {}) as { line?: SalesLineInput[] }).line;
	const changes: IDataObject = { ...documentHeader(fields) };
	setIfPresent(changes, 'CustomerRef', ref(this.getNodeParameter('customer', itemIndex, '')));
	// New lines are rounded in the invoice's own currency, so read it first (the update reuses the read).
	const current = lines && lines.length > 0 ? await client.get<QuickBooksRecord>('Invoice', id) : undefined;
	if (current) changes.Line = salesLines(lines, currencyOf((current.CurrencyRef as IDataObject | undefined)?.value));
	Object.assign(changes, rawFields(fields.rawFields));
	if (Object.keys(changes).length === 0) {
		throw validationError('Nothing to update', 'Set at least one update field, a customer or replacement lines.');
	}
	return jsonItems(await client.sparseUpdate<IDataObject>('Invoice', id, changes, { current }));
}
