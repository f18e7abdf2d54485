/**
 * "Is this the document we sent?" When a create got no answer, or QBO answers 600 "Duplicate Request
 * ID" without the document, the client looks for a record holding everything the create sent. QBO adds
 * to what it stores (Ids, names on refs, a subtotal line, computed totals), so the test is containment:
 * every field sent is there with the same value; numbers compare as exact decimals (100 equals 100.00).
 */
import { decimalsEqual, parseDecimal } from '../../core/money';

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

function isNumeric(value: unknown): value is number | string {
	return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && NUMBER_TEXT.test(value.trim()));
}

export function matchesSentPayload(sent: unknown, stored: unknown): boolean {
	if (sent === undefined || sent === null) return true;
	if (Array.isArray(sent)) {
		if (!Array.isArray(stored)) return false;
		// Each sent element must match a distinct stored one; QBO may add lines (the subtotal).
		const unused = [...stored];
		return sent.every((element) => {
			const index = unused.findIndex((candidate) => matchesSentPayload(element, candidate));
			if (index < 0) return false;
			unused.splice(index, 1);
			return true;
		});
	}
	if (typeof sent === 'object') {
		if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return false;
		return Object.entries(sent as Record<string, unknown>).every(([key, value]) =>
			matchesSentPayload(value, (stored as Record<string, unknown>)[key]),
		);
	}
	if (isNumeric(sent) && isNumeric(stored)) return decimalsEqual(parseDecimal(sent), parseDecimal(stored));
	return sent === stored;
}
