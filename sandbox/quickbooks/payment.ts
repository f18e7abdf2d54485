/**
 * Payment (quickbooks.md §2.2): money received from a customer, applied to invoices (and credit memos)
 * through Line[].LinkedTxn. Applying moves the invoice's Balance; the rest stays UnappliedAmt.
 */
import {
	businessValidation,
	invalidAmount,
	invalidEnumeration,
	invalidReference,
	requiredParamMissing,
	txnCannotBeLinked,
} from './faults';
import { compact, isObject, outputRef, readAmount, readString, rejectUnknownFields, resolveRef } from './fields';
import { COMMON_FIELDS, fieldSet, type EntityKind } from './kind';
import { requireAccountType } from './lists';
import { add, compare, isNegative, isZero, parseDecimal, subtract, toJsonNumber, toText, ZERO, type Decimal } from './money';
import { recomputeCustomerBalance } from './names';
import { keepCustomerBalances, undepositedFunds, zeroAmounts } from './salesForms';
import type { CompanyStore, QboRecord } from './store';
import {
	applicationKey,
	appliedAmount,
	assertNotVoided,
	currencyFields,
	inHomeCurrency,
	transactionCurrency,
	transactionDate,
	type TxnCurrency,
} from './txn';

type TargetType = 'Invoice' | 'CreditMemo';
const LINKABLE: readonly string[] = ['Invoice', 'CreditMemo', 'JournalEntry', 'Expense', 'Check', 'CreditCardCredit'];
const MODELLED: readonly TargetType[] = ['Invoice', 'CreditMemo'];

const PAYMENT_LINE_FIELDS = fieldSet(['Id', 'LineNum', 'Amount', 'LinkedTxn', 'LineEx', 'Description', 'DetailType']);

/** (target key, amount) pairs a stored payment applies. */
/** Lowers the payment's lines for one target so together they apply exactly `open` (the over-applied reading). */
function capLines(lines: QboRecord[], targetId: string, targetType: string, open: Decimal): void {
	let left = open;
	for (let index = 0; index < lines.length; index += 1) {
		const link = lines[index].LinkedTxn?.[0];
		if (link?.TxnId !== targetId || link?.TxnType !== targetType) continue;
		const sent = parseDecimal(lines[index].Amount)!;
		const kept = compare(sent, left) > 0 ? left : sent;
		left = subtract(left, kept);
		lines[index].Amount = toJsonNumber(kept);
	}
	for (let index = lines.length - 1; index >= 0; index -= 1) {
		const link = lines[index].LinkedTxn?.[0];
		if (link?.TxnId === targetId && link?.TxnType === targetType && isZero(parseDecimal(lines[index].Amount)!)) lines.splice(index, 1);
	}
}

function applicationsOf(payment: QboRecord | undefined): Map<string, Decimal> {
	const applications = new Map<string, Decimal>();
	for (const line of payment?.Line ?? []) {
		const link = line.LinkedTxn?.[0];
		const amount = parseDecimal(line.Amount) ?? ZERO;
		if (!link || isZero(amount)) continue;
		const key = applicationKey(link.TxnType, link.TxnId);
		applications.set(key, add(applications.get(key) ?? ZERO, amount));
	}
	return applications;
}

export const paymentKind: EntityKind = {
	name: 'Payment',
	resource: 'payment',
	category: 'transaction',
	fields: fieldSet(COMMON_FIELDS, [
		'CustomerRef', 'TotalAmt', 'Line', 'DepositToAccountRef', 'PaymentMethodRef', 'PaymentRefNum', 'TxnDate', 'PrivateNote',
		'CurrencyRef', 'ExchangeRate', 'ARAccountRef', 'ProjectRef', 'CreditCardPayment', 'TxnSource', 'UnappliedAmt',
		'ProcessPayment', 'TxnStatus', 'LinkedTxn', 'TransactionLocationType', 'HomeTotalAmt',
	]),
	readOnly: fieldSet(['UnappliedAmt', 'HomeTotalAmt', 'LinkedTxn', 'TxnStatus']),
	creatable: true,
	deletable: true,
	voidWith: 'include',
	printable: true,
	build(ctx, input) {
		const store = ctx.store;
		assertNotVoided(ctx, 'Payment');
		// quickbooks.md §2.2: TotalAmt and CustomerRef are required.
		const customer = resolveRef(store, 'Customer', input.CustomerRef, 'CustomerRef', { required: true })!;
		const currency = transactionCurrency(ctx, input, customer);
		if (input.TotalAmt === undefined || input.TotalAmt === null) throw requiredParamMissing('TotalAmt');
		const total = readAmount(input.TotalAmt, 'TotalAmt', currency.code, { allowNegative: true, subCent: store.settings.subCentAmount })!;
		if (isNegative(total)) throw invalidAmount('TotalAmt', `A payment cannot be negative. Supplied value:${toText(total)}`);

		const sentLines = input.Line ?? [];
		if (!Array.isArray(sentLines)) throw invalidEnumeration('Line', typeof sentLines, ['array of lines']);
		const lines: QboRecord[] = [];
		const perTarget = new Map<string, { type: TargetType; record: QboRecord; amount: Decimal }>();
		for (const raw of sentLines) {
			if (!isObject(raw)) throw invalidEnumeration('Line', JSON.stringify(raw), ['line object']);
			rejectUnknownFields(raw, PAYMENT_LINE_FIELDS, 'Line.');
			if (raw.Amount === undefined || raw.Amount === null) throw requiredParamMissing('Line.Amount');
			const amount = readAmount(raw.Amount, 'Line.Amount', currency.code, { subCent: store.settings.subCentAmount })!;
			const links = raw.LinkedTxn;
			if (!Array.isArray(links) || links.length === 0) throw requiredParamMissing('Line.LinkedTxn');
			// One document per line keeps "how much went where" unambiguous (stricter than QBO, which documents no rule).
			if (links.length > 1) throw businessValidation('Apply each payment line to exactly one transaction (one LinkedTxn per line).', 'Line.LinkedTxn');
			const link = links[0];
			if (!isObject(link)) throw requiredParamMissing('Line.LinkedTxn.TxnId');
			if (link.TxnId === undefined || link.TxnId === null || link.TxnId === '') throw requiredParamMissing('Line.LinkedTxn.TxnId');
			if (link.TxnType === undefined || link.TxnType === null) throw requiredParamMissing('Line.LinkedTxn.TxnType');
			const txnType = String(link.TxnType);
			const txnId = String(link.TxnId);
			if (!LINKABLE.includes(txnType)) throw invalidEnumeration('Line.LinkedTxn.TxnType', txnType, LINKABLE);
			if (!MODELLED.includes(txnType as TargetType)) {
				throw txnCannotBeLinked(`${txnType} ${txnId}: this simulator applies payments to Invoice and CreditMemo only.`, 'Line.LinkedTxn.TxnType');
			}
			const target = store.find(txnType as TargetType, txnId);
			if (!target) throw invalidReference('Line.LinkedTxn.TxnId', txnType, txnId);
			// quickbooks.md §5.3 620: a transaction of another customer cannot be linked.
			if (target.CustomerRef?.value !== customer.Id) {
				throw txnCannotBeLinked(`${txnType} ${txnId} belongs to customer ${target.CustomerRef?.value}, not ${customer.Id}.`, 'Line.LinkedTxn.TxnId');
			}
			// quickbooks.md §10.1: a payment is in the invoice's currency.
			if (target.CurrencyRef?.value !== currency.code) {
				throw businessValidation(`${txnType} ${txnId} is in ${target.CurrencyRef?.value}; the payment is in ${currency.code}.`, 'CurrencyRef');
			}
			const key = applicationKey(txnType as TargetType, txnId);
			const entry = perTarget.get(key) ?? { type: txnType as TargetType, record: target, amount: ZERO };
			entry.amount = add(entry.amount, amount);
			perTarget.set(key, entry);
			lines.push(compact({
				Amount: toJsonNumber(amount),
				LinkedTxn: [{ TxnId: txnId, TxnType: txnType }],
				LineEx: raw.LineEx,
			}));
		}

		let invoiced = ZERO;
		let credited = ZERO;
		for (const [key, entry] of perTarget) {
			const { type, record } = entry;
			let amount = entry.amount;
			// The open amount without this payment's own earlier application (an update re-applies it).
			const open = subtract(subtract(parseDecimal(record.TotalAmt)!, parseDecimal(record.Deposit ?? 0)!), appliedAmount(store, key, ctx.operation === 'update' ? ctx.id : undefined));
			// quickbooks.md §15.4: applying more than the open balance is UNVERIFIED. Reading 'refuse' (default): 6000;
			// reading 'unapplied': the application stops at the open balance and the rest stays UnappliedAmt.
			if (compare(amount, open) > 0) {
				if (store.settings.overAppliedPayment !== 'unapplied') {
					throw businessValidation(
						`The amount applied to ${type} ${record.Id} (${toText(amount)}) exceeds its open balance (${toText(open)}).`,
						'Line.Amount',
					);
				}
				capLines(lines, record.Id, type, open);
				perTarget.get(key)!.amount = open;
				amount = open;
			}
			if (type === 'Invoice') invoiced = add(invoiced, amount);
			else credited = add(credited, amount);
		}
		// Credit memos offset invoices inside one payment; what is applied in cash cannot go below zero or above TotalAmt.
		const applied = subtract(invoiced, credited);
		if (isNegative(applied)) throw businessValidation('Credits applied exceed the invoices they are applied to.', 'Line.Amount');
		if (compare(applied, total) > 0) {
			throw businessValidation(`The lines apply ${toText(applied)}, more than the payment's TotalAmt ${toText(total)}.`, 'TotalAmt');
		}
		const unapplied = subtract(total, applied);

		// quickbooks.md §2.2: DepositToAccountRef Bank or Other Current Asset, default Undeposited Funds.
		const depositTo = resolveRef(store, 'Account', input.DepositToAccountRef, 'DepositToAccountRef') ?? undepositedFunds(store);
		if (depositTo) requireAccountType(depositTo, 'DepositToAccountRef', ['Bank', 'Other Current Asset'], 'use a Bank or Other Current Asset account.');
		const receivable = resolveRef(store, 'Account', input.ARAccountRef, 'ARAccountRef');
		if (receivable) requireAccountType(receivable, 'ARAccountRef', ['Accounts Receivable'], 'use an Accounts Receivable account.');
		const method = resolveRef(store, 'PaymentMethod', input.PaymentMethodRef, 'PaymentMethodRef');
		return compact({
			CustomerRef: outputRef(customer),
			DepositToAccountRef: depositTo ? outputRef(depositTo) : undefined,
			ARAccountRef: receivable ? outputRef(receivable) : undefined,
			PaymentMethodRef: method ? outputRef(method) : undefined,
			PaymentRefNum: readString(input, 'PaymentRefNum', { max: 21 }),
			TotalAmt: toJsonNumber(total),
			HomeTotalAmt: currency.foreign ? inHomeCurrency(total, currency, store) : undefined,
			UnappliedAmt: toJsonNumber(unapplied),
			ProcessPayment: false,
			TxnDate: transactionDate(ctx, input),
			...currencyFields(currency, store),
			PrivateNote: readString(input, 'PrivateNote', { max: 4000 }),
			Line: lines,
		});
	},
	afterWrite(store, before, after) {
		const paymentId = (after ?? before)!.Id;
		const touched = new Set<string>();
		for (const key of applicationsOf(before).keys()) {
			store.applications.get(key)?.delete(paymentId);
			touched.add(key);
		}
		for (const [key, amount] of applicationsOf(after)) {
			let byPayment = store.applications.get(key);
			if (!byPayment) store.applications.set(key, (byPayment = new Map()));
			byPayment.set(paymentId, amount);
			touched.add(key);
		}
		for (const key of touched) refreshTarget(store, key);
		keepCustomerBalances(store, 'Payment', before, after);
	},
	voidRecord(_store, record) {
		// quickbooks.md §1.6: a voided payment keeps its links' history but applies nothing.
		return zeroAmounts(record);
	},
};

/**
 * Recomputes an invoice's (or credit memo's) Balance and LinkedTxn after a payment changed. The target
 * itself changed, so its SyncToken moves on too (stricter: an update sent with the token read before
 * the payment then gets 5010, as a sync must be ready for).
 */
function refreshTarget(store: CompanyStore, key: string): void {
	const [type, id] = key.split(':') as [TargetType, string];
	const target = store.find(type, id);
	if (!target) return;
	const byPayment = store.applications.get(key) ?? new Map<string, Decimal>();
	const total = parseDecimal(target.TotalAmt)!;
	const deposit = parseDecimal(target.Deposit ?? 0)!;
	const applied = appliedAmount(store, key);
	const balance = subtract(subtract(total, deposit), applied);
	target.Balance = toJsonNumber(balance);
	if (target.HomeBalance !== undefined) {
		const rate = parseDecimal(target.ExchangeRate ?? 1)!;
		const currency: TxnCurrency = { code: target.CurrencyRef.value, exponent: 0, rate, foreign: true };
		target.HomeBalance = inHomeCurrency(balance, currency, store);
	}
	if (type === 'CreditMemo') target.RemainingCredit = target.Balance;
	target.LinkedTxn = [...byPayment.keys()].map((paymentId) => ({ TxnId: paymentId, TxnType: 'Payment' }));
	target.SyncToken = String(Number(target.SyncToken) + 1);
	target.MetaData = { ...target.MetaData, LastUpdatedTime: store.clock.metaTime() };
	recomputeCustomerBalance(store, target.CustomerRef?.value);
}
