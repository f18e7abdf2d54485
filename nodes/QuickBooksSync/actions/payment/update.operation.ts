import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import { documentHeader, updateFieldsCollection } from '../common/documentFields';
import { documentIdField } from '../common/fields';
import { jsonItems } from '../common/operation';
import { rawFields } from '../common/payload';

const properties: INodeProperties[] = [
	documentIdField('Payment'),
	updateFieldsCollection(['depositToAccount', 'paymentMethod', 'paymentRefNum', 'privateNote', 'rawFields', 'txnDate']),
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['update'] } }, properties);

/**
 * QBO documents only a full update for Payment, so the client sends the current payment with these
 * changes applied (its applied lines stay as they are unless "Line" is given in the JSON fields).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const id = String(this.getNodeParameter('documentId', itemIndex)).trim();
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const changes: IDataObject = { ...documentHeader(fields), ...rawFields(fields.rawFields) };
	if (Object.keys(changes).length === 0) throw validationError('Nothing to update', 'Set at least one update field.');
	return jsonItems(await client.sparseUpdate<IDataObject>('Payment', id, changes));
}
