import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalJson, contentHash, requestIdFor } from '../../../core/idempotency';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFor', () => {
	const payload = { CustomerRef: { value: '58' }, Line: [{ Amount: 100 }], DocNumber: 'INV-1001' };

	it('is a UUID of 36 characters, fit for QuickBooks batch requests', () => {
		const id = requestIdFor('invoice-create', '5001', payload);
		expect(id).toHaveLength(36);
		expect(id).toMatch(UUID_V8);
	});

	it('is the same for the same logical write, whatever the key order', () => {
		const reordered = { DocNumber: 'INV-1001', Line: [{ Amount: 100 }], CustomerRef: { value: '58' } };
		expect(requestIdFor('invoice-create', '5001', reordered)).toBe(requestIdFor('invoice-create', '5001', payload));
		expect(requestIdFor('invoice-create', '5001', { ...payload, Memo: undefined })).toBe(requestIdFor('invoice-create', '5001', payload));
	});

	it('differs when the kind, the HubSpot id or the content differ', () => {
		const base = requestIdFor('invoice-create', '5001', payload);
		expect(requestIdFor('invoice-update', '5001', payload)).not.toBe(base);
		expect(requestIdFor('invoice-create', '5002', payload)).not.toBe(base);
		expect(requestIdFor('invoice-create', '5001', { ...payload, Line: [{ Amount: 100.01 }] })).not.toBe(base);
		expect(requestIdFor('invoice-create', '5001', { ...payload, Line: [{ Amount: 100 }, { Amount: 0 }] })).not.toBe(base);
	});

	it('is always a well-formed UUID (property)', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), fc.jsonValue(), (kind, id, content) => {
				expect(requestIdFor(kind, id, content)).toMatch(UUID_V8);
			}),
			{ numRuns: 500 },
		);
	});
});

describe('canonicalJson', () => {
	it('sorts keys at every level and keeps array order', () => {
		expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
	});

	it('writes bigints as text and refuses what JSON cannot hold', () => {
		expect(canonicalJson({ minor: 1999n })).toBe('{"minor":"1999"}');
		expect(() => canonicalJson({ amount: Number.NaN })).toThrow(TypeError);
		expect(() => canonicalJson(Symbol('x'))).toThrow(TypeError);
	});

	it('fingerprints content', () => {
		expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
		expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
	});
});
