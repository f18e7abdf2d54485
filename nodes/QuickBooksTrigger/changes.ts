/**
 * Reading what changed in QuickBooks since a time, by Change Data Capture (quickbooks.md §8.1):
 * `GET /cdc?entities=…&changedSince=…` answers each entity's changed objects, deleted ones as
 * `{ Id, status: "Deleted" }`, at most 1,000 objects per answer and at most 30 days back.
 * - The cap: the reference reads it as per entity and as shared by all entities (§8.1), so an answer
 *   holding 1,000 objects in all is taken as cut short under either reading. Then each entity is read
 *   alone and paged by narrowing changedSince to the newest change of the previous answer; the same
 *   second is read again and de-duplicated by change key. Which 1,000 a cut answer keeps is not
 *   documented: narrowing is complete when they are the oldest; when they may be others, a query on
 *   MetaData.LastUpdatedTime reads the entity's live records since the same time as well, so only a
 *   deletion could be missed (CDC is the only source of deletions).
 * - More than 1,000 changes of one entity within one second cannot be paged by changedSince: that
 *   second is read by a query (paged with STARTPOSITION), which lists live records only.
 * - A time older than the 30-day window: QuickBooks refuses the CDC call (2070). The records changed
 *   since then are read by a query on MetaData.LastUpdatedTime, paged; CDC over the 30 days it still
 *   covers adds the deletions within them. Deletions before that window cannot be known.
 * Nothing here keeps state: the caller decides what was already reported.
 */
import type { IDataObject } from 'n8n-workflow';

import { buildSelect, isQuickBooksError, MAX_RESULTS_LIMIT, type QueryCondition, type QuickBooksClient } from '../../transport/quickbooks';
import { epochOf, isDeletedEntry, lastUpdatedOf, type ChangeSource, type TriggerEntity } from './events';

/** CDC's answer cap (§8.1). */
export const CDC_OBJECT_LIMIT = 1000;
export const CDC_WINDOW_MS = 30 * 86_400_000;
/** How far inside the 30 days the fallback's CDC call starts, so a slow answer is not refused. */
const WINDOW_MARGIN_MS = 10 * 60_000;

export interface ObservedChange {
	entity: TriggerEntity;
	id: string;
	/** Epoch ms of MetaData.LastUpdatedTime (whole seconds). */
	at: number;
	deleted: boolean;
	record: IDataObject;
	source: ChangeSource;
}

export interface ChangeReading {
	changes: ObservedChange[];
	/** QuickBooks' time of the first answer (epoch ms). */
	serverNow?: number;
	/** Said to the user when the usual way could not be taken (window exceeded, a second with over 1,000 changes). */
	notices: string[];
	/** Calls made, for the log. */
	calls: number;
}

/** A time as QuickBooks writes it, whole seconds with an offset (quickbooks.md §8.1 example, MetaData times). */
export function qboTime(epochMs: number): string {
	return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

function observed(entity: TriggerEntity, record: IDataObject, source: ChangeSource): ObservedChange | undefined {
	const at = epochOf(lastUpdatedOf(record));
	const id = record.Id === undefined ? '' : String(record.Id);
	if (at === undefined || id === '') return undefined;
	return { entity, id, at, deleted: isDeletedEntry(record), record, source };
}

/** The 30-day refusal (2070 "Invalid Date" on changedSince) in any of the shapes QuickBooks gives it. */
function isWindowRefusal(error: unknown): boolean {
	if (!isQuickBooksError(error)) return false;
	return error.faults.some(
		(fault) => fault.code === '2070' || /changedSince/i.test(`${fault.element ?? ''} ${fault.detail ?? ''}`) && /30 days|invalid date/i.test(`${fault.message} ${fault.detail ?? ''}`),
	);
}

export class ChangeReader {
	private readonly reading: ChangeReading = { changes: [], notices: [], calls: 0 };

	constructor(
		private readonly client: QuickBooksClient,
		private readonly entities: readonly TriggerEntity[],
	) {}

	/** Every change of the entities since `since` (inclusive, whole seconds). */
	async since(since: number): Promise<ChangeReading> {
		const beyondWindow = await this.cdcAll(since).then(
			() => false,
			async (error: unknown) => (isWindowRefusal(error) ? true : await Promise.reject(error)),
		);
		if (beyondWindow) await this.beyondWindow(since);
		return this.reading;
	}

	/** QuickBooks' time now, from a count's answer (one small read, whatever the host's clock says). */
	async serverTime(): Promise<number> {
		const { body } = await this.client.request<IDataObject>({ method: 'GET', path: 'query', qs: { query: `SELECT COUNT(*) FROM ${this.entities[0]}` } });
		this.reading.calls += 1;
		const time = epochOf(body.time);
		if (time === undefined) throw new Error('QuickBooks answered without its time');
		return time;
	}

	private async cdc(entities: readonly TriggerEntity[], since: number): Promise<Map<TriggerEntity, IDataObject[]>> {
		const { body } = await this.client.request<IDataObject>({
			method: 'GET',
			path: 'cdc',
			qs: { entities: entities.join(','), changedSince: qboTime(since) },
		});
		this.reading.calls += 1;
		this.reading.serverNow ??= epochOf(body.time);
		const answers = new Map<TriggerEntity, IDataObject[]>();
		for (const response of (body.CDCResponse as IDataObject[] | undefined) ?? []) {
			for (const entry of (response.QueryResponse as IDataObject[] | undefined) ?? []) {
				for (const entity of entities) {
					const records = entry[entity] as IDataObject[] | undefined;
					if (Array.isArray(records)) answers.set(entity, [...(answers.get(entity) ?? []), ...records]);
				}
			}
		}
		return answers;
	}

	private add(entity: TriggerEntity, records: readonly IDataObject[], source: ChangeSource): number {
		let newest = -Infinity;
		for (const record of records) {
			const change = observed(entity, record, source);
			if (!change) continue;
			this.reading.changes.push(change);
			newest = Math.max(newest, change.at);
		}
		return newest;
	}

	/** One call for all entities; when its answer may be cut short, each entity alone, paged. */
	private async cdcAll(since: number): Promise<void> {
		const answers = await this.cdc(this.entities, since);
		const total = [...answers.values()].reduce((sum, records) => sum + records.length, 0);
		if (total < CDC_OBJECT_LIMIT) {
			for (const [entity, records] of answers) this.add(entity, records, 'cdc');
			return;
		}
		for (const entity of this.entities) {
			if (await this.cdcPaged(entity, since)) await this.queryPaged(entity, since);
		}
	}

	/** One entity from `since`: each answer of 1,000 continues from its newest change. True when an answer was cut. */
	private async cdcPaged(entity: TriggerEntity, since: number): Promise<boolean> {
		let from = since;
		for (let page = 0; ; page += 1) {
			const records = (await this.cdc([entity], from)).get(entity) ?? [];
			const newest = this.add(entity, records, 'cdc');
			if (records.length < CDC_OBJECT_LIMIT) return page > 0;
			if (newest > from) {
				from = newest;
				continue;
			}
			// 1,000 changes or more within one second: the query pages through that second.
			await this.queryPaged(entity, from, from + 1000);
			this.reading.notices.push(
				`More than ${CDC_OBJECT_LIMIT} ${entity} changes at ${qboTime(from)}: that second was read by a query, which lists no deletions; a ${entity} deleted in that very second is not reported.`,
			);
			from += 1000;
		}
	}

	/**
	 * Records changed in [from, until) by a query, oldest first, paged: after a full page the next one
	 * starts at that page's newest change (the same second again, de-duplicated), or, when the whole page
	 * shares one second, at the next STARTPOSITION.
	 */
	private async queryPaged(entity: TriggerEntity, from: number, until?: number): Promise<void> {
		let start = from;
		let position = 1;
		for (;;) {
			const where: QueryCondition[] = [{ field: 'MetaData.LastUpdatedTime', operator: '>=', value: qboTime(start) }];
			if (until !== undefined) where.push({ field: 'MetaData.LastUpdatedTime', operator: '<', value: qboTime(until) });
			// A query lists active names only unless asked (quickbooks.md §15.2): inactive customers are changes too.
			if (entity === 'Customer') where.push({ field: 'Active', operator: 'IN', value: [true, false] });
			const query = buildSelect(entity, { where, orderBy: { field: 'MetaData.LastUpdatedTime' }, startPosition: position, maxResults: MAX_RESULTS_LIMIT });
			const { body } = await this.client.request<IDataObject>({ method: 'GET', path: 'query', qs: { query } });
			this.reading.calls += 1;
			this.reading.serverNow ??= epochOf(body.time);
			const records = ((body.QueryResponse as IDataObject | undefined)?.[entity] as IDataObject[] | undefined) ?? [];
			const newest = this.add(entity, records, 'query');
			if (records.length < MAX_RESULTS_LIMIT) return;
			if (newest > start) {
				start = newest;
				position = 1;
			} else {
				position += MAX_RESULTS_LIMIT;
			}
		}
	}

	/** The time is older than CDC's 30 days: a query since then, and CDC over the 30 days for deletions. */
	private async beyondWindow(since: number): Promise<void> {
		for (const entity of this.entities) await this.queryPaged(entity, since);
		const now = this.reading.serverNow ?? (await this.serverTime());
		const windowStart = now - CDC_WINDOW_MS + WINDOW_MARGIN_MS;
		await this.cdcAll(windowStart);
		this.reading.notices.push(
			`The last change read was at ${qboTime(since)}, more than 30 days ago, beyond what QuickBooks' Change Data Capture covers: the changes since then were read by a query on MetaData.LastUpdatedTime. Deletions are known from ${qboTime(windowStart)} on only; a record deleted before that is not reported.`,
		);
	}
}
