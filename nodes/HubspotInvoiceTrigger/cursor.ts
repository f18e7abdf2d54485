import type { HubSpotClient, HubSpotObjectWithHistory, SearchFilter, SearchRequest } from '../../transport/hubspot';
import { epochOf, SEARCH_PAGE_LIMIT } from '../../transport/hubspot';
import type { DetectedEvent } from './events';

/**
 * The trigger's cursor (DESIGN.md "Trigger cursor", hubspot.md §4.4), kept in the node's static data.
 * Every instant in it is HubSpot's time (its hs_lastmodifieddate values and the Date header of its
 * answers), never the n8n host's.
 *
 * - `position` is a keyset over (hs_lastmodifieddate, hs_object_id): every record at or before it has
 *   been processed. It only moves over records older than the look-back (HubSpot's now − lag), which
 *   the search index is assumed to hold by then; so a change that shows up late is still found.
 * - Each search is a fresh query anchored at the scan position (never `after` offsets): a window can
 *   hold any number of changes without reaching the 10,000-result cap, and changes made while a scan
 *   runs cannot shift records past it. Records sharing one millisecond beyond a page are read with a
 *   second keyset: that millisecond, ordered by hs_object_id.
 * - `seen` maps a record id to the modification time processed for it, whether or not it matched the
 *   filters: (id, modified) pairs at or after `position` are what a look-back re-reads and skips, so
 *   a quiet poll costs exactly one search. Older pairs are dropped: search never returns them again.
 * - `reported` maps a record that matched the filters to the time up to which its events are out.
 *   A record that did not match is judged afresh when it does, whether the filter ran in HubSpot's
 *   search or after the re-read: one model, whatever form the filter takes. `floor` is the time
 *   before which the events of records not in `reported` count as out: the start, raised only as
 *   entries age out (by time, not by how many other records changed).
 */
export interface CursorState {
	version: 2;
	objectType: 'invoices' | 'commerce_payments';
	/** What "Start From" said when the cursor was made (the parameter as written); a new value starts a new cursor. */
	startKey: string;
	/** The instant (HubSpot's time) the trigger reports changes from. */
	start: number;
	position: { ts: number; id: string | null };
	floor: number;
	seen: Record<string, number>;
	reported: Record<string, number>;
}

/** How long a record's reported time is kept after it was last reported (HubSpot time). */
export const REPORTED_RETENTION_MS = 7 * 24 * 3_600_000;
/** A hard bound on the static data besides the retention; oldest entries go first, raising the floor. */
export const REPORTED_LIMIT = 20_000;
/** Unsettled records processed at most before the scan waits for them to settle. */
export const FRESH_LIMIT = 2000;

export function initialCursor(objectType: CursorState['objectType'], startKey: string, startAt: number): CursorState {
	return { version: 2, objectType, startKey, start: startAt, position: { ts: startAt - 1, id: null }, floor: startAt - 1, seen: {}, reported: {} };
}

/** The earlier cursor shape kept one map for both uses; its entries serve as both. */
export function upgradeCursor(stored: unknown): CursorState | undefined {
	const state = stored as (Omit<CursorState, 'version' | 'start' | 'reported'> & { version: number; start?: number; reported?: Record<string, number> }) | undefined;
	if (!state || typeof state !== 'object') return undefined;
	if (state.version === 2) return state as CursorState;
	if (state.version !== 1) return undefined;
	return { ...state, version: 2, start: state.floor + 1, reported: { ...state.seen } };
}

export interface ScanConfig {
	objectType: CursorState['objectType'];
	lagMs: number;
	maxEvents: number;
	/** No new request is started after this instant (epoch ms); the rest waits for the next poll. */
	deadline: number;
	pushed: SearchFilter[];
	readProperties: readonly string[];
	historyProperties: readonly string[];
	/** HubSpot's time now (from its answers), or undefined when it gave none. */
	hubspotNow(): number | undefined;
	/** Whether a freshly read record matches the filters, and its events since `after` (exclusive). */
	evaluate(record: HubSpotObjectWithHistory, after: number): { matches: boolean; events: DetectedEvent[] };
}

export interface ScanResult {
	emitted: Array<{ record: HubSpotObjectWithHistory; events: DetectedEvent[] }>;
	state: CursorState;
	searches: number;
	/** Whether the scan reached the end of the changes (not stopped by a cap or the budget). */
	caughtUp: boolean;
}

interface Hit {
	id: string;
	modified: number;
}

function searchRequest(position: CursorState['position'], pushed: SearchFilter[]): SearchRequest {
	const cursorFilters: SearchFilter[] =
		position.id === null
			? [{ propertyName: 'hs_lastmodifieddate', operator: 'GT', value: String(position.ts) }]
			: [
					{ propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(position.ts) },
					{ propertyName: 'hs_object_id', operator: 'GT', value: position.id },
				];
	return {
		filterGroups: [{ filters: [...cursorFilters, ...pushed] }],
		sorts: [{ propertyName: position.id === null ? 'hs_lastmodifieddate' : 'hs_object_id', direction: 'ASCENDING' }],
		properties: ['hs_lastmodifieddate'],
		limit: SEARCH_PAGE_LIMIT,
	};
}

/** Filters the cursor itself needs in a tie query; the user's filters get the rest of the group. */
export const CURSOR_FILTER_COUNT = 2;

export async function scanChanges(client: HubSpotClient, state: CursorState, config: ScanConfig): Promise<ScanResult> {
	// Set from HubSpot's clock once its first answer is in; until then nothing counts as settled.
	let settledBefore = -Infinity;
	const seen = new Map<string, number>(Object.entries(state.seen));
	const reported = new Map<string, number>(Object.entries(state.reported));
	let committed = { ...state.position };
	let cursor = { ...state.position };
	let floor = state.floor;
	let advancing = true;
	let freshCount = [...seen.values()].filter((value) => value >= committed.ts).length;
	const emitted: ScanResult['emitted'] = [];
	let eventCount = 0;
	let searches = 0;
	let caughtUp = false;

	/** Processes hits in order; returns how many were processed and whether the poll must stop. */
	const processHits = async (hits: Hit[]): Promise<{ processed: number; stop: boolean }> => {
		const read = new Map<string, HubSpotObjectWithHistory | null>();
		const isNew = (hit: Hit) => !((seen.get(hit.id) ?? -Infinity) >= hit.modified);
		for (let index = 0; index < hits.length; index++) {
			const hit = hits[index];
			const known = seen.get(hit.id);
			const reportedUpTo = reported.get(hit.id);
			if (!isNew(hit)) continue;
			if (eventCount >= config.maxEvents) return { processed: index, stop: true };
			if (hit.modified >= settledBefore && freshCount >= FRESH_LIMIT) return { processed: index, stop: true };
			if (!read.has(hit.id)) {
				if (Date.now() >= config.deadline && (searches > 1 || eventCount > 0)) return { processed: index, stop: true };
				// Re-read the next (up to) 100 new records in one batch: search results can be stale (hubspot.md §4.4).
				const ids: string[] = [];
				for (let next = index; next < hits.length && ids.length < 100; next++) {
					if (isNew(hits[next]) && !read.has(hits[next].id) && !ids.includes(hits[next].id)) ids.push(hits[next].id);
				}
				const records = await client.batchRead(config.objectType, ids, {
					properties: config.readProperties,
					propertiesWithHistory: config.historyProperties,
				});
				const byId = new Map(records.map((record) => [record.id, record]));
				for (const id of ids) read.set(id, byId.get(id) ?? null);
			}
			const record = read.get(hit.id) ?? null;
			let events: DetectedEvent[] = [];
			let matches = false;
			let processedUpTo = hit.modified;
			if (record) {
				({ matches, events } = config.evaluate(record, reportedUpTo ?? floor));
				processedUpTo = Math.max(processedUpTo, epochOf(record.properties.hs_lastmodifieddate) ?? 0, ...events.map((event) => event.occurredAt));
			}
			// The cap counts items; a record's events go out together, so a record that does not fit waits.
			if (events.length > 0 && eventCount > 0 && eventCount + events.length > config.maxEvents) return { processed: index, stop: true };
			if (record && events.length > 0) {
				emitted.push({ record, events });
				eventCount += events.length;
			}
			seen.set(hit.id, Math.max(known ?? -Infinity, processedUpTo));
			if (matches) reported.set(hit.id, Math.max(reportedUpTo ?? -Infinity, processedUpTo));
			if (processedUpTo >= committed.ts) freshCount += 1;
		}
		return { processed: hits.length, stop: false };
	};

	for (;;) {
		if (searches > 0 && (Date.now() >= config.deadline || eventCount >= config.maxEvents)) break;
		const tie = cursor.id !== null;
		const page = await client.search(config.objectType, searchRequest(cursor, config.pushed));
		searches += 1;
		// The Date header is in whole seconds, never ahead of HubSpot: the look-back errs on the safe side.
		if (searches === 1) settledBefore = (config.hubspotNow() ?? Date.now()) - config.lagMs;
		const hits: Hit[] = page.results.map((result) => ({ id: result.id, modified: epochOf(result.properties.hs_lastmodifieddate) ?? 0 }));
		const full = hits.length >= SEARCH_PAGE_LIMIT;
		let usable = hits;
		let next: CursorState['position'];
		let exhausted = false;
		if (tie) {
			next = full ? { ts: cursor.ts, id: hits[hits.length - 1].id } : { ts: cursor.ts, id: null };
		} else if (!full) {
			exhausted = true;
			next = { ts: hits.length > 0 ? hits[hits.length - 1].modified : cursor.ts, id: null };
		} else {
			// The last millisecond of a full page may go on past it: leave it for the next query.
			const lastModified = hits[hits.length - 1].modified;
			usable = hits.filter((hit) => hit.modified < lastModified);
			if (usable.length === 0) {
				// A whole page shares one millisecond: page through it by hs_object_id.
				cursor = { ts: lastModified, id: '0' };
				continue;
			}
			next = { ts: usable[usable.length - 1].modified, id: null };
		}

		const { processed, stop } = await processHits(usable);

		if (advancing) {
			for (let index = 0; index < processed; index++) {
				const hit = usable[index];
				if (hit.modified >= settledBefore) {
					advancing = false;
					break;
				}
				if (tie) committed = { ts: cursor.ts, id: hit.id };
				else if (index === usable.length - 1 || usable[index + 1].modified !== hit.modified) committed = { ts: hit.modified, id: null };
			}
			if (processed < usable.length) advancing = false;
			else if (advancing && tie && !full) committed = { ts: cursor.ts, id: null };
		}
		if (stop) break;
		cursor = next;
		if (exhausted) {
			caughtUp = true;
			break;
		}
	}

	// Pairs before the position never come back from a search.
	for (const [id, value] of seen) if (value < committed.ts) seen.delete(id);
	// Reported times age out by HubSpot's time, not by other records' traffic; the floor keeps what they said.
	const horizon = Math.min(committed.ts, settledBefore) - REPORTED_RETENTION_MS;
	const byAge = [...reported.entries()].sort((a, b) => a[1] - b[1]);
	for (const [index, [id, value]] of byAge.entries()) {
		if (value >= horizon && byAge.length - index <= REPORTED_LIMIT) break;
		reported.delete(id);
		floor = Math.max(floor, value);
	}

	return {
		emitted,
		state: { ...state, position: committed, floor, seen: Object.fromEntries(seen), reported: Object.fromEntries(reported) },
		searches,
		caughtUp,
	};
}
