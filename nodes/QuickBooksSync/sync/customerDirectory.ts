/**
 * The QuickBooks customers a sync run has seen, found in few queries. QuickBooks filters
 * Customer.DisplayName with IN but PrimaryEmailAddr only with = and LIKE (quickbooks.md §15.1b; the
 * query builder refuses IN there), so names are looked up in lists, and emails one by one, unless the
 * run needs more email look-ups than reading the whole (active) customer list costs: then the list is
 * read once, in pages of 1000, and every later look-up of the run is answered here.
 *
 * A customer created meanwhile by someone else is not missed for long: its name makes our create fail
 * with 6240, and the caller looks the name up again.
 */
import type { IDataObject } from 'n8n-workflow';

import type { CustomerLookupKeys, QboCustomerCandidate } from '../../../core';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import { normalized, queryIn } from './queryLists';

/** Whole-list reads are worth it up to this many customers (a hundred pages). */
const MAX_CUSTOMERS_TO_READ_ALL = 100_000;
const PAGE_SIZE = 1000;

/**
 * The display name without the currency suffix: a foreign-currency customer someone created in
 * QuickBooks by hand is usually just "Tanaka KK" (in JPY), and is the same customer as "Tanaka KK (JPY)".
 */
export function plainDisplayName(keys: CustomerLookupKeys): string {
	const suffix = ` (${keys.currency})`;
	return keys.displayName.endsWith(suffix) ? keys.displayName.slice(0, -suffix.length) : keys.displayName;
}

function candidateOf(record: IDataObject): QboCustomerCandidate {
	const candidate: QboCustomerCandidate = { Id: String(record.Id) };
	if (typeof record.DisplayName === 'string') candidate.DisplayName = record.DisplayName;
	const email = (record.PrimaryEmailAddr as IDataObject | undefined)?.Address;
	if (typeof email === 'string') candidate.PrimaryEmailAddr = { Address: email };
	const currency = (record.CurrencyRef as IDataObject | undefined)?.value;
	if (typeof currency === 'string') candidate.CurrencyRef = { value: currency };
	if (typeof record.Active === 'boolean') candidate.Active = record.Active;
	// Customers the sync created name their HubSpot company here: evidence for a name match.
	if (typeof record.Notes === 'string') candidate.Notes = record.Notes;
	return candidate;
}

export class CustomerDirectory {
	private readonly byName = new Map<string, QboCustomerCandidate[]>();
	private readonly byEmail = new Map<string, QboCustomerCandidate[]>();
	private readonly namesLookedUp = new Set<string>();
	private readonly emailsLookedUp = new Set<string>();
	/** Every active customer is here (read in full, plus what the run created). */
	private complete = false;
	private customerCount?: number;

	constructor(private readonly qb: QuickBooksClient) {}

	add(record: IDataObject | QboCustomerCandidate): QboCustomerCandidate {
		const candidate = candidateOf(record as IDataObject);
		const file = (index: Map<string, QboCustomerCandidate[]>, key: string | undefined) => {
			if (key === undefined || key === '') return;
			const list = index.get(key) ?? [];
			const position = list.findIndex((entry) => entry.Id === candidate.Id);
			if (position >= 0) list[position] = candidate;
			else list.push(candidate);
			index.set(key, list);
		};
		file(this.byName, candidate.DisplayName === undefined ? undefined : normalized(candidate.DisplayName));
		file(this.byEmail, candidate.PrimaryEmailAddr?.Address === undefined ? undefined : normalized(candidate.PrimaryEmailAddr.Address));
		return candidate;
	}

	/** Active customers holding this display name (any currency). */
	withName(name: string): QboCustomerCandidate[] {
		return (this.byName.get(normalized(name)) ?? []).filter((candidate) => candidate.Active !== false);
	}

	/** Active customers holding this display name in this currency, lowest Id first. */
	withNameIn(name: string, currency: string, homeCurrency: string): QboCustomerCandidate[] {
		return this.withName(name)
			.filter((candidate) => (candidate.CurrencyRef?.value ?? homeCurrency).toUpperCase() === currency)
			.sort((a, b) => (a.Id.length !== b.Id.length ? a.Id.length - b.Id.length : a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
	}

	/** Everything that may match the keys: customers with the email, and with the display name. */
	candidatesFor(keys: CustomerLookupKeys): QboCustomerCandidate[] {
		const found = new Map<string, QboCustomerCandidate>();
		for (const candidate of [...(keys.email ? this.byEmail.get(normalized(keys.email)) ?? [] : []), ...(this.byName.get(normalized(keys.displayName)) ?? [])]) {
			found.set(candidate.Id, candidate);
		}
		return [...found.values()];
	}

	/** Looks up what the keys need and this directory does not know yet. */
	async lookUp(keysList: readonly CustomerLookupKeys[], homeCurrency: string): Promise<void> {
		if (this.complete) return;
		const names = new Map<string, string>();
		for (const keys of keysList) {
			for (const name of [keys.displayName, plainDisplayName(keys), ...keys.fallbackDisplayNames]) {
				const key = normalized(name);
				if (!this.namesLookedUp.has(key)) names.set(key, name);
			}
		}
		const emails = [...new Set(keysList.map((keys) => keys.email).filter((email): email is string => email !== undefined).map(normalized))].filter(
			(email) => !this.emailsLookedUp.has(email),
		);
		if (emails.length > 2 && (await this.readingAllIsCheaper(emails.length))) {
			await this.readAll();
			return;
		}
		if (names.size > 0) {
			for (const record of await queryIn<IDataObject>(this.qb, 'Customer', 'DisplayName', [...names.values()])) this.add(record);
			for (const key of names.keys()) this.namesLookedUp.add(key);
		}
		for (const email of emails) {
			// A customer found by name with this email and currency already settles the email match.
			const settled = keysList.some(
				(keys) =>
					keys.email !== undefined &&
					normalized(keys.email) === email &&
					this.withName(keys.displayName).some(
						(candidate) => normalized(candidate.PrimaryEmailAddr?.Address ?? '') === email && (candidate.CurrencyRef?.value ?? homeCurrency).toUpperCase() === keys.currency,
					),
			);
			if (settled) continue;
			const records = await this.qb.query<IDataObject>('Customer', { where: [{ field: 'PrimaryEmailAddr', operator: '=', value: email }] });
			for (const record of records) this.add(record);
			this.emailsLookedUp.add(email);
		}
	}

	/**
	 * Whether reading every customer costs fewer calls than the email look-ups. The first page answers it
	 * for most companies (fewer than 1000 customers: that page is the whole list); otherwise a COUNT does.
	 */
	private async readingAllIsCheaper(emailLookUps: number): Promise<boolean> {
		if (this.customerCount === undefined) {
			const firstPage = await this.readPage(1);
			if (firstPage < PAGE_SIZE) {
				this.complete = true;
				return true;
			}
			this.customerCount = await this.qb.count('Customer');
		}
		if (this.customerCount > MAX_CUSTOMERS_TO_READ_ALL) return false;
		return Math.ceil((this.customerCount + 1) / PAGE_SIZE) < emailLookUps;
	}

	private async readPage(startPosition: number): Promise<number> {
		const page = await this.qb.queryPage<IDataObject>('Customer', { orderBy: { field: 'Id' }, startPosition, maxResults: PAGE_SIZE });
		for (const record of page) this.add(record);
		return page.length;
	}

	/** Page by page, keeping only what matching needs, so a big list never sits in memory whole. */
	private async readAll(): Promise<void> {
		if (!this.complete) {
			// The first page was read when the count was decided.
			for (let startPosition = 1 + PAGE_SIZE; ; startPosition += PAGE_SIZE) {
				if ((await this.readPage(startPosition)) < PAGE_SIZE) break;
			}
		}
		this.complete = true;
	}
}
