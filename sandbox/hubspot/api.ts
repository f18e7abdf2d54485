import { Router, type RouteHandler, type SimRequest, type SimResponse } from '../common/server';
import {
	OBJECT_TYPES,
	associationPairOf,
	associationTypeId,
	associationTypeName,
	resolveObjectType,
	v3AssociationKey,
	type ObjectTypeName,
	type PropertyDefinition,
	type PropertyType,
} from './schema';
import { compareIds, type CrmObject, type HubSpotStore, type IndexedVersion, type PropertyMap } from './store';
import { runSearch } from './search';
import { checkApiArchive, checkApiWrite } from './rules';
import { HubSpotApiError, authenticationError, errorBody, notFound, validationError } from './errors';
import type { RateLimiter } from './ratelimit';
import { isoOf } from './values';

export interface ApiContext {
	store: HubSpotStore;
	limiter: RateLimiter;
	/** Bearer tokens the simulated account accepts. */
	tokens: Set<string>;
}

// hubspot.md §1.2: "Object API batch endpoints are limited to 100 inputs per request"; list "limit is up to 100".
const BATCH_LIMIT = 100;
const LIST_LIMIT = 100;
// hubspot.md §1.5: "Batch read associations: limited to 1,000 inputs per request body".
const ASSOCIATION_BATCH_LIMIT = 1000;
const ASSOCIATION_PAGE_LIMIT = 500;

/** hubspot.md §0.1: date versions ship each March and September; 2026-03 is the first. */
export const DATE_VERSIONS: readonly string[] = ['2026-03', '2026-09'];

/** A path HubSpot has no route for: its error shape (hubspot.md §5.2), as on every other error. */
export function routeNotFound(req: SimRequest): HubSpotApiError {
	return new HubSpotApiError(404, errorBody('OBJECT_NOT_FOUND', `Unable to route ${req.method} request to ${req.path}`));
}

type Handler = (req: SimRequest, params: Record<string, string>) => SimResponse;

/** The HubSpot API routes the simulator answers: the paths @hubspot/api-client 13.5.0 builds. */
export function buildApiRouter(context: ApiContext): Router {
	const router = new Router();
	const api = (handler: Handler, options: { search?: boolean } = {}): RouteHandler => guarded(context, handler, options.search ?? false);
	const { store } = context;

	router.add('GET', '/account-info/v3/details', api(() => ({ status: 200, body: accountDetails(store) })));

	// ------------------------------------------------------------------ properties
	router.add('GET', '/crm/v3/properties/:objectType/groups', api((_req, params) => {
		const type = objectType(params.objectType);
		return { status: 200, body: { results: [...store.propertyGroups(type).values()].filter((group) => !group.archived) } };
	}));
	router.add('POST', '/crm/v3/properties/:objectType/groups', api((req, params) => createGroup(store, objectType(params.objectType), req.body)));
	router.add('GET', '/crm/v3/properties/:objectType/groups/:groupName', api((_req, params) => {
		const group = store.propertyGroups(objectType(params.objectType)).get(params.groupName);
		if (!group || group.archived) throw notFound(`Unable to find property group ${params.groupName}`);
		return { status: 200, body: group };
	}));
	router.add('GET', '/crm/v3/properties/:objectType', api((req, params) => {
		const type = objectType(params.objectType);
		const archived = req.query.get('archived') === 'true';
		return { status: 200, body: { results: [...store.propertyDefinitions(type).values()].filter((definition) => definition.archived === archived) } };
	}));
	router.add('POST', '/crm/v3/properties/:objectType', api((req, params) => createProperty(store, objectType(params.objectType), req.body)));
	router.add('GET', '/crm/v3/properties/:objectType/:propertyName', api((_req, params) => {
		const type = objectType(params.objectType);
		const definition = store.propertyDefinition(type, params.propertyName);
		if (!definition || definition.archived) {
			throw notFound(`Unable to find property ${params.propertyName} for object type ${OBJECT_TYPES[type].typeId}`, { propertyName: [params.propertyName] });
		}
		return { status: 200, body: definition };
	}));

	// ------------------------------------------------------------------ objects
	// hubspot.md §0.1 and §1.2: each object route also answers under its date-versioned path
	// (/crm/objects/2026-03/invoices/search for /crm/v3/objects/invoices/search); an unknown version is a 404.
	const objects = (method: string, suffix: string, handler: RouteHandler): void => {
		router.add(method, `/crm/v3/objects${suffix}`, handler);
		router.add(method, `/crm/objects/:apiVersion${suffix}`, (req, params) => {
			if (!DATE_VERSIONS.includes(params.apiVersion)) return routeNotFound(req).toResponse();
			return handler(req, params);
		});
	};
	objects('POST', '/:objectType/search', api((req, params) => {
		const type = objectType(params.objectType);
		const outcome = runSearch(store, type, req.body, store.now());
		const properties = listParam((req.body as { properties?: unknown }).properties);
		const body: Record<string, unknown> = {
			total: outcome.total,
			results: outcome.matches.map((entry) => presentVersion(store, type, entry, properties)),
		};
		if (outcome.nextAfter !== undefined) body.paging = { next: { after: outcome.nextAfter } };
		return { status: 200, body };
	}, { search: true }));
	objects('POST', '/:objectType/batch/read', api((req, params) => batchRead(store, objectType(params.objectType), req)));
	objects('POST', '/:objectType/batch/update', api((req, params) => batchUpdate(store, objectType(params.objectType), req)));
	objects('POST', '/:objectType/batch/create', api((req, params) => batchCreate(store, objectType(params.objectType), req)));
	objects('POST', '/:objectType/batch/archive', api((req, params) => batchArchive(store, objectType(params.objectType), req)));
	objects('GET', '/:objectType', api((req, params) => listObjects(store, objectType(params.objectType), req)));
	objects('POST', '/:objectType', api((req, params) => {
		const type = objectType(params.objectType);
		const record = createFromInput(store, type, req.body);
		return { status: 201, body: presentRecord(store, record, writtenProperties(type, req.body)) };
	}));
	objects('GET', '/:objectType/:objectId', api((req, params) => {
		const type = objectType(params.objectType);
		const archived = req.query.get('archived') === 'true';
		const record = findRecord(store, type, params.objectId, req.query.get('idProperty'), archived);
		return {
			status: 200,
			body: presentRecord(store, record, {
				properties: listParam(req.query.getAll('properties')),
				withHistory: listParam(req.query.getAll('propertiesWithHistory')),
				associations: associationTypesParam(req.query.getAll('associations')),
			}),
		};
	}));
	objects('PATCH', '/:objectType/:objectId', api((req, params) => {
		const type = objectType(params.objectType);
		const record = findRecord(store, type, params.objectId, req.query.get('idProperty'), false);
		const values = store.normalizeProperties(type, propertiesOf(req.body), 'api');
		checkApiWrite(store, type, record, values);
		store.update(record, values, { sourceType: 'API' });
		return { status: 200, body: presentRecord(store, record, writtenProperties(type, req.body)) };
	}));
	objects('DELETE', '/:objectType/:objectId', api((_req, params) => {
		const type = objectType(params.objectType);
		const record = findRecord(store, type, params.objectId, null, false);
		checkApiArchive(type, record);
		store.archive(record);
		return { status: 204 };
	}));

	// ------------------------------------------------------------------ associations v4
	router.add('POST', '/crm/v4/associations/:fromType/:toType/batch/read', api((req, params) =>
		batchReadAssociations(store, objectType(params.fromType), objectType(params.toType), req.body),
	));
	router.add('POST', '/crm/v4/associations/:fromType/:toType/batch/associate/default', api((req, params) => {
		const fromType = objectType(params.fromType);
		const toType = objectType(params.toType);
		const inputs = batchInputs(req.body, ASSOCIATION_BATCH_LIMIT) as Array<{ from?: { id?: unknown }; to?: { id?: unknown } }>;
		const results = inputs.map((input) => associateDefault(store, fromType, String(input.from?.id ?? ''), toType, String(input.to?.id ?? '')));
		return { status: 200, body: batchEnvelope(results.flat()) };
	}));
	router.add('POST', '/crm/v4/associations/:fromType/:toType/batch/create', api((req, params) => {
		const fromType = objectType(params.fromType);
		const toType = objectType(params.toType);
		const inputs = batchInputs(req.body, ASSOCIATION_BATCH_LIMIT) as Array<{ from?: { id?: unknown }; to?: { id?: unknown }; types?: unknown }>;
		const results = inputs.map((input) => associateLabeled(store, fromType, String(input.from?.id ?? ''), toType, String(input.to?.id ?? ''), input.types));
		return { status: 201, body: batchEnvelope(results) };
	}));
	router.add('POST', '/crm/v4/associations/:fromType/:toType/batch/archive', api((req, params) => {
		const fromType = objectType(params.fromType);
		const toType = objectType(params.toType);
		const inputs = batchInputs(req.body, ASSOCIATION_BATCH_LIMIT) as Array<{ from?: { id?: unknown }; to?: Array<{ id?: unknown }> }>;
		for (const input of inputs) {
			for (const to of input.to ?? []) store.unassociate(fromType, String(input.from?.id ?? ''), toType, String(to.id ?? ''));
		}
		return { status: 204 };
	}));
	router.add('GET', '/crm/v4/objects/:objectType/:objectId/associations/:toType', api((req, params) =>
		listAssociations(store, objectType(params.objectType), params.objectId, objectType(params.toType), req),
	));
	router.add('PUT', '/crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId', api((_req, params) => {
		const results = associateDefault(store, objectType(params.fromType), params.fromId, objectType(params.toType), params.toId);
		return { status: 200, body: batchEnvelope(results) };
	}));
	router.add('PUT', '/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', api((req, params) => {
		const fromType = objectType(params.fromType);
		const toType = objectType(params.toType);
		associateLabeled(store, fromType, params.fromId, toType, params.toId, req.body);
		return {
			status: 201,
			body: {
				fromObjectTypeId: OBJECT_TYPES[fromType].typeId,
				fromObjectId: Number(params.fromId),
				toObjectTypeId: OBJECT_TYPES[toType].typeId,
				toObjectId: Number(params.toId),
				labels: [],
			},
		};
	}));
	router.add('DELETE', '/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', api((_req, params) => {
		store.unassociate(objectType(params.fromType), params.fromId, objectType(params.toType), params.toId);
		return { status: 204 };
	}));

	return router;
}

/** Auth, rate limit, then the handler; HubSpotApiError becomes HubSpot's answer. */
function guarded(context: ApiContext, handler: Handler, isSearch: boolean): RouteHandler {
	return (req, params) => {
		let headers: Record<string, string> = {};
		try {
			// hubspot.md §7.1: every call carries `Authorization: Bearer <token>`; otherwise 401 INVALID_AUTHENTICATION.
			const token = bearerToken(req);
			if (!token || !context.tokens.has(token)) throw authenticationError();
			headers = context.limiter.admit(token, isSearch, context.store.now());
			const response = handler(req, params);
			return { ...response, headers: { ...headers, ...(response.headers ?? {}) } };
		} catch (error) {
			if (error instanceof HubSpotApiError) return { status: error.status, body: error.body, headers: { ...headers, ...error.headers } };
			throw error;
		}
	};
}

function bearerToken(req: SimRequest): string | undefined {
	const header = req.headers.authorization;
	const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
	return match?.[1];
}

function accountDetails(store: HubSpotStore): Record<string, unknown> {
	return {
		portalId: store.portalId,
		accountType: 'STANDARD',
		timeZone: 'US/Eastern',
		companyCurrency: 'USD',
		additionalCurrencies: ['EUR', 'GBP', 'JPY', 'KWD'],
		utcOffset: '-05:00',
		utcOffsetMilliseconds: -18_000_000,
		uiDomain: 'app.hubspot.com',
		dataHostingLocation: 'na1',
	};
}

function objectType(name: string): ObjectTypeName {
	const type = resolveObjectType(name);
	if (!type) throw validationError(`Unable to infer object type from: ${name}`);
	return type;
}

/** Query lists come repeated (`properties=a&properties=b`, as the SDK sends them) or comma separated. */
function listParam(raw: unknown): string[] | undefined {
	if (raw === undefined || raw === null) return undefined;
	const values = Array.isArray(raw) ? raw : [raw];
	const names = values.flatMap((value) => String(value).split(',')).map((name) => name.trim()).filter(Boolean);
	return names.length > 0 ? names : undefined;
}

function associationTypesParam(raw: string[]): ObjectTypeName[] | undefined {
	const names = listParam(raw);
	if (!names) return undefined;
	return names.map((name) => objectType(name));
}

function propertiesOf(body: unknown): Record<string, unknown> {
	const properties = (body as { properties?: unknown } | undefined)?.properties;
	if (!properties || typeof properties !== 'object' || Array.isArray(properties)) {
		throw validationError('Invalid input JSON on line 1: the body must be an object with a "properties" object.');
	}
	return properties as Record<string, unknown>;
}

function findRecord(store: HubSpotStore, type: ObjectTypeName, idText: string, idProperty: string | null, archived: boolean): CrmObject {
	let record: CrmObject | undefined;
	if (idProperty && idProperty !== 'hs_object_id') {
		const definition = store.propertyDefinition(type, idProperty);
		if (!definition) throw validationError(`Property "${idProperty}" does not exist`);
		if (!definition.hasUniqueValue) throw validationError(`Property "${idProperty}" is not a unique identifier property; idProperty must have unique values.`);
		for (const candidate of store.records(type).values()) {
			if (candidate.archived === archived && candidate.properties[idProperty] === idText) {
				record = candidate;
				break;
			}
		}
	} else {
		const candidate = store.get(type, idText);
		record = candidate && candidate.archived === archived ? candidate : undefined;
	}
	if (!record) {
		const numeric = /^\d+$/.test(idText);
		throw notFound(numeric ? 'resource not found' : 'Object not found.  objectId are usually numeric.', { id: [idText] });
	}
	return record;
}

// ------------------------------------------------------------------ presenting records

interface PresentOptions {
	properties?: string[];
	withHistory?: string[];
	associations?: ObjectTypeName[];
}

/**
 * The properties block: the asked-for properties that exist (null when empty) or the type's defaults, plus
 * hs_object_id and the create/modify dates HubSpot always returns (hubspot.md §1.2 "Default properties").
 * Names that are not properties are left out silently.
 */
function selectProperties(store: HubSpotStore, type: ObjectTypeName, values: PropertyMap, requested: string[] | undefined): Record<string, string | null> {
	const info = OBJECT_TYPES[type];
	const names = requested ?? info.defaultProperties;
	const selected: Record<string, string | null> = {};
	for (const name of [info.createDateProperty, info.lastModifiedProperties[0], 'hs_object_id', ...names]) {
		if (!store.propertyDefinition(type, name)) continue;
		selected[name] = values[name] ?? null;
	}
	return selected;
}

function presentVersion(store: HubSpotStore, type: ObjectTypeName, entry: IndexedVersion, properties: string[] | undefined): Record<string, unknown> {
	return {
		id: entry.id,
		properties: selectProperties(store, type, entry.properties, properties),
		createdAt: isoOf(entry.createdAt),
		updatedAt: isoOf(entry.updatedAt),
		archived: false,
	};
}

export function presentRecord(store: HubSpotStore, record: CrmObject, options: PresentOptions): Record<string, unknown> {
	const body: Record<string, unknown> = {
		id: record.id,
		properties: selectProperties(store, record.type, record.properties, options.properties),
		createdAt: isoOf(record.createdAt),
		updatedAt: isoOf(record.updatedAt),
		archived: record.archived,
	};
	if (record.archived && record.archivedAt !== undefined) body.archivedAt = isoOf(record.archivedAt);
	if (options.withHistory) {
		const history: Record<string, unknown[]> = {};
		for (const name of options.withHistory) {
			if (!store.propertyDefinition(record.type, name)) continue;
			history[name] = store.history(record, name).map((entry) => ({
				value: entry.value,
				timestamp: isoOf(entry.timestamp),
				sourceType: entry.sourceType,
				...(entry.sourceId ? { sourceId: entry.sourceId } : {}),
			}));
		}
		body.propertiesWithHistory = history;
	}
	if (options.associations) {
		const associations: Record<string, unknown> = {};
		for (const toType of options.associations) {
			const ids = store.associatedIds(record, toType);
			if (ids.length === 0) continue;
			const typeName = associationTypeName(record.type, toType);
			associations[v3AssociationKey(toType)] = { results: ids.map((id) => ({ id, type: typeName })) };
		}
		if (Object.keys(associations).length > 0) body.associations = associations;
	}
	return body;
}

// ------------------------------------------------------------------ list, create, batch

function listObjects(store: HubSpotStore, type: ObjectTypeName, req: SimRequest): SimResponse {
	const limit = intParam(req.query.get('limit'), 10, 'limit');
	if (limit < 1 || limit > LIST_LIMIT) throw validationError(`limit must be between 1 and ${LIST_LIMIT}; got ${limit}.`);
	const after = req.query.get('after');
	if (after !== null && !/^\d+$/.test(after)) throw validationError(`after must be a record id cursor; got ${after}.`);
	const archived = req.query.get('archived') === 'true';
	const options: PresentOptions = {
		properties: listParam(req.query.getAll('properties')),
		withHistory: listParam(req.query.getAll('propertiesWithHistory')),
		associations: associationTypesParam(req.query.getAll('associations')),
	};
	const page: CrmObject[] = [];
	let more = false;
	for (const record of store.records(type).values()) {
		if (record.archived !== archived) continue;
		if (after !== null && compareIds(record.id, after) <= 0) continue;
		if (page.length === limit) {
			more = true;
			break;
		}
		page.push(record);
	}
	const body: Record<string, unknown> = { results: page.map((record) => presentRecord(store, record, options)) };
	if (more) {
		const next = page[page.length - 1].id;
		body.paging = { next: { after: next, link: `http://${req.headers.host ?? 'localhost'}${req.path}?after=${next}` } };
	}
	return { status: 200, body };
}

/** Write answers show the type's default properties and the ones just written. */
function writtenProperties(type: ObjectTypeName, input: unknown): PresentOptions {
	const written = Object.keys((input as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
	return { properties: [...OBJECT_TYPES[type].defaultProperties, ...written] };
}

function intParam(raw: string | null, fallback: number, name: string): number {
	if (raw === null || raw === '') return fallback;
	if (!/^-?\d+$/.test(raw)) throw validationError(`${name} must be an integer; got ${raw}.`);
	return Number(raw);
}

function batchInputs(body: unknown, max: number): unknown[] {
	const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
	if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: the body must be an object with an "inputs" array.');
	if (inputs.length > max) {
		throw validationError(`Batch input size of ${inputs.length} exceeds the maximum of ${max} inputs per request.`, { context: { inputs: [String(inputs.length)] } });
	}
	return inputs;
}

function batchEnvelope(results: unknown[], errors: unknown[] = []): Record<string, unknown> {
	const now = new Date().toISOString();
	const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: now, completedAt: now };
	if (errors.length > 0) {
		body.numErrors = errors.length;
		body.errors = errors;
	}
	return body;
}

function batchRead(store: HubSpotStore, type: ObjectTypeName, req: SimRequest): SimResponse {
	const body = req.body as { inputs?: unknown; properties?: unknown; propertiesWithHistory?: unknown; idProperty?: unknown; associations?: unknown };
	const inputs = batchInputs(body, BATCH_LIMIT) as Array<{ id?: unknown }>;
	const archived = req.query.get('archived') === 'true';
	const idProperty = typeof body.idProperty === 'string' ? body.idProperty : null;
	// hubspot.md §1.2: "associations is not supported on batch read" (ignored, as HubSpot ignores it).
	const options: PresentOptions = { properties: listParam(body.properties), withHistory: listParam(body.propertiesWithHistory) };
	const results: unknown[] = [];
	const missing: string[] = [];
	const seen = new Set<string>();
	for (const input of inputs) {
		const id = String(input?.id ?? '');
		if (seen.has(id)) continue;
		seen.add(id);
		try {
			results.push(presentRecord(store, findRecord(store, type, id, idProperty, archived), options));
		} catch (error) {
			if (!(error instanceof HubSpotApiError) || error.status !== 404) throw error;
			missing.push(id);
		}
	}
	if (missing.length === 0) return { status: 200, body: batchEnvelope(results) };
	const error = errorBody(
		'OBJECT_NOT_FOUND',
		`Could not get some ${OBJECT_TYPES[type].singular} objects, they may be deleted or not exist. Check that ids are valid.`,
		{ context: { ids: missing } },
	);
	delete (error as { correlationId?: string }).correlationId;
	return { status: 207, body: batchEnvelope(results, [error]) };
}

function batchUpdate(store: HubSpotStore, type: ObjectTypeName, req: SimRequest): SimResponse {
	const inputs = batchInputs(req.body, BATCH_LIMIT) as Array<{ id?: unknown; properties?: unknown }>;
	const ids = inputs.map((input) => String(input?.id ?? ''));
	const duplicates = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
	if (duplicates.length > 0) throw validationError(`Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`);
	// Every input is validated before anything is written: a bad value fails the whole batch.
	const planned: Array<{ record: CrmObject; values: Record<string, string> }> = [];
	const missing: string[] = [];
	for (const input of inputs) {
		const id = String(input?.id ?? '');
		const values = store.normalizeProperties(type, propertiesOf(input), 'api');
		const record = store.live(type, id);
		if (!record) {
			missing.push(id);
			continue;
		}
		checkApiWrite(store, type, record, values);
		planned.push({ record, values });
	}
	const at = store.now();
	for (const { record, values } of planned) store.update(record, values, { at, sourceType: 'API' });
	const results = planned.map(({ record, values }) => presentRecord(store, record, { properties: [...OBJECT_TYPES[type].defaultProperties, ...Object.keys(values)] }));
	if (missing.length === 0) return { status: 200, body: batchEnvelope(results) };
	return {
		status: 207,
		body: batchEnvelope(results, [
			{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not find some ${OBJECT_TYPES[type].singular} objects to update. Check that ids are valid.`, context: { ids: missing } },
		]),
	};
}

function batchCreate(store: HubSpotStore, type: ObjectTypeName, req: SimRequest): SimResponse {
	const inputs = batchInputs(req.body, BATCH_LIMIT);
	const records = inputs.map((input) => createFromInput(store, type, input));
	return { status: 201, body: batchEnvelope(records.map((record, index) => presentRecord(store, record, writtenProperties(type, inputs[index])))) };
}

function batchArchive(store: HubSpotStore, type: ObjectTypeName, req: SimRequest): SimResponse {
	const inputs = batchInputs(req.body, BATCH_LIMIT) as Array<{ id?: unknown }>;
	const records = inputs.map((input) => store.live(type, String(input?.id ?? ''))).filter((record): record is CrmObject => !!record);
	for (const record of records) checkApiArchive(type, record);
	for (const record of records) store.archive(record);
	return { status: 204 };
}

/** POST create with optional inline associations (hubspot.md §1.3: batch/create with associations, type 177). */
function createFromInput(store: HubSpotStore, type: ObjectTypeName, input: unknown): CrmObject {
	const values = store.normalizeProperties(type, propertiesOf(input), 'api');
	const links = parseInlineAssociations(store, type, (input as { associations?: unknown }).associations);
	const counts: Partial<Record<ObjectTypeName, number>> = {};
	for (const link of links) counts[link.toType] = (counts[link.toType] ?? 0) + 1;
	checkApiWrite(store, type, undefined, values, counts);
	const at = store.now();
	// Status moves are applied after the parts are associated, as HubSpot's create-then-open flow does.
	const { hs_invoice_status: status, ...rest } = values;
	const record = store.create(type, type === 'invoices' ? rest : values, { at, sourceType: 'API' });
	for (const link of links) store.associate(type, record.id, link.toType, link.toId, at);
	if (type === 'invoices' && status && status !== 'draft') store.update(record, { hs_invoice_status: status }, { at, sourceType: 'API' });
	return record;
}

function parseInlineAssociations(store: HubSpotStore, type: ObjectTypeName, raw: unknown): Array<{ toType: ObjectTypeName; toId: string }> {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw validationError('associations must be an array.');
	return raw.map((association: { to?: { id?: unknown }; types?: unknown }) => {
		const toId = String(association?.to?.id ?? '');
		const types = Array.isArray(association?.types) ? association.types : [];
		if (types.length === 0) throw validationError('Each association needs "types" with associationCategory and associationTypeId.');
		const pair = resolveTypes(type, types);
		if (!store.live(pair, toId)) throw notFound(`No ${OBJECT_TYPES[pair].singular} with id ${toId} exists to associate.`, { id: [toId] });
		return { toType: pair, toId };
	});
}

/** The target type of association type ids given for a source type; unknown or mismatched ids are refused. */
function resolveTypes(fromType: ObjectTypeName, types: unknown[]): ObjectTypeName {
	let target: ObjectTypeName | undefined;
	for (const spec of types as Array<{ associationCategory?: unknown; associationTypeId?: unknown }>) {
		const typeId = Number(spec?.associationTypeId);
		const pair = associationPairOf(typeId);
		if (!pair || pair[0] !== fromType) {
			throw validationError(`${spec?.associationTypeId} is not a valid association type id from ${OBJECT_TYPES[fromType].singular} objects.`);
		}
		if (spec?.associationCategory !== undefined && spec.associationCategory !== 'HUBSPOT_DEFINED') {
			throw validationError(`Association type ${typeId} is HUBSPOT_DEFINED, not ${String(spec.associationCategory)}.`);
		}
		target = pair[1];
	}
	return target!;
}

// ------------------------------------------------------------------ associations v4

function associationTypesOf(from: ObjectTypeName, to: ObjectTypeName): Array<{ category: string; typeId: number; label: null }> {
	return [{ category: 'HUBSPOT_DEFINED', typeId: associationTypeId(from, to)!, label: null }];
}

function requirePair(fromType: ObjectTypeName, toType: ObjectTypeName): void {
	if (associationTypeId(fromType, toType) === undefined) {
		throw validationError(`There are no association types between ${OBJECT_TYPES[fromType].singular} and ${OBJECT_TYPES[toType].singular} objects.`);
	}
}

function listAssociations(store: HubSpotStore, fromType: ObjectTypeName, id: string, toType: ObjectTypeName, req: SimRequest): SimResponse {
	requirePair(fromType, toType);
	const record = findRecord(store, fromType, id, null, false);
	const limit = intParam(req.query.get('limit'), ASSOCIATION_PAGE_LIMIT, 'limit');
	if (limit < 1 || limit > ASSOCIATION_PAGE_LIMIT) throw validationError(`limit must be between 1 and ${ASSOCIATION_PAGE_LIMIT}; got ${limit}.`);
	const offset = intParam(req.query.get('after'), 0, 'after');
	const ids = store.associatedIds(record, toType);
	const page = ids.slice(offset, offset + limit);
	const body: Record<string, unknown> = {
		results: page.map((toId) => ({ toObjectId: Number(toId), associationTypes: associationTypesOf(fromType, toType) })),
	};
	if (offset + limit < ids.length) {
		const after = String(offset + limit);
		body.paging = { next: { after, link: `http://${req.headers.host ?? 'localhost'}${req.path}?after=${after}` } };
	}
	return { status: 200, body };
}

/**
 * v4 batch read (hubspot.md §1.5: ≤1,000 inputs). Inputs without associations (or records that do not exist)
 * come back as errors with 207 Multi-Status [unverified wording; the SDK models 207 for this endpoint].
 */
function batchReadAssociations(store: HubSpotStore, fromType: ObjectTypeName, toType: ObjectTypeName, body: unknown): SimResponse {
	requirePair(fromType, toType);
	const inputs = batchInputs(body, ASSOCIATION_BATCH_LIMIT) as Array<{ id?: unknown }>;
	const results: unknown[] = [];
	const errors: unknown[] = [];
	const seen = new Set<string>();
	for (const input of inputs) {
		const id = String(input?.id ?? '');
		if (seen.has(id)) continue;
		seen.add(id);
		const record = store.live(fromType, id);
		const ids = record ? store.associatedIds(record, toType) : [];
		if (ids.length === 0) {
			errors.push({
				status: 'error',
				category: 'OBJECT_NOT_FOUND',
				subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
				context: { fromObjectId: [id] },
				links: {},
				message: `No ${OBJECT_TYPES[toType].singular} is associated with ${OBJECT_TYPES[fromType].singular} ${id}.`,
			});
			continue;
		}
		results.push({
			from: { id },
			to: ids.map((toId) => ({ toObjectId: Number(toId), associationTypes: associationTypesOf(fromType, toType) })),
		});
	}
	return { status: errors.length > 0 ? 207 : 200, body: batchEnvelope(results, errors) };
}

function associateDefault(store: HubSpotStore, fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string): unknown[] {
	requirePair(fromType, toType);
	findRecord(store, fromType, fromId, null, false);
	findRecord(store, toType, toId, null, false);
	store.associate(fromType, fromId, toType, toId);
	return [
		{ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: associationTypeId(fromType, toType) } },
		{ from: { id: toId }, to: { id: fromId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: associationTypeId(toType, fromType) } },
	];
}

function associateLabeled(store: HubSpotStore, fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, types: unknown): unknown {
	requirePair(fromType, toType);
	if (!Array.isArray(types) || types.length === 0) throw validationError('The body must be an array of {associationCategory, associationTypeId}.');
	const target = resolveTypes(fromType, types);
	if (target !== toType) throw validationError(`The association type ids given do not link ${OBJECT_TYPES[fromType].singular} to ${OBJECT_TYPES[toType].singular} objects.`);
	findRecord(store, fromType, fromId, null, false);
	findRecord(store, toType, toId, null, false);
	store.associate(fromType, fromId, toType, toId);
	return {
		fromObjectTypeId: OBJECT_TYPES[fromType].typeId,
		fromObjectId: Number(fromId),
		toObjectTypeId: OBJECT_TYPES[toType].typeId,
		toObjectId: Number(toId),
		labels: [],
	};
}

// ------------------------------------------------------------------ property definitions

const FIELD_TYPES_BY_TYPE: Record<PropertyType, string[]> = {
	string: ['text', 'textarea', 'file', 'html', 'phonenumber'],
	number: ['number', 'calculation_equation'],
	date: ['date'],
	datetime: ['date'],
	enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
	bool: ['booleancheckbox'],
};

/** POST /crm/v3/properties/{objectType}: creates a custom property; refuses what HubSpot refuses. */
function createProperty(store: HubSpotStore, type: ObjectTypeName, body: unknown): SimResponse {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationError('Invalid input JSON: the body must be a property definition object.');
	const input = body as Record<string, unknown>;
	const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].filter((key) => typeof input[key] !== 'string' || input[key] === '');
	if (missing.length > 0) {
		throw validationError(`Missing required fields for a property: ${missing.join(', ')}`, { errors: missing.map((key) => ({ message: `${key} is required`, code: 'REQUIRED_FIELD', context: { field: [key] } })) });
	}
	const name = input.name as string;
	if (store.propertyDefinition(type, name)) {
		throw new HubSpotApiError(409, errorBody('OBJECT_ALREADY_EXISTS', `Property named '${name}' already exists.`, { context: { name: [name] } }));
	}
	if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > 100) {
		throw validationError(`Property name '${name}' is invalid: use lowercase letters, digits and underscores, starting with a letter.`);
	}
	if (name.startsWith('hs_')) throw validationError(`Property name '${name}' is invalid: the hs_ prefix is reserved for HubSpot-defined properties.`);
	const propertyType = input.type as PropertyType;
	if (!(propertyType in FIELD_TYPES_BY_TYPE)) throw validationError(`'${String(input.type)}' is not a valid property type.`);
	const fieldType = input.fieldType as string;
	if (!FIELD_TYPES_BY_TYPE[propertyType].includes(fieldType)) {
		throw validationError(`fieldType '${fieldType}' cannot be used with type '${propertyType}'; allowed: ${FIELD_TYPES_BY_TYPE[propertyType].join(', ')}.`);
	}
	const groupName = input.groupName as string;
	if (!store.propertyGroups(type).has(groupName)) throw validationError(`Property group '${groupName}' does not exist for ${OBJECT_TYPES[type].name}.`);
	let options = Array.isArray(input.options) ? (input.options as Array<Record<string, unknown>>) : [];
	if (propertyType === 'bool' && options.length === 0) options = [{ label: 'Yes', value: 'true' }, { label: 'No', value: 'false' }];
	if (propertyType === 'enumeration' && options.length === 0) throw validationError('Enumeration properties need at least one option.');
	for (const option of options) {
		if (typeof option?.label !== 'string' || typeof option?.value !== 'string') throw validationError('Each option needs a string label and value.');
	}
	const now = isoOf(store.now());
	const definition: PropertyDefinition & { createdUserId?: string; updatedUserId?: string } = {
		name,
		label: input.label as string,
		type: propertyType,
		fieldType,
		description: typeof input.description === 'string' ? input.description : '',
		groupName,
		options: options.map((option, index) => ({
			label: option.label as string,
			value: option.value as string,
			displayOrder: typeof option.displayOrder === 'number' ? option.displayOrder : index,
			hidden: option.hidden === true,
		})),
		displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1,
		calculated: false,
		externalOptions: false,
		hasUniqueValue: input.hasUniqueValue === true,
		hidden: input.hidden === true,
		hubspotDefined: false,
		formField: input.formField === true,
		modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
		createdAt: now,
		updatedAt: now,
		archived: false,
		createdUserId: '1',
		updatedUserId: '1',
	};
	store.addPropertyDefinition(type, definition);
	return { status: 201, body: definition };
}

function createGroup(store: HubSpotStore, type: ObjectTypeName, body: unknown): SimResponse {
	const input = (body ?? {}) as Record<string, unknown>;
	const missing = ['name', 'label'].filter((key) => typeof input[key] !== 'string' || input[key] === '');
	if (missing.length > 0) throw validationError(`Missing required fields for a property group: ${missing.join(', ')}`);
	const name = input.name as string;
	if (store.propertyGroups(type).has(name)) {
		throw new HubSpotApiError(409, errorBody('OBJECT_ALREADY_EXISTS', `A property group named '${name}' already exists.`, { context: { name: [name] } }));
	}
	if (!/^[a-z][a-z0-9_]*$/.test(name)) throw validationError(`Property group name '${name}' is invalid: use lowercase letters, digits and underscores.`);
	const group = { name, label: input.label as string, displayOrder: typeof input.displayOrder === 'number' ? input.displayOrder : -1, archived: false };
	store.propertyGroups(type).set(name, group);
	return { status: 201, body: group };
}
