/**
 * A local, in-memory stand-in for Intuit's QuickBooks Online Accounting API and its OAuth token service,
 * faithful to docs/quickbooks.md: what QBO refuses, this refuses the same way.
 *
 * API:      {url}/v3/company/{realmId}/{resource}[/{id}[/pdf|/send]] , /query, /batch
 * OAuth:    {url}/oauth2/v1/tokens/bearer, {url}/v2/oauth2/tokens/revoke, {url}/connect/oauth2 (consent)
 * Controls: {url}/__sandbox/... (reset, state, tokens, settings, seed, authorize, clock, info, log, faults, latency)
 */
import { randomBytes } from 'node:crypto';
import { Router, SimServer, type SimRequest, type SimResponse } from '../common/server';
import { changeDataCapture } from './cdc';
import { SimClock } from './clock';
import { ENTITY_KINDS, kindByName, kindByResource } from './entities';
import { duplicateRequestId, gatewayFaultBody, invalidRequestIdFormat, QboFault, unsupportedOperation } from './faults';
import { isObject } from './fields';
import type { EntityKind } from './kind';
import { OAuthServer, type TokenSet } from './oauth';
import { seedData, seedDefaultCompany, type SeedRequest } from './seed';
import { QuickBooksService } from './service';
import {
	CompanyStore,
	copy,
	defaultSettings,
	type Country,
	type DuplicateRequestIdMode,
	type EntityName,
	type QboRecord,
	type QuickBooksSettings,
} from './store';
import { Throttle } from './throttle';
import { WebhookDispatcher, type WebhookFormat } from './webhooks';
import { sandboxProfile } from '../profile';

export interface QuickBooksSimulatorOptions {
	port?: number;
	host?: string;
	realmId?: string;
	clientId?: string;
	clientSecret?: string;
	accessTokenTtlSeconds?: number;
	/** quickbooks.md §6 limits per realm (500/min, 10/s, 40 batch/min). Default off. */
	throttling?: boolean;
	latencyMs?: [number, number];
	country?: Country;
	multicurrency?: boolean;
	duplicateRequestIdMode?: DuplicateRequestIdMode;
	/** Any other switch of QuickBooksSettings. */
	settings?: Partial<QuickBooksSettings>;
	/** Where this company's changes are delivered as webhooks (quickbooks.md §8); one dispatcher may serve several realms. */
	webhooks?: WebhookDispatcher;
}

/** quickbooks.md §4.1 and §15.3: a requestid is at most 50 characters, 36 on /batch. */
export const REQUEST_ID_LIMIT = 50;
export const BATCH_REQUEST_ID_LIMIT = 36;

interface StoredResponse {
	status: number;
	body: unknown;
	contentType?: string;
}

export class QuickBooksSimulator {
	readonly clock = new SimClock();
	readonly store: CompanyStore;
	readonly service: QuickBooksService;
	readonly oauth: OAuthServer;
	readonly server: SimServer;
	readonly realmId: string;
	readonly clientId: string;
	readonly clientSecret: string;
	private readonly throttle: Throttle;
	private readonly requestIds = new Map<string, StoredResponse>();
	private readonly initialSettings: QuickBooksSettings;

	private readonly options: QuickBooksSimulatorOptions;
	/** The app's webhook subscription (quickbooks.md §8), if any; /__sandbox/webhooks sets one too. */
	webhooks?: WebhookDispatcher;

	constructor(requested: QuickBooksSimulatorOptions = {}) {
		// The profile (../profile.ts, HSQB_SANDBOX_PROFILE) fills in what the caller leaves out.
		const profile = sandboxProfile().quickbooks;
		const options: QuickBooksSimulatorOptions = {
			...requested,
			throttling: requested.throttling ?? requested.settings?.throttling ?? profile.throttling,
			latencyMs: requested.latencyMs ?? profile.latencyMs,
			accessTokenTtlSeconds: requested.accessTokenTtlSeconds ?? requested.settings?.accessTokenTtlSeconds ?? profile.accessTokenTtlSeconds,
		};
		this.options = options;
		this.realmId = options.realmId ?? '9341453000000000';
		this.clientId = options.clientId ?? 'qbo-sandbox-client';
		this.clientSecret = options.clientSecret ?? 'qbo-sandbox-secret';
		this.initialSettings = defaultSettings({
			...options.settings,
			...(options.throttling !== undefined ? { throttling: options.throttling } : {}),
			...(options.accessTokenTtlSeconds !== undefined ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
			...(options.duplicateRequestIdMode !== undefined ? { duplicateRequestIdMode: options.duplicateRequestIdMode } : {}),
		});
		this.store = new CompanyStore(this.realmId, this.clock, { ...this.initialSettings }, options.country ?? 'US');
		this.service = new QuickBooksService(this.store);
		this.throttle = new Throttle(this.clock);
		this.oauth = new OAuthServer({
			clientId: this.clientId,
			clientSecret: this.clientSecret,
			realmId: this.realmId,
			clock: this.clock,
			accessTokenTtlSeconds: () => this.store.settings.accessTokenTtlSeconds,
		});
		seedDefaultCompany(this.store, this.companyOptions());
		this.webhooks = options.webhooks;
		// Set after seeding: the default company is there before the app subscribes.
		this.service.onChange = (entity, id, operation) => this.webhooks?.publish({ realmId: this.realmId, entity, id, operation, at: this.clock.now() });
		this.server = new SimServer('quickbooks', this.apiRoutes(), {
			latencyMs: options.latencyMs,
			control: this.controlRoutes(),
			// quickbooks.md §5.4: every response carries an intuit_tid.
			responseHeaders: () => ({ intuit_tid: `1-${randomBytes(12).toString('hex')}` }),
		});
	}

	get url(): string {
		return this.server.url;
	}

	get tokenUrl(): string {
		return `${this.url}/oauth2/v1/tokens/bearer`;
	}

	/** Where n8n's OAuth2 credential sends the browser; it redirects straight back with a code and realmId. */
	get authorizeUrl(): string {
		return `${this.url}/connect/oauth2`;
	}

	get revokeUrl(): string {
		return `${this.url}/v2/oauth2/tokens/revoke`;
	}

	/** `${url}/v3/company/${realmId}`. */
	get apiBase(): string {
		return `${this.url}/v3/company/${this.realmId}`;
	}

	get settings(): QuickBooksSettings {
		return this.store.settings;
	}

	get duplicateRequestIdMode(): DuplicateRequestIdMode {
		return this.store.settings.duplicateRequestIdMode;
	}

	set duplicateRequestIdMode(mode: DuplicateRequestIdMode) {
		this.store.settings.duplicateRequestIdMode = mode;
	}

	async start(): Promise<this> {
		await this.server.start(this.options.port ?? 0, this.options.host ?? '127.0.0.1');
		return this;
	}

	async close(): Promise<void> {
		if (this.webhooks !== this.options.webhooks) this.webhooks?.close();
		await this.server.close();
	}

	/** A fresh access/refresh token pair for this company, as after connecting it. */
	issueTokens(): TokenSet {
		return this.oauth.issueTokens(this.realmId);
	}

	expireAccessTokens(): void {
		this.oauth.expireAccessTokens();
	}

	/** Moves the simulator's clock forward (token expiry, throttle windows, MetaData times). */
	advanceClock(seconds: number): void {
		this.clock.advance(seconds);
	}

	/**
	 * Back to the default company and the start options: books, settings, requestids, throttle windows,
	 * request log, faults and clock. Issued tokens stay valid, so a connected client keeps working.
	 */
	reset(): void {
		this.clock.reset();
		this.store.settings = { ...this.initialSettings, exchangeRates: { ...this.initialSettings.exchangeRates } };
		const listener = this.service.onChange;
		this.service.onChange = undefined;
		seedDefaultCompany(this.store, this.companyOptions());
		this.service.onChange = listener;
		this.requestIds.clear();
		this.throttle.reset();
		this.server.clearLog();
		this.server.faults = [];
		this.server.latencyMs = this.options.latencyMs ?? [0, 0];
	}

	/** Bulk data on top of the current books (customers, invoices, payments), deterministic per seed. */
	seed(request: SeedRequest = {}): ReturnType<typeof seedData> {
		return seedData(this.store, request);
	}

	/** Changes settings and company preferences the way /__sandbox/settings does. */
	configure(patch: Partial<QuickBooksSettings> & { multicurrency?: boolean; preferences?: QboRecord }): QuickBooksSettings {
		const { multicurrency, preferences, ...settings } = patch;
		Object.assign(this.store.settings, settings);
		const live = this.store.livePreferences();
		if (multicurrency !== undefined) live.CurrencyPrefs = { ...live.CurrencyPrefs, MultiCurrencyEnabled: multicurrency };
		if (isObject(preferences)) {
			for (const [section, values] of Object.entries(preferences)) {
				live[section] = isObject(values) ? { ...(live[section] ?? {}), ...values } : values;
			}
		}
		if (multicurrency !== undefined || preferences) {
			live.SyncToken = String(Number(live.SyncToken) + 1);
			live.MetaData = { ...live.MetaData, LastUpdatedTime: this.clock.metaTime() };
		}
		return this.store.settings;
	}

	private companyOptions() {
		return { country: this.options.country ?? 'US', multicurrency: this.options.multicurrency ?? false };
	}

	// --- the API ---

	private apiRoutes(): Router {
		const router = new Router();
		const company = '/v3/company/:realmId';
		router.add('POST', '/oauth2/v1/tokens/bearer', (req) => this.oauth.tokenEndpoint(req));
		router.add('POST', '/v2/oauth2/tokens/revoke', (req) => this.oauth.revokeEndpoint(req));
		router.add('GET', '/connect/oauth2', (req) => this.consent(req));
		router.add('GET', `${company}/query`, this.api((req) => this.queryResponse(req)));
		router.add('POST', `${company}/query`, this.api((req) => this.queryResponse(req)));
		// quickbooks.md §8.1: GET /cdc?entities=…&changedSince=….
		router.add('GET', `${company}/cdc`, this.api((req) => ({
			status: 200,
			body: { ...changeDataCapture(this.store, req.query.get('entities'), req.query.get('changedSince')), time: this.clock.responseTime() },
		})));
		router.add('POST', `${company}/batch`, this.api((req) => this.batchResponse(req), { batch: true }));
		router.add('GET', `${company}/preferences`, this.api(() => this.entityResponse('Preferences', this.service.read(kindByName('Preferences')!, '1'))));
		router.add('GET', `${company}/:resource/:id/pdf`, this.api((_req, params) => {
			const kind = this.resource(params.resource);
			return { status: 200, body: this.service.pdf(kind, params.id), contentType: 'application/pdf' };
		}));
		router.add('POST', `${company}/:resource/:id/send`, this.api((req, params) => {
			const kind = this.resource(params.resource);
			return this.entityResponse(kind.name, this.service.send(kind, params.id, req.query.get('sendTo')));
		}));
		router.add('GET', `${company}/:resource/:id`, this.api((_req, params) => {
			const kind = this.resource(params.resource);
			return this.entityResponse(kind.name, this.service.read(kind, params.id));
		}));
		router.add('POST', `${company}/:resource`, this.api((req, params) => {
			const kind = this.resource(params.resource);
			const include = new Set((req.query.get('include') ?? '').split(',').map((value) => value.trim().toLowerCase()).filter(Boolean));
			let operation = req.query.get('operation') ?? undefined;
			let body = req.body;
			const idInQuery = req.query.get('Id');
			if (operation === 'void' && idInQuery !== null && this.store.settings.voidInQueryString === 'accept' && !hasFields(body)) {
				// quickbooks.md §1.6 documents {Id, SyncToken} in the body. Reading 'accept' also takes them from the query
				// string with no body, as n8n's built-in node sends them, for every voidable entity.
				body = { Id: idInQuery, SyncToken: req.query.get('SyncToken') ?? undefined, sparse: true };
				if (kind.voidWith === 'include') {
					operation = 'update';
					include.add('void');
				}
			}
			const record = this.service.write(kind, operation, body, include);
			return this.entityResponse(kind.name, record);
		}));
		// Anything else under the company answers as QBO does for a path it has no method for.
		for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
			for (const path of [`${company}`, `${company}/:a`, `${company}/:a/:b`, `${company}/:a/:b/:c`, `${company}/:a/:b/:c/:d`]) {
				router.add(method, path, this.api(() => {
					throw unsupportedOperation(`No resource method found for ${method}, return 405 with Allow header`);
				}));
			}
		}
		return router;
	}

	/** quickbooks.md §1.1: lowercase resource segments only (URIs are case sensitive). */
	private resource(segment: string): EntityKind {
		const kind = kindByResource(segment);
		if (!kind) throw unsupportedOperation(`No resource method found for /${segment}, return 405 with Allow header`);
		return kind;
	}

	private entityResponse(entity: EntityName, record: QboRecord): SimResponse {
		return { status: 200, body: { [entity]: record, time: this.clock.responseTime() } };
	}

	private queryResponse(req: SimRequest): SimResponse {
		// quickbooks.md §1.3: GET ?query=, or POST with the statement as an application/text body.
		let text = req.query.get('query');
		if (text === null && req.method === 'POST') text = typeof req.body === 'string' ? req.body : isObject(req.body) && typeof req.body.query === 'string' ? req.body.query : req.rawBody;
		const result = this.service.query(text ?? '');
		return { status: 200, body: { ...result, time: this.clock.responseTime() } };
	}

	private batchResponse(req: SimRequest): SimResponse {
		const items = this.service.batch(req.body, req.query.get('requestid') !== null);
		return { status: 200, body: { BatchItemResponse: items, time: this.clock.responseTime() } };
	}

	/**
	 * The gateway and service steps every API call passes: realm, bearer token (§5.2 shape on 401/403),
	 * throttle (429, §6), requestid (replay or 600, §4), then the handler, whose QboFault becomes §5.1's shape.
	 */
	private api(
		handler: (req: SimRequest, params: Record<string, string>) => SimResponse,
		options: { batch?: boolean } = {},
	): (req: SimRequest, params: Record<string, string>) => SimResponse {
		return (req, params) => {
			const auth = this.oauth.authenticate(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
			if (!auth.ok) {
				return { status: 401, body: gatewayFaultBody(401, '3200', 'AuthenticationFailed', auth.detail, 'AUTHENTICATION', this.clock), headers: { 'www-authenticate': 'Bearer realm="Intuit"' } };
			}
			if (params.realmId !== this.realmId || auth.realmId !== params.realmId) {
				return { status: 403, body: gatewayFaultBody(403, '3100', 'ApplicationAuthorizationFailed', `The token is not authorized for company ${params.realmId}.`, 'SERVICE', this.clock) };
			}
			if (this.store.settings.throttling) {
				const verdict = this.throttle.admit(this.realmId, options.batch === true);
				if (!verdict.allowed) {
					// quickbooks.md §5.2, §6: ThrottleExceeded, errorCode 003001, statusCode 429 (no Retry-After: unconfirmed).
					return { status: 429, body: gatewayFaultBody(429, '3001', 'ThrottleExceeded', `The request limit was reached (${verdict.limit}).`, 'SERVICE', this.clock) };
				}
			}
			const requestId = req.query.get('requestid');
			if (requestId !== null) {
				const limit = options.batch ? BATCH_REQUEST_ID_LIMIT : REQUEST_ID_LIMIT;
				if (requestId.length === 0 || requestId.length > limit) {
					return this.faultResponse(invalidRequestIdFormat(`The requestid must be 1 to ${limit} characters; got ${requestId.length}.`));
				}
				const first = this.requestIds.get(requestId);
				if (first && this.store.settings.duplicateRequestIdMode === 'replay') {
					// quickbooks.md §4.1: "sends the same response as it did for the original request".
					return { status: first.status, body: copy(first.body), contentType: first.contentType };
				}
				if (first && this.store.settings.duplicateRequestIdMode === 'error600') return this.faultResponse(duplicateRequestId(requestId));
			}
			let response: SimResponse;
			try {
				response = handler(req, params);
			} catch (error) {
				if (!(error instanceof QboFault)) throw error;
				response = this.faultResponse(error);
			}
			if (requestId !== null && !this.requestIds.has(requestId)) {
				this.requestIds.set(requestId, { status: response.status, body: Buffer.isBuffer(response.body) ? response.body : copy(response.body), contentType: response.contentType });
			}
			return response;
		};
	}

	private faultResponse(error: QboFault): SimResponse {
		return { status: error.status, body: error.body(this.clock) };
	}

	/** Stand-in for appcenter.intuit.com/connect/oauth2: consent is instant, the browser goes back with a code. */
	private consent(req: SimRequest): SimResponse {
		const clientId = req.query.get('client_id');
		const redirectUri = req.query.get('redirect_uri');
		if (clientId !== this.clientId) return { status: 400, body: { error: 'invalid_client' } };
		if (!redirectUri) return { status: 400, body: { error: 'invalid_request', error_description: 'redirect_uri is required' } };
		if (req.query.get('response_type') !== 'code') return { status: 400, body: { error: 'unsupported_response_type' } };
		const code = this.oauth.authorize(redirectUri);
		const target = new URL(redirectUri);
		target.searchParams.set('code', code);
		const state = req.query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		// quickbooks.md §9.1: the callback carries code, state and realmId.
		target.searchParams.set('realmId', this.realmId);
		return { status: 302, headers: { location: target.toString() } };
	}

	// --- /__sandbox/ controls (paths relative to /__sandbox) ---

	private controlRoutes(): Router {
		const router = new Router();
		router.add('GET', '/info', () => ({ status: 200, body: this.info() }));
		router.add('POST', '/reset', () => {
			this.reset();
			return { status: 200, body: { reset: true, ...this.summary() } };
		});
		router.add('GET', '/state', () => ({ status: 200, body: { ...this.summary(), settings: this.store.settings, preferences: this.store.preferences, companyInfo: this.store.companyInfo } }));
		router.add('GET', '/state/:entity', (_req, params) => {
			const kind = kindByName(params.entity) ?? kindByResource(params.entity.toLowerCase());
			if (!kind) return { status: 404, body: { message: `Unknown entity ${params.entity}` } };
			return { status: 200, body: { [kind.name]: this.store.list(kind.name) } };
		});
		router.add('GET', '/state/:entity/:id', (_req, params) => {
			const kind = kindByName(params.entity) ?? kindByResource(params.entity.toLowerCase());
			const record = kind ? this.store.get(kind.name, params.id) : undefined;
			if (!record) return { status: 404, body: { message: `No ${params.entity} ${params.id}` } };
			return { status: 200, body: { [kind!.name]: record } };
		});
		router.add('POST', '/tokens', () => ({ status: 200, body: this.issueTokens() }));
		router.add('POST', '/tokens/expire', () => {
			this.expireAccessTokens();
			return { status: 204 };
		});
		router.add('GET', '/settings', () => ({ status: 200, body: this.store.settings }));
		router.add('POST', '/settings', (req) => {
			if (!isObject(req.body)) return { status: 400, body: { message: 'JSON object expected' } };
			return { status: 200, body: this.configure(req.body) };
		});
		router.add('POST', '/seed', (req) => {
			try {
				return { status: 200, body: this.seed(isObject(req.body) ? (req.body as SeedRequest) : {}) };
			} catch (error) {
				if (error instanceof QboFault) return { status: 400, body: error.body(this.clock) };
				throw error;
			}
		});
		router.add('POST', '/clock', (req) => {
			const body = isObject(req.body) ? req.body : {};
			if (body.freeze === true) this.clock.freeze();
			const seconds = body.advanceSeconds === undefined ? 0 : Number(body.advanceSeconds);
			if (!Number.isFinite(seconds)) return { status: 400, body: { message: 'advanceSeconds (number) expected' } };
			this.advanceClock(seconds);
			return { status: 200, body: { now: this.clock.responseTime() } };
		});
		// The OAuth dance without a browser: a code for redirect_uri, or a redirect like the consent page.
		router.add('POST', '/authorize', (req) => {
			const redirectUri = isObject(req.body) && typeof req.body.redirect_uri === 'string' ? req.body.redirect_uri : undefined;
			return { status: 200, body: { code: this.oauth.authorize(redirectUri), realmId: this.realmId } };
		});
		router.add('GET', '/authorize', (req) => this.consent(req));
		// The app's webhook subscription (quickbooks.md §8.2): { url, verifierToken, format: 'cloudevents' | 'legacy' }.
		router.add('POST', '/webhooks', (req) => {
			const body = isObject(req.body) ? req.body : {};
			if (typeof body.url !== 'string' || typeof body.verifierToken !== 'string') return { status: 400, body: { message: 'url and verifierToken (strings) expected' } };
			const format: WebhookFormat = body.format === 'legacy' ? 'legacy' : 'cloudevents';
			this.webhooks?.close();
			this.webhooks = new WebhookDispatcher({ url: body.url, verifierToken: body.verifierToken, format });
			return { status: 200, body: { url: body.url, format } };
		});
		return router;
	}

	info(): Record<string, unknown> {
		return {
			url: this.url,
			apiBase: this.apiBase,
			realmId: this.realmId,
			clientId: this.clientId,
			clientSecret: this.clientSecret,
			tokenUrl: this.tokenUrl,
			authorizeUrl: this.authorizeUrl,
			revokeUrl: this.revokeUrl,
			scope: 'com.intuit.quickbooks.accounting',
		};
	}

	private summary(): Record<string, unknown> {
		const counts: Record<string, number> = {};
		for (const kind of ENTITY_KINDS) counts[kind.name] = this.store.count(kind.name);
		return { realmId: this.realmId, now: this.clock.responseTime(), counts };
	}
}

function hasFields(body: unknown): boolean {
	return isObject(body) && Object.keys(body).length > 0;
}

export async function startQuickBooksSimulator(options: QuickBooksSimulatorOptions = {}): Promise<QuickBooksSimulator> {
	return new QuickBooksSimulator(options).start();
}

export { DEFAULT_COMPANY, CUSTOM_FIELD_NAMES } from './seed';
export type { QuickBooksSettings, DuplicateRequestIdMode, Country, EntityName, QboRecord } from './store';
export type { TokenSet } from './oauth';
export type { SeedRequest, SeedResult } from './seed';
