/**
 * One chunk of HubSpot invoices through the whole sync, every step for all of them at once:
 * 1. complete the inputs from HubSpot (batch reads);
 * 2. check each invoice on its own (status, money, number, settings) before anything is written, so an
 *    invoice that cannot be synced leaves no customer or item behind;
 * 3. find the invoices already synced (write-back id, DocNumber IN, else the marker alone);
 * 4. items by SKU IN, then name IN, creating the missing ones when asked;
 * 5. customers by email, then display name, creating the missing ones (display-name collisions resolved
 *    by the user's rule, one /batch round per rule step);
 * 6. map, decide create / update / unchanged / void, and write through /batch, every answer mapped back;
 *    a stale SyncToken or a number taken meanwhile gets one more look and one more round.
 * Each invoice ends with exactly one result; one invoice's failure never stops the others.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	contentHash,
	decideInvoiceChange,
	hubspotInvoiceIdFromPrivateNote,
	invoiceCurrency,
	invoiceDocNumber,
	invoiceStatus,
	itemLookupKeys,
	mapHubSpotInvoiceToQuickBooks,
	propertyText,
	syncError,
	type CustomerCurrencySettings,
	type HubSpotInvoice,
	type HubSpotInvoiceStatus,
	type InvoiceChange,
	type InvoiceMappingSettings,
	type MappedInvoice,
	type QboInvoiceRecord,
	type QboRef,
	type SyncError,
	withExecutionTag,
} from '../../../core';
import { QBO_SYNC_PROPERTIES } from '../../../transport/hubspot';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import { writeInBulk, type WriteOperation, type WriteOutcome } from './bulkWriter';
import { readCompanyFacts, type CompanyFacts } from './company';
import { CustomerDirectory } from './customerDirectory';
import { resolveBilledCustomers } from './customerResolver';
import { findSyncedByMarker, findSyncedInvoices } from './existingInvoices';
import { ItemCatalog, itemName, settleNameCollisions, type ItemKeys } from './itemCatalog';
import { normalized, queryIn } from './queryLists';
import { deletedSince, madeBeforeLookUps } from './replayedCreates';
import type { InvoiceSyncSettings } from './settings';
import type { InvoiceSyncResult } from './types';

/** What one execution (one QuickBooks client) learns and reuses for every chunk and every call. */
export interface SyncSession {
	items: ItemCatalog;
	customers: CustomerDirectory;
	/** Looked up by sub-type when the user chose none and Preferences name none; null: the company has none. */
	discountAccount?: QboRef | null;
	/** The qbo_* properties exist on HubSpot invoices (checked once when the inputs cannot tell). */
	syncPropertiesExist?: boolean;
}

const sessions = new WeakMap<QuickBooksClient, SyncSession>();

export function sessionFor(qb: QuickBooksClient): SyncSession {
	let session = sessions.get(qb);
	if (!session) {
		session = { items: new ItemCatalog(qb), customers: new CustomerDirectory(qb) };
		sessions.set(qb, session);
	}
	return session;
}

type MatchedBy = NonNullable<InvoiceSyncResult['customer']>['matchedBy'];

interface Entry {
	hubspotId: string;
	invoice: HubSpotInvoice;
	status?: HubSpotInvoiceStatus;
	currency: string;
	result?: InvoiceSyncResult;
	docNumber?: string;
	txnDate?: string;
	existing?: QboInvoiceRecord;
	customer?: { ref: QboRef; currency?: string; matchedBy: MatchedBy; evidence?: string };
	itemRefs: Record<string, QboRef>;
	mapped?: MappedInvoice;
}

function fail(entry: Entry, error: SyncError): void {
	entry.result = { action: 'failed', hubspotInvoiceId: entry.hubspotId, category: error.category, message: error.message, howToFix: error.howToFix, error };
}

function open(entries: readonly Entry[]): Entry[] {
	return entries.filter((entry) => entry.result === undefined);
}

function currencyOfCandidate(candidate: { CurrencyRef?: { value?: string } }, homeCurrency: string): string {
	return (candidate.CurrencyRef?.value ?? homeCurrency).toUpperCase();
}

export class InvoicePipeline {
	private facts!: CompanyFacts;
	/** This chunk's HubSpot invoices, for the look-ups by marker after a lost answer. */
	private invoicesById = new Map<string, HubSpotInvoice>();

	constructor(
		private readonly qb: QuickBooksClient,
		private readonly session: SyncSession,
		private readonly settings: InvoiceSyncSettings,
		/** Named in the PrivateNote of each invoice created, after the marker. */
		private readonly executionId?: string,
	) {}

	/** Results in the order of `invoices`. `leaseHeld` says whether this run may still write them. */
	async run(invoices: readonly HubSpotInvoice[], leaseHeld: () => boolean = () => true): Promise<InvoiceSyncResult[]> {
		if (invoices.length === 0) return [];
		// Read once per client (company.ts); the country only matters when no line tax code is chosen.
		this.facts = await readCompanyFacts(this.qb, this.settings.lineTaxCodeId === undefined);
		this.invoicesById = new Map(invoices.map((invoice) => [invoice.id, invoice]));
		const entries: Entry[] = invoices.map((invoice) => ({
			hubspotId: invoice.id,
			invoice,
			currency: invoiceCurrency(invoice) ?? this.facts.homeCurrency,
			itemRefs: {},
		}));

		this.checkEach(entries);
		await this.findExisting(entries);
		const writes: Array<{ entry: Entry; change: InvoiceChange }> = [];
		this.decideVoided(entries, writes);
		await this.resolveItems(open(entries).filter((entry) => entry.status !== 'voided'));
		await this.resolveCustomers(open(entries).filter((entry) => entry.status !== 'voided'));
		await this.mapAndDecide(open(entries).filter((entry) => entry.status !== 'voided'), writes);
		if (!leaseHeld()) {
			// The lease lapsed (lease store unreachable past its expiry): another writer may hold these invoices now.
			const error = syncError('stale', 'The lease on these HubSpot invoices lapsed before they were written.', undefined, 'Run the item again; nothing was written for it.');
			for (const { entry } of writes) fail(entry, error);
			return entries.map((entry) => entry.result ?? this.internalFailure(entry));
		}
		await this.write(writes, true);
		return entries.map((entry) => entry.result ?? this.internalFailure(entry));
	}

	private internalFailure(entry: Entry): InvoiceSyncResult {
		const error = syncError('unknown', `HubSpot invoice ${entry.hubspotId} ended without an outcome.`);
		return { action: 'failed', hubspotInvoiceId: entry.hubspotId, category: error.category, message: error.message, howToFix: error.howToFix, error };
	}

	// ------------------------------------------------------------------ 2. each invoice on its own

	private mappingSettings(entry: Entry, overrides: Partial<InvoiceMappingSettings> = {}): InvoiceMappingSettings {
		const { settings, facts } = this;
		const mapping: InvoiceMappingSettings = {
			customerRef: entry.customer?.ref ?? { value: '0' },
			itemRefs: entry.itemRefs,
			homeCurrency: facts.homeCurrency,
			multicurrencyEnabled: facts.multicurrencyEnabled,
			usTaxCodeNon: facts.isUS && settings.lineTaxCodeId === undefined,
			docNumberRule: settings.docNumberRule,
			sendDocNumber: facts.customTxnNumbers,
			customFields: settings.customFields.map((field) => {
				const name = facts.customFieldNames.get(field.qboCustomFieldDefinitionId);
				return name === undefined ? field : { ...field, name };
			}),
			timeZone: settings.timeZone,
			companyCustomFields: [...facts.customFieldNames].map(([definitionId, name]) => ({ definitionId, name })),
			poNumber: settings.poNumber,
		};
		if (entry.customer?.currency !== undefined) mapping.customerCurrency = entry.customer.currency;
		if (settings.feeItemId !== undefined) mapping.feeItemRef = { value: settings.feeItemId };
		if (settings.taxItemId !== undefined) mapping.taxItemRef = { value: settings.taxItemId };
		if (settings.lineTaxCodeId !== undefined) mapping.lineTaxCodeRef = { value: settings.lineTaxCodeId };
		if (settings.hubspotAccountId !== undefined) mapping.hubspotPortalId = settings.hubspotAccountId;
		return { ...mapping, ...overrides };
	}

	/** Everything that can be judged from the invoice alone, judged before anything is written. */
	private checkEach(entries: readonly Entry[]): void {
		const unknownField = this.settings.customFields.find((field) => this.facts.customFieldNames.size > 0 && !this.facts.customFieldNames.has(field.qboCustomFieldDefinitionId));
		for (const entry of entries) {
			entry.status = invoiceStatus(entry.invoice);
			if (entry.status === 'draft' && !this.settings.syncDrafts) {
				entry.result = { action: 'skipped', hubspotInvoiceId: entry.hubspotId, reason: 'Draft in HubSpot: it is synced once finalized.' };
				continue;
			}
			if (entry.status === 'voided') {
				// Only needed to find the synced invoice again.
				const numbered = this.facts.customTxnNumbers ? invoiceDocNumber(entry.invoice, this.settings.docNumberRule) : undefined;
				if (numbered?.ok && numbered.docNumber !== undefined) entry.docNumber = numbered.docNumber;
				continue;
			}
			if (unknownField !== undefined) {
				fail(entry, syncError('validation', `The QuickBooks company has no custom field ${unknownField.qboCustomFieldDefinitionId}.`, { definitionId: unknownField.qboCustomFieldDefinitionId }, 'Pick the custom field again in "Custom Fields": QuickBooks exposes its first three sales-form text fields.'));
				continue;
			}
			// A trial mapping with placeholder customer and items: money, number, dates, currency, fee and tax items.
			const placeholders: Record<string, QboRef> = {};
			for (const lineItem of entry.invoice.lineItems ?? []) placeholders[lineItem.id] = { value: '0' };
			const trial = mapHubSpotInvoiceToQuickBooks(entry.invoice, this.mappingSettings(entry, { itemRefs: placeholders, discountAccountRef: { value: '0' } }));
			if (!trial.ok) {
				fail(entry, trial.error);
				continue;
			}
			if (trial.docNumber !== undefined) entry.docNumber = trial.docNumber;
			if (trial.document.TxnDate !== undefined) entry.txnDate = trial.document.TxnDate;
		}
	}

	// ------------------------------------------------------------------ 3. already synced?

	private async findExisting(entries: readonly Entry[]): Promise<void> {
		const wanted = open(entries);
		if (wanted.length === 0) return;
		const answers = await findSyncedInvoices(
			this.qb,
			wanted.map((entry) => {
				const query: { hubspotInvoiceId: string; writtenBackId?: string; docNumber?: string } = { hubspotInvoiceId: entry.hubspotId };
				const writtenBackId = propertyText(entry.invoice, QBO_SYNC_PROPERTIES.invoiceId);
				if (writtenBackId !== undefined) query.writtenBackId = writtenBackId;
				if (entry.docNumber !== undefined) query.docNumber = entry.docNumber;
				return query;
			}),
		);
		wanted.forEach((entry, index) => {
			const answer = answers[index];
			if (answer.existing) entry.existing = answer.existing;
			// A voided HubSpot invoice whose number belongs to another document was simply never synced.
			else if (answer.conflict && entry.status !== 'voided') fail(entry, answer.conflict);
		});
		// Sent without a number (none in HubSpot, or QuickBooks numbers invoices) and not found by the
		// written-back id: only the marker can tell, whatever date or customer was edited since. A numbered
		// invoice is found by its number; scanning for each new one would cost every backfill a read of
		// the company's recent invoices per chunk.
		const unfound = open(wanted).filter((entry) => entry.existing === undefined && entry.docNumber === undefined);
		const byMarker = await findSyncedByMarker(this.qb, unfound.map((entry) => this.markerQuery(entry.hubspotId)));
		for (const entry of unfound) {
			const existing = byMarker.get(entry.hubspotId);
			if (existing) entry.existing = existing;
		}
	}

	private markerQuery(hubspotId: string): { hubspotInvoiceId: string; hubspotCreatedAt?: string } {
		const invoice = this.invoicesById.get(hubspotId);
		const createdAt = invoice === undefined ? undefined : propertyText(invoice, 'hs_createdate');
		return { hubspotInvoiceId: hubspotId, ...(createdAt !== undefined ? { hubspotCreatedAt: createdAt } : {}) };
	}

	// ------------------------------------------------------------------ voided in HubSpot

	private decideVoided(entries: readonly Entry[], writes: Array<{ entry: Entry; change: InvoiceChange }>): void {
		for (const entry of open(entries).filter((candidate) => candidate.status === 'voided')) {
			const decision = decideInvoiceChange({
				existing: entry.existing,
				hubspotStatus: 'voided',
				voidWhenVoidedInHubSpot: this.settings.voidInQuickBooks,
				currency: entry.currency,
			});
			if (!decision.ok) fail(entry, decision.error);
			else if (decision.action === 'void') writes.push({ entry, change: decision });
			else this.settle(entry, decision, entry.existing as IDataObject | undefined);
		}
	}

	// ------------------------------------------------------------------ 4. items

	private async resolveItems(entries: readonly Entry[]): Promise<void> {
		if (entries.length === 0) return;
		const keysOf = (lineItem: { id: string; properties: Record<string, unknown> }): ItemKeys => {
			const { sku, name } = itemLookupKeys(lineItem as never);
			return { ...(sku !== undefined ? { sku } : {}), ...(name !== undefined ? { name } : {}) };
		};
		const lines = entries.flatMap((entry) => (entry.invoice.lineItems ?? []).map((lineItem) => ({ entry, lineItem, keys: keysOf(lineItem) })));
		await this.session.items.lookUp(lines.map((line) => line.keys));

		let unmatched = lines.filter((line) => this.session.items.resolve(line.keys) === undefined);
		if (unmatched.length > 0 && this.settings.createMissingItems) await this.createItems(unmatched);
		unmatched = unmatched.filter((line) => line.entry.result === undefined && this.session.items.resolve(line.keys) === undefined);

		const defaultItem = this.settings.defaultItemId === undefined ? undefined : { value: this.settings.defaultItemId };
		for (const { entry, lineItem, keys } of lines) {
			const ref = this.session.items.resolve(keys) ?? defaultItem;
			if (ref !== undefined) entry.itemRefs[lineItem.id] = ref;
		}
		// Lines nothing matched: the mapping says which, with their SKUs and names.
		for (const entry of new Set(unmatched.filter(() => defaultItem === undefined).map((line) => line.entry))) {
			const mapped = mapHubSpotInvoiceToQuickBooks(entry.invoice, this.mappingSettings(entry, { discountAccountRef: { value: '0' } }));
			fail(entry, mapped.ok ? syncError('item_not_found', `HubSpot invoice ${entry.hubspotId} has line items without a QuickBooks item.`) : mapped.error);
		}
	}

	private async createItems(lines: ReadonlyArray<{ entry: Entry; keys: ItemKeys }>): Promise<void> {
		const incomeAccount = this.settings.newItemIncomeAccountId;
		if (incomeAccount === undefined) {
			const error = syncError('item_not_found', 'Creating missing items needs the income account new items record their sales in.', undefined, 'Choose "Income Account for New Items" in the node, or turn off "Create Missing Items".');
			for (const line of lines) if (line.entry.result === undefined) fail(line.entry, error);
			return;
		}
		// One item per name: two SKUs with the same name resolve to the first, as a name match would.
		const byName = new Map<string, { name: string; keys: ItemKeys; lines: Array<{ entry: Entry; keys: ItemKeys }> }>();
		for (const line of lines) {
			const name = itemName(line.keys);
			if (name === undefined) continue;
			const group = byName.get(normalized(name)) ?? { name, keys: line.keys, lines: [] };
			group.lines.push(line);
			byName.set(normalized(name), group);
		}
		const groups = [...byName.values()];
		const writes: WriteOperation[] = groups.map(({ name, keys }) => {
			const payload: IDataObject = { Name: name, Type: this.settings.newItemType, IncomeAccountRef: { value: incomeAccount } };
			if (keys.sku !== undefined) payload.Sku = keys.sku;
			return { operation: 'create', entity: 'Item', payload };
		});
		const written = await writeInBulk(this.qb, writes, { findWritten: async (sent) => await this.findByName('Item', 'Name', sent) });
		// Another execution may have created the same item meanwhile (6240): its item is used.
		const outcomes = await settleNameCollisions(this.qb, groups.map((group) => group.name), written);
		outcomes.forEach((outcome, index) => {
			if (outcome.ok) {
				this.session.items.add(outcome.record);
				return;
			}
			const error: SyncError = {
				...outcome.error.syncError,
				category: 'item_not_found',
				message: `Could not create the QuickBooks item "${groups[index].name}": ${outcome.error.syncError.message}`,
				howToFix:
					outcome.error.category === 'duplicate_display_name'
						? `An inactive QuickBooks item is named "${groups[index].name}": reactivate it, or rename the HubSpot product.`
						: outcome.error.syncError.howToFix,
			};
			for (const line of groups[index].lines) if (line.entry.result === undefined) fail(line.entry, error);
		});
	}

	/** After a lost /batch answer: the records of these creates found by their name. */
	private async findByName(entity: 'Item' | 'Customer', field: 'Name' | 'DisplayName', sent: readonly WriteOperation[]): Promise<Array<IDataObject | undefined>> {
		const names = sent.map((write) => String(write.payload[field]));
		const found = await queryIn<IDataObject>(this.qb, entity, field, names);
		return sent.map((write) => {
			const currency = (write.payload.CurrencyRef as IDataObject | undefined)?.value;
			return found.find(
				(record) =>
					normalized(String(record[field])) === normalized(String(write.payload[field])) &&
					(currency === undefined || currencyOfCandidate(record as never, this.facts.homeCurrency) === String(currency)),
			);
		});
	}

	// ------------------------------------------------------------------ 5. customers

	private currencySettings(): CustomerCurrencySettings {
		return { homeCurrency: this.facts.homeCurrency, multicurrencyEnabled: this.facts.multicurrencyEnabled };
	}

	private async resolveCustomers(entries: readonly Entry[]): Promise<void> {
		if (entries.length === 0) return;
		const rules = { ...this.currencySettings(), collision: this.settings.displayNameCollision, nameMatch: this.settings.customerNameMatch };
		const answers = await resolveBilledCustomers(this.qb, this.session.customers, entries.map((entry) => entry.invoice), rules);
		entries.forEach((entry, index) => {
			const answer = answers[index];
			if ('category' in answer) fail(entry, answer);
			else entry.customer = answer;
		});
	}

	// ------------------------------------------------------------------ 6. map, decide, write

	private async discountAccount(): Promise<QboRef | undefined> {
		if (this.settings.discountAccountId !== undefined) return { value: this.settings.discountAccountId };
		if (this.facts.defaultDiscountAccountId !== undefined) return { value: this.facts.defaultDiscountAccountId };
		if (this.session.discountAccount === undefined) {
			const [account] = await this.qb.queryPage<IDataObject>('Account', { where: [{ field: 'AccountSubType', operator: '=', value: 'DiscountsRefundsGiven' }], maxResults: 1 });
			this.session.discountAccount = account ? { value: String(account.Id) } : null;
		}
		return this.session.discountAccount ?? undefined;
	}

	private async mapAndDecide(entries: readonly Entry[], writes: Array<{ entry: Entry; change: InvoiceChange }>): Promise<void> {
		if (entries.length === 0) return;
		const discountAccountRef = entries.some((entry) => (entry.invoice.discounts ?? []).length > 0) ? await this.discountAccount() : undefined;
		for (const entry of entries) {
			const mapped = mapHubSpotInvoiceToQuickBooks(entry.invoice, this.mappingSettings(entry, discountAccountRef ? { discountAccountRef } : {}));
			if (mapped.ok) entry.mapped = mapped;
			else fail(entry, mapped.error);
		}
		for (const entry of open(entries)) this.decide(entry, writes);
	}

	private decide(entry: Entry, writes: Array<{ entry: Entry; change: InvoiceChange }>): void {
		const mapped = entry.mapped as MappedInvoice;
		const decision = decideInvoiceChange({
			mapped: mapped.document,
			existing: entry.existing,
			hubspotStatus: entry.status,
			voidWhenVoidedInHubSpot: this.settings.voidInQuickBooks,
			currency: mapped.currency,
			syncDrafts: this.settings.syncDrafts,
		});
		if (!decision.ok) fail(entry, decision.error);
		else if (decision.action === 'create' || decision.action === 'update') writes.push({ entry, change: decision });
		else this.settle(entry, decision, entry.existing as IDataObject | undefined);
	}

	/** The result of an invoice that needed no write (unchanged, skipped) or whose write succeeded. */
	private settle(entry: Entry, decision: InvoiceChange, record: IDataObject | undefined): void {
		const actions = { create: 'created', update: 'updated', unchanged: 'unchanged', void: 'voided', skip: 'skipped' } as const;
		const result: InvoiceSyncResult = { action: actions[decision.action], hubspotInvoiceId: entry.hubspotId };
		if (record !== undefined) {
			result.qboInvoice = record;
			if (typeof record.DocNumber === 'string') result.docNumber = record.DocNumber;
		}
		if (decision.action === 'skip') result.reason = decision.reason;
		if (decision.action === 'update') result.changedFields = [...decision.changedFields];
		if (entry.customer) {
			const { ref, matchedBy, evidence } = entry.customer;
			result.customer = { id: ref.value, ...(ref.name ? { displayName: ref.name } : {}), matchedBy, ...(evidence ? { evidence } : {}) };
		}
		if (entry.mapped && entry.mapped.notes.length > 0) result.notes = [...entry.mapped.notes];
		entry.result = result;
	}

	/** Each write keyed by what it means: this HubSpot invoice created, updated or voided, as this content or from this SyncToken. */
	private writeOf(entry: Entry, change: InvoiceChange): WriteOperation {
		const about = `hubspot-invoice:${entry.hubspotId}`;
		if (change.action === 'create') {
			// Keyed by the document without the execution: another execution creating it means the same write.
			const payload = { ...change.document, PrivateNote: withExecutionTag(change.document.PrivateNote, this.executionId) } as unknown as IDataObject;
			return { operation: 'create', entity: 'Invoice', payload, key: `${about}:create:${contentHash(change.document)}` };
		}
		if (change.action === 'update') return { operation: 'update', entity: 'Invoice', payload: change.document as unknown as IDataObject, key: `${about}:update:${contentHash(change.document)}` };
		if (change.action === 'void') return { operation: 'void', entity: 'Invoice', payload: { Id: change.invoiceId, SyncToken: change.syncToken }, key: `${about}:void:${change.invoiceId}:${change.syncToken}` };
		throw new Error(`No write for ${change.action}`);
	}

	/**
	 * Sends the writes; with `retry`, a stale SyncToken (someone saved the invoice meanwhile) or a number
	 * taken meanwhile (another run created it) is looked at again and decided once more.
	 */
	private async write(writes: ReadonlyArray<{ entry: Entry; change: InvoiceChange }>, retry: boolean): Promise<void> {
		if (writes.length === 0) return;
		const lookedUpAt = this.qb.lastQueryTime();
		const sent = writes.map(({ entry, change }) => this.writeOf(entry, change));
		const outcomes = await this.resendDeletedReplays(sent, await writeInBulk(this.qb, sent, { findWritten: async (written) => await this.findWrittenInvoices(written) }), lookedUpAt);
		const again: Entry[] = [];
		writes.forEach(({ entry, change }, index) => {
			const outcome = outcomes[index];
			if (outcome.ok) {
				this.settle(entry, change, outcome.record);
				return;
			}
			const { category } = outcome.error;
			const lookAgain = (category === 'stale' && change.action !== 'create') || (category === 'duplicate_document_number' && change.action === 'create');
			if (retry && lookAgain) again.push(entry);
			else fail(entry, outcome.error.syncError);
		});
		if (again.length === 0) return;

		const answers = await findSyncedInvoices(
			this.qb,
			again.map((entry) => ({
				hubspotInvoiceId: entry.hubspotId,
				...(entry.existing ? { writtenBackId: entry.existing.Id } : {}),
				...(entry.docNumber ? { docNumber: entry.docNumber } : {}),
			})),
		);
		const secondRound: Array<{ entry: Entry; change: InvoiceChange }> = [];
		again.forEach((entry, index) => {
			const answer = answers[index];
			if (answer.conflict || !answer.existing) {
				fail(entry, answer.conflict ?? syncError('duplicate_document_number', `The number ${entry.docNumber ?? ''} is taken in QuickBooks by a document that could not be read.`, { docNumber: entry.docNumber }));
				return;
			}
			entry.existing = answer.existing;
			if (entry.status === 'voided') {
				const decision = decideInvoiceChange({ existing: entry.existing, hubspotStatus: 'voided', voidWhenVoidedInHubSpot: this.settings.voidInQuickBooks, currency: entry.currency });
				if (!decision.ok) fail(entry, decision.error);
				else if (decision.action === 'void') secondRound.push({ entry, change: decision });
				else this.settle(entry, decision, entry.existing as unknown as IDataObject);
				return;
			}
			this.decide(entry, secondRound);
		});
		await this.write(secondRound, false);
	}

	/**
	 * Creates that QuickBooks answered with an invoice made before this run's look-ups and deleted since
	 * (a replayed requestid after Sync Run › Undo, replayedCreates.ts): sent again under keys of their own.
	 */
	private async resendDeletedReplays(sent: readonly WriteOperation[], outcomes: WriteOutcome[], lookedUpAt: number | undefined): Promise<WriteOutcome[]> {
		const replayed = sent
			.map((write, index) => ({ write, index, record: outcomes[index].ok ? (outcomes[index] as { record: IDataObject }).record : undefined }))
			.filter(({ write, record }) => write.operation === 'create' && madeBeforeLookUps(record, lookedUpAt));
		if (replayed.length === 0) return outcomes;
		const deleted = await deletedSince(this.qb, 'Invoice', replayed.map(({ record }) => record as IDataObject));
		const resend = replayed.filter(({ record }) => deleted.has(String(record?.Id)));
		if (resend.length === 0) return outcomes;
		const again = await writeInBulk(
			this.qb,
			resend.map(({ write, record }) => ({ ...write, key: `${write.key ?? ''}:after-deleted:${String(record?.Id)}` })),
			{ findWritten: async (written) => await this.findWrittenInvoices(written) },
		);
		const result = [...outcomes];
		resend.forEach(({ index }, position) => (result[index] = again[position]));
		return result;
	}

	/**
	 * After a lost answer: the invoices these creates committed, by number and marker, or, sent without a
	 * number, by the marker alone (whatever QuickBooks numbered them). Updates and voids carry a SyncToken: resent, a
	 * committed one fails as stale and is looked at again.
	 */
	private async findWrittenInvoices(sent: readonly WriteOperation[]): Promise<Array<IDataObject | undefined>> {
		const queries = sent.map((write) => {
			if (write.operation !== 'create') return undefined;
			const hubspotInvoiceId = hubspotInvoiceIdFromPrivateNote(String(write.payload.PrivateNote ?? ''));
			if (hubspotInvoiceId === undefined) return undefined;
			return { hubspotInvoiceId, ...(typeof write.payload.DocNumber === 'string' ? { docNumber: write.payload.DocNumber } : {}) };
		});
		const asked = queries.filter((query) => query !== undefined);
		const numbered = asked.filter((query) => query.docNumber !== undefined);
		const byNumber = await findSyncedInvoices(this.qb, numbered);
		const found = new Map<string, IDataObject>();
		numbered.forEach((query, index) => {
			const existing = byNumber[index].existing;
			if (existing) found.set(query.hubspotInvoiceId, existing as unknown as IDataObject);
		});
		const rest = asked.filter((query) => query.docNumber === undefined).map((query) => this.markerQuery(query.hubspotInvoiceId));
		for (const [id, record] of await findSyncedByMarker(this.qb, rest)) found.set(id, record as unknown as IDataObject);
		return queries.map((query) => (query === undefined ? undefined : found.get(query.hubspotInvoiceId)));
	}
}
