import { describe, expect, it } from '@jest/globals';

import { parseMoney } from '../../../core/money';
import { reconcile, type HubSpotSide, type QboSide } from '../../../core/reconcile';

const usd = (text: string) => parseMoney(text, 'USD');

function invoice(key: string, amount: string, extra: Partial<HubSpotSide> = {}): HubSpotSide {
	return { kind: 'invoice', key, label: `HubSpot invoice ${key}`, amount: usd(amount), ...extra };
}

function qboInvoice(id: string, total: string, extra: Partial<QboSide> = {}): QboSide {
	return { entity: 'Invoice', id, total: usd(total), voided: false, ...extra };
}

const ours = (key: string) => ({ kind: 'invoice' as const, key });

describe('reconcile', () => {
	it('puts each record and each unclaimed document in exactly one class', () => {
		const records = [
			invoice('1', '100.00', { balance: usd('100.00') }),
			invoice('2', '50.00', { writtenBackId: '902' }),
			invoice('3', '75.00'),
			invoice('4', '20.00'),
			invoice('5', '10.00', { syncStatus: 'failed', errorCategory: 'item_not_found', errorMessage: 'No item Widget.' }),
			invoice('6', '30.00', { balance: usd('0.00') }),
			invoice('7', '40.00', { number: 'INV-7' }),
		];
		const documents = [
			qboInvoice('901', '100.00', { marker: ours('1'), balance: usd('100.00') }),
			qboInvoice('903', '75.01', { marker: ours('3') }),
			qboInvoice('904', '20.00', { marker: ours('4') }),
			qboInvoice('905', '20.00', { marker: ours('4') }),
			qboInvoice('906', '30.00', { marker: ours('6'), balance: usd('30.00') }),
			qboInvoice('907', '40.00', { docNumber: 'INV-7' }),
			qboInvoice('908', '12.00', { marker: ours('99') }),
			qboInvoice('909', '13.00'),
			qboInvoice('910', '0', { marker: ours('98'), voided: true }),
		];
		const result = reconcile(records, documents);
		const classOf = (key: string) => result.entries.filter((entry) => entry.hubspot?.key === key).map((entry) => entry.class);
		expect(classOf('1')).toEqual(['matched']);
		expect(classOf('2')).toEqual(['missing_in_quickbooks']);
		expect(classOf('3')).toEqual(['amount_differs']);
		expect(classOf('4')).toEqual(['duplicated']);
		expect(classOf('5')).toEqual(['failing']);
		expect(classOf('6')).toEqual(['status_differs']);
		expect(classOf('7')).toEqual(['matched']);
		const orphans = result.entries.filter((entry) => entry.hubspot === undefined).map((entry) => [entry.class, entry.quickbooks[0].id]);
		expect(orphans).toEqual([
			['only_in_quickbooks_ours', '908'],
			['only_in_quickbooks_foreign', '909'],
		]);
		expect(result.entries.find((entry) => entry.hubspot?.key === '3')).toMatchObject({ difference: '-0.01', quickbooks: [{ id: '903', total: '75.01' }] });
		expect(result.entries.find((entry) => entry.hubspot?.key === '5')).toMatchObject({ category: 'item_not_found', detail: 'No item Widget.', howToFix: expect.stringContaining('default item') });
		expect(result.entries.find((entry) => entry.hubspot?.key === '7')).toMatchObject({ matchedBy: 'number' });
		expect(result.counts).toEqual({
			matched: 2,
			missing_in_quickbooks: 1,
			amount_differs: 1,
			status_differs: 1,
			duplicated: 1,
			failing: 1,
			only_in_quickbooks_ours: 1,
			only_in_quickbooks_foreign: 1,
		});
		expect(result.totals).toEqual([
			{ currency: 'USD', kind: 'invoice', hubspot: { count: 7, total: '325.00' }, quickbooks: { count: 8, total: '310.01' }, difference: '14.99' },
		]);
	});

	it('matches by written-back id, keeps currencies apart, and treats a record voided on both sides as matched', () => {
		const eur = parseMoney('0.10', 'EUR');
		const jpy = parseMoney('1000', 'JPY');
		const result = reconcile(
			[
				invoice('1', '0.10', { amount: eur, writtenBackId: '11' }),
				invoice('2', '1000', { amount: jpy }),
				invoice('3', '5.00', { voided: true }),
			],
			[
				{ entity: 'Invoice', id: '11', total: eur, voided: false },
				{ entity: 'Invoice', id: '12', total: jpy, voided: false, marker: ours('2') },
				qboInvoice('13', '0', { marker: ours('3'), voided: true }),
			],
		);
		expect(result.entries.map((entry) => [entry.hubspot?.key, entry.class, entry.matchedBy])).toEqual([
			['1', 'matched', 'id'],
			['2', 'matched', 'marker'],
			['3', 'matched', 'marker'],
		]);
		expect(result.totals.map((totals) => [totals.currency, totals.hubspot.total, totals.quickbooks.total, totals.difference])).toEqual([
			['EUR', '0.10', '0.10', '0.00'],
			['JPY', '1000', '1000', '0'],
		]);
	});

	it('adds up a refund over its documents, and a fee expense off by one cent is an amount difference', () => {
		const refund: HubSpotSide = { kind: 'refund', key: '77', label: 'Refund of HubSpot payment 77', amount: usd('30.00') };
		const fees: HubSpotSide = { kind: 'fees', key: 'USD', label: 'Fees USD', amount: usd('14.84') };
		const result = reconcile(
			[refund, fees],
			[
				{ entity: 'RefundReceipt', id: '1', total: usd('10.00'), voided: false, marker: { kind: 'refund', key: '77' } },
				{ entity: 'CreditMemo', id: '2', total: usd('20.00'), voided: false, marker: { kind: 'refund', key: '77' } },
				{ entity: 'Purchase', id: '3', total: usd('14.83'), voided: false, marker: { kind: 'fees', key: 'USD' } },
			],
		);
		expect(result.entries.map((entry) => [entry.kind, entry.class, entry.difference])).toEqual([
			['refund', 'matched', undefined],
			['fees', 'amount_differs', '0.01'],
		]);
	});
});
