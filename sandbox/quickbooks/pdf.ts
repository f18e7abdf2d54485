/**
 * A small but valid PDF 1.4 of a sales form (quickbooks.md §7: GET /invoice/{id}/pdf answers binary PDF).
 * One page, Helvetica, the document number in the text, a correct cross-reference table.
 */
import type { QboRecord } from './store';

/** PDF string literal: backslash, parentheses escaped; characters outside Latin-1 replaced. */
function pdfText(text: string): string {
	return text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?').replace(/[\\()]/g, (character) => `\\${character}`);
}

function documentLines(title: string, record: QboRecord, companyName: string): string[] {
	const currency = record.CurrencyRef?.value ?? '';
	const lines = [
		companyName,
		`${title} ${record.DocNumber ?? record.Id}`,
		`Date: ${record.TxnDate ?? ''}${record.DueDate ? `   Due: ${record.DueDate}` : ''}`,
		`Bill to: ${record.CustomerRef?.name ?? ''}`,
		'',
	];
	for (const line of record.Line ?? []) {
		if (line.DetailType === 'SalesItemLineDetail') {
			const detail = line.SalesItemLineDetail;
			const quantity = detail.Qty !== undefined ? `${detail.Qty} x ${detail.UnitPrice ?? ''}  ` : '';
			lines.push(`${detail.ItemRef?.name ?? ''} ${line.Description ? `- ${line.Description}` : ''}  ${quantity}${line.Amount} ${currency}`);
		} else if (line.DetailType === 'DiscountLineDetail') {
			lines.push(`Discount  -${line.Amount} ${currency}`);
		} else if (line.DetailType === 'DescriptionOnly' && line.Description) {
			lines.push(line.Description);
		} else if (line.DetailType === 'SubTotalLineDetail') {
			lines.push(`Subtotal  ${line.Amount} ${currency}`);
		}
	}
	if (record.TxnTaxDetail?.TotalTax) lines.push(`Tax  ${record.TxnTaxDetail.TotalTax} ${currency}`);
	lines.push(`Total  ${record.TotalAmt ?? 0} ${currency}`);
	if (record.Balance !== undefined) lines.push(`Balance due  ${record.Balance} ${currency}`);
	return lines;
}

export function renderPdf(title: string, record: QboRecord, companyName: string): Buffer {
	const textLines = documentLines(title, record, companyName).slice(0, 45);
	const content = [
		'BT',
		'/F1 11 Tf',
		'14 TL',
		'56 760 Td',
		...textLines.map((line) => `(${pdfText(line)}) Tj T*`),
		'ET',
	].join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		`<< /Title (${pdfText(`${title} ${record.DocNumber ?? record.Id}`)}) /Producer (QBO simulator) >>`,
	];
	let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets: number[] = [];
	objects.forEach((object, index) => {
		offsets.push(Buffer.byteLength(body, 'latin1'));
		body += `${index + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xrefOffset = Buffer.byteLength(body, 'latin1');
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}
