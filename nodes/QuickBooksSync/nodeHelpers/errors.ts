/**
 * How a failed item reaches the user: as a NodeApiError that says what happened, what to fix and
 * which item (n8n UX guidelines), or, with "Continue On Fail", as an item on the error output carrying
 * `{ error: { category, code, message, howToFix, intuit_tid } }`. Only these plain fields are copied,
 * so request details (and the bearer token in them) never reach an output or an error.
 */
import {
	ExecutionBaseError,
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { DEFAULT_HOW_TO_FIX, isSyncFailure, type SyncError } from '../../../core/errors';
import { isQuickBooksError } from '../../../transport/quickbooks';

export interface FailureSummary extends IDataObject {
	category: string;
	message: string;
	howToFix: string;
	code?: string;
	intuit_tid?: string;
	element?: string;
}

function fromSyncError(error: SyncError): FailureSummary {
	const summary: FailureSummary = { category: error.category, message: error.message, howToFix: error.howToFix };
	if (error.qbo?.code) summary.code = error.qbo.code;
	if (error.qbo?.intuitTid) summary.intuit_tid = error.qbo.intuitTid;
	if (error.qbo?.element) summary.element = error.qbo.element;
	return summary;
}

/** The plain summary of any failure an operation can throw. */
export function summarizeFailure(error: unknown): FailureSummary {
	if (isQuickBooksError(error)) return fromSyncError(error.syncError);
	if (isSyncFailure(error)) return fromSyncError(error.syncError);
	const message = error instanceof Error ? error.message : String(error);
	// n8n's own errors here come from reading the parameters (a missing value, a bad expression).
	if (error instanceof ExecutionBaseError) {
		return { category: 'validation', message, howToFix: typeof error.description === 'string' && error.description ? error.description : 'Check the node settings for this item.' };
	}
	return { category: 'unknown', message, howToFix: DEFAULT_HOW_TO_FIX.unknown };
}

function describe(summary: FailureSummary): string {
	const trace = [summary.code ? `QuickBooks code ${summary.code}` : undefined, summary.intuit_tid ? `intuit_tid ${summary.intuit_tid}` : undefined]
		.filter(Boolean)
		.join(', ');
	return trace ? `${summary.howToFix} (${trace})` : summary.howToFix;
}

/** The error thrown when Continue On Fail is off. */
export function toNodeError(context: Pick<IExecuteFunctions | ILoadOptionsFunctions, 'getNode'>, error: unknown, itemIndex?: number): Error {
	const suffix = itemIndex === undefined ? '' : ` [item ${itemIndex}]`;
	if (isQuickBooksError(error) || isSyncFailure(error)) {
		const summary = summarizeFailure(error);
		const httpStatus = isQuickBooksError(error) ? error.httpStatus : undefined;
		// `code` would be read as an HTTP status by NodeApiError, so QBO's code travels under another key here.
		const { code, ...rest } = summary;
		const response: JsonObject = { ...rest, ...(code ? { quickbooksCode: code } : {}) };
		return new NodeApiError(context.getNode(), response, {
			message: `${summary.message.replace(/[.\s]+$/, '')}. ${summary.howToFix}${suffix}`,
			description: describe(summary),
			...(httpStatus ? { httpCode: String(httpStatus) } : {}),
			...(itemIndex === undefined ? {} : { itemIndex }),
		});
	}
	if (error instanceof ExecutionBaseError) {
		if (itemIndex !== undefined && error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), {
		...(itemIndex === undefined ? {} : { itemIndex }),
	});
}
