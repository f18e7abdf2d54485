/**
 * Reconcile With HubSpot, the reading half: a period's HubSpot invoices, payments, refunds and fees and
 * the QuickBooks documents of that period, read in bulk only (HubSpot search pages of 200 and batch
 * reads of 100; QuickBooks queries paged by 1,000 and IN lists), then classified by core/reconcile.ts.
 * Every call is counted, so the result says what the reading cost per 1,000 documents.
 *
 * The period is a set of calendar days in a time zone. HubSpot is searched a day wider on each side
 * and QuickBooks by TxnDate a day wider too (the sync dates a document by the day in its own time
 * zone); what lies outside the period is then dropped by its date, and a QuickBooks document whose
 * marker names a HubSpot record outside the period is dropped once HubSpot confirms that record exists.
 * Refund documents are read by creation time instead: a refund is booked when it happens.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	classifyPayment,
	feeExpenseMarker,
	hubspotInvoiceIdFromPrivateNote,
	isVoidedQboInvoice,
	normalizeCurrencyCode,
	parseMoney,
	propertyText,
	reconcile,
	summarizeFees,
	toQboDate,
	type FeePeriod,
	type HubSpotSide,
	type QboInvoiceRecord,
	type QboReconcileEntity,
	type QboSide,
	type ReconcileResult,
} from '../../../core';
import { INVOICE_PROPERTIES, PAYMENT_PROPERTIES, SEARCH_PAGE_LIMIT, type HubSpotClient, type HubSpotObjectType, type HubSpotPayment, type SearchFilter } from '../../../transport/hubspot';
import type { QueryCondition, QuickBooksClient } from '../../../transport/quickbooks';
import { readCompanyFacts } from './company';
import { corePayment } from './paymentSync';
import { inLists } from './queryLists';

export interface ReconcileSettings {
	period: FeePeriod;
	timeZone: string;
	/** Only these currencies (ISO codes); all when empty. */
	currencies: string[];
	/** Compare the open balance of invoices (needs the payments recorded in QuickBooks). */
	compareBalances: boolean;
}

export interface ReconcileCalls {
	hubspot: number;
	quickbooks: number;
	/** HubSpot records and QuickBooks documents read for the period. */
	documents: number;
	/** (HubSpot + QuickBooks calls) per 1,000 documents, to two places. */
	perThousandDocuments: string;
}

export interface ReconcileReading extends ReconcileResult {
	period: FeePeriod;
	/** Whether fees were compared: only for a whole calendar month, the period a fee expense books. */
	feesCompared: boolean;
	calls: ReconcileCalls;
	/** The raw QuickBooks documents by "Entity:Id", for Repair (SyncToken, accounts). */
	documentsRead: Map<string, IDataObject>;
	/** The period's HubSpot payments as read, for Repair (the fee expense is booked from them). */
	paymentsRead: HubSpotPayment[];
}

const QBO_PAGE = 1000;
/** Pages of one query follow a sort: by Id where QuickBooks sorts on it, else by creation time (quickbooks.md §15.1b). */
const STABLE_ORDER: Readonly<Record<QboReconcileEntity, string>> = {
	Invoice: 'Id',
	Payment: 'Id',
	SalesReceipt: 'Id',
	Purchase: 'Id',
	RefundReceipt: 'MetaData.CreateTime',
	CreditMemo: 'MetaData.CreateTime',
};
const HUBSPOT_BATCH = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

const PAYMENT_MARKER = /HubSpot payment (\d+)(?!\d)/;
const REFUND_MARKER = /HubSpot refund of payment (\d+)(?!\d)/;
const FEES_MARKER = /^HubSpot fees (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}) ([A-Z]{3})/;

/** Counts every call the reading makes. */
class CallCounter {
	hubspot = 0;
	quickbooks = 0;
}

function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function isWholeMonth(period: FeePeriod): boolean {
	const [year, month] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
	const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
	return period.from.endsWith('-01') && addDays(next, -1) === period.to;
}

// ------------------------------------------------------------------ HubSpot

/**
 * Every record whose date property lies in [from, to), by search pages of 200. Past 10,000 results a
 * search stops paging, so the window is walked by hs_object_id: each round asks for ids above the last.
 */
async function searchAll(hubspot: HubSpotClient, calls: CallCounter, objectType: HubSpotObjectType, dateProperty: string, from: number, to: number, properties: readonly string[]) {
	const records: Array<{ id: string; properties: Record<string, string | null> }> = [];
	let lastId: string | undefined;
	for (;;) {
		const filters: SearchFilter[] = [{ propertyName: dateProperty, operator: 'BETWEEN', value: String(from), highValue: String(to - 1) }];
		if (lastId !== undefined) filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: lastId });
		let after: string | undefined;
		let round = 0;
		for (;;) {
			calls.hubspot += 1;
			const page = await hubspot.search(objectType, {
				filterGroups: [{ filters }],
				sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
				properties: [...properties],
				limit: SEARCH_PAGE_LIMIT,
				...(after !== undefined ? { after } : {}),
			});
			records.push(...page.results);
			round += page.results.length;
			after = page.nextAfter;
			if (after === undefined || round >= 9_800) break;
		}
		if (after === undefined) return records;
		lastId = records[records.length - 1].id;
	}
}

async function batchReadExisting(hubspot: HubSpotClient, calls: CallCounter, objectType: HubSpotObjectType, ids: readonly string[]): Promise<Set<string>> {
	if (ids.length === 0) return new Set();
	calls.hubspot += Math.ceil(new Set(ids).size / HUBSPOT_BATCH);
	const found = await hubspot.batchRead(objectType, ids, { properties: ['hs_object_id'] });
	return new Set(found.map((record) => record.id));
}

function inPeriod(day: string | undefined, period: FeePeriod): boolean {
	return day !== undefined && day >= period.from && day <= period.to;
}

function invoiceSide(invoice: { id: string; properties: Record<string, string | null> }, homeCurrency: string, compareBalances: boolean): HubSpotSide {
	const text = (name: string) => propertyText(invoice, name);
	const currency = normalizeCurrencyCode(text('hs_currency') ?? homeCurrency);
	const number = text('hs_number');
	const side: HubSpotSide = {
		kind: 'invoice',
		key: invoice.id,
		label: `HubSpot invoice ${invoice.id}${number !== undefined ? ` (${number})` : ''}`,
		amount: parseMoney(text('hs_amount_billed') ?? '0', currency, `HubSpot invoice ${invoice.id} hs_amount_billed`, 'half-up'),
		voided: text('hs_invoice_status') === 'voided',
	};
	if (number !== undefined) side.number = number;
	const balance = text('hs_balance_due');
	if (compareBalances && balance !== undefined) side.balance = parseMoney(balance, currency, `HubSpot invoice ${invoice.id} hs_balance_due`, 'half-up');
	const optional: Array<[keyof HubSpotSide, string]> = [
		['writtenBackId', 'qbo_invoice_id'],
		['syncStatus', 'qbo_sync_status'],
		['errorCategory', 'qbo_sync_error_category'],
		['errorMessage', 'qbo_sync_error_message'],
	];
	for (const [key, property] of optional) {
		const value = text(property);
		if (value !== undefined) (side as unknown as Record<string, string>)[key] = value;
	}
	return side;
}

function paymentSides(payment: HubSpotPayment, homeCurrency: string): HubSpotSide[] {
	const route = classifyPayment(corePayment(payment));
	if (route === 'skip-quickbooks-origin' || route === 'not-succeeded') return [];
	const currency = normalizeCurrencyCode(propertyText(payment, 'hs_currency_code') ?? homeCurrency);
	const sides: HubSpotSide[] = [
		{ kind: 'payment', key: payment.id, label: `HubSpot payment ${payment.id}`, amount: parseMoney(propertyText(payment, 'hs_initial_amount') ?? '0', currency, `HubSpot payment ${payment.id} hs_initial_amount`, 'half-up') },
	];
	const refunded = parseMoney(propertyText(payment, 'hs_refunds_amount') ?? '0', currency, `HubSpot payment ${payment.id} hs_refunds_amount`, 'half-up');
	if (refunded.minorUnits > 0n) sides.push({ kind: 'refund', key: payment.id, label: `Refund of HubSpot payment ${payment.id}`, amount: refunded });
	return sides;
}

// ------------------------------------------------------------------ QuickBooks

async function queryAll(qb: QuickBooksClient, calls: CallCounter, entity: QboReconcileEntity, where: QueryCondition[]): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let startPosition = 1; ; startPosition += QBO_PAGE) {
		calls.quickbooks += 1;
		const page = await qb.queryPage<IDataObject>(entity, { where, startPosition, maxResults: QBO_PAGE, orderBy: { field: STABLE_ORDER[entity] } });
		records.push(...page);
		if (page.length < QBO_PAGE) return records;
	}
}

async function queryIdsIn(qb: QuickBooksClient, calls: CallCounter, entity: QboReconcileEntity, field: string, values: readonly string[]): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (const list of inLists([...new Set(values)])) records.push(...(await queryAll(qb, calls, entity, [{ field, operator: 'IN', value: list }])));
	return records;
}

function markerOf(entity: QboReconcileEntity, note: string, period: FeePeriod): QboSide['marker'] | 'other-period' | undefined {
	if (entity === 'Invoice') {
		const id = hubspotInvoiceIdFromPrivateNote(note);
		return id === undefined ? undefined : { kind: 'invoice', key: id };
	}
	if (entity === 'Payment' || entity === 'SalesReceipt') {
		const id = PAYMENT_MARKER.exec(note)?.[1];
		return id === undefined ? undefined : { kind: 'payment', key: id };
	}
	if (entity === 'RefundReceipt' || entity === 'CreditMemo') {
		const id = REFUND_MARKER.exec(note)?.[1];
		return id === undefined ? undefined : { kind: 'refund', key: id };
	}
	const fees = FEES_MARKER.exec(note);
	if (fees === null) return undefined;
	return note.startsWith(feeExpenseMarker(period, fees[3])) ? { kind: 'fees', key: fees[3] } : 'other-period';
}

function documentSide(entity: QboReconcileEntity, record: IDataObject, homeCurrency: string, marker: QboSide['marker']): QboSide {
	const currency = normalizeCurrencyCode(String((record.CurrencyRef as IDataObject | undefined)?.value ?? homeCurrency));
	const note = String(record.PrivateNote ?? '');
	const total = parseMoney(Number(record.TotalAmt ?? 0), currency, `QuickBooks ${entity} ${String(record.Id)} TotalAmt`, 'half-up');
	const voided = entity === 'Invoice' ? isVoidedQboInvoice(record as unknown as QboInvoiceRecord) : total.minorUnits === 0n && /\bvoided\b/i.test(note);
	const side: QboSide = { entity, id: String(record.Id), total, voided };
	if (typeof record.DocNumber === 'string' && record.DocNumber !== '') side.docNumber = record.DocNumber;
	if (typeof record.TxnDate === 'string') side.txnDate = record.TxnDate;
	if (marker !== undefined) side.marker = marker;
	if (entity === 'Invoice' && record.Balance !== undefined) side.balance = parseMoney(Number(record.Balance), currency, `QuickBooks Invoice ${String(record.Id)} Balance`, 'half-up');
	return side;
}

const SALES_ENTITIES: readonly QboReconcileEntity[] = ['Invoice', 'Payment', 'SalesReceipt', 'RefundReceipt', 'CreditMemo'];
const REFUND_ENTITIES: readonly QboReconcileEntity[] = ['RefundReceipt', 'CreditMemo'];

/** Reads both sides of the period and classifies them. */
export async function readAndReconcile(qb: QuickBooksClient, hubspot: HubSpotClient, settings: ReconcileSettings): Promise<ReconcileReading> {
	const { period, timeZone } = settings;
	const calls = new CallCounter();
	calls.quickbooks += 1; // the company's preferences: the home currency
	const { homeCurrency } = await readCompanyFacts(qb, false);
	const wanted = new Set(settings.currencies.map(normalizeCurrencyCode));
	const keepCurrency = (currency: string) => wanted.size === 0 || wanted.has(currency);
	const feesCompared = isWholeMonth(period);

	// HubSpot, a day wider on each side, then exactly the period in the time zone.
	const from = Date.parse(`${addDays(period.from, -1)}T00:00:00Z`);
	const to = Date.parse(`${addDays(period.to, 2)}T00:00:00Z`);
	const [invoices, payments] = await Promise.all([
		searchAll(hubspot, calls, 'invoices', 'hs_invoice_date', from, to, INVOICE_PROPERTIES),
		searchAll(hubspot, calls, 'commerce_payments', 'hs_initiated_date', from, to, PAYMENT_PROPERTIES),
	]);
	const periodInvoices = invoices.filter((invoice) => inPeriod(toQboDate(propertyText(invoice, 'hs_invoice_date'), timeZone), period));
	// Drafts are not synced unless a run synced one; they have nothing to compare yet.
	const synced = periodInvoices.filter((invoice) => propertyText(invoice, 'hs_invoice_status') !== 'draft' || propertyText(invoice, 'qbo_invoice_id') !== undefined);
	const periodPayments = payments.filter((payment) => inPeriod(toQboDate(propertyText(payment, 'hs_initiated_date'), timeZone), period)) as HubSpotPayment[];
	const records: HubSpotSide[] = [
		...synced.map((invoice) => invoiceSide(invoice, homeCurrency, settings.compareBalances)),
		...periodPayments.flatMap((payment) => paymentSides(payment, homeCurrency)),
	];
	if (feesCompared) {
		const summary = summarizeFees(periodPayments, period, { timeZone, homeCurrency });
		for (const totals of summary.currencies) {
			records.push({ kind: 'fees', key: totals.currency, label: `HubSpot fees ${period.from} to ${period.to} ${totals.currency}`, amount: parseMoney(totals.totalFees, totals.currency) });
		}
	}

	// QuickBooks by TxnDate, a day wider on each side; the invoices written back but dated elsewhere by id.
	const dates: QueryCondition[] = [
		{ field: 'TxnDate', operator: '>=', value: addDays(period.from, -1) },
		{ field: 'TxnDate', operator: '<=', value: addDays(period.to, 1) },
	];
	// A refund is booked when it happens, often after the period of the payment it refunds; its document was
	// created after that payment, so the refund documents created since the period began hold it.
	const createdSince: QueryCondition[] = [{ field: 'MetaData.CreateTime', operator: '>=', value: `${addDays(period.from, -1)}T00:00:00Z` }];
	const raw = new Map<string, { entity: QboReconcileEntity; record: IDataObject }>();
	const keep = (entity: QboReconcileEntity, list: IDataObject[]) => list.forEach((record) => raw.set(`${entity}:${String(record.Id)}`, { entity, record }));
	for (const entity of SALES_ENTITIES) keep(entity, await queryAll(qb, calls, entity, REFUND_ENTITIES.includes(entity) ? createdSince : dates));
	if (feesCompared) keep('Purchase', await queryAll(qb, calls, 'Purchase', [...dates, { field: 'DocNumber', operator: 'LIKE', value: 'FEES-%' }]));
	const writtenBack = records.map((record) => record.writtenBackId).filter((id): id is string => id !== undefined && /^\d+$/.test(id) && !raw.has(`Invoice:${id}`));
	if (writtenBack.length > 0) keep('Invoice', await queryIdsIn(qb, calls, 'Invoice', 'Id', writtenBack));

	const documents: QboSide[] = [];
	const hubspotKeys = new Set(records.map((record) => `${record.kind}:${record.key}`));
	const elsewhere: Array<{ side: QboSide; objectType: HubSpotObjectType }> = [];
	for (const { entity, record } of raw.values()) {
		const marker = markerOf(entity, String(record.PrivateNote ?? ''), period);
		if (marker === 'other-period') continue;
		const side = documentSide(entity, record, homeCurrency, marker);
		if (marker === undefined && !inPeriod(side.txnDate, period) && !writtenBack.includes(side.id)) continue;
		if (marker !== undefined && !hubspotKeys.has(`${marker.kind}:${marker.key}`) && marker.kind !== 'fees') {
			elsewhere.push({ side, objectType: marker.kind === 'invoice' ? 'invoices' : 'commerce_payments' });
		}
		documents.push(side);
	}
	// A marked document whose HubSpot record exists but lies outside the period belongs to another period.
	const outside = new Set<QboSide>();
	for (const objectType of ['invoices', 'commerce_payments'] as const) {
		const mine = elsewhere.filter((entry) => entry.objectType === objectType);
		const existing = await batchReadExisting(hubspot, calls, objectType, mine.map((entry) => entry.side.marker!.key));
		for (const { side } of mine) if (existing.has(side.marker!.key)) outside.add(side);
	}
	const inScope = documents.filter((side) => !outside.has(side) && keepCurrency(side.total.currency));
	const result = reconcile(
		records.filter((record) => keepCurrency(record.amount.currency)),
		inScope,
	);
	const documentCount = invoices.length + payments.length + raw.size;
	const total = calls.hubspot + calls.quickbooks;
	return {
		...result,
		period,
		feesCompared,
		calls: {
			hubspot: calls.hubspot,
			quickbooks: calls.quickbooks,
			documents: documentCount,
			perThousandDocuments: documentCount === 0 ? '0.00' : ((total * 1000) / documentCount).toFixed(2),
		},
		documentsRead: new Map([...raw.entries()].map(([key, { record }]) => [key, record])),
		paymentsRead: periodPayments,
	};
}
