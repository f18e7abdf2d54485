/**
 * The exactly-once matrix: scenario × numbering × requestid → duplicates, losses, wrong totals. Each
 * scenario file runs its scenario under every combination, records one row per combination and prints
 * its rows once at the end; every count must be zero. npm test runs every combination; the realistic profile runs
 * four that hold every numbering and every requestid mode (matrixCombinations).
 */
import { sandboxProfile } from '../../../sandbox/profile';
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

export interface Combination {
	numbering: Numbering;
	requestid: DuplicateRequestIdMode;
}

/**
 * Four of the twelve combinations that still hold every numbering and every requestid mode, the riskiest pair (no
 * HubSpot number, requestid ignored: the marker is all there is) among them.
 */
const REDUCED: readonly Combination[] = [
	{ numbering: 'QuickBooks numbers', requestid: 'replay' },
	{ numbering: 'HubSpot numbers', requestid: 'error600' },
	{ numbering: 'duplicates allowed', requestid: 'ignore' },
	{ numbering: 'no HubSpot number', requestid: 'ignore' },
];

/**
 * The combinations the matrix runs: all twelve under the plain profile (npm test, and the alternate readings in CI);
 * the reduced four under the realistic profile (sandbox/profile.ts), where every call pays latency and Intuit's
 * limits are paced for real, unless HSQB_MATRIX=full asks for all twelve there too.
 */
export function matrixCombinations(): Combination[] {
	const all = NUMBERINGS.flatMap((numbering) => REQUEST_ID_MODES.map((requestid) => ({ numbering, requestid })));
	if (process.env.HSQB_MATRIX === 'full' || sandboxProfile().name !== 'realistic') return all;
	return all.filter((combination) => REDUCED.some((reduced) => reduced.numbering === combination.numbering && reduced.requestid === combination.requestid));
}

/** The numberings the matrix runs under this requestid mode (every mode has one at least). */
export function numberingsFor(requestid: DuplicateRequestIdMode): Numbering[] {
	return matrixCombinations()
		.filter((combination) => combination.requestid === requestid)
		.map((combination) => combination.numbering);
}

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
