/** Item, Account, PaymentMethod, Term and TaxCode: the lists transactions point at. */
import {
	accountTypeMissing,
	businessValidation,
	duplicateName,
	invalidAccountType,
	invalidEnumeration,
	requiredParamMissing,
	unsupportedOperation,
} from './faults';
import {
	compact,
	outputRef,
	readBoolean,
	readDate,
	readEnum,
	readNonNegativeDecimal,
	readString,
	resolveRef,
} from './fields';
import { COMMON_FIELDS, fieldSet, type EntityKind } from './kind';
import { CURRENCY_NAMES, toJsonNumber } from './money';
import type { CompanyStore, EntityName, QboRecord } from './store';

/** Unique Name within one list (6240 as for DisplayName, quickbooks.md §2.6 "unique"); inactive ones count. */
function assertNameFree(store: CompanyStore, entity: EntityName, fullName: string, selfId?: string): void {
	const field = entity === 'Item' || entity === 'Account' ? 'FullyQualifiedName' : 'Name';
	for (const id of store.idsByKey(entity, field, fullName)) if (id !== selfId) throw duplicateName(id);
}

// --- Account ---

type Classification = 'Asset' | 'Equity' | 'Expense' | 'Liability' | 'Revenue';

/** AccountType → classification and sub-types (first sub-type is the default). */
export const ACCOUNT_TYPES: Record<string, { classification: Classification; subTypes: readonly string[] }> = {
	Bank: { classification: 'Asset', subTypes: ['Checking', 'Savings', 'MoneyMarket', 'CashOnHand', 'RentsHeldInTrust', 'TrustAccounts', 'OtherEarmarkedBankAccounts'] },
	'Other Current Asset': {
		classification: 'Asset',
		subTypes: ['OtherCurrentAssets', 'UndepositedFunds', 'Inventory', 'PrepaidExpenses', 'AllowanceForBadDebts', 'DevelopmentCosts', 'EmployeeCashAdvances', 'LoansToOfficers', 'LoansToOthers', 'LoansToStockholders', 'Retainage'],
	},
	'Fixed Asset': { classification: 'Asset', subTypes: ['MachineryAndEquipment', 'FurnitureAndFixtures', 'Vehicles', 'Buildings', 'Land', 'LeaseholdImprovements', 'AccumulatedDepreciation', 'OtherFixedAssets'] },
	'Other Asset': { classification: 'Asset', subTypes: ['OtherLongTermAssets', 'SecurityDeposits', 'Goodwill', 'Licenses', 'AccumulatedAmortizationOfOtherAssets'] },
	'Accounts Receivable': { classification: 'Asset', subTypes: ['AccountsReceivable'] },
	Equity: { classification: 'Equity', subTypes: ['OwnersEquity', 'OpeningBalanceEquity', 'RetainedEarnings', 'PartnersEquity', 'CommonStock', 'PaidInCapitalOrSurplus', 'PartnerContributions', 'PartnerDistributions'] },
	Expense: {
		classification: 'Expense',
		subTypes: ['OtherMiscellaneousServiceCost', 'BankCharges', 'AdvertisingPromotional', 'Auto', 'CostOfLabor', 'DuesSubscriptions', 'EquipmentRental', 'Insurance', 'LegalProfessionalFees', 'OfficeGeneralAdministrativeExpenses', 'RentOrLeaseOfBuildings', 'RepairMaintenance', 'SuppliesMaterials', 'Travel', 'TravelMeals', 'Utilities', 'Entertainment', 'PayrollExpenses', 'TaxesPaid', 'ShippingFreightDelivery'],
	},
	'Other Expense': { classification: 'Expense', subTypes: ['OtherMiscellaneousExpense', 'Depreciation', 'Amortization', 'ExchangeGainOrLoss', 'PenaltiesSettlements', 'Vehicle'] },
	'Cost of Goods Sold': { classification: 'Expense', subTypes: ['SuppliesMaterialsCogs', 'CostOfLaborCos', 'EquipmentRentalCos', 'OtherCostsOfServiceCos', 'ShippingFreightDeliveryCos'] },
	'Accounts Payable': { classification: 'Liability', subTypes: ['AccountsPayable'] },
	'Credit Card': { classification: 'Liability', subTypes: ['CreditCard'] },
	'Long Term Liability': { classification: 'Liability', subTypes: ['OtherLongTermLiabilities', 'NotesPayable', 'ShareholderNotesPayable'] },
	'Other Current Liability': {
		classification: 'Liability',
		subTypes: ['OtherCurrentLiabilities', 'SalesTaxPayable', 'PayrollTaxPayable', 'PayrollClearing', 'LineOfCredit', 'LoanPayable', 'TrustAccountsLiabilities', 'InsurancePayable', 'PrepaidExpensesPayable', 'RentsInTrustLiability'],
	},
	Income: { classification: 'Revenue', subTypes: ['SalesOfProductIncome', 'ServiceFeeIncome', 'DiscountsRefundsGiven', 'OtherPrimaryIncome', 'NonProfitIncome', 'UnappliedCashPaymentIncome'] },
	'Other Income': { classification: 'Revenue', subTypes: ['OtherMiscellaneousIncome', 'InterestEarned', 'DividendIncome', 'OtherInvestmentIncome', 'TaxExemptInterest'] },
};

const ACCOUNT_FIELDS = fieldSet(COMMON_FIELDS, [
	'Name', 'SubAccount', 'ParentRef', 'Description', 'FullyQualifiedName', 'Active', 'Classification', 'AccountType',
	'AccountSubType', 'AcctNum', 'CurrentBalance', 'CurrentBalanceWithSubAccounts', 'CurrencyRef', 'TaxCodeRef',
	'OpeningBalance', 'OpeningBalanceDate', 'AccountAlias', 'TxnLocationType',
]);

export const accountKind: EntityKind = {
	name: 'Account',
	resource: 'account',
	category: 'name',
	fields: ACCOUNT_FIELDS,
	readOnly: fieldSet(['FullyQualifiedName', 'Classification', 'CurrentBalance', 'CurrentBalanceWithSubAccounts']),
	creatable: true,
	deletable: false,
	build(ctx, input) {
		const store = ctx.store;
		// quickbooks.md §2.7: Name required, max 100, no '"' or ':'.
		const name = readString(input, 'Name', { required: true, max: 100, forbidden: '":' })!.trim();
		// quickbooks.md §2.7: AccountType or AccountSubType, else 6010.
		let accountType = input.AccountType as string | undefined;
		let subType = input.AccountSubType as string | undefined;
		if (!accountType && !subType) throw accountTypeMissing();
		if (accountType !== undefined && !(accountType in ACCOUNT_TYPES)) throw invalidEnumeration('AccountType', accountType, Object.keys(ACCOUNT_TYPES));
		if (subType !== undefined) {
			const owner = Object.entries(ACCOUNT_TYPES).find(([, type]) => type.subTypes.includes(subType!));
			if (!owner) throw invalidEnumeration('AccountSubType', subType, Object.values(ACCOUNT_TYPES).flatMap((type) => type.subTypes));
			if (accountType && owner[0] !== accountType) {
				throw businessValidation(`AccountSubType ${subType} does not belong to AccountType ${accountType}.`, 'AccountSubType');
			}
			accountType = owner[0];
		}
		subType ??= ACCOUNT_TYPES[accountType!].subTypes[0];
		const parent = resolveRef(store, 'Account', input.ParentRef, 'ParentRef');
		if (parent && parent.AccountType !== accountType) {
			throw businessValidation('A sub-account must have the same AccountType as its parent.', 'ParentRef');
		}
		const fullName = parent ? `${parent.FullyQualifiedName}:${name}` : name;
		assertNameFree(store, 'Account', fullName, ctx.operation === 'update' ? ctx.id : undefined);
		// The home currency; a foreign-currency bank account needs multicurrency, which this simulator does not model for accounts.
		const currency = store.homeCurrency;
		return compact({
			Name: name,
			SubAccount: Boolean(parent),
			ParentRef: parent ? { value: parent.Id } : undefined,
			Description: readString(input, 'Description', { max: 100 }),
			FullyQualifiedName: fullName,
			Active: readBoolean(input, 'Active') ?? true,
			Classification: ACCOUNT_TYPES[accountType!].classification,
			AccountType: accountType,
			AccountSubType: subType,
			AcctNum: readString(input, 'AcctNum', { max: 20, forbidden: ':' }),
			CurrentBalance: ctx.previous?.CurrentBalance ?? 0,
			CurrentBalanceWithSubAccounts: ctx.previous?.CurrentBalanceWithSubAccounts ?? 0,
			CurrencyRef: { value: currency, name: CURRENCY_NAMES[currency] },
		});
	},
};

/** Accounts a document may deposit into or pay from, by rule of the reference. */
export function requireAccountType(account: QboRecord, element: string, allowed: readonly string[], why: string): void {
	if (!allowed.includes(account.AccountType)) throw invalidAccountType(element, `${account.Name} is a ${account.AccountType} account; ${why}`);
}

// --- Item ---

const ITEM_TYPES = ['Service', 'NonInventory', 'Inventory'] as const;

const ITEM_FIELDS = fieldSet(COMMON_FIELDS, [
	'Name', 'Description', 'Active', 'SubItem', 'ParentRef', 'Level', 'FullyQualifiedName', 'Taxable', 'SalesTaxIncluded',
	'UnitPrice', 'Type', 'IncomeAccountRef', 'PurchaseDesc', 'PurchaseTaxIncluded', 'PurchaseCost', 'ExpenseAccountRef',
	'AssetAccountRef', 'TrackQtyOnHand', 'QtyOnHand', 'InvStartDate', 'Sku', 'SalesTaxCodeRef', 'PurchaseTaxCodeRef',
	'ClassRef', 'ItemCategoryType', 'PrefVendorRef', 'ReorderPoint', 'AbatementRate', 'ReverseChargeRate', 'ServiceType',
	'TaxClassificationRef', 'Source',
]);

/** Accounts an item may post to: anything but A/R and A/P (quickbooks.md §2.6: 6430 "Invalid account type"). */
const RECEIVABLE_OR_PAYABLE = ['Accounts Receivable', 'Accounts Payable'];

export const itemKind: EntityKind = {
	name: 'Item',
	resource: 'item',
	category: 'name',
	fields: ITEM_FIELDS,
	readOnly: fieldSet(['FullyQualifiedName', 'Level']),
	creatable: true,
	deletable: false,
	build(ctx, input) {
		const store = ctx.store;
		// quickbooks.md §2.6: Name required, max 100, unique; Type required with mv ≥ 4.
		const name = readString(input, 'Name', { required: true, max: 100, forbidden: ':' })!.trim();
		const type = readEnum(input, 'Type', ITEM_TYPES, true)!;
		const parent = resolveRef(store, 'Item', input.ParentRef, 'ParentRef');
		const level = parent ? Number(parent.Level ?? 0) + 1 : 0;
		// quickbooks.md §2.6: hierarchy up to 5 levels (6180).
		if (level > 4) throw businessValidation('Items can nest up to 5 levels.', 'ParentRef');
		const fullName = parent ? `${parent.FullyQualifiedName}:${name}` : name;
		assertNameFree(store, 'Item', fullName, ctx.operation === 'update' ? ctx.id : undefined);

		const income = resolveRef(store, 'Account', input.IncomeAccountRef, 'IncomeAccountRef');
		const expense = resolveRef(store, 'Account', input.ExpenseAccountRef, 'ExpenseAccountRef');
		const asset = resolveRef(store, 'Account', input.AssetAccountRef, 'AssetAccountRef');
		// quickbooks.md §2.6: IncomeAccountRef required for Inventory and Service.
		if ((type === 'Service' || type === 'Inventory') && !income) throw requiredParamMissing('IncomeAccountRef');
		if (type === 'NonInventory' && !income && !expense) throw requiredParamMissing('IncomeAccountRef');
		if (income && RECEIVABLE_OR_PAYABLE.includes(income.AccountType)) {
			throw invalidAccountType('IncomeAccountRef', `${income.Name} is ${income.AccountType}; use an income account.`);
		}
		if (expense && RECEIVABLE_OR_PAYABLE.includes(expense.AccountType)) {
			throw invalidAccountType('ExpenseAccountRef', `${expense.Name} is ${expense.AccountType}; use an expense account.`);
		}
		let inventory: QboRecord = {};
		if (type === 'Inventory') {
			// quickbooks.md §2.6: Inventory needs AssetAccountRef, QtyOnHand, InvStartDate, TrackQtyOnHand; COGS expense account.
			if (!asset) throw requiredParamMissing('AssetAccountRef');
			if (input.QtyOnHand === undefined) throw requiredParamMissing('QtyOnHand');
			if (input.InvStartDate === undefined) throw requiredParamMissing('InvStartDate');
			if (input.TrackQtyOnHand === undefined) throw requiredParamMissing('TrackQtyOnHand');
			if (!expense) throw requiredParamMissing('ExpenseAccountRef');
			if (expense.AccountType !== 'Cost of Goods Sold') {
				throw invalidAccountType('ExpenseAccountRef', `${expense.Name} is ${expense.AccountType}; inventory items need a Cost of Goods Sold account.`);
			}
			if (asset.AccountType !== 'Other Current Asset') {
				throw invalidAccountType('AssetAccountRef', `${asset.Name} is ${asset.AccountType}; use an Other Current Asset account.`);
			}
			inventory = {
				TrackQtyOnHand: readBoolean(input, 'TrackQtyOnHand'),
				QtyOnHand: toJsonNumber(readNonNegativeDecimal(input.QtyOnHand, 'QtyOnHand')!),
				InvStartDate: readDate(input, 'InvStartDate'),
				AssetAccountRef: outputRef(asset),
			};
		}
		const unitPrice = readNonNegativeDecimal(input.UnitPrice, 'UnitPrice');
		const purchaseCost = readNonNegativeDecimal(input.PurchaseCost, 'PurchaseCost');
		return compact({
			Name: name,
			Description: readString(input, 'Description', { max: 4000 }),
			Active: readBoolean(input, 'Active') ?? true,
			SubItem: Boolean(parent),
			ParentRef: parent ? outputRef(parent) : undefined,
			Level: parent ? level : undefined,
			FullyQualifiedName: fullName,
			Taxable: readBoolean(input, 'Taxable') ?? false,
			SalesTaxIncluded: readBoolean(input, 'SalesTaxIncluded') ?? false,
			UnitPrice: unitPrice ? toJsonNumber(unitPrice) : 0,
			Type: type,
			IncomeAccountRef: income ? outputRef(income) : undefined,
			PurchaseDesc: readString(input, 'PurchaseDesc', { max: 1000 }),
			PurchaseTaxIncluded: readBoolean(input, 'PurchaseTaxIncluded') ?? false,
			PurchaseCost: purchaseCost ? toJsonNumber(purchaseCost) : 0,
			ExpenseAccountRef: expense ? outputRef(expense) : undefined,
			TrackQtyOnHand: false,
			...inventory,
			Sku: readString(input, 'Sku', { max: 100 }),
		});
	},
};

// --- PaymentMethod ---

export const paymentMethodKind: EntityKind = {
	name: 'PaymentMethod',
	resource: 'paymentmethod',
	category: 'name',
	fields: fieldSet(COMMON_FIELDS, ['Name', 'Active', 'Type']),
	readOnly: fieldSet([]),
	creatable: true,
	deletable: false,
	build(ctx, input) {
		const name = readString(input, 'Name', { required: true, max: 31 })!.trim();
		assertNameFree(ctx.store, 'PaymentMethod', name, ctx.operation === 'update' ? ctx.id : undefined);
		return {
			Name: name,
			Active: readBoolean(input, 'Active') ?? true,
			Type: readEnum(input, 'Type', ['CREDIT_CARD', 'NON_CREDIT_CARD'] as const) ?? 'NON_CREDIT_CARD',
		};
	},
};

// --- Term ---

export const termKind: EntityKind = {
	name: 'Term',
	resource: 'term',
	category: 'name',
	fields: fieldSet(COMMON_FIELDS, ['Name', 'Active', 'Type', 'DueDays', 'DiscountPercent', 'DiscountDays', 'DayOfMonthDue', 'DueNextMonthDays', 'DiscountDayOfMonth']),
	readOnly: fieldSet([]),
	creatable: true,
	deletable: false,
	// quickbooks.md §1.5: a sparse Term update must still carry Name (2020 otherwise).
	sparseMustRepeat: ['Name'],
	build(ctx, input) {
		const name = readString(input, 'Name', { required: true, max: 31 })!.trim();
		assertNameFree(ctx.store, 'Term', name, ctx.operation === 'update' ? ctx.id : undefined);
		const type = readEnum(input, 'Type', ['STANDARD', 'DATE_DRIVEN'] as const) ?? 'STANDARD';
		const dueDays = readNonNegativeDecimal(input.DueDays, 'DueDays');
		if (dueDays && dueDays.scale > 0) throw invalidEnumeration('DueDays', input.DueDays, ['whole days']);
		const record: QboRecord = { Name: name, Active: readBoolean(input, 'Active') ?? true, Type: type };
		if (type === 'STANDARD') record.DueDays = dueDays ? Number(toJsonNumber(dueDays)) : 0;
		for (const field of ['DiscountPercent', 'DiscountDays', 'DayOfMonthDue', 'DueNextMonthDays', 'DiscountDayOfMonth']) {
			const value = readNonNegativeDecimal(input[field], field);
			if (value) record[field] = toJsonNumber(value);
		}
		return record;
	},
};

// --- TaxCode (read-only through the accounting API: codes come from the TaxService / AST, quickbooks.md §10) ---

export const taxCodeKind: EntityKind = {
	name: 'TaxCode',
	resource: 'taxcode',
	category: 'tax',
	fields: fieldSet(COMMON_FIELDS, ['Name', 'Description', 'Active', 'Hidden', 'Taxable', 'TaxGroup', 'SalesTaxRateList', 'PurchaseTaxRateList']),
	readOnly: fieldSet([]),
	creatable: false,
	deletable: false,
	build() {
		throw unsupportedOperation('Create/Update of TaxCode (use the TaxService endpoint)');
	},
};
