/**
 * A QuickBooks fault on a period's fee expense (a line it refuses: negative, 2290; an amount it cannot
 * hold) concerns the payments whose fees make up the lines, yet QuickBooks can only name a line. The error
 * then names those payments, the suspect ones first (a negative fee, then the largest), so the user knows
 * which payment to correct or leave out.
 */
import { addDecimals, compareDecimals, isNegativeDecimal, negateDecimal, parseDecimal, type Decimal, type FeeCheck } from '../../../core';
import { isQuickBooksError, QuickBooksError } from '../../../transport/quickbooks';

/** Faults that say nothing about the document's content: no payment to name. */
const NOT_ABOUT_CONTENT = new Set(['auth_reconnect', 'rate_limited', 'timeout', 'stale', 'duplicate_request', 'duplicate_document_number', 'unknown']);

/** How many payments a message lists; the details carry them all. */
const LISTED = 5;

function feeOf(check: FeeCheck): Decimal {
	return addDecimals(parseDecimal(check.processingFee, 'processing fee'), parseDecimal(check.platformFee, 'platform fee'));
}

/** Negative fees first, then the largest. */
function suspectOrder(a: FeeCheck, b: FeeCheck): number {
	const feeA = feeOf(a);
	const feeB = feeOf(b);
	const negativeA = isNegativeDecimal(feeA);
	const negativeB = isNegativeDecimal(feeB);
	if (negativeA !== negativeB) return negativeA ? -1 : 1;
	const size = (fee: Decimal) => (isNegativeDecimal(fee) ? negateDecimal(fee) : fee);
	return compareDecimals(size(feeB), size(feeA));
}

/** The error to report for a failed write of the fee expense `docNumber`, naming the payments it books. */
export function feeExpenseFault(error: unknown, docNumber: string, currency: string, paymentIds: readonly string[], checks: readonly FeeCheck[]): unknown {
	if (!isQuickBooksError(error) || error.httpStatus === undefined || error.httpStatus >= 500 || NOT_ABOUT_CONTENT.has(error.category)) return error;
	const booked = new Set(paymentIds);
	const involved = checks.filter((check) => booked.has(check.paymentId)).sort(suspectOrder);
	if (involved.length === 0) return error;
	const listed = involved.slice(0, LISTED).map((check) => `payment ${check.paymentId} (processing fee ${check.processingFee}, platform fee ${check.platformFee})`);
	const more = involved.length > LISTED ? ` and ${involved.length - LISTED} more` : '';
	const syncError = {
		...error.syncError,
		message: `${error.syncError.message.replace(/[.\s]+$/, '')}. The ${currency} fee expense ${docNumber} books the fees of ${involved.length} payment${involved.length === 1 ? '' : 's'}, most suspect first: ${listed.join(', ')}${more}.`,
		howToFix: `Check the fees of ${involved
			.slice(0, LISTED)
			.map((check) => `payment ${check.paymentId}`)
			.join(', ')} in HubSpot: a negative fee, or one larger than QuickBooks can hold, cannot be booked. Correct the payment or leave it out of the input, then run again.`,
		details: { ...(error.syncError.details ?? {}), docNumber, currency, paymentIds: involved.map((check) => check.paymentId) },
	};
	return new QuickBooksError(syncError, error.recovery, error.httpStatus, error.faults, error.interrupted);
}
