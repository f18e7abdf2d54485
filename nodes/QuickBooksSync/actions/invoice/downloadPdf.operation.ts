import { updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { documentIdField } from '../common/fields';

const properties: INodeProperties[] = [
	documentIdField('Invoice'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the PDF in',
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice-1045.pdf',
		description: 'Name of the file; invoice-{ID}.pdf when empty',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['invoice'], operation: ['downloadPdf'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const id = String(this.getNodeParameter('documentId', itemIndex)).trim();
	const binaryPropertyName = String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
	const fileName = String(this.getNodeParameter('fileName', itemIndex, '')).trim() || `invoice-${id}.pdf`;
	const pdf = await client.downloadPdf('Invoice', id);
	// mimeType and file name given, so n8n does not sniff the type (an ESM import it cannot do everywhere).
	const binary = await this.helpers.prepareBinaryData(pdf, fileName, 'application/pdf');
	return [{ json: { Id: id, fileName, fileSize: pdf.length }, binary: { [binaryPropertyName]: binary } }];
}
