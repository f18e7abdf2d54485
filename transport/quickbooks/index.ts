export { QuickBooksClient, combineConditions, type QuickBooksRecord, type QueryOptions, type CreateOptions, type UpdateOptions } from './client';
export { BATCH_LIMIT, type BatchOperation, type BatchItemResult } from './batch';
export { capabilitiesOf, ENTITY_CAPABILITIES, type QuickBooksEntity, type EntityCapabilities } from './entities';
export {
	QuickBooksError,
	isQuickBooksError,
	parseFaults,
	faultToError,
	reconnectError,
	validationError,
	type QuickBooksFault,
} from './errors';
export {
	DEFAULT_RETRY_POLICY,
	MINOR_VERSION,
	QUICKBOOKS_CREDENTIAL_TYPE,
	type QuickBooksContext,
	type QuickBooksRequest,
	type QuickBooksResponse,
	type RetryPolicy,
} from './http';
export {
	buildCount,
	buildSelect,
	parseWhereClause,
	quoteQueryString,
	QueryBuildError,
	MAX_RESULTS_LIMIT,
	type QueryCondition,
	type QueryOperator,
	type QueryValue,
} from './query';
export { deriveRequestId, isValidRequestId, REQUEST_ID_MAX_LENGTH } from './requestId';
export { matchesSentPayload } from './sameDocument';
export { pacerFor, QUICKBOOKS_LIMITS, RealmPacer, type PacingLimits, type PacingTicket } from './pacing';
