/**
 * Error categories a person can act on, modelled on HubSpot's "Failing to sync" panel
 * (DESIGN.md "Decisions and why"). Every failure the sync core reports is a SyncError:
 * plain data, so it can go to n8n's error output and to the HubSpot write-back as it is.
 */

export type SyncErrorCategory =
	| 'customer_not_found'
	| 'duplicate_display_name'
	| 'duplicate_document_number'
	| 'item_not_found'
	| 'currency_mismatch'
	| 'tax_not_supported'
	| 'amount_mismatch'
	| 'overpayment'
	| 'duplicate_request'
	| 'validation'
	| 'auth_reconnect'
	| 'rate_limited'
	| 'timeout'
	| 'not_found'
	| 'stale'
	| 'unknown';

/** QuickBooks' own words for a fault, kept so support can trace it (intuit_tid). */
export interface QuickBooksFaultDetails {
	code?: string;
	message?: string;
	detail?: string;
	element?: string;
	intuitTid?: string;
	httpStatus?: number;
}

export interface SyncError {
	category: SyncErrorCategory;
	/** What went wrong, with the figures or names involved. */
	message: string;
	/** One line telling the user what to change. */
	howToFix: string;
	/** Plain JSON context (ids, amounts as strings), never secrets. */
	details?: Record<string, unknown>;
	qbo?: QuickBooksFaultDetails;
}

/** What the caller should do about a fault before giving up; the transport reads this. */
export type FaultRecovery =
	| 'look-up-existing'
	| 're-read-and-retry'
	| 'back-off-and-retry'
	| 'refresh-token-or-reconnect'
	| 'retry-once'
	| 'fix-and-rerun';

export const DEFAULT_HOW_TO_FIX: Readonly<Record<SyncErrorCategory, string>> = {
	customer_not_found:
		'Associate a contact or company with the HubSpot invoice, or make sure the customer exists in QuickBooks with the same email.',
	duplicate_display_name:
		'Another QuickBooks customer, vendor or employee already uses this display name: rename one, or choose "Make the name distinct" for name collisions.',
	duplicate_document_number:
		'The invoice number is already used in QuickBooks: turn off "Custom transaction numbers" conflicts or renumber one of the documents.',
	item_not_found:
		'Create a QuickBooks item with the SKU or name of the HubSpot product, choose a default item, or enable "Create missing items".',
	currency_mismatch:
		"Use a QuickBooks customer in the invoice's currency (enable multicurrency in QuickBooks if needed).",
	tax_not_supported:
		'Choose the QuickBooks item that records HubSpot taxes, or remove line-level tax rates from the HubSpot invoice.',
	amount_mismatch:
		"Check the HubSpot invoice's line items, discounts, fees and taxes; nothing was written to QuickBooks.",
	overpayment:
		'The payment is larger than the open balance of the QuickBooks invoice: check for a payment recorded twice or an edited invoice.',
	duplicate_request:
		'QuickBooks already processed this exact request: look up the existing document instead of creating it again.',
	validation: 'Correct the value QuickBooks or the sync rejected, then run the item again.',
	auth_reconnect: 'Reconnect the QuickBooks Online credential (an admin must sign in again).',
	rate_limited: 'QuickBooks is throttling requests: wait a minute and run again, or sync fewer items per run.',
	timeout:
		'The service may be slow or down right now: run the item again later; nothing is written twice (a document whose answer was lost is looked up before it is sent again).',
	not_found: 'The referenced QuickBooks record does not exist or is inactive: pick another one or reactivate it.',
	stale: 'The QuickBooks record changed while syncing: run the item again to use the latest version.',
	unknown: 'Run the item again; if it keeps failing, contact QuickBooks support with the intuit_tid.',
};

export function syncError(
	category: SyncErrorCategory,
	message: string,
	details?: Record<string, unknown>,
	howToFix: string = DEFAULT_HOW_TO_FIX[category],
): SyncError {
	const error: SyncError = { category, message, howToFix };
	if (details !== undefined) error.details = details;
	return error;
}

/** Thrown inside the core where a deep helper finds bad input; mapping entry points turn it into `{ ok: false }`. */
export class SyncFailure extends Error {
	readonly syncError: SyncError;

	constructor(error: SyncError) {
		super(error.message);
		this.name = 'SyncFailure';
		this.syncError = error;
	}
}

export function isSyncFailure(value: unknown): value is SyncFailure {
	return value instanceof SyncFailure;
}

export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: SyncError };

/** Runs a mapping body; a SyncFailure thrown anywhere inside becomes `{ ok: false, error }`. */
export function outcomeOf<T>(body: () => Outcome<T>): Outcome<T> {
	try {
		return body();
	} catch (thrown) {
		if (isSyncFailure(thrown)) return { ok: false, error: thrown.syncError };
		throw thrown;
	}
}

interface FaultRule {
	category: SyncErrorCategory;
	recovery: FaultRecovery;
	howToFix?: string;
}

const FAULT_RULES: Readonly<Record<string, FaultRule>> = {
	'100': { category: 'auth_reconnect', recovery: 'refresh-token-or-reconnect' },
	'120': {
		category: 'auth_reconnect',
		recovery: 'fix-and-rerun',
		howToFix: 'The connecting QuickBooks user lost access: reconnect the credential with a company admin.',
	},
	'3100': {
		category: 'auth_reconnect',
		recovery: 'fix-and-rerun',
		howToFix: 'The app is not authorized for this QuickBooks company: reconnect the credential with the accounting scope.',
	},
	'3200': { category: 'auth_reconnect', recovery: 'refresh-token-or-reconnect' },
	'401': { category: 'auth_reconnect', recovery: 'refresh-token-or-reconnect' },
	'3001': { category: 'rate_limited', recovery: 'back-off-and-retry' },
	'429': { category: 'rate_limited', recovery: 'back-off-and-retry' },
	'600': { category: 'duplicate_request', recovery: 'look-up-existing' },
	'610': { category: 'not_found', recovery: 'fix-and-rerun' },
	'2500': { category: 'not_found', recovery: 'fix-and-rerun' },
	'404': { category: 'not_found', recovery: 'fix-and-rerun' },
	'2020': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'A required QuickBooks field is missing (see "element"): fill it in, in the node or in the record the value comes from.',
	},
	'2050': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'A value is too long for QuickBooks (see "element"): shorten it, e.g. pick a DocNumber rule for long invoice numbers.',
	},
	'2290': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'QuickBooks lines cannot be negative: enter a reduction as a discount, not as a negative amount (in a HubSpot sync, as a discount on the HubSpot invoice).',
	},
	'5010': { category: 'stale', recovery: 're-read-and-retry' },
	'6070': {
		category: 'amount_mismatch',
		recovery: 'fix-and-rerun',
		howToFix: "A line's Amount is not Qty × UnitPrice as QuickBooks computes it: report this invoice, the mapping should prevent it.",
	},
	'6090': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'The discount line needs an amount: check the HubSpot discount and the discount account.',
	},
	'6100': {
		category: 'tax_not_supported',
		recovery: 'fix-and-rerun',
		howToFix: 'US companies need TaxCodeRef TAX or NON on every line: turn on "Mark lines NON" or map the tax code.',
	},
	'6160': { category: 'tax_not_supported', recovery: 'fix-and-rerun' },
	'6170': {
		category: 'tax_not_supported',
		recovery: 'fix-and-rerun',
		howToFix: 'This QuickBooks company does not take transaction tax details: record HubSpot taxes as a line item instead.',
	},
	'6230': { category: 'tax_not_supported', recovery: 'fix-and-rerun' },
	'6000': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'QuickBooks refused a business rule (read the detail): correct the value it names, in the node or in the record the value comes from.',
	},
	'6140': { category: 'duplicate_document_number', recovery: 'look-up-existing' },
	'6200': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'The books are closed for this date in QuickBooks: reopen the period or change the transaction date.',
	},
	'6210': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'The books are closed (password protected) for this date: ask the accountant to reopen the period.',
	},
	'6240': { category: 'duplicate_display_name', recovery: 'look-up-existing' },
	'6250': {
		category: 'customer_not_found',
		recovery: 'fix-and-rerun',
		howToFix: 'The QuickBooks customer is missing or inactive: reactivate it or let the sync create a new one.',
	},
	'6430': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'The chosen account has the wrong type: use an income account for items and an expense account for fees.',
	},
	'6540': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'The payment is already deposited in QuickBooks: remove it from the deposit before changing it.',
	},
	'6450': {
		category: 'validation',
		recovery: 'fix-and-rerun',
		howToFix: 'QuickBooks cannot void a settled transaction: reverse it with a credit memo or refund instead.',
	},
	'500': { category: 'unknown', recovery: 'retry-once' },
	'503': { category: 'unknown', recovery: 'retry-once' },
	'10000': { category: 'unknown', recovery: 'retry-once' },
};

export interface CategorizedFault {
	error: SyncError;
	recovery: FaultRecovery;
}

/**
 * Maps a QuickBooks fault (service or gateway shape, already parsed by the transport) to a category
 * and a one-line fix. Codes may arrive zero-padded ("003200") from gateway messages.
 */
export function categorizeQuickBooksFault(
	code: string | number | undefined,
	message: string,
	extra: Omit<QuickBooksFaultDetails, 'code' | 'message'> = {},
): CategorizedFault {
	const normalizedCode = code === undefined ? '' : String(code).replace(/^0+(?=\d)/, '');
	const lookupCode = normalizedCode !== '' ? normalizedCode : extra.httpStatus !== undefined ? String(extra.httpStatus) : '';
	const text = `${message} ${extra.detail ?? ''} ${extra.element ?? ''}`;
	const rule = ruleForFault(lookupCode, text, extra.httpStatus, extra.element);

	const qbo: QuickBooksFaultDetails = { code: normalizedCode || undefined, message, ...extra };
	for (const key of Object.keys(qbo) as (keyof QuickBooksFaultDetails)[]) {
		if (qbo[key] === undefined) delete qbo[key];
	}
	const summary = extra.detail && extra.detail !== message ? `${message}: ${extra.detail}` : message;
	const error: SyncError = {
		category: rule.category,
		message: normalizedCode ? `QuickBooks error ${normalizedCode}: ${summary}` : `QuickBooks error: ${summary}`,
		howToFix: rule.howToFix ?? DEFAULT_HOW_TO_FIX[rule.category],
		qbo,
	};
	return { error, recovery: rule.recovery };
}

/** Codes whose text says more than the number: 610 "object not found", 6000 "business validation", unknown codes. */
const GENERIC_CODES = new Set(['', '610', '2500', '6000']);

/**
 * QuickBooks' words for a payment applied beyond an invoice's open balance (6000, quickbooks.md §15.4:
 * whether QBO refuses or caps it is unverified; when it refuses, a concurrent payment is the usual cause).
 */
const OVER_APPLIED = /exceeds? (its |the )?(open )?balance|more than the (open )?balance|over-?appl/i;

/**
 * Which record is missing: read from the field QuickBooks names (`element`), or from the entity names
 * QuickBooks writes capitalised ("Item 7 is inactive"). Never from free text as a whole, since it holds
 * the ids a user typed (an invoice id such as "customer-7" is not a customer).
 */
function notFoundRule(text: string, element: string | undefined): FaultRule {
	const named = element !== undefined && element !== '';
	// QuickBooks-side advice: the same fault reaches plain operations, where HubSpot is not involved.
	if (named ? /\bItemRef\b/i.test(element) : /\bItem\b/.test(text)) {
		return { category: 'item_not_found', recovery: 'fix-and-rerun', howToFix: 'The QuickBooks item a line refers to does not exist or is inactive: choose another item, or reactivate it in QuickBooks.' };
	}
	if (named ? /\bCustomerRef\b/i.test(element) : /\bCustomer\b/.test(text)) {
		return { category: 'customer_not_found', recovery: 'fix-and-rerun', howToFix: 'The QuickBooks customer the document refers to does not exist or is inactive: choose another customer, or reactivate it in QuickBooks.' };
	}
	return { category: 'not_found', recovery: 'fix-and-rerun' };
}

function ruleForFault(code: string, text: string, httpStatus: number | undefined, element?: string): FaultRule {
	const specific = FAULT_RULES[code];
	if (specific !== undefined && !GENERIC_CODES.has(code)) return specific;
	if (/currenc/i.test(text)) return { category: 'currency_mismatch', recovery: 'fix-and-rerun' };
	if (specific?.category === 'not_found' || code === '610') return notFoundRule(text, element);
	if (code === '6000' && OVER_APPLIED.test(text)) {
		return {
			category: 'overpayment',
			recovery: 'fix-and-rerun',
			howToFix: 'The payment applies more than the open balance of the QuickBooks invoice (another payment may have been recorded meanwhile): check the invoice in QuickBooks and run the item again.',
		};
	}
	if (/service date/i.test(text)) {
		return {
			category: 'validation',
			recovery: 'fix-and-rerun',
			howToFix: 'QuickBooks revenue recognition needs a service date on every line: give each line one, or turn revenue recognition off in QuickBooks.',
		};
	}
	if (/discount.*greater than.*subtotal/i.test(text)) {
		return {
			category: 'validation',
			recovery: 'fix-and-rerun',
			howToFix: "The discount is larger than the lines it applies to: correct the HubSpot invoice's discount.",
		};
	}
	if (/duplicate name/i.test(text)) return FAULT_RULES['6240'];
	if (/duplicate doc/i.test(text)) return FAULT_RULES['6140'];
	if (/stale object/i.test(text)) return FAULT_RULES['5010'];
	if (/throttl/i.test(text)) return FAULT_RULES['3001'];
	if (specific !== undefined) return specific;
	if (/^[256]\d{3}$/.test(code)) return { category: 'validation', recovery: 'fix-and-rerun' };
	return ruleFromHttpStatus(httpStatus, text);
}

function ruleFromHttpStatus(httpStatus: number | undefined, text: string): FaultRule {
	if (httpStatus === 401) return FAULT_RULES['401'];
	if (httpStatus === 403) return FAULT_RULES['3100'];
	if (httpStatus === 404) return FAULT_RULES['404'];
	if (httpStatus === 429) return FAULT_RULES['429'];
	if (httpStatus !== undefined && httpStatus >= 500) return { category: 'unknown', recovery: 'retry-once' };
	if (httpStatus === 400 || /validation/i.test(text)) return { category: 'validation', recovery: 'fix-and-rerun' };
	return { category: 'unknown', recovery: 'fix-and-rerun' };
}
