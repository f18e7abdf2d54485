import { describe, expect, it } from '@jest/globals';
import { SyncFailure } from '../../../core/errors';
import { decimalToString, parseDecimal, parseMoney } from '../../../core/money';
import { discountLine, qboDocumentTotal, quantityAndUnitPrice, salesItemLine, singleChargeLine } from '../../../core/salesLines';
import { toQboDate, lastDayOfMonth, isQboDate } from '../../../core/hubspotDates';
import { fitToLimit } from '../../../core/qboDocuments';

const d = (text: string) => parseDecimal(text);
const usd = (text: string) => parseMoney(text, 'USD');
const pick = (amount: string, quantity: string, ...prices: string[]) => {
	const chosen = quantityAndUnitPrice(usd(amount), d(quantity), prices.map(d));
	return [decimalToString(chosen.quantity), decimalToString(chosen.unitPrice), chosen.pricing];
};

describe('quantityAndUnitPrice', () => {
	it('keeps HubSpot’s figures when they multiply to the amount', () => {
		expect(pick('59.97', '3', '19.99')).toEqual(['3', '19.99', 'hubspot-price']);
		expect(pick('4.50', '0.5', '9')).toEqual(['0.5', '9', 'hubspot-price']);
	});

	it('tries the next preferred price, then an exact derived one', () => {
		expect(pick('135.00', '3', '46', '45')).toEqual(['3', '45', 'hubspot-price']);
		expect(pick('60.00', '3', '19.999')).toEqual(['3', '20', 'derived-price']);
		expect(pick('1.00', '8', '0.13')).toEqual(['8', '0.125', 'derived-price']);
	});

	it('falls back to one unit at the amount', () => {
		expect(pick('89.99', '3', '29.997')).toEqual(['1', '89.99', 'single-quantity']);
		expect(pick('10.00', '0.333333', '30.03')).toEqual(['1', '10', 'single-quantity']);
	});

	it('does not use unit prices with more than five decimals', () => {
		expect(pick('0.37', '1', '0.123456')).toEqual(['1', '0.37', 'derived-price']);
	});
});

describe('lines', () => {
	it('builds sales, charge and discount lines with exact numbers', () => {
		expect(salesItemLine({ amount: usd('59.97'), quantity: d('3'), unitPrice: d('19.99'), itemRef: { value: '1' }, description: 'x', serviceDate: '2026-10-01' })).toEqual({
			DetailType: 'SalesItemLineDetail',
			Amount: 59.97,
			Description: 'x',
			SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 3, UnitPrice: 19.99, ServiceDate: '2026-10-01' },
		});
		expect(singleChargeLine(usd('5'), { value: 'F' }, '', { value: 'NON' })).toEqual({
			DetailType: 'SalesItemLineDetail',
			Amount: 5,
			SalesItemLineDetail: { ItemRef: { value: 'F' }, Qty: 1, UnitPrice: 5, TaxCodeRef: { value: 'NON' } },
		});
		expect(discountLine(usd('7.5'), undefined)).toEqual({ DetailType: 'DiscountLineDetail', Amount: 7.5, DiscountLineDetail: { PercentBased: false } });
	});

	it('refuses amounts beyond QuickBooks’ ten integer digits', () => {
		expect(() => singleChargeLine(usd('12345678901.00'), { value: 'F' }, 'big')).toThrow(SyncFailure);
	});

	it('totals a document and flags lines that break Qty × UnitPrice', () => {
		const lines = [
			singleChargeLine(usd('10'), { value: 'A' }, 'a'),
			discountLine(usd('2.5'), 'd'),
			{ DetailType: 'SalesItemLineDetail' as const, Amount: 5, SalesItemLineDetail: { ItemRef: { value: 'B' }, Qty: 3, UnitPrice: 1.67 } },
		];
		const total = qboDocumentTotal(lines, 'USD');
		expect(decimalToString({ units: total.total.minorUnits, scale: 2 })).toBe('12.50');
		expect(total.linesFailingArithmetic).toEqual([2]);
	});

	it('cuts long text visibly', () => {
		expect(fitToLimit('abcdef', 4)).toBe('abc…');
		expect(fitToLimit('abc', 4)).toBe('abc');
	});
});

describe('HubSpot dates', () => {
	it.each([
		['2026-10-01', '2026-10-01'],
		['2026-10-01T00:00:00Z', '2026-10-01'],
		['2026-10-01T23:30:00.000Z', '2026-10-01'],
		['2026-10-01T01:00:00+02:00', '2026-09-30'],
		['1790812800000', '2026-10-01'],
	])('%s is %s in UTC', (value, day) => {
		expect(toQboDate(value)).toBe(day);
	});

	it('uses the books’ time zone', () => {
		expect(toQboDate('2026-10-01T03:00:00Z', 'America/Chicago')).toBe('2026-09-30');
		expect(toQboDate('2026-10-01T20:00:00Z', 'Asia/Tokyo')).toBe('2026-10-02');
	});

	it('treats blank as unset and refuses the rest', () => {
		expect(toQboDate(undefined)).toBeUndefined();
		expect(toQboDate(' ')).toBeUndefined();
		for (const bad of ['2026-02-30', 'tomorrow', '10/01/2026']) expect(() => toQboDate(bad, 'UTC', 'hs_due_date')).toThrow(SyncFailure);
		expect(() => toQboDate('2026-10-01T00:00:00Z', 'Mars/Olympus')).toThrow(SyncFailure);
	});

	it('knows month ends', () => {
		expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
		expect(lastDayOfMonth(2026, 12)).toBe('2026-12-31');
		expect(isQboDate('2026-13-01')).toBe(false);
	});
});
