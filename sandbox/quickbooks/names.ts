/** Customer, Vendor and Employee: the "names" whose DisplayName QBO keeps unique across all three. */
import {
	businessValidation,
	duplicateName,
	featureNotSupported,
	invalidCurrency,
	noNameProvided,
	requiredParamMissing,
} from './faults';
import {
	compact,
	isBlank,
	isObject,
	pickObjects,
	readBoolean,
	readDate,
	readEmail,
	readEnum,
	readString,
	refId,
	resolveRef,
} from './fields';
import { COMMON_FIELDS, fieldSet, type EntityKind, type WriteContext } from './kind';
import { add, CURRENCY_NAMES, isKnownCurrency, parseDecimal, subtract, toJsonNumber, ZERO, type Decimal } from './money';
import type { CompanyStore, EntityName, QboRecord } from './store';

const NAME_PART_FIELDS = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'] as const;
const CONTACT_FIELDS = ['PrimaryPhone', 'Mobile', 'Fax', 'AlternatePhone', 'WebAddr', 'OtherAddr'] as const;

const PERSON_FIELDS = [
	...COMMON_FIELDS,
	...NAME_PART_FIELDS,
	...CONTACT_FIELDS,
	'DisplayName', 'FullyQualifiedName', 'CompanyName', 'PrintOnCheckName', 'Active', 'PrimaryEmailAddr',
	'BillAddr', 'ShipAddr', 'Notes', 'CurrencyRef', 'Balance', 'V4IDPseudonym', 'Source',
] as const;

export const DISPLAY_NAME_OWNERS: readonly EntityName[] = ['Customer', 'Vendor', 'Employee'];

/**
 * quickbooks.md §2.5: DisplayName is unique across Customer, Vendor and Employee → 6240. Compared
 * trimmed, inactive names included (stricter reading: the reference does not say whether inactive records
 * matter), and with or without case as settings.caseSensitiveNames says (§15.2: UNVERIFIED, and queries
 * follow the same switch).
 */
export function assertDisplayNameFree(store: CompanyStore, displayName: string, self?: { entity: EntityName; id: string }): void {
	for (const entity of DISPLAY_NAME_OWNERS) {
		for (const id of store.idsByKey(entity, 'DisplayName', displayName)) {
			if (self && self.entity === entity && self.id === id) continue;
			throw duplicateName(id);
		}
	}
}

/** DisplayName as sent, or built from the name parts (quickbooks.md §2.5); 6080 when there is nothing. */
function displayNameOf(input: QboRecord): string {
	const sent = readString(input, 'DisplayName', { max: 500, forbidden: ':\t\n' });
	if (!isBlank(sent)) return sent!.trim();
	const parts = NAME_PART_FIELDS.map((field) => readString(input, field, { max: 100 })).filter((part) => !isBlank(part));
	if (parts.length === 0) throw noNameProvided();
	const built = parts.map((part) => part!.trim()).join(' ');
	if (built.includes(':')) throw noNameProvided();
	return built;
}

/**
 * quickbooks.md §2.5 and §10.1: a customer's currency is set once (default: home currency) and cannot
 * change; a foreign currency needs multicurrency on.
 */
function currencyOf(ctx: WriteContext, input: QboRecord, entity: EntityName): QboRecord {
	const store = ctx.store;
	const previousCode: string | undefined = ctx.previous?.CurrencyRef?.value;
	const sentCode = input.CurrencyRef === undefined || input.CurrencyRef === null ? undefined : refId(input.CurrencyRef, 'CurrencyRef');
	if (previousCode) {
		if (sentCode && sentCode !== previousCode) {
			throw businessValidation(`The currency of ${entity} ${ctx.id} is ${previousCode} and can't be changed to ${sentCode}.`, 'CurrencyRef');
		}
		return { value: previousCode, name: CURRENCY_NAMES[previousCode] };
	}
	const code = sentCode ?? store.homeCurrency;
	if (!isKnownCurrency(code)) throw invalidCurrency('CurrencyRef', code);
	if (code !== store.homeCurrency && !store.multicurrencyEnabled) {
		throw featureNotSupported(`Multicurrency is not enabled for this company; ${entity} currency must be ${store.homeCurrency}.`);
	}
	return { value: code, name: CURRENCY_NAMES[code] };
}

function personBase(ctx: WriteContext, input: QboRecord, entity: EntityName): QboRecord {
	const displayName = displayNameOf(input);
	assertDisplayNameFree(ctx.store, displayName, ctx.operation === 'update' ? { entity, id: ctx.id } : undefined);
	const record: QboRecord = {
		Title: readString(input, 'Title', { max: 16 }),
		GivenName: readString(input, 'GivenName', { max: 100 }),
		MiddleName: readString(input, 'MiddleName', { max: 100 }),
		FamilyName: readString(input, 'FamilyName', { max: 100 }),
		Suffix: readString(input, 'Suffix', { max: 16 }),
		DisplayName: displayName,
		FullyQualifiedName: displayName,
		CompanyName: readString(input, 'CompanyName', { max: 100 }),
		PrintOnCheckName: readString(input, 'PrintOnCheckName', { max: 110 }) ?? displayName.slice(0, 110),
		Active: readBoolean(input, 'Active') ?? true,
		PrimaryEmailAddr: readEmail(input, 'PrimaryEmailAddr'),
		...pickObjects(input, [...CONTACT_FIELDS, 'BillAddr', 'ShipAddr']),
		Notes: readString(input, 'Notes', { max: 2000 }),
	};
	return record;
}

// --- Customer ---

const CUSTOMER_FIELDS = fieldSet(PERSON_FIELDS, [
	'Taxable', 'DefaultTaxCodeRef', 'SalesTermRef', 'PaymentMethodRef', 'PreferredDeliveryMethod', 'ParentRef', 'Job',
	'BillWithParent', 'Level', 'BalanceWithJobs', 'OpenBalanceDate', 'ResaleNum', 'TaxExemptionReasonId',
	'PrimaryTaxIdentifier', 'SecondaryTaxIdentifier', 'ARAccountRef', 'IsProject', 'ClientEntityId', 'CustomerTypeRef',
	'GSTIN', 'BusinessNumber', 'GSTRegistrationType', 'TaxRegistrationNumber', 'CompanyEmailAddr', 'AcctNum',
]);

export const customerKind: EntityKind = {
	name: 'Customer',
	resource: 'customer',
	category: 'name',
	fields: CUSTOMER_FIELDS,
	readOnly: fieldSet(['FullyQualifiedName', 'Balance', 'BalanceWithJobs', 'Level', 'V4IDPseudonym']),
	creatable: true,
	deletable: false,
	build(ctx, input) {
		const store = ctx.store;
		const record = personBase(ctx, input, 'Customer');
		const parent = resolveRef(store, 'Customer', input.ParentRef, 'ParentRef');
		if (parent?.Id === ctx.id) throw businessValidation('A customer cannot be its own parent.', 'ParentRef');
		const job = readBoolean(input, 'Job') ?? Boolean(parent);
		if (job && !parent) throw requiredParamMissing('ParentRef');
		const level = parent ? Number(parent.Level ?? 0) + 1 : 0;
		// quickbooks.md §5.3 6180 (sub-customers nest at most 5 levels).
		if (level > 5) throw businessValidation('Sub-customers can nest up to 5 levels.', 'ParentRef');
		const taxCode = input.DefaultTaxCodeRef ? resolveRef(store, 'TaxCode', input.DefaultTaxCodeRef, 'DefaultTaxCodeRef') : undefined;
		const term = resolveRef(store, 'Term', input.SalesTermRef, 'SalesTermRef');
		const method = resolveRef(store, 'PaymentMethod', input.PaymentMethodRef, 'PaymentMethodRef');
		return compact({
			...record,
			FullyQualifiedName: parent ? `${parent.FullyQualifiedName}:${record.DisplayName}` : record.DisplayName,
			Taxable: readBoolean(input, 'Taxable') ?? false,
			DefaultTaxCodeRef: taxCode ? { value: taxCode.Id } : undefined,
			SalesTermRef: term ? { value: term.Id } : undefined,
			PaymentMethodRef: method ? { value: method.Id } : undefined,
			PreferredDeliveryMethod: readEnum(input, 'PreferredDeliveryMethod', ['Print', 'Email', 'None'] as const) ?? 'Print',
			ParentRef: parent ? { value: parent.Id } : undefined,
			Job: job,
			Level: parent ? level : undefined,
			BillWithParent: readBoolean(input, 'BillWithParent') ?? false,
			ResaleNum: readString(input, 'ResaleNum', { max: 16 }),
			AcctNum: readString(input, 'AcctNum', { max: 100, forbidden: ':' }),
			CurrencyRef: currencyOf(ctx, input, 'Customer'),
			Balance: ctx.previous?.Balance ?? 0,
			BalanceWithJobs: ctx.previous?.BalanceWithJobs ?? 0,
			IsProject: false,
			ClientEntityId: '0',
			V4IDPseudonym: ctx.previous?.V4IDPseudonym ?? pseudonym(ctx.store.realmId, 'Customer', ctx.id),
		});
	},
};

/**
 * Customer.Balance: what the customer owes, i.e. open invoice balances less open credit memos and
 * unapplied payments, in the customer's currency.
 */
export function recomputeCustomerBalance(store: CompanyStore, customerId: string | undefined): void {
	if (!customerId) return;
	const customer = store.find('Customer', customerId);
	if (!customer) return;
	let balance: Decimal = ZERO;
	for (const key of store.customerTransactions.get(customerId) ?? []) {
		const [entity, id] = key.split(':') as [EntityName, string];
		const txn = store.find(entity, id);
		if (!txn) continue;
		if (entity === 'Invoice') balance = add(balance, parseDecimal(txn.Balance ?? 0)!);
		if (entity === 'CreditMemo') balance = subtract(balance, parseDecimal(txn.Balance ?? 0)!);
		if (entity === 'Payment') balance = subtract(balance, parseDecimal(txn.UnappliedAmt ?? 0)!);
	}
	customer.Balance = toJsonNumber(balance);
	customer.BalanceWithJobs = customer.Balance;
}

// --- Vendor ---

const VENDOR_FIELDS = fieldSet(PERSON_FIELDS, [
	'Vendor1099', 'TermRef', 'AcctNum', 'TaxIdentifier', 'BillRate', 'CostRate', 'APAccountRef', 'T4AEligible',
	'T5018Eligible', 'HasTPAR', 'TaxReportingBasis', 'GSTIN', 'BusinessNumber', 'GSTRegistrationType',
	'VendorPaymentBankDetail', 'OtherContactInfo',
]);

export const vendorKind: EntityKind = {
	name: 'Vendor',
	resource: 'vendor',
	category: 'name',
	fields: VENDOR_FIELDS,
	readOnly: fieldSet(['FullyQualifiedName', 'Balance', 'V4IDPseudonym']),
	creatable: true,
	deletable: false,
	build(ctx, input) {
		const record = personBase(ctx, input, 'Vendor');
		const term = resolveRef(ctx.store, 'Term', input.TermRef, 'TermRef');
		// quickbooks.md §2.7: AcctNum cannot contain ':'.
		const acctNum = readString(input, 'AcctNum', { max: 100, forbidden: ':' });
		return compact({
			...record,
			Vendor1099: readBoolean(input, 'Vendor1099') ?? false,
			TermRef: term ? { value: term.Id } : undefined,
			AcctNum: acctNum,
			TaxIdentifier: readString(input, 'TaxIdentifier', { max: 20 }),
			CurrencyRef: currencyOf(ctx, input, 'Vendor'),
			Balance: ctx.previous?.Balance ?? 0,
			V4IDPseudonym: ctx.previous?.V4IDPseudonym ?? pseudonym(ctx.store.realmId, 'Vendor', ctx.id),
		});
	},
};

// --- Employee (present so DisplayName uniqueness can be exercised; quickbooks.md §2.5) ---

const EMPLOYEE_FIELDS = fieldSet(PERSON_FIELDS, [
	'PrimaryAddr', 'EmployeeNumber', 'SSN', 'BillableTime', 'BillRate', 'BirthDate', 'Gender', 'HiredDate',
	'ReleasedDate', 'CostRate', 'Organization',
]);

export const employeeKind: EntityKind = {
	name: 'Employee',
	resource: 'employee',
	category: 'name',
	fields: EMPLOYEE_FIELDS,
	readOnly: fieldSet(['FullyQualifiedName', 'V4IDPseudonym']),
	creatable: true,
	deletable: false,
	build(ctx, input) {
		const record = personBase(ctx, input, 'Employee');
		if (isObject(input.PrimaryAddr)) record.PrimaryAddr = input.PrimaryAddr;
		delete record.FullyQualifiedName;
		return compact({
			...record,
			EmployeeNumber: readString(input, 'EmployeeNumber', { max: 100 }),
			BillableTime: readBoolean(input, 'BillableTime') ?? false,
			HiredDate: readDate(input, 'HiredDate'),
			ReleasedDate: readDate(input, 'ReleasedDate'),
			V4IDPseudonym: ctx.previous?.V4IDPseudonym ?? pseudonym(ctx.store.realmId, 'Employee', ctx.id),
		});
	},
};

/** A stable opaque id like the one QBO prints (deterministic so seeded companies compare equal). */
function pseudonym(realmId: string, entity: string, id: string): string {
	let hash = 2166136261;
	for (const character of `${realmId}:${entity}:${id}`) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
	return `00209${hash.toString(16).padStart(8, '0')}${id.padStart(6, '0')}`;
}

