/**
 * The company's books: one table per entity, id sequences, the payment applications that drive
 * invoice balances, and the switches tests flip. Records are kept in the exact JSON shape QBO returns,
 * so a read is a copy; everything derived (totals, balances) is recomputed on write.
 */
import { SimClock } from './clock';
import type { Decimal } from './money';

export type EntityName =
	| 'Customer'
	| 'Vendor'
	| 'Employee'
	| 'Item'
	| 'Account'
	| 'PaymentMethod'
	| 'Term'
	| 'TaxCode'
	| 'Invoice'
	| 'Payment'
	| 'Purchase'
	| 'SalesReceipt'
	| 'CreditMemo'
	| 'RefundReceipt'
	| 'CompanyInfo'
	| 'Preferences';

export const ENTITY_NAMES: readonly EntityName[] = [
	'Customer', 'Vendor', 'Employee', 'Item', 'Account', 'PaymentMethod', 'Term', 'TaxCode', 'Invoice', 'Payment',
	'Purchase', 'SalesReceipt', 'CreditMemo', 'RefundReceipt', 'CompanyInfo', 'Preferences',
];

/** Transactions share one id sequence in QBO (an invoice 145 is followed by payment 146); lists count apart. */
export const TRANSACTION_ENTITIES: ReadonlySet<EntityName> = new Set([
	'Invoice', 'Payment', 'Purchase', 'SalesReceipt', 'CreditMemo', 'RefundReceipt',
]);

/** A QBO object in its JSON shape. QBO payloads are open-ended, so fields are read with checks, not types. */
export type QboRecord = Record<string, any>;

export type Country = 'US' | 'GB' | 'CA' | 'AU';

export type DuplicateRequestIdMode = 'replay' | 'error600' | 'ignore';

/** Readings of behaviours quickbooks.md marks UNVERIFIED (see QuickBooksSettings). */
export type OverAppliedPaymentReading = 'refuse' | 'unapplied';
export type SubCentReading = 'refuse' | 'round';
export type EmptyTaxCodeRefReading = 'refuse' | 'accept';
export type VoidInQueryReading = 'refuse' | 'accept';

export interface UnverifiedReadings {
	/** quickbooks.md §15.4: a LinkedTxn amount above the invoice's open balance: refused (6000), or capped there with the rest left as UnappliedAmt. */
	overAppliedPayment: OverAppliedPaymentReading;
	/** An amount with more decimals than its currency (10.005 USD; §2.1.1 allows the "10.5" format): refused (2110), or rounded half up. */
	subCentAmount: SubCentReading;
	/** A line's `TaxCodeRef: {}` (n8n's built-in node sends it when no tax code is chosen): refused (2020), or taken as no tax code. */
	emptyTaxCodeRef: EmptyTaxCodeRefReading;
	/** Void with Id and SyncToken in the query string and no body (n8n's built-in node; §1.6 documents a body): refused, or accepted. */
	voidInQueryString: VoidInQueryReading;
	/** §15.2: whether letter case tells two names apart, in queries and in uniqueness alike (see QuickBooksSettings). */
	caseSensitiveNames: boolean;
}

/** The reading each default takes (the one the reference leans to, or the stricter one where it leans nowhere). */
export const DEFAULT_READINGS: UnverifiedReadings = {
	overAppliedPayment: 'refuse',
	subCentAmount: 'refuse',
	emptyTaxCodeRef: 'refuse',
	voidInQueryString: 'refuse',
	caseSensitiveNames: false,
};

/** The other reading of every one of them. */
export const ALTERNATE_READINGS: UnverifiedReadings = {
	overAppliedPayment: 'unapplied',
	subCentAmount: 'round',
	emptyTaxCodeRef: 'accept',
	voidInQueryString: 'accept',
	caseSensitiveNames: true,
};

/**
 * The readings a simulator starts with: HSQB_QBO_READINGS=alternate flips all of them (so a whole test run can be
 * repeated under the other reading), or names some, e.g. `overAppliedPayment=unapplied,subCentAmount=round`.
 * Options a test passes still win.
 */
export function readingsFromEnvironment(value = process.env.HSQB_QBO_READINGS): Partial<UnverifiedReadings> {
	if (!value || value === 'default') return {};
	if (value === 'alternate') return { ...ALTERNATE_READINGS };
	const chosen: Record<string, unknown> = {};
	for (const pair of value.split(',')) {
		const [key, raw] = pair.split('=').map((part) => part.trim());
		if (!(key in DEFAULT_READINGS)) throw new Error(`HSQB_QBO_READINGS: unknown reading '${key}' (known: ${Object.keys(DEFAULT_READINGS).join(', ')})`);
		const allowed = [String(DEFAULT_READINGS[key as keyof UnverifiedReadings]), String(ALTERNATE_READINGS[key as keyof UnverifiedReadings])];
		if (!allowed.includes(raw)) throw new Error(`HSQB_QBO_READINGS: ${key} is one of ${allowed.join(' | ')}, not '${raw}'`);
		chosen[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
	}
	return chosen as Partial<UnverifiedReadings>;
}

/** Switches a test (or /__sandbox/settings) can flip at run time. */
export interface QuickBooksSettings extends UnverifiedReadings {
	/**
	 * A repeated requestid: 'replay' answers the first response (Intuit's documented behaviour), 'error600'
	 * answers Fault 600 "Duplicate Request ID", 'ignore' runs the request again and so duplicates, as
	 * field reports show both (quickbooks.md §4.2, §4.3).
	 */
	duplicateRequestIdMode: DuplicateRequestIdMode;
	/** Per-realm limits of quickbooks.md §6 (500/min, 10/s, 40 batch calls/min). Off by default so tests run fast. */
	throttling: boolean;
	accessTokenTtlSeconds: number;
	/** The company preference "warn me when a duplicate number is used" turned off (quickbooks.md §2.1: 6140 otherwise). */
	allowDuplicateDocNumbers: boolean;
	/**
	 * Stand-in for Automated Sales Tax: the rate AST "recommends" for TAX lines when the request sends no
	 * TxnTaxDetail.TotalTax (quickbooks.md §10.2). Non-zero on purpose, so a sync that forgets TotalTax sees a
	 * total that differs from HubSpot's.
	 */
	salesTaxRatePercent: string;
	/** Home-currency units per 1 foreign unit, used when a foreign-currency request omits ExchangeRate (§10.1). */
	exchangeRates: Record<string, string>;
	/**
	 * Whether letter case tells two names apart. quickbooks.md §15.2 leaves both readings UNVERIFIED (string
	 * comparison in queries, and DisplayName/Name/DocNumber uniqueness) but requires them not to contradict each
	 * other, so one switch drives both: false (default) = 'acme corporation' finds "Acme Corporation" in a
	 * query and creating it is 6240; true = the query misses it and the create succeeds as a second name.
	 */
	caseSensitiveNames: boolean;
	/** Sandbox e-mail quota per realm per day (quickbooks.md §6: 40 emails/day in sandbox). */
	emailsPerDay: number;
	/** CDC's 1,000-object cap (quickbooks.md §8.1): per entity (false, default) or shared by all requested entities (a third-party reading). */
	cdcLimitShared: boolean;
	/**
	 * Which objects a CDC answer cut at the cap keeps: the oldest changes (default; a client continues from
	 * the newest it got) or the newest. quickbooks.md §8.1 does not say; a client must not lose a change either way.
	 */
	cdcCutKeeps: 'oldest' | 'newest';
}

export function defaultSettings(overrides: Partial<QuickBooksSettings> = {}): QuickBooksSettings {
	return {
		duplicateRequestIdMode: 'replay',
		throttling: false,
		accessTokenTtlSeconds: 3600,
		allowDuplicateDocNumbers: false,
		salesTaxRatePercent: '8.25',
		exchangeRates: { EUR: '1.0850', GBP: '1.2700', CAD: '0.7300', AUD: '0.6600', JPY: '0.0067', KWD: '3.2500', CHF: '1.1300', USD: '1' },
		emailsPerDay: 40,
		cdcLimitShared: false,
		cdcCutKeeps: 'oldest',
		...DEFAULT_READINGS,
		...readingsFromEnvironment(),
		...overrides,
	};
}

export class CompanyStore {
	private readonly tables = new Map<EntityName, Map<string, QboRecord>>();
	/** Per entity: lower-cased trimmed key (DocNumber, DisplayName, FullyQualifiedName) → ids, for uniqueness checks and look-ups. */
	private readonly indexes = new Map<string, Map<string, Set<string>>>();
	private readonly nameSequences = new Map<EntityName, number>();
	private transactionSequence = 0;
	/** Target ("Invoice:12" / "CreditMemo:7") → payment id → amount that payment applies to it. */
	readonly applications = new Map<string, Map<string, Decimal>>();
	/** Customer id → keys ("Invoice:12") of the transactions that move its balance. */
	readonly customerTransactions = new Map<string, Set<string>>();
	/** Keys ("Invoice:12") of voided documents. */
	readonly voided = new Set<string>();
	/** Rate in percent per non-US TaxCode id (the TaxRate entity is not modelled). */
	readonly taxRatePercents = new Map<string, string>();
	emailsSent: { day: string; count: number } = { day: '', count: 0 };
	/** Deleted transactions, for Change Data Capture's status "Deleted" answers (quickbooks.md §8.1). */
	private readonly tombstones: { entity: EntityName; id: string; at: number }[] = [];

	constructor(
		readonly realmId: string,
		readonly clock: SimClock,
		public settings: QuickBooksSettings,
		public country: Country = 'US',
	) {
		for (const name of ENTITY_NAMES) this.tables.set(name, new Map());
	}

	/** Empties the books (settings stay; reset() in the simulator seeds the default company again). */
	clear(): void {
		for (const table of this.tables.values()) table.clear();
		this.indexes.clear();
		this.nameSequences.clear();
		this.transactionSequence = 0;
		this.applications.clear();
		this.customerTransactions.clear();
		this.voided.clear();
		this.taxRatePercents.clear();
		this.emailsSent = { day: '', count: 0 };
		this.tombstones.length = 0;
	}

	/** Remembers a deletion (the record itself is gone) so CDC can report it. */
	recordDeletion(entity: EntityName, id: string): void {
		this.tombstones.push({ entity, id, at: this.clock.now() });
	}

	deletedSince(entity: EntityName, since: number): { id: string; at: number }[] {
		return this.tombstones.filter((tombstone) => tombstone.entity === entity && tombstone.at >= since);
	}

	// --- read access for tests: copies, so an assertion cannot change the books ---

	get(entity: EntityName, id: string): QboRecord | undefined {
		const record = this.find(entity, id);
		return record ? copy(record) : undefined;
	}

	/** All records of an entity, inactive ones included, in id order. */
	list(entity: EntityName): QboRecord[] {
		return this.all(entity).map(copy);
	}

	count(entity: EntityName): number {
		return this.table(entity).size;
	}

	/** Finds name-list records by their display name (DisplayName, or Name for items and accounts). */
	findByName(entity: EntityName, name: string): QboRecord | undefined {
		const found = this.all(entity).find((record) => (record.DisplayName ?? record.Name) === name);
		return found ? copy(found) : undefined;
	}

	get preferences(): QboRecord {
		return copy(this.livePreferences());
	}

	get companyInfo(): QboRecord {
		return copy(this.liveCompanyInfo());
	}

	// --- live access for the simulator itself ---

	table(entity: EntityName): Map<string, QboRecord> {
		return this.tables.get(entity)!;
	}

	find(entity: EntityName, id: string): QboRecord | undefined {
		return this.table(entity).get(id);
	}

	all(entity: EntityName): QboRecord[] {
		const records = [...this.table(entity).values()];
		// Ids grow with each insert, so the table is nearly always in id order already; sort only when not.
		for (let index = 1; index < records.length; index += 1) {
			if (byId(records[index - 1], records[index]) > 0) return records.sort(byId);
		}
		return records;
	}

	put(entity: EntityName, record: QboRecord): void {
		const table = this.table(entity);
		const previous = table.get(record.Id);
		if (previous) this.unindex(entity, previous);
		table.set(record.Id, record);
		this.index(entity, record);
	}

	remove(entity: EntityName, id: string): void {
		const previous = this.table(entity).get(id);
		if (previous) this.unindex(entity, previous);
		this.table(entity).delete(id);
	}

	/**
	 * Ids whose indexed field (see INDEXED_FIELDS) equals `value`, ignoring surrounding spaces, and ignoring
	 * case unless settings.caseSensitiveNames. The index itself ignores case, so flipping the switch needs no rebuild.
	 */
	idsByKey(entity: EntityName, field: IndexedField, value: string): string[] {
		const ids = [...(this.indexes.get(`${entity}.${field}`)?.get(indexKey(value)) ?? [])];
		if (!this.settings.caseSensitiveNames) return ids;
		const exact = value.trim();
		return ids.filter((id) => String(this.find(entity, id)?.[field] ?? '').trim() === exact);
	}

	private index(entity: EntityName, record: QboRecord): void {
		for (const field of INDEXED_FIELDS) {
			const value = record[field];
			if (typeof value !== 'string') continue;
			const name = `${entity}.${field}`;
			let index = this.indexes.get(name);
			if (!index) this.indexes.set(name, (index = new Map()));
			const key = indexKey(value);
			let ids = index.get(key);
			if (!ids) index.set(key, (ids = new Set()));
			ids.add(record.Id);
		}
	}

	private unindex(entity: EntityName, record: QboRecord): void {
		for (const field of INDEXED_FIELDS) {
			const value = record[field];
			if (typeof value !== 'string') continue;
			this.indexes.get(`${entity}.${field}`)?.get(indexKey(value))?.delete(record.Id);
		}
	}

	nextId(entity: EntityName): string {
		if (TRANSACTION_ENTITIES.has(entity)) return String(++this.transactionSequence);
		const next = (this.nameSequences.get(entity) ?? 0) + 1;
		this.nameSequences.set(entity, next);
		return String(next);
	}

	livePreferences(): QboRecord {
		return this.table('Preferences').values().next().value as QboRecord;
	}

	liveCompanyInfo(): QboRecord {
		return this.table('CompanyInfo').values().next().value as QboRecord;
	}

	get homeCurrency(): string {
		return this.livePreferences()?.CurrencyPrefs?.HomeCurrency?.value ?? 'USD';
	}

	get multicurrencyEnabled(): boolean {
		return this.livePreferences()?.CurrencyPrefs?.MultiCurrencyEnabled === true;
	}

	get salesFormsPrefs(): QboRecord {
		return this.livePreferences()?.SalesFormsPrefs ?? {};
	}

	get usingSalesTax(): boolean {
		return this.livePreferences()?.TaxPrefs?.UsingSalesTax !== false;
	}

	/** US companies use the pseudo codes TAX/NON on lines; other locales reference TaxCode ids (quickbooks.md §10.2, §10.3). */
	get usTaxModel(): boolean {
		return this.country === 'US';
	}

	linkCustomerTransaction(customerId: string | undefined, key: string): void {
		if (!customerId) return;
		let keys = this.customerTransactions.get(customerId);
		if (!keys) this.customerTransactions.set(customerId, (keys = new Set()));
		keys.add(key);
	}

	unlinkCustomerTransaction(customerId: string | undefined, key: string): void {
		if (customerId) this.customerTransactions.get(customerId)?.delete(key);
	}
}

/** Fields kept in an index. Records are only replaced (put), never renamed in place, so the index stays true. */
export const INDEXED_FIELDS = ['DocNumber', 'DisplayName', 'FullyQualifiedName', 'Name'] as const;
export type IndexedField = (typeof INDEXED_FIELDS)[number];

function indexKey(value: string): string {
	return value.trim().toLowerCase();
}

export function copy<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Ids are numeric strings (TaxCode uses TAX/NON in the US): numeric order first, then text. */
export function compareIds(a: string, b: string): number {
	const numericA = /^\d+$/.test(a);
	const numericB = /^\d+$/.test(b);
	if (numericA && numericB) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
	if (numericA !== numericB) return numericA ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

function byId(a: QboRecord, b: QboRecord): number {
	return compareIds(String(a.Id), String(b.Id));
}
