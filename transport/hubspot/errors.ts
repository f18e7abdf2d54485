import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { DEADLINE_CODE } from '../shared/deadline';
import { OBJECT_NOUNS, type HubSpotObjectType } from './objects';

/** What a call was doing, for messages: "The HubSpot invoice 456 was not found". */
export interface CallDescription {
	action: string;
	objectType?: HubSpotObjectType;
	id?: string;
}

/** The parts of a failed call the transport looks at; secrets never get in here. */
export interface HubSpotFailure {
	status?: number;
	body?: unknown;
	headers: Record<string, string>;
	/** Network errors: ECONNREFUSED, ECONNRESET, ... */
	networkCode?: string;
	networkMessage?: string;
}

/** Reads an @hubspot/api-client ApiException (code, body, headers) or a node-fetch network error. */
export function failureOf(error: unknown): HubSpotFailure {
	const candidate = error as { code?: unknown; body?: unknown; headers?: unknown; type?: unknown; errno?: unknown; message?: unknown };
	if (typeof candidate?.code === 'number') {
		let body = candidate.body;
		if (typeof body === 'string') {
			try {
				body = JSON.parse(body);
			} catch {
				// keep the text
			}
		}
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries((candidate.headers as Record<string, unknown>) ?? {})) headers[name.toLowerCase()] = String(value);
		return { status: candidate.code, body, headers };
	}
	const code = typeof candidate?.code === 'string' ? candidate.code : typeof candidate?.errno === 'string' ? candidate.errno : 'NETWORK_ERROR';
	return { headers: {}, networkCode: code, networkMessage: typeof candidate?.message === 'string' ? candidate.message : String(error) };
}

export function bodyField(failure: HubSpotFailure, field: string): string | undefined {
	const body = failure.body as Record<string, unknown> | undefined;
	const value = body && typeof body === 'object' ? body[field] : undefined;
	return typeof value === 'string' ? value : undefined;
}

/** The code of a call that got no answer within the request timeout (client.ts). */
export const TIMEOUT_CODE = DEADLINE_CODE;

/** Timeouts are not among them: a call HubSpot left unanswered for the whole timeout is not asked again at once. */
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export type RetryDecision = { retry: true; waitMs: number; pause?: boolean } | { retry: false };

/**
 * hubspot.md §5.2: TEN_SECONDLY_ROLLING waits the window (the Interval-Milliseconds header, else 10 s),
 * SECONDLY waits a second, DAILY does not retry; 423 Locked waits at least 2 s; 5xx and resets back off.
 */
export function retryDecision(failure: HubSpotFailure, attempt: number): RetryDecision {
	const { status } = failure;
	if (status === 429) {
		const policy = bodyField(failure, 'policyName');
		if (policy === 'DAILY' || attempt >= 6) return { retry: false };
		const retryAfterSeconds = Number(failure.headers['retry-after']);
		if (Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) return { retry: true, waitMs: retryAfterSeconds * 1000, pause: true };
		if (policy === 'SECONDLY' || /secondly limit/i.test(bodyField(failure, 'message') ?? '')) return { retry: true, waitMs: 1000, pause: true };
		const interval = Number(failure.headers['x-hubspot-ratelimit-interval-milliseconds']);
		return { retry: true, waitMs: Number.isFinite(interval) && interval > 0 ? interval : 10_000, pause: true };
	}
	if (status === 423) return attempt < 4 ? { retry: true, waitMs: 2000 * attempt } : { retry: false };
	if (status !== undefined && (status >= 500 || status === 408)) {
		return attempt < 4 ? { retry: true, waitMs: 500 * 2 ** (attempt - 1) } : { retry: false };
	}
	if (status === undefined && failure.networkCode && RETRYABLE_NETWORK_CODES.has(failure.networkCode)) {
		return attempt < 3 ? { retry: true, waitMs: 500 * attempt } : { retry: false };
	}
	return { retry: false };
}

function what(call: CallDescription): string {
	const noun = call.objectType ? OBJECT_NOUNS[call.objectType] : 'record';
	return call.id !== undefined ? `${noun} ${call.id}` : noun;
}

/** HubSpot's own words, with the per-field errors when it lists them. */
function hubSpotMessage(failure: HubSpotFailure): string | undefined {
	const message = bodyField(failure, 'message');
	const errors = (failure.body as { errors?: Array<{ message?: string }> } | undefined)?.errors;
	const details = Array.isArray(errors) ? errors.map((error) => error?.message).filter(Boolean) : [];
	if (details.length > 0 && !(message ?? '').includes(details[0] as string)) return `${message ?? 'Request rejected'} (${details.join('; ')})`;
	return message;
}

/**
 * Turns a failed HubSpot call into an error a person can act on. The response body is kept (it holds
 * HubSpot's category and correlationId); request headers, and so the token, never are.
 */
export function toNodeApiError(
	node: INode,
	failure: HubSpotFailure,
	call: CallDescription,
	attempts: number,
	basePath: string,
	timeoutMs?: number,
): NodeApiError {
	const status = failure.status;
	const response: JsonObject = {
		message: hubSpotMessage(failure) ?? failure.networkMessage ?? 'HubSpot request failed',
		...(status !== undefined ? { httpCode: String(status) } : {}),
		...(failure.body && typeof failure.body === 'object' ? { body: failure.body as JsonObject } : {}),
		...(failure.headers['x-hubspot-correlation-id'] ? { correlationId: failure.headers['x-hubspot-correlation-id'] } : {}),
	};
	const httpCode = status !== undefined ? String(status) : undefined;
	const hubspot = hubSpotMessage(failure);

	if (status === 401) {
		return new NodeApiError(node, response, {
			httpCode,
			message: 'The HubSpot access token was rejected: reconnect the HubSpot credential',
			description: 'HubSpot answered 401 (the token is wrong, expired or revoked). Create a new Service Key or private-app access token in HubSpot and paste it into the HubSpot Commerce API credential.',
			failure: { cause: 'credential-invalid' },
		});
	}
	if (status === 403) {
		return new NodeApiError(node, response, {
			httpCode,
			message: `The HubSpot access token may not ${call.action}: add the missing scope to the app and reconnect the HubSpot credential`,
			description: hubspot ?? 'HubSpot answered 403 (missing scopes). The credential needs crm.objects.invoices.read/write, crm.objects.commercepayments.read and crm.schemas.invoices.write among others.',
			failure: { cause: 'credential-invalid' },
		});
	}
	if (status === 404) {
		return new NodeApiError(node, response, {
			httpCode,
			message: `The HubSpot ${what(call)} was not found`,
			description: `Check the ID: the ${call.objectType ? OBJECT_NOUNS[call.objectType] : 'record'} may have been deleted, or may belong to another HubSpot account than the credential's.`,
			failure: { cause: 'configuration-invalid' },
		});
	}
	if (status === 429) {
		const policy = bodyField(failure, 'policyName');
		if (policy === 'DAILY') {
			return new NodeApiError(node, response, {
				httpCode,
				message: "HubSpot's daily API limit for this account is used up",
				description: 'Every app of the HubSpot account shares the daily limit; it resets at midnight in the account\'s time zone. Run again tomorrow, or buy the API limit increase.',
				failure: { cause: 'quota-exhausted' },
			});
		}
		return new NodeApiError(node, response, {
			httpCode,
			message: `HubSpot kept rate-limiting the request (${policy ?? 'rate limit'}) after ${attempts} attempts`,
			description: 'Other apps may be using the same HubSpot limits. Lower "Requests per 10 Seconds" or run again later.',
			failure: { cause: 'rate-limited', retryAfterMs: 10_000 },
		});
	}
	if (status !== undefined && (status >= 500 || status === 423 || status === 408)) {
		return new NodeApiError(node, response, {
			httpCode,
			message: `HubSpot is temporarily unavailable (HTTP ${status}) while trying to ${call.action}, after ${attempts} attempts${hubspot ? ` ("${hubspot}")` : ''}`,
			description: 'HubSpot is having a temporary outage or is overloaded: run the workflow again in a few minutes (status.hubspot.com shows incidents). What succeeded before is not repeated.',
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	if (status === undefined && failure.networkCode === TIMEOUT_CODE) {
		const error = new NodeApiError(node, response, {
			message: `HubSpot did not answer within ${timeoutMs === undefined ? 'the request timeout' : `${timeoutMs / 1000} s`} while trying to ${call.action}`,
			description:
				'HubSpot may be slow or down right now: run the workflow again later (status.hubspot.com shows incidents). A longer "Request Timeout" in the HubSpot credential waits longer.',
			failure: { cause: 'temporarily-unavailable' },
		});
		error.context.timedOut = true;
		return error;
	}
	if (status === undefined) {
		return new NodeApiError(node, response, {
			message: `Could not reach HubSpot at ${basePath} to ${call.action} (${failure.networkCode})`,
			description: 'Check the network, and the API base URL of the HubSpot credential if it uses a custom one.',
			failure: { cause: 'temporarily-unavailable' },
		});
	}
	if (status === 409) {
		return new NodeApiError(node, response, {
			httpCode,
			message: `HubSpot refused to ${call.action}: ${hubspot ?? 'it already exists'}`,
			failure: { cause: 'configuration-invalid' },
		});
	}
	return new NodeApiError(node, response, {
		httpCode,
		message: `HubSpot rejected the request to ${call.action}: ${hubspot ?? `HTTP ${status}`}`,
		description: 'Check the property names and values in the node: HubSpot refuses unknown properties and values that do not fit the property type.',
		failure: { cause: 'configuration-invalid' },
	});
}

/** "The HubSpot invoice 123 was not found", for ids a batch read did not return. */
export function notFoundError(node: INode, objectType: HubSpotObjectType, id: string, basePath: string): NodeApiError {
	return toNodeApiError(node, { status: 404, headers: {}, body: { message: `${OBJECT_NOUNS[objectType]} ${id} not found` } }, { action: `read the ${OBJECT_NOUNS[objectType]} ${id}`, objectType, id }, 1, basePath);
}

/** Whether a HubSpot call ended because HubSpot did not answer in time (for the `timeout` category). */
export function isHubSpotTimeout(error: unknown): boolean {
	return error instanceof NodeApiError && error.context?.timedOut === true;
}
