import { Client } from '@hubspot/api-client';
import * as http from 'node:http';
import * as https from 'node:https';
import { sleep, type ICredentialDataDecryptedObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { HUBSPOT_DEFAULT_BASE_URL } from '../../credentials/HubspotCommerceApi.credentials';
import { withDeadline } from '../shared/deadline';
import { failureOf, retryDecision, TIMEOUT_CODE, toNodeApiError, type CallDescription } from './errors';
import {
	INVOICE_INCLUDES,
	INVOICE_PROPERTIES,
	OBJECT_NOUNS,
	PAYMENT_INCLUDES,
	PAYMENT_PROPERTIES,
	type HubSpotInvoice,
	type HubSpotObject,
	type HubSpotObjectType,
	type HubSpotObjectWithHistory,
	type HubSpotPayment,
	type IncludeTarget,
	type InvoiceInclude,
	type PaymentInclude,
} from './objects';
import { DEFAULT_RATE_LIMITS, limiterFor, portalKey, type PortalLimiter, type RateLimits } from './rateLimit';
import { epochOf, SEARCH_PAGE_LIMIT, type SearchPage, type SearchRequest } from './search';
import { QBO_SYNC_PROPERTY_DEFINITIONS, QBO_SYNC_PROPERTY_GROUP, syncStatusProperties, type PropertyDefinitionInput, type SyncStatusUpdate } from './syncProperties';
import { TWO_WAY_PROPERTY_DEFINITIONS } from './twoWayProperties';

export const HUBSPOT_CREDENTIAL_TYPE = 'hubspotCommerceApi';

// hubspot.md §1.2 and §1.5.
export const BATCH_READ_LIMIT = 100;
export const ASSOCIATION_BATCH_LIMIT = 1000;

/** What every n8n context that may call HubSpot offers (execute, poll, load options). */
export type HubSpotContext = Pick<IExecuteFunctions, 'getNode'> & {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
};

export type HubSpotClientOptions = Partial<RateLimits> & {
	/** How long one call may wait for HubSpot's answer; the credential's "Request Timeout" by default. */
	requestTimeoutMs?: number;
};

/** One call's wait for an answer when the credential sets none. */
export const DEFAULT_HUBSPOT_TIMEOUT_MS = 60_000;

/** One call, its retries and their waits included, ends within this many request timeouts. */
export const HUBSPOT_DEADLINE_IN_TIMEOUTS = 3;

export interface ReadOptions {
	properties?: readonly string[];
	propertiesWithHistory?: readonly string[];
}

export interface PropertyInfo {
	name: string;
	label: string;
	type: string;
	fieldType: string;
	groupName: string;
	description?: string;
	options?: Array<{ label: string; value: string }>;
	readOnlyValue: boolean;
	hubspotDefined: boolean;
}

export interface SetupResult {
	group: { name: string; created: boolean };
	created: string[];
	existing: string[];
}

type SdkRecord = {
	id: string;
	properties: Record<string, string | null>;
	propertiesWithHistory?: Record<string, Array<{ value: string; timestamp: Date | string; sourceType?: string }>>;
};

/**
 * One HubSpot client per credential per execution, on @hubspot/api-client with the SDK's own retries
 * and limiter off: its decorators are process-wide singletons (hubspot.md §7.3), so this class owns
 * retries, rate limits, batching and error messages instead.
 */
export class HubSpotClient {
	/** Calls made through this client, for tests and benchmarks. */
	requestCount = 0;
	/** The Date header of HubSpot's last answer (epoch ms) and the host's clock when it came. */
	private serverClock?: { serverMs: number; hostMs: number };

	private readonly objects: Client['crm']['objects'];
	private readonly associations: Client['crm']['associations']['v4'];
	private readonly propertiesApi: Client['crm']['properties'];

	constructor(
		private readonly node: INode,
		readonly basePath: string,
		accessToken: string,
		private readonly limiter: PortalLimiter,
		readonly requestTimeoutMs: number = DEFAULT_HUBSPOT_TIMEOUT_MS,
	) {
		const sdk = new Client({ accessToken, basePath, numberOfApiCallRetries: 0, httpAgent: agentWithTimeout(basePath, requestTimeoutMs) });
		// The SDK decorates an API group when first touched, with whatever decorators the last
		// `new Client()` in the process set; touching them now binds ours (none).
		this.objects = sdk.crm.objects;
		this.associations = sdk.crm.associations.v4;
		this.propertiesApi = sdk.crm.properties;
	}

	// ------------------------------------------------------------------ the one way calls are made

	/**
	 * `resend: false` is for writes that are not idempotent (creates): a 5xx or a broken connection may
	 * come after HubSpot committed, so such a call is not sent again blindly; the caller looks up what
	 * was written first. A 429 or 423 was refused before anything was written and is retried as always.
	 */
	private async call<T>(kind: 'standard' | 'search', description: CallDescription, send: () => Promise<T>, options: { resend?: boolean } = {}): Promise<T> {
		const deadline = Date.now() + HUBSPOT_DEADLINE_IN_TIMEOUTS * this.requestTimeoutMs;
		for (let attempt = 1; ; attempt++) {
			const settle = await this.limiter.acquire(kind);
			this.requestCount += 1;
			try {
				// The socket's own timeout (agentWithTimeout) ends a silent call; this bounds one that trickles.
				const result = await withDeadline(send(), this.requestTimeoutMs + 1000);
				settle();
				this.observeHeaders(result);
				return result;
			} catch (error) {
				settle();
				const failure = failureOf(error);
				const refusedBeforeWriting = failure.status === 429 || failure.status === 423;
				const decision = options.resend === false && !refusedBeforeWriting ? ({ retry: false } as const) : retryDecision(failure, attempt);
				// A retry that would start after the deadline is not made: the call ends with the failure it has.
				if (!decision.retry || Date.now() + decision.waitMs >= deadline) {
					throw toNodeApiError(this.node, failure, description, attempt, this.basePath, this.requestTimeoutMs);
				}
				if (decision.pause) (kind === 'search' ? this.limiter.search : this.limiter.burst).pause(Date.now() + decision.waitMs);
				await sleep(decision.waitMs);
			}
		}
	}

	/** Keeps the local window in step with the server's count when other apps or workers share it; notes HubSpot's clock. */
	private observeHeaders(result: unknown): void {
		const headers = (result as { headers?: Record<string, string> } | undefined)?.headers;
		if (!headers || typeof headers !== 'object') return;
		const remaining = Number(headers['x-hubspot-ratelimit-remaining']);
		if (Number.isFinite(remaining)) this.limiter.burst.observeRemaining(remaining, Date.now());
		const serverMs = Date.parse(headers.date ?? '');
		if (Number.isFinite(serverMs)) this.serverClock = { serverMs, hostMs: Date.now() };
	}

	/**
	 * HubSpot's time now, from the Date header of its last answer plus the time elapsed on this host
	 * since (durations do not depend on the host clock being right). The header has whole seconds,
	 * so this never runs ahead of HubSpot. Undefined before any answer with a Date header.
	 */
	hubspotNow(): number | undefined {
		return this.serverClock ? this.serverClock.serverMs + Math.max(0, Date.now() - this.serverClock.hostMs) : undefined;
	}

	/** How far this host's clock is ahead of HubSpot's (negative: behind), to within a second. */
	hostClockAheadMs(): number | undefined {
		return this.serverClock ? this.serverClock.hostMs - this.serverClock.serverMs : undefined;
	}

	// ------------------------------------------------------------------ records

	/** One record by id; a missing record is a clear "not found" error. */
	async getRecord(objectType: HubSpotObjectType, id: string, options: ReadOptions = {}): Promise<HubSpotObjectWithHistory> {
		const record = await this.call('standard', { action: `read the ${OBJECT_NOUNS[objectType]} ${id}`, objectType, id }, () =>
			this.objects.basicApi.getById(objectType, id, listOrUndefined(options.properties), listOrUndefined(options.propertiesWithHistory)),
		);
		return plainRecord(record as SdkRecord);
	}

	/** Batch read, ≤100 ids per call (hubspot.md §1.2). Missing or archived ids are left out; order follows `ids`. */
	async batchRead(objectType: HubSpotObjectType, ids: readonly string[], options: ReadOptions = {}): Promise<HubSpotObjectWithHistory[]> {
		const unique = [...new Set(ids)];
		const found = new Map<string, HubSpotObjectWithHistory>();
		await inParallel(chunks(unique, BATCH_READ_LIMIT), PARALLEL_READS, async (chunk) => {
			const response = await this.call('standard', { action: `read ${chunk.length} ${OBJECT_NOUNS[objectType]} records`, objectType }, () =>
				this.objects.batchApi.readWithHttpInfo(objectType, {
					inputs: chunk.map((id) => ({ id })),
					properties: [...(options.properties ?? [])],
					propertiesWithHistory: [...(options.propertiesWithHistory ?? [])],
				}),
			);
			for (const record of response.data.results) found.set(record.id, plainRecord(record as SdkRecord));
		});
		return unique.map((id) => found.get(id)).filter((record): record is HubSpotObjectWithHistory => record !== undefined);
	}

	/**
	 * Batch update, ≤100 inputs per call. HubSpot validates a whole batch before writing it; ids it
	 * cannot find are reported as "not found".
	 */
	async batchUpdate(objectType: HubSpotObjectType, inputs: ReadonlyArray<{ id: string; properties: Record<string, string> }>): Promise<HubSpotObject[]> {
		const updated: HubSpotObject[] = [];
		for (const chunk of chunks(inputs, BATCH_READ_LIMIT)) {
			const response = await this.call('standard', { action: `update ${chunk.length} ${OBJECT_NOUNS[objectType]} records`, objectType }, () =>
				this.objects.batchApi.updateWithHttpInfo(objectType, { inputs: chunk.map((input) => ({ id: input.id, properties: input.properties })) }),
			);
			const data = response.data as { results: SdkRecord[]; errors?: Array<{ context?: Record<string, string[]>; message?: string }> };
			const missing = (data.errors ?? []).flatMap((error) => error.context?.ids ?? []);
			if (missing.length > 0) {
				throw toNodeApiError(
					this.node,
					{ status: 404, body: data.errors, headers: {} },
					{ action: `update the ${OBJECT_NOUNS[objectType]} ${missing.join(', ')}`, objectType, id: missing.join(', ') },
					1,
					this.basePath,
				);
			}
			updated.push(...data.results.map((record) => plainRecord(record)));
		}
		return updated.map(({ id, properties }) => ({ id, properties }));
	}

	/** One update by id (PATCH); a missing record is a clear "not found" error. */
	async updateRecord(objectType: HubSpotObjectType, id: string, properties: Record<string, string>): Promise<HubSpotObject> {
		const record = await this.call('standard', { action: `update the ${OBJECT_NOUNS[objectType]} ${id}`, objectType, id }, () =>
			this.objects.basicApi.update(objectType, id, { properties }),
		);
		return { id: record.id, properties: record.properties };
	}

	/**
	 * v4 association batch read, ≤1,000 ids per call (hubspot.md §1.5). Returns the associated ids of each
	 * `from` id (an empty list when none), following HubSpot's per-input paging.
	 */
	async readAssociations(fromType: HubSpotObjectType, toType: HubSpotObjectType, ids: readonly string[]): Promise<Map<string, string[]>> {
		const associated = new Map<string, string[]>();
		for (const id of ids) associated.set(id, []);
		let pending: Array<{ id: string; after?: string }> = [...new Set(ids)].map((id) => ({ id }));
		while (pending.length > 0) {
			const next: Array<{ id: string; after?: string }> = [];
			for (const chunk of chunks(pending, ASSOCIATION_BATCH_LIMIT)) {
				const response = await this.call(
					'standard',
					{ action: `read the ${OBJECT_NOUNS[toType]} associations of ${chunk.length} ${OBJECT_NOUNS[fromType]} records`, objectType: fromType },
					() => this.associations.batchApi.getPageWithHttpInfo(fromType, toType, { inputs: chunk }),
				);
				for (const result of response.data.results ?? []) {
					const fromId = String((result as unknown as { _from?: { id: string }; from?: { id: string } })._from?.id ?? (result as unknown as { from?: { id: string } }).from?.id);
					const list = associated.get(fromId) ?? [];
					for (const to of result.to ?? []) list.push(String(to.toObjectId));
					associated.set(fromId, list);
					const after = result.paging?.next?.after;
					if (after) next.push({ id: fromId, after });
				}
			}
			pending = next;
		}
		for (const [id, list] of associated) associated.set(id, [...new Set(list)]);
		return associated;
	}

	/**
	 * Creates one record, with associations in the same request (hubspot.md §1.3: "create a draft invoice
	 * with associations through one POST request"), so a record never exists without them. Never resent
	 * blindly (see `call`): after a lost answer the caller looks the record up by its marker.
	 */
	async createRecord(
		objectType: HubSpotObjectType,
		properties: Record<string, string>,
		associations: ReadonlyArray<{ toId: string; typeId: number }> = [],
	): Promise<HubSpotObject> {
		const record = await this.call(
			'standard',
			{ action: `create a ${OBJECT_NOUNS[objectType]}`, objectType },
			() =>
				this.objects.basicApi.create(objectType, {
					properties,
					associations: associations.map((association) => ({
						to: { id: association.toId },
						types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: association.typeId }],
					})),
				}),
			{ resend: false },
		);
		return { id: String(record.id), properties: { ...record.properties } };
	}

	/**
	 * A record by a property with unique values (`idProperty`, hubspot.md §1.2): read at once, unlike
	 * search, which lags writes (§4.2). Undefined when no record has the value.
	 */
	async findByUniqueProperty(objectType: HubSpotObjectType, property: string, value: string, properties: readonly string[]): Promise<HubSpotObject | undefined> {
		const outcome = await settled(
			this.call('standard', { action: `read the ${OBJECT_NOUNS[objectType]} with ${property} ${value}`, objectType, id: value }, () =>
				this.objects.basicApi.getById(objectType, value, [...properties], undefined, undefined, false, property),
			),
		);
		if ('failure' in outcome) {
			if ((outcome.failure as { httpCode?: string }).httpCode === '404') return undefined;
			throw outcome.failure;
		}
		return { id: String(outcome.value.id), properties: { ...outcome.value.properties } };
	}

	/** Associates two records with the default association type (v4 `PUT …/associations/default/…`). */
	async associateDefault(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string): Promise<void> {
		await this.call('standard', { action: `associate the ${OBJECT_NOUNS[fromType]} ${fromId} with the ${OBJECT_NOUNS[toType]} ${toId}`, objectType: fromType, id: fromId }, () =>
			this.associations.basicApi.createDefault(fromType, fromId, toType, toId),
		);
	}

	/** Archives (deletes) one record; HubSpot keeps it in the recycle bin for 90 days (hubspot.md §2.1). */
	async archiveRecord(objectType: HubSpotObjectType, id: string): Promise<void> {
		await this.call('standard', { action: `delete the ${OBJECT_NOUNS[objectType]} ${id}`, objectType, id }, () => this.objects.basicApi.archive(objectType, id));
	}

	// ------------------------------------------------------------------ search

	/** One search page (≤200 results). Calls count against the five-per-second search limit. */
	async search(objectType: HubSpotObjectType, request: SearchRequest): Promise<SearchPage> {
		const { data: response } = await this.call('search', { action: `search ${OBJECT_NOUNS[objectType]} records`, objectType }, () =>
			// The SDK types sorts as strings; the REST API takes {propertyName, direction} objects, which it passes through.
			this.objects.searchApi.doSearchWithHttpInfo(objectType, request as unknown as Parameters<Client['crm']['objects']['searchApi']['doSearch']>[1]),
		);
		return {
			total: response.total,
			results: response.results.map((record) => ({ id: record.id, properties: record.properties })),
			nextAfter: response.paging?.next?.after,
		};
	}

	// ------------------------------------------------------------------ invoices and payments, as the sync reads them

	/**
	 * Invoices by id with the relations asked for, all read in batches: one batch read per 100 invoices,
	 * then per relation one association read per 1,000 invoices and one batch read per 100 related records.
	 * Missing ids are left out; order follows `ids`.
	 */
	async readInvoices(ids: readonly string[], options: { include?: readonly InvoiceInclude[] } & ReadOptions = {}): Promise<HubSpotInvoice[]> {
		const invoices = await this.batchRead('invoices', ids, {
			properties: options.properties ?? INVOICE_PROPERTIES,
			propertiesWithHistory: options.propertiesWithHistory,
		});
		const records = invoices.map(({ id, properties }) => ({ id, properties }) as HubSpotInvoice);
		await this.attachInvoiceIncludes(records, options.include ?? []);
		return records;
	}

	/** One invoice with its relations; a missing invoice is a clear "not found" error. */
	async getInvoice(id: string, options: { include?: readonly InvoiceInclude[] } & ReadOptions = {}): Promise<HubSpotInvoice> {
		const record = await this.getRecord('invoices', id, { properties: options.properties ?? INVOICE_PROPERTIES });
		const invoice: HubSpotInvoice = { id: record.id, properties: record.properties };
		await this.attachInvoiceIncludes([invoice], options.include ?? []);
		return invoice;
	}

	/** Payments by id with the relations asked for (`invoice` is the first associated invoice), in batches. */
	async readPayments(ids: readonly string[], options: { include?: readonly PaymentInclude[] } & ReadOptions = {}): Promise<HubSpotPayment[]> {
		const payments = await this.batchRead('commerce_payments', ids, {
			properties: options.properties ?? PAYMENT_PROPERTIES,
			propertiesWithHistory: options.propertiesWithHistory,
		});
		const records = payments.map(({ id, properties }) => ({ id, properties }) as HubSpotPayment);
		await this.attachPaymentIncludes(records, options.include ?? []);
		return records;
	}

	/** One payment with its relations; a missing payment is a clear "not found" error. */
	async getPayment(id: string, options: { include?: readonly PaymentInclude[] } & ReadOptions = {}): Promise<HubSpotPayment> {
		const record = await this.getRecord('commerce_payments', id, { properties: options.properties ?? PAYMENT_PROPERTIES });
		const payment: HubSpotPayment = { id: record.id, properties: record.properties };
		await this.attachPaymentIncludes([payment], options.include ?? []);
		return payment;
	}

	/** Writes invoice properties in batches of 100 (the sync's write-back). */
	async updateInvoiceProperties(updates: ReadonlyArray<{ id: string; properties: Record<string, string> }>): Promise<HubSpotObject[]> {
		return await this.batchUpdate('invoices', updates);
	}

	/** Writes the QuickBooks sync outcome of invoices (properties created by the Commerce node's Setup). */
	async writeSyncStatus(updates: ReadonlyArray<{ invoiceId: string } & SyncStatusUpdate>): Promise<HubSpotObject[]> {
		return await this.updateInvoiceProperties(updates.map((update) => ({ id: update.invoiceId, properties: syncStatusProperties(update) })));
	}

	/**
	 * Reads the relations of many records at once and attaches them as arrays of {id, properties}
	 * under the include's key.
	 */
	async attachIncludes<T extends HubSpotObject>(
		fromType: HubSpotObjectType,
		records: T[],
		includes: ReadonlyArray<readonly [string, IncludeTarget]>,
	): Promise<void> {
		if (records.length === 0) return;
		const ids = records.map((record) => record.id);
		// The relations are independent: read them side by side; the portal's limiter paces the calls.
		await Promise.all(
			includes.map(async ([key, target]) => {
				const links = await this.readAssociations(fromType, target.objectType, ids);
				const relatedIds = [...new Set([...links.values()].flat())];
				const related = new Map((await this.batchRead(target.objectType, relatedIds, { properties: target.properties })).map((record) => [record.id, record]));
				for (const record of records) {
					(record as Record<string, unknown>)[key] = (links.get(record.id) ?? [])
						.map((id) => related.get(id))
						.filter((found): found is HubSpotObjectWithHistory => found !== undefined)
						.map(({ id, properties }) => ({ id, properties }));
				}
			}),
		);
	}

	/** Attaches an invoice's relations (line items, contacts, ...) to many invoices at once. */
	async attachInvoiceIncludes(records: HubSpotInvoice[], include: readonly InvoiceInclude[]): Promise<void> {
		await this.attachIncludes('invoices', records, include.map((key) => [key, INVOICE_INCLUDES[key]] as const));
	}

	/** Attaches a payment's relations; `invoice` is the first associated invoice (null when none). */
	async attachPaymentIncludes(records: HubSpotPayment[], include: readonly PaymentInclude[]): Promise<void> {
		const includes = include.map((key) => [key === 'invoice' ? 'invoices' : key, PAYMENT_INCLUDES[key]] as const);
		await this.attachIncludes('commerce_payments', records, includes);
		if (include.includes('invoice')) {
			for (const record of records) record.invoice = record.invoices?.[0] ?? null;
		}
	}

	// ------------------------------------------------------------------ properties (Setup, pickers)

	async getProperties(objectType: HubSpotObjectType): Promise<PropertyInfo[]> {
		const response = await this.call('standard', { action: `read the ${OBJECT_NOUNS[objectType]} properties`, objectType }, () =>
			this.propertiesApi.coreApi.getAll(objectType),
		);
		return response.results.map((property) => ({
			name: property.name,
			label: property.label,
			type: property.type,
			fieldType: property.fieldType,
			groupName: property.groupName,
			description: property.description,
			options: property.options?.map((option) => ({ label: option.label, value: option.value })),
			readOnlyValue: property.modificationMetadata?.readOnlyValue ?? false,
			hubspotDefined: property.hubspotDefined ?? false,
		}));
	}

	async getPropertyGroupNames(objectType: HubSpotObjectType): Promise<string[]> {
		const response = await this.call('standard', { action: `read the ${OBJECT_NOUNS[objectType]} property groups`, objectType }, () =>
			this.propertiesApi.groupsApi.getAll(objectType),
		);
		return response.results.map((group) => group.name);
	}

	async createPropertyGroup(objectType: HubSpotObjectType, group: { name: string; label: string; displayOrder?: number }): Promise<void> {
		await this.call('standard', { action: `create the property group ${group.name}`, objectType }, () => this.propertiesApi.groupsApi.create(objectType, group));
	}

	async createProperty(objectType: HubSpotObjectType, definition: PropertyDefinitionInput): Promise<void> {
		await this.call('standard', { action: `create the property ${definition.name}`, objectType }, () =>
			this.propertiesApi.coreApi.create(objectType, definition as unknown as Parameters<Client['crm']['properties']['coreApi']['create']>[1]),
		);
	}

	/**
	 * Creates the QuickBooks sync properties on invoices, idempotently: what exists is kept as it is.
	 * Costs two reads, plus one call per missing group or property.
	 */
	async ensureSyncProperties(): Promise<SetupResult> {
		const groups = await this.getPropertyGroupNames('invoices');
		const groupCreated = !groups.includes(QBO_SYNC_PROPERTY_GROUP.name);
		if (groupCreated) await this.createPropertyGroup('invoices', { ...QBO_SYNC_PROPERTY_GROUP });
		const existingNames = new Set((await this.getProperties('invoices')).map((property) => property.name));
		const result: SetupResult = { group: { name: QBO_SYNC_PROPERTY_GROUP.name, created: groupCreated }, created: [], existing: [] };
		for (const definition of QBO_SYNC_PROPERTY_DEFINITIONS) {
			if (existingNames.has(definition.name)) {
				result.existing.push(definition.name);
				continue;
			}
			await this.createProperty('invoices', definition);
			result.created.push(definition.name);
		}
		return result;
	}

	/**
	 * Creates the two-way sync properties on invoices, companies and deals, idempotently. Where HubSpot
	 * refuses a unique property on an object, it is created without uniqueness (look-ups then search).
	 */
	async ensureTwoWayProperties(): Promise<Array<{ objectType: HubSpotObjectType; created: string[]; existing: string[] }>> {
		const results: Array<{ objectType: HubSpotObjectType; created: string[]; existing: string[] }> = [];
		for (const objectType of [...new Set(TWO_WAY_PROPERTY_DEFINITIONS.map((entry) => entry.objectType))]) {
			const groups = await this.getPropertyGroupNames(objectType);
			if (!groups.includes(QBO_SYNC_PROPERTY_GROUP.name)) await this.createPropertyGroup(objectType, { ...QBO_SYNC_PROPERTY_GROUP });
			const existingNames = new Set((await this.getProperties(objectType)).map((property) => property.name));
			const result = { objectType, created: [] as string[], existing: [] as string[] };
			for (const { definition } of TWO_WAY_PROPERTY_DEFINITIONS.filter((entry) => entry.objectType === objectType)) {
				if (existingNames.has(definition.name)) {
					result.existing.push(definition.name);
					continue;
				}
				const outcome = await settled(this.createProperty(objectType, definition));
				if ('failure' in outcome) {
					if (!definition.hasUniqueValue || (outcome.failure as { httpCode?: string }).httpCode !== '400') throw outcome.failure;
					await this.createProperty(objectType, { ...definition, hasUniqueValue: false });
				}
				result.created.push(definition.name);
			}
			results.push(result);
		}
		return results;
	}
}

/** Creates the client for the node's HubSpot credential (base path from the credential). */
export async function createHubSpotClient(context: HubSpotContext, options: HubSpotClientOptions = {}): Promise<HubSpotClient> {
	const credentials = await context.getCredentials(HUBSPOT_CREDENTIAL_TYPE);
	const accessToken = String(credentials.accessToken ?? '').trim();
	const basePath = hubSpotBasePath(credentials);
	const limits: RateLimits = {
		requestsPerWindow: positiveOr(options.requestsPerWindow, DEFAULT_RATE_LIMITS.requestsPerWindow),
		windowMs: positiveOr(options.windowMs, DEFAULT_RATE_LIMITS.windowMs),
		searchesPerSecond: positiveOr(options.searchesPerSecond, DEFAULT_RATE_LIMITS.searchesPerSecond),
	};
	const timeoutMs = positiveOr(options.requestTimeoutMs, positiveOr(secondsToMs(credentials.requestTimeoutSeconds), DEFAULT_HUBSPOT_TIMEOUT_MS));
	return new HubSpotClient(context.getNode(), basePath, accessToken, limiterFor(portalKey(accessToken, basePath), limits), timeoutMs);
}

function secondsToMs(seconds: unknown): number | undefined {
	const value = typeof seconds === 'string' && seconds.trim() !== '' ? Number(seconds) : seconds;
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
}

/**
 * The SDK (node-fetch inside) takes no timeout or abort signal, only an http agent. This agent's sockets
 * end themselves after `timeoutMs` without a byte, which makes the pending call fail with TIMEOUT_CODE
 * (and frees the socket); free keep-alive sockets are closed the same way.
 */
function agentWithTimeout(basePath: string, timeoutMs: number): http.Agent {
	const agent = basePath.startsWith('https:') ? new https.Agent({ keepAlive: true, timeout: timeoutMs }) : new http.Agent({ keepAlive: true, timeout: timeoutMs });
	const createConnection = agent.createConnection.bind(agent);
	agent.createConnection = (...args: Parameters<http.Agent['createConnection']>) => {
		const socket = createConnection(...args);
		socket?.on('timeout', () => socket.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: TIMEOUT_CODE })));
		return socket;
	};
	return agent;
}


export function hubSpotBasePath(credentials: ICredentialDataDecryptedObject): string {
	const custom = credentials.useCustomBaseUrl === true && typeof credentials.baseUrl === 'string' && credentials.baseUrl.trim() !== '';
	return (custom ? (credentials.baseUrl as string).trim() : HUBSPOT_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

function positiveOr(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function listOrUndefined(list: readonly string[] | undefined): string[] | undefined {
	return list && list.length > 0 ? [...list] : undefined;
}

/** A call's value or its failure, for callers that handle some failures (a 404 that means "none") themselves. */
export async function settled<T>(promise: Promise<T>): Promise<{ value: T } | { failure: unknown }> {
	return await promise.then(
		(value) => ({ value }),
		(failure: unknown) => ({ failure }),
	);
}

/** Batch reads of one object type in flight at once: latency overlaps, the limiter still paces. */
const PARALLEL_READS = 4;

/** Runs `work` over `items` with at most `limit` in flight. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) await work(items[next++]);
	});
	await Promise.all(lanes);
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
	const result: T[][] = [];
	for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
	return result;
}

function plainRecord(record: SdkRecord): HubSpotObjectWithHistory {
	const history: HubSpotObjectWithHistory['propertiesWithHistory'] = {};
	for (const [name, entries] of Object.entries(record.propertiesWithHistory ?? {})) {
		history[name] = entries.map((entry) => ({ value: entry.value, timestamp: epochOf(entry.timestamp) ?? 0, sourceType: entry.sourceType }));
	}
	return { id: String(record.id), properties: { ...record.properties }, propertiesWithHistory: history };
}

export { SEARCH_PAGE_LIMIT };
