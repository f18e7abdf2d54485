/**
 * The QuickBooks Online client every operation uses, created per execution from n8n's context.
 * It owns what QBO needs around each call (quickbooks.md): a requestid on every write, creates that
 * never duplicate (replay, then a look-up after a lost answer or a 600 / 6140), the SyncToken dance
 * with one re-read on a stale object (5010), paging that keeps the caller's WHERE, and batches of 30.
 */
import { randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { capabilitiesOf, type QuickBooksEntity } from './entities';
import type { SyncError } from '../../core/errors';
import { QuickBooksError, validationError } from './errors';
import {
	DEFAULT_RETRY_POLICY,
	QuickBooksHttp,
	readConnection,
	type QuickBooksContext,
	type QuickBooksRequest,
	type QuickBooksResponse,
	type RetryPolicy,
	type SendOptions,
} from './http';
import {
	buildCount,
	buildSelect,
	DEFAULT_MAX_RESULTS,
	MAX_RESULTS_LIMIT,
	parseWhereClause,
	type QueryCondition,
	type SelectOptions,
} from './query';
import { deriveRequestId, isValidRequestId } from './requestId';
import { matchesSentPayload } from './sameDocument';
import { runBatch, type BatchItemResult, type BatchOperation } from './batch';

/** A QuickBooks record as JSON; every entity has these two once saved. */
export interface QuickBooksRecord extends IDataObject {
	Id: string;
	SyncToken: string;
}

export interface QueryOptions {
	/** Conditions, or a WHERE clause a user typed (checked and re-escaped before sending). */
	where?: readonly QueryCondition[] | string;
	orderBy?: SelectOptions['orderBy'];
	/** Stop after this many records; all records when omitted. */
	limit?: number;
	/** Records per request, at most 1000. */
	pageSize?: number;
}

export interface CreateOptions<T> {
	/** Overrides the id derived from the payload (same id ⇒ QBO replays the first answer). */
	requestId?: string;
	/** Extra `include=` switches, e.g. 'allowduplicatedocnum'. */
	include?: string;
	/**
	 * How to find the document when it may already exist: after a create that got no answer, or when
	 * QBO answers 600 "Duplicate Request ID" / 6140 / 6240. Defaults to `findSameDocument`, a query for
	 * a record holding exactly what was sent.
	 */
	findExisting?: () => Promise<T | undefined>;
}

export interface UpdateOptions {
	/** The record as last read; saves a GET. A stale one costs one re-read (5010). */
	current?: QuickBooksRecord;
}

function responseRecord<T>(entity: QuickBooksEntity, body: IDataObject): T {
	const record = body[entity];
	if (!record || typeof record !== 'object') {
		throw validationError(`QuickBooks answered without a ${entity}`, 'Run the item again; if it persists, check the QuickBooks status page.');
	}
	return record as T;
}

/** Answers to a create that can mean "this very document is already there". */
const ALREADY_EXISTS: ReadonlySet<string> = new Set(['duplicate_request', 'duplicate_document_number', 'duplicate_display_name']);

/**
 * QBO answers a repeated requestid with its first answer, faults included (quickbooks.md §4.1: "the
 * same response"). So a fault to a write may be the answer an earlier run got, before the user fixed
 * its cause (reactivated a customer, renamed a vendor). A fault means nothing was written, so asking
 * once more under a requestid of this run cannot duplicate anything. Not for faults the client
 * already handles: a stale SyncToken, throttling, authentication, or 600 (done).
 */
function mayBeReplayedFault(error: unknown): boolean {
	if (!(error instanceof QuickBooksError) || error.interrupted || error.httpStatus === undefined) return false;
	if (error.httpStatus < 400 || error.httpStatus >= 500 || [401, 403, 429].includes(error.httpStatus)) return false;
	return !['stale', 'duplicate_request', 'rate_limited', 'auth_reconnect'].includes(error.category);
}

/** An id to put in a path, refused when empty: `GET /invoice/` would only come back as a bare 404. */
function requiredId(entity: QuickBooksEntity, id: string): string {
	const text = String(id ?? '').trim();
	if (text === '') throw validationError(`The ${entity} ID is empty`, `Enter the QuickBooks ID of the ${entity} (or map it from an earlier node).`);
	return text;
}

/**
 * A read by id that QuickBooks answers "not found" (610 / 2500 / 404) concerns that very record: say so
 * in its words, whatever the id looks like (QuickBooks echoes the id, and an id may contain "customer").
 */
function missingRecordError(entity: QuickBooksEntity, id: string, error: unknown): unknown {
	if (!(error instanceof QuickBooksError) || !['not_found', 'customer_not_found', 'item_not_found'].includes(error.category)) return error;
	const syncError: SyncError = {
		...error.syncError,
		category: 'not_found',
		message: `QuickBooks has no ${entity} with ID ${id} (${error.syncError.message})`,
		howToFix: `Check the ${entity} ID: it may be mistyped, deleted, or belong to another QuickBooks company than the credential's.`,
	};
	return new QuickBooksError(syncError, error.recovery, error.httpStatus, error.faults, error.interrupted);
}

function isStale(error: unknown): boolean {
	return error instanceof QuickBooksError && error.category === 'stale';
}

function toQueryConditions(entity: QuickBooksEntity, where: QueryOptions['where']): readonly QueryCondition[] | undefined {
	return typeof where === 'string' ? combineConditions(entity, [], where) : where;
}

/**
 * Conditions built from a form plus a WHERE clause a user typed, joined with AND. The clause is
 * parsed and checked against what QBO can filter, so it is re-escaped rather than pasted.
 */
export function combineConditions(entity: QuickBooksEntity, conditions: readonly QueryCondition[], clause?: string): QueryCondition[] {
	const typed = clause && clause.trim() !== '' ? parseWhereClause(entity, clause) : [];
	return [...conditions, ...typed];
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs a step and hands back its failure as a value, for the steps that recover from some failures. */
async function settle<T>(step: () => Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await step() };
	} catch (error) {
		return { ok: false, error };
	}
}

export class QuickBooksClient {
	private preferencesRead?: Promise<IDataObject>;
	/** Tells this run's re-asks apart from earlier runs' (see mayBeReplayedFault). */
	private readonly runKey = randomUUID();
	/** The newest `time` on a query answer (epoch ms): QuickBooks' own clock, never a replay (queries carry no requestid). */
	private queriedAt?: number;

	private constructor(private readonly http: QuickBooksHttp) {}

	/** One client per execution (or list search): reads the company and host from the credential. */
	static async connect(context: QuickBooksContext, retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<QuickBooksClient> {
		return new QuickBooksClient(new QuickBooksHttp(context, await readConnection(context), retryPolicy));
	}

	get realmId(): string {
		return this.http.connection.realmId;
	}

	/** Any call not covered below (reports, CDC); minorversion and retries included. */
	async request<T = IDataObject>(request: QuickBooksRequest): Promise<QuickBooksResponse<T>> {
		return await this.http.send<T>(request);
	}

	async get<T = QuickBooksRecord>(entity: QuickBooksEntity, id: string): Promise<T> {
		const wanted = requiredId(entity, id);
		const read = await settle(async () => await this.http.send({ method: 'GET', path: `${capabilitiesOf(entity).path}/${encodeURIComponent(wanted)}` }));
		if (read.ok) return responseRecord<T>(entity, read.value.body);
		throw missingRecordError(entity, wanted, read.error);
	}

	/** One page: STARTPOSITION is 1-based, MAXRESULTS at most 1000. */
	async queryPage<T = QuickBooksRecord>(
		entity: QuickBooksEntity,
		options: Omit<QueryOptions, 'limit'> & { startPosition?: number; maxResults?: number } = {},
	): Promise<T[]> {
		const query = buildSelect(entity, {
			where: toQueryConditions(entity, options.where),
			orderBy: options.orderBy,
			startPosition: options.startPosition ?? 1,
			maxResults: options.maxResults ?? DEFAULT_MAX_RESULTS,
		});
		const body = await this.runQuery(query);
		const response = (body.QueryResponse ?? {}) as IDataObject;
		return (response[entity] as T[] | undefined) ?? [];
	}

	/**
	 * All records matching the query, page by page with the same WHERE, until a short page
	 * (no COUNT first: a count that ignores the filter is how n8n's built-in node miscounted).
	 */
	async query<T = QuickBooksRecord>(entity: QuickBooksEntity, options: QueryOptions = {}): Promise<T[]> {
		const where = toQueryConditions(entity, options.where);
		const pageSize = Math.min(options.pageSize ?? MAX_RESULTS_LIMIT, MAX_RESULTS_LIMIT);
		const records: T[] = [];
		for (let startPosition = 1; ; startPosition += pageSize) {
			const wanted = options.limit === undefined ? pageSize : Math.min(pageSize, options.limit - records.length);
			if (wanted <= 0) break;
			const page = await this.queryPage<T>(entity, { where, orderBy: options.orderBy, startPosition, maxResults: wanted });
			records.push(...page);
			if (page.length < wanted) break;
		}
		return records;
	}

	async findOne<T = QuickBooksRecord>(entity: QuickBooksEntity, where: readonly QueryCondition[] | string): Promise<T | undefined> {
		const [first] = await this.queryPage<T>(entity, { where, maxResults: 1 });
		return first;
	}

	async count(entity: QuickBooksEntity, where?: readonly QueryCondition[] | string): Promise<number> {
		const query = buildCount(entity, toQueryConditions(entity, where));
		const body = await this.runQuery(query);
		return Number((body.QueryResponse as IDataObject | undefined)?.totalCount ?? 0);
	}

	/**
	 * A query in the URL (`GET ?query=`), or, when its encoded size would make the request line too long
	 * for servers on the way (8 KB is common), as the body of a POST with Content-Type application/text,
	 * the form Intuit documents for long queries (quickbooks.md §1.3).
	 */
	private async runQuery(query: string): Promise<IDataObject> {
		const long = encodeURIComponent(query).length > MAX_QUERY_URL_BYTES;
		const { body } = await this.http.send(
			long ? { method: 'POST', path: 'query', body: query, headers: { 'Content-Type': 'application/text' } } : { method: 'GET', path: 'query', qs: { query } },
		);
		const answeredAt = Date.parse(String(body.time ?? ''));
		if (Number.isFinite(answeredAt)) this.queriedAt = Math.max(this.queriedAt ?? answeredAt, answeredAt);
		return body;
	}

	/**
	 * QuickBooks' time at its latest answer to a query (epoch ms), undefined before any. A create answered
	 * with a record made before it may be a replay of an earlier request (quickbooks.md §4.1).
	 */
	lastQueryTime(): number | undefined {
		return this.queriedAt;
	}

	/** The company's Preferences (currency, sales-form settings), read once per client. */
	async preferences(): Promise<IDataObject> {
		const read = this.preferencesRead ?? this.queryPage<IDataObject>('Preferences', { maxResults: 1 }).then(([preferences]) => preferences ?? {});
		this.preferencesRead = read;
		const result = await settle(async () => await read);
		if (result.ok) return result.value;
		this.preferencesRead = undefined; // a failed read is not remembered
		throw result.error;
	}

	/** A POST to /{entity} with its requestid (derived from what is written unless given). */
	private async post(
		entity: QuickBooksEntity,
		body: IDataObject,
		qs: IDataObject,
		requestId: string,
		sendOptions?: SendOptions,
	): Promise<IDataObject> {
		if (!isValidRequestId(requestId)) {
			throw validationError(
				`"${requestId}" is not a valid QuickBooks request ID`,
				'Use at most 50 letters, digits, dashes, dots, colons or underscores, or leave the Request ID empty.',
			);
		}
		const { body: answer } = await this.http.send({ method: 'POST', path: capabilitiesOf(entity).path, qs, body, requestId }, sendOptions);
		return answer;
	}

	private derivedRequestId(entity: QuickBooksEntity, qs: IDataObject, body: IDataObject): string {
		return deriveRequestId(String(qs.operation ?? 'create'), entity, qs.include ?? null, body);
	}

	/** The id under which this run asks again after a fault that may be replayed. */
	private rerunRequestId(requestId: string): string {
		return deriveRequestId('rerun', requestId, this.runKey);
	}

	/** An update, void or delete: keyed by Id and SyncToken, so re-asking after a fault is always safe. */
	private async write(entity: QuickBooksEntity, body: IDataObject, qs: IDataObject): Promise<IDataObject> {
		const requestId = this.derivedRequestId(entity, qs, body);
		const first = await settle(async () => await this.post(entity, body, qs, requestId));
		if (first.ok) return first.value;
		if (!mayBeReplayedFault(first.error)) throw first.error;
		return await this.post(entity, body, qs, this.rerunRequestId(requestId));
	}

	/**
	 * Creates a document once, in three layers (DESIGN.md "Idempotency"):
	 * - the requestid, derived from the payload, makes a repeated create replay the first answer;
	 * - when a create got no answer (connection reset after QBO committed it), the document is looked
	 *   up before it is sent again;
	 * - when QBO says it is already done (600 "Duplicate Request ID") or that its number or name is taken
	 *   (6140 / 6240), a record holding exactly what was sent is that document.
	 * A fault that may be an earlier run's replayed answer is asked once more under this run's id, after
	 * the same look-up (an earlier run's re-ask may have created the document and lost the answer).
	 */
	async create<T = QuickBooksRecord>(entity: QuickBooksEntity, payload: IDataObject, options: CreateOptions<T> = {}): Promise<T> {
		const qs: IDataObject = options.include ? { include: options.include } : {};
		let requestId = options.requestId ?? this.derivedRequestId(entity, qs, payload);
		const findExisting = options.findExisting ?? (async () => await this.findSameDocument<T>(entity, payload));
		let interrupted = false;
		let askedAgain = false;
		// Look-ups and resends after lost answers end by this time: a company that stopped answering does not hold the run.
		const deadline = this.http.deadlineFromNow();
		for (let attempt = 0; ; attempt += 1) {
			if (interrupted) {
				const existing = await findExisting();
				if (existing !== undefined) return existing;
			}
			const sent = await settle(async () => await this.post(entity, payload, qs, requestId, { retryInterrupted: false }));
			if (sent.ok) return responseRecord<T>(entity, sent.value);
			const { error } = sent;
			if (error instanceof QuickBooksError && error.interrupted && attempt < this.http.retryPolicy.maxRetries && Date.now() < deadline) {
				interrupted = true;
				await this.http.waitBeforeRetry(attempt);
				continue;
			}
			const askAgain = !askedAgain && mayBeReplayedFault(error);
			if (askAgain || (error instanceof QuickBooksError && ALREADY_EXISTS.has(error.category))) {
				const existing = await findExisting();
				if (existing !== undefined) return existing;
			}
			if (!askAgain) throw error;
			askedAgain = true;
			requestId = this.rerunRequestId(requestId);
		}
	}

	/** The newest record holding everything `payload` sent (narrowed by DocNumber, date and customer when given). */
	async findSameDocument<T = QuickBooksRecord>(entity: QuickBooksEntity, payload: IDataObject): Promise<T | undefined> {
		const where: QueryCondition[] = [];
		const narrowBy = (field: string, value: unknown) => {
			if (typeof value === 'string' && value !== '') where.push({ field, operator: '=', value });
		};
		if (capabilitiesOf(entity).docNumber) narrowBy('DocNumber', payload.DocNumber);
		if (['Invoice', 'Payment', 'Purchase', 'SalesReceipt', 'CreditMemo', 'RefundReceipt'].includes(entity)) narrowBy('TxnDate', payload.TxnDate);
		if (['Invoice', 'Payment', 'CreditMemo', 'RefundReceipt'].includes(entity)) {
			narrowBy('CustomerRef', (payload.CustomerRef as IDataObject | undefined)?.value);
		}
		if (entity === 'Purchase') narrowBy('PaymentType', payload.PaymentType);
		if (entity === 'Customer' || entity === 'Vendor') narrowBy('DisplayName', payload.DisplayName);
		if (entity === 'Item') narrowBy('Name', payload.Name);
		const candidates = await this.queryPage<IDataObject>(entity, {
			where,
			orderBy: { field: 'MetaData.CreateTime', direction: 'DESC' },
			maxResults: MAX_RESULTS_LIMIT,
		});
		return candidates.find((candidate) => matchesSentPayload(payload, candidate)) as T | undefined;
	}

	/**
	 * Changes the fields in `changes`. Entities with a documented sparse update get only those fields;
	 * the others (Payment, Purchase, CreditMemo, Item, ...) get the current record merged with the
	 * changes, since their full update clears what is left out. A stale SyncToken (5010) means someone
	 * else saved in between: re-read once and apply the changes to the new version.
	 */
	async sparseUpdate<T = QuickBooksRecord>(
		entity: QuickBooksEntity,
		id: string,
		changes: IDataObject,
		options: UpdateOptions = {},
	): Promise<T> {
		const sparse = capabilitiesOf(entity).sparseUpdate;
		return await this.withFreshSyncToken(entity, id, options.current, async (current) => {
			const body: IDataObject = sparse
				? { ...changes, Id: id, SyncToken: current.SyncToken, sparse: true }
				: { ...withoutReadOnly(entity, current), ...changes, Id: id, SyncToken: current.SyncToken };
			return responseRecord<T>(entity, await this.write(entity, body, { operation: 'update' }));
		});
	}

	/** Voids as QBO documents it for the entity (§1.6); entities without a void must be deleted. */
	async void<T = QuickBooksRecord>(entity: QuickBooksEntity, id: string, options: UpdateOptions = {}): Promise<T> {
		const style = capabilitiesOf(entity).voidStyle;
		if (style === undefined) {
			throw validationError(`QuickBooks cannot void a ${entity} through its API`, `Delete the ${entity} instead.`);
		}
		return await this.withFreshSyncToken(entity, id, options.current, async (current) => {
			const answer =
				style === 'operation'
					? await this.write(entity, { Id: id, SyncToken: current.SyncToken }, { operation: 'void' })
					: await this.write(entity, { Id: id, SyncToken: current.SyncToken, sparse: true }, { operation: 'update', include: 'void' });
			return responseRecord<T>(entity, answer);
		});
	}

	/** Deletes a transaction; name lists (customers, items, ...) can only be made inactive. */
	async delete(entity: QuickBooksEntity, id: string, options: UpdateOptions = {}): Promise<IDataObject> {
		if (!capabilitiesOf(entity).deletable) {
			throw validationError(`QuickBooks cannot delete a ${entity}`, `Make the ${entity} inactive instead (Active = false).`);
		}
		return await this.withFreshSyncToken(entity, id, options.current, async (current) => {
			const answer = await this.write(entity, { Id: id, SyncToken: current.SyncToken }, { operation: 'delete' });
			return responseRecord<IDataObject>(entity, answer);
		});
	}

	private async withFreshSyncToken<T>(
		entity: QuickBooksEntity,
		id: string,
		known: QuickBooksRecord | undefined,
		write: (current: QuickBooksRecord) => Promise<T>,
	): Promise<T> {
		const first = await settle(async () => await write(known ?? (await this.get<QuickBooksRecord>(entity, id))));
		if (first.ok) return first.value;
		if (!isStale(first.error)) throw first.error;
		// Someone saved in between: apply the same change once more, on the version now stored.
		return await write(await this.get<QuickBooksRecord>(entity, id));
	}

	/**
	 * Emails a document (§7). `sendTo` replaces the document's BillEmail. `requestKey` decides what
	 * counts as the same send: a retry with the same key replays instead of mailing twice.
	 */
	async send<T = QuickBooksRecord>(entity: QuickBooksEntity, id: string, sendTo?: string, requestKey?: unknown): Promise<T> {
		const capabilities = capabilitiesOf(entity);
		if (!capabilities.send) throw validationError(`QuickBooks cannot email a ${entity}`);
		const { body } = await this.http.send({
			method: 'POST',
			path: `${capabilities.path}/${encodeURIComponent(requiredId(entity, id))}/send`,
			qs: sendTo ? { sendTo } : {},
			headers: { 'Content-Type': 'application/octet-stream' },
			requestId: deriveRequestId('send', entity, id, sendTo ?? null, requestKey ?? null),
		});
		return responseRecord<T>(entity, body);
	}

	async downloadPdf(entity: QuickBooksEntity, id: string): Promise<Buffer> {
		const capabilities = capabilitiesOf(entity);
		if (!capabilities.pdf) throw validationError(`QuickBooks has no PDF for a ${entity}`);
		const { body } = await this.http.send<ArrayBuffer | Buffer>({
			method: 'GET',
			path: `${capabilities.path}/${encodeURIComponent(requiredId(entity, id))}/pdf`,
			binary: true,
		});
		return Buffer.isBuffer(body) ? body : Buffer.from(body);
	}

	/** Up to 30 operations per /batch call; results come back in the order of `operations`. */
	async batch(operations: readonly BatchOperation[], options: { requestKey?: string } = {}): Promise<BatchItemResult[]> {
		return await runBatch(this.http, operations, options.requestKey);
	}

	/** How long a call would wait for the company's rate limits now (pacing.ts): 0 when it can go at once. */
	pacingWaitMs(kind: 'request' | 'batch'): number {
		return this.http.pacer.waitMs(kind);
	}
}

/** Encoded query size above which a query goes in a POST body rather than the URL. */
export const MAX_QUERY_URL_BYTES = 6000;

/** Fields QBO computes (§2); a full update is the record as read, minus these, plus the changes. */
const READ_ONLY_FIELDS = ['MetaData', 'Balance', 'HomeTotalAmt', 'HomeBalance', 'UnappliedAmt', 'domain', 'time', 'sparse'];

function withoutReadOnly(entity: QuickBooksEntity, record: IDataObject): IDataObject {
	const copy: IDataObject = { ...record };
	for (const field of READ_ONLY_FIELDS) delete copy[field];
	// A payment's TotalAmt is what was received (required); elsewhere it is the computed sum of the lines.
	if (entity !== 'Payment') delete copy.TotalAmt;
	return copy;
}
