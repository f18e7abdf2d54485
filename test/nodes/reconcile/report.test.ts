import { describe, expect, it } from '@jest/globals';

import { parseMoney } from '../../../core/money';
import { reconcile } from '../../../core/reconcile';
import { csvField, escapeHtml, reconcileCsv, reconcileHtml } from '../../../nodes/QuickBooksSync/sync/reconcileReport';

/** The report files on their own: RFC 4180 quoting and HTML escaping of every value. */
const usd = (text: string) => parseMoney(text, 'USD');
const result = reconcile(
	[{ kind: 'invoice', key: '7', label: 'HubSpot invoice 7 (INV, "A" <b>)', number: 'INV, "A" <b>', amount: usd('10.00'), syncStatus: 'failed', errorCategory: 'validation', errorMessage: 'Line 1:\nbad "qty"' }],
	[{ entity: 'Invoice', id: '3', total: usd('1.00'), voided: false }],
);
const report = { ...result, period: { from: '2026-10-01', to: '2026-10-31' } };

describe('reconciliation report files', () => {
	it('quotes CSV fields with a comma, a quote or a line break, doubles quotes, and ends lines in CRLF', () => {
		expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField(undefined)]).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '']);
		const csv = reconcileCsv(report);
		expect(csv.endsWith('\r\n')).toBe(true);
		const lines = csv.split('\r\n');
		expect(lines).toHaveLength(4);
		expect(lines[1]).toBe(
			'failing,invoice,USD,7,"HubSpot invoice 7 (INV, ""A"" <b>)","INV, ""A"" <b>",10.00,,,,validation,"Line 1:\nbad ""qty""","Correct the value QuickBooks or the sync rejected, then run the item again."',
		);
		expect(lines[2]).toBe('only_in_quickbooks_foreign,invoice,USD,,,,,Invoice 3,1.00,,,QuickBooks Invoice 3 was not made by the sync; it is left alone.,');
	});

	it('escapes every value in the HTML', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
		const html = reconcileHtml(report);
		expect(html).toContain('HubSpot invoice 7 (INV, &quot;A&quot; &lt;b&gt;)');
		expect(html).not.toContain('<b>');
		expect(html.indexOf('id="totals"')).toBeLessThan(html.indexOf('id="failing"'));
	});
});
