import { randomUUID } from 'node:crypto';
import type { SimResponse } from '../common/server';

/**
 * HubSpot's error bodies. hubspot.md §5.2: "Error body shape: status, message, errors[] {message, code, context},
 * category (e.g. VALIDATION_ERROR), correlationId".
 */
export interface HubSpotErrorBody {
	status: 'error';
	message: string;
	correlationId: string;
	category?: string;
	subCategory?: string;
	errors?: Array<{ message: string; code?: string; context?: Record<string, string[]> }>;
	context?: Record<string, string[]>;
	[extra: string]: unknown;
}

/** Thrown inside handlers and store operations; the router turns it into the HTTP answer. */
export class HubSpotApiError extends Error {
	constructor(
		readonly status: number,
		readonly body: HubSpotErrorBody,
		readonly headers: Record<string, string> = {},
	) {
		super(body.message);
	}

	toResponse(): SimResponse {
		return { status: this.status, body: this.body, headers: this.headers };
	}
}

export function errorBody(category: string, message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotErrorBody {
	return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function validationError(message: string, extra: Partial<HubSpotErrorBody> = {}): HubSpotApiError {
	return new HubSpotApiError(400, errorBody('VALIDATION_ERROR', message, extra));
}

export function notFound(message: string, context?: Record<string, string[]>): HubSpotApiError {
	return new HubSpotApiError(404, errorBody('OBJECT_NOT_FOUND', message, context ? { context } : {}));
}

/** One rejected property value, as HubSpot lists them inside "Property values were not valid". */
export interface PropertyValueProblem {
	name: string;
	/** PROPERTY_DOESNT_EXIST, READ_ONLY_VALUE, INVALID_OPTION, INVALID_DECIMAL, INVALID_DATE, INVALID_BOOLEAN, REQUIRED_PROPERTY, ... */
	code: string;
	message: string;
}

/**
 * 400 VALIDATION_ERROR "Property values were not valid: [...]". The message embeds the per-property results as
 * HubSpot does; `errors[]` carries them in the documented {message, code, context} shape (hubspot.md §5.2).
 */
export function propertyValuesError(problems: PropertyValueProblem[]): HubSpotApiError {
	const embedded = problems.map((problem) => ({
		isValid: false,
		message: problem.message,
		error: problem.code,
		name: problem.name,
		localizedErrorMessage: problem.message,
	}));
	return validationError(`Property values were not valid: ${JSON.stringify(embedded)}`, {
		errors: problems.map((problem) => ({
			message: problem.message,
			code: problem.code,
			context: { propertyName: [problem.name] },
		})),
	});
}

/** hubspot.md §7.2/§7.3 and the SDK's ApiException: 401 body when the bearer token is missing or wrong. */
export function authenticationError(): HubSpotApiError {
	return new HubSpotApiError(
		401,
		errorBody(
			'INVALID_AUTHENTICATION',
			'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
		),
	);
}
