/**
 * Searchable pickers (resource locators, "From List" first as n8n's UX guidelines ask) for the
 * QuickBooks lists the operations reference. Each list search lives in methods/listSearch.ts.
 */
import type { INodeProperties } from 'n8n-workflow';

export type ListSearchMethod =
	| 'searchCustomers'
	| 'searchItems'
	| 'searchVendors'
	| 'searchPaymentMethods'
	| 'searchTaxCodes'
	| 'searchTerms'
	| 'searchIncomeAccounts'
	| 'searchExpenseAccounts'
	| 'searchDepositAccounts'
	| 'searchPaymentAccounts'
	| 'searchAccounts';

const ID_PATTERN = '^[A-Za-z0-9_-]+$';

interface LocatorOptions {
	name: string;
	displayName: string;
	required?: boolean;
	description?: string;
}

function locator(searchListMethod: ListSearchMethod, what: string, options: LocatorOptions): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? false,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select ${what}...`,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 58',
				validation: [{ type: 'regex', properties: { regex: ID_PATTERN, errorMessage: 'Not a valid QuickBooks ID' } }],
			},
		],
	};
}

export const customerLocator = (options: LocatorOptions) => locator('searchCustomers', 'a customer', options);
export const itemLocator = (options: LocatorOptions) => locator('searchItems', 'an item', options);
export const vendorLocator = (options: LocatorOptions) => locator('searchVendors', 'a vendor', options);
export const paymentMethodLocator = (options: LocatorOptions) => locator('searchPaymentMethods', 'a payment method', options);
export const taxCodeLocator = (options: LocatorOptions) => locator('searchTaxCodes', 'a tax code', options);
export const termLocator = (options: LocatorOptions) => locator('searchTerms', 'a term', options);
export const incomeAccountLocator = (options: LocatorOptions) => locator('searchIncomeAccounts', 'an income account', options);
export const expenseAccountLocator = (options: LocatorOptions) => locator('searchExpenseAccounts', 'an expense account', options);
/** Bank and Other Current Asset accounts (Undeposited Funds is one): where received money goes, or refunds come from. */
export const depositAccountLocator = (options: LocatorOptions) => locator('searchDepositAccounts', 'an account', options);
/** Bank and credit card accounts: what an expense is paid from. */
export const paymentAccountLocator = (options: LocatorOptions) => locator('searchPaymentAccounts', 'a bank or card account', options);
export const anyAccountLocator = (options: LocatorOptions) => locator('searchAccounts', 'an account', options);

/** The chosen id of a locator value (`{mode, value}`), a plain string, or undefined when empty. */
export function locatorValue(value: unknown): string | undefined {
	const raw = value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
	if (raw === undefined || raw === null) return undefined;
	const text = String(raw).trim();
	return text === '' ? undefined : text;
}
