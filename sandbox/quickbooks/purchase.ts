/** Purchase (quickbooks.md §2.3): an expense paid by cash, check or credit card, e.g. processing fees. */
import { amountCalculationIncorrect, businessValidation, invalidEnumeration, invalidLineTaxCode, invalidReference, requiredParamMissing } from './faults';
import {
	compact,
	isObject,
	outputRef,
	readAmount,
	readBoolean,
	readEnum,
	readNonNegativeDecimal,
	readString,
	refId,
	rejectUnknownFields,
	resolveRef,
} from './fields';
import { COMMON_FIELDS, fieldSet, type EntityKind, type WriteContext } from './kind';
import { requireAccountType } from './lists';
import { add, compare, fromInteger, multiply, roundHalfUp, sum, toJsonNumber, toText, ZERO, type Decimal } from './money';
import type { EntityName, QboRecord } from './store';
import {
	currencyFields,
	documentNumber,
	inHomeCurrency,
	lineIdAllocator,
	transactionCurrency,
	transactionDate,
} from './txn';

const PAYMENT_TYPES = ['Cash', 'Check', 'CreditCard'] as const;
const LINE_TYPES = ['AccountBasedExpenseLineDetail', 'ItemBasedExpenseLineDetail'] as const;
const LINE_FIELDS = fieldSet(['Id', 'LineNum', 'Description', 'Amount', 'DetailType', 'AccountBasedExpenseLineDetail', 'ItemBasedExpenseLineDetail', 'LinkedTxn', 'ProjectRef']);
const ACCOUNT_LINE_FIELDS = fieldSet(['AccountRef', 'TaxCodeRef', 'TaxAmount', 'TaxInclusiveAmt', 'ClassRef', 'CustomerRef', 'BillableStatus', 'MarkupInfo']);
const ITEM_LINE_FIELDS = fieldSet(['ItemRef', 'Qty', 'UnitPrice', 'TaxCodeRef', 'TaxInclusiveAmt', 'ClassRef', 'CustomerRef', 'BillableStatus', 'MarkupInfo', 'PriceLevelRef']);
/** quickbooks.md §2.3: expense lines post to an expense account. */
const EXPENSE_ACCOUNT_TYPES = ['Expense', 'Other Expense', 'Cost of Goods Sold'];
/** quickbooks.md §2.3: Check pays from a bank account, CreditCard from a credit-card account. */
const SOURCE_ACCOUNT_TYPES: Record<(typeof PAYMENT_TYPES)[number], string[]> = {
	Check: ['Bank'],
	CreditCard: ['Credit Card'],
	Cash: ['Bank', 'Other Current Asset'],
};
const PAYEE_TYPES: readonly EntityName[] = ['Vendor', 'Customer', 'Employee'];

function payee(ctx: WriteContext, raw: unknown): { record: QboRecord; type: EntityName } | undefined {
	if (raw === undefined || raw === null) return undefined;
	const id = refId(raw, 'EntityRef')!;
	const sentType = isObject(raw) ? raw.type : undefined;
	if (sentType !== undefined && !PAYEE_TYPES.includes(sentType)) throw invalidEnumeration('EntityRef.type', sentType, PAYEE_TYPES);
	const candidates = sentType ? [sentType as EntityName] : PAYEE_TYPES;
	for (const entity of candidates) {
		if (ctx.store.find(entity, id)) {
			const record = resolveRef(ctx.store, entity, raw, 'EntityRef')!;
			return { record, type: entity };
		}
	}
	throw invalidReference('EntityRef', sentType ?? 'Vendor', id);
}

function usTaxCode(ctx: WriteContext, detail: QboRecord, element: string): QboRecord | undefined {
	const code = detail.TaxCodeRef === undefined || detail.TaxCodeRef === null ? undefined : refId(detail.TaxCodeRef, element);
	if (code === undefined) return undefined;
	// quickbooks.md §10.2, §5.3 6100: TAX or NON in the US.
	if (ctx.store.usTaxModel) {
		if (code !== 'TAX' && code !== 'NON') throw invalidLineTaxCode(code);
		return { value: code };
	}
	return outputRef(resolveRef(ctx.store, 'TaxCode', detail.TaxCodeRef, element)!);
}

export const purchaseKind: EntityKind = {
	name: 'Purchase',
	resource: 'purchase',
	category: 'transaction',
	fields: fieldSet(COMMON_FIELDS, [
		'PaymentType', 'AccountRef', 'Line', 'EntityRef', 'Credit', 'DocNumber', 'TxnDate', 'PrivateNote', 'PaymentMethodRef',
		'CurrencyRef', 'ExchangeRate', 'GlobalTaxCalculation', 'TxnTaxDetail', 'DepartmentRef', 'PrintStatus', 'LinkedTxn',
		'TotalAmt', 'HomeTotalAmt', 'RemitToAddr', 'TxnSource', 'TransactionLocationType', 'IncludeInAnnualTPAR', 'PurchaseEx',
	]),
	readOnly: fieldSet(['TotalAmt', 'HomeTotalAmt', 'PurchaseEx']),
	creatable: true,
	deletable: true,
	// quickbooks.md §1.5: a sparse Purchase update must repeat PaymentType and AccountRef.
	sparseMustRepeat: ['PaymentType', 'AccountRef'],
	build(ctx, input) {
		const store = ctx.store;
		// quickbooks.md §2.3: PaymentType, AccountRef and Line are required.
		const paymentType = readEnum(input, 'PaymentType', PAYMENT_TYPES, true)!;
		const account = resolveRef(store, 'Account', input.AccountRef, 'AccountRef', { required: true })!;
		requireAccountType(account, 'AccountRef', SOURCE_ACCOUNT_TYPES[paymentType], `a ${paymentType} purchase pays from ${SOURCE_ACCOUNT_TYPES[paymentType].join(' or ')}.`);
		const party = payee(ctx, input.EntityRef);
		const currency = transactionCurrency(ctx, input, party?.record);
		const credit = readBoolean(input, 'Credit');
		// §2.3: Credit is for CreditCard purchases only.
		if (credit !== undefined && paymentType !== 'CreditCard') throw businessValidation('Credit applies to CreditCard purchases only.', 'Credit');
		const printStatus = readEnum(input, 'PrintStatus', ['NotSet', 'NeedToPrint', 'PrintComplete'] as const);
		// §2.3: PrintStatus is for Check purchases only.
		if (printStatus !== undefined && paymentType !== 'Check') throw businessValidation('PrintStatus applies to Check purchases only.', 'PrintStatus');

		if (input.Line === undefined || input.Line === null) throw requiredParamMissing('Line');
		if (!Array.isArray(input.Line)) throw invalidEnumeration('Line', typeof input.Line, ['array of lines']);
		if (input.Line.length === 0) throw requiredParamMissing('Line');
		const nextLineId = lineIdAllocator(ctx.previous?.Line);
		const amounts: Decimal[] = [];
		const lines = input.Line.map((raw: unknown, index: number) => {
			if (!isObject(raw)) throw invalidEnumeration('Line', JSON.stringify(raw), ['line object']);
			rejectUnknownFields(raw, LINE_FIELDS, 'Line.');
			const detailType = readEnum(raw, 'DetailType', LINE_TYPES, true, 'Line.DetailType')!;
			if (raw.Amount === undefined || raw.Amount === null) throw requiredParamMissing('Line.Amount');
			const amount = readAmount(raw.Amount, 'Line.Amount', currency.code, { subCent: store.settings.subCentAmount })!;
			amounts.push(amount);
			const description = readString(raw, 'Description', { max: 4000 }, 'Line.Description');
			const base = { Id: nextLineId(raw.Id), LineNum: index + 1, Description: description, Amount: toJsonNumber(amount), DetailType: detailType };
			const customerOf = (detail: QboRecord, element: string) => resolveRef(store, 'Customer', detail.CustomerRef, element);
			if (detailType === 'AccountBasedExpenseLineDetail') {
				const detail = raw.AccountBasedExpenseLineDetail;
				if (!isObject(detail)) throw requiredParamMissing('Line.AccountBasedExpenseLineDetail.AccountRef');
				rejectUnknownFields(detail, ACCOUNT_LINE_FIELDS, 'Line.AccountBasedExpenseLineDetail.');
				const expense = resolveRef(store, 'Account', detail.AccountRef, 'Line.AccountBasedExpenseLineDetail.AccountRef', { required: true })!;
				requireAccountType(expense, 'Line.AccountBasedExpenseLineDetail.AccountRef', EXPENSE_ACCOUNT_TYPES, 'expense lines post to an expense account.');
				const customer = customerOf(detail, 'Line.AccountBasedExpenseLineDetail.CustomerRef');
				return compact({
					...base,
					AccountBasedExpenseLineDetail: compact({
						AccountRef: outputRef(expense),
						CustomerRef: customer ? outputRef(customer) : undefined,
						BillableStatus: readEnum(detail, 'BillableStatus', ['Billable', 'NotBillable', 'HasBeenBilled'] as const) ?? 'NotBillable',
						TaxCodeRef: usTaxCode(ctx, detail, 'Line.AccountBasedExpenseLineDetail.TaxCodeRef') ?? (store.usTaxModel ? { value: 'NON' } : undefined),
					}),
				});
			}
			// quickbooks.md §2.3: item-based expense lines need ProductAndServicesPrefs.ForPurchase.
			const prefs = store.livePreferences()?.ProductAndServicesPrefs;
			if (prefs?.ForPurchase === false) throw businessValidation('Item-based expense lines need ProductAndServicesPrefs.ForPurchase.', 'Line.DetailType');
			const detail = raw.ItemBasedExpenseLineDetail;
			if (!isObject(detail)) throw requiredParamMissing('Line.ItemBasedExpenseLineDetail.ItemRef');
			rejectUnknownFields(detail, ITEM_LINE_FIELDS, 'Line.ItemBasedExpenseLineDetail.');
			const item = resolveRef(store, 'Item', detail.ItemRef, 'Line.ItemBasedExpenseLineDetail.ItemRef', { required: true })!;
			let qty = readNonNegativeDecimal(detail.Qty, 'Line.ItemBasedExpenseLineDetail.Qty');
			const unitPrice = readNonNegativeDecimal(detail.UnitPrice, 'Line.ItemBasedExpenseLineDetail.UnitPrice');
			if (unitPrice && !qty) qty = fromInteger(1);
			if (qty && unitPrice) {
				// quickbooks.md §5.3 6070.
				const expected = roundHalfUp(multiply(qty, unitPrice), currency.exponent);
				if (compare(expected, amount) !== 0) throw amountCalculationIncorrect('Line.Amount', toText(amount), toText(expected));
			}
			const customer = customerOf(detail, 'Line.ItemBasedExpenseLineDetail.CustomerRef');
			return compact({
				...base,
				ItemBasedExpenseLineDetail: compact({
					ItemRef: outputRef(item),
					Qty: qty ? toJsonNumber(qty) : undefined,
					UnitPrice: unitPrice ? toJsonNumber(unitPrice) : undefined,
					CustomerRef: customer ? outputRef(customer) : undefined,
					BillableStatus: readEnum(detail, 'BillableStatus', ['Billable', 'NotBillable', 'HasBeenBilled'] as const) ?? 'NotBillable',
					TaxCodeRef: usTaxCode(ctx, detail, 'Line.ItemBasedExpenseLineDetail.TaxCodeRef') ?? (store.usTaxModel ? { value: 'NON' } : undefined),
				}),
			});
		});
		const taxDetail = isObject(input.TxnTaxDetail) ? input.TxnTaxDetail : undefined;
		const totalTax = taxDetail ? readAmount(taxDetail.TotalTax, 'TxnTaxDetail.TotalTax', currency.code, { subCent: store.settings.subCentAmount }) ?? ZERO : ZERO;
		const total = add(sum(amounts), totalTax);
		const method = resolveRef(store, 'PaymentMethod', input.PaymentMethodRef, 'PaymentMethodRef');
		for (const ref of ['DepartmentRef'] as const) {
			const id = refId(input[ref], ref);
			if (id !== undefined) throw invalidReference(ref, 'Department', id);
		}
		return compact({
			AccountRef: outputRef(account),
			PaymentType: paymentType,
			EntityRef: party ? { ...outputRef(party.record), type: party.type } : undefined,
			Credit: paymentType === 'CreditCard' ? (credit ?? false) : undefined,
			PaymentMethodRef: method ? outputRef(method) : undefined,
			TotalAmt: toJsonNumber(total),
			HomeTotalAmt: currency.foreign ? inHomeCurrency(total, currency, store) : undefined,
			PrintStatus: paymentType === 'Check' ? (printStatus ?? 'NotSet') : undefined,
			// quickbooks.md §2.3: DocNumber max 21; include=allowduplicatedocnum is documented for Purchase.
			DocNumber: documentNumber(ctx, input, 'Purchase'),
			TxnDate: transactionDate(ctx, input),
			...currencyFields(currency, store),
			PrivateNote: readString(input, 'PrivateNote', { max: 4000 }),
			TxnTaxDetail: taxDetail ? { TotalTax: toJsonNumber(totalTax) } : undefined,
			Line: lines,
		});
	},
};

