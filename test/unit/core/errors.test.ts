import { describe, expect, it } from '@jest/globals';
import { DEFAULT_HOW_TO_FIX, SyncFailure, categorizeQuickBooksFault, outcomeOf, syncError } from '../../../core/errors';

describe('categorizeQuickBooksFault', () => {
	it.each([
		['6240', 'Duplicate Name Exists Error', 'duplicate_display_name', 'look-up-existing'],
		['6140', 'Duplicate Document Number Error', 'duplicate_document_number', 'look-up-existing'],
		['610', 'Object Not Found', 'not_found', 'fix-and-rerun'],
		['2020', 'Required param missing, need to supply the required value for the API', 'validation', 'fix-and-rerun'],
		['6070', 'Amount is not equal to UnitPrice * Qty', 'amount_mismatch', 'fix-and-rerun'],
		['2290', 'Negative amounts are not supported on transaction lines', 'validation', 'fix-and-rerun'],
		['5010', 'Stale Object Error', 'stale', 're-read-and-retry'],
		['3200', 'message=ApplicationAuthenticationFailed; errorCode=003200; statusCode=401', 'auth_reconnect', 'refresh-token-or-reconnect'],
		['3100', 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', 'auth_reconnect', 'fix-and-rerun'],
		['100', 'General Authentication Error', 'auth_reconnect', 'refresh-token-or-reconnect'],
		['120', 'Authorization Failure', 'auth_reconnect', 'fix-and-rerun'],
		['3001', 'message=ThrottleExceeded; errorCode=003001; statusCode=429', 'rate_limited', 'back-off-and-retry'],
		['429', 'Too Many Requests', 'rate_limited', 'back-off-and-retry'],
		['600', 'Duplicate Request ID', 'duplicate_request', 'look-up-existing'],
		['6100', 'Invalid line TaxCode: For US, specify TAX or NON', 'tax_not_supported', 'fix-and-rerun'],
		['6170', 'TxnTaxDetail not allowed', 'tax_not_supported', 'fix-and-rerun'],
		['6200', 'Account Period Closed', 'validation', 'fix-and-rerun'],
		['6250', 'Invalid Sales Customer', 'customer_not_found', 'fix-and-rerun'],
		['6540', 'Deposited Transaction cannot be changed', 'validation', 'fix-and-rerun'],
		['500', 'Unsupported Operation', 'unknown', 'retry-once'],
		['10000', 'An application error has occurred', 'unknown', 'retry-once'],
	])('code %s → %s', (code, message, category, recovery) => {
		const { error, recovery: action } = categorizeQuickBooksFault(code, message);
		expect(error.category).toBe(category);
		expect(action).toBe(recovery);
		expect(error.howToFix.length).toBeGreaterThan(10);
		expect(error.howToFix).not.toContain('\n');
		expect(error.qbo?.code).toBe(code);
		expect(error.message).toContain(code);
	});

	it('reads zero-padded gateway codes', () => {
		expect(categorizeQuickBooksFault('003200', 'AuthenticationFailed').error.category).toBe('auth_reconnect');
		expect(categorizeQuickBooksFault(3001, 'ThrottleExceeded').error.qbo?.code).toBe('3001');
	});

	it('refines generic codes by their text', () => {
		expect(categorizeQuickBooksFault('610', 'Object Not Found', { detail: 'Something you are trying to use has been made inactive: Item 17' }).error.category).toBe('item_not_found');
		expect(categorizeQuickBooksFault('610', 'Object Not Found', { detail: 'Customer 58 is inactive' }).error.category).toBe('customer_not_found');
		expect(categorizeQuickBooksFault('6000', 'A business validation error has occurred', { detail: 'The currency of the transaction must match the customer currency' }).error.category).toBe('currency_mismatch');
		expect(categorizeQuickBooksFault('6000', 'A business validation error has occurred', { detail: 'Enter a service date for the revenue recognition' }).error.howToFix).toContain('service date');
		expect(categorizeQuickBooksFault('6000', 'Business Validation Error', { detail: 'The discount amount can’t be greater than the subtotal' }).error.howToFix).toContain('discount');
		expect(categorizeQuickBooksFault('6000', 'Business Validation Error', { detail: 'Something else' }).error.category).toBe('validation');
	});

	it('falls back on the HTTP status when there is no code', () => {
		expect(categorizeQuickBooksFault(undefined, 'Unauthorized', { httpStatus: 401 }).error.category).toBe('auth_reconnect');
		expect(categorizeQuickBooksFault(undefined, 'Not Found', { httpStatus: 404 }).error.category).toBe('not_found');
		expect(categorizeQuickBooksFault(undefined, 'Too Many Requests', { httpStatus: 429 }).recovery).toBe('back-off-and-retry');
		expect(categorizeQuickBooksFault(undefined, 'Bad Gateway', { httpStatus: 502 }).recovery).toBe('retry-once');
		expect(categorizeQuickBooksFault('9999', 'Something odd').error.category).toBe('unknown');
		expect(categorizeQuickBooksFault('2170', 'Invalid Enumeration').error.category).toBe('validation');
	});

	it('keeps QuickBooks’ own words and intuit_tid for support', () => {
		const { error } = categorizeQuickBooksFault('6240', 'Duplicate Name Exists Error', {
			detail: 'The name supplied already exists. : Another customer is already using this name.',
			element: 'DisplayName',
			intuitTid: '1-abc',
			httpStatus: 400,
		});
		expect(error.qbo).toEqual({
			code: '6240',
			message: 'Duplicate Name Exists Error',
			detail: 'The name supplied already exists. : Another customer is already using this name.',
			element: 'DisplayName',
			intuitTid: '1-abc',
			httpStatus: 400,
		});
		expect(error.message).toContain('Another customer is already using this name');
	});
});

describe('SyncError helpers', () => {
	it('fills the default one-line fix for every category', () => {
		for (const [category, howToFix] of Object.entries(DEFAULT_HOW_TO_FIX)) {
			expect(howToFix).not.toContain('\n');
			expect(syncError(category as keyof typeof DEFAULT_HOW_TO_FIX, 'x').howToFix).toBe(howToFix);
		}
	});

	it('turns a SyncFailure thrown inside a mapping into { ok: false }', () => {
		const result = outcomeOf<{ value: number }>(() => {
			throw new SyncFailure(syncError('validation', 'bad'));
		});
		expect(result).toEqual({ ok: false, error: { category: 'validation', message: 'bad', howToFix: DEFAULT_HOW_TO_FIX.validation } });
		expect(() => outcomeOf(() => {
			throw new TypeError('a bug is not a sync error');
		})).toThrow(TypeError);
	});
});
