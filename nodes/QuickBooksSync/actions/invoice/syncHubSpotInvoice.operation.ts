/**
 * Sync HubSpot Invoice: every input item's HubSpot invoice to a QuickBooks invoice, all items together
 * (sync/invoiceSync.ts): few look-ups, writes through /batch, one output item per input item. A failed
 * invoice goes to the error output under Continue On Fail; otherwise the node stops with the first
 * failure, once the chunk it belongs to is written to QuickBooks and its status written back to HubSpot.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { canonicalJson, SyncFailure } from '../../../../core';
import { createHubSpotClient, HUBSPOT_CREDENTIAL_TYPE, type HubSpotClient } from '../../../../transport/hubspot';
import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import {
	invoiceSyncSettingsProperties,
	readInvoiceSyncSettings,
	runInvoiceSync,
	type HubSpotInvoiceInput,
	type InvoiceSyncResult,
	type InvoiceSyncSettings,
} from '../../sync/invoiceSync';
import { executionIdOf } from '../../sync/execution';
import { previewOnlyProperty, previewRecorderFor, writesConcerning, type PreviewRecorder } from '../../sync/preview';
import { summarizeFailure, toNodeError } from '../../nodeHelpers/errors';

const displayOptions = { show: { resource: ['invoice'], operation: ['syncHubSpotInvoice'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'HubSpot Invoice ID',
		name: 'hubspotInvoiceId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description:
			'The HubSpot invoice to sync. When the input item is that invoice as the HubSpot Invoice Trigger or the HubSpot Commerce node emits it, its properties and related records are used; otherwise the invoice is read with the HubSpot credential.',
	},
];

export const description: INodeProperties[] = [
	...updateDisplayOptions(displayOptions, [...properties, previewOnlyProperty]),
	...invoiceSyncSettingsProperties(displayOptions),
];

/** The item's invoice as given, or `{ id }` when the item is something else (the sync then reads it). */
function invoiceInput(context: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): HubSpotInvoiceInput {
	const raw = context.getNodeParameter('hubspotInvoiceId', itemIndex, '') as unknown;
	const id = String(raw ?? '').trim();
	if (id === '') throw validationError('HubSpot Invoice ID is empty', 'Map the HubSpot invoice ID, e.g. {{ $json.id }} after the HubSpot Invoice Trigger.');
	if (!/^\d+$/.test(id)) throw validationError(`"${id}" is not a HubSpot invoice ID`, 'HubSpot record IDs are numbers, e.g. 412455221.');
	const json = item.json as IDataObject;
	if (String(json.id ?? '') === id && json.properties && typeof json.properties === 'object') return { ...(json as HubSpotInvoiceInput), id };
	return { id };
}

/** The output item of one result; the error fields only for failures. */
function outputJson(result: InvoiceSyncResult): IDataObject {
	const json: IDataObject = { action: result.action, hubspotInvoiceId: result.hubspotInvoiceId };
	if (result.qboInvoice !== undefined) json.qboInvoice = result.qboInvoice;
	if (result.docNumber !== undefined) json.docNumber = result.docNumber;
	if (result.customer !== undefined) json.customer = result.customer as unknown as IDataObject;
	if (result.changedFields !== undefined) json.changedFields = result.changedFields;
	if (result.reason !== undefined) json.reason = result.reason;
	if (result.notes !== undefined) json.notes = result.notes;
	if (result.action === 'failed') {
		json.category = result.category;
		json.message = result.message;
		json.howToFix = result.howToFix;
		json.error = failureSummary(result);
	}
	if (result.writeBackError !== undefined) json.writeBackError = result.writeBackError;
	return json;
}

function syncFailureOf(result: InvoiceSyncResult): SyncFailure {
	return new SyncFailure(result.error ?? { category: result.category ?? 'unknown', message: String(result.message), howToFix: String(result.howToFix) });
}

/** The router's failure summary (category, message, howToFix, code, intuit_tid) plus which invoice failed. */
function failureSummary(result: InvoiceSyncResult): IDataObject {
	return { ...summarizeFailure(syncFailureOf(result)), action: 'failed', hubspotInvoiceId: result.hubspotInvoiceId };
}

/**
 * A failed item under Continue On Fail. n8n moves an item to the error output only when its JSON holds
 * nothing but `error` (and `message`); on the regular output the item keeps the full result.
 */
function failedItem(context: IExecuteFunctions, itemIndex: number, result: InvoiceSyncResult): INodeExecutionData {
	if (context.getNode().onError === 'continueErrorOutput') {
		return { json: { error: failureSummary(result), message: String(result.message) }, pairedItem: { item: itemIndex } };
	}
	return { json: outputJson(result), pairedItem: { item: itemIndex } };
}

async function hubSpotClientIfSelected(context: IExecuteFunctions): Promise<HubSpotClient | undefined> {
	if (!context.getNode().credentials?.[HUBSPOT_CREDENTIAL_TYPE]) return undefined;
	return await createHubSpotClient(context);
}

/** Preview: what this invoice's sync would write (its invoice, a customer or items it would create, its write-back). */
function withPreview(json: IDataObject, result: InvoiceSyncResult, preview: PreviewRecorder): IDataObject {
	const invoice = result.qboInvoice;
	const itemIds = ((invoice?.Line as IDataObject[] | undefined) ?? []).map((line) => String(((line.SalesItemLineDetail as IDataObject | undefined)?.ItemRef as IDataObject | undefined)?.value ?? ''));
	const records: Array<[string, string | undefined]> = [
		['Invoice', invoice?.Id === undefined ? undefined : String(invoice.Id)],
		['Customer', result.customer?.id],
		...itemIds.map((id): [string, string] => ['Item', id]),
	];
	return { ...json, dryRun: true, wouldWrite: writesConcerning(preview.writes, records, [result.hubspotInvoiceId]) };
}

interface Member {
	itemIndex: number;
	input: HubSpotInvoiceInput;
}

export async function executeItems(this: IExecuteFunctions, items: INodeExecutionData[], client: QuickBooksClient): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const preview = previewRecorderFor(this);
	const hubspotClient = await hubSpotClientIfSelected(this);
	const hubspot = preview && hubspotClient ? preview.hubSpot(hubspotClient) : hubspotClient;
	const qb = preview ? preview.quickBooks(client) : client;
	const output: INodeExecutionData[] = [];

	// Items with the same settings sync together (usually all of them); the sync chunks them itself.
	const groups = new Map<string, { settings: InvoiceSyncSettings; members: Member[] }>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const input = invoiceInput(this, itemIndex, items[itemIndex]);
			const settings = readInvoiceSyncSettings(this, itemIndex);
			const key = canonicalJson(settings);
			const group = groups.get(key) ?? { settings, members: [] };
			group.members.push({ itemIndex, input });
			groups.set(key, group);
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			const summary = summarizeFailure(error);
			output.push(failedItem(this, itemIndex, { action: 'failed', hubspotInvoiceId: '', ...summary, category: summary.category as never }));
		}
	}

	for (const { settings, members } of groups.values()) {
		const deps = { qb, hubspot, node: this.getNode(), executionId: executionIdOf(this) };
		const runOptions = { stopAfterFailure: !continueOnFail, ...(preview ? { leases: preview.leases } : {}) };
		const results = await runInvoiceSync(deps, members.map((member) => member.input), settings, runOptions);
		let firstFailure: { itemIndex: number; result: InvoiceSyncResult } | undefined;
		members.forEach(({ itemIndex }, position) => {
			const result = results[position];
			if (result === undefined) return;
			const failed = result.action === 'failed' || result.writeBackError !== undefined;
			if (failed && !continueOnFail) {
				firstFailure ??= { itemIndex, result };
				return;
			}
			if (result.action === 'failed') output.push(failedItem(this, itemIndex, result));
			else output.push({ json: preview ? withPreview(outputJson(result), result, preview) : outputJson(result), pairedItem: { item: itemIndex } });
		});
		if (firstFailure !== undefined) {
			const { itemIndex, result } = firstFailure;
			if (result.action !== 'failed') {
				throw new NodeOperationError(this.getNode(), `QuickBooks is up to date, but writing the sync status to HubSpot failed: ${result.writeBackError ?? ''} [item ${itemIndex}]`, {
					itemIndex,
					description: 'Run the node again: the QuickBooks invoices are found again, and the status is written then.',
				});
			}
			throw toNodeError(this, syncFailureOf(result), itemIndex);
		}
	}
	return output.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
}
