/**
 * The QuickBooks Trigger's reading of webhook deliveries (quickbooks.md §8.2–§8.4), as plain data: the
 * signature over the raw bytes, both payload formats, the operations it reports and those it does not.
 */
import { describe, expect, it } from '@jest/globals';

import { signWebhook } from '../../../sandbox/quickbooks/webhooks';
import { parseDelivery, rememberDeliveries, REMEMBERED_DELIVERIES, signatureMatches } from '../../../nodes/QuickBooksTrigger/webhook';
import { eventsForState, isVoided } from '../../../nodes/QuickBooksTrigger/events';

const TOKEN = 'verifier';

describe('intuit-signature (§8.4)', () => {
	const raw = Buffer.from('[{"id":"1"}]\n');

	it('matches base64 HMAC-SHA256 of the raw bytes, not of re-serialised JSON', () => {
		expect(signatureMatches(raw, signWebhook(raw.toString('utf8'), TOKEN), TOKEN)).toBe(true);
		// The same JSON without its trailing newline is other bytes: refused.
		expect(signatureMatches(Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8')))), signWebhook(raw.toString('utf8'), TOKEN), TOKEN)).toBe(false);
	});

	it('refuses a missing, malformed or empty signature, and any signature with an empty token', () => {
		const good = signWebhook(raw.toString('utf8'), TOKEN);
		expect(signatureMatches(raw, undefined, TOKEN)).toBe(false);
		expect(signatureMatches(raw, '', TOKEN)).toBe(false);
		expect(signatureMatches(raw, 'not base64 at all', TOKEN)).toBe(false);
		expect(signatureMatches(raw, good.slice(0, -4), TOKEN)).toBe(false);
		expect(signatureMatches(raw, [good], TOKEN)).toBe(true);
		expect(signatureMatches(raw, signWebhook(raw.toString('utf8'), ''), '')).toBe(false);
	});
});

describe('delivery formats', () => {
	it('reads legacy notifications per realm; a merge also deletes the record merged away; Emailed and other entities are skipped', () => {
		const body = {
			eventNotifications: [
				{
					realmId: '111',
					dataChangeEvent: {
						entities: [
							{ id: '5', operation: 'Merge', name: 'Customer', lastUpdated: '2026-10-01T10:00:00.000Z', deletedId: '6' },
							{ id: '7', operation: 'Emailed', name: 'Invoice', lastUpdated: '2026-10-01T10:00:01.000Z' },
							{ id: '8', operation: 'Create', name: 'Vendor', lastUpdated: '2026-10-01T10:00:02.000Z' },
							{ id: '9', operation: 'Void', name: 'Payment', lastUpdated: '2026-10-01T10:00:03.000Z' },
						],
					},
				},
			],
		};
		const parsed = parseDelivery(Buffer.from(JSON.stringify(body)));
		expect(parsed).toEqual({
			format: 'legacy',
			skipped: 2,
			changes: [
				expect.objectContaining({ realmId: '111', entity: 'Customer', id: '5', event: 'updated' }),
				expect.objectContaining({ realmId: '111', entity: 'Customer', id: '6', event: 'deleted' }),
				expect.objectContaining({ realmId: '111', entity: 'Payment', id: '9', event: 'voided', dedupeKey: '111:Payment:9:voided:2026-10-01T10:00:03.000Z' }),
			],
		});
	});

	it('reads CloudEvents types of any entity case, with their ids', () => {
		const body = [
			{ specversion: '1.0', id: 'e1', type: 'qbo.creditmemo.deleted.v1', time: '2026-10-01T10:00:00Z', intuitentityid: '3', intuitaccountid: '222', data: {} },
			{ specversion: '1.0', id: 'e2', type: 'qbo.refundreceipt.created.v1', time: '2026-10-01T10:00:01Z', intuitentityid: '4', intuitaccountid: '333', data: {} },
		];
		const parsed = parseDelivery(Buffer.from(JSON.stringify(body)));
		expect(parsed).toMatchObject({
			format: 'cloudevents',
			skipped: 0,
			changes: [
				{ realmId: '222', entity: 'CreditMemo', id: '3', event: 'deleted', eventId: 'e1' },
				{ realmId: '333', entity: 'RefundReceipt', id: '4', event: 'created', eventId: 'e2' },
			],
		});
	});

	it('says what it expected of a body in neither format', () => {
		expect(parseDelivery(Buffer.from('not json'))).toEqual({ refused: 'The webhook body is not JSON' });
		expect(parseDelivery(Buffer.from('{"data":1}'))).toEqual({ refused: expect.stringMatching(/neither CloudEvents/) });
	});

	it('remembers a bounded number of delivered events, newest kept', () => {
		const keys = Array.from({ length: REMEMBERED_DELIVERIES + 10 }, (_, index) => `k${index}`);
		const remembered = rememberDeliveries(['old'], keys);
		expect(remembered).toHaveLength(REMEMBERED_DELIVERIES);
		expect(remembered[0]).toBe('k10');
		expect(remembered.at(-1)).toBe(`k${REMEMBERED_DELIVERIES + 9}`);
	});
});

describe('voided (quickbooks.md §1.6: amounts zeroed, "Voided" in PrivateNote)', () => {
	it('needs both the zero total and the note', () => {
		expect(isVoided({ TotalAmt: 0, PrivateNote: 'Voided - paid twice' })).toBe(true);
		expect(isVoided({ TotalAmt: 0, PrivateNote: 'Free sample' })).toBe(false);
		expect(isVoided({ TotalAmt: 12.5, PrivateNote: 'Voided cheque attached' })).toBe(false);
		expect(eventsForState('Invoice', { TotalAmt: 0, PrivateNote: 'Voided' }, false)).toEqual(['voided']);
		expect(eventsForState('Customer', { Active: false }, false)).toEqual(['deleted']);
		expect(eventsForState('Invoice', { Id: '1', status: 'Deleted' }, true)).toEqual(['deleted']);
	});
});
