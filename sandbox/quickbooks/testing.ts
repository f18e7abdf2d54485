/** Plain-fetch helpers for the simulator's own tests (and any suite that wants raw HTTP against it). */
import type { QuickBooksSimulator } from './simulator';

export interface RawResponse<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

export interface QboTestClient {
	token: string;
	/** GET/POST under /v3/company/{realmId}; `path` starts with '/', query string included. */
	get<T = any>(path: string): Promise<RawResponse<T>>;
	post<T = any>(path: string, body?: unknown): Promise<RawResponse<T>>;
	query<T = any>(statement: string): Promise<RawResponse<T>>;
	/** Any method, any path on the simulator, with this client's bearer token (or `token`, or none with null). */
	raw<T = any>(method: string, path: string, body?: unknown, options?: { token?: string | null; headers?: Record<string, string> }): Promise<RawResponse<T>>;
}

export function qboClient(sim: QuickBooksSimulator, token = sim.issueTokens().access_token): QboTestClient {
	const raw = async <T>(method: string, path: string, body?: unknown, options: { token?: string | null; headers?: Record<string, string> } = {}): Promise<RawResponse<T>> => {
		const bearer = options.token === undefined ? token : options.token;
		const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
		if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
		if (body !== undefined && typeof body !== 'string') headers['content-type'] ??= 'application/json';
		const response = await fetch(`${sim.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const type = response.headers.get('content-type') ?? '';
		const parsed = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
		return { status: response.status, body: parsed as T, headers: response.headers };
	};
	const base = `/v3/company/${sim.realmId}`;
	return {
		token,
		get: (path) => raw('GET', `${base}${path}`),
		post: (path, body) => raw('POST', `${base}${path}`, body ?? {}),
		query: (statement) => raw('GET', `${base}/query?query=${encodeURIComponent(statement)}&minorversion=75`),
		raw,
	};
}

/** The first error of a QBO service fault body. */
export function faultOf(body: any): { code: string; Message: string; Detail: string; element: string } {
	return body?.Fault?.Error?.[0];
}

/** A one-line invoice for the seeded company: Services × qty at price. */
export function invoiceBody(overrides: Record<string, unknown> = {}, line: { qty?: number; price?: number; amount?: number; item?: string } = {}): Record<string, unknown> {
	const qty = line.qty ?? 1;
	const price = line.price ?? 100;
	return {
		CustomerRef: { value: '2' },
		Line: [
			{
				DetailType: 'SalesItemLineDetail',
				Amount: line.amount ?? qty * price,
				SalesItemLineDetail: { ItemRef: { value: line.item ?? '1' }, Qty: qty, UnitPrice: price, TaxCodeRef: { value: 'NON' } },
			},
		],
		...overrides,
	};
}
