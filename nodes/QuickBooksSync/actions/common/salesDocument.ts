/**
 * Invoice, Sales Receipt, Credit Memo and Refund Receipt are all "a customer and sales lines": one
 * builder reads that shape from the parameters so the four create operations stay small.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { documentHeader } from './documentFields';
import { currencyOf, rawFields, requireLines, requiredRef, salesLines, type SalesLineInput } from './payload';

export function readSalesDocument(context: IExecuteFunctions, itemIndex: number, what: string): IDataObject {
	const fields = context.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const currency = currencyOf(fields.currency);
	const lines = (context.getNodeParameter('lines', itemIndex, {}) as { line?: SalesLineInput[] }).line;
	const payload: IDataObject = {
		CustomerRef: requiredRef(context.getNodeParameter('customer', itemIndex), 'Customer'),
		Line: salesLines(lines, currency),
		...documentHeader(fields),
		...rawFields(fields.rawFields),
	};
	requireLines(payload, what);
	return payload;
}

/** The caller's Request ID option, if any (else the client derives one from the payload). */
export function requestIdOption(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const requestId = typeof options.requestId === 'string' ? options.requestId.trim() : '';
	return requestId === '' ? undefined : requestId;
}
