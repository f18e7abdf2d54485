/**
 * Runs an invoice scenario under every numbering × requestid combination (rows.ts) and counts, per
 * HubSpot invoice the scenario meant to sync, what the QuickBooks books hold: the invoices carrying
 * its marker (more than one is a duplicate, none is a loss) and whether the one there totals HubSpot's
 * billed amount to the cent. Counting reads the simulator's books, never the sync's own report.
 */
import { expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { decimalsEqual, hubspotInvoiceIdFromPrivateNote, parseDecimal } from '../../../core';
import type { DuplicateRequestIdMode } from '../../../sandbox/quickbooks/store';
import type { InvoiceSyncTestbed } from '../sync/invoiceTestbed';
import { matrixCombinations, MatrixTable, REQUEST_ID_LABEL, useNumbering, type MatrixRow, type Numbering } from './rows';

export interface InvoiceBooks {
	duplicates: number;
	losses: number;
	wrongTotals: number;
}

/** What QuickBooks holds for these HubSpot invoices, against what HubSpot billed. */
export function invoiceBooks(bed: InvoiceSyncTestbed, hubspotIds: readonly string[]): InvoiceBooks {
	const byMarker = new Map<string, IDataObject[]>();
	for (const invoice of bed.qboInvoices()) {
		const marker = hubspotInvoiceIdFromPrivateNote(typeof invoice.PrivateNote === 'string' ? invoice.PrivateNote : undefined);
		if (marker !== undefined) byMarker.set(marker, [...(byMarker.get(marker) ?? []), invoice]);
	}
	const books: InvoiceBooks = { duplicates: 0, losses: 0, wrongTotals: 0 };
	for (const id of new Set(hubspotIds)) {
		const booked = byMarker.get(id) ?? [];
		if (booked.length === 0) books.losses += 1;
		books.duplicates += Math.max(0, booked.length - 1);
		const billed = bed.hubspotProperties(id).hs_amount_billed;
		if (booked.some((invoice) => !decimalsEqual(parseDecimal(String(invoice.TotalAmt)), parseDecimal(billed)))) books.wrongTotals += 1;
	}
	return books;
}

/** A new open USD invoice for the matrix: without its number when the numbering says so. */
export function matrixInvoice(bed: InvoiceSyncTestbed, numbering: Numbering, input: Parameters<InvoiceSyncTestbed['invoice']>[0] = {}) {
	const invoice = bed.invoice(input);
	if (numbering === 'no HubSpot number') bed.hs.updateProperties('invoices', invoice.id, { hs_number: '' });
	return invoice;
}

export interface ScenarioRun {
	/** The HubSpot invoices that must each end as exactly one QuickBooks invoice with HubSpot's total. */
	hubspotIds: string[];
	note?: string;
}

/**
 * One test per numbering × requestid (matrixCombinations: all twelve, four under the realistic profile): the
 * company is put in both modes, the scenario runs, its row goes to `table`, and every count must be zero. Call inside a describe whose testbed resets before each test.
 */
export function eachCombination(
	table: MatrixTable,
	scenario: string,
	bed: InvoiceSyncTestbed,
	run: (numbering: Numbering, requestid: DuplicateRequestIdMode) => Promise<ScenarioRun>,
	timeoutMs = 60_000,
): void {
	for (const { numbering, requestid } of matrixCombinations()) {
		it(
			`${scenario}: ${numbering}, requestid ${REQUEST_ID_LABEL[requestid]}`,
			async () => {
				useNumbering(bed.qb.sim, numbering);
				bed.qb.sim.duplicateRequestIdMode = requestid;
				const { hubspotIds, note } = await run(numbering, requestid);
				const row: MatrixRow = table.add({ scenario, numbering, requestid, ...invoiceBooks(bed, hubspotIds), ...(note ? { note } : {}) });
				expect({ duplicates: row.duplicates, losses: row.losses, wrongTotals: row.wrongTotals }).toEqual({ duplicates: 0, losses: 0, wrongTotals: 0 });
			},
			timeoutMs,
		);
	}
}

export { MatrixTable };
