/**
 * The conformance table: each call a third-party client makes against a simulator, what it was expected to
 * get (ok, or the fault code the real API documents) and what it got. Each suite prints its rows once at the
 * end, so the test output shows client × call → ok / expected fault.
 */
import { expect } from '@jest/globals';

export type Outcome = 'ok' | `fault ${string}`;

interface Row {
	client: string;
	call: string;
	expected: Outcome;
	got: Outcome;
}

export class ConformanceTable {
	private readonly rows: Row[] = [];

	constructor(private readonly title: string) {}

	/**
	 * Runs one client call, records its row and asserts that the outcome is the expected one. `faultOf` reads the
	 * fault code from what the client threw (every client wraps errors its own way). Returns the call's result.
	 */
	async check<T>(
		client: string,
		call: string,
		expected: Outcome,
		run: () => Promise<T>,
		faultOf: (error: unknown) => string | undefined,
	): Promise<T | undefined> {
		let got: Outcome;
		let result: T | undefined;
		let failure: unknown;
		try {
			result = await run();
			got = 'ok';
		} catch (error) {
			failure = error;
			got = `fault ${faultOf(error) ?? describe(error)}`;
		}
		this.rows.push({ client, call, expected, got });
		if (got !== expected && failure !== undefined && expected === 'ok') throw failure;
		expect(`${call} → ${got}`).toBe(`${call} → ${expected}`);
		return result;
	}

	/** Rows whose outcome was not the expected one (for a final assertion). */
	mismatches(): Row[] {
		return this.rows.filter((row) => row.got !== row.expected);
	}

	render(): string {
		const header: Row = { client: 'client', call: 'call', expected: 'ok', got: 'ok' };
		const width = (key: 'client' | 'call') => Math.max(...[header, ...this.rows].map((row) => row[key].length));
		const clientWidth = width('client');
		const callWidth = width('call');
		const lines = this.rows.map((row) => {
			const verdict = row.got === row.expected ? (row.expected === 'ok' ? 'ok' : `${row.got} (expected)`) : `${row.got} ≠ expected ${row.expected}`;
			return `${row.client.padEnd(clientWidth)}  ${row.call.padEnd(callWidth)}  ${verdict}`;
		});
		const ok = this.rows.filter((row) => row.got === row.expected).length;
		return [`\n${this.title}: ${ok}/${this.rows.length} as expected`, `${'client'.padEnd(clientWidth)}  ${'call'.padEnd(callWidth)}  outcome`, ...lines, ''].join('\n');
	}

	print(): void {
		process.stdout.write(`${this.render()}\n`);
	}
}

function describe(error: unknown): string {
	if (error instanceof Error) return error.message.slice(0, 80);
	return String(error).slice(0, 80);
}
