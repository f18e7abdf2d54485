import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	compareDecimals,
	currencyExponent,
	decimalPlaces,
	formatDecimal,
	parseDecimal,
	subtractDecimals,
	sumDecimals,
	type Decimal,
} from '../../../../core/money';
import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import { additionalFieldsCollection, documentHeader } from '../common/documentFields';
import { createRequestIdOptions } from '../common/fields';
import { customerLocator } from '../../nodeHelpers/locators';
import { jsonItems } from '../common/operation';
import { amountNumber, currencyOf, rawFields, readAmount, requiredRef } from '../common/payload';
import { createOnce } from '../common/plainCreate';

const properties: INodeProperties[] = [
	customerLocator({ name: 'customer', displayName: 'Customer', required: true, description: 'Who paid' }),
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 180.00',
		description: 'The total received (TotalAmt), as an exact decimal',
	},
	{
		displayName: 'Apply To Invoices',
		name: 'invoices',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add invoice',
		default: {},
		description: 'The invoices this payment pays, and how much of it goes to each',
		options: [
			{
				displayName: 'Invoice',
				name: 'invoice',
				values: [
					{ displayName: 'Invoice ID', name: 'invoiceId', type: 'string', default: '', placeholder: 'e.g. 145' },
					{ displayName: 'Amount', name: 'amount', type: 'string', default: '', placeholder: 'e.g. 90.00', description: 'Part of the payment applied to this invoice' },
				],
			},
		],
	},
	{
		displayName: 'Allow Unapplied Amount',
		name: 'allowUnapplied',
		type: 'boolean',
		default: false,
		description: 'Whether the part of the amount not applied to invoices may stay on the customer as an unapplied credit. Off: the applied amounts must add up to the amount.',
	},
	additionalFieldsCollection(['currency', 'depositToAccount', 'exchangeRate', 'paymentMethod', 'paymentRefNum', 'privateNote', 'rawFields', 'txnDate']),
	createRequestIdOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['create'] } }, properties);

interface AppliedInvoice {
	invoiceId?: string;
	amount?: string | number;
}

function lineAmount(line: IDataObject, position: number): Decimal {
	return parseDecimal(line.Amount as string | number, `Line ${position} amount`);
}

/** An amount as the user reads it: at least the currency's places (100 → 100.00). */
function shown(value: Decimal, currency: string | undefined): string {
	return formatDecimal(value, Math.max(currencyExponent(currency ?? 'USD'), decimalPlaces(value)));
}

/** The applied lines must not exceed the payment; a rest is allowed only when the user asked for it. */
function checkApplication(payload: IDataObject, allowUnapplied: boolean, currency: string | undefined): void {
	const total = parseDecimal(payload.TotalAmt as string | number, 'Amount');
	const lines = (payload.Line as IDataObject[] | undefined) ?? [];
	const applied = sumDecimals(lines.map((line, index) => lineAmount(line, index + 1)));
	if (compareDecimals(applied, total) > 0) {
		throw validationError(
			`The amounts applied to invoices (${shown(applied, currency)}) exceed the payment amount (${shown(total, currency)})`,
			'Lower the applied amounts or raise the payment amount.',
		);
	}
	const rest = subtractDecimals(total, applied);
	if (compareDecimals(rest, { units: 0n, scale: 0 }) > 0 && !allowUnapplied) {
		throw validationError(
			`${shown(rest, currency)} of the payment would stay unapplied`,
			'Apply the whole amount to invoices, or turn on "Allow Unapplied Amount".',
		);
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient) {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const currency = currencyOf(fields.currency);
	const total = readAmount(this.getNodeParameter('amount', itemIndex), 'Amount', currency);
	const invoices = (this.getNodeParameter('invoices', itemIndex, {}) as { invoice?: AppliedInvoice[] }).invoice ?? [];
	const lines = invoices.map((invoice, index) => {
		const invoiceId = String(invoice.invoiceId ?? '').trim();
		if (invoiceId === '') throw validationError(`Invoice ${index + 1} has no ID`, 'Enter the QuickBooks ID of each invoice the payment applies to.');
		const label = `Amount applied to invoice ${invoiceId}`;
		return { Amount: amountNumber(readAmount(invoice.amount, label, currency), label), LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] };
	});
	const payload: IDataObject = {
		CustomerRef: requiredRef(this.getNodeParameter('customer', itemIndex), 'Customer'),
		TotalAmt: amountNumber(total, 'Amount'),
		...(lines.length > 0 ? { Line: lines } : {}),
		...documentHeader(fields),
		...rawFields(fields.rawFields),
	};
	checkApplication(payload, this.getNodeParameter('allowUnapplied', itemIndex, false) as boolean, currency);
	return jsonItems(await createOnce(this, itemIndex, client, 'Payment', payload));
}
