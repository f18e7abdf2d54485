/** Rules every transaction shares: currency and exchange rate, DocNumber, dates, applied payments. */
import { addDays } from './clock';
import {
	businessValidation,
	duplicateDocNumber,
	featureNotSupported,
	invalidCurrency,
	invalidDecimal,
	requiredParamMissing,
} from './faults';
import { readDate, readDecimal, readString, refId } from './fields';
import type { WriteContext } from './kind';
import {
	compare,
	currencyExponent,
	CURRENCY_NAMES,
	fromInteger,
	isKnownCurrency,
	multiply,
	parseDecimal,
	roundHalfUp,
	sum,
	toJsonNumber,
	ZERO,
	type Decimal,
} from './money';
import type { CompanyStore, EntityName, QboRecord } from './store';

export interface TxnCurrency {
	code: string;
	exponent: number;
	/** Home-currency units per 1 unit of `code` (1 for the home currency). */
	rate: Decimal;
	foreign: boolean;
}

/**
 * quickbooks.md §10.1 and §2.1 (CurrencyRef "Required if multicurrency is enabled"): with multicurrency
 * off only the home currency exists; with it on the request must name the currency, and it must be the
 * customer's (a customer's currency is fixed, §2.5).
 */
export function transactionCurrency(ctx: WriteContext, input: QboRecord, party?: QboRecord): TxnCurrency {
	const store = ctx.store;
	const home = store.homeCurrency;
	const sent = input.CurrencyRef === undefined || input.CurrencyRef === null ? undefined : refId(input.CurrencyRef, 'CurrencyRef');
	if (sent !== undefined && !isKnownCurrency(sent)) throw invalidCurrency('CurrencyRef', sent);
	let code: string;
	if (!store.multicurrencyEnabled) {
		if (sent && sent !== home) throw featureNotSupported(`Multicurrency is not enabled for this company; the transaction currency must be ${home}.`);
		code = home;
	} else {
		if (!sent) throw requiredParamMissing('CurrencyRef');
		code = sent;
		const partyCurrency: string | undefined = party?.CurrencyRef?.value;
		if (partyCurrency && partyCurrency !== code) {
			throw businessValidation(
				`The transaction currency ${code} does not match the currency ${partyCurrency} of ${party!.DisplayName ?? party!.Name}.`,
				'CurrencyRef',
			);
		}
	}
	const foreign = code !== home;
	let rate = fromInteger(1);
	const sentRate = readDecimal(input.ExchangeRate, 'ExchangeRate');
	if (foreign) {
		if (sentRate) {
			if (compare(sentRate, ZERO) <= 0) throw invalidDecimal('ExchangeRate', 'ExchangeRate must be greater than zero.');
			rate = sentRate;
		} else {
			const configured = store.settings.exchangeRates[code];
			if (!configured) throw businessValidation(`No exchange rate for ${code} on this date; send ExchangeRate.`, 'ExchangeRate');
			rate = parseDecimal(configured)!;
		}
	} else if (sentRate && compare(sentRate, fromInteger(1)) !== 0) {
		throw businessValidation('The exchange rate of a home-currency transaction is 1.', 'ExchangeRate');
	}
	return { code, exponent: currencyExponent(code), rate, foreign };
}

export function currencyFields(currency: TxnCurrency, store: CompanyStore): QboRecord {
	const fields: QboRecord = { CurrencyRef: { value: currency.code, name: CURRENCY_NAMES[currency.code] } };
	if (store.multicurrencyEnabled) fields.ExchangeRate = toJsonNumber(currency.rate);
	return fields;
}

/** An amount in home currency (HomeTotalAmt, HomeBalance), rounded to the home currency's minor unit. */
export function inHomeCurrency(amount: Decimal, currency: TxnCurrency, store: CompanyStore): number {
	return toJsonNumber(roundHalfUp(multiply(amount, currency.rate), currencyExponent(store.homeCurrency)));
}

export function transactionDate(ctx: WriteContext, input: QboRecord): string {
	return readDate(input, 'TxnDate') ?? ctx.previous?.TxnDate ?? ctx.store.clock.today();
}

/** Due date: as sent, else TxnDate + the term's days (quickbooks.md §2.1: "Defaults to TxnDate + SalesTermRef days"). */
export function dueDate(input: QboRecord, txnDate: string, term: QboRecord | undefined): string {
	const sent = readDate(input, 'DueDate');
	if (sent) return sent;
	return addDays(txnDate, Number(term?.DueDays ?? 0));
}

/**
 * DocNumber (quickbooks.md §2.1): at most 21 characters. With custom transaction numbers on, the sender
 * may set it (else it stays empty); with them off QBO numbers the document, and a sent number is refused
 * (stricter reading of "you should not send it"). A duplicate is 6140 unless `include=allowduplicatedocnum`
 * (§1.7) or the company allows duplicates.
 */
export function documentNumber(ctx: WriteContext, input: QboRecord, entity: EntityName): string | undefined {
	const store = ctx.store;
	const sent = readString(input, 'DocNumber', { max: 21 });
	const customNumbers = store.salesFormsPrefs.CustomTxnNumbers !== false || entity === 'Purchase';
	let docNumber = sent === undefined || sent.trim() === '' ? undefined : sent.trim();
	if (!customNumbers) {
		const previousNumber: string | undefined = ctx.previous?.DocNumber;
		if (docNumber !== undefined && docNumber !== previousNumber) {
			throw businessValidation('Custom transaction numbers are turned off for this company; QuickBooks assigns DocNumber.', 'DocNumber');
		}
		docNumber = previousNumber ?? nextDocumentNumber(store, entity);
	}
	if (docNumber === undefined) return undefined;
	const allowed = ctx.include.has('allowduplicatedocnum') || store.settings.allowDuplicateDocNumbers;
	if (!allowed) {
		for (const id of store.idsByKey(entity, 'DocNumber', docNumber)) {
			if (id !== ctx.id) throw duplicateDocNumber(docNumber, entity, id);
		}
	}
	return docNumber;
}

function nextDocumentNumber(store: CompanyStore, entity: EntityName): string {
	let highest = 1000;
	for (const record of store.table(entity).values()) {
		const number = Number(record.DocNumber);
		if (Number.isSafeInteger(number) && number > highest) highest = number;
	}
	return String(highest + 1);
}

/** Line ids survive an update when the request names an existing line (quickbooks.md §1.5). */
export function lineIdAllocator(previousLines: QboRecord[] | undefined): (sentId: unknown) => string {
	const known = new Set((previousLines ?? []).map((line) => String(line.Id)).filter((id) => id !== 'undefined'));
	const used = new Set<string>();
	let highest = Math.max(0, ...[...known].map(Number).filter(Number.isFinite));
	return (sentId) => {
		const id = sentId === undefined || sentId === null ? undefined : String(sentId);
		if (id !== undefined && known.has(id) && !used.has(id)) {
			used.add(id);
			return id;
		}
		highest += 1;
		while (used.has(String(highest))) highest += 1;
		used.add(String(highest));
		return String(highest);
	};
}

// --- payments applied to invoices and credit memos ---

export function applicationKey(entity: 'Invoice' | 'CreditMemo', id: string): string {
	return `${entity}:${id}`;
}

/** Sum of what payments apply to a document, optionally leaving one payment out (the one being rewritten). */
export function appliedAmount(store: CompanyStore, key: string, exceptPaymentId?: string): Decimal {
	const byPayment = store.applications.get(key);
	if (!byPayment) return ZERO;
	return sum([...byPayment.entries()].filter(([paymentId]) => paymentId !== exceptPaymentId).map(([, amount]) => amount));
}

/** Voided documents keep their number but cannot be edited (stricter reading; QBO documents no edit of a void). */
export const VOIDED_NOTE = 'Voided';

export function assertNotVoided(ctx: WriteContext, entity: EntityName): void {
	if (ctx.previous && ctx.store.voided.has(`${entity}:${ctx.id}`)) {
		throw businessValidation(`${entity} ${ctx.id} is voided and can no longer be changed.`);
	}
}

/** "Voided" injected into PrivateNote (quickbooks.md §1.6, quoting Intuit). */
export function voidedNote(note: unknown): string {
	return typeof note === 'string' && note.trim() !== '' ? `${VOIDED_NOTE} - ${note}` : VOIDED_NOTE;
}
