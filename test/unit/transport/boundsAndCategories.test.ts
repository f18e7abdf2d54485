/**
 * The pure pieces behind timeouts, look-up sizes and fault categories: the request timeout read from the
 * credential, IN lists split by their URL-encoded size, and categories decided from what QuickBooks
 * names (the element, its capitalised entity names), never from an id inside its text.
 */
import { describe, expect, it } from '@jest/globals';

import { categorizeQuickBooksFault } from '../../../core/errors';
import { encodedListCost, inLists, MAX_ENCODED_BYTES_PER_LIST } from '../../../nodes/QuickBooksSync/sync/queryLists';
import { DeadlineExceeded, withDeadline } from '../../../transport/shared/deadline';
import { faultToError, parseFaults } from '../../../transport/quickbooks/errors';
import { MAX_REQUEST_TIMEOUT_MS, requestTimeoutMs } from '../../../transport/quickbooks/http';

const GENERIC_610 = "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.";

describe('request timeout from the credential', () => {
	it('is 120 s when unset or unreadable, never more, and follows a shorter setting', () => {
		expect(requestTimeoutMs(undefined)).toBe(MAX_REQUEST_TIMEOUT_MS);
		expect(requestTimeoutMs('')).toBe(120_000);
		expect(requestTimeoutMs('abc')).toBe(120_000);
		expect(requestTimeoutMs(0)).toBe(120_000);
		expect(requestTimeoutMs(600)).toBe(120_000);
		expect(requestTimeoutMs(30)).toBe(30_000);
		expect(requestTimeoutMs('1.5')).toBe(1_500);
	});
});

describe('IN lists bounded by encoded size', () => {
	it('splits Japanese names by their percent-encoded bytes, not their characters', () => {
		const names = Array.from({ length: 150 }, (_, index) => `株式会社さくら商事第${index}営業所`);
		const lists = inLists(names);
		expect(lists.flat()).toEqual(names);
		for (const list of lists) expect(list.reduce((size, name) => size + encodedListCost(name), 0)).toBeLessThanOrEqual(MAX_ENCODED_BYTES_PER_LIST);
		// About 150 encoded bytes a name: some 33 to a list, where counting characters would have put all 150 in one.
		expect(lists.length).toBeGreaterThanOrEqual(4);
	});

	it('counts a quote escape and the separator, and keeps short ASCII names in one list', () => {
		expect(encodedListCost("O'Brien")).toBe(encodeURIComponent("'O\\'Brien'").length + encodeURIComponent(', ').length);
		expect(inLists(['Acme', 'Globex', "O'Brien & Sons"])).toEqual([['Acme', 'Globex', "O'Brien & Sons"]]);
	});
});

describe('not-found categories', () => {
	it('an id containing "customer" in the text does not make a customer missing', () => {
		const fault = categorizeQuickBooksFault('610', 'Object Not Found', { detail: `${GENERIC_610} (Invoice customer-7)` });
		expect(fault.error.category).toBe('not_found');
	});

	it('the element decides: CustomerRef is a customer, an ItemRef inside a line is an item', () => {
		expect(categorizeQuickBooksFault('610', 'Object Not Found', { detail: GENERIC_610, element: 'CustomerRef' }).error.category).toBe('customer_not_found');
		const item = categorizeQuickBooksFault('2500', 'Invalid Reference Id', { detail: 'Invalid Reference Id : Item assigned to this transaction has been deleted', element: 'Line.SalesItemLineDetail.ItemRef' });
		expect(item.error.category).toBe('item_not_found');
		expect(item.error.howToFix).not.toMatch(/HubSpot/);
	});

	it('without an element, the entity QuickBooks names capitalised decides', () => {
		expect(categorizeQuickBooksFault('610', 'Object Not Found', { detail: `${GENERIC_610} (Item 7 is inactive)` }).error.category).toBe('item_not_found');
		expect(categorizeQuickBooksFault('610', 'Object Not Found', { detail: GENERIC_610 }).error.category).toBe('not_found');
	});
});

describe('other categories', () => {
	it('a payment applied beyond the open balance (6000) is overpayment', () => {
		const fault = categorizeQuickBooksFault('6000', 'A business validation error has occurred while processing your request', {
			detail: 'Business Validation Error: The amount applied to Invoice 130 (90.00) exceeds its open balance (0.00).',
			element: 'Line.Amount',
		});
		expect(fault.error.category).toBe('overpayment');
		expect(categorizeQuickBooksFault('6000', 'A business validation error', { detail: 'Business Validation Error: something else' }).error.category).toBe('validation');
	});

	it("the token endpoint's invalid_client asks to check the app keys; invalid_grant to reconnect", () => {
		const client = faultToError(parseFaults({ error: 'invalid_client' }), 401, undefined);
		expect(client.syncError).toMatchObject({ category: 'auth_reconnect', qbo: { code: 'invalid_client' } });
		expect(client.howToFix).toMatch(/^Check the Client ID and Client Secret/);
		expect(faultToError(parseFaults({ error: 'invalid_grant' }), 400, undefined).howToFix).toMatch(/^Reconnect the QuickBooks credential/);
	});
});

describe('withDeadline', () => {
	it('answers with the promise, or rejects once the time is up', async () => {
		await expect(withDeadline(Promise.resolve('answer'), 1000)).resolves.toBe('answer');
		const never = new Promise<never>(() => undefined);
		await expect(withDeadline(never, 50)).rejects.toBeInstanceOf(DeadlineExceeded);
		await expect(withDeadline(never, 50)).rejects.toMatchObject({ code: 'ETIMEDOUT', timeoutMs: 50 });
	});
});
