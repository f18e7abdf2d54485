/**
 * QuickBooks faults, read from every shape QBO answers with (quickbooks.md §5): the service's
 * capitalised `Fault.Error[]`, the gateway's lowercase `fault.error[]` (401/403/429/5xx, with codes
 * hidden in "message=...; errorCode=003200; statusCode=401"), the occasional XML `<Fault>`, and the
 * OAuth endpoint's `{error:'invalid_grant'}`. Each becomes a QuickBooksError carrying the sync core's
 * category (core/errors.ts) plus QBO's code, message and intuit_tid. Tokens never reach these objects.
 */
import {
	categorizeQuickBooksFault,
	DEFAULT_HOW_TO_FIX,
	type FaultRecovery,
	type SyncError,
	type SyncErrorCategory,
} from '../../core/errors';

export interface QuickBooksFault {
	code?: string;
	message: string;
	detail?: string;
	element?: string;
	/** ValidationFault, SystemFault, AuthenticationFault, AUTHENTICATION, SERVICE, ... */
	type?: string;
}

export class QuickBooksError extends Error {
	readonly syncError: SyncError;
	readonly recovery: FaultRecovery;
	readonly httpStatus?: number;
	readonly faults: QuickBooksFault[];
	/** No answer came back (connection reset, timeout): a write may or may not have been committed. */
	readonly interrupted: boolean;

	constructor(syncError: SyncError, recovery: FaultRecovery, httpStatus?: number, faults: QuickBooksFault[] = [], interrupted = false) {
		super(syncError.message);
		this.name = 'QuickBooksError';
		this.syncError = syncError;
		this.recovery = recovery;
		this.httpStatus = httpStatus;
		this.faults = faults;
		this.interrupted = interrupted;
	}

	get category(): SyncErrorCategory {
		return this.syncError.category;
	}

	get code(): string | undefined {
		return this.syncError.qbo?.code;
	}

	get intuitTid(): string | undefined {
		return this.syncError.qbo?.intuitTid;
	}

	get howToFix(): string {
		return this.syncError.howToFix;
	}
}

export function isQuickBooksError(value: unknown): value is QuickBooksError {
	return value instanceof QuickBooksError;
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const result = String(value).trim();
	return result === '' ? undefined : result;
}

/** "message=AuthenticationFailed; errorCode=003200; statusCode=401" → { message, errorCode }. */
function readGatewayMessage(message: string): { message: string; code?: string } {
	const parts = Object.fromEntries(
		message
			.split(';')
			.map((part) => part.trim().split('='))
			.filter((pair) => pair.length === 2)
			.map(([key, value]) => [key.trim(), value.trim()]),
	);
	if (!parts.message && !parts.errorCode) return { message };
	return { message: parts.message ?? message, code: parts.errorCode };
}

function faultsFromErrors(errors: unknown, type: string | undefined, lowercase: boolean): QuickBooksFault[] {
	const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
	return list.map((raw: Record<string, unknown>) => {
		const rawMessage = text(lowercase ? raw.message : raw.Message) ?? text(raw.Message ?? raw.message) ?? 'Unknown QuickBooks error';
		const gateway = readGatewayMessage(rawMessage);
		const fault: QuickBooksFault = {
			code: text(raw.code) ?? gateway.code,
			message: gateway.message,
			detail: text(lowercase ? raw.detail : raw.Detail) ?? text(raw.Detail ?? raw.detail),
			element: text(raw.element),
			type,
		};
		return fault;
	});
}

function faultsFromXml(xml: string): QuickBooksFault[] {
	const type = /<Fault[^>]*type="([^"]+)"/.exec(xml)?.[1];
	const faults: QuickBooksFault[] = [];
	for (const match of xml.matchAll(/<Error[^>]*code="([^"]*)"[^>]*>([\s\S]*?)<\/Error>/g)) {
		const body = match[2];
		faults.push({
			code: match[1],
			message: /<Message>([\s\S]*?)<\/Message>/.exec(body)?.[1] ?? 'Unknown QuickBooks error',
			detail: /<Detail>([\s\S]*?)<\/Detail>/.exec(body)?.[1],
			type,
		});
	}
	return faults;
}

/** Reads the faults out of a response body (object, JSON text, Buffer or XML); [] when there are none. */
export function parseFaults(body: unknown): QuickBooksFault[] {
	if (Buffer.isBuffer(body)) return parseFaults(body.toString('utf8'));
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (trimmed.startsWith('{')) {
			try {
				return parseFaults(JSON.parse(trimmed));
			} catch {
				return [];
			}
		}
		return trimmed.startsWith('<') ? faultsFromXml(trimmed) : [];
	}
	if (!body || typeof body !== 'object') return [];
	const record = body as Record<string, unknown>;
	if (record.Fault && typeof record.Fault === 'object') {
		const fault = record.Fault as Record<string, unknown>;
		return faultsFromErrors(fault.Error, text(fault.type), false);
	}
	if (record.fault && typeof record.fault === 'object') {
		const fault = record.fault as Record<string, unknown>;
		return faultsFromErrors(fault.error, text(fault.type), true);
	}
	if (typeof record.error === 'string') {
		return [{ code: record.error, message: text(record.error_description) ?? record.error, type: 'OAUTH' }];
	}
	return [];
}

/** The fault that decides the category: the first one, as QBO lists the cause first. */
export function faultToError(
	faults: QuickBooksFault[],
	httpStatus: number | undefined,
	intuitTid: string | undefined,
	fallbackMessage = 'QuickBooks answered with an error',
): QuickBooksError {
	const [first] = faults;
	if (first?.code === 'invalid_grant' || first?.code === 'invalid_client') return reconnectError(intuitTid, first.code);
	const categorized = categorizeQuickBooksFault(first?.code, first?.message ?? fallbackMessage, {
		detail: first?.detail,
		element: first?.element,
		intuitTid,
		httpStatus,
	});
	return new QuickBooksError(categorized.error, categorized.recovery, httpStatus, faults);
}

/** Why QuickBooks' token endpoint refused to refresh the access token. */
export type ReconnectReason = 'invalid_grant' | 'invalid_client';

const RECONNECT_ADVICE: Readonly<Record<ReconnectReason, { message: string; howToFix: string }>> = {
	invalid_grant: {
		message: 'QuickBooks refused to refresh the access token (invalid_grant)',
		howToFix: 'Reconnect the QuickBooks credential: open it in n8n and sign in to QuickBooks again (an admin of the company must approve).',
	},
	invalid_client: {
		message: 'QuickBooks refused the app\'s Client ID or Client Secret when refreshing the access token (invalid_client)',
		howToFix:
			'Check the Client ID and Client Secret of the QuickBooks credential against the keys of your app on developer.intuit.com (Production and Development keys differ), save the credential and reconnect it.',
	},
};

/** A revoked or expired refresh token, or app keys QuickBooks does not accept: nothing to retry, a person must act. */
export function reconnectError(intuitTid?: string, reason: ReconnectReason = 'invalid_grant'): QuickBooksError {
	const { message, howToFix } = RECONNECT_ADVICE[reason];
	const syncError: SyncError = {
		category: 'auth_reconnect',
		message,
		howToFix,
		qbo: { code: reason, message: reason, ...(intuitTid ? { intuitTid } : {}) },
	};
	return new QuickBooksError(syncError, 'fix-and-rerun', 400);
}

/** A failure before QuickBooks answered (connection reset, refused, unknown host), after the retries ran out. */
export function transportError(reason: string): QuickBooksError {
	const syncError: SyncError = {
		category: 'unknown',
		message: `Could not reach QuickBooks: ${reason}`,
		howToFix: 'Check that this n8n instance can reach QuickBooks (network, proxy, the API Base URL of the credential if it uses a custom one), then run the item again; nothing is written twice.',
	};
	return new QuickBooksError(syncError, 'retry-once', undefined, [], true);
}

/**
 * No answer within the request timeout. A write may still have been committed, so it counts as
 * interrupted: a create looks its document up before sending it again.
 */
export function timeoutError(timeoutMs: number, what: string): QuickBooksError {
	const syncError: SyncError = {
		category: 'timeout',
		message: `QuickBooks did not answer within ${formatSeconds(timeoutMs)} (${what})`,
		howToFix:
			'QuickBooks may be slow or down right now: run the item again later; nothing is written twice (a document whose answer was lost is looked up before it is sent again).',
		details: { timeoutMs },
	};
	return new QuickBooksError(syncError, 'retry-once', undefined, [], true);
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

/** A request the client refused to send (e.g. a query QBO cannot run). */
export function validationError(message: string, howToFix: string = DEFAULT_HOW_TO_FIX.validation): QuickBooksError {
	return new QuickBooksError({ category: 'validation', message, howToFix }, 'fix-and-rerun');
}
