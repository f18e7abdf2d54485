/**
 * The exactly-once matrix: scenario × numbering × requestid → duplicates, losses, wrong totals. Each
 * scenario file runs its scenario under every combination, records one row per combination and prints
 * its rows once at the end; every count must be zero.
 */
import type { QuickBooksSimulator } from '../../../sandbox/quickbooks/simulator';
import type { DuplicateRequestIdMode } from '../../../sandbox/quickbooks/store';

/**
 * How documents are numbered: QuickBooks numbers them (custom transaction numbers off), we send the
 * HubSpot number, the company allows duplicate numbers (so the number guards nothing), or the HubSpot
 * invoice has no number (the marker is all there is).
 */
export type Numbering = 'QuickBooks numbers' | 'HubSpot numbers' | 'duplicates allowed' | 'no HubSpot number';

export const NUMBERINGS: readonly Numbering[] = ['QuickBooks numbers', 'HubSpot numbers', 'duplicates allowed', 'no HubSpot number'];

/** How QuickBooks treats a repeated requestid (quickbooks.md §4.1–§4.3; the simulator's three modes). */
export const REQUEST_ID_MODES: readonly DuplicateRequestIdMode[] = ['replay', 'error600', 'ignore'];

export const REQUEST_ID_LABEL: Readonly<Record<DuplicateRequestIdMode, string>> = { replay: 'replayed', error600: '600', ignore: 'ignored' };

/** Puts the company in the numbering mode (the HubSpot side of "no HubSpot number" is the scenario's). */
export function useNumbering(sim: QuickBooksSimulator, numbering: Numbering): void {
	sim.store.salesFormsPrefs.CustomTxnNumbers = numbering !== 'QuickBooks numbers';
	sim.store.settings.allowDuplicateDocNumbers = numbering === 'duplicates allowed';
}

export interface MatrixRow {
	scenario: string;
	numbering: Numbering;
	requestid: DuplicateRequestIdMode;
	/** Documents beyond the ones intended. */
	duplicates: number;
	/** Intended documents (or amounts) missing from the books. */
	losses: number;
	/** Documents or balances whose amount is not the intended one to the cent. */
	wrongTotals: number;
	/** What else the row should say (e.g. how the outcomes were reported). */
	note?: string;
}

export class MatrixTable {
	private readonly rows: MatrixRow[] = [];

	constructor(private readonly title: string) {}

	add(row: MatrixRow): MatrixRow {
		this.rows.push(row);
		return row;
	}

	render(): string {
		const header = ['scenario', 'numbering', 'requestid', 'duplicates', 'losses', 'wrong totals', 'note'];
		const cells = this.rows.map((row) => [row.scenario, row.numbering, REQUEST_ID_LABEL[row.requestid], String(row.duplicates), String(row.losses), String(row.wrongTotals), row.note ?? '']);
		const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
		const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column])).join('  ').trimEnd();
		const clean = this.rows.filter((row) => row.duplicates === 0 && row.losses === 0 && row.wrongTotals === 0).length;
		return [`\n${this.title}: ${clean}/${this.rows.length} combinations with no duplicate, loss or wrong total`, line(header), ...cells.map(line), ''].join('\n');
	}

	print(): void {
		process.stdout.write(`${this.render()}\n`);
	}
}

/** The count beyond (or short of) what was intended, for the duplicates and losses columns. */
export function surplus(actual: number, intended: number): number {
	return Math.max(0, actual - intended);
}

export function shortfall(actual: number, intended: number): number {
	return Math.max(0, intended - actual);
}
