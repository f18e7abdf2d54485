import {
	add,
	compareDecimal,
	decimal,
	formatMoney,
	isZero,
	maxDecimal,
	multiply,
	parseDecimal,
	percentOf,
	subtract,
	toMinorUnit,
	ZERO,
	type Decimal,
} from './money';
import {
	OBJECT_TYPES,
	associationTypeId,
	builtInProperties,
	type ObjectTypeName,
	type PropertyDefinition,
	type PropertyGroup,
} from './schema';
import { normalizeValue, isoOf } from './values';
import { propertyValuesError, validationError, type PropertyValueProblem } from './errors';

/** One entry of a property's history; `propertiesWithHistory` returns them newest first. */
export interface HistoryEntry {
	value: string;
	timestamp: number;
	sourceType: string;
	sourceId?: string;
}

export type PropertyMap = Readonly<Record<string, string>>;

/** A CRM record. `properties` is replaced, never mutated, so index snapshots can share it. */
export interface CrmObject {
	readonly id: string;
	readonly type: ObjectTypeName;
	properties: PropertyMap;
	/** The values the record was created with: the first history entry of each of them. */
	readonly created: { properties: PropertyMap; at: number; sourceType: string };
	/** Later changes per property, oldest first. */
	readonly changes: Map<string, HistoryEntry[]>;
	createdAt: number;
	updatedAt: number;
	archived: boolean;
	archivedAt?: number;
	/** Associated ids per target type (both directions are stored). */
	readonly associations: Map<ObjectTypeName, Set<string>>;
	/** Bumped on every write; orders index versions. */
	version: number;
}

/** What the search index holds for a record: the version it last indexed. */
export interface IndexedVersion {
	readonly id: string;
	readonly properties: PropertyMap;
	readonly createdAt: number;
	readonly updatedAt: number;
	readonly version: number;
}

export interface WriteOptions {
	/** When the write happened (epoch ms); the store's clock by default. */
	at?: number;
	/** History source: API for API calls, CRM_UI for user actions, CALCULATED for derived values. */
	sourceType?: string;
	sourceId?: string;
}

/**
 * The search index, eventually consistent like HubSpot's: hubspot.md §4.2 "It may take a few moments for newly
 * created or updated CRM objects to appear in search results". A write becomes visible `lagMs` after it happened
 * (its modification time, which a back-dated write sets in the past); until then search keeps seeing the previously
 * indexed version (or nothing, for a new record).
 */
export class SearchIndex {
	private readonly visible = new Map<ObjectTypeName, Map<string, IndexedVersion>>();
	private pending: Array<{ type: ObjectTypeName; id: string; version: IndexedVersion | null; seq: number; visibleAt: number }> = [];
	private seq = 0;
	private readonly appliedSeq = new Map<string, number>();
	/** Lags of single records: hubspot.md §4.3 reports records that show late while others show at once. */
	private readonly recordLagMs = new Map<string, number>();

	constructor(public lagMs = 0) {}

	setRecordLag(type: ObjectTypeName, id: string, ms: number | undefined): void {
		if (ms === undefined) this.recordLagMs.delete(`${type}:${id}`);
		else this.recordLagMs.set(`${type}:${id}`, ms);
	}

	/** Queues a record's new version (null = archived), written at `writtenAt`, for indexing. */
	publish(type: ObjectTypeName, id: string, version: IndexedVersion | null, writtenAt: number, immediately = false): void {
		const seq = ++this.seq;
		const lagMs = this.recordLagMs.get(`${type}:${id}`) ?? this.lagMs;
		if (immediately || lagMs <= 0) return this.apply(type, id, version, seq);
		this.pending.push({ type, id, version, seq, visibleAt: writtenAt + lagMs });
	}

	/** The records search sees at `now`. */
	entries(type: ObjectTypeName, now: number): Map<string, IndexedVersion> {
		this.flush(now);
		let map = this.visible.get(type);
		if (!map) this.visible.set(type, (map = new Map()));
		return map;
	}

	pendingCount(): number {
		return this.pending.length;
	}

	/** When search will see every write made so far (epoch ms; 0 when it already does). */
	caughtUpAt(): number {
		return this.pending.reduce((latest, entry) => Math.max(latest, entry.visibleAt), 0);
	}

	clear(): void {
		this.visible.clear();
		this.pending = [];
		this.appliedSeq.clear();
		this.recordLagMs.clear();
	}

	private flush(now: number): void {
		if (this.pending.length === 0) return;
		const waiting: typeof this.pending = [];
		for (const entry of this.pending) {
			if (entry.visibleAt <= now) this.apply(entry.type, entry.id, entry.version, entry.seq);
			else waiting.push(entry);
		}
		this.pending = waiting;
	}

	private apply(type: ObjectTypeName, id: string, version: IndexedVersion | null, seq: number): void {
		const key = `${type}:${id}`;
		// A later write may already be visible (the lag was shortened meanwhile): never go back to an older one.
		if ((this.appliedSeq.get(key) ?? 0) > seq) return;
		this.appliedSeq.set(key, seq);
		let map = this.visible.get(type);
		if (!map) this.visible.set(type, (map = new Map()));
		if (version) map.set(id, version);
		else map.delete(id);
	}
}

const PAID_PAYMENT_STATUSES = new Set(['succeeded', 'partially_refunded', 'refunded']);
const LINE_AMOUNT_INPUTS = ['quantity', 'price', 'discount', 'hs_discount_percentage', 'hs_line_item_currency_code'];
const PAYMENT_AMOUNT_INPUTS = ['hs_initial_amount', 'hs_fees_amount', 'hs_platform_fee', 'hs_refunds_amount'];

export interface HubSpotStoreOptions {
	now?: () => number;
	indexLagMs?: number;
	portalId?: number;
	/** First record id handed out; ids are numeric strings, increasing. */
	firstId?: number;
	/** First invoice number: hs_number is `${invoiceNumberPrefix}${n}` (hubspot.md §1.4 "The invoice number"). */
	firstInvoiceNumber?: number;
	invoiceNumberPrefix?: string;
}

export interface InvoiceTotals {
	currency: string;
	subtotal: Decimal;
	discounts: Decimal;
	fees: Decimal;
	taxes: Decimal;
	billed: Decimal;
	paid: Decimal;
	balance: Decimal;
}

/** The simulator's in-memory CRM: records, property definitions, associations, derived amounts, search index. */
export class HubSpotStore {
	readonly index: SearchIndex;
	readonly portalId: number;
	now: () => number;
	private objects = new Map<ObjectTypeName, Map<string, CrmObject>>();
	private definitions = new Map<ObjectTypeName, Map<string, PropertyDefinition>>();
	private groups = new Map<ObjectTypeName, Map<string, PropertyGroup>>();
	private nextId: number;
	private nextInvoiceNumber: number;

	constructor(private readonly options: HubSpotStoreOptions = {}) {
		this.now = options.now ?? Date.now;
		this.index = new SearchIndex(options.indexLagMs ?? 0);
		this.portalId = options.portalId ?? 24_681_357;
		this.nextId = options.firstId ?? 1_000_001;
		this.nextInvoiceNumber = options.firstInvoiceNumber ?? 1001;
		this.reset();
	}

	/** Empties every record and restores the built-in property definitions. */
	reset(): void {
		this.objects = new Map();
		this.definitions = new Map();
		this.groups = new Map();
		this.index.clear();
		this.nextId = this.options.firstId ?? 1_000_001;
		this.nextInvoiceNumber = this.options.firstInvoiceNumber ?? 1001;
		for (const type of Object.keys(OBJECT_TYPES) as ObjectTypeName[]) {
			const { definitions, groups } = builtInProperties(type);
			this.objects.set(type, new Map());
			this.definitions.set(type, new Map(definitions.map((definition) => [definition.name, definition])));
			this.groups.set(type, new Map(groups.map((group) => [group.name, group])));
		}
	}

	// ---------------------------------------------------------------- property definitions

	propertyDefinitions(type: ObjectTypeName): Map<string, PropertyDefinition> {
		return this.definitions.get(type)!;
	}

	propertyDefinition(type: ObjectTypeName, name: string): PropertyDefinition | undefined {
		return this.definitions.get(type)!.get(name);
	}

	addPropertyDefinition(type: ObjectTypeName, definition: PropertyDefinition): void {
		this.definitions.get(type)!.set(definition.name, definition);
	}

	propertyGroups(type: ObjectTypeName): Map<string, PropertyGroup> {
		return this.groups.get(type)!;
	}

	// ---------------------------------------------------------------- records

	records(type: ObjectTypeName): Map<string, CrmObject> {
		return this.objects.get(type)!;
	}

	get(type: ObjectTypeName, id: string): CrmObject | undefined {
		return this.objects.get(type)!.get(id);
	}

	/** A live (not archived) record, or undefined. */
	live(type: ObjectTypeName, id: string): CrmObject | undefined {
		const record = this.get(type, id);
		return record && !record.archived ? record : undefined;
	}

	require(type: ObjectTypeName, id: string): CrmObject {
		const record = this.live(type, id);
		if (!record) throw new Error(`No ${OBJECT_TYPES[type].singular} ${id}`);
		return record;
	}

	/**
	 * Checks and normalizes property values for a write.
	 * - every name must be a defined property (hubspot.md §5.2 VALIDATION_ERROR; PROPERTY_DOESNT_EXIST);
	 * - `api` writes may not set read-only values (hubspot.md §2.3 lists payments' read-only properties; calculated
	 *   invoice amounts are HubSpot's own, §1.4);
	 * - values must fit the property's type and options.
	 */
	normalizeProperties(type: ObjectTypeName, input: Record<string, unknown>, caller: 'api' | 'user'): Record<string, string> {
		const problems: PropertyValueProblem[] = [];
		const normalized: Record<string, string> = {};
		for (const [name, raw] of Object.entries(input)) {
			const definition = this.propertyDefinition(type, name);
			if (!definition || definition.archived) {
				problems.push({ name, code: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
				continue;
			}
			if (caller === 'api' && definition.modificationMetadata.readOnlyValue) {
				problems.push({ name, code: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
				continue;
			}
			const result = normalizeValue(definition, raw);
			if ('problem' in result) problems.push(result.problem);
			else normalized[name] = result.value;
		}
		if (problems.length > 0) throw propertyValuesError(problems);
		return normalized;
	}

	/** Creates a record from already-normalized values; derived values and system properties are filled in. */
	create(type: ObjectTypeName, values: Record<string, string>, options: WriteOptions & { index?: 'now' | 'lagged' } = {}): CrmObject {
		const at = options.at ?? this.now();
		const sourceType = options.sourceType ?? 'API';
		const id = String(this.nextId++);
		const info = OBJECT_TYPES[type];
		const properties: Record<string, string> = {};
		for (const [name, value] of Object.entries(values)) if (value !== '') properties[name] = value;
		const stamp = isoOf(at);
		properties.hs_object_id = id;
		properties.hs_createdate = stamp;
		properties[info.createDateProperty] = stamp;
		for (const name of info.lastModifiedProperties) properties[name] = stamp;
		properties.hs_object_source ??= sourceType === 'API' ? 'INTEGRATION' : sourceType;
		this.applyCreationDefaults(type, properties, at);
		Object.assign(properties, this.derivedValues(type, properties));
		const record: CrmObject = {
			id,
			type,
			properties,
			created: { properties, at, sourceType },
			changes: new Map(),
			createdAt: at,
			updatedAt: at,
			archived: false,
			associations: new Map(),
			version: 1,
		};
		this.objects.get(type)!.set(id, record);
		this.publish(record, options.index === 'now');
		return record;
	}

	/**
	 * Writes already-normalized values ('' clears). Records history for the values that change, maintains
	 * hs_lastmodifieddate (hubspot.md §4.4: the polling cursor) and re-derives dependent amounts.
	 */
	update(record: CrmObject, values: Record<string, string>, options: WriteOptions = {}): boolean {
		const at = options.at ?? this.now();
		const next: Record<string, string> = { ...record.properties };
		const changed: string[] = [];
		for (const [name, value] of Object.entries(values)) {
			if ((next[name] ?? '') === value) continue;
			if (value === '') delete next[name];
			else next[name] = value;
			changed.push(name);
		}
		if (changed.some((name) => this.feedsDerivedValues(record.type, name))) {
			for (const [name, value] of Object.entries(this.derivedValues(record.type, next))) {
				if ((next[name] ?? '') === value) continue;
				next[name] = value;
				changed.push(name);
			}
		}
		if (changed.length === 0) return false;
		this.commit(record, next, changed, at, options, values);
		this.cascade(record, changed, at);
		return true;
	}

	/** Sets hs_lastmodifieddate (and updatedAt) to an exact instant, as tests of equal timestamps need. */
	touch(record: CrmObject, at: number, sourceType = 'CRM_UI'): void {
		const next: Record<string, string> = { ...record.properties };
		const names = OBJECT_TYPES[record.type].lastModifiedProperties;
		for (const name of names) next[name] = isoOf(at);
		record.properties = next;
		for (const name of names) this.pushHistory(record, name, { value: next[name], timestamp: at, sourceType });
		record.updatedAt = at;
		record.version += 1;
		this.publish(record);
	}

	archive(record: CrmObject, at = this.now()): void {
		if (record.archived) return;
		record.archived = true;
		record.archivedAt = at;
		record.version += 1;
		this.index.publish(record.type, record.id, null, at);
		for (const [otherType, ids] of record.associations) {
			for (const otherId of ids) {
				const other = this.live(otherType, otherId);
				if (other?.type === 'invoices') this.recomputeInvoice(other, at);
				if (other?.type === 'commerce_payments' && record.type === 'invoices') this.recomputePaymentLinks(other, at);
			}
		}
	}

	/** Associates two records both ways (HUBSPOT_DEFINED type ids, hubspot.md §1.5/§2.5) and re-derives amounts. */
	associate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, at = this.now(), options: { derive?: boolean } = {}): void {
		if (associationTypeId(fromType, toType) === undefined) {
			throw validationError(`${OBJECT_TYPES[fromType].singular} objects cannot be associated with ${OBJECT_TYPES[toType].singular} objects.`);
		}
		const from = this.require(fromType, fromId);
		const to = this.require(toType, toId);
		linkOneWay(from, toType, toId);
		linkOneWay(to, fromType, fromId);
		if (options.derive !== false) this.afterAssociationChange(from, to, at);
	}

	unassociate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, at = this.now()): void {
		const from = this.get(fromType, fromId);
		const to = this.get(toType, toId);
		from?.associations.get(toType)?.delete(toId);
		to?.associations.get(fromType)?.delete(fromId);
		if (from && to) this.afterAssociationChange(from, to, at);
	}

	/** Live associated ids of one type, in id order. */
	associatedIds(record: CrmObject, toType: ObjectTypeName): string[] {
		const ids = record.associations.get(toType);
		if (!ids || ids.size === 0) return [];
		return [...ids].filter((id) => this.live(toType, id)).sort(compareIds);
	}

	associated(record: CrmObject, toType: ObjectTypeName): CrmObject[] {
		return this.associatedIds(record, toType).map((id) => this.get(toType, id)!);
	}

	nextInvoiceNumberText(): string {
		return `${this.options.invoiceNumberPrefix ?? 'INV-'}${this.nextInvoiceNumber++}`;
	}

	// ---------------------------------------------------------------- derived amounts

	/**
	 * Invoice totals from its parts. hubspot.md §3.2: "HubSpot first applies discounts, followed by fees, then
	 * taxes. You can use the hs_sort_order field to reorder objects of the same type." PERCENT values apply to the
	 * running subtotal at that point (§3.2 "evaluating PERCENT against the running subtotal"), each rounded to the
	 * currency's minor unit. Payments that succeeded count net of refunds (§2.2 hs_refunds_amount).
	 */
	invoiceTotals(invoice: CrmObject): InvoiceTotals {
		const currency = invoice.properties.hs_currency ?? 'USD';
		let subtotal = ZERO;
		for (const line of this.associated(invoice, 'line_items')) {
			subtotal = add(subtotal, lineAmount(line.properties, currency).amount);
		}
		subtotal = toMinorUnit(subtotal, currency);
		let running = subtotal;
		const applied = { discounts: ZERO, fees: ZERO, taxes: ZERO };
		for (const kind of ['discounts', 'fees', 'taxes'] as const) {
			for (const adjustment of this.associated(invoice, kind).sort(bySortOrder)) {
				const value = decimalOr(adjustment.properties.hs_value, ZERO);
				const amount = toMinorUnit(adjustment.properties.hs_type === 'PERCENT' ? percentOf(running, value) : value, currency);
				applied[kind] = add(applied[kind], amount);
				running = kind === 'discounts' ? subtract(running, amount) : add(running, amount);
			}
		}
		const billed = maxDecimal(running, ZERO);
		let paid = ZERO;
		for (const payment of this.associated(invoice, 'commerce_payments')) {
			if (!PAID_PAYMENT_STATUSES.has(payment.properties.hs_latest_status ?? '')) continue;
			const gross = decimalOr(payment.properties.hs_initial_amount, ZERO);
			const refunded = decimalOr(payment.properties.hs_refunds_amount, ZERO);
			paid = add(paid, subtract(gross, refunded));
		}
		// Balance never goes below zero: HubSpot shows no credit balance on an invoice [inference].
		const balance = maxDecimal(toMinorUnit(subtract(billed, paid), currency), ZERO);
		return { currency, subtotal, discounts: applied.discounts, fees: applied.fees, taxes: applied.taxes, billed, paid, balance };
	}

	/**
	 * Re-derives hs_amount_billed and hs_balance_due; an open invoice whose balance reaches zero through payments
	 * becomes paid (hubspot.md §2 "Associate completed payment records with invoices to mark them as paid").
	 */
	// A refund after an invoice was paid raises the balance again but leaves the status paid: the reference
	// documents no way back from paid (§1.4), so the simulator does not invent one.
	// Association changes alone do not move hs_lastmodifieddate; the amounts they change do.
	recomputeInvoice(invoice: CrmObject, at = this.now()): void {
		if (invoice.archived) return;
		const totals = this.invoiceTotals(invoice);
		const values: Record<string, string> = {
			hs_amount_billed: formatMoney(totals.billed, totals.currency),
			hs_balance_due: formatMoney(totals.balance, totals.currency),
		};
		const status = invoice.properties.hs_invoice_status;
		if (status === 'open' && isZero(totals.balance) && compareDecimal(totals.paid, ZERO) > 0 && compareDecimal(totals.billed, ZERO) > 0) {
			values.hs_invoice_status = 'paid';
		}
		this.update(invoice, values, { at, sourceType: 'CALCULATED' });
	}

	private recomputePaymentLinks(payment: CrmObject, at: number): void {
		const invoices = this.associatedIds(payment, 'invoices').length;
		this.update(
			payment,
			{ hs_has_associated_invoice: invoices > 0 ? 'true' : 'false', hs_number_of_associated_invoices: String(invoices) },
			{ at, sourceType: 'CALCULATED' },
		);
	}

	private feedsDerivedValues(type: ObjectTypeName, name: string): boolean {
		if (type === 'line_items') return LINE_AMOUNT_INPUTS.includes(name);
		if (type === 'commerce_payments') return PAYMENT_AMOUNT_INPUTS.includes(name) || name === 'hs_currency_code';
		return false;
	}

	/** Values HubSpot computes on the record itself: a line's net price, a payment's net amounts. */
	private derivedValues(type: ObjectTypeName, properties: Record<string, string>): Record<string, string> {
		if (type === 'line_items') {
			const currency = properties.hs_line_item_currency_code;
			const { amount, discount } = lineAmount(properties, currency);
			return { amount: formatMoney(amount, currency), hs_total_discount: formatMoney(discount, currency) };
		}
		if (type === 'commerce_payments' && properties.hs_initial_amount !== undefined) {
			const currency = properties.hs_currency_code;
			const gross = decimalOr(properties.hs_initial_amount, ZERO);
			const fees = add(decimalOr(properties.hs_fees_amount, ZERO), decimalOr(properties.hs_platform_fee, ZERO));
			const refunds = decimalOr(properties.hs_refunds_amount, ZERO);
			// hs_net_amount: gross less processing and platform fees; hs_net_amount_after_refunds also less refunds
			// ("fees aren't returned", KB via hubspot.md §2.4), so it can go negative.
			const net = subtract(gross, fees);
			return {
				hs_net_amount: formatMoney(net, currency),
				hs_net_amount_after_refunds: formatMoney(subtract(net, refunds), currency),
				hs_net_amount_in_portal_currency: formatMoney(net, currency),
				hs_initial_amount_in_portal_currency: formatMoney(gross, currency),
			};
		}
		return {};
	}

	private applyCreationDefaults(type: ObjectTypeName, properties: Record<string, string>, at: number): void {
		if (type === 'invoices') {
			properties.hs_number ??= this.nextInvoiceNumberText();
			properties.hs_invoice_status ??= 'draft';
			// hubspot.md §1.4: hs_invoice_date "default is now".
			properties.hs_invoice_date ??= isoOf(at);
			const zero = formatMoney(ZERO, properties.hs_currency);
			properties.hs_amount_billed = zero;
			properties.hs_balance_due = zero;
		}
		if (type === 'commerce_payments') {
			properties.hs_has_associated_invoice = 'false';
			properties.hs_number_of_associated_invoices = '0';
		}
	}

	private commit(record: CrmObject, next: Record<string, string>, changed: string[], at: number, options: WriteOptions, written: Record<string, string>): void {
		const sourceType = options.sourceType ?? 'API';
		const stamp = isoOf(at);
		for (const name of OBJECT_TYPES[record.type].lastModifiedProperties) {
			// A user-level write may set the modification date itself (the API refuses it: read-only).
			if (written[name] !== undefined && written[name] !== '') continue;
			next[name] = stamp;
			if (!changed.includes(name)) changed.push(name);
		}
		record.properties = next;
		for (const name of changed) {
			this.pushHistory(record, name, { value: next[name] ?? '', timestamp: at, sourceType, sourceId: options.sourceId });
		}
		record.updatedAt = at;
		record.version += 1;
		this.publish(record);
	}

	private pushHistory(record: CrmObject, name: string, entry: HistoryEntry): void {
		let entries = record.changes.get(name);
		if (!entries) record.changes.set(name, (entries = []));
		entries.push(entry);
	}

	/** Property history, newest first (the `propertiesWithHistory` order). */
	history(record: CrmObject, name: string): HistoryEntry[] {
		const entries = [...(record.changes.get(name) ?? [])].reverse();
		const initial = record.created.properties[name];
		if (initial !== undefined) entries.push({ value: initial, timestamp: record.created.at, sourceType: record.created.sourceType });
		return entries;
	}

	private cascade(record: CrmObject, changed: string[], at: number): void {
		if (record.type === 'invoices') {
			if (changed.includes('hs_currency')) this.recomputeInvoice(record, at);
			return;
		}
		const feedsInvoice =
			record.type === 'line_items' || record.type === 'discounts' || record.type === 'fees' || record.type === 'taxes'
				? changed.some((name) => !OBJECT_TYPES[record.type].lastModifiedProperties.includes(name))
				: record.type === 'commerce_payments' && changed.some((name) => PAYMENT_AMOUNT_INPUTS.includes(name) || name === 'hs_latest_status');
		if (!feedsInvoice) return;
		for (const invoice of this.associated(record, 'invoices')) this.recomputeInvoice(invoice, at);
	}

	private afterAssociationChange(from: CrmObject, to: CrmObject, at: number): void {
		for (const [record, other] of [[from, to], [to, from]] as const) {
			if (record.type === 'invoices' && ['line_items', 'discounts', 'fees', 'taxes', 'commerce_payments'].includes(other.type)) {
				this.recomputeInvoice(record, at);
			}
			if (record.type === 'commerce_payments' && other.type === 'invoices') this.recomputePaymentLinks(record, at);
		}
	}

	private publish(record: CrmObject, immediately = false): void {
		const version: IndexedVersion = {
			id: record.id,
			properties: record.properties,
			createdAt: record.createdAt,
			updatedAt: record.updatedAt,
			version: record.version,
		};
		// The lag counts from the write's modification time (hs_lastmodifieddate), as HubSpot indexes a change
		// "a few moments" after it was made (hubspot.md §4.2): a write back-dated by `at` is already indexed.
		this.index.publish(record.type, record.id, version, record.updatedAt, immediately);
	}

	/** Makes every record visible to search now (used by the seed generator: seeded data is history). */
	publishAllNow(): void {
		for (const [, records] of this.objects) for (const record of records.values()) if (!record.archived) this.publish(record, true);
	}

	counts(): Record<ObjectTypeName, number> {
		const counts = {} as Record<ObjectTypeName, number>;
		for (const [type, records] of this.objects) {
			let live = 0;
			for (const record of records.values()) if (!record.archived) live += 1;
			counts[type] = live;
		}
		return counts;
	}
}

function linkOneWay(record: CrmObject, toType: ObjectTypeName, toId: string): void {
	let ids = record.associations.get(toType);
	if (!ids) record.associations.set(toType, (ids = new Set()));
	ids.add(toId);
}

export function compareIds(left: string, right: string): number {
	return left.length - right.length || (left < right ? -1 : left > right ? 1 : 0);
}

function bySortOrder(left: CrmObject, right: CrmObject): number {
	const a = parseDecimal(left.properties.hs_sort_order ?? '') ?? ZERO;
	const b = parseDecimal(right.properties.hs_sort_order ?? '') ?? ZERO;
	return compareDecimal(a, b) || compareIds(left.id, right.id);
}

function decimalOr(text: string | undefined, fallback: Decimal): Decimal {
	return (text !== undefined && parseDecimal(text)) || fallback;
}

/**
 * A line item's net price: quantity × unit price (hubspot.md §3.1 `amount` "the quantity times the unit price"),
 * less the line discount fields (§3.1: `discount` per unit, `hs_discount_percentage`), in the currency's minor unit.
 */
export function lineAmount(properties: Record<string, string>, currency: string | undefined): { amount: Decimal; discount: Decimal } {
	const quantity = decimalOr(properties.quantity, decimal('1'));
	const price = decimalOr(properties.price, ZERO);
	const gross = multiply(quantity, price);
	let discount = multiply(quantity, decimalOr(properties.discount, ZERO));
	const percentage = decimalOr(properties.hs_discount_percentage, ZERO);
	if (!isZero(percentage)) discount = add(discount, percentOf(gross, percentage));
	const roundedDiscount = toMinorUnit(discount, currency);
	return { amount: subtract(toMinorUnit(gross, currency), roundedDiscount), discount: roundedDiscount };
}
