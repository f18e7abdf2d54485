/**
 * Reconcile With HubSpot: one output item for the run (the JSON summary: counts per class, totals per
 * currency, every entry that is not matched, the calls made) with the report attached as binary data,
 * `html` for a person and `csv` for a spreadsheet, ready for the Send Email, Slack or Drive nodes.
 * With Repair on, what drifted is repaired through the sync operations' own layer (sync/reconcileRepair.ts).
 */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { normalizeCurrencyCode, toQboDate, type FeePeriod } from '../../../../core';
import { createHubSpotClient, HUBSPOT_CREDENTIAL_TYPE } from '../../../../transport/hubspot';
import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import { readPeriod } from '../../sync/feeSync';
import { invoiceSyncSettingsProperties, readInvoiceSyncSettings } from '../../sync/invoiceSync';
import { timeZoneOf, timeZoneOption } from '../../sync/paymentSync';
import { readAndReconcile } from '../../sync/reconcile';
import { reconcileCsv, reconcileHtml } from '../../sync/reconcileReport';
import { repairDrift } from '../../sync/reconcileRepair';
import { depositAccountLocator, itemLocator, locatorValue } from '../../nodeHelpers/locators';
import { periodDayFields } from '../../nodeHelpers/periodFields';

const displayOptions = { show: { resource: ['reconciliation'], operation: ['reconcile'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Period',
		name: 'period',
		type: 'options',
		options: [
			{ name: 'Yesterday', value: 'yesterday', description: 'The day before today (in the time zone of the options)' },
			{ name: 'Previous Month', value: 'previousMonth', description: 'The calendar month before today; fees are compared for whole months' },
			{ name: 'Month', value: 'month', description: 'A calendar month' },
			{ name: 'Date Range', value: 'dateRange', description: 'From a start day to an end day, both included' },
		],
		default: 'yesterday',
		description: 'Which documents to compare: HubSpot invoices by invoice date, payments by payment date, QuickBooks documents by transaction date',
	},
	...periodDayFields,
	{
		displayName: 'Repair',
		name: 'repair',
		type: 'boolean',
		default: false,
		description:
			'Whether to repair what drifted: sync invoices that are missing in QuickBooks, differ or failed, and re-book a fee expense whose total differs. Documents without the sync\'s marker are never changed.',
	},
	{
		displayName: 'Void Documents Without a HubSpot Record',
		name: 'voidOrphans',
		type: 'boolean',
		default: false,
		description:
			'Whether Repair also voids (or deletes, where QuickBooks has no void) QuickBooks documents that carry the sync\'s marker but have no HubSpot record, and the extra copies of a duplicated document',
		displayOptions: { show: { repair: [true] } },
	},
	{
		...itemLocator({
			name: 'salesReceiptItem',
			displayName: 'Item For Payments Without Invoice',
			description: 'Repair records missing payments as Record HubSpot Payment does: payments without an invoice become a sales receipt with one line on this item',
		}),
		displayOptions: { show: { repair: [true] } },
	},
	{
		...depositAccountLocator({
			name: 'depositAccount',
			displayName: 'Deposit To Account',
			description: "Where repaired payments go (Bank or Other Current Asset). Empty: Undeposited Funds, QuickBooks' default.",
		}),
		displayOptions: { show: { repair: [true] } },
	},
	{
		...itemLocator({
			name: 'refundItem',
			displayName: 'Refund Item',
			description: "Repair books refunds missing in QuickBooks as Record HubSpot Refund does: a refund receipt with one line on this item. Empty: refunds are reported, not booked.",
		}),
		displayOptions: { show: { repair: [true] } },
	},
	{
		...depositAccountLocator({ name: 'refundFromAccount', displayName: 'Refund From Account', description: 'The account repaired refunds were paid back from' }),
		displayOptions: { show: { repair: [true] } },
	},
	...invoiceSyncSettingsProperties({ show: { repair: [true] } }),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Currencies',
				name: 'currencies',
				type: 'string',
				default: '',
				placeholder: 'e.g. USD, EUR',
				description: 'Only these currencies (ISO codes, comma-separated). Empty: all.',
			},
			{
				displayName: 'Compare Open Balances',
				name: 'compareBalances',
				type: 'boolean',
				default: true,
				description: "Whether an invoice whose open balance differs (a payment recorded on one side only) is reported. Turn off when payments are not synced.",
			},
			timeZoneOption,
		],
	},
];

export const description: INodeProperties[] = updateDisplayOptions(displayOptions, properties);

const DAY_MS = 24 * 60 * 60 * 1000;

function periodOf(context: IExecuteFunctions, timeZone: string): FeePeriod {
	const now = Date.now();
	if (context.getNodeParameter('period', 0, 'yesterday') !== 'yesterday') return readPeriod(context, timeZone, now);
	const day = toQboDate(String(now - DAY_MS), timeZone, 'yesterday')!;
	return { from: day, to: day };
}

function currenciesOf(text: unknown): string[] {
	const codes = String(text ?? '')
		.split(/[\s,;]+/)
		.filter((code) => code !== '');
	try {
		return codes.map(normalizeCurrencyCode);
	} catch {
		throw validationError(`"${String(text)}" is not a list of currency codes`, 'Enter ISO currency codes separated by commas, e.g. USD, EUR.');
	}
}

function refOf(value: unknown): { value: string } | undefined {
	const id = locatorValue(value);
	return id === undefined ? undefined : { value: id };
}

export async function executeItems(this: IExecuteFunctions, _items: INodeExecutionData[], client: QuickBooksClient): Promise<INodeExecutionData[]> {
	if (!this.getNode().credentials?.[HUBSPOT_CREDENTIAL_TYPE]) {
		throw validationError('Reconcile needs a HubSpot credential', 'Select a HubSpot Commerce API credential on this node.');
	}
	const hubspot = await createHubSpotClient(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const timeZone = timeZoneOf(this, 0);
	const settings = { period: periodOf(this, timeZone), timeZone, currencies: currenciesOf(options.currencies), compareBalances: options.compareBalances !== false };
	const reading = await readAndReconcile(client, hubspot, settings);

	const json: IDataObject = {
		period: { ...reading.period },
		feesCompared: reading.feesCompared,
		counts: { ...reading.counts },
		totals: reading.totals as unknown as IDataObject[],
		issues: reading.entries.filter((entry) => entry.class !== 'matched') as unknown as IDataObject[],
		calls: { ...reading.calls },
	};
	if (this.getNodeParameter('repair', 0, false) as boolean) {
		json.repairs = (await repairDrift(this, { qb: client, hubspot, node: this.getNode() }, reading, {
			invoiceSync: readInvoiceSyncSettings(this, 0),
			voidOrphans: this.getNodeParameter('voidOrphans', 0, false) as boolean,
			timeZone,
			salesReceiptItemRef: refOf(this.getNodeParameter('salesReceiptItem', 0, '')),
			depositAccountRef: refOf(this.getNodeParameter('depositAccount', 0, '')),
			refundItemRef: refOf(this.getNodeParameter('refundItem', 0, '')),
			refundFromAccountRef: refOf(this.getNodeParameter('refundFromAccount', 0, '')),
		})) as unknown as IDataObject[];
	}
	const name = `reconciliation-${reading.period.from}-to-${reading.period.to}`;
	const binary = {
		html: await this.helpers.prepareBinaryData(Buffer.from(reconcileHtml(reading), 'utf8'), `${name}.html`, 'text/html'),
		csv: await this.helpers.prepareBinaryData(Buffer.from(reconcileCsv(reading), 'utf8'), `${name}.csv`, 'text/csv'),
	};
	return [{ json, binary, pairedItem: { item: 0 } }];
}
