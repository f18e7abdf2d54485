import type { HubSpotSimulator } from './simulator';

/** Helpers for the simulator's own tests (and other suites that want raw HTTP against it). */

export interface RawResponse<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

/** One HTTP call with the simulator's token (or `token`, or none with null). */
export async function call<T = any>(
	sim: Pick<HubSpotSimulator, 'url' | 'token'>,
	method: string,
	path: string,
	body?: unknown,
	options: { token?: string | null } = {},
): Promise<RawResponse<T>> {
	const token = options.token === undefined ? sim.token : options.token;
	const headers: Record<string, string> = {};
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	const response = await fetch(`${sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** A clock tests move by hand; pass `clock.now` as the simulator's `now`. */
export function manualClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): { now: () => number; advance: (ms: number) => void; set: (at: number) => void } {
	let current = start;
	return {
		now: () => current,
		advance: (ms) => {
			current += ms;
		},
		set: (at) => {
			current = at;
		},
	};
}

let buyerCounter = 0;

/** An invoice a test can open: one contact, the given lines. */
export function simpleInvoice(sim: HubSpotSimulator, lines: Array<{ price: string; quantity?: string | number }> = [{ price: '100.00' }], currency = 'USD') {
	return sim.createInvoice({
		currency,
		lineItems: lines.map((line, index) => ({ name: `Line ${index + 1}`, ...line })),
		contacts: [{ email: `buyer${++buyerCounter}@example.com`, firstname: 'Buyer' }],
	});
}
