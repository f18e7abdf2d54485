/**
 * Reconciliation of HubSpot with QuickBooks: every HubSpot record of a period (invoice, payment, refund,
 * a currency's fees) and every QuickBooks document of that period lands in exactly one class, and the
 * totals per currency are compared to the minor unit. Pure: the records come in already read; the
 * application layer (nodes/QuickBooksSync/sync/reconcile.ts) reads them and repairs what it may.
 *
 * A QuickBooks document belongs to a HubSpot record by the marker the sync puts in its PrivateNote, by
 * the QuickBooks id written back to the HubSpot invoice (qbo_invoice_id), or by number (DocNumber =
 * hs_number). A document voided in QuickBooks counts for nothing (no total) unless its record is voided
 * too; a voided document without a record is history, not drift.
 */
import { DEFAULT_HOW_TO_FIX, type SyncErrorCategory } from './errors';
import { formatMoney, subtractMoney, sumMoney, type Money } from './money';

export type ReconcileKind = 'invoice' | 'payment' | 'refund' | 'fees';

export type ReconcileClass =
	| 'matched'
	| 'missing_in_quickbooks'
	| 'only_in_quickbooks_ours'
	| 'only_in_quickbooks_foreign'
	| 'amount_differs'
	| 'status_differs'
	| 'duplicated'
	| 'failing';

/** The order classes are shown in (problems first, matched last), and the words a person reads. */
export const RECONCILE_CLASSES: ReadonlyArray<{ name: ReconcileClass; label: string }> = [
	{ name: 'failing', label: 'Failing to sync' },
	{ name: 'missing_in_quickbooks', label: 'Missing in QuickBooks' },
	{ name: 'amount_differs', label: 'Amount differs' },
	{ name: 'status_differs', label: 'Status or balance differs' },
	{ name: 'duplicated', label: 'Duplicated in QuickBooks' },
	{ name: 'only_in_quickbooks_ours', label: 'Only in QuickBooks (with our marker)' },
	{ name: 'only_in_quickbooks_foreign', label: 'Only in QuickBooks (without our marker)' },
	{ name: 'matched', label: 'Matched' },
];

export type QboReconcileEntity = 'Invoice' | 'Payment' | 'SalesReceipt' | 'RefundReceipt' | 'CreditMemo' | 'Purchase';

/** Which QuickBooks documents stand for which kind of HubSpot record. */
export const QBO_ENTITIES_OF: Readonly<Record<ReconcileKind, readonly QboReconcileEntity[]>> = {
	invoice: ['Invoice'],
	payment: ['Payment', 'SalesReceipt'],
	refund: ['RefundReceipt', 'CreditMemo'],
	fees: ['Purchase'],
};

/** A HubSpot record as the reconciliation sees it. `key` names it among records of its kind (an id, or a currency for fees). */
export interface HubSpotSide {
	kind: ReconcileKind;
	key: string;
	/** What a person reads: "HubSpot invoice 412 (INV-1042)". */
	label: string;
	number?: string;
	amount: Money;
	/** The open amount, where HubSpot has one (hs_balance_due). */
	balance?: Money;
	voided?: boolean;
	/** qbo_invoice_id as written back. */
	writtenBackId?: string;
	/** qbo_sync_status, qbo_sync_error_category and _message as written back. */
	syncStatus?: string;
	errorCategory?: string;
	errorMessage?: string;
}

/** A QuickBooks document as the reconciliation sees it. */
export interface QboSide {
	entity: QboReconcileEntity;
	id: string;
	docNumber?: string;
	/** The HubSpot record its marker names ({ kind, key }); absent for a document without our marker. */
	marker?: { kind: ReconcileKind; key: string };
	total: Money;
	balance?: Money;
	voided: boolean;
	txnDate?: string;
}

export interface ReconcileEntry {
	class: ReconcileClass;
	kind: ReconcileKind;
	currency: string;
	hubspot?: { key: string; label: string; number?: string; amount: string; balance?: string; status?: string; writtenBackId?: string; voided?: boolean };
	quickbooks: Array<{ entity: QboReconcileEntity; id: string; docNumber?: string; total: string; balance?: string; voided: boolean }>;
	/** amount_differs: HubSpot's amount less QuickBooks'. */
	difference?: string;
	/** What differs, or why it failed, in a sentence. */
	detail?: string;
	/** How the QuickBooks document was tied to the HubSpot record. */
	matchedBy?: 'marker' | 'id' | 'number';
	/** failing: HubSpot's error category and the fix. */
	category?: string;
	howToFix?: string;
}

export interface CurrencyTotals {
	currency: string;
	kind: ReconcileKind;
	hubspot: { count: number; total: string };
	quickbooks: { count: number; total: string };
	/** HubSpot less QuickBooks. */
	difference: string;
}

export interface ReconcileResult {
	entries: ReconcileEntry[];
	counts: Record<ReconcileClass, number>;
	totals: CurrencyTotals[];
}

function emptyCounts(): Record<ReconcileClass, number> {
	return Object.fromEntries(RECONCILE_CLASSES.map(({ name }) => [name, 0])) as Record<ReconcileClass, number>;
}

const recordKey = (kind: ReconcileKind, key: string) => `${kind}:${key}`;

function kindOfEntity(entity: QboReconcileEntity): ReconcileKind {
	return (Object.keys(QBO_ENTITIES_OF) as ReconcileKind[]).find((kind) => QBO_ENTITIES_OF[kind].includes(entity)) as ReconcileKind;
}

function documentView(document: QboSide): ReconcileEntry['quickbooks'][number] {
	const view: ReconcileEntry['quickbooks'][number] = { entity: document.entity, id: document.id, total: formatMoney(document.total), voided: document.voided };
	if (document.docNumber !== undefined) view.docNumber = document.docNumber;
	if (document.balance !== undefined) view.balance = formatMoney(document.balance);
	return view;
}

function hubspotView(record: HubSpotSide): NonNullable<ReconcileEntry['hubspot']> {
	const view: NonNullable<ReconcileEntry['hubspot']> = { key: record.key, label: record.label, amount: formatMoney(record.amount) };
	if (record.number !== undefined) view.number = record.number;
	if (record.balance !== undefined) view.balance = formatMoney(record.balance);
	if (record.syncStatus !== undefined) view.status = record.syncStatus;
	if (record.writtenBackId !== undefined) view.writtenBackId = record.writtenBackId;
	if (record.voided) view.voided = true;
	return view;
}

/** The oldest document first: the one a sync found and kept, so the later ones are the duplicates. */
function byAge(a: QboSide, b: QboSide): number {
	return Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
}

/**
 * The documents that belong to a record: those carrying its marker; the one its written-back id names
 * (unless that one carries another record's marker); one with its number and no marker at all.
 */
function documentsOf(record: HubSpotSide, byMarker: Map<string, QboSide[]>, byId: Map<string, QboSide>, byNumber: Map<string, QboSide[]>, taken: Set<QboSide>): { documents: QboSide[]; by: 'marker' | 'id' | 'number' | 'none' } {
	const marked = (byMarker.get(recordKey(record.kind, record.key)) ?? []).filter((document) => !taken.has(document));
	if (marked.length > 0) return { documents: marked, by: 'marker' };
	if (record.writtenBackId !== undefined) {
		const document = byId.get(`${record.kind}:${record.writtenBackId}`);
		if (document !== undefined && document.marker === undefined && !taken.has(document)) return { documents: [document], by: 'id' };
	}
	if (record.number !== undefined) {
		const numbered = (byNumber.get(`${record.kind}:${record.number}`) ?? []).filter((document) => document.marker === undefined && !taken.has(document));
		if (numbered.length > 0) return { documents: [numbered.sort(byAge)[0]], by: 'number' };
	}
	return { documents: [], by: 'none' };
}

/** One record and its documents in one class. */
function classify(record: HubSpotSide, documents: readonly QboSide[]): ReconcileEntry {
	const entry: ReconcileEntry = { class: 'matched', kind: record.kind, currency: record.amount.currency, hubspot: hubspotView(record), quickbooks: documents.map(documentView) };
	const live = documents.filter((document) => !document.voided);
	if (record.syncStatus === 'failed') {
		const category = (record.errorCategory || 'unknown') as SyncErrorCategory;
		entry.class = 'failing';
		entry.category = category;
		entry.detail = record.errorMessage || `${record.label} failed to sync.`;
		entry.howToFix = DEFAULT_HOW_TO_FIX[category] ?? DEFAULT_HOW_TO_FIX.unknown;
		return entry;
	}
	// Refunds come as several documents (each brings the refunded total up); every other kind as one.
	if (record.kind !== 'refund' && live.length > 1) {
		entry.class = 'duplicated';
		entry.detail = `${live.length} live QuickBooks documents for ${record.label}: ${live.map((document) => `${document.entity} ${document.id}`).join(', ')}.`;
		return entry;
	}
	if (documents.length === 0) {
		entry.class = 'missing_in_quickbooks';
		entry.detail = record.writtenBackId !== undefined ? `QuickBooks ${record.kind} ${record.writtenBackId}, written back to HubSpot, is gone (deleted in QuickBooks?).` : `${record.label} has no QuickBooks document.`;
		return entry;
	}
	if (record.voided || live.length === 0) {
		if (!(record.voided && live.length === 0)) {
			entry.class = 'status_differs';
			entry.detail = record.voided ? `Voided in HubSpot, open in QuickBooks.` : `Voided in QuickBooks, not in HubSpot.`;
		}
		return entry;
	}
	const booked = sumMoney(record.amount.currency, live.map((document) => document.total));
	if (booked.minorUnits !== record.amount.minorUnits) {
		entry.class = 'amount_differs';
		entry.difference = formatMoney(subtractMoney(record.amount, booked));
		entry.detail = `HubSpot ${formatMoney(record.amount)}, QuickBooks ${formatMoney(booked)} ${record.amount.currency}.`;
		return entry;
	}
	const balance = live[0].balance;
	if (record.balance !== undefined && balance !== undefined && record.balance.minorUnits !== balance.minorUnits) {
		entry.class = 'status_differs';
		entry.detail = `Open balance: HubSpot ${formatMoney(record.balance)}, QuickBooks ${formatMoney(balance)} ${record.amount.currency}.`;
	}
	return entry;
}

function orphan(document: QboSide): ReconcileEntry {
	return {
		class: document.marker === undefined ? 'only_in_quickbooks_foreign' : 'only_in_quickbooks_ours',
		kind: document.marker?.kind ?? kindOfEntity(document.entity),
		currency: document.total.currency,
		quickbooks: [documentView(document)],
		detail:
			document.marker === undefined
				? `QuickBooks ${document.entity} ${document.id} was not made by the sync; it is left alone.`
				: `QuickBooks ${document.entity} ${document.id} carries the marker of HubSpot ${document.marker.kind} ${document.marker.key}, which is not in HubSpot for this period.`,
	};
}

/**
 * Each HubSpot record in exactly one class, then each QuickBooks document that no record claimed
 * (voided ones without a record are left out: nothing to do about them). Totals per currency and kind:
 * every HubSpot record against every live QuickBooks document of that kind in the period.
 */
export function reconcile(records: readonly HubSpotSide[], documents: readonly QboSide[]): ReconcileResult {
	const byMarker = new Map<string, QboSide[]>();
	const byId = new Map<string, QboSide>();
	const byNumber = new Map<string, QboSide[]>();
	for (const document of documents) {
		const kind = kindOfEntity(document.entity);
		if (document.marker !== undefined) {
			const key = recordKey(document.marker.kind, document.marker.key);
			byMarker.set(key, [...(byMarker.get(key) ?? []), document]);
		}
		byId.set(`${kind}:${document.id}`, document);
		if (document.docNumber !== undefined) byNumber.set(`${kind}:${document.docNumber}`, [...(byNumber.get(`${kind}:${document.docNumber}`) ?? []), document]);
	}

	const taken = new Set<QboSide>();
	const entries: ReconcileEntry[] = [];
	for (const record of records) {
		const { documents: own, by } = documentsOf(record, byMarker, byId, byNumber, taken);
		const ordered = [...own].sort(byAge);
		ordered.forEach((document) => taken.add(document));
		const entry = classify(record, ordered);
		if (by !== 'none') entry.matchedBy = by;
		entries.push(entry);
	}
	for (const document of [...documents].sort(byAge)) {
		if (taken.has(document) || document.voided) continue;
		entries.push(orphan(document));
	}

	const counts = emptyCounts();
	for (const entry of entries) counts[entry.class] += 1;
	return { entries, counts, totals: totalsOf(records, documents) };
}

function totalsOf(records: readonly HubSpotSide[], documents: readonly QboSide[]): CurrencyTotals[] {
	const groups = new Map<string, { currency: string; kind: ReconcileKind; hubspot: Money[]; quickbooks: Money[] }>();
	const group = (kind: ReconcileKind, currency: string) => {
		const key = `${currency}:${kind}`;
		const found = groups.get(key) ?? { currency, kind, hubspot: [], quickbooks: [] };
		groups.set(key, found);
		return found;
	};
	for (const record of records) if (!record.voided) group(record.kind, record.amount.currency).hubspot.push(record.amount);
	for (const document of documents) if (!document.voided) group(document.marker?.kind ?? kindOfEntity(document.entity), document.total.currency).quickbooks.push(document.total);
	const kinds: ReconcileKind[] = ['invoice', 'payment', 'refund', 'fees'];
	return [...groups.values()]
		.sort((a, b) => a.currency.localeCompare(b.currency) || kinds.indexOf(a.kind) - kinds.indexOf(b.kind))
		.map(({ currency, kind, hubspot, quickbooks }) => {
			const hubspotTotal = sumMoney(currency, hubspot);
			const quickbooksTotal = sumMoney(currency, quickbooks);
			return {
				currency,
				kind,
				hubspot: { count: hubspot.length, total: formatMoney(hubspotTotal) },
				quickbooks: { count: quickbooks.length, total: formatMoney(quickbooksTotal) },
				difference: formatMoney(subtractMoney(hubspotTotal, quickbooksTotal)),
			};
		});
}
