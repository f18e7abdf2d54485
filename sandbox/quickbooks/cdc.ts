/**
 * Change Data Capture (quickbooks.md §8.1): GET /v3/company/{realm}/cdc?entities=Invoice,Payment&changedSince=<ISO>.
 * - changedSince is required and at most 30 days back;
 * - each entity's changed objects (full payloads), oldest change first, at most 1,000 per entity in one answer
 *   (the reference also reports the cap as shared by all entities: settings.cdcLimitShared takes that reading;
 *   which objects a cut answer keeps is not documented: the oldest by default, settings.cdcCutKeeps 'newest' the others);
 * - deleted objects come back as { Id, status: "Deleted", MetaData.LastUpdatedTime } (§8.1, Caribooks);
 * - the answer is CDCResponse[0].QueryResponse[] with one { <Entity>: [...], startPosition, maxResults, totalCount }
 *   per requested entity that changed.
 */
import { kindByQueryName } from './entities';
import { fault, invalidDate, requiredParamMissing } from './faults';
import { copy, type CompanyStore, type EntityName, type QboRecord } from './store';

export const CDC_LOOKBACK_DAYS = 30;
export const CDC_OBJECT_LIMIT = 1000;
const DAY_MS = 86_400_000;

/** Entities whose changes CDC reports (the transaction and name-list entities the simulator models). */
const CDC_ENTITIES: ReadonlySet<EntityName> = new Set([
	'Customer', 'Vendor', 'Employee', 'Item', 'Account', 'PaymentMethod', 'Term', 'TaxCode',
	'Invoice', 'Payment', 'Purchase', 'SalesReceipt', 'CreditMemo', 'RefundReceipt',
]);

interface Change {
	at: number;
	record: QboRecord;
}

export function changeDataCapture(store: CompanyStore, entitiesParam: string | null, changedSinceParam: string | null): QboRecord {
	if (!entitiesParam || entitiesParam.trim() === '') throw requiredParamMissing('entities');
	if (!changedSinceParam || changedSinceParam.trim() === '') throw requiredParamMissing('changedSince');
	const parsed = Date.parse(changedSinceParam);
	if (Number.isNaN(parsed)) throw invalidDate('changedSince', changedSinceParam);
	// MetaData times are whole seconds, so the comparison is too: nothing changed within changedSince's second is missed.
	const since = Math.floor(parsed / 1000) * 1000;
	const now = store.clock.now();
	if (since < now - CDC_LOOKBACK_DAYS * DAY_MS) {
		throw fault(2070, 'Invalid Date', `changedSince must be within the last ${CDC_LOOKBACK_DAYS} days. Supplied value:${changedSinceParam}`, 'changedSince');
	}
	const entities = entitiesParam.split(',').map((name) => name.trim()).filter(Boolean).map((name) => {
		const kind = kindByQueryName(name);
		if (!kind || !CDC_ENTITIES.has(kind.name)) throw fault(2000, 'Invalid object name', `Change Data Capture does not support the entity ${name}.`, 'entities');
		return kind.name;
	});

	let left = CDC_OBJECT_LIMIT;
	const answers: QboRecord[] = [];
	for (const entity of entities) {
		const changes: Change[] = [];
		for (const record of store.all(entity)) {
			const at = Date.parse(record.MetaData?.LastUpdatedTime ?? '');
			if (at >= since) changes.push({ at, record: copy(record) });
		}
		for (const deleted of store.deletedSince(entity, since)) {
			changes.push({ at: deleted.at, record: { domain: 'QBO', status: 'Deleted', Id: deleted.id, MetaData: { LastUpdatedTime: store.clock.metaTime(deleted.at) } } });
		}
		if (changes.length === 0) continue;
		changes.sort((a, b) => a.at - b.at || Number(a.record.Id) - Number(b.record.Id));
		const cap = store.settings.cdcLimitShared ? left : CDC_OBJECT_LIMIT;
		const kept = Math.max(cap, 0);
		const cut = store.settings.cdcCutKeeps === 'newest' ? changes.slice(Math.max(changes.length - kept, 0)) : changes.slice(0, kept);
		const page = cut.map((change) => change.record);
		left -= page.length;
		if (page.length === 0) continue;
		answers.push({ [entity]: page, startPosition: 1, maxResults: page.length, totalCount: page.length });
	}
	return { CDCResponse: [{ QueryResponse: answers }] };
}
