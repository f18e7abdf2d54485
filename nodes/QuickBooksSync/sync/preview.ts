/**
 * Preview (dry run): the real sync, up to the write, with write sinks that record instead of sending.
 * The QuickBooks and HubSpot clients are wrapped so that every read goes through and every write
 * (QuickBooks create, update, void, delete, send and /batch writes; HubSpot property writes) is noted
 * and answered with what it would have made: a create gets an id `preview-<n>`, an update the record as
 * read with the changes on it. The sync cannot tell it apart, so a preview shows exactly what that sync
 * would write, never a second copy of the mapping. No lease is taken: a preview writes nothing, so it
 * has nothing to serialize with other writers.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HubSpotClient, SyncStatusUpdate } from '../../../transport/hubspot';
import { syncStatusProperties } from '../../../transport/hubspot';
import type { Lease, SourceLeases } from '../../../transport/leases';
import { capabilitiesOf, type BatchItemResult, type BatchOperation, type QuickBooksClient, type QuickBooksEntity } from '../../../transport/quickbooks';

export const PREVIEW_ID_PREFIX = 'preview-';

/** One write the run would have made. */
export interface PreviewWrite extends IDataObject {
	system: 'QuickBooks' | 'HubSpot';
	operation: 'create' | 'update' | 'void' | 'delete' | 'send' | 'setup';
	/** QuickBooks entity (Invoice, Customer, ...) or HubSpot object type (invoices). */
	entity: string;
	/** The record written: the new id for a create (`preview-<n>`), the existing id otherwise. */
	id: string;
	/** The request body as it would be sent. */
	body: IDataObject;
	/** Updates: each field that would change, from what QuickBooks holds now to what would be sent. */
	changes?: IDataObject;
}

/** The one lease a preview holds: none. */
const NO_LEASE: Lease = { fence: 0, stillHeld: () => true };

const noLeases: SourceLeases = {
	withLease: async (_key, work) => await work(NO_LEASE),
	withLeases: async (keys, work) => await work(keys.map(() => NO_LEASE)),
};

const QUICKBOOKS_WRITES = new Set(['create', 'sparseUpdate', 'void', 'delete', 'send', 'batch', 'request']);
const QUICKBOOKS_READS = new Set(['get', 'queryPage', 'query', 'findOne']);
const HUBSPOT_WRITES = new Set(['batchUpdate', 'updateRecord', 'updateInvoiceProperties', 'writeSyncStatus', 'createPropertyGroup', 'createProperty', 'ensureSyncProperties']);

function plain(value: unknown): IDataObject {
	return JSON.parse(JSON.stringify(value ?? {})) as IDataObject;
}

/** Fields of an update that differ from the record as read: `{ field: { from, to } }`. */
function changesOf(current: IDataObject | undefined, body: IDataObject): IDataObject {
	const changes: IDataObject = {};
	for (const [field, to] of Object.entries(body)) {
		if (['Id', 'SyncToken', 'sparse'].includes(field)) continue;
		const from = current?.[field];
		if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from: from === undefined ? null : plain({ v: from }).v, to: plain({ v: to }).v } as IDataObject;
	}
	return changes;
}

export class PreviewRecorder {
	readonly writes: PreviewWrite[] = [];
	readonly leases: SourceLeases = noLeases;
	/** Records as the run read them, by entity and id: the "from" side of an update. */
	private readonly seen = new Map<string, IDataObject>();
	private created = 0;

	/** The writes recorded while `work` ran (the operations that handle one item at a time). */
	async during<T>(work: () => Promise<T>): Promise<{ value: T; writes: PreviewWrite[] }> {
		const start = this.writes.length;
		const value = await work();
		return { value, writes: this.writes.slice(start) };
	}

	private remember(entity: string, records: unknown): void {
		for (const record of Array.isArray(records) ? records : [records]) {
			const id = (record as IDataObject | undefined)?.Id;
			if (id !== undefined) this.seen.set(`${entity}:${String(id)}`, record as IDataObject);
		}
	}

	private current(entity: string, id: string): IDataObject | undefined {
		return this.seen.get(`${entity}:${id}`);
	}

	private note(write: Omit<PreviewWrite, 'body'> & { body: unknown }): void {
		this.writes.push({ ...write, body: plain(write.body) } as PreviewWrite);
	}

	private recordCreate(entity: QuickBooksEntity, payload: IDataObject): IDataObject {
		const id = `${PREVIEW_ID_PREFIX}${++this.created}`;
		this.note({ system: 'QuickBooks', operation: 'create', entity, id, body: payload });
		const record = { ...plain(payload), Id: id, SyncToken: '0' };
		this.remember(entity, record);
		return record;
	}

	private recordUpdate(entity: QuickBooksEntity, id: string, changes: IDataObject, current: IDataObject | undefined): IDataObject {
		const sparse = capabilitiesOf(entity).sparseUpdate;
		const fields: IDataObject = { ...changes };
		for (const key of ['Id', 'SyncToken', 'sparse']) delete fields[key];
		const syncToken = String(current?.SyncToken ?? changes.SyncToken ?? '');
		const body = sparse ? { ...fields, Id: id, SyncToken: syncToken, sparse: true } : { ...(current ?? {}), ...fields, Id: id, SyncToken: syncToken };
		this.note({ system: 'QuickBooks', operation: 'update', entity, id, body, changes: changesOf(current, fields) });
		const record = { ...(current ?? {}), ...plain(fields), Id: id, SyncToken: String(Number(syncToken || '0') + 1) };
		this.remember(entity, record);
		return record;
	}

	private recordRemoval(operation: 'void' | 'delete', entity: QuickBooksEntity, id: string, current: IDataObject | undefined): IDataObject {
		this.note({ system: 'QuickBooks', operation, entity, id, body: { Id: id, SyncToken: String(current?.SyncToken ?? '') } });
		return operation === 'delete' ? { Id: id, status: 'Deleted' } : { ...(current ?? {}), Id: id };
	}

	/** /batch: queries go to QuickBooks; writes are recorded and answered in their place. */
	private async batch(qb: QuickBooksClient, operations: readonly BatchOperation[]): Promise<BatchItemResult[]> {
		const queries = operations.map((operation, index) => ({ operation, index })).filter(({ operation }) => operation.operation === 'query');
		const answered = queries.length > 0 ? await qb.batch(queries.map(({ operation }) => operation)) : [];
		const results: BatchItemResult[] = [];
		operations.forEach((operation, index) => {
			if (operation.operation === 'query') {
				const answer = answered[queries.findIndex((query) => query.index === index)];
				results.push({ ...answer, index });
				return;
			}
			const id = String(operation.payload.Id ?? '');
			const current = this.current(operation.entity, id);
			if (operation.operation === 'create') results.push({ index, ok: true, record: this.recordCreate(operation.entity, operation.payload) });
			else if (operation.operation === 'update') results.push({ index, ok: true, record: this.recordUpdate(operation.entity, id, operation.payload, current) });
			else results.push({ index, ok: true, record: this.recordRemoval(operation.operation, operation.entity, id, current) });
		});
		return results;
	}

	/** The QuickBooks client the run uses: reads pass, writes are recorded. */
	quickBooks(qb: QuickBooksClient): QuickBooksClient {
		return new Proxy(qb, {
			get: (target, property, receiver) => {
				const member = Reflect.get(target, property, receiver) as unknown;
				if (typeof member !== 'function' || typeof property !== 'string') return member;
				const method = (member as (...args: unknown[]) => unknown).bind(target);
				if (QUICKBOOKS_READS.has(property)) {
					return async (...args: unknown[]) => {
						const read = await method(...args);
						this.remember(String(args[0]), read);
						return read;
					};
				}
				if (!QUICKBOOKS_WRITES.has(property)) return method;
				return async (...args: unknown[]) => await this.quickBooksWrite(target, property, args, method);
			},
		});
	}

	private async quickBooksWrite(qb: QuickBooksClient, method: string, args: unknown[], send: (...args: unknown[]) => unknown): Promise<unknown> {
		const entity = args[0] as QuickBooksEntity;
		const id = String(args[1] ?? '');
		const known = (args[2] as { current?: IDataObject } | undefined)?.current;
		const current = async () => this.current(entity, id) ?? (known?.Id !== undefined && Object.keys(known).length > 2 ? known : undefined) ?? (await qb.get<IDataObject>(entity, id));
		switch (method) {
			case 'create':
				return this.recordCreate(entity, args[1] as IDataObject);
			case 'sparseUpdate':
				return this.recordUpdate(entity, id, args[2] as IDataObject, await current());
			case 'void':
			case 'delete':
				return this.recordRemoval(method, entity, id, await current());
			case 'send':
				this.note({ system: 'QuickBooks', operation: 'send', entity, id, body: args[2] === undefined ? {} : { sendTo: args[2] } });
				return await current();
			case 'batch':
				return await this.batch(qb, args[0] as readonly BatchOperation[]);
			default: {
				// A raw request: reads (GET, and queries sent as POST) pass; anything else is recorded.
				const request = args[0] as { method?: string; path?: string; body?: unknown };
				if (request.method === 'GET' || request.path === 'query') return await send(...args);
				this.note({ system: 'QuickBooks', operation: 'update', entity: String(request.path ?? ''), id: '', body: (request.body ?? {}) as IDataObject });
				return { body: {}, headers: {} };
			}
		}
	}

	/** The HubSpot client the run uses: reads pass, property writes are recorded. */
	hubSpot(hubspot: HubSpotClient): HubSpotClient {
		return new Proxy(hubspot, {
			get: (target, property, receiver) => {
				const member = Reflect.get(target, property, receiver) as unknown;
				if (typeof member !== 'function' || typeof property !== 'string') return member;
				if (!HUBSPOT_WRITES.has(property)) return (member as (...args: unknown[]) => unknown).bind(target);
				return async (...args: unknown[]) => {
					this.hubSpotWrite(property, args);
					return property === 'ensureSyncProperties' ? { created: [], existing: [] } : [];
				};
			},
		});
	}

	private hubSpotWrite(method: string, args: unknown[]): void {
		const inputs = (objectType: string, updates: ReadonlyArray<{ id: string; properties: Record<string, string> }>) => {
			for (const { id, properties } of updates) this.note({ system: 'HubSpot', operation: 'update', entity: objectType, id, body: { properties } });
		};
		if (method === 'writeSyncStatus') {
			const updates = args[0] as ReadonlyArray<{ invoiceId: string } & SyncStatusUpdate>;
			inputs('invoices', updates.map((update) => ({ id: update.invoiceId, properties: syncStatusProperties(update) })));
		} else if (method === 'updateInvoiceProperties') inputs('invoices', args[0] as never);
		else if (method === 'batchUpdate') inputs(String(args[0]), args[1] as never);
		else if (method === 'updateRecord') inputs(String(args[0]), [{ id: String(args[1]), properties: args[2] as Record<string, string> }]);
		else this.note({ system: 'HubSpot', operation: 'setup', entity: String(args[0] ?? 'invoices'), id: '', body: (args[1] ?? {}) as IDataObject });
	}
}

/** The recorded writes that concern these QuickBooks records (by entity and id) and HubSpot records (by id). */
export function writesConcerning(writes: readonly PreviewWrite[], quickBooks: ReadonlyArray<readonly [string, string | undefined]>, hubspotIds: readonly string[] = []): PreviewWrite[] {
	const records = new Set(quickBooks.filter(([, id]) => id !== undefined && id !== '').map(([entity, id]) => `${entity}:${id}`));
	return writes.filter((write) => (write.system === 'QuickBooks' ? records.has(`${write.entity}:${write.id}`) : hubspotIds.includes(write.id)));
}

/** The node option every sync operation shares. */
export const previewOnlyProperty: INodeProperties = {
	displayName: 'Preview Only (Dry Run)',
	name: 'previewOnly',
	type: 'boolean',
	default: false,
	description:
		'Whether to only show what this run would write, writing nothing: each item gets "wouldWrite", the QuickBooks documents, customers and items that would be created or updated (request bodies; for updates each changed field from → to) and the HubSpot properties that would be written back',
};

/** A recorder when the node is set to preview, else undefined. */
export function previewRecorderFor(context: IExecuteFunctions): PreviewRecorder | undefined {
	return context.getNodeParameter('previewOnly', 0, false) === true ? new PreviewRecorder() : undefined;
}

/** The outcome of one item's work; under a preview with what it would have written. */
export async function withWouldWrite(preview: PreviewRecorder | undefined, work: () => Promise<IDataObject>): Promise<IDataObject> {
	if (preview === undefined) return await work();
	const { value, writes } = await preview.during(work);
	return { ...value, dryRun: true, wouldWrite: writes };
}
