import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { syncError } from '../../../../core';
import type { QuickBooksClient } from '../../../../transport/quickbooks';
import {
	PaymentSyncSession,
	customerOption,
	customerOptionField,
	paymentMethodRefs,
	paymentMethodsOption,
	paymentRelations,
	paymentSourceProperties,
	readPaymentInputs,
	recordEach,
	recordHubSpotPayment,
	taxCodeOption,
	taxCodeOptionField,
	timeZoneOf,
	timeZoneOption,
	failWith,
	failWithError,
	type QboInvoiceRecord,
	type RecordPaymentOptions,
	type SyncInvoiceFirst,
} from '../../sync/paymentSync';
import { invoiceSyncSettingsProperties, readInvoiceSyncSettings, syncHubSpotInvoices } from '../../sync/invoiceSync';
import { executionIdOf } from '../../sync/execution';
import { previewOnlyProperty, previewRecorderFor, withWouldWrite } from '../../sync/preview';
import { depositAccountLocator, itemLocator, locatorValue } from '../../nodeHelpers/locators';

const properties: INodeProperties[] = [
	...paymentSourceProperties,
	depositAccountLocator({
		name: 'depositAccount',
		displayName: 'Deposit To Account',
		description: "Where the money goes (Bank or Other Current Asset). Empty: Undeposited Funds, QuickBooks' default, ready for a bank deposit.",
	}),
	itemLocator({
		name: 'salesReceiptItem',
		displayName: 'Item For Payments Without Invoice',
		description: 'Payments from payment links, quotes, checkout or subscriptions have no invoice: they become a sales receipt with one line on this item',
	}),
	{
		displayName: 'Sync Invoice First If Needed',
		name: 'syncInvoiceFirst',
		type: 'boolean',
		default: false,
		description:
			"Whether to sync the payment's HubSpot invoice to QuickBooks first when it is not there yet, with the invoice sync settings below (as \"Sync HubSpot Invoice\"). Off: such payments fail with not_found.",
	},
	...invoiceSyncSettingsProperties({ show: { syncInvoiceFirst: [true] } }),
	previewOnlyProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [customerOptionField, paymentMethodsOption, taxCodeOptionField, timeZoneOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['payment'], operation: ['recordHubSpotPayment'] } }, properties);

function ref(value: unknown) {
	const id = locatorValue(value);
	return id === undefined ? undefined : { value: id };
}

/**
 * "Sync Invoice First If Needed": the invoice sync (invoiceSync.ts) with this node's invoice settings,
 * then the synced invoice as QuickBooks holds it now (its balance and applied payments).
 */
function invoiceSyncer(context: IExecuteFunctions, session: PaymentSyncSession): SyncInvoiceFirst {
	return async (hubspotInvoiceId, itemIndex) => {
		const deps = { qb: session.client, hubspot: await session.hubspot(), node: context.getNode(), executionId: executionIdOf(context), leases: session.leases };
		const [result] = await syncHubSpotInvoices(deps, [{ id: hubspotInvoiceId }], readInvoiceSyncSettings(context, itemIndex));
		if (result.action === 'failed') {
			failWithError(result.error ?? syncError(result.category ?? 'unknown', result.message ?? `HubSpot invoice ${hubspotInvoiceId} could not be synced.`, undefined, result.howToFix));
		}
		const qboInvoiceId = result.qboInvoice?.Id;
		if (result.action === 'skipped' || qboInvoiceId === undefined) {
			failWith('validation', `HubSpot invoice ${hubspotInvoiceId} was not synced: ${result.reason ?? result.action}.`, 'Finalize the invoice in HubSpot (or turn on "Sync Drafts"), then run the item again.', { hubspotInvoiceId });
		}
		return await session.client.get<QboInvoiceRecord>('Invoice', String(qboInvoiceId));
	};
}

function recordOptions(context: IExecuteFunctions, itemIndex: number, session: PaymentSyncSession): RecordPaymentOptions {
	const syncFirst = context.getNodeParameter('syncInvoiceFirst', itemIndex, false) as boolean;
	return {
		...(syncFirst ? { syncInvoiceFirst: invoiceSyncer(context, session) } : {}),
		depositAccountRef: ref(context.getNodeParameter('depositAccount', itemIndex, '')),
		salesReceiptItemRef: ref(context.getNodeParameter('salesReceiptItem', itemIndex, '')),
		customerRef: customerOption(context, itemIndex),
		paymentMethodRefs: paymentMethodRefs(context, itemIndex),
		lineTaxCodeRef: taxCodeOption(context, itemIndex),
		timeZone: timeZoneOf(context, itemIndex),
	};
}

/**
 * All input payments together: the HubSpot reads they need are batched, then each payment is recorded
 * in input order (several payments of one invoice apply to its balance one after the other).
 */
export async function executeItems(this: IExecuteFunctions, items: INodeExecutionData[], client: QuickBooksClient): Promise<INodeExecutionData[]> {
	const session = new PaymentSyncSession(this, client, undefined, previewRecorderFor(this));
	const inputs = await readPaymentInputs(session, items, (payment, itemIndex) => paymentRelations(payment, customerOption(this, itemIndex) !== undefined));
	return await recordEach(session, inputs, async (input) => await withWouldWrite(session.preview, async () => await recordHubSpotPayment(session, input, recordOptions(this, input.itemIndex, session))));
}
