/**
 * The reconciliation as files a person or another node uses: an HTML page (totals first, then a section
 * per class, every value escaped) and a CSV with a row per entry (RFC 4180: fields with a comma, quote
 * or line break are quoted, quotes doubled, lines end in CRLF). Pure text; the operation attaches them
 * as n8n binary data.
 */
import { RECONCILE_CLASSES, type FeePeriod, type ReconcileEntry, type ReconcileResult } from '../../../core';

export interface ReportInput extends ReconcileResult {
	period: FeePeriod;
	calls?: { hubspot: number; quickbooks: number; documents: number; perThousandDocuments: string };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

/** One CSV field as RFC 4180 writes it. */
export function csvField(value: unknown): string {
	const text = String(value ?? '');
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = ['class', 'kind', 'currency', 'hubspot_id', 'hubspot_label', 'hubspot_number', 'hubspot_amount', 'quickbooks_documents', 'quickbooks_total', 'difference', 'category', 'detail', 'how_to_fix'];

function documentsText(entry: ReconcileEntry): string {
	return entry.quickbooks.map((document) => `${document.entity} ${document.id}${document.docNumber ? ` (${document.docNumber})` : ''}${document.voided ? ' voided' : ''}`).join('; ');
}

function quickbooksTotal(entry: ReconcileEntry): string {
	return entry.quickbooks.map((document) => document.total).join(' + ');
}

function rowOf(entry: ReconcileEntry): string[] {
	return [
		entry.class,
		entry.kind,
		entry.currency,
		entry.hubspot?.key ?? '',
		entry.hubspot?.label ?? '',
		entry.hubspot?.number ?? '',
		entry.hubspot?.amount ?? '',
		documentsText(entry),
		quickbooksTotal(entry),
		entry.difference ?? '',
		entry.category ?? '',
		entry.detail ?? '',
		entry.howToFix ?? '',
	];
}

export function reconcileCsv(report: ReportInput): string {
	const lines = [CSV_COLUMNS, ...report.entries.map(rowOf)].map((row) => row.map(csvField).join(','));
	return `${lines.join('\r\n')}\r\n`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border:1px solid #cbd2d9;padding:.3rem .6rem;text-align:left;vertical-align:top}td.amount{text-align:right;font-variant-numeric:tabular-nums}h2 .count{color:#616e7c;font-weight:normal}.differs{color:#b42318}`;

function table(headers: string[], rows: string[][], amountColumns: readonly number[] = []): string {
	const head = `<tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr>`;
	const body = rows.map((row) => `<tr>${row.map((cell, index) => `<td${amountColumns.includes(index) ? ' class="amount"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
	return `<table><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export function reconcileHtml(report: ReportInput): string {
	const title = `HubSpot and QuickBooks reconciliation, ${report.period.from} to ${report.period.to}`;
	const totals = table(
		['Currency', 'Kind', 'HubSpot count', 'HubSpot total', 'QuickBooks count', 'QuickBooks total', 'Difference'],
		report.totals.map((row) => [row.currency, row.kind, String(row.hubspot.count), row.hubspot.total, String(row.quickbooks.count), row.quickbooks.total, row.difference]),
		[2, 3, 4, 5, 6],
	);
	const counts = table(
		['Class', 'Documents'],
		RECONCILE_CLASSES.map(({ name, label }) => [label, String(report.counts[name])]),
		[1],
	);
	const sections = RECONCILE_CLASSES.map(({ name, label }) => {
		const entries = report.entries.filter((entry) => entry.class === name);
		const rows = entries.map((entry) => [
			entry.hubspot?.label ?? '',
			entry.currency,
			entry.hubspot?.amount ?? '',
			documentsText(entry),
			quickbooksTotal(entry),
			entry.difference ?? '',
			[entry.category, entry.detail].filter(Boolean).join(': '),
			entry.howToFix ?? '',
		]);
		const body = entries.length === 0 ? '<p>None.</p>' : table(['HubSpot', 'Currency', 'HubSpot amount', 'QuickBooks', 'QuickBooks total', 'Difference', 'Detail', 'How to fix'], rows, [2, 4, 5]);
		return `<section id="${escapeHtml(name)}"><h2>${escapeHtml(label)} <span class="count">(${entries.length})</span></h2>${body}</section>`;
	}).join('\n');
	const calls =
		report.calls === undefined
			? ''
			: `<p>Read ${escapeHtml(report.calls.documents)} documents in ${escapeHtml(report.calls.hubspot)} HubSpot and ${escapeHtml(report.calls.quickbooks)} QuickBooks calls (${escapeHtml(report.calls.perThousandDocuments)} calls per 1,000 documents).</p>`;
	return [
		'<!DOCTYPE html>',
		`<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>`,
		`<h1>${escapeHtml(title)}</h1>`,
		`<section id="totals"><h2>Totals per currency</h2>${totals}${counts}${calls}</section>`,
		sections,
		'</body></html>',
		'',
	].join('\n');
}
