/**
 * Invoice, SalesReceipt, CreditMemo and RefundReceipt: the sales forms. They share the line rules of
 * quickbooks.md §2.1.1 (Amount = Qty × UnitPrice, no negative lines, one discount line, TAX/NON in the US)
 * and compute TotalAmt and Balance exactly.
 */
import {
	amountCalculationIncorrect,
	businessValidation,
	discountLineIncomplete,
	emailRequired,
	featureNotSupported,
	invalidAccountType,
	invalidCustomField,
	invalidEnumeration,
	invalidLineTaxCode,
	invalidReference,
	missingLines,
	objectNotFound,
	QboFault,
	requiredParamMissing,
	txnTaxDetailNotAllowed,
	unsupportedOperation,
} from './faults';
import {
	compact,
	isObject,
	outputRef,
	pickObjects,
	readAmount,
	readBoolean,
	readDate,
	readEmail,
	readEnum,
	readNonNegativeDecimal,
	readString,
	refId,
	rejectUnknownFields,
	resolveRef,
} from './fields';
import { COMMON_FIELDS, fieldSet, type EntityKind, type WriteContext } from './kind';
import { requireAccountType } from './lists';
import {
	add,
	compare,
	divide,
	fromInteger,
	isZero,
	multiply,
	parseDecimal,
	percentOf,
	roundHalfUp,
	subtract,
	sum,
	toJsonNumber,
	toText,
	ZERO,
	type Decimal,
} from './money';
import { recomputeCustomerBalance } from './names';
import type { CompanyStore, EntityName, QboRecord } from './store';
import {
	applicationKey,
	appliedAmount,
	assertNotVoided,
	currencyFields,
	documentNumber,
	dueDate,
	inHomeCurrency,
	lineIdAllocator,
	transactionCurrency,
	transactionDate,
	voidedNote,
	type TxnCurrency,
} from './txn';

type SalesFormName = 'Invoice' | 'SalesReceipt' | 'CreditMemo' | 'RefundReceipt';

const LINE_FIELDS = fieldSet([
	'Id', 'LineNum', 'Description', 'Amount', 'DetailType', 'SalesItemLineDetail', 'DiscountLineDetail', 'SubTotalLineDetail',
	'DescriptionLineDetail', 'GroupLineDetail', 'LinkedTxn', 'CustomField', 'ProjectRef', 'TaxLineDetail',
]);
const SALES_ITEM_DETAIL_FIELDS = fieldSet([
	'ItemRef', 'Qty', 'UnitPrice', 'TaxCodeRef', 'ServiceDate', 'ClassRef', 'DiscountAmt', 'DiscountRate', 'TaxInclusiveAmt',
	'ItemAccountRef', 'MarkupInfo', 'PriceLevelRef', 'TaxClassificationRef',
]);
const DISCOUNT_DETAIL_FIELDS = fieldSet(['PercentBased', 'DiscountPercent', 'DiscountAccountRef', 'TaxCodeRef', 'ClassRef']);
const DETAIL_TYPES = ['SalesItemLineDetail', 'DiscountLineDetail', 'SubTotalLineDetail', 'DescriptionOnly', 'GroupLineDetail'] as const;

/** Special ItemRef values (quickbooks.md §2.1.1) and the preference each needs. */
const SPECIAL_ITEMS: Record<string, { preference: string; name: string }> = {
	SHIPPING_ITEM_ID: { preference: 'AllowShipping', name: 'Shipping' },
	GRATUITY_ITEM_ID: { preference: 'AllowGratuity', name: 'Gratuity' },
};

interface PricedLine {
	amount: Decimal;
	/** US: 'TAX' | 'NON'; elsewhere the TaxCode id (undefined when sales tax is off). */
	taxCode?: string;
}

interface LinesResult {
	lines: QboRecord[];
	priced: PricedLine[];
	subtotal: Decimal;
	discount: Decimal;
}

function buildLines(ctx: WriteContext, input: QboRecord, currency: TxnCurrency): LinesResult {
	const store = ctx.store;
	const sentLines = input.Line;
	// quickbooks.md §2.1: at least one Line.
	if (sentLines === undefined || sentLines === null) throw requiredParamMissing('Line');
	if (!Array.isArray(sentLines)) throw invalidEnumeration('Line', typeof sentLines, ['array of lines']);
	const nextLineId = lineIdAllocator(ctx.previous?.Line);
	const lines: QboRecord[] = [];
	const priced: PricedLine[] = [];
	let discountLine: { line: QboRecord; percent?: Decimal; amount?: Decimal } | undefined;

	for (const raw of sentLines) {
		if (!isObject(raw)) throw invalidEnumeration('Line', JSON.stringify(raw), ['line object']);
		rejectUnknownFields(raw, LINE_FIELDS, 'Line.');
		const detailType = raw.DetailType;
		if (detailType === undefined) throw requiredParamMissing('Line.DetailType');
		if (!DETAIL_TYPES.includes(detailType)) throw invalidEnumeration('Line.DetailType', detailType, DETAIL_TYPES);
		const description = readString(raw, 'Description', { max: 4000 }, 'Line.Description');

		if (detailType === 'SubTotalLineDetail') continue; // recomputed: QBO returns the overall subtotal line itself (§2.1.1)
		if (detailType === 'GroupLineDetail') throw unsupportedOperation('GroupLineDetail (bundle) lines in this simulator');

		const detail = raw.SalesItemLineDetail;
		const itemRefSent = detailType === 'SalesItemLineDetail' && isObject(detail) && detail.ItemRef !== undefined && detail.ItemRef !== null;
		if (detailType === 'DescriptionOnly' || (detailType === 'SalesItemLineDetail' && !itemRefSent)) {
			// quickbooks.md §2.1.1: a line without ItemRef is documentation and its Amount is ignored.
			const serviceDate = isObject(raw.DescriptionLineDetail) ? readDate(raw.DescriptionLineDetail, 'ServiceDate', 'Line.DescriptionLineDetail.ServiceDate') : undefined;
			lines.push(compact({
				Id: nextLineId(raw.Id),
				LineNum: lines.length + 1,
				Description: description,
				DetailType: 'DescriptionOnly',
				DescriptionLineDetail: compact({ ServiceDate: serviceDate }),
			}));
			continue;
		}

		if (detailType === 'DiscountLineDetail') {
			// quickbooks.md §10.4: one transaction-level DiscountLine, and only with SalesFormsPrefs.AllowDiscount.
			if (discountLine) throw businessValidation('Only one discount line is allowed per transaction.', 'Line.DiscountLineDetail');
			if (store.salesFormsPrefs.AllowDiscount === false) {
				throw businessValidation('Discounts are turned off for this company (SalesFormsPrefs.AllowDiscount).', 'Line.DiscountLineDetail');
			}
			const discountDetail = raw.DiscountLineDetail ?? {};
			if (!isObject(discountDetail)) throw invalidEnumeration('Line.DiscountLineDetail', JSON.stringify(discountDetail), ['object']);
			rejectUnknownFields(discountDetail, DISCOUNT_DETAIL_FIELDS, 'Line.DiscountLineDetail.');
			const percentBased = readBoolean(discountDetail, 'PercentBased', 'Line.DiscountLineDetail.PercentBased') ?? false;
			const percent = readNonNegativeDecimal(discountDetail.DiscountPercent, 'Line.DiscountLineDetail.DiscountPercent');
			const amount = readAmount(raw.Amount, 'Line.Amount', currency.code, { subCent: store.settings.subCentAmount });
			// quickbooks.md §2.1.1 and §5.3 6090: a discount needs an amount or a percent.
			if (percentBased ? !percent : !amount) throw discountLineIncomplete();
			if (percentBased && compare(percent!, fromInteger(100)) > 0) {
				throw businessValidation('DiscountPercent cannot exceed 100.', 'Line.DiscountLineDetail.DiscountPercent');
			}
			const account = discountAccount(store, discountDetail.DiscountAccountRef);
			const line: QboRecord = compact({
				Id: nextLineId(raw.Id),
				LineNum: lines.length + 1,
				Description: description,
				Amount: 0,
				DetailType: 'DiscountLineDetail',
				DiscountLineDetail: compact({
					PercentBased: percentBased,
					DiscountPercent: percentBased ? toJsonNumber(percent!) : undefined,
					DiscountAccountRef: outputRef(account),
				}),
			});
			discountLine = { line, percent: percentBased ? percent : undefined, amount: percentBased ? undefined : amount };
			lines.push(line);
			continue;
		}

		// SalesItemLineDetail with an item.
		rejectUnknownFields(detail, SALES_ITEM_DETAIL_FIELDS, 'Line.SalesItemLineDetail.');
		const itemId = refId(detail.ItemRef, 'Line.SalesItemLineDetail.ItemRef')!;
		const special = SPECIAL_ITEMS[itemId];
		let item: QboRecord | undefined;
		if (special) {
			if (store.salesFormsPrefs[special.preference] !== true) {
				throw businessValidation(`${itemId} needs Preferences.SalesFormsPrefs.${special.preference}.`, 'Line.SalesItemLineDetail.ItemRef');
			}
		} else {
			item = resolveRef(store, 'Item', detail.ItemRef, 'Line.SalesItemLineDetail.ItemRef');
		}
		// quickbooks.md §2.1.1: Amount is required on a sales line.
		if (raw.Amount === undefined || raw.Amount === null) throw requiredParamMissing('Line.Amount');
		const amount = readAmount(raw.Amount, 'Line.Amount', currency.code, { subCent: store.settings.subCentAmount })!;
		// Stricter reading of §5.3 2290: a negative Qty or UnitPrice would book a negative line, so both are refused too.
		let qty = readNonNegativeDecimal(detail.Qty, 'Line.SalesItemLineDetail.Qty');
		let unitPrice = readNonNegativeDecimal(detail.UnitPrice, 'Line.SalesItemLineDetail.UnitPrice');
		if (detail.DiscountAmt !== undefined || detail.DiscountRate !== undefined) {
			// quickbooks.md §13: line-level DiscountAmt/DiscountRate support is unverified; refused so the sync uses a DiscountLine.
			throw featureNotSupported('Line-level DiscountAmt/DiscountRate is not supported here; use one DiscountLineDetail line (quickbooks.md §10.4).');
		}
		if (unitPrice && !qty) qty = fromInteger(1); // stricter: a price without a quantity is one unit, and must match Amount
		if (qty && unitPrice) {
			// quickbooks.md §2.1.1, §5.3 6070: Amount must equal UnitPrice × Qty, rounded half up to the currency.
			const expected = roundHalfUp(multiply(qty, unitPrice), currency.exponent);
			if (compare(expected, amount) !== 0) {
				throw fault6070(amount, expected);
			}
		} else if (qty && !unitPrice) {
			if (isZero(qty)) {
				if (!isZero(amount)) throw fault6070(amount, ZERO);
			} else {
				unitPrice = divide(amount, qty, 7);
			}
		}
		const taxCode = lineTaxCode(store, detail, item);
		const serviceDate = readDate(detail, 'ServiceDate', 'Line.SalesItemLineDetail.ServiceDate');
		const incomeAccount = item?.IncomeAccountRef;
		lines.push(compact({
			Id: nextLineId(raw.Id),
			LineNum: lines.length + 1,
			Description: description,
			Amount: toJsonNumber(amount),
			DetailType: 'SalesItemLineDetail',
			SalesItemLineDetail: compact({
				ItemRef: item ? outputRef(item) : { value: itemId, name: special!.name },
				UnitPrice: unitPrice ? toJsonNumber(unitPrice) : undefined,
				Qty: qty ? toJsonNumber(qty) : undefined,
				ItemAccountRef: incomeAccount ? { ...incomeAccount } : undefined,
				TaxCodeRef: taxCode ? { value: taxCode } : undefined,
				ServiceDate: serviceDate,
			}),
		}));
		priced.push({ amount, taxCode });
	}

	// quickbooks.md §2.1 "at least one Line", §5.3 2250: an empty or description-only Line list has no split line.
	if (priced.length === 0) throw missingLines();
	const subtotal = sum(priced.map((line) => line.amount));
	let discount = ZERO;
	if (discountLine) {
		discount = discountLine.percent ? percentOf(subtotal, discountLine.percent, currency.exponent) : discountLine.amount!;
		// quickbooks.md §15.4: 6000 "The discount amount can't be greater than the subtotal".
		if (compare(discount, subtotal) > 0) throw businessValidation("The discount amount can't be greater than the subtotal.", 'Line.Amount');
		discountLine.line.Amount = toJsonNumber(discount);
	}
	return { lines, priced, subtotal, discount };
}

function fault6070(amount: Decimal, expected: Decimal): QboFault {
	return amountCalculationIncorrect('Line.Amount', toText(amount), toText(expected));
}

/** DiscountAccountRef: an income account (quickbooks.md §2.1.1: Income, sub-type DiscountsRefundsGiven); default "Discounts given". */
function discountAccount(store: CompanyStore, raw: unknown): QboRecord {
	const sent = resolveRef(store, 'Account', raw, 'Line.DiscountLineDetail.DiscountAccountRef');
	const account = sent ?? [...store.table('Account').values()].find((record) => record.AccountSubType === 'DiscountsRefundsGiven' && record.Active !== false);
	if (!account) throw requiredParamMissing('Line.DiscountLineDetail.DiscountAccountRef');
	if (account.Classification !== 'Revenue') {
		throw invalidAccountType('Line.DiscountLineDetail.DiscountAccountRef', `${account.Name} is ${account.AccountType}; discounts post to an income account.`);
	}
	return account;
}

/**
 * quickbooks.md §10.2: in the US a line's TaxCodeRef is TAX or NON (6100 otherwise); elsewhere it is a
 * TaxCode id (§10.3), required while sales tax is on.
 */
function lineTaxCode(store: CompanyStore, detail: QboRecord, item: QboRecord | undefined): string | undefined {
	const element = 'Line.SalesItemLineDetail.TaxCodeRef';
	// An empty `TaxCodeRef: {}` is UNVERIFIED: reading 'refuse' (default) answers 2020 for its missing value,
	// reading 'accept' takes it as no tax code at all.
	const empty = isObject(detail.TaxCodeRef) && Object.keys(detail.TaxCodeRef).length === 0 && store.settings.emptyTaxCodeRef === 'accept';
	const sent = detail.TaxCodeRef === undefined || detail.TaxCodeRef === null || empty ? undefined : refId(detail.TaxCodeRef, element);
	if (store.usTaxModel) {
		if (sent === undefined) return item?.Taxable ? 'TAX' : 'NON';
		if (sent !== 'TAX' && sent !== 'NON') throw invalidLineTaxCode(sent);
		return sent;
	}
	if (!store.usingSalesTax) return sent;
	if (sent === undefined) throw businessValidation('Make sure all your transactions have a tax code (TaxCodeRef) on every line.', element);
	const code = store.find('TaxCode', sent);
	if (!code) throw invalidReference(element, 'TaxCode', sent);
	if (code.Active === false) throw objectNotFound(`TaxCode ${sent} is inactive`, element);
	return sent;
}

interface TaxResult {
	totalTax: Decimal;
	detail?: QboRecord;
	/** TaxInclusive: tax is inside the line amounts, so it is not added to the total. */
	inclusive: boolean;
	globalTaxCalculation?: string;
}

function computeTax(ctx: WriteContext, input: QboRecord, currency: TxnCurrency, lines: LinesResult): TaxResult {
	const store = ctx.store;
	const sentDetail = input.TxnTaxDetail;
	if (sentDetail !== undefined && sentDetail !== null && !isObject(sentDetail)) throw invalidEnumeration('TxnTaxDetail', JSON.stringify(sentDetail), ['object']);
	const sentTotal = isObject(sentDetail) ? readAmount(sentDetail.TotalTax, 'TxnTaxDetail.TotalTax', currency.code, { subCent: store.settings.subCentAmount }) : undefined;

	if (store.usTaxModel) {
		// quickbooks.md §10.2: ignored when sales tax is off.
		if (!store.usingSalesTax) return { totalTax: ZERO, inclusive: false };
		const taxable = sum(lines.priced.filter((line) => line.taxCode === 'TAX').map((line) => line.amount));
		let base = taxable;
		const afterDiscount = readBoolean(input, 'ApplyTaxAfterDiscount') ?? false;
		if (afterDiscount && !isZero(lines.discount) && !isZero(lines.subtotal)) {
			// The discount is spread over the lines; the taxable share of it lowers the base.
			base = subtract(taxable, divide(multiply(lines.discount, taxable), lines.subtotal, currency.exponent));
		}
		const rate = parseDecimal(store.settings.salesTaxRatePercent) ?? ZERO;
		// §10.2: an explicit TotalTax is honoured (AST prorates it); otherwise AST computes its own figure.
		const totalTax = sentTotal ?? (isZero(base) ? ZERO : percentOf(base, rate, currency.exponent));
		const detail: QboRecord = { TotalTax: toJsonNumber(totalTax) };
		if (!isZero(taxable) || !isZero(totalTax)) {
			detail.TxnTaxCodeRef = { value: '2' };
			detail.TaxLine = [
				{
					Amount: toJsonNumber(totalTax),
					DetailType: 'TaxLineDetail',
					TaxLineDetail: {
						TaxRateRef: { value: '3' },
						PercentBased: true,
						TaxPercent: toJsonNumber(rate),
						NetAmountTaxable: toJsonNumber(base),
					},
				},
			];
		}
		return { totalTax, detail, inclusive: false };
	}

	// Non-US (quickbooks.md §10.3): GlobalTaxCalculation and a rate per TaxCode.
	const mode = readEnum(input, 'GlobalTaxCalculation', ['TaxExcluded', 'TaxInclusive', 'NotApplicable'] as const) ?? 'TaxExcluded';
	if (mode === 'NotApplicable') {
		// §5.3 6170: TxnTaxDetail is not allowed with NotApplicable.
		if (isObject(sentDetail)) throw txnTaxDetailNotAllowed();
		return { totalTax: ZERO, inclusive: false, globalTaxCalculation: mode };
	}
	if (!store.usingSalesTax) return { totalTax: ZERO, inclusive: false, globalTaxCalculation: mode };
	const byCode = new Map<string, Decimal>();
	for (const line of lines.priced) {
		if (!line.taxCode) continue;
		byCode.set(line.taxCode, add(byCode.get(line.taxCode) ?? ZERO, line.amount));
	}
	const taxLines: QboRecord[] = [];
	let computed = ZERO;
	for (const [code, net] of byCode) {
		const rate = parseDecimal(store.taxRatePercents.get(code) ?? '0')!;
		const tax = mode === 'TaxInclusive'
			? roundHalfUp(divide(multiply(net, rate), add(fromInteger(100), rate), currency.exponent + 4), currency.exponent)
			: percentOf(net, rate, currency.exponent);
		computed = add(computed, tax);
		taxLines.push({
			Amount: toJsonNumber(tax),
			DetailType: 'TaxLineDetail',
			TaxLineDetail: { TaxRateRef: { value: code }, PercentBased: true, TaxPercent: toJsonNumber(rate), NetAmountTaxable: toJsonNumber(mode === 'TaxInclusive' ? subtract(net, tax) : net) },
		});
	}
	const totalTax = sentTotal ?? computed;
	return { totalTax, detail: { TotalTax: toJsonNumber(totalTax), TaxLine: taxLines }, inclusive: mode === 'TaxInclusive', globalTaxCalculation: mode };
}

/**
 * quickbooks.md §2.1.2: up to three String custom fields, by DefinitionId from
 * Preferences.SalesFormsPrefs.CustomField (3000 otherwise). QBO prints every enabled definition.
 */
function customFields(ctx: WriteContext, input: QboRecord): QboRecord[] | undefined {
	const definitions = customFieldDefinitions(ctx.store);
	const sent = input.CustomField;
	if (sent !== undefined && sent !== null && !Array.isArray(sent)) throw invalidCustomField('CustomField must be an array.');
	const values = new Map<string, string | undefined>();
	if (ctx.sparse && Array.isArray(ctx.previous?.CustomField)) {
		for (const field of ctx.previous!.CustomField) values.set(field.DefinitionId, field.StringValue);
	}
	const sentList: unknown[] = Array.isArray(sent) ? sent : [];
	if (sentList.length > 3) throw invalidCustomField('At most 3 custom fields are available through the API.');
	for (const raw of sentList) {
		if (!isObject(raw)) throw invalidCustomField('Each CustomField is an object.');
		const id = raw.DefinitionId === undefined || raw.DefinitionId === null ? undefined : String(raw.DefinitionId);
		if (!id) throw requiredParamMissing('CustomField.DefinitionId');
		const definition = definitions.get(id);
		if (!definition) throw invalidCustomField(`No enabled custom field with DefinitionId ${id}. Defined: ${[...definitions.keys()].join(', ') || 'none'}.`);
		if (raw.Type !== undefined && raw.Type !== 'StringType') throw invalidCustomField(`Custom field ${id} is a StringType field.`);
		const value = raw.StringValue;
		if (value !== undefined && value !== null && typeof value !== 'string') throw invalidCustomField(`CustomField ${id} StringValue must be text.`);
		values.set(id, value === null || value === '' ? undefined : value);
	}
	if (definitions.size === 0) return undefined;
	return [...definitions.entries()].map(([id, name]) => compact({ DefinitionId: id, Name: name, Type: 'StringType', StringValue: values.get(id) }));
}

/** DefinitionId → name of the enabled string custom fields in Preferences. */
export function customFieldDefinitions(store: CompanyStore): Map<string, string> {
	const groups: QboRecord[] = store.salesFormsPrefs.CustomField ?? [];
	const settings = new Map<string, QboRecord>();
	for (const group of groups) for (const field of group.CustomField ?? []) settings.set(field.Name, field);
	const definitions = new Map<string, string>();
	for (const index of ['1', '2', '3']) {
		const enabled = settings.get(`SalesFormsPrefs.UseSalesCustom${index}`)?.BooleanValue === true;
		const name = settings.get(`SalesFormsPrefs.SalesCustomName${index}`)?.StringValue;
		if (enabled && name) definitions.set(index, name);
	}
	return definitions;
}

/** An account money is deposited to or refunded from: Bank or Other Current Asset (quickbooks.md §2.2, §2.4). */
function depositAccount(store: CompanyStore, raw: unknown, required: boolean): QboRecord | undefined {
	const account = resolveRef(store, 'Account', raw, 'DepositToAccountRef', { required });
	if (account) requireAccountType(account, 'DepositToAccountRef', ['Bank', 'Other Current Asset'], 'use a Bank or Other Current Asset account.');
	return account;
}

export function undepositedFunds(store: CompanyStore): QboRecord | undefined {
	return [...store.table('Account').values()].find((account) => account.AccountSubType === 'UndepositedFunds' && account.Active !== false);
}

const SALES_FORM_FIELDS = [
	...COMMON_FIELDS,
	'CustomerRef', 'Line', 'DocNumber', 'TxnDate', 'CustomField', 'PrivateNote', 'CustomerMemo', 'BillEmail', 'BillEmailCc',
	'BillEmailBcc', 'EmailStatus', 'PrintStatus', 'CurrencyRef', 'ExchangeRate', 'GlobalTaxCalculation', 'TxnTaxDetail',
	'ApplyTaxAfterDiscount', 'ClassRef', 'DepartmentRef', 'ProjectRef', 'ShipAddr', 'BillAddr', 'ShipDate', 'TrackingNum',
	'ShipMethodRef', 'ShipFromAddr', 'LinkedTxn', 'TotalAmt', 'HomeTotalAmt', 'Balance', 'HomeBalance', 'DeliveryInfo',
	'TxnSource', 'TransactionLocationType', 'FreeFormAddress', 'RecurDataRef', 'TaxExemptionRef', 'TxnStatus',
] as const;

const READ_ONLY_SALES = ['TotalAmt', 'HomeTotalAmt', 'Balance', 'HomeBalance', 'DeliveryInfo', 'InvoiceLink', 'LinkedTxn', 'RemainingCredit', 'FreeFormAddress', 'RecurDataRef', 'TaxExemptionRef'];

interface SalesDocument {
	record: QboRecord;
	total: Decimal;
	currency: TxnCurrency;
	customer?: QboRecord;
}

function buildSalesDocument(ctx: WriteContext, input: QboRecord, entity: SalesFormName, customerRequired: boolean): SalesDocument {
	const store = ctx.store;
	assertNotVoided(ctx, entity);
	const customer = resolveRef(store, 'Customer', input.CustomerRef, 'CustomerRef', { required: customerRequired });
	const currency = transactionCurrency(ctx, input, customer);
	const docNumber = documentNumber(ctx, input, entity);
	const txnDate = transactionDate(ctx, input);
	const lines = buildLines(ctx, input, currency);
	const tax = computeTax(ctx, input, currency, lines);
	const net = subtract(lines.subtotal, lines.discount);
	const total = tax.inclusive ? net : add(net, tax.totalTax);
	// The overall subtotal line QBO appends to every sales form (quickbooks.md §2.1.1).
	const allLines = [...lines.lines, { Amount: toJsonNumber(lines.subtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }];

	const billEmail = readEmail(input, 'BillEmail', { multiple: true });
	const emailStatus = readEnum(input, 'EmailStatus', ['NotSet', 'NeedToSend', 'EmailSent'] as const) ?? 'NotSet';
	// quickbooks.md §2.1: BillEmail is required when EmailStatus=NeedToSend.
	if (emailStatus === 'NeedToSend' && !billEmail) throw emailRequired();
	if (isObject(input.CustomerMemo)) readString(input.CustomerMemo, 'value', { max: 1000 }, 'CustomerMemo');
	const project = resolveRef(store, 'Customer', input.ProjectRef, 'ProjectRef');
	for (const ref of ['ClassRef', 'DepartmentRef'] as const) {
		// Class and department tracking are off in the sandbox company, so there is nothing to reference.
		const id = refId(input[ref], ref);
		if (id !== undefined) throw invalidReference(ref, ref === 'ClassRef' ? 'Class' : 'Department', id);
	}
	const record: QboRecord = compact({
		CustomField: customFields(ctx, input),
		DocNumber: docNumber,
		TxnDate: txnDate,
		...currencyFields(currency, store),
		PrivateNote: readString(input, 'PrivateNote', { max: 4000 }),
		Line: allLines,
		TxnTaxDetail: tax.detail,
		GlobalTaxCalculation: tax.globalTaxCalculation,
		CustomerRef: customer ? outputRef(customer) : undefined,
		CustomerMemo: isObject(input.CustomerMemo) ? { value: input.CustomerMemo.value } : undefined,
		BillAddr: isObject(input.BillAddr) ? input.BillAddr : customer?.BillAddr,
		ShipAddr: isObject(input.ShipAddr) ? input.ShipAddr : customer?.ShipAddr,
		...pickObjects(input, ['ShipFromAddr']),
		ShipDate: readDate(input, 'ShipDate'),
		TrackingNum: readString(input, 'TrackingNum', { max: 31 }),
		ProjectRef: project ? { value: project.Id } : undefined,
		TotalAmt: toJsonNumber(total),
		HomeTotalAmt: currency.foreign ? inHomeCurrency(total, currency, store) : undefined,
		ApplyTaxAfterDiscount: store.usTaxModel ? (readBoolean(input, 'ApplyTaxAfterDiscount') ?? false) : undefined,
		PrintStatus: readEnum(input, 'PrintStatus', ['NotSet', 'NeedToPrint', 'PrintComplete'] as const) ?? 'NotSet',
		EmailStatus: emailStatus,
		BillEmail: billEmail,
		BillEmailCc: readEmail(input, 'BillEmailCc', { multiple: true }),
		BillEmailBcc: readEmail(input, 'BillEmailBcc', { multiple: true }),
		DeliveryInfo: ctx.previous?.DeliveryInfo,
	});
	return { record, total, currency, customer };
}

function balanceFields(store: CompanyStore, balance: Decimal, currency: TxnCurrency): QboRecord {
	return compact({ Balance: toJsonNumber(balance), HomeBalance: currency.foreign ? inHomeCurrency(balance, currency, store) : undefined });
}

/** Balance = TotalAmt − Deposit − payments applied; a rewrite that leaves it negative is refused (stricter). */
function openBalance(ctx: WriteContext, entity: 'Invoice' | 'CreditMemo', total: Decimal, deposit: Decimal): Decimal {
	const applied = ctx.operation === 'update' ? appliedAmount(ctx.store, applicationKey(entity, ctx.id)) : ZERO;
	const balance = subtract(subtract(total, deposit), applied);
	if (balance.units < 0n) {
		throw businessValidation(
			`${entity} ${ctx.id} would total ${toText(total)} but ${toText(applied)} is already applied to it; remove or change the payments first.`,
		);
	}
	return balance;
}

export function keepCustomerBalances(store: CompanyStore, entity: EntityName, before: QboRecord | undefined, after: QboRecord | undefined): void {
	const key = `${entity}:${(after ?? before)!.Id}`;
	const beforeCustomer: string | undefined = before?.CustomerRef?.value;
	const afterCustomer: string | undefined = after?.CustomerRef?.value;
	if (beforeCustomer && beforeCustomer !== afterCustomer) {
		store.unlinkCustomerTransaction(beforeCustomer, key);
		recomputeCustomerBalance(store, beforeCustomer);
	}
	if (afterCustomer) {
		store.linkCustomerTransaction(afterCustomer, key);
		recomputeCustomerBalance(store, afterCustomer);
	}
}

function refuseWhileApplied(store: CompanyStore, entity: 'Invoice' | 'CreditMemo', record: QboRecord, action: string): void {
	const applied = appliedAmount(store, applicationKey(entity, record.Id));
	if (!isZero(applied)) {
		throw businessValidation(`${entity} ${record.Id} has payments applied (${toText(applied)}); it cannot be ${action} until they are removed.`);
	}
}

/** A void keeps the document and its number, zeroes every amount and notes "Voided" (quickbooks.md §1.6). */
export function zeroAmounts(record: QboRecord): QboRecord {
	for (const line of record.Line ?? []) {
		if (line.Amount !== undefined) line.Amount = 0;
		if (line.SalesItemLineDetail) {
			if (line.SalesItemLineDetail.Qty !== undefined) line.SalesItemLineDetail.Qty = 0;
			if (line.SalesItemLineDetail.UnitPrice !== undefined) line.SalesItemLineDetail.UnitPrice = 0;
		}
	}
	if (record.TxnTaxDetail) record.TxnTaxDetail = { TotalTax: 0 };
	for (const field of ['TotalAmt', 'HomeTotalAmt', 'Balance', 'HomeBalance', 'Deposit', 'RemainingCredit', 'UnappliedAmt']) {
		if (record[field] !== undefined) record[field] = 0;
	}
	record.PrivateNote = voidedNote(record.PrivateNote);
	return record;
}

// --- Invoice ---

export const invoiceKind: EntityKind = {
	name: 'Invoice',
	resource: 'invoice',
	category: 'transaction',
	fields: fieldSet(SALES_FORM_FIELDS, [
		'DueDate', 'SalesTermRef', 'Deposit', 'DepositToAccountRef', 'AllowIPNPayment', 'AllowOnlinePayment',
		'AllowOnlineCreditCardPayment', 'AllowOnlineACHPayment', 'InvoiceLink',
	]),
	readOnly: fieldSet(READ_ONLY_SALES),
	creatable: true,
	deletable: true,
	voidWith: 'operation',
	printable: true,
	build(ctx, input) {
		const store = ctx.store;
		const document = buildSalesDocument(ctx, input, 'Invoice', true);
		const { record, total, currency, customer } = document;
		if (ctx.previous && ctx.previous.CustomerRef?.value !== customer!.Id) refuseWhileApplied(store, 'Invoice', ctx.previous, 'moved to another customer');
		const defaultTermId: string | undefined = customer?.SalesTermRef?.value ?? store.salesFormsPrefs.DefaultTerms?.value;
		const term = input.SalesTermRef !== undefined && input.SalesTermRef !== null
			? resolveRef(store, 'Term', input.SalesTermRef, 'SalesTermRef')
			: defaultTermId ? store.find('Term', defaultTermId) : undefined;
		// quickbooks.md §2.1: Deposit only with SalesFormsPrefs.AllowDeposit; online payment flags need ETransactionPaymentEnabled.
		let deposit = ZERO;
		if (input.Deposit !== undefined && input.Deposit !== null) {
			if (store.salesFormsPrefs.AllowDeposit !== true) throw businessValidation('Deposits are turned off for this company (SalesFormsPrefs.AllowDeposit).', 'Deposit');
			deposit = readAmount(input.Deposit, 'Deposit', currency.code, { subCent: store.settings.subCentAmount })!;
			if (compare(deposit, total) > 0) throw businessValidation('The deposit cannot exceed the invoice total.', 'Deposit');
		}
		const depositAccountRef = input.DepositToAccountRef !== undefined && input.DepositToAccountRef !== null
			? depositAccount(store, input.DepositToAccountRef, false)
			: undefined;
		for (const flag of ['AllowOnlineCreditCardPayment', 'AllowOnlineACHPayment', 'AllowOnlinePayment', 'AllowIPNPayment']) {
			if (readBoolean(input, flag) && store.salesFormsPrefs.ETransactionPaymentEnabled !== true) {
				throw businessValidation(`${flag} needs online payments (SalesFormsPrefs.ETransactionPaymentEnabled).`, flag);
			}
		}
		const balance = openBalance(ctx, 'Invoice', total, deposit);
		return compact({
			AllowIPNPayment: false,
			AllowOnlinePayment: false,
			AllowOnlineCreditCardPayment: false,
			AllowOnlineACHPayment: false,
			...record,
			LinkedTxn: ctx.previous?.LinkedTxn ?? [],
			SalesTermRef: term ? { value: term.Id, name: term.Name } : undefined,
			DueDate: dueDate(input, record.TxnDate, term),
			Deposit: isZero(deposit) ? undefined : toJsonNumber(deposit),
			DepositToAccountRef: depositAccountRef ? outputRef(depositAccountRef) : undefined,
			...balanceFields(store, balance, currency),
		});
	},
	afterWrite(store, before, after) {
		keepCustomerBalances(store, 'Invoice', before, after);
	},
	beforeDelete(store, record) {
		// Stricter reading: QBO would unlink the payments; refusing keeps a sync from silently orphaning them.
		refuseWhileApplied(store, 'Invoice', record, 'deleted');
	},
	voidRecord(store, record) {
		// quickbooks.md §1.6: an invoice with an applied payment cannot be voided.
		refuseWhileApplied(store, 'Invoice', record, 'voided');
		return zeroAmounts(record);
	},
};

// --- SalesReceipt ---

export const salesReceiptKind: EntityKind = {
	name: 'SalesReceipt',
	resource: 'salesreceipt',
	category: 'transaction',
	fields: fieldSet(SALES_FORM_FIELDS, ['DepositToAccountRef', 'PaymentMethodRef', 'PaymentRefNum', 'CreditCardPayment']),
	readOnly: fieldSet(READ_ONLY_SALES),
	creatable: true,
	deletable: true,
	voidWith: 'include',
	printable: true,
	build(ctx, input) {
		const store = ctx.store;
		// quickbooks.md §2.4: Line and CustomerRef required; DepositToAccountRef Bank / Other Current Asset, default Undeposited Funds.
		const { record } = buildSalesDocument(ctx, input, 'SalesReceipt', true);
		const account = depositAccount(store, input.DepositToAccountRef, false) ?? undepositedFunds(store);
		const method = resolveRef(store, 'PaymentMethod', input.PaymentMethodRef, 'PaymentMethodRef');
		return compact({
			...record,
			Balance: 0,
			PaymentMethodRef: method ? outputRef(method) : undefined,
			PaymentRefNum: readString(input, 'PaymentRefNum', { max: 21 }),
			DepositToAccountRef: account ? outputRef(account) : undefined,
		});
	},
	voidRecord(_store, record) {
		return zeroAmounts(record);
	},
};

// --- CreditMemo ---

export const creditMemoKind: EntityKind = {
	name: 'CreditMemo',
	resource: 'creditmemo',
	category: 'transaction',
	fields: fieldSet(SALES_FORM_FIELDS, ['SalesTermRef', 'RemainingCredit', 'InvoiceRef']),
	readOnly: fieldSet(READ_ONLY_SALES),
	creatable: true,
	deletable: true,
	printable: true,
	build(ctx, input) {
		const store = ctx.store;
		// quickbooks.md §2.4: Line and CustomerRef required.
		const { record, total, currency, customer } = buildSalesDocument(ctx, input, 'CreditMemo', true);
		if (ctx.previous && ctx.previous.CustomerRef?.value !== customer!.Id) refuseWhileApplied(store, 'CreditMemo', ctx.previous, 'moved to another customer');
		const balance = openBalance(ctx, 'CreditMemo', total, ZERO);
		return compact({
			...record,
			...balanceFields(store, balance, currency),
			RemainingCredit: toJsonNumber(balance),
		});
	},
	afterWrite(store, before, after) {
		keepCustomerBalances(store, 'CreditMemo', before, after);
	},
	beforeDelete(store, record) {
		refuseWhileApplied(store, 'CreditMemo', record, 'deleted');
	},
};

// --- RefundReceipt ---

export const refundReceiptKind: EntityKind = {
	name: 'RefundReceipt',
	resource: 'refundreceipt',
	category: 'transaction',
	fields: fieldSet(SALES_FORM_FIELDS, ['DepositToAccountRef', 'PaymentMethodRef', 'PaymentRefNum', 'PaymentType', 'CheckPayment', 'CreditCardPayment']),
	readOnly: fieldSet(READ_ONLY_SALES),
	creatable: true,
	deletable: true,
	printable: true,
	build(ctx, input) {
		const store = ctx.store;
		// quickbooks.md §2.4: DepositToAccountRef (Bank / Other Current Asset) and Line required; CustomerRef optional.
		const account = depositAccount(store, input.DepositToAccountRef, true)!;
		const { record } = buildSalesDocument(ctx, input, 'RefundReceipt', false);
		// §2.4: PaymentRefNum (max 100) is needed when the money comes out of a Bank account.
		const paymentRefNum = readString(input, 'PaymentRefNum', { max: 100, required: account.AccountType === 'Bank' });
		const method = resolveRef(store, 'PaymentMethod', input.PaymentMethodRef, 'PaymentMethodRef');
		return compact({
			...record,
			Balance: 0,
			PaymentType: readEnum(input, 'PaymentType', ['Cash', 'Check', 'CreditCard', 'Other'] as const),
			PaymentMethodRef: method ? outputRef(method) : undefined,
			PaymentRefNum: paymentRefNum,
			DepositToAccountRef: outputRef(account),
		});
	},
};

