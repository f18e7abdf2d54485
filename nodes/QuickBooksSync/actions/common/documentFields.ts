/**
 * The optional header fields of QuickBooks transactions (quickbooks.md §2), as n8n "Additional Fields"
 * options and their mapping to the Accounting API's names. Each operation offers the subset its
 * entity accepts; `documentHeader` maps whatever was filled in.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { currencyOption, rawFieldsOption } from './fields';
import { depositAccountLocator, locatorValue, paymentMethodLocator, termLocator, vendorLocator } from '../../nodeHelpers/locators';
import { qboDate, readDecimal, ref, setIfPresent, amountNumber } from './payload';

export const DOCUMENT_FIELDS = {
	billEmail: {
		displayName: 'Billing Email',
		name: 'billEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Where QuickBooks emails the document (BillEmail)',
	},
	currency: currencyOption,
	customerMemo: {
		displayName: 'Message to Customer',
		name: 'customerMemo',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Shown on the document (CustomerMemo)',
	},
	customFields: {
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add custom field',
		default: {},
		description: 'Values for the sales-form custom fields (QuickBooks exposes up to three text fields)',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'definitionId',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getCustomFields' },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	depositToAccount: depositAccountLocator({
		name: 'depositToAccount',
		displayName: 'Deposit To Account',
		description: 'Bank or Other Current Asset account the money goes to; QuickBooks uses Undeposited Funds when empty',
	}),
	docNumber: {
		displayName: 'Document Number',
		name: 'docNumber',
		type: 'string',
		default: '',
		description: 'The number shown on the document (DocNumber, at most 21 characters)',
	},
	dueDate: { displayName: 'Due Date', name: 'dueDate', type: 'dateTime', default: '' },
	exchangeRate: {
		displayName: 'Exchange Rate',
		name: 'exchangeRate',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1.085',
		description: 'Home-currency units per one unit of the document currency; QuickBooks uses its own rate when empty',
	},
	paymentMethod: paymentMethodLocator({ name: 'paymentMethod', displayName: 'Payment Method' }),
	paymentRefNum: {
		displayName: 'Reference Number',
		name: 'paymentRefNum',
		type: 'string',
		default: '',
		description: 'Check number or processor reference (PaymentRefNum)',
	},
	privateNote: {
		displayName: 'Memo',
		name: 'privateNote',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: 'Internal note, not shown to the customer (PrivateNote, at most 4000 characters)',
	},
	rawFields: rawFieldsOption,
	term: termLocator({ name: 'term', displayName: 'Terms', description: 'Payment terms; sets the due date when none is given' }),
	txnDate: { displayName: 'Date', name: 'txnDate', type: 'dateTime', default: '', description: 'The document date; today when empty' },
	vendor: vendorLocator({ name: 'vendor', displayName: 'Vendor', description: 'Who was paid' }),
} satisfies Record<string, INodeProperties>;

export type DocumentFieldName = keyof typeof DOCUMENT_FIELDS;

/** An "Additional Fields" collection offering the named fields, in alphabetical order as n8n lints. */
export function additionalFieldsCollection(names: DocumentFieldName[]): INodeProperties {
	return fieldsCollection('Additional Fields', 'additionalFields', names);
}

/** The "Update Fields" of an update operation: the same fields, only those set are changed. */
export function updateFieldsCollection(names: DocumentFieldName[]): INodeProperties {
	return fieldsCollection('Update Fields', 'updateFields', names);
}

function fieldsCollection(displayName: string, name: string, names: DocumentFieldName[]): INodeProperties {
	const options = names.map((field) => DOCUMENT_FIELDS[field] as INodeProperties).sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { displayName, name, type: 'collection', placeholder: 'Add field', default: {}, options };
}

interface CustomFieldsValue {
	field?: Array<{ definitionId?: string; value?: string }>;
}

/** Maps the filled-in fields to QuickBooks' names (raw JSON fields are merged by the caller). */
export function documentHeader(fields: IDataObject): IDataObject {
	const header: IDataObject = {};
	setIfPresent(header, 'DocNumber', fields.docNumber);
	setIfPresent(header, 'TxnDate', qboDate(fields.txnDate, 'Date'));
	setIfPresent(header, 'DueDate', qboDate(fields.dueDate, 'Due Date'));
	setIfPresent(header, 'PrivateNote', fields.privateNote);
	if (typeof fields.customerMemo === 'string' && fields.customerMemo !== '') header.CustomerMemo = { value: fields.customerMemo };
	if (typeof fields.billEmail === 'string' && fields.billEmail !== '') header.BillEmail = { Address: fields.billEmail.trim() };
	setIfPresent(header, 'SalesTermRef', ref(fields.term));
	if (typeof fields.currency === 'string' && fields.currency.trim() !== '') header.CurrencyRef = { value: fields.currency.trim().toUpperCase() };
	if (fields.exchangeRate !== undefined && fields.exchangeRate !== '') {
		header.ExchangeRate = amountNumber(readDecimal(fields.exchangeRate, 'Exchange rate'), 'Exchange rate');
	}
	setIfPresent(header, 'DepositToAccountRef', ref(fields.depositToAccount));
	setIfPresent(header, 'PaymentMethodRef', ref(fields.paymentMethod));
	setIfPresent(header, 'PaymentRefNum', fields.paymentRefNum);
	const vendorId = locatorValue(fields.vendor);
	if (vendorId) header.EntityRef = { value: vendorId, type: 'Vendor' };
	const customFields = (fields.customFields as CustomFieldsValue | undefined)?.field ?? [];
	const filled = customFields.filter((field) => field.definitionId);
	if (filled.length > 0) {
		header.CustomField = filled.map((field) => ({ DefinitionId: String(field.definitionId), StringValue: field.value ?? '', Type: 'StringType' }));
	}
	return header;
}
