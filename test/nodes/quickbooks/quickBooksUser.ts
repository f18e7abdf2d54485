/**
 * QuickBooks' API as another app (or a person in QuickBooks' own UI) uses it, for tests that change the books
 * beside the node: its own connection to the company, paced with the node's calls against the company's limits
 * (quickbooks.md §6: the limits are per company, so the node's pacer of that company is the one to wait on), a 429
 * waited out and sent again, and on a 401 for an expired access token a refresh and the call sent again, as an
 * OAuth client must (§9.2). Under the simulators' realistic profile access tokens expire after 30 s of the
 * simulator's clock, which tests also move forward.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { QuickBooksSimulator } from '../../../sandbox/quickbooks/simulator';
import { pacerFor } from '../../../transport/quickbooks';

/** Every call has a timeout; the simulator answers well within it. */
const CALL_TIMEOUT_MS = 30_000;
const MAX_ATTEMPTS = 5;

export interface QuickBooksAnswer {
	status: number;
	body: IDataObject;
}

export interface QuickBooksUser {
	/** Any call under /v3/company/{realmId}, `path` with its whole query string, sent as given. */
	send(method: 'GET' | 'POST', path: string, body?: IDataObject): Promise<QuickBooksAnswer>;
	/** GET under /v3/company/{realmId}: `path` starts with '/', minorversion=75 added. */
	get(path: string): Promise<QuickBooksAnswer>;
	/**
	 * A POST under /v3/company/{realmId} with minorversion=75 and a requestid (§4); `entity` is what QuickBooks answers
	 * with (e.g. `Invoice`), returned. A refusal is an error that shows QuickBooks' answer.
	 */
	write(path: string, body: IDataObject, entity: string): Promise<IDataObject>;
}

export function quickBooksUser(sim: QuickBooksSimulator): QuickBooksUser {
	let tokens = sim.issueTokens();

	async function refresh(): Promise<void> {
		const response = await fetch(sim.tokenUrl, {
			method: 'POST',
			headers: {
				authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')}`,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
			},
			body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString(),
			signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
		});
		if (response.status !== 200) throw new Error(`QuickBooks refused the token refresh (${response.status}): ${await response.text()}`);
		// Refresh tokens rotate (§9.2): the new one serves the next refresh.
		tokens = { ...tokens, ...((await response.json()) as typeof tokens) };
	}

	/** Sent again as it was after a refusal at the gate (401, 429): QuickBooks did not look at it, so a requestid in it is still unused. */
	async function send(method: 'GET' | 'POST', path: string, body?: IDataObject): Promise<QuickBooksAnswer> {
		const pacer = pacerFor(sim.url, sim.realmId);
		for (let attempt = 1; ; attempt += 1) {
			const ticket = await pacer.acquire('request');
			let response: Response;
			try {
				response = await fetch(`${sim.apiBase}${path}`, {
					method,
					headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
					body: body ? JSON.stringify(body) : undefined,
					signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
				});
			} finally {
				ticket.done();
			}
			if (response.status === 401 && attempt < MAX_ATTEMPTS) {
				await refresh();
				continue;
			}
			if (response.status === 429 && attempt < MAX_ATTEMPTS) {
				// QuickBooks sends no Retry-After (§6): wait out the per-second window, as the node does after a 429.
				pacer.pause(Date.now() + 1_000 * attempt);
				continue;
			}
			return { status: response.status, body: (await response.json()) as IDataObject };
		}
	}

	const withQuery = (path: string, query: Record<string, string>) => `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(query).toString()}`;

	return {
		send,
		get: async (path) => await send('GET', withQuery(path, { minorversion: '75' })),
		write: async (path, body, entity) => {
			const answer = await send('POST', withQuery(path, { minorversion: '75', requestid: randomUUID() }), body);
			if (answer.status !== 200) throw new Error(`QuickBooks refused the ${entity} (${answer.status}): ${JSON.stringify(answer.body)}`);
			return answer.body[entity] as IDataObject;
		},
	};
}
