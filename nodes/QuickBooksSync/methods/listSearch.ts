/**
 * List search for the pickers: a page of up to 100 names matching what the user typed (LIKE, quotes
 * escaped by the query builder), continued with STARTPOSITION through the pagination token.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { QuickBooksClient, type QueryCondition, type QuickBooksEntity } from '../../../transport/quickbooks';
import { toNodeError } from '../nodeHelpers/errors';

const PAGE_SIZE = 100;

interface SearchSpec {
	entity: QuickBooksEntity;
	/** The field the user's text is matched against and the list is sorted by. */
	nameField: string;
	sortField?: string;
	where?: QueryCondition[];
	label?: (record: IDataObject) => string;
}

async function search(context: ILoadOptionsFunctions, spec: SearchSpec, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	try {
		const client = await QuickBooksClient.connect(context);
		const startPosition = paginationToken ? Number(paginationToken) : 1;
		const where = [...(spec.where ?? [])];
		if (filter && filter.trim() !== '') where.push({ field: spec.nameField, operator: 'LIKE', value: `%${filter.trim()}%` });
		const page = await client.queryPage<IDataObject>(spec.entity, {
			where,
			orderBy: { field: spec.sortField ?? spec.nameField },
			startPosition,
			maxResults: PAGE_SIZE,
		});
		return {
			results: page.map((record) => ({
				name: spec.label ? spec.label(record) : String(record[spec.nameField] ?? record.Id),
				value: String(record.Id),
			})),
			paginationToken: page.length === PAGE_SIZE ? String(startPosition + PAGE_SIZE) : undefined,
		};
	} catch (error) {
		throw toNodeError(context, error);
	}
}

const accountLabel = (record: IDataObject) => `${String(record.FullyQualifiedName ?? record.Name)} (${String(record.AccountType)})`;

function accountsOfType(types: string[]): SearchSpec {
	return {
		entity: 'Account',
		nameField: 'Name',
		where: [{ field: 'AccountType', operator: 'IN', value: types }],
		label: accountLabel,
	};
}

export async function searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, { entity: 'Customer', nameField: 'DisplayName' }, filter, paginationToken);
}

export async function searchItems(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, { entity: 'Item', nameField: 'Name' }, filter, paginationToken);
}

export async function searchVendors(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, { entity: 'Vendor', nameField: 'DisplayName' }, filter, paginationToken);
}

export async function searchPaymentMethods(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, { entity: 'PaymentMethod', nameField: 'Name' }, filter, paginationToken);
}

export async function searchTaxCodes(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, { entity: 'TaxCode', nameField: 'Name' }, filter, paginationToken);
}

export async function searchTerms(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	// Term is filterable by Name but sortable only by Id (quickbooks.md §15.1b).
	return await search(this, { entity: 'Term', nameField: 'Name', sortField: 'Id' }, filter, paginationToken);
}

export async function searchAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, { entity: 'Account', nameField: 'Name', label: accountLabel }, filter, paginationToken);
}

export async function searchIncomeAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, accountsOfType(['Income', 'Other Income']), filter, paginationToken);
}

export async function searchExpenseAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, accountsOfType(['Expense', 'Other Expense', 'Cost of Goods Sold']), filter, paginationToken);
}

/** Where received money goes (or a refund comes from): banks, and Other Current Asset such as Undeposited Funds. */
export async function searchDepositAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, accountsOfType(['Bank', 'Other Current Asset']), filter, paginationToken);
}

/** What an expense is paid from: bank and credit card accounts. */
export async function searchPaymentAccounts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await search(this, accountsOfType(['Bank', 'Credit Card']), filter, paginationToken);
}
