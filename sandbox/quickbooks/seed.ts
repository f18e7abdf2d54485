/**
 * The deterministic default company (same ids and names on every reset) and a seeded generator of
 * bulk data for demos and benchmarks. Everything goes through the service, so seeded records obey
 * the same rules as records a test creates.
 */
import { kindOf } from './entities';
import { CURRENCY_NAMES } from './money';
import { QuickBooksService } from './service';
import type { CompanyStore, Country, QboRecord } from './store';

/** Fixed creation time of the default company's records, so two resets compare equal. */
export const SEED_TIME = '2026-01-05T09:00:00-07:00';

interface CountryProfile {
	currency: string;
	alpha3: string;
	companyName: string;
	address: QboRecord;
	/** Non-US tax codes: [id, name, rate percent, taxable]. */
	taxCodes: [string, string, string, boolean][];
}

const PROFILES: Record<Country, CountryProfile> = {
	US: {
		currency: 'USD',
		alpha3: 'USA',
		companyName: 'Sandbox Company US 1',
		address: { Line1: '123 Sierra Way', City: 'San Pablo', CountrySubDivisionCode: 'CA', PostalCode: '87999', Country: 'USA' },
		taxCodes: [],
	},
	GB: {
		currency: 'GBP',
		alpha3: 'GBR',
		companyName: 'Sandbox Company GB 1',
		address: { Line1: '1 Market Street', City: 'London', PostalCode: 'EC1A 1AA', Country: 'GBR' },
		taxCodes: [['1', '20.0% S', '20', true], ['2', '5.0% R', '5', true], ['3', '0.0% Z', '0', true], ['4', 'Exempt', '0', false], ['5', 'No VAT', '0', false]],
	},
	CA: {
		currency: 'CAD',
		alpha3: 'CAN',
		companyName: 'Sandbox Company CA 1',
		address: { Line1: '100 King Street W', City: 'Toronto', CountrySubDivisionCode: 'ON', PostalCode: 'M5X 1A9', Country: 'CAN' },
		taxCodes: [['1', 'GST', '5', true], ['2', 'HST ON', '13', true], ['3', 'Zero-rated', '0', true], ['4', 'Exempt', '0', false]],
	},
	AU: {
		currency: 'AUD',
		alpha3: 'AUS',
		companyName: 'Sandbox Company AU 1',
		address: { Line1: '1 George Street', City: 'Sydney', CountrySubDivisionCode: 'NSW', PostalCode: '2000', Country: 'AUS' },
		taxCodes: [['1', 'GST', '10', true], ['2', 'GST free', '0', true], ['3', 'Input taxed', '0', false]],
	},
};

/** The string custom fields of sales forms (quickbooks.md §2.1.2: only the first three are in the API). */
export const CUSTOM_FIELD_NAMES = ['PO Number', 'Sales Rep', 'Crew #'] as const;

/** Names and ids of the default company, for tests and the demo. */
export const DEFAULT_COMPANY = {
	accounts: {
		checking: '1', undepositedFunds: '2', accountsReceivable: '3', inventoryAsset: '4', businessCard: '5', accountsPayable: '6',
		salesTaxPayable: '7', openingBalanceEquity: '8', sales: '9', services: '10', discountsGiven: '11', costOfGoodsSold: '12',
		merchantFees: '13', bankCharges: '14', refunds: '15',
	},
	items: { services: '1', shippingFee: '2', salesTaxCollected: '3', consultingHours: '4', softwareLicense: '5', processingFee: '6', legacyPlan: '7' },
	vendors: { stripe: '1', hubspotPayments: '2' },
	customers: { obrienAndSons: '1', acme: '2', globex: '3', initech: '4', dormant: '5' },
	employees: { emilyPlatt: '1' },
	paymentMethods: { cash: '1', check: '2', visa: '3', mastercard: '4', americanExpress: '5', discover: '6', ach: '7' },
	terms: { dueOnReceipt: '1', net15: '2', net30: '3', net60: '4' },
	/** Present only with multicurrency on. */
	foreignCustomers: { eur: '6', jpy: '7', kwd: '8' },
} as const;

export interface CompanyOptions {
	country: Country;
	multicurrency: boolean;
}

function preferences(options: CompanyOptions, profile: CountryProfile): QboRecord {
	const customFieldGroup = (index: number) => `SalesFormsPrefs.SalesCustomName${index}`;
	return {
		AccountingInfoPrefs: { TrackDepartments: false, ClassTrackingPerTxn: false, ClassTrackingPerTxnLine: false, CustomerTerminology: 'Customers' },
		ProductAndServicesPrefs: { ForSales: true, ForPurchase: true, QuantityWithPriceAndRate: true, QuantityOnHand: true },
		// Shape as QBO prints it (and n8n reads it): CustomField[0] holds the Use flags, CustomField[1] the names.
		SalesFormsPrefs: {
			CustomField: [
				{ CustomField: [1, 2, 3].map((index) => ({ Name: `SalesFormsPrefs.UseSalesCustom${index}`, Type: 'BooleanType', BooleanValue: true })) },
				{ CustomField: CUSTOM_FIELD_NAMES.map((name, index) => ({ Name: customFieldGroup(index + 1), Type: 'StringType', StringValue: name })) },
			],
			CustomTxnNumbers: true,
			AllowDeposit: false,
			AllowDiscount: true,
			DefaultDiscountAccount: DEFAULT_COMPANY.accounts.discountsGiven,
			AllowEstimates: true,
			ETransactionEnabledStatus: 'NotApplicable',
			ETransactionAttachPDF: false,
			ETransactionPaymentEnabled: false,
			IPNSupportEnabled: false,
			AllowServiceDate: true,
			AllowShipping: false,
			AllowGratuity: false,
			DefaultTerms: { value: DEFAULT_COMPANY.terms.net30 },
			EmailCopyToCompany: false,
			UsingPriceLevels: false,
			UsingProgressInvoicing: false,
			AutoApplyCredit: true,
			AutoApplyPayments: true,
			PrintItemWithZeroAmount: true,
		},
		EmailMessagesPrefs: { InvoiceMessage: { Subject: 'Invoice from ${companyName}', Message: 'Your invoice is attached.' } },
		VendorAndPurchasesPrefs: { TrackingByCustomer: true, BillableExpenseTracking: true, POCustomField: [] },
		TimeTrackingPrefs: { UseServices: true, BillCustomers: true, ShowBillRateToAll: false, WorkWeekStartDate: 'Monday', MarkTimeEntriesBillable: true },
		TaxPrefs: options.country === 'US'
			? { UsingSalesTax: true, PartnerTaxEnabled: true, TaxGroupCodeRef: { value: '2' } }
			: { UsingSalesTax: true, PartnerTaxEnabled: false },
		CurrencyPrefs: { MultiCurrencyEnabled: options.multicurrency, HomeCurrency: { value: profile.currency } },
		ReportPrefs: { ReportBasis: 'Accrual', CalcAgingReportFromTxnDate: false },
		OtherPrefs: { NameValue: [{ Name: 'SalesFormsPrefs.DefaultCustomerMessage', Value: 'Thank you for your business.' }] },
	};
}

/** Empties the books and writes the default company. */
export function seedDefaultCompany(store: CompanyStore, options: CompanyOptions): void {
	store.clear();
	store.country = options.country;
	const profile = PROFILES[options.country];
	const service = new QuickBooksService(store);
	const envelope = (id: string): QboRecord => ({ domain: 'QBO', sparse: false, Id: id, SyncToken: '0', MetaData: { CreateTime: SEED_TIME, LastUpdatedTime: SEED_TIME } });

	store.put('Preferences', { ...preferences(options, profile), ...envelope('1') });
	store.put('CompanyInfo', {
		CompanyName: profile.companyName,
		LegalName: `${profile.companyName} Ltd`,
		CompanyAddr: profile.address,
		CustomerCommunicationAddr: profile.address,
		LegalAddr: profile.address,
		CustomerCommunicationEmailAddr: { Address: 'billing@sandbox-company.example' },
		PrimaryPhone: { FreeFormNumber: '(650) 555-0100' },
		CompanyStartDate: '2026-01-05',
		FiscalYearStartMonth: 'January',
		Country: options.country,
		Email: { Address: 'owner@sandbox-company.example' },
		WebAddr: { URI: 'https://sandbox-company.example' },
		SupportedLanguages: 'en',
		NameValue: [{ Name: 'NeoEnabled', Value: 'true' }, { Name: 'IsQbdtMigrated', Value: 'false' }, { Name: 'SubscriptionStatus', Value: 'SUBSCRIBED' }, { Name: 'OfferingSku', Value: 'QuickBooks Online Plus' }],
		...envelope('1'),
	});

	if (options.country === 'US') {
		// quickbooks.md §10.2: US lines use the pseudo codes TAX and NON.
		store.put('TaxCode', { Name: 'TAX', Description: 'TAX', Active: true, Hidden: false, Taxable: true, TaxGroup: false, ...envelope('TAX') });
		store.put('TaxCode', { Name: 'NON', Description: 'NON', Active: true, Hidden: false, Taxable: false, TaxGroup: false, ...envelope('NON') });
	} else {
		for (const [id, name, rate, taxable] of profile.taxCodes) {
			store.put('TaxCode', {
				Name: name,
				Description: name,
				Active: true,
				Hidden: false,
				Taxable: taxable,
				TaxGroup: false,
				SalesTaxRateList: { TaxRateDetail: [{ TaxRateRef: { value: id, name }, TaxTypeApplicable: 'TaxOnAmount', TaxOrder: 0 }] },
				PurchaseTaxRateList: { TaxRateDetail: [] },
				...envelope(id),
			});
			store.taxRatePercents.set(id, rate);
		}
	}

	const create = (entity: Parameters<typeof kindOf>[0], body: QboRecord) => service.create(kindOf(entity), body, new Set());
	const accounts: [string, string, string][] = [
		['Checking', 'Bank', 'Checking'],
		['Undeposited Funds', 'Other Current Asset', 'UndepositedFunds'],
		['Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable'],
		['Inventory Asset', 'Other Current Asset', 'Inventory'],
		['Business Card', 'Credit Card', 'CreditCard'],
		['Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable'],
		['Sales tax payable', 'Other Current Liability', 'SalesTaxPayable'],
		['Opening Balance Equity', 'Equity', 'OpeningBalanceEquity'],
		['Sales', 'Income', 'SalesOfProductIncome'],
		['Services', 'Income', 'ServiceFeeIncome'],
		['Discounts given', 'Income', 'DiscountsRefundsGiven'],
		['Cost of Goods Sold', 'Cost of Goods Sold', 'SuppliesMaterialsCogs'],
		['Merchant fees', 'Expense', 'BankCharges'],
		['Bank charges', 'Expense', 'BankCharges'],
		['Refunds given', 'Income', 'DiscountsRefundsGiven'],
	];
	for (const [Name, AccountType, AccountSubType] of accounts) create('Account', { Name, AccountType, AccountSubType });

	const { accounts: account } = DEFAULT_COMPANY;
	const items: QboRecord[] = [
		{ Name: 'Services', Type: 'Service', IncomeAccountRef: { value: account.services }, Sku: 'SVC-001', Description: 'Professional services' },
		{ Name: 'Shipping fee', Type: 'Service', IncomeAccountRef: { value: account.sales }, Sku: 'SHIP-001', Description: 'Shipping and handling' },
		{ Name: 'Sales tax collected', Type: 'Service', IncomeAccountRef: { value: account.salesTaxPayable }, Sku: 'TAX-001', Description: 'Sales tax collected on behalf of the state' },
		{ Name: 'Consulting hours', Type: 'Service', IncomeAccountRef: { value: account.services }, UnitPrice: 150, Sku: 'CONS-HR', Description: 'Consulting, per hour' },
		{ Name: 'Software license', Type: 'NonInventory', IncomeAccountRef: { value: account.sales }, UnitPrice: 499.99, Sku: 'LIC-STD', Taxable: true, Description: 'Standard license, 1 year' },
		{ Name: 'Processing fee', Type: 'Service', IncomeAccountRef: { value: account.sales }, Sku: 'FEE-001', Description: 'Payment processing fee' },
		{ Name: 'Legacy plan', Type: 'Service', IncomeAccountRef: { value: account.sales }, Sku: 'OLD-001', Active: false },
	];
	for (const item of items) create('Item', item);

	for (const [Name, Type] of [['Cash', 'NON_CREDIT_CARD'], ['Check', 'NON_CREDIT_CARD'], ['Visa', 'CREDIT_CARD'], ['MasterCard', 'CREDIT_CARD'], ['American Express', 'CREDIT_CARD'], ['Discover', 'CREDIT_CARD'], ['ACH', 'NON_CREDIT_CARD']]) {
		create('PaymentMethod', { Name, Type });
	}
	for (const [Name, DueDays] of [['Due on receipt', 0], ['Net 15', 15], ['Net 30', 30], ['Net 60', 60]] as const) create('Term', { Name, DueDays });

	create('Vendor', { DisplayName: 'Stripe', CompanyName: 'Stripe, Inc.', PrimaryEmailAddr: { Address: 'support@stripe.example' } });
	create('Vendor', { DisplayName: 'HubSpot Payments', CompanyName: 'HubSpot, Inc.', PrimaryEmailAddr: { Address: 'payments@hubspot.example' } });
	create('Employee', { GivenName: 'Emily', FamilyName: 'Platt', DisplayName: 'Emily Platt' });

	const address = (Line1: string, City: string, CountrySubDivisionCode: string, PostalCode: string) => ({ Line1, City, CountrySubDivisionCode, PostalCode, Country: 'USA' });
	create('Customer', {
		DisplayName: "O'Brien & Sons", CompanyName: "O'Brien & Sons", GivenName: 'Liam', FamilyName: "O'Brien",
		PrimaryEmailAddr: { Address: 'billing@obrien-sons.example' }, BillAddr: address('12 Harbor Road', 'Boston', 'MA', '02110'),
	});
	create('Customer', {
		DisplayName: 'Acme Corporation', CompanyName: 'Acme Corporation', PrimaryEmailAddr: { Address: 'ap@acme.example' },
		BillAddr: address('1 Road Runner Way', 'Phoenix', 'AZ', '85001'), SalesTermRef: { value: DEFAULT_COMPANY.terms.net15 },
	});
	create('Customer', { DisplayName: 'Globex Ltd', CompanyName: 'Globex Ltd', PrimaryEmailAddr: { Address: 'finance@globex.example' } });
	create('Customer', { DisplayName: 'Initech LLC', CompanyName: 'Initech LLC', PrimaryEmailAddr: { Address: 'accounts@initech.example' }, Taxable: true });
	create('Customer', { DisplayName: 'Dormant Client', CompanyName: 'Dormant Client', Active: false });
	if (options.multicurrency) {
		create('Customer', { DisplayName: 'Müller GmbH', CompanyName: 'Müller GmbH', CurrencyRef: { value: 'EUR' }, PrimaryEmailAddr: { Address: 'buchhaltung@mueller.example' } });
		create('Customer', { DisplayName: 'Tanaka KK', CompanyName: 'Tanaka KK', CurrencyRef: { value: 'JPY' } });
		create('Customer', { DisplayName: 'Gulf Trading Co', CompanyName: 'Gulf Trading Co', CurrencyRef: { value: 'KWD' } });
	}

	for (const entity of ['Account', 'Item', 'PaymentMethod', 'Term', 'Vendor', 'Employee', 'Customer'] as const) {
		for (const record of store.table(entity).values()) record.MetaData = { CreateTime: SEED_TIME, LastUpdatedTime: SEED_TIME };
	}
}

// --- bulk generator ---

export interface SeedRequest {
	customers?: number;
	invoices?: number;
	/** Share of invoices that get a payment (0..1); every third paid invoice is paid in part. */
	paidShare?: number;
	/** Currencies to spread customers over (needs multicurrency for anything but the home currency). */
	currencies?: string[];
	seed?: number;
	/** DocNumber prefix of generated invoices. */
	prefix?: string;
}

export interface SeedResult {
	customers: string[];
	invoices: string[];
	payments: string[];
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const UNIT_PRICES = ['19.99', '49', '75.5', '120', '250', '999.95', '1200'];

/** Generates customers, invoices (1–3 lines, some discounted) and payments, the same for the same seed. */
export function seedData(store: CompanyStore, request: SeedRequest): SeedResult {
	const service = new QuickBooksService(store);
	const next = random(request.seed ?? 1);
	const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
	const prefix = request.prefix ?? 'SEED';
	const currencies = request.currencies?.length ? request.currencies : [store.homeCurrency];
	const result: SeedResult = { customers: [], invoices: [], payments: [] };
	const startIndex = store.count('Customer') + 1;
	const customers: QboRecord[] = [];
	for (let index = 0; index < (request.customers ?? 10); index += 1) {
		const currency = currencies[index % currencies.length];
		const number = String(startIndex + index).padStart(5, '0');
		const customer = service.create(kindOf('Customer'), {
			DisplayName: `${prefix} Customer ${number}${currency === store.homeCurrency ? '' : ` (${currency})`}`,
			CompanyName: `${prefix} Customer ${number}`,
			PrimaryEmailAddr: { Address: `billing+${number}@customer.example` },
			CurrencyRef: { value: currency, name: CURRENCY_NAMES[currency] },
		}, new Set());
		customers.push(customer);
		result.customers.push(customer.Id);
	}
	if (customers.length === 0) return result;
	const itemIds = [DEFAULT_COMPANY.items.services, DEFAULT_COMPANY.items.consultingHours, DEFAULT_COMPANY.items.softwareLicense];
	const firstInvoice = store.count('Invoice') + 1;
	for (let index = 0; index < (request.invoices ?? 20); index += 1) {
		const customer = pick(customers);
		const currency = customer.CurrencyRef.value as string;
		const wholeUnits = currency === 'JPY';
		const lines: QboRecord[] = [];
		const lineCount = 1 + Math.floor(next() * 3);
		for (let line = 0; line < lineCount; line += 1) {
			const qty = 1 + Math.floor(next() * 5);
			const price = wholeUnits ? String(Math.round(Number(pick(UNIT_PRICES))) * 100) : pick(UNIT_PRICES);
			const amount = multiplyText(price, qty);
			lines.push({ DetailType: 'SalesItemLineDetail', Amount: Number(amount), SalesItemLineDetail: { ItemRef: { value: pick(itemIds) }, Qty: qty, UnitPrice: Number(price), TaxCodeRef: { value: 'NON' } } });
		}
		if (next() < 0.25) lines.push({ DetailType: 'DiscountLineDetail', DiscountLineDetail: { PercentBased: true, DiscountPercent: 10 } });
		const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
		const body: QboRecord = {
			CustomerRef: { value: customer.Id },
			DocNumber: `${prefix}-${String(firstInvoice + index).padStart(5, '0')}`,
			TxnDate: `2026-09-${day}`,
			Line: lines,
			CustomField: [{ DefinitionId: '1', StringValue: `PO-${1000 + index}` }],
		};
		if (store.multicurrencyEnabled) body.CurrencyRef = { value: currency };
		if (store.country !== 'US') for (const line of lines) if (line.SalesItemLineDetail) line.SalesItemLineDetail.TaxCodeRef = { value: [...store.table('TaxCode').keys()][0] };
		const invoice = service.create(kindOf('Invoice'), body, new Set(['allowduplicatedocnum']));
		result.invoices.push(invoice.Id);
		if (next() < (request.paidShare ?? 0.5)) {
			const partial = result.payments.length % 3 === 2;
			const total = String(invoice.TotalAmt);
			const amount = partial ? halfOf(total, wholeUnits ? 0 : currency === 'KWD' ? 3 : 2) : total;
			const payment: QboRecord = {
				CustomerRef: { value: customer.Id },
				TotalAmt: Number(amount),
				TxnDate: `2026-09-${day}`,
				PaymentRefNum: `ch_${prefix.toLowerCase()}_${index}`,
				Line: [{ Amount: Number(amount), LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
			};
			if (store.multicurrencyEnabled) payment.CurrencyRef = { value: currency };
			result.payments.push(service.create(kindOf('Payment'), payment, new Set()).Id);
		}
	}
	return result;
}

/** Exact "price × qty" on decimal text (no float products in seeded amounts). */
function multiplyText(price: string, qty: number): string {
	const [whole, fraction = ''] = price.split('.');
	const units = BigInt(whole + fraction) * BigInt(qty);
	const text = units.toString().padStart(fraction.length + 1, '0');
	return fraction.length ? `${text.slice(0, -fraction.length)}.${text.slice(-fraction.length)}` : text;
}

/** Half of an amount, rounded down to the currency's minor unit. */
function halfOf(amount: string, exponent: number): string {
	const [whole, fraction = ''] = amount.split('.');
	const units = BigInt(whole + fraction.padEnd(exponent, '0').slice(0, exponent)) / 2n;
	const text = units.toString().padStart(exponent + 1, '0');
	return exponent ? `${text.slice(0, -exponent)}.${text.slice(-exponent)}` : text;
}
