/**
 * The pure parts of the QuickBooks transport: the query builder, the WHERE reader, fault parsing and
 * the derived request ids. The HTTP behaviour is covered by the node tests against the simulator.
 */
import { describe, expect, it } from '@jest/globals';

import {
	buildCount,
	buildSelect,
	deriveRequestId,
	faultToError,
	matchesSentPayload,
	parseFaults,
	parseWhereClause,
	QueryBuildError,
} from '../../../transport/quickbooks';

describe('query builder', () => {
	it("escapes quotes and backslashes with a backslash: O'Brien & Sons stays one value", () => {
		expect(buildSelect('Customer', { where: [{ field: 'DisplayName', operator: '=', value: "O'Brien & Sons" }] })).toBe(
			"SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien & Sons'",
		);
		expect(buildSelect('Item', { where: [{ field: 'Name', operator: '=', value: 'a\\b' }] })).toBe("SELECT * FROM Item WHERE Name = 'a\\\\b'");
	});

	it('writes AND, IN, LIKE, ORDERBY, STARTPOSITION and MAXRESULTS', () => {
		expect(
			buildSelect('Account', {
				where: [
					{ field: 'AccountType', operator: 'IN', value: ['Bank', 'Other Current Asset'] },
					{ field: 'Name', operator: 'LIKE', value: '%Fund%' },
				],
				orderBy: { field: 'Name' },
				startPosition: 101,
				maxResults: 100,
			}),
		).toBe("SELECT * FROM Account WHERE AccountType IN ('Bank', 'Other Current Asset') AND Name LIKE '%Fund%' ORDERBY Name STARTPOSITION 101 MAXRESULTS 100");
		expect(buildCount('Invoice', [{ field: 'Balance', operator: '>', value: 0 }])).toBe('SELECT COUNT(*) FROM Invoice WHERE Balance > 0');
		expect(buildSelect('Customer', { where: [{ field: 'Active', operator: 'IN', value: [true, false] }] })).toBe(
			'SELECT * FROM Customer WHERE Active IN (true, false)',
		);
	});

	it('refuses what QuickBooks cannot query', () => {
		const refuse = (run: () => unknown, message: RegExp) => expect(run).toThrow(message);
		refuse(() => buildSelect('Customer', { where: [{ field: 'AcctNum', operator: '=', value: '1' }] }), /cannot filter Customer by AcctNum/);
		refuse(() => buildSelect('Purchase', { where: [{ field: 'AccountRef', operator: '=', value: '1' }] }), /cannot filter Purchase by AccountRef/);
		refuse(() => buildSelect('Invoice', { where: [{ field: 'CustomerRef', operator: '>', value: '1' }] }), /does not allow > on Invoice.CustomerRef/);
		refuse(() => buildSelect('Customer', { where: [{ field: 'Active', operator: 'LIKE', value: 'tr%' }] }), /does not allow LIKE/);
		refuse(() => buildSelect('Invoice', { maxResults: 1001 }), /MAXRESULTS must be a whole number from 1 to 1000/);
		refuse(() => buildSelect('Invoice', { startPosition: 0 }), /1-based/);
		refuse(() => buildSelect('Invoice', { orderBy: { field: 'CustomerRef' } }), /cannot sort Invoice by CustomerRef/);
		refuse(() => buildSelect('Invoice', { where: [{ field: 'TxnDate', operator: '=', value: 'yesterday' }] }), /takes a date/);
		refuse(() => buildSelect('Invoice', { where: [{ field: 'Balance', operator: '>', value: '1; DROP' }] }), /takes a number/);
	});

	it('reads a typed WHERE clause back into checked conditions', () => {
		const conditions = parseWhereClause('Invoice', "WHERE TxnDate >= '2026-01-01' AND CustomerRef IN ('1', '2') AND DocNumber = 'A\\'1'");
		expect(conditions).toEqual([
			{ field: 'TxnDate', operator: '>=', value: '2026-01-01' },
			{ field: 'CustomerRef', operator: 'IN', value: ['1', '2'] },
			{ field: 'DocNumber', operator: '=', value: "A'1" },
		]);
		expect(buildSelect('Invoice', { where: conditions })).toBe(
			"SELECT * FROM Invoice WHERE TxnDate >= '2026-01-01' AND CustomerRef IN ('1', '2') AND DocNumber = 'A\\'1'",
		);
		expect(() => parseWhereClause('Invoice', "DocNumber = '1' OR DocNumber = '2'")).toThrow(/cannot use OR/);
		expect(() => parseWhereClause('Invoice', "DocNumber = '1' MAXRESULTS 5")).toThrow(/paging are set by the node/);
		expect(() => parseWhereClause('Invoice', "DocNumber = 'open")).toThrow(QueryBuildError);
		expect(() => parseWhereClause('Invoice', 'Balance <> 0')).toThrow(/not equal/);
	});
});

describe('fault parsing', () => {
	it('reads the service shape with all its errors', () => {
		const faults = parseFaults({
			Fault: { Error: [{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Id=58', code: '6240', element: '' }], type: 'ValidationFault' },
			time: '2026-10-01T00:00:00.000-07:00',
		});
		expect(faults).toEqual([
			{ code: '6240', message: 'Duplicate Name Exists Error', detail: 'The name supplied already exists. : Id=58', element: undefined, type: 'ValidationFault' },
		]);
		const error = faultToError(faults, 400, 'tid-1');
		expect(error.category).toBe('duplicate_display_name');
		expect(error.code).toBe('6240');
		expect(error.intuitTid).toBe('tid-1');
	});

	it("reads the gateway's lowercase shape and its zero-padded code", () => {
		const faults = parseFaults({
			fault: {
				error: [{ message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', detail: 'Too many requests', code: '3001', element: null }],
				type: 'SERVICE',
			},
		});
		expect(faults[0]).toMatchObject({ code: '3001', message: 'ThrottleExceeded', detail: 'Too many requests', type: 'SERVICE' });
		expect(faultToError(faults, 429, undefined).category).toBe('rate_limited');
		const noCode = parseFaults({ fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'x' }] } });
		expect(noCode[0].code).toBe('003200');
		expect(faultToError(noCode, 401, undefined).category).toBe('auth_reconnect');
	});

	it('reads XML faults, JSON text, buffers and invalid_grant', () => {
		expect(parseFaults('<IntuitResponse><Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message></Error></Fault></IntuitResponse>')).toEqual([
			{ code: '100', message: 'General Authentication Error', detail: undefined, type: 'AuthenticationFault' },
		]);
		expect(parseFaults(Buffer.from(JSON.stringify({ Fault: { Error: [{ Message: 'm', code: '610' }] } })))[0].code).toBe('610');
		const grant = faultToError(parseFaults({ error: 'invalid_grant' }), 400, undefined);
		expect(grant.category).toBe('auth_reconnect');
		expect(grant.howToFix).toMatch(/Reconnect the QuickBooks credential/);
		expect(parseFaults({ Invoice: { Id: '1' } })).toEqual([]);
	});
});

describe('request ids and same-document matching', () => {
	it('derives the same id for the same write, whatever the key order, and another for another write', () => {
		const a = deriveRequestId('create', 'Invoice', { CustomerRef: { value: '1' }, Line: [{ Amount: 10 }] });
		const b = deriveRequestId('create', 'Invoice', { Line: [{ Amount: 10 }], CustomerRef: { value: '1' } });
		expect(a).toBe(b);
		expect(a).toHaveLength(36);
		expect(deriveRequestId('create', 'Invoice', { CustomerRef: { value: '1' }, Line: [{ Amount: 11 }] })).not.toBe(a);
		expect(deriveRequestId('create', 'Payment', { CustomerRef: { value: '1' }, Line: [{ Amount: 10 }] })).not.toBe(a);
	});

	it('recognises a stored document by what was sent, with numbers compared as decimals', () => {
		const sent = { CustomerRef: { value: '1' }, Line: [{ Amount: 180, LinkedTxn: [{ TxnId: '9', TxnType: 'Invoice' }] }], TotalAmt: 180 };
		const stored = {
			Id: '12',
			CustomerRef: { value: '1', name: 'Acme' },
			Line: [{ Amount: 180.0, LinkedTxn: [{ TxnId: '9', TxnType: 'Invoice' }], LineEx: {} }],
			TotalAmt: '180.00',
		};
		expect(matchesSentPayload(sent, stored)).toBe(true);
		expect(matchesSentPayload({ ...sent, TotalAmt: 181 }, stored)).toBe(false);
	});
});
