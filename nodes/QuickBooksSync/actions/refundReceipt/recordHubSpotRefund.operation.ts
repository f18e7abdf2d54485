import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { isRefundedPayment, type RefundDocumentType } from '../../../../core';
import type { QuickBooksClient } from '../../../../transport/quickbooks';
import {
	PaymentSyncSession,
	customerOption,
	customerOptionField,
	paymentMethodRefs,
	paymentMethodsOption,
	paymentSourceProperties,
	readPaymentInputs,
	recordEach,
	taxCodeOption,
	taxCodeOptionField,
	timeZoneOf,
	timeZoneOption,
} from '../../sync/paymentSync';
import { previewOnlyProperty, previewRecorderFor, withWouldWrite } from '../../sync/preview';
import { recordHubSpotRefund, type RecordRefundOptions } from '../../sync/refundSync';
import { depositAccountLocator, itemLocator, locatorValue } from '../../nodeHelpers/locators';

const properties: INodeProperties[] = [
	...paymentSourceProperties,
	{
		displayName: 'Document Type',
		name: 'documentType',
		type: 'options',
		options: [
			{ name: 'Refund Receipt', value: 'RefundReceipt', description: 'Money paid back to the customer from an account' },
			{ name: 'Credit Memo', value: 'CreditMemo', description: 'Credit left with the customer, for a later invoice' },
		],
		default: 'RefundReceipt',
	},
	depositAccountLocator({
		name: 'refundFromAccount',
		displayName: 'Refund From Account',
		required: true,
		description: 'The account the money was paid back from (Bank or Other Current Asset, e.g. the processor clearing account)',
	}),
	itemLocator({ name: 'item', displayName: 'Item', required: true, description: 'The item of the refund line, e.g. the sales item or a "Refunds" item' }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [customerOptionField, paymentMethodsOption, taxCodeOptionField, timeZoneOption],
	},
	previewOnlyProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['refundReceipt'], operation: ['recordHubSpotRefund'] } }, properties).map((property) =>
	// The account a Refund Receipt pays from means nothing to a Credit Memo.
	property.name === 'refundFromAccount' ? { ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, documentType: ['RefundReceipt'] } } } : property,
);

function ref(value: unknown) {
	const id = locatorValue(value);
	return id === undefined ? undefined : { value: id };
}

function refundOptions(context: IExecuteFunctions, itemIndex: number): RecordRefundOptions {
	const documentType = context.getNodeParameter('documentType', itemIndex, 'RefundReceipt') as RefundDocumentType;
	return {
		documentType,
		itemRef: ref(context.getNodeParameter('item', itemIndex, '')),
		refundFromAccountRef: documentType === 'RefundReceipt' ? ref(context.getNodeParameter('refundFromAccount', itemIndex, '')) : undefined,
		customerRef: customerOption(context, itemIndex),
		paymentMethodRefs: paymentMethodRefs(context, itemIndex),
		lineTaxCodeRef: taxCodeOption(context, itemIndex),
		timeZone: timeZoneOf(context, itemIndex),
	};
}

/** Refunded HubSpot payments (the trigger's "payment refunded" events, or a Payment Search), one document per new refund. */
export async function executeItems(this: IExecuteFunctions, items: INodeExecutionData[], client: QuickBooksClient): Promise<INodeExecutionData[]> {
	const session = new PaymentSyncSession(this, client, undefined, previewRecorderFor(this));
	const inputs = await readPaymentInputs(session, items, (payment, itemIndex) => {
		if (!isRefundedPayment(payment) || customerOption(this, itemIndex) !== undefined) return [];
		return ['invoice', 'contacts', 'companies'];
	});
	return await recordEach(session, inputs, async (input) => await withWouldWrite(session.preview, async () => await recordHubSpotRefund(session, input, refundOptions(this, input.itemIndex))));
}
