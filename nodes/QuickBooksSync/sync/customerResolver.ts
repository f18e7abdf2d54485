/**
 * The QuickBooks customer each invoice of a chunk bills, found or created in few calls. The rule
 * (core/customerMatching.ts) never guesses across companies: the billing contact's email first; a
 * display name only when the customer holding it has no email, the same email, or was created from the
 * same HubSpot company (or when the user allows name-only matches). A name held by another company's
 * customer takes the collision path the user chose: a distinct name, or duplicate_display_name.
 * Customers are created in rounds: each round tries every waiting invoice's next name, one customer per
 * name and currency, all in /batch calls; a name QuickBooks says is taken (6240) is looked up and judged
 * by the same rule, never taken on the name alone.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	chooseCustomer,
	contentHash,
	customerLookupKeys,
	customerPayload,
	duplicateDisplayNameError,
	judgeNameMatch,
	syncError,
	type CustomerCurrencySettings,
	type CustomerLookupKeys,
	type CustomerMatchedBy,
	type CustomerNameMatchRule,
	type DisplayNameCollisionStrategy,
	type HubSpotInvoice,
	type QboCustomerCandidate,
	type QboRef,
	type SyncError,
} from '../../../core';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import { writeInBulk, type WriteOperation } from './bulkWriter';
import { plainDisplayName, type CustomerDirectory } from './customerDirectory';
import { normalized, queryIn } from './queryLists';

export interface BilledCustomer {
	ref: QboRef;
	currency: string;
	matchedBy: CustomerMatchedBy;
	/** Why this customer: the email, name or HubSpot company that tied it to the invoice. */
	evidence: string;
}

export interface CustomerRules extends CustomerCurrencySettings {
	collision: DisplayNameCollisionStrategy;
	nameMatch: CustomerNameMatchRule;
}

interface Waiting {
	index: number;
	invoice: HubSpotInvoice;
	keys: CustomerLookupKeys;
	/** Names still to try, in order: the display name, then the distinct names. */
	names: string[];
	tried: string[];
	/** Names QuickBooks refused with 6240 and no active customer of the currency holds (a vendor, an employee, an inactive customer). */
	takenElsewhere: Set<string>;
	/** Why the display name's holder was not used, for the error when every name is spent. */
	heldBy?: string;
	/** QuickBooks' last 6240 fault, kept for that error. */
	lastFault?: SyncError['qbo'];
}

function refOf(candidate: QboCustomerCandidate): QboRef {
	return { value: candidate.Id, ...(candidate.DisplayName !== undefined ? { name: candidate.DisplayName } : {}) };
}

/** One answer per invoice, in order: the customer billed, or why none could be. */
export async function resolveBilledCustomers(
	qb: QuickBooksClient,
	directory: CustomerDirectory,
	invoices: readonly HubSpotInvoice[],
	rules: CustomerRules,
): Promise<Array<BilledCustomer | SyncError>> {
	const answers: Array<BilledCustomer | SyncError | undefined> = invoices.map(() => undefined);
	const home = rules.homeCurrency;
	const keyed: Array<{ index: number; invoice: HubSpotInvoice; keys: CustomerLookupKeys }> = [];
	invoices.forEach((invoice, index) => {
		const lookup = customerLookupKeys(invoice, { ...rules, collisionStrategy: rules.collision });
		if (lookup.ok) keyed.push({ index, invoice, keys: lookup.keys });
		else answers[index] = lookup.error;
	});
	await directory.lookUp(
		keyed.map(({ keys }) => keys),
		home,
	);

	const waiting: Waiting[] = [];
	for (const { index, invoice, keys } of keyed) {
		const choice = chooseCustomer(directory.candidatesFor(keys), keys, home, rules.nameMatch);
		if (choice.kind === 'matched') {
			answers[index] = { ref: choice.customerRef, currency: keys.currency, matchedBy: choice.matchedBy, evidence: choice.evidence };
			continue;
		}
		const state: Waiting = { index, invoice, keys, names: [keys.displayName, ...keys.fallbackDisplayNames], tried: [], takenElsewhere: new Set() };
		if (choice.reason === 'name-held-by-another' && choice.evidence !== undefined) state.heldBy = choice.evidence;
		// A foreign-currency customer someone named plainly ("Tanaka KK" in JPY), judged by the same rule.
		const plain = plainDisplayName(keys);
		const plainHolders = plain === keys.displayName ? [] : directory.withNameIn(plain, keys.currency, home).map((candidate) => ({ candidate, judgement: judgeNameMatch(candidate, keys, rules.nameMatch) }));
		const holder = plainHolders.find(({ judgement }) => judgement.accepted);
		if (holder) {
			answers[index] = { ref: refOf(holder.candidate), currency: keys.currency, matchedBy: holder.judgement.matchedBy, evidence: holder.judgement.evidence };
			continue;
		}
		if (plainHolders.length > 0) {
			// Another company's customer holds the plain name in this currency: "Name (EUR)" beside it would read
			// as the same company, so this is a collision like any other.
			state.heldBy = plainHolders[0].judgement.evidence;
			state.tried.push(plain);
			state.names = [...keys.fallbackDisplayNames];
		}
		waiting.push(state);
	}

	await createInRounds(qb, directory, waiting, rules, answers);
	return answers.map((answer, index) => answer ?? syncError('unknown', `No customer was settled for HubSpot invoice ${invoices[index].id}.`));
}

/**
 * Settles what the directory already answers: a name whose holder passes the rule is used (a distinct
 * name this contact got in an earlier run, or a customer another invoice of this run created); a name
 * held by someone else is skipped; when every name is spent, the answer is duplicate_display_name.
 */
function settleFromDirectory(state: Waiting, directory: CustomerDirectory, rules: CustomerRules, answers: Array<BilledCustomer | SyncError | undefined>): void {
	const { keys } = state;
	for (const name of state.names) {
		const accepted = directory
			.withNameIn(name, keys.currency, rules.homeCurrency)
			.map((candidate) => ({ candidate, judgement: judgeNameMatch(candidate, keys, rules.nameMatch) }))
			.find(({ judgement }) => judgement.accepted);
		if (accepted) {
			const distinct = normalized(name) !== normalized(keys.displayName);
			answers[state.index] = {
				ref: refOf(accepted.candidate),
				currency: keys.currency,
				matchedBy: distinct ? 'distinct-name' : accepted.judgement.matchedBy,
				evidence: distinct ? `${accepted.judgement.evidence} It is the distinct name this sync gives the billing contact.` : accepted.judgement.evidence,
			};
			return;
		}
	}
	while (state.names.length > 0) {
		const name = state.names[0];
		const holders = directory.withNameIn(name, keys.currency, rules.homeCurrency);
		if (holders.length === 0 && !state.takenElsewhere.has(normalized(name))) return;
		if (holders.length > 0 && name === keys.displayName && state.heldBy === undefined) state.heldBy = judgeNameMatch(holders[0], keys, rules.nameMatch).evidence;
		state.tried.push(name);
		state.names.shift();
	}
	const error = duplicateDisplayNameError(keys.displayName, state.tried, state.heldBy);
	answers[state.index] = state.lastFault !== undefined ? { ...error, qbo: state.lastFault } : error;
}

async function createInRounds(
	qb: QuickBooksClient,
	directory: CustomerDirectory,
	initial: readonly Waiting[],
	rules: CustomerRules,
	answers: Array<BilledCustomer | SyncError | undefined>,
): Promise<void> {
	let waiting = [...initial];
	while (waiting.length > 0) {
		for (const state of waiting) settleFromDirectory(state, directory, rules, answers);
		waiting = waiting.filter((state) => answers[state.index] === undefined);
		if (waiting.length === 0) return;

		// One create per name and currency; the others of the group are judged against it next round.
		const groups = new Map<string, Waiting>();
		for (const state of waiting) {
			const key = `${state.keys.currency}\n${normalized(state.names[0])}`;
			if (!groups.has(key)) groups.set(key, state);
		}
		const creators = [...groups.values()];
		// Keyed by meaning: this customer, of this name and currency, created as this content.
		const writes: WriteOperation[] = creators.map((state) => {
			const payload = customerPayload(state.invoice, state.names[0], rules);
			return { operation: 'create', entity: 'Customer', payload: payload as unknown as IDataObject, key: `customer:create:${state.keys.currency}:${normalized(state.names[0])}:${contentHash(payload)}` };
		});
		const outcomes = await writeInBulk(qb, writes, { findWritten: async (sent) => await findCreated(qb, sent, rules.homeCurrency) });

		const collided = creators.filter((_state, index) => {
			const outcome = outcomes[index];
			return !outcome.ok && outcome.error.category === 'duplicate_display_name';
		});
		// Taken: perhaps by a customer someone just created (judged next round like any holder), else by a
		// vendor, an employee, an inactive customer or another currency's customer.
		if (collided.length > 0) {
			for (const record of await queryIn<IDataObject>(qb, 'Customer', 'DisplayName', collided.map((state) => state.names[0]))) directory.add(record);
		}
		creators.forEach((state, index) => {
			const outcome = outcomes[index];
			const name = state.names[0];
			if (outcome.ok) {
				const created = directory.add(outcome.record);
				answers[state.index] = {
					ref: refOf(created),
					currency: state.keys.currency,
					matchedBy: 'created',
					evidence: state.heldBy !== undefined ? `${state.heldBy} A customer of its own was created.` : 'No QuickBooks customer has the billing contact\'s email or a display name it may be billed under.',
				};
				return;
			}
			if (outcome.error.category !== 'duplicate_display_name') {
				for (const member of waiting) {
					if (member.keys.currency === state.keys.currency && normalized(member.names[0]) === normalized(name)) answers[member.index] = outcome.error.syncError;
				}
				return;
			}
			for (const member of waiting) {
				if (member.keys.currency !== state.keys.currency || normalized(member.names[0]) !== normalized(name)) continue;
				if (directory.withNameIn(name, member.keys.currency, rules.homeCurrency).length === 0) member.takenElsewhere.add(normalized(name));
				if (outcome.error.syncError.qbo !== undefined) member.lastFault = outcome.error.syncError.qbo;
			}
		});
		waiting = waiting.filter((state) => answers[state.index] === undefined);
	}
}

/** After a lost /batch answer: the customers these creates made, by display name and currency. */
async function findCreated(qb: QuickBooksClient, sent: readonly WriteOperation[], homeCurrency: string): Promise<Array<IDataObject | undefined>> {
	const found = await queryIn<IDataObject>(qb, 'Customer', 'DisplayName', sent.map((write) => String(write.payload.DisplayName)));
	return sent.map((write) => {
		const currency = (write.payload.CurrencyRef as IDataObject | undefined)?.value;
		return found.find(
			(record) =>
				normalized(String(record.DisplayName)) === normalized(String(write.payload.DisplayName)) &&
				(currency === undefined || String((record.CurrencyRef as IDataObject | undefined)?.value ?? homeCurrency).toUpperCase() === String(currency)),
		);
	});
}
