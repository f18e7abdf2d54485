/**
 * The reconciliation report as a person sees it: Reconcile With HubSpot runs through n8n-core against
 * both simulators, its HTML file (the node's binary output `html`) is opened in Chromium (Debian's,
 * driven by playwright-core), read back from the page, and screenshotted into test-artifacts/.
 * Values that look like markup (an invoice number, an error message) must show as text, never run.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

import { SYNC } from '../nodes/sync/invoiceTestbed';
import { usePaymentSyncTestbed } from '../nodes/sync/paymentTestbed';
import { CHROMIUM_PATH, chromiumAvailable, SCREENSHOTS_DIR } from './browser';
import { ARTIFACTS_DIR } from './n8n';

const tb = usePaymentSyncTestbed({ beforeAll, afterAll, beforeEach, afterEach });
const OCT = (day: number) => Date.parse(`2026-10-${String(day).padStart(2, '0')}T12:00:00Z`);
const HOSTILE_NUMBER = '<img src=x onerror="window.pwned=1">&INV';

const itWithChromium = chromiumAvailable() ? it : it.skip;

describe('the reconciliation report in Chromium', () => {
	itWithChromium('shows the totals first, a section per class with its documents, and markup in values as text', async () => {
		const matched = tb.hubspotInvoice('100.00', { invoiceDate: OCT(5) });
		const missing = tb.hs.createInvoice({ currency: 'USD', status: 'open', number: HOSTILE_NUMBER, invoiceDate: OCT(6), lineItems: [{ name: 'Consulting', price: '20.00' }], contacts: [{ email: 'mallory@example.com', firstname: 'Mallory', lastname: 'Buyer' }] });
		const failing = tb.hubspotInvoice('30.00', { invoiceDate: OCT(7) });
		tb.hs.updateProperties('invoices', failing.id, { qbo_sync_status: 'failed', qbo_sync_error_category: 'customer_not_found', qbo_sync_error_message: 'No customer for <script>window.pwned=2</script>.' });
		const synced = await tb.json(SYNC, [{ json: { id: matched.id } }]);
		expect(synced[0].action).toBe('created');

		const result = await tb.run({ resource: 'reconciliation', operation: 'reconcile', period: 'month', month: '2026-10', options: { compareBalances: false } });
		const error = result.error('QuickBooks');
		if (error) throw error;
		const [item] = result.output('QuickBooks');
		const directory = join(ARTIFACTS_DIR, 'reconcile');
		mkdirSync(directory, { recursive: true });
		mkdirSync(SCREENSHOTS_DIR, { recursive: true });
		const file = join(directory, item.binary!.html.fileName!);
		writeFileSync(file, Buffer.from(item.binary!.html.data, 'base64'));

		const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
		try {
			const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
			await page.goto(pathToFileURL(file).href);
			expect(await page.title()).toBe('HubSpot and QuickBooks reconciliation, 2026-10-01 to 2026-10-31');
			const sections = await page.$$eval('section', (elements) => elements.map((element) => [element.id, element.querySelector('h2')?.textContent ?? '']));
			expect(sections).toEqual([
				['totals', 'Totals per currency'],
				['failing', 'Failing to sync (1)'],
				['missing_in_quickbooks', 'Missing in QuickBooks (1)'],
				['amount_differs', 'Amount differs (0)'],
				['status_differs', 'Status or balance differs (0)'],
				['duplicated', 'Duplicated in QuickBooks (0)'],
				['only_in_quickbooks_ours', 'Only in QuickBooks (with our marker) (0)'],
				['only_in_quickbooks_foreign', 'Only in QuickBooks (without our marker) (0)'],
				['matched', 'Matched (1)'],
			]);
			const totals = await page.$$eval('#totals table:first-of-type tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
			expect(totals).toEqual([['USD', 'invoice', '3', '150.00', '1', '100.00', '50.00']]);
			const missingRow = await page.$eval('#missing_in_quickbooks tbody tr td', (cell) => cell.textContent);
			expect(missingRow).toBe(`HubSpot invoice ${missing.id} (${HOSTILE_NUMBER})`);
			const failingDetail = await page.$$eval('#failing tbody tr td', (cells) => cells.map((cell) => cell.textContent));
			expect(failingDetail).toEqual(expect.arrayContaining(['customer_not_found: No customer for <script>window.pwned=2</script>.']));
			// Nothing in a value became an element or ran.
			const inPage = await page.evaluate(() => {
				const global = globalThis as unknown as { document: { querySelectorAll(selector: string): { length: number } }; pwned?: number };
				return [global.document.querySelectorAll('img, script').length, global.pwned ?? 0];
			});
			expect(inPage).toEqual([0, 0]);

			const screenshot = join(SCREENSHOTS_DIR, 'reconcile-report.png');
			await page.screenshot({ path: screenshot, fullPage: true });
			expect(statSync(screenshot).size).toBeGreaterThan(10_000);
		} finally {
			await browser.close();
		}
	});
});
