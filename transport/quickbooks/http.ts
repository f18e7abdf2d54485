/**
 * One QuickBooks call, with the retries QBO's documentation asks for (quickbooks.md §5–§6):
 * - every call carries `minorversion=75` and JSON headers; a write carries its `requestid`;
 * - 429 / ThrottleExceeded and 5xx are retried with a bounded backoff, honouring Retry-After;
 * - a connection reset before the answer is retried when that is safe (reads, and writes that carry a
 *   requestid, which QBO replays instead of running twice);
 * - 401 is left to n8n: `httpRequestWithAuthentication` with our OAuth2 credential refreshes the token,
 *   persists the rotated refresh token and repeats the call; `invalid_grant` (revoked token) and
 *   `invalid_client` (wrong Client ID / Secret) come back as a reconnect, each with its own fix;
 * - every attempt has a timeout (at most Intuit's own 120 s) and every call an overall deadline: a call
 *   that gets no answer ends as `timeout`, it is not repeated blindly (a create looks its document up);
 * - every attempt waits for the company's pacer (pacing.ts), so calls stay inside QBO's rate limits.
 * Waiting uses n8n-workflow's `sleep` (no timers or process globals in community nodes).
 */
import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { QUICKBOOKS_API_BASE_URLS } from '../../credentials/QuickBooksSyncOAuth2Api.credentials';
import { withDeadline } from '../shared/deadline';
import {
	faultToError,
	parseFaults,
	reconnectError,
	timeoutError,
	transportError,
	validationError,
	QuickBooksError,
	type ReconnectReason,
} from './errors';
import { pacerFor, type RealmPacer } from './pacing';

export const QUICKBOOKS_CREDENTIAL_TYPE = 'quickBooksSyncOAuth2Api';
export const MINOR_VERSION = 75;

/** The n8n contexts a client can be made from: node execution, the pickers' list search, and the trigger's poll and webhook. */
export type QuickBooksContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions;

export interface RetryPolicy {
	/** Retries after the first attempt, for throttling, server errors and resets alike. */
	maxRetries: number;
	/** First wait after a 5xx or a reset; doubled on each retry. */
	baseDelayMs: number;
	/** First wait after a 429 without Retry-After (Intuit: "wait 60 seconds"); doubled on each retry. */
	throttleDelayMs: number;
	/** No single wait is longer than this, Retry-After included. */
	maxDelayMs: number;
}

/**
 * Requests running longer than 120 s time out at Intuit (quickbooks.md §6), so waiting longer only
 * holds the run. The credential's "Request Timeout" may set a shorter bound.
 */
export const MAX_REQUEST_TIMEOUT_MS = 120_000;

/** One call, retries and their waits included, ends within this many request timeouts. */
export const DEADLINE_IN_REQUEST_TIMEOUTS = 3;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 3,
	baseDelayMs: 250,
	throttleDelayMs: 15_000,
	maxDelayMs: 60_000,
};

export interface QuickBooksRequest {
	method: IHttpRequestMethods;
	/** Path under /v3/company/{realmId}/, e.g. 'invoice', 'invoice/130/pdf', 'query'. */
	path: string;
	qs?: IDataObject;
	/** JSON, or text (a query sent as `application/text`). */
	body?: IDataObject | string;
	/** Sent as `?requestid=`; makes the call safe to repeat after a reset. */
	requestId?: string;
	/** Ask for a binary answer (PDF) instead of JSON. */
	binary?: boolean;
	headers?: IDataObject;
}

export interface SendOptions {
	/**
	 * Repeat the call when no answer came back. Default: for reads and for writes with a requestid.
	 * Creates turn it off to look for the document before sending it again.
	 */
	retryInterrupted?: boolean;
}

export interface QuickBooksResponse<T = IDataObject> {
	body: T;
	statusCode: number;
	intuitTid?: string;
	headers: IDataObject;
}

interface CredentialData {
	environment?: string;
	requestTimeoutSeconds?: number | string;
	useCustomUrls?: boolean;
	customBaseUrl?: string;
	oauthTokenData?: { callbackQueryString?: { realmId?: string | number } };
}

export interface QuickBooksConnection {
	baseUrl: string;
	realmId: string;
	/** How long one request may wait for its answer. */
	requestTimeoutMs: number;
}

/** The credential's "Request Timeout (Seconds)", within (0, 120]; 120 when empty or not a number. */
export function requestTimeoutMs(seconds: unknown): number {
	const value = typeof seconds === 'string' && seconds.trim() !== '' ? Number(seconds) : seconds;
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return MAX_REQUEST_TIMEOUT_MS;
	return Math.min(Math.round(value * 1000), MAX_REQUEST_TIMEOUT_MS);
}

/** Reads the company and host from the credential; the tokens stay inside n8n. */
export async function readConnection(context: QuickBooksContext): Promise<QuickBooksConnection> {
	const credentials = (await context.getCredentials(QUICKBOOKS_CREDENTIAL_TYPE)) as CredentialData;
	const realmId = credentials.oauthTokenData?.callbackQueryString?.realmId;
	if (realmId === undefined || realmId === '') {
		throw validationError(
			'The QuickBooks credential has no company (realmId)',
			'Connect the QuickBooks credential again: the company is chosen during the QuickBooks sign-in.',
		);
	}
	const custom = credentials.useCustomUrls && credentials.customBaseUrl ? credentials.customBaseUrl.replace(/\/+$/, '') : undefined;
	const baseUrl = custom ?? (credentials.environment === 'sandbox' ? QUICKBOOKS_API_BASE_URLS.sandbox : QUICKBOOKS_API_BASE_URLS.production);
	return { baseUrl, realmId: String(realmId), requestTimeoutMs: requestTimeoutMs(credentials.requestTimeoutSeconds) };
}

type HttpFailure =
	| { kind: 'answered'; status: number; body: unknown; headers: IDataObject }
	| { kind: 'transport'; reason: string }
	| { kind: 'timeout' }
	| { kind: 'reconnect'; reason: ReconnectReason };

function causes(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = error as Record<string, unknown> | undefined;
	while (current && typeof current === 'object' && !chain.includes(current) && chain.length < 10) {
		chain.push(current);
		current = current.cause as Record<string, unknown> | undefined;
	}
	return chain;
}

/**
 * Network failures in words. The codes themselves stay out of messages: n8n replaces any error message
 * that mentions one (ECONNRESET, ...) with a generic text, which would drop our advice and the item index.
 */
const TRANSPORT_REASONS: Readonly<Record<string, string>> = {
	ECONNRESET: 'the connection closed before QuickBooks answered',
	EPIPE: 'the connection closed before QuickBooks answered',
	UND_ERR_SOCKET: 'the connection closed before QuickBooks answered',
	ECONNREFUSED: 'the QuickBooks host refused the connection',
	ENOTFOUND: 'the QuickBooks host name could not be resolved',
	EAI_AGAIN: 'the QuickBooks host name could not be resolved',
};

/** What n8n's request helper threw, without keeping the error (its config holds the bearer token). */
function classifyThrown(error: unknown): HttpFailure {
	const chain = causes(error);
	for (const entry of chain) {
		const failure = entry.failure as { cause?: string } | undefined;
		const body = (entry.body ?? undefined) as Record<string, unknown> | undefined;
		// The token endpoint's answer to a refresh (RFC 6749 §5.2), as n8n's OAuth2 client hands it on.
		if (body && (body.error === 'invalid_grant' || body.error === 'invalid_client')) return { kind: 'reconnect', reason: body.error };
		if (failure?.cause === 'credential-invalid' || /needs to be reconnected/i.test(String(entry.message ?? ''))) {
			return { kind: 'reconnect', reason: 'invalid_grant' };
		}
	}
	for (const entry of chain) {
		const response = entry.response as { status?: number; data?: unknown; headers?: IDataObject } | undefined;
		if (response && typeof response.status === 'number') {
			return { kind: 'answered', status: response.status, body: response.data, headers: response.headers ?? {} };
		}
	}
	for (const entry of chain) {
		// axios' own timeout (ECONNABORTED "timeout of … exceeded"), or the socket's.
		if (entry.code === 'ETIMEDOUT' || (entry.code === 'ECONNABORTED' && /timeout/i.test(String(entry.message ?? '')))) return { kind: 'timeout' };
		if (typeof entry.code === 'string' && TRANSPORT_REASONS[entry.code]) return { kind: 'transport', reason: TRANSPORT_REASONS[entry.code] };
		if (/socket hang up|terminated/i.test(String(entry.message ?? ''))) return { kind: 'transport', reason: TRANSPORT_REASONS.ECONNRESET };
	}
	return { kind: 'transport', reason: 'the request failed before QuickBooks answered' };
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function isThrottle(status: number, error: QuickBooksError): boolean {
	return status === 429 || error.category === 'rate_limited';
}

export class QuickBooksHttp {
	/** Shared by every client of this company in the process. */
	readonly pacer: RealmPacer;

	constructor(
		private readonly context: QuickBooksContext,
		readonly connection: QuickBooksConnection,
		readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
	) {
		this.pacer = pacerFor(connection.baseUrl, connection.realmId);
	}

	get requestTimeoutMs(): number {
		return this.connection.requestTimeoutMs;
	}

	/** When a call (or a create with its look-ups) that starts now must be over. */
	deadlineFromNow(): number {
		return Date.now() + DEADLINE_IN_REQUEST_TIMEOUTS * this.requestTimeoutMs;
	}

	/** The pause before retry number `attempt + 1` of a call that got no answer. */
	async waitBeforeRetry(attempt: number): Promise<void> {
		await sleep(this.backoff(attempt, this.retryPolicy.baseDelayMs));
	}

	private options(request: QuickBooksRequest): IHttpRequestOptions {
		const qs: IDataObject = { ...(request.qs ?? {}), minorversion: MINOR_VERSION };
		if (request.requestId) qs.requestid = request.requestId;
		const headers: IDataObject = { Accept: request.binary ? 'application/pdf' : 'application/json', ...(request.headers ?? {}) };
		if (request.body !== undefined && !Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
			headers['Content-Type'] = 'application/json';
		}
		return {
			method: request.method,
			url: `${this.connection.baseUrl}/v3/company/${encodeURIComponent(this.connection.realmId)}/${request.path}`,
			qs,
			headers,
			body: request.body,
			json: !request.binary,
			...(request.binary ? { encoding: 'arraybuffer' as const } : {}),
			returnFullResponse: true,
			timeout: this.requestTimeoutMs,
			// Every status comes back as a response we parse, except 401: n8n must see it to refresh the token.
			ignoreHttpStatusErrors: { ignore: true, except: [401] },
		};
	}

	private backoff(attempt: number, firstDelayMs: number, retryAfter?: number): number {
		const wait = retryAfter ?? firstDelayMs * 2 ** attempt;
		return Math.min(wait, this.retryPolicy.maxDelayMs);
	}

	/** Sends the request, retrying what is safe to retry; resolves with a 2xx answer or throws a QuickBooksError. */
	async send<T = IDataObject>(request: QuickBooksRequest, options: SendOptions = {}): Promise<QuickBooksResponse<T>> {
		// A query sent by POST reads like a GET.
		const repeatable = request.method === 'GET' || request.requestId !== undefined || request.path === 'query';
		const retryInterrupted = options.retryInterrupted ?? repeatable;
		const deadline = this.deadlineFromNow();
		// A retry that would start after the deadline is not made: the call ends with the failure it has.
		const inTime = (waitMs: number) => Date.now() + waitMs < deadline;
		for (let attempt = 0; ; attempt += 1) {
			const canRetry = attempt < this.retryPolicy.maxRetries;
			let failure: HttpFailure;
			const ticket = await this.pacer.acquire(request.path === 'batch' ? 'batch' : 'request');
			try {
				// The request has its own timeout; a token refresh n8n makes inside the call has none, so the
				// whole call is bounded too (a refresh and the repeated request each get one timeout).
				const response = (await withDeadline(
					this.context.helpers.httpRequestWithAuthentication.call(this.context, QUICKBOOKS_CREDENTIAL_TYPE, this.options(request)),
					2 * this.requestTimeoutMs + 1000,
				)) as { body: unknown; statusCode: number; headers: IDataObject };
				failure = { kind: 'answered', status: response.statusCode, body: response.body, headers: response.headers ?? {} };
			} catch (error) {
				failure = classifyThrown(error);
			} finally {
				ticket.done();
			}

			if (failure.kind === 'reconnect') throw reconnectError(undefined, failure.reason);
			// No answer within the timeout: a server that slow is not asked again at once (Intuit ends
			// its own work at 120 s); a create looks its document up before it sends it again.
			if (failure.kind === 'timeout') throw timeoutError(this.requestTimeoutMs, `${request.method} ${request.path.split('/')[0]}`);
			if (failure.kind === 'transport') {
				if (retryInterrupted && canRetry && inTime(this.backoff(attempt, this.retryPolicy.baseDelayMs))) {
					await this.waitBeforeRetry(attempt);
					continue;
				}
				throw transportError(failure.reason);
			}

			const { status, body, headers } = failure;
			const intuitTid = headerValue(headers, 'intuit_tid');
			// A 200 can still carry a Fault (§5.1); a PDF body is a Buffer and carries none.
			const faults = status >= 200 && status < 300 && request.binary ? [] : parseFaults(body);
			if (status >= 200 && status < 300 && faults.length === 0) {
				return { body: body as T, statusCode: status, intuitTid, headers };
			}
			const error = faultToError(faults, status, intuitTid, `QuickBooks answered HTTP ${status}`);
			if (canRetry && isThrottle(status, error) && inTime(this.backoff(attempt, this.retryPolicy.throttleDelayMs, retryAfterMs(headers)))) {
				// Throttled despite the pacing (another worker or app shares the company): everyone here waits.
				const wait = this.backoff(attempt, this.retryPolicy.throttleDelayMs, retryAfterMs(headers));
				this.pacer.pause(Date.now() + wait);
				await sleep(wait);
				continue;
			}
			// A 5xx (a gateway's 502/504 above all) says nothing of whether QuickBooks committed a write: a
			// write that must not be resent blindly is handed back as a lost answer, to be looked up first.
			if (status >= 500 && !retryInterrupted) {
				throw new QuickBooksError(error.syncError, error.recovery, error.httpStatus, error.faults, true);
			}
			if (canRetry && status >= 500 && inTime(this.backoff(attempt, this.retryPolicy.baseDelayMs, retryAfterMs(headers)))) {
				await sleep(this.backoff(attempt, this.retryPolicy.baseDelayMs, retryAfterMs(headers)));
				continue;
			}
			throw error;
		}
	}
}
