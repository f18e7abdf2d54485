import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import type { QboPurchasePaymentType } from '../../../../core';
import type { QuickBooksClient } from '../../../../transport/quickbooks';
import { readPeriod, recordFeesAsExpense, type FeeRunSettings } from '../../sync/feeSync';
import { previewOnlyProperty, previewRecorderFor } from '../../sync/preview';
import { failWith, timeZoneOf, timeZoneOption } from '../../sync/paymentSync';
import { toNodeError } from '../../nodeHelpers/errors';
import { periodDayFields } from '../../nodeHelpers/periodFields';
import { expenseAccountLocator, locatorValue, paymentAccountLocator, vendorLocator } from '../../nodeHelpers/locators';

const properties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Previous Month', value: 'previousMonth', description: 'The calendar month before today (in the time zone of the options)' },
			{ name: 'Month', value: 'month', description: 'A calendar month' },
			{ name: 'Date Range', value: 'dateRange', description: 'From a start day to an end day, both included' },
		],
		default: 'previousMonth',
		description: 'Whose fees to book: payments dated (hs_initiated_date) in this period. Input payments outside it are listed as excluded.',
	},
	...periodDayFields,
	vendorLocator({ name: 'vendor', displayName: 'Vendor', description: 'Who charged the fees, e.g. Stripe or HubSpot Payments' }),
	expenseAccountLocator({ name: 'expenseAccount', displayName: 'Expense Account', required: true, description: 'The expense account of the fees, e.g. Merchant fees' }),
	paymentAccountLocator({
		name: 'paymentAccount',
		displayName: 'Paid From Account',
		required: true,
		description: 'The bank (or processor clearing) account or credit card the fees were taken from',
	}),
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		options: [
			{ name: 'Cash', value: 'Cash' },
			{ name: 'Check', value: 'Check' },
			{ name: 'Credit Card', value: 'CreditCard' },
		],
		default: 'Cash',
		description: 'QuickBooks payment type of the expense: Cash or Check for a bank account, Credit Card for a card account',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Allow Fewer Payments',
				name: 'allowFewerPayments',
				type: 'boolean',
				default: false,
				description:
					'Whether an expense already booked may be lowered when the input holds fewer payments of the period than it was booked with (e.g. a payment whose dispute was lost). Off: such a run fails, so a partial input never shrinks the books.',
			},
			{
				displayName: 'Other Currencies',
				name: 'currencies',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add currency',
				default: {},
				description:
					'With multicurrency, a QuickBooks vendor and bank account hold one currency: the vendor and account the fees of each other currency are booked with',
				options: [
					{
						displayName: 'Currency',
						name: 'currency',
						values: [
							{ displayName: 'Currency Code', name: 'code', type: 'string', default: '', placeholder: 'e.g. EUR' },
							vendorLocator({ name: 'vendor', displayName: 'Vendor', description: 'The vendor in this currency; empty: the Vendor above' }),
							paymentAccountLocator({ name: 'paymentAccount', displayName: 'Paid From Account', description: 'The account in this currency; empty: the Paid From Account above' }),
						],
					},
				],
			},
			expenseAccountLocator({ name: 'platformFeeAccount', displayName: 'Platform Fee Account', description: "Expense account for HubSpot's platform fees; empty: the Expense Account" }),
			timeZoneOption,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['expense'], operation: ['recordFeesAsExpense'] } }, [...properties, previewOnlyProperty]);

function requiredRef(value: unknown, label: string) {
	const id = locatorValue(value);
	if (id === undefined) failWith('validation', `${label} is empty.`, `Choose the ${label} from the list or enter its QuickBooks ID.`);
	return { value: id };
}

/**
 * All input items together are the batch: HubSpot payments, e.g. the Commerce node's Payment Search of
 * the period. One output item per currency.
 */
export async function executeItems(this: IExecuteFunctions, items: INodeExecutionData[], client: QuickBooksClient): Promise<INodeExecutionData[]> {
	let settings: FeeRunSettings;
	try {
		settings = readSettings(this);
	} catch (error) {
		throw toNodeError(this, error);
	}
	return await recordFeesAsExpense(this, items, client, settings, previewRecorderFor(this));
}

/** The settings are the node's, not an item's: read from the first item's parameters. */
function readSettings(context: IExecuteFunctions): FeeRunSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const timeZone = timeZoneOf(context, 0);
	const platformFeeAccount = locatorValue(options.platformFeeAccount);
	const vendor = locatorValue(context.getNodeParameter('vendor', 0, ''));
	const perCurrency: NonNullable<FeeRunSettings['perCurrency']> = {};
	for (const entry of ((options.currencies as IDataObject | undefined)?.currency as IDataObject[] | undefined) ?? []) {
		const code = String(entry.code ?? '').trim().toUpperCase();
		if (!/^[A-Z]{3}$/.test(code)) failWith('validation', `"${String(entry.code ?? '')}" in Other Currencies is not a currency code.`, 'Use a three-letter ISO code such as EUR.');
		const currencyVendor = locatorValue(entry.vendor);
		const currencyAccount = locatorValue(entry.paymentAccount);
		perCurrency[code] = {
			...(currencyVendor !== undefined ? { vendorRef: { value: currencyVendor } } : {}),
			...(currencyAccount !== undefined ? { paidFromAccountRef: { value: currencyAccount } } : {}),
		};
	}
	return {
		perCurrency,
		period: readPeriod(context, timeZone, Date.now()),
		timeZone,
		allowFewerPayments: options.allowFewerPayments === true,
		expense: {
			paymentType: context.getNodeParameter('paymentType', 0, 'Cash') as QboPurchasePaymentType,
			paidFromAccountRef: requiredRef(context.getNodeParameter('paymentAccount', 0), 'Paid From Account'),
			processingFeeAccountRef: requiredRef(context.getNodeParameter('expenseAccount', 0), 'Expense Account'),
			...(platformFeeAccount !== undefined ? { platformFeeAccountRef: { value: platformFeeAccount } } : {}),
			...(vendor !== undefined ? { vendorRef: { value: vendor } } : {}),
		},
	};
}
