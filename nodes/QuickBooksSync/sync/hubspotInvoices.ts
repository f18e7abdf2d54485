/**
 * The HubSpot side of an invoice sync: completing input invoices that came without their properties or
 * related records (batch reads of 100 and association reads of 1,000), and failures of HubSpot calls
 * as plain sync errors.
 */
import type { IDataObject } from 'n8n-workflow';

import { syncError, type HubSpotInvoice, type SyncError } from '../../../core';
import { isHubSpotTimeout, type HubSpotClient, type InvoiceInclude } from '../../../transport/hubspot';

/** What the mapping reads: line items, who is billed, and the invoice-level discounts, fees and taxes. */
export const INVOICE_SYNC_INCLUDES: readonly InvoiceInclude[] = ['lineItems', 'contacts', 'companies', 'discounts', 'fees', 'taxes'];

/** Without these the invoice cannot be mapped; an input lacking one is read again. */
const ESSENTIAL_PROPERTIES = ['hs_currency', 'hs_amount_billed', 'hs_invoice_status'];

/** A HubSpot invoice as an input item holds it: the trigger's or Commerce node's record, or just `{ id }`. */
export interface HubSpotInvoiceInput {
	id: string;
	properties?: Record<string, string | null | undefined>;
	lineItems?: Array<{ id: string; properties: Record<string, string | null | undefined> }>;
	contacts?: Array<{ id: string; properties: Record<string, string | null | undefined> }>;
	companies?: Array<{ id: string; properties: Record<string, string | null | undefined> }>;
	discounts?: Array<{ id: string; properties: Record<string, string | null | undefined> }>;
	fees?: Array<{ id: string; properties: Record<string, string | null | undefined> }>;
	taxes?: Array<{ id: string; properties: Record<string, string | null | undefined> }>;
	[key: string]: unknown;
}

/**
 * Reads the related records the invoices lack, one include at a time per include but all includes at
 * once: each is an association read and a few batch reads, and the client's limiter keeps the total
 * inside HubSpot's limits, so running them side by side only hides the latency.
 */
async function attachConcurrently(hubspot: HubSpotClient, records: Array<IDataObject & { id: string }>): Promise<void> {
	await Promise.all(
		INVOICE_SYNC_INCLUDES.map(async (include) => {
			const lacking = records.filter((record) => !Array.isArray(record[include]));
			if (lacking.length > 0) await hubspot.attachInvoiceIncludes(lacking as never, [include]);
		}),
	);
}

export type CompletedInvoice = { ok: true; invoice: HubSpotInvoice } | { ok: false; error: SyncError };

function needsFullRead(input: HubSpotInvoiceInput): boolean {
	return !input.properties || ESSENTIAL_PROPERTIES.some((name) => !(name in (input.properties as object)));
}

function missingIncludes(input: HubSpotInvoiceInput): InvoiceInclude[] {
	return INVOICE_SYNC_INCLUDES.filter((include) => !Array.isArray(input[include]));
}

/** A HubSpot failure (NodeApiError from the transport) as a sync error for the items it concerns. */
export function hubSpotFailure(error: unknown, what: string): SyncError {
	const failure = error as { message?: string; description?: string; httpCode?: string | null };
	const status = Number(failure.httpCode);
	const category = isHubSpotTimeout(error)
		? 'timeout'
		: status === 401 || status === 403
			? 'auth_reconnect'
			: status === 429
				? 'rate_limited'
				: status === 404
					? 'not_found'
					: 'unknown';
	return syncError(category, `Could not ${what}: ${failure.message ?? String(error)}`, undefined, failure.description ?? 'Run the item again.');
}

/**
 * Every input as a complete invoice, or why it cannot be: invoices known only by id are read with their
 * relations; relations an input lacks are read for all such inputs at once.
 */
export async function completeInvoices(hubspot: HubSpotClient | undefined, inputs: readonly HubSpotInvoiceInput[]): Promise<CompletedInvoice[]> {
	const results: Array<CompletedInvoice | undefined> = inputs.map(() => undefined);
	const toRead = inputs.map((input, index) => ({ input, index })).filter(({ input }) => needsFullRead(input));
	const toComplete = inputs.map((input, index) => ({ input, index })).filter(({ input }) => !needsFullRead(input) && missingIncludes(input).length > 0);

	if ((toRead.length > 0 || toComplete.length > 0) && hubspot === undefined) {
		const error = syncError(
			'validation',
			'The input is not a complete HubSpot invoice (properties, line items, contacts, companies, discounts, fees and taxes) and no HubSpot credential is selected to read it.',
			undefined,
			'Select a HubSpot Commerce API credential on this node, or read the invoices with the HubSpot Commerce node including line items, contacts, companies, discounts, fees and taxes.',
		);
		for (const { index } of [...toRead, ...toComplete]) results[index] = { ok: false, error };
	} else if (hubspot !== undefined) {
		if (toRead.length > 0) {
			try {
				const records = await hubspot.readInvoices(toRead.map(({ input }) => input.id));
				await attachConcurrently(hubspot, records as unknown as Array<IDataObject & { id: string }>);
				const read = new Map(records.map((invoice) => [invoice.id, invoice]));
				for (const { input, index } of toRead) {
					const invoice = read.get(input.id);
					results[index] = invoice
						? { ok: true, invoice: invoice as unknown as HubSpotInvoice }
						: {
								ok: false,
								error: syncError('not_found', `The HubSpot invoice ${input.id} was not found.`, { hubspotInvoiceId: input.id }, 'Check the HubSpot Invoice ID: the invoice may have been deleted, or belong to another HubSpot account.'),
							};
				}
			} catch (error) {
				const failure = hubSpotFailure(error, 'read the HubSpot invoices');
				for (const { index } of toRead) results[index] = { ok: false, error: failure };
			}
		}
		if (toComplete.length > 0) {
			const copies = toComplete.map(({ input }) => ({ ...input, properties: { ...input.properties } }) as unknown as IDataObject & { id: string });
			try {
				await attachConcurrently(hubspot, copies);
				toComplete.forEach(({ index }, position) => (results[index] = { ok: true, invoice: copies[position] as unknown as HubSpotInvoice }));
			} catch (error) {
				const failure = hubSpotFailure(error, 'read the related records of the HubSpot invoices');
				for (const { index } of toComplete) results[index] = { ok: false, error: failure };
			}
		}
	}
	inputs.forEach((input, index) => {
		results[index] ??= { ok: true, invoice: input as unknown as HubSpotInvoice };
	});
	return results as CompletedInvoice[];
}
