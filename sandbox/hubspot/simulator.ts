import { Router, SimServer, type RouteHandler, type SimResponse } from '../common/server';
import { HubSpotActions, type CreateInvoiceInput, type CreatedInvoice, type InvoiceStatus, type RecordPaymentInput, type RefundInput } from './actions';
import { buildApiRouter, routeNotFound } from './api';
import { HubSpotApiError } from './errors';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitSettings } from './ratelimit';
import { OBJECT_TYPES, resolveObjectType, type ObjectTypeName } from './schema';
import { seedHubSpot, type SeedOptions, type SeedSummary } from './seed';
import { HubSpotStore, type CrmObject } from './store';
import { isoOf } from './values';
import { sandboxProfile } from '../profile';

export interface HubSpotSimulatorOptions {
	port?: number;
	host?: string;
	/** The bearer token the simulated account accepts; 'hs-sandbox-token' by default. */
	accessToken?: string;
	/** Search index lag in ms (hubspot.md §4.2 "It may take a few moments"); 0 by default. */
	indexLagMs?: number;
	/** Off by default. true = 100 per rolling 10 s per token and 5 searches per second (hubspot.md §5.1); or own numbers. */
	rateLimits?: boolean | Partial<RateLimitSettings>;
	/** Added latency per call, uniform in [min, max] ms. */
	latencyMs?: [number, number];
	/** The simulator's clock (epoch ms): timestamps, index lag and rate windows follow it. */
	now?: () => number;
	portalId?: number;
}

export interface HubSpotSimulator {
	url: string;
	token: string;
	portalId: number;
	server: SimServer;
	store: HubSpotStore;
	limiter: RateLimiter;
	actions: HubSpotActions;
	/** Back to the state right after start: empty CRM, the configured index lag, rate limits and token; no log, no faults. */
	reset(): void;
	seed(options: SeedOptions): SeedSummary;
	close(): Promise<void>;
	setIndexLag(ms: number): void;
	/** This record's later writes show in search only after `ms` (undefined: the portal-wide lag again). */
	setRecordIndexLag(type: ObjectTypeName | string, id: string, ms: number | undefined): void;
	/** true = HubSpot's defaults (100 per 10 s, 5 searches/s); an object = defaults with some numbers changed; false = off. */
	setRateLimits(setting: boolean | Partial<RateLimitSettings>): void;
	addToken(token: string): void;

	createInvoice(input?: CreateInvoiceInput): CreatedInvoice;
	setInvoiceStatus(invoiceId: string, status: InvoiceStatus, options?: { at?: number }): CrmObject;
	recordPayment(input: RecordPaymentInput): CrmObject;
	refundPayment(paymentId: string, input?: RefundInput): CrmObject;
	createObject(type: ObjectTypeName | string, properties?: Record<string, unknown>, options?: { at?: number; sourceType?: string }): CrmObject;
	updateProperties(type: ObjectTypeName | string, id: string, properties: Record<string, unknown>, options?: { at?: number; sourceType?: string }): CrmObject;
	setLastModified(type: ObjectTypeName | string, id: string, at: number | string): CrmObject;
	associate(fromType: ObjectTypeName | string, fromId: string, toType: ObjectTypeName | string, toId: string, options?: { at?: number }): void;
	archive(type: ObjectTypeName | string, id: string, options?: { at?: number }): void;
	/** A record with its history and associations, for assertions. */
	inspect(type: ObjectTypeName | string, id: string): RecordSnapshot | undefined;
}

/** A record as the control routes and `inspect` show it. */
export interface RecordSnapshot {
	id: string;
	type: ObjectTypeName;
	properties: Record<string, string>;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
	associations: Partial<Record<ObjectTypeName, string[]>>;
	history: Record<string, Array<{ value: string; timestamp: string; sourceType: string }>>;
}

/** Starts the HubSpot CRM simulator on a free port (or `port`). */
export async function startHubSpotSimulator(requested: HubSpotSimulatorOptions = {}): Promise<HubSpotSimulator> {
	// The profile (../profile.ts, HSQB_SANDBOX_PROFILE) fills in what the caller leaves out.
	const profile = sandboxProfile().hubspot;
	const options: HubSpotSimulatorOptions = {
		...requested,
		indexLagMs: requested.indexLagMs ?? profile.indexLagMs,
		rateLimits: requested.rateLimits ?? profile.rateLimits,
		latencyMs: requested.latencyMs ?? profile.latencyMs,
	};
	const token = options.accessToken ?? 'hs-sandbox-token';
	const store = new HubSpotStore({ now: options.now, indexLagMs: options.indexLagMs ?? 0, portalId: options.portalId });
	const limiter = new RateLimiter(options.rateLimits !== undefined && options.rateLimits !== false, typeof options.rateLimits === 'object' ? options.rateLimits : {});
	const tokens = new Set([token]);
	const actions = new HubSpotActions(store);
	const control = new Router();
	const server = new SimServer('hubspot', buildApiRouter({ store, limiter, tokens }), {
		latencyMs: options.latencyMs,
		control,
		// RFC 9110 §6.6.1: an origin server with a clock sends Date (whole seconds, HTTP-date format) on every answer,
		// as HubSpot's API does. From the simulator's clock, so a test can skew it against the host's.
		responseHeaders: () => ({ date: new Date(store.now()).toUTCString() }),
		notFound: (req) => routeNotFound(req).toResponse(),
	});

	const simulator: HubSpotSimulator = {
		url: '',
		token,
		portalId: store.portalId,
		server,
		store,
		limiter,
		actions,
		reset() {
			// Back to the state right after start: empty CRM, the configured lag, limits and token, no log, no faults.
			store.reset();
			store.index.lagMs = options.indexLagMs ?? 0;
			simulator.setRateLimits(options.rateLimits ?? false);
			tokens.clear();
			tokens.add(token);
			server.clearLog();
			server.faults = [];
			server.latencyMs = options.latencyMs ?? [0, 0];
		},
		seed: (seedOptions) => seedHubSpot(store, seedOptions),
		close: () => server.close(),
		setIndexLag(ms) {
			store.index.lagMs = ms;
		},
		setRecordIndexLag(type, id, ms) {
			const objectType = resolveObjectType(type);
			if (!objectType) throw new Error(`Unknown object type ${type}`);
			store.index.setRecordLag(objectType, id, ms);
		},
		setRateLimits(setting) {
			// `true` means HubSpot's default numbers; an object overrides some of them (the rest are defaults).
			limiter.enabled = setting !== false;
			limiter.settings = { ...DEFAULT_RATE_LIMITS, ...(typeof setting === 'object' ? setting : {}) };
			limiter.reset();
		},
		addToken(extra) {
			tokens.add(extra);
		},
		createInvoice: (input) => actions.createInvoice(input),
		setInvoiceStatus: (invoiceId, status, statusOptions) => actions.setInvoiceStatus(invoiceId, status, statusOptions),
		recordPayment: (input) => actions.recordPayment(input),
		refundPayment: (paymentId, input) => actions.refundPayment(paymentId, input),
		createObject: (type, properties, createOptions) => actions.createObject(type, properties, createOptions),
		updateProperties: (type, id, properties, updateOptions) => actions.updateProperties(type, id, properties, updateOptions),
		setLastModified: (type, id, at) => actions.setLastModified(type, id, at),
		associate: (fromType, fromId, toType, toId, associateOptions) => actions.associate(fromType, fromId, toType, toId, associateOptions),
		archive: (type, id, archiveOptions) => actions.archive(type, id, archiveOptions),
		inspect(type, id) {
			const objectType = resolveObjectType(type);
			const record = objectType ? store.get(objectType, id) : undefined;
			return record ? snapshot(store, record) : undefined;
		},
	};
	addControlRoutes(control, simulator);
	simulator.url = await server.start(options.port ?? 0, options.host ?? '127.0.0.1');
	return simulator;
}

function snapshot(store: HubSpotStore, record: CrmObject): RecordSnapshot {
	const associations: Partial<Record<ObjectTypeName, string[]>> = {};
	for (const type of record.associations.keys()) {
		const ids = store.associatedIds(record, type);
		if (ids.length > 0) associations[type] = ids;
	}
	const history: RecordSnapshot['history'] = {};
	for (const name of new Set([...Object.keys(record.created.properties), ...record.changes.keys()])) {
		history[name] = store.history(record, name).map((entry) => ({ value: entry.value, timestamp: isoOf(entry.timestamp), sourceType: entry.sourceType }));
	}
	return {
		id: record.id,
		type: record.type,
		properties: { ...record.properties },
		createdAt: isoOf(record.createdAt),
		updatedAt: isoOf(record.updatedAt),
		archived: record.archived,
		associations,
		history,
	};
}

/**
 * Control routes under /__sandbox/ (besides SimServer's own /log, /faults, /latency), so a separate process
 * (a real n8n, the demo CLI) can drive the simulator like the in-process helpers do.
 */
function addControlRoutes(control: Router, sim: HubSpotSimulator): void {
	const handle = (handler: (body: Record<string, unknown>, params: Record<string, string>, query: URLSearchParams) => SimResponse): RouteHandler => (req, params) => {
		try {
			const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
			return handler(body, params, req.query);
		} catch (error) {
			if (error instanceof HubSpotApiError) return error.toResponse();
			return { status: 400, body: { status: 'error', message: (error as Error).message } };
		}
	};
	const found = (type: string, id: string): SimResponse => {
		const record = sim.inspect(type, id);
		return record ? { status: 200, body: record } : { status: 404, body: { status: 'error', message: `No ${type} ${id}` } };
	};
	const at = (body: Record<string, unknown>): number | undefined => (typeof body.at === 'number' ? body.at : typeof body.at === 'string' ? Date.parse(body.at) : undefined);

	control.add('POST', '/reset', handle(() => {
		sim.reset();
		return { status: 200, body: { reset: true } };
	}));
	control.add('POST', '/seed', handle((body) => {
		const summary = sim.seed(body as unknown as SeedOptions);
		return { status: 200, body: { ...summary, invoiceIds: summary.invoiceIds.slice(0, 100), paymentIds: summary.paymentIds.slice(0, 100) } };
	}));
	control.add('GET', '/state', handle((_body, _params, query) => {
		const include = (query.get('include') ?? '').split(',').map((name) => resolveObjectType(name.trim())).filter((type): type is ObjectTypeName => !!type);
		const objects: Partial<Record<ObjectTypeName, RecordSnapshot[]>> = {};
		for (const type of include) objects[type] = [...sim.store.records(type).values()].map((record) => snapshot(sim.store, record));
		return {
			status: 200,
			body: {
				url: sim.url,
				token: sim.token,
				portalId: sim.portalId,
				counts: sim.store.counts(),
				indexLagMs: sim.store.index.lagMs,
				pendingIndexWrites: sim.store.index.pendingCount(),
				rateLimits: { enabled: sim.limiter.enabled, ...sim.limiter.settings },
				requests: sim.server.requestLog.length,
				objectTypes: Object.values(OBJECT_TYPES).map(({ name, typeId }) => ({ name, typeId })),
				...(include.length > 0 ? { objects } : {}),
			},
		};
	}));
	control.add('POST', '/config', handle((body) => {
		if (typeof body.indexLagMs === 'number') sim.setIndexLag(body.indexLagMs);
		if (body.rateLimits !== undefined) sim.setRateLimits(body.rateLimits as boolean | Partial<RateLimitSettings>);
		if (typeof body.token === 'string') sim.addToken(body.token);
		return { status: 200, body: { indexLagMs: sim.store.index.lagMs, rateLimits: { enabled: sim.limiter.enabled, ...sim.limiter.settings } } };
	}));
	control.add('POST', '/objects/invoices', handle((body) => ({ status: 201, body: sim.createInvoice(body as CreateInvoiceInput) })));
	control.add('POST', '/objects/invoices/:id/status', handle((body, params) => {
		sim.setInvoiceStatus(params.id, body.status as InvoiceStatus, { at: at(body) });
		return found('invoices', params.id);
	}));
	control.add('POST', '/objects/commerce_payments', handle((body) => {
		const payment = sim.recordPayment(body as RecordPaymentInput);
		return { status: 201, body: sim.inspect('commerce_payments', payment.id) };
	}));
	control.add('POST', '/objects/commerce_payments/:id/refund', handle((body, params) => {
		sim.refundPayment(params.id, body as RefundInput);
		return found('commerce_payments', params.id);
	}));
	control.add('POST', '/objects/:type/:id/lastmodified', handle((body, params) => {
		if (body.at === undefined) throw new Error('Give "at": epoch ms or an ISO date.');
		sim.setLastModified(params.type, params.id, body.at as number | string);
		return found(params.type, params.id);
	}));
	control.add('POST', '/objects/:type/:id/associations/:toType/:toId', handle((body, params) => {
		sim.associate(params.type, params.id, params.toType, params.toId, { at: at(body) });
		return found(params.type, params.id);
	}));
	control.add('POST', '/objects/:type', handle((body, params) => {
		const record = sim.createObject(params.type, (body.properties ?? {}) as Record<string, unknown>, { at: at(body) });
		return { status: 201, body: sim.inspect(params.type, record.id) };
	}));
	control.add('GET', '/objects/:type/:id', handle((_body, params) => found(params.type, params.id)));
	control.add('PATCH', '/objects/:type/:id', handle((body, params) => {
		sim.updateProperties(params.type, params.id, (body.properties ?? {}) as Record<string, unknown>, {
			at: at(body),
			sourceType: typeof body.sourceType === 'string' ? body.sourceType : undefined,
		});
		return found(params.type, params.id);
	}));
	control.add('DELETE', '/objects/:type/:id', handle((body, params) => {
		sim.archive(params.type, params.id, { at: at(body) });
		return { status: 204 };
	}));
}
