/** CompanyInfo and Preferences: one record each, read often, changed rarely (quickbooks.md §2.8). */
import { businessValidation } from './faults';
import { compact, isObject, readEmail, readString } from './fields';
import { COMMON_FIELDS, fieldSet, type EntityKind } from './kind';
import type { QboRecord } from './store';

export const companyInfoKind: EntityKind = {
	name: 'CompanyInfo',
	resource: 'companyinfo',
	category: 'company',
	fields: fieldSet(COMMON_FIELDS, [
		'CompanyName', 'LegalName', 'CompanyAddr', 'CustomerCommunicationAddr', 'LegalAddr', 'CustomerCommunicationEmailAddr',
		'PrimaryPhone', 'CompanyStartDate', 'FiscalYearStartMonth', 'Country', 'Email', 'WebAddr', 'SupportedLanguages',
		'NameValue', 'DefaultTimeZone',
	]),
	readOnly: fieldSet(['Country', 'SupportedLanguages', 'NameValue', 'CompanyStartDate', 'DefaultTimeZone']),
	creatable: false,
	deletable: false,
	build(ctx, input) {
		const previous = ctx.previous ?? {};
		const record: QboRecord = { ...previous };
		for (const key of ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse']) delete record[key];
		record.CompanyName = readString(input, 'CompanyName', { required: true, max: 1024 });
		for (const field of ['LegalName', 'FiscalYearStartMonth'] as const) {
			const value = readString(input, field, { max: 1024 });
			if (value !== undefined) record[field] = value;
			else if (!ctx.sparse) delete record[field];
		}
		for (const field of ['CompanyAddr', 'CustomerCommunicationAddr', 'LegalAddr', 'PrimaryPhone', 'WebAddr'] as const) {
			if (isObject(input[field])) record[field] = input[field];
			else if (!ctx.sparse && field !== 'CompanyAddr') delete record[field];
		}
		const email = readEmail(input, 'Email');
		if (email) record.Email = email;
		const communication = readEmail(input, 'CustomerCommunicationEmailAddr');
		if (communication) record.CustomerCommunicationEmailAddr = communication;
		return compact(record);
	},
};

const PREFERENCE_SECTIONS = [
	'AccountingInfoPrefs', 'ProductAndServicesPrefs', 'SalesFormsPrefs', 'EmailMessagesPrefs', 'VendorAndPurchasesPrefs',
	'TimeTrackingPrefs', 'TaxPrefs', 'CurrencyPrefs', 'ReportPrefs', 'OtherPrefs',
] as const;

export const preferencesKind: EntityKind = {
	name: 'Preferences',
	resource: 'preferences',
	category: 'company',
	fields: fieldSet(COMMON_FIELDS, PREFERENCE_SECTIONS),
	readOnly: fieldSet([]),
	creatable: false,
	deletable: false,
	build(ctx, input) {
		const previous = ctx.previous ?? {};
		const record: QboRecord = {};
		for (const section of PREFERENCE_SECTIONS) {
			const sent = input[section];
			const before = previous[section];
			if (sent === undefined || sent === null || sent === before) {
				if (before !== undefined) record[section] = before;
				continue;
			}
			if (!isObject(sent)) throw businessValidation(`${section} must be an object.`, section);
			record[section] = { ...(before ?? {}), ...sent };
		}
		const sales = record.SalesFormsPrefs ?? {};
		// quickbooks.md §2.1.2: custom field names cannot be created or renamed through the API.
		if (JSON.stringify(sales.CustomField) !== JSON.stringify(previous.SalesFormsPrefs?.CustomField)) {
			throw businessValidation('Custom field definitions cannot be changed through the API.', 'SalesFormsPrefs.CustomField');
		}
		const currency = record.CurrencyPrefs ?? {};
		// quickbooks.md §10.1: multicurrency cannot be disabled once enabled; the home currency is fixed.
		if (previous.CurrencyPrefs?.MultiCurrencyEnabled === true && currency.MultiCurrencyEnabled !== true) {
			throw businessValidation('Multicurrency cannot be turned off once it is on.', 'CurrencyPrefs.MultiCurrencyEnabled');
		}
		if (currency.HomeCurrency?.value !== previous.CurrencyPrefs?.HomeCurrency?.value) {
			throw businessValidation('The home currency cannot be changed.', 'CurrencyPrefs.HomeCurrency');
		}
		return record;
	},
};
