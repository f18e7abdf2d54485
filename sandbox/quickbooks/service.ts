/**
 * The accounting service behind the HTTP routes and /batch: create, read, update (full and sparse),
 * delete, void, send and PDF, each through the entity's rules. Throws QboFault; the HTTP layer shapes it.
 */
import { kindByName } from './entities';
import {
	batchTooLarge,
	businessValidation,
	emailRequired,
	fault,
	invalidEmail,
	invalidEnumeration,
	invalidRequestIdFormat,
	objectNotFound,
	QboFault,
	requiredParamMissing,
	staleObject,
	unsupportedOperation,
	unsupportedProperty,
} from './faults';
import { isObject, readEmail, rejectUnknownFields } from './fields';
import type { EntityKind, WriteContext } from './kind';
import { renderPdf } from './pdf';
import { runQuery } from './query';
import { copy, type CompanyStore, type QboRecord } from './store';

/** quickbooks.md §3: at most 30 items per batch (1040 beyond). */
export const BATCH_LIMIT = 30;
/** quickbooks.md §3 and §15.3: with a requestid, each bId is at most 10 characters. */
export const BATCH_ID_LIMIT_WITH_REQUEST_ID = 10;

const ENVELOPE_FIELDS = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status'];

export type WriteOperation = 'create' | 'update' | 'delete' | 'void';

/** A committed change, as webhooks report it (quickbooks.md §8.2 operations). */
export type ChangeListener = (entity: EntityKind['name'], id: string, operation: 'Create' | 'Update' | 'Delete' | 'Void' | 'Emailed') => void;

export class QuickBooksService {
	/** Told of every committed change (the simulator publishes them as webhook events). */
	onChange?: ChangeListener;

	constructor(readonly store: CompanyStore) {}

	read(kind: EntityKind, id: string): QboRecord {
		const lookupId = kind.name === 'CompanyInfo' && id === this.store.realmId ? this.store.liveCompanyInfo()?.Id : id;
		const record = this.store.find(kind.name, lookupId);
		// quickbooks.md §5.3 610: the object id you're requesting doesn't exist.
		if (!record) throw objectNotFound(`${kind.name} ${id}`);
		return copy(record);
	}

	/**
	 * The POST /{resource}[?operation=...] of quickbooks.md §1.1 and §1.6. A body with an Id and no operation
	 * is an update, as in Intuit's own update examples.
	 */
	write(kind: EntityKind, operation: string | undefined, body: unknown, include: ReadonlySet<string>, viaBatch = false): QboRecord {
		if (!isObject(body)) throw unsupportedProperty('(request body)', '');
		rejectUnknownFields(body, kind.fields);
		switch (operation) {
			case undefined:
			case '':
			case 'create':
				if (body.Id !== undefined && body.Id !== null && body.Id !== '' && operation !== 'create') return this.update(kind, body, include);
				return this.create(kind, body, include);
			case 'update':
				// quickbooks.md §1.6: Payment and SalesReceipt void as a sparse update with include=void (batch: optionsData void).
				if (include.has('void')) return this.void(kind, body, viaBatch ? 'batch' : 'include');
				return this.update(kind, body, include);
			case 'delete':
				return this.remove(kind, body);
			case 'void':
				return this.void(kind, body, 'operation');
			default:
				throw unsupportedOperation(`${operation} for ${kind.name}`);
		}
	}

	create(kind: EntityKind, body: QboRecord, include: ReadonlySet<string>): QboRecord {
		if (!kind.creatable) throw unsupportedOperation(`Create for ${kind.name}`);
		const ctx: WriteContext = { store: this.store, operation: 'create', include, sent: body, sparse: false, id: '' };
		const built = kind.build(ctx, writableFields(kind, body));
		const now = this.store.clock.metaTime();
		const record: QboRecord = { ...built, domain: 'QBO', sparse: false, Id: this.store.nextId(kind.name), SyncToken: '0', MetaData: { CreateTime: now, LastUpdatedTime: now } };
		this.store.put(kind.name, record);
		kind.afterWrite?.(this.store, undefined, record);
		this.onChange?.(kind.name, record.Id, 'Create');
		return copy(record);
	}

	update(kind: EntityKind, body: QboRecord, include: ReadonlySet<string>): QboRecord {
		if (kind.category === 'tax') throw unsupportedOperation(`Update for ${kind.name}`);
		const previous = this.current(kind, body);
		const sparse = body.sparse === true || body.sparse === 'true';
		if (sparse) {
			// quickbooks.md §1.5: some sparse updates must still repeat required fields (2020 otherwise).
			for (const field of kind.sparseMustRepeat ?? []) if (body[field] === undefined || body[field] === null) throw requiredParamMissing(field);
		}
		// quickbooks.md §1.5: sparse changes only what is sent (a Line array replaces all lines); full clears what is left out.
		const input = sparse ? { ...writableFields(kind, previous), ...writableFields(kind, body) } : writableFields(kind, body);
		const ctx: WriteContext = { store: this.store, operation: 'update', include, previous, sent: body, sparse, id: previous.Id };
		const built = kind.build(ctx, input);
		const record: QboRecord = {
			...built,
			domain: 'QBO',
			sparse: false,
			Id: previous.Id,
			SyncToken: String(Number(previous.SyncToken) + 1),
			MetaData: { ...previous.MetaData, LastUpdatedTime: this.store.clock.metaTime() },
		};
		this.store.put(kind.name, record);
		kind.afterWrite?.(this.store, previous, record);
		this.onChange?.(kind.name, record.Id, 'Update');
		return copy(record);
	}

	/** quickbooks.md §1.6: transactions delete with {Id, SyncToken}; name lists are deactivated instead. */
	remove(kind: EntityKind, body: QboRecord): QboRecord {
		if (!kind.deletable) {
			const hint = kind.category === 'name' ? ' (name lists cannot be deleted: set Active to false)' : '';
			throw unsupportedOperation(`Delete for ${kind.name}${hint}`);
		}
		const record = this.current(kind, body);
		kind.beforeDelete?.(this.store, record);
		this.store.remove(kind.name, record.Id);
		this.store.recordDeletion(kind.name, record.Id);
		this.store.voided.delete(`${kind.name}:${record.Id}`);
		kind.afterWrite?.(this.store, record, undefined);
		this.onChange?.(kind.name, record.Id, 'Delete');
		return { domain: 'QBO', status: 'Deleted', Id: record.Id };
	}

	/**
	 * quickbooks.md §1.6: Invoice voids with operation=void; Payment and SalesReceipt with operation=update
	 * and include=void; in a batch, update + optionsData "void". Amounts become 0 and "Voided" is noted.
	 */
	void(kind: EntityKind, body: QboRecord, channel: 'operation' | 'include' | 'batch'): QboRecord {
		if (!kind.voidWith || (channel !== 'batch' && kind.voidWith !== channel)) {
			const how = kind.voidWith === 'operation' ? 'use operation=void' : kind.voidWith === 'include' ? 'use operation=update&include=void' : 'it cannot be voided';
			throw unsupportedOperation(`void for ${kind.name} this way (${how})`);
		}
		const record = this.current(kind, body);
		const key = `${kind.name}:${record.Id}`;
		if (this.store.voided.has(key)) return copy(record);
		const voided = kind.voidRecord!(this.store, copy(record));
		voided.SyncToken = String(Number(record.SyncToken) + 1);
		voided.MetaData = { ...record.MetaData, LastUpdatedTime: this.store.clock.metaTime() };
		this.store.put(kind.name, voided);
		this.store.voided.add(key);
		kind.afterWrite?.(this.store, record, voided);
		this.onChange?.(kind.name, record.Id, 'Void');
		return copy(voided);
	}

	/**
	 * quickbooks.md §7: POST /{resource}/{id}/send[?sendTo=]: EmailStatus=EmailSent, DeliveryInfo set, BillEmail
	 * overwritten by sendTo; without an address 6420. Sandbox companies send 40 e-mails a day (§6).
	 */
	send(kind: EntityKind, id: string, sendTo: string | null): QboRecord {
		if (!kind.printable) throw unsupportedOperation(`send for ${kind.name}`);
		const record = this.store.find(kind.name, id);
		if (!record) throw objectNotFound(`${kind.name} ${id}`);
		let address: string | undefined = record.BillEmail?.Address;
		if (sendTo !== null) {
			address = readEmail({ sendTo: { Address: sendTo } }, 'sendTo')?.Address;
			if (!address) throw invalidEmail('sendTo', sendTo);
		}
		if (!address && kind.name === 'Payment') {
			address = this.store.find('Customer', record.CustomerRef?.value)?.PrimaryEmailAddr?.Address;
		}
		if (!address) throw emailRequired();
		const today = this.store.clock.today();
		if (this.store.emailsSent.day !== today) this.store.emailsSent = { day: today, count: 0 };
		if (this.store.emailsSent.count >= this.store.settings.emailsPerDay) {
			throw businessValidation(`The sandbox company has sent its ${this.store.settings.emailsPerDay} e-mails for today.`);
		}
		this.store.emailsSent.count += 1;
		const now = this.store.clock.metaTime();
		if (kind.name !== 'Payment') {
			if (sendTo !== null) record.BillEmail = { Address: sendTo };
			record.EmailStatus = 'EmailSent';
		}
		record.DeliveryInfo = { DeliveryType: 'Email', DeliveryTime: now };
		record.SyncToken = String(Number(record.SyncToken) + 1);
		record.MetaData = { ...record.MetaData, LastUpdatedTime: now };
		this.onChange?.(kind.name, record.Id, 'Emailed');
		return copy(record);
	}

	pdf(kind: EntityKind, id: string): Buffer {
		if (!kind.printable) throw unsupportedOperation(`pdf for ${kind.name}`);
		const record = this.store.find(kind.name, id);
		if (!record) throw objectNotFound(`${kind.name} ${id}`);
		const titles: Record<string, string> = { SalesReceipt: 'Sales Receipt', CreditMemo: 'Credit Memo', RefundReceipt: 'Refund Receipt' };
		return renderPdf(titles[kind.name] ?? kind.name, record, this.store.liveCompanyInfo()?.CompanyName ?? '');
	}

	query(text: string): QboRecord {
		return runQuery(this.store, text);
	}

	/** quickbooks.md §3: BatchItemRequest → BatchItemResponse, one Fault per failed item, HTTP 200 overall. */
	batch(body: unknown, requestIdGiven: boolean): QboRecord[] {
		if (!isObject(body)) throw requiredParamMissing('BatchItemRequest');
		rejectUnknownFields(body, new Set(['BatchItemRequest']));
		const items = body.BatchItemRequest;
		if (!Array.isArray(items) || items.length === 0) throw requiredParamMissing('BatchItemRequest');
		if (items.length > BATCH_LIMIT) throw batchTooLarge(items.length, BATCH_LIMIT);
		const seen = new Set<string>();
		for (const item of items) {
			if (!isObject(item) || item.bId === undefined || item.bId === null || item.bId === '') throw requiredParamMissing('BatchItemRequest.bId');
			const bId = String(item.bId);
			if (seen.has(bId)) throw fault(630, 'Duplicate Object', `bId ${bId} is used by more than one BatchItemRequest.`, 'bId');
			seen.add(bId);
			if (requestIdGiven && bId.length > BATCH_ID_LIMIT_WITH_REQUEST_ID) {
				throw invalidRequestIdFormat(`With a requestid, each bId must be at most ${BATCH_ID_LIMIT_WITH_REQUEST_ID} characters; "${bId}" has ${bId.length}.`);
			}
		}
		return items.map((item: QboRecord) => this.batchItem(item));
	}

	private batchItem(item: QboRecord): QboRecord {
		const bId = String(item.bId);
		try {
			const entityKeys = Object.keys(item).filter((key) => kindByName(key));
			const unknown = Object.keys(item).filter((key) => !['bId', 'operation', 'optionsData', 'Query'].includes(key) && !kindByName(key));
			if (unknown.length > 0) throw unsupportedProperty(`BatchItemRequest.${unknown[0]}`);
			if (item.Query !== undefined) {
				// quickbooks.md §3: an item is either a Query or an operation on an entity, never both.
				if (item.operation !== undefined || entityKeys.length > 0) {
					throw unsupportedProperty('BatchItemRequest.operation', 'operation');
				}
				return { bId, ...this.query(String(item.Query)) };
			}
			if (item.operation === undefined) throw requiredParamMissing('BatchItemRequest.operation');
			const operations = ['create', 'update', 'delete'] as const;
			if (!operations.includes(item.operation)) throw invalidEnumeration('BatchItemRequest.operation', item.operation, operations);
			if (entityKeys.length !== 1) throw requiredParamMissing('BatchItemRequest.<Entity>');
			const kind = kindByName(entityKeys[0])!;
			const include = new Set<string>();
			if (item.optionsData !== undefined) {
				const option = String(item.optionsData).toLowerCase();
				if (option !== 'void' || item.operation !== 'update') throw unsupportedOperation(`optionsData ${item.optionsData} with ${item.operation}`);
				include.add('void');
			}
			const operation = item.operation === 'create' ? 'create' : item.operation;
			return { bId, [kind.name]: this.write(kind, operation, item[kind.name], include, true) };
		} catch (error) {
			if (error instanceof QboFault) return { bId, Fault: error.itemFault() };
			throw error;
		}
	}

	/** The stored record an update/delete/void names: Id and SyncToken required; a stale SyncToken is 5010 (§4.5). */
	private current(kind: EntityKind, body: QboRecord): QboRecord {
		if (body.Id === undefined || body.Id === null || body.Id === '') throw requiredParamMissing('Id');
		if (body.SyncToken === undefined || body.SyncToken === null || body.SyncToken === '') throw requiredParamMissing('SyncToken');
		const record = this.store.find(kind.name, String(body.Id));
		if (!record) throw objectNotFound(`${kind.name} ${String(body.Id)}`, 'Id');
		if (String(body.SyncToken) !== record.SyncToken) throw staleObject(kind.name, record.Id, record.SyncToken, body.SyncToken);
		return record;
	}
}

/** The part of a body the entity rules read: without the envelope and the computed (read-only) fields. */
function writableFields(kind: EntityKind, body: QboRecord): QboRecord {
	const fields: QboRecord = {};
	for (const [key, value] of Object.entries(body)) {
		if (ENVELOPE_FIELDS.includes(key) || kind.readOnly.has(key)) continue;
		fields[key] = value;
	}
	return fields;
}
