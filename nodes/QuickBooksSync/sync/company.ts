/**
 * What the sync needs to know about the QuickBooks company (quickbooks.md §2.8), read once per
 * client: currencies, whether QuickBooks takes our invoice numbers, custom field names, and whether
 * lines need a US tax code.
 */
import type { IDataObject } from 'n8n-workflow';

import type { QuickBooksClient } from '../../../transport/quickbooks';

export interface CompanyFacts {
	homeCurrency: string;
	multicurrencyEnabled: boolean;
	/** SalesFormsPrefs.CustomTxnNumbers: false means QuickBooks numbers invoices itself. */
	customTxnNumbers: boolean;
	/** US companies need TaxCodeRef TAX or NON on every line (6100). */
	isUS: boolean;
	/** DefinitionId → name of the enabled sales-form custom fields. */
	customFieldNames: Map<string, string>;
	/** SalesFormsPrefs.DefaultDiscountAccount, when the company has one. */
	defaultDiscountAccountId?: string;
}

function record(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function customFieldNames(salesFormsPrefs: IDataObject): Map<string, string> {
	const names = new Map<string, string>();
	const disabled = new Set<string>();
	for (const group of (salesFormsPrefs.CustomField as IDataObject[] | undefined) ?? []) {
		for (const field of (group.CustomField as IDataObject[] | undefined) ?? []) {
			const match = /SalesCustomName(\d+)$/.exec(String(field.Name ?? ''));
			if (match && typeof field.StringValue === 'string' && field.StringValue !== '') names.set(match[1], field.StringValue);
			// A field switched off in QuickBooks takes no value (fault 3000): the PO number must not go there.
			const use = /UseSalesCustom(\d+)$/.exec(String(field.Name ?? ''));
			if (use && field.BooleanValue === false) disabled.add(use[1]);
		}
	}
	for (const id of disabled) names.delete(id);
	return names;
}

/** Facts read per client (one per execution): with the country, and without it. */
const factsRead = new WeakMap<QuickBooksClient, { withCountry?: Promise<CompanyFacts>; withoutCountry?: Promise<CompanyFacts> }>();

/** The company's facts, read once per client; `needCountry` costs one CompanyInfo query more. */
export async function readCompanyFacts(qb: QuickBooksClient, needCountry: boolean): Promise<CompanyFacts> {
	const known = factsRead.get(qb) ?? {};
	factsRead.set(qb, known);
	const reading = known.withCountry ?? (needCountry ? undefined : known.withoutCountry);
	if (reading) return await reading;
	const read = readFacts(qb, needCountry);
	if (needCountry) known.withCountry = read;
	else known.withoutCountry = read;
	// A failed read is not remembered.
	read.catch(() => {
		if (needCountry) delete known.withCountry;
		else delete known.withoutCountry;
	});
	return await read;
}

async function readFacts(qb: QuickBooksClient, needCountry: boolean): Promise<CompanyFacts> {
	const preferences = await qb.preferences();
	const currencyPrefs = record(preferences.CurrencyPrefs);
	const salesFormsPrefs = record(preferences.SalesFormsPrefs);
	const homeCurrency = String(record(currencyPrefs.HomeCurrency).value ?? 'USD').toUpperCase();
	let isUS = homeCurrency === 'USD';
	if (needCountry) {
		// One call per execution; the home currency alone cannot tell a US company from another in USD.
		const [companyInfo] = await qb.queryPage<IDataObject>('CompanyInfo', { maxResults: 1 });
		const country = String(companyInfo?.Country ?? '').toUpperCase();
		if (country !== '') isUS = country === 'US' || country === 'USA';
	}
	const facts: CompanyFacts = {
		homeCurrency,
		multicurrencyEnabled: currencyPrefs.MultiCurrencyEnabled === true,
		customTxnNumbers: salesFormsPrefs.CustomTxnNumbers !== false,
		isUS,
		customFieldNames: customFieldNames(salesFormsPrefs),
	};
	const discountAccount = salesFormsPrefs.DefaultDiscountAccount;
	if (typeof discountAccount === 'string' && discountAccount !== '') facts.defaultDiscountAccountId = discountAccount;
	return facts;
}
