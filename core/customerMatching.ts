/**
 * Who the invoice bills, and which QuickBooks customer that is. Matching is by the billing contact's
 * email first, then by display name (company name, else the contact's name), as HubSpot's own sync does.
 * A QuickBooks customer's currency is fixed at creation, so with multicurrency an invoice in a foreign
 * currency goes to that currency's customer, named `Acme Inc (EUR)`. Names that collide (QuickBooks 6240:
 * unique across customers, vendors and employees) get a deterministic distinct name when the user chooses so.
 */
import { createHash } from 'node:crypto';
import { Outcome, SyncError, syncError } from './errors';
import { HubSpotInvoice, HubSpotRecord, invoiceCurrency, propertyText } from './hubspotInvoice';
import { QBO_LIMITS, QboAddress, QboCustomerPayload, QboRef, fitToLimit } from './qboDocuments';

export interface BillingParty {
	contact?: HubSpotRecord;
	company?: HubSpotRecord;
}

export interface CustomerCurrencySettings {
	homeCurrency: string;
	multicurrencyEnabled: boolean;
}

export type DisplayNameCollisionStrategy = 'distinct-name' | 'error';

/**
 * When a QuickBooks customer found by display name alone may bill the invoice:
 * - 'same-email': only when it has no email, the billing contact's email (in any case), or was created
 *   by this sync from the same HubSpot company; a name shared by two companies never moves money across;
 * - 'name-only': whenever the name matches (for books where names are kept unique on purpose).
 */
export type CustomerNameMatchRule = 'same-email' | 'name-only';

/** How the billed customer was found, as the sync's output reports it. */
export type CustomerMatchedBy = 'email' | 'display-name' | 'hubspot-company' | 'distinct-name' | 'created';

export interface CustomerLookupKeys {
	/** The billing contact's email, lower case: the first key to look up (PrimaryEmailAddr). */
	email?: string;
	/** The name to look up and to create with, currency suffix included. */
	displayName: string;
	/** The customer's currency: the invoice's under multicurrency, else the home currency. */
	currency: string;
	/** Names to try in order when QuickBooks answers 6240 (empty under the 'error' strategy). */
	fallbackDisplayNames: string[];
	/** The HubSpot company billed: a customer this sync created from it carries its id in Notes. */
	hubspotCompanyId?: string;
}

/** The billing contact is the one HubSpot names as latest contact when it says so, else the first associated. */
export function billingParty(invoice: HubSpotInvoice): BillingParty {
	const contacts = invoice.contacts ?? [];
	const latestEmail = propertyText(invoice, 'hs_invoice_latest_contact_email')?.toLowerCase();
	const contact = contacts.find((candidate) => latestEmail !== undefined && contactEmail(candidate) === latestEmail) ?? contacts[0];
	const party: BillingParty = {};
	if (contact !== undefined) party.contact = contact;
	if (invoice.companies?.[0] !== undefined) party.company = invoice.companies[0];
	return party;
}

export function contactEmail(contact: HubSpotRecord | undefined): string | undefined {
	return contact === undefined ? undefined : propertyText(contact, 'email')?.toLowerCase();
}

export function contactFullName(contact: HubSpotRecord | undefined): string | undefined {
	if (contact === undefined) return undefined;
	const parts = [propertyText(contact, 'firstname'), propertyText(contact, 'lastname')].filter((part) => part !== undefined);
	return parts.length > 0 ? parts.join(' ') : undefined;
}

/** QuickBooks display names cannot contain ':' (it separates sub-customers) and are at most 500 characters. */
export function cleanDisplayName(name: string): string {
	return name.replace(/:/g, '-').replace(/\s+/g, ' ').trim();
}

/** Company name, else the contact's full name, else the email: HubSpot's own choice for the first contact of a company. */
export function baseDisplayName(party: BillingParty): string | undefined {
	const name =
		(party.company && propertyText(party.company, 'name')) ??
		contactFullName(party.contact) ??
		(party.contact && (propertyText(party.contact, 'company') ?? contactEmail(party.contact)));
	return name === undefined ? undefined : cleanDisplayName(name);
}

/** The customer's currency under the company's currency settings. */
export function customerCurrency(currency: string, settings: CustomerCurrencySettings): string {
	return settings.multicurrencyEnabled ? currency : settings.homeCurrency.toUpperCase();
}

/** `Acme Inc (EUR)` for a foreign-currency customer under multicurrency; home-currency customers keep the plain name. */
export function currencyDisplayName(name: string, currency: string, settings: CustomerCurrencySettings): string {
	const suffix = settings.multicurrencyEnabled && currency !== settings.homeCurrency.toUpperCase() ? ` (${currency})` : '';
	return withSuffix(name, suffix);
}

function withSuffix(name: string, suffix: string): string {
	return `${fitToLimit(name, QBO_LIMITS.displayName - suffix.length)}${suffix}`;
}

function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 6);
}

/**
 * Distinct names for a collision, in the order to try: `Acme Inc (jane@acme.com)`, then with a short hash
 * of the contact so two runs (or two workers) always pick the same name for the same person.
 */
export function distinctDisplayNames(base: string, party: BillingParty, currency: string, settings: CustomerCurrencySettings): string[] {
	const who = contactEmail(party.contact) ?? contactFullName(party.contact) ?? (party.contact ? `HubSpot contact ${party.contact.id}` : undefined);
	const identity = who ?? (party.company ? `HubSpot company ${party.company.id}` : base);
	const withWho = who !== undefined && who !== base ? `${base} (${who})` : `${base} (${identity})`;
	const withHash = `${withWho} ${shortHash(`${identity}|${base}|${currency}`)}`;
	return [withWho, withHash].map((name) => currencyDisplayName(cleanDisplayName(name), currency, settings));
}

function customerMissing(invoice: HubSpotInvoice): SyncError {
	return syncError(
		'customer_not_found',
		`HubSpot invoice ${invoice.id} has no associated contact or company to bill.`,
		{ invoiceId: invoice.id },
		'An invoice should have an associated customer: associate a contact (with an email) or a company with the HubSpot invoice.',
	);
}

export function customerLookupKeys(
	invoice: HubSpotInvoice,
	settings: CustomerCurrencySettings & { collisionStrategy: DisplayNameCollisionStrategy },
): Outcome<{ keys: CustomerLookupKeys; party: BillingParty }> {
	const party = billingParty(invoice);
	const base = baseDisplayName(party);
	if (base === undefined || base === '') return { ok: false, error: customerMissing(invoice) };
	const currency = customerCurrency(invoiceCurrency(invoice) ?? settings.homeCurrency, settings);
	const keys: CustomerLookupKeys = {
		displayName: currencyDisplayName(base, currency, settings),
		currency,
		fallbackDisplayNames: settings.collisionStrategy === 'distinct-name' ? distinctDisplayNames(base, party, currency, settings) : [],
	};
	const email = contactEmail(party.contact);
	if (email !== undefined) keys.email = email;
	if (party.company !== undefined) keys.hubspotCompanyId = party.company.id;
	return { ok: true, keys, party };
}

/**
 * The error for a display-name collision under the 'error' strategy (or when every fallback name is taken
 * too); `heldBy` says why a customer holding the name was not used (another company's email).
 */
export function duplicateDisplayNameError(displayName: string, tried: readonly string[] = [displayName], heldBy?: string): SyncError {
	if (heldBy !== undefined) {
		return syncError(
			'duplicate_display_name',
			`${heldBy} Billing it on the name alone could put this money on another company's account, so nothing was written.`,
			{ displayName, tried: [...tried] },
			'If it is the same company, give the QuickBooks customer the billing contact\'s email (or set "Match Customers by Name" to "By Name Alone"); otherwise choose "Make the Name Distinct" for display-name collisions.',
		);
	}
	return syncError(
		'duplicate_display_name',
		`The display name "${displayName}" is already used by another QuickBooks customer, vendor or employee.`,
		{ displayName, tried: [...tried] },
	);
}

/** The QuickBooks customers the caller found by email and by display name (QuickBooks returns active ones). */
export interface QboCustomerCandidate {
	Id: string;
	DisplayName?: string;
	PrimaryEmailAddr?: { Address?: string };
	CurrencyRef?: { value?: string };
	Active?: boolean;
	/** "Created from HubSpot contact 301, company 401" on customers this sync created. */
	Notes?: string;
}

export type CustomerChoice =
	| { kind: 'matched'; customerRef: QboRef; matchedBy: 'email' | 'display-name' | 'hubspot-company'; evidence: string }
	| {
			kind: 'create';
			reason: 'no-match' | 'other-currency' | 'name-held-by-another';
			/** For 'name-held-by-another': the customer holding the name, and why it was not used. */
			heldBy?: QboRef;
			evidence?: string;
	  };

const HUBSPOT_COMPANY_NOTE = /\bHubSpot\b[^\n]*\bcompany (\d+)/;

/** The HubSpot company a customer was created from, as this sync wrote it in Notes. */
export function hubspotCompanyOfCustomer(candidate: QboCustomerCandidate): string | undefined {
	return candidate.Notes === undefined ? undefined : HUBSPOT_COMPANY_NOTE.exec(candidate.Notes)?.[1];
}

function emailOf(candidate: QboCustomerCandidate): string | undefined {
	const email = candidate.PrimaryEmailAddr?.Address?.trim().toLowerCase();
	return email === '' ? undefined : email;
}

export interface NameMatchJudgement {
	accepted: boolean;
	matchedBy: 'email' | 'display-name' | 'hubspot-company';
	evidence: string;
}

/**
 * Whether a QuickBooks customer whose display name is the invoice's may bill it, and the evidence either
 * way. The HubSpot company is the customer and its contact the billing email: a customer with another
 * email, or one this sync created from another HubSpot company, is another company's account; one this
 * sync created from the same HubSpot company is the same, whichever contact bills.
 */
export function judgeNameMatch(candidate: QboCustomerCandidate, keys: CustomerLookupKeys, rule: CustomerNameMatchRule = 'same-email'): NameMatchJudgement {
	const name = candidate.DisplayName ?? keys.displayName;
	const qboEmail = emailOf(candidate);
	if (qboEmail !== undefined && keys.email !== undefined && qboEmail === keys.email) {
		return { accepted: true, matchedBy: 'email', evidence: `QuickBooks customer "${name}" has the billing contact's email ${keys.email}.` };
	}
	const company = hubspotCompanyOfCustomer(candidate);
	if (company !== undefined && company === keys.hubspotCompanyId) {
		return { accepted: true, matchedBy: 'hubspot-company', evidence: `QuickBooks customer "${name}" was created from the same HubSpot company ${company}.` };
	}
	if (company !== undefined && keys.hubspotCompanyId !== undefined) {
		// Created by this sync from another HubSpot company: another company's account, whatever its email says.
		const evidence = `QuickBooks customer "${name}" has the display name but was created from HubSpot company ${company}, not ${keys.hubspotCompanyId}`;
		if (rule === 'name-only') return { accepted: true, matchedBy: 'display-name', evidence: `${evidence}; name-only matches are allowed.` };
		return { accepted: false, matchedBy: 'display-name', evidence: `${evidence}.` };
	}
	if (qboEmail === undefined) {
		return { accepted: true, matchedBy: 'display-name', evidence: `QuickBooks customer "${name}" has the display name and no email to contradict it.` };
	}
	const invoiceEmail = keys.email === undefined ? 'no billing email' : `the billing contact's email ${keys.email}`;
	if (rule === 'name-only') {
		return { accepted: true, matchedBy: 'display-name', evidence: `QuickBooks customer "${name}" has the display name; its email ${qboEmail} differs from ${invoiceEmail}, and name-only matches are allowed.` };
	}
	return { accepted: false, matchedBy: 'display-name', evidence: `QuickBooks customer "${name}" has the display name but the email ${qboEmail}, not ${invoiceEmail}.` };
}

/**
 * Picks the existing customer to bill: same currency required; email match first, then display name
 * under the name rule (`judgeNameMatch`); several equal matches resolve to the lowest Id so every run
 * picks the same customer.
 */
export function chooseCustomer(
	candidates: readonly QboCustomerCandidate[],
	keys: CustomerLookupKeys,
	homeCurrency: string,
	rule: CustomerNameMatchRule = 'same-email',
): CustomerChoice {
	const active = candidates.filter((candidate) => candidate.Active !== false);
	const currencyOf = (candidate: QboCustomerCandidate) => (candidate.CurrencyRef?.value ?? homeCurrency).toUpperCase();
	const sameCurrency = active.filter((candidate) => currencyOf(candidate) === keys.currency);
	const byLowestId = (a: QboCustomerCandidate, b: QboCustomerCandidate) => compareQboIds(a.Id, b.Id);
	const namesMatch = (candidate: QboCustomerCandidate, name: string) => candidate.DisplayName?.trim().toLowerCase() === name.toLowerCase();

	if (keys.email !== undefined) {
		const byEmail = sameCurrency.filter((candidate) => emailOf(candidate) === keys.email);
		if (byEmail.length > 0) {
			const preferred = byEmail.find((candidate) => namesMatch(candidate, keys.displayName)) ?? [...byEmail].sort(byLowestId)[0];
			return { kind: 'matched', customerRef: refOf(preferred), matchedBy: 'email', evidence: `QuickBooks customer "${preferred.DisplayName ?? preferred.Id}" has the billing contact's email ${keys.email}.` };
		}
	}
	const byName = sameCurrency.filter((candidate) => namesMatch(candidate, keys.displayName)).sort(byLowestId);
	const judged = byName.map((candidate) => ({ candidate, judgement: judgeNameMatch(candidate, keys, rule) }));
	const accepted = judged.find(({ judgement }) => judgement.accepted);
	if (accepted) return { kind: 'matched', customerRef: refOf(accepted.candidate), matchedBy: accepted.judgement.matchedBy, evidence: accepted.judgement.evidence };
	if (judged.length > 0) return { kind: 'create', reason: 'name-held-by-another', heldBy: refOf(judged[0].candidate), evidence: judged[0].judgement.evidence };
	const inOtherCurrency = active.some((candidate) => currencyOf(candidate) !== keys.currency);
	return { kind: 'create', reason: inOtherCurrency ? 'other-currency' : 'no-match' };
}

function refOf(candidate: QboCustomerCandidate): QboRef {
	const ref: QboRef = { value: candidate.Id };
	if (candidate.DisplayName !== undefined) ref.name = candidate.DisplayName;
	return ref;
}

function compareQboIds(a: string, b: string): number {
	if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}

function address(record: HubSpotRecord, prefix: string, countryProperty?: string): QboAddress | undefined {
	const result: QboAddress = {};
	const set = (field: keyof QboAddress, property: string | undefined) => {
		const value = property === undefined ? undefined : propertyText(record, property);
		if (value !== undefined) result[field] = value;
	};
	set('Line1', `${prefix}address`);
	set('Line2', `${prefix}address2`);
	set('City', `${prefix}city`);
	set('CountrySubDivisionCode', `${prefix}state`);
	set('PostalCode', `${prefix}zip`);
	set('Country', countryProperty);
	return Object.keys(result).length > 0 ? result : undefined;
}

/** The billing address: the invoice's recipient company address, else its recipient (shipping) address, else the company record's. */
export function billingAddress(invoice: HubSpotInvoice, party: BillingParty = billingParty(invoice)): QboAddress | undefined {
	return (
		address(invoice, 'hs_recipient_company_', 'hs_recipient_company_country') ??
		address(invoice, 'hs_recipient_shipping_', 'hs_recipient_shipping_country') ??
		(party.company ? address(party.company, '', 'country') : undefined)
	);
}

export function shippingAddress(invoice: HubSpotInvoice): QboAddress | undefined {
	return address(invoice, 'hs_recipient_shipping_', 'hs_recipient_shipping_country');
}

/** The QuickBooks customer to create for this invoice's billing party. */
export function customerPayload(invoice: HubSpotInvoice, displayName: string, settings: CustomerCurrencySettings): QboCustomerPayload {
	const party = billingParty(invoice);
	const payload: QboCustomerPayload = { DisplayName: fitToLimit(cleanDisplayName(displayName), QBO_LIMITS.displayName) };
	const companyName = party.company ? propertyText(party.company, 'name') : undefined;
	if (companyName !== undefined) payload.CompanyName = fitToLimit(companyName, QBO_LIMITS.companyName);
	const givenName = party.contact ? propertyText(party.contact, 'firstname') : undefined;
	const familyName = party.contact ? propertyText(party.contact, 'lastname') : undefined;
	if (givenName !== undefined) payload.GivenName = fitToLimit(givenName, QBO_LIMITS.personName);
	if (familyName !== undefined) payload.FamilyName = fitToLimit(familyName, QBO_LIMITS.personName);
	const email = contactEmail(party.contact);
	if (email !== undefined) payload.PrimaryEmailAddr = { Address: email };
	const phone = party.contact ? propertyText(party.contact, 'phone') : undefined;
	if (phone !== undefined) payload.PrimaryPhone = { FreeFormNumber: phone };
	const billAddr = billingAddress(invoice, party);
	if (billAddr !== undefined) payload.BillAddr = billAddr;
	const shipAddr = shippingAddress(invoice);
	if (shipAddr !== undefined) payload.ShipAddr = shipAddr;
	if (settings.multicurrencyEnabled) {
		payload.CurrencyRef = { value: customerCurrency(invoiceCurrency(invoice) ?? settings.homeCurrency, settings) };
	}
	const origin = [party.contact && `contact ${party.contact.id}`, party.company && `company ${party.company.id}`].filter(Boolean).join(', ');
	if (origin !== '') payload.Notes = `Created from HubSpot ${origin}`;
	return payload;
}
