/**
 * A QuickBooks invoice in HubSpot: created once, updated when it changes in QuickBooks, voided when it
 * is voided there; a delete is reported (HubSpot keeps its invoice). Loop prevention both ways:
 * - a QuickBooks invoice born in HubSpot (our "HubSpot invoice <id>" marker) is never sent back; an
 *   edit made to it in QuickBooks is reported, as HubSpot's own sync does (hubspot.md §8.2, §8.3 #4);
 * - the HubSpot invoice made here carries the QuickBooks id (`qbo_origin_invoice_id`), which the
 *   HubSpot → QuickBooks sync and the HubSpot Invoice Trigger skip.
 * Exactly once: one writer per QuickBooks invoice (lease), the look-up by the unique marker before any
 * write, creates never resent blindly (a 409 on the marker means another run made it), parts written
 * as a difference, and the amount billed checked against QuickBooks' total before the invoice opens.
 */
import { syncError } from '../../../core/errors';
import {
	hubSpotBirthOf,
	hubSpotInvoiceFromQuickBooks,
	isDeletedDocument,
	isVoidedDocument,
	QUICKBOOKS_ORIGIN_PROPERTY,
	type HubSpotInvoiceDraft,
	type QuickBooksDocument,
} from '../../../core/quickBooksToHubSpot';
import { decimalsEqual, parseDecimal } from '../../../core/money';
import { QBO_SYNC_PROPERTIES, type HubSpotClient, type HubSpotObject } from '../../../transport/hubspot';
import { TWO_WAY_INVOICE_PROPERTIES } from '../../../transport/hubspot/twoWayProperties';
import { createOrFind, resolveBillTo } from './customer';
import { dealFor, updateDealFromInvoice } from './deals';
import { bringPartsInLine, partsMatch } from './invoiceParts';
import { findQuickBooksBornInvoice, ORIGIN_READ_PROPERTIES } from './lookups';
import { twoWayLeaseKey, type TwoWayResult, type TwoWaySettings } from './settings';

/** hubspot.md §1.5: invoice → contact 177, company 179, deal 175. */
const INVOICE_TO = { contact: 177, company: 179, deal: 175 } as const;

/** QuickBooks' clock and HubSpot's differ by a little; an edit within this of the last sync is that sync. */
const EDIT_TOLERANCE_MS = 60_000;

export async function syncInvoiceFromQuickBooks(client: HubSpotClient, invoice: QuickBooksDocument, settings: TwoWaySettings, mode: 'sync' | 'void' = 'sync'): Promise<TwoWayResult> {
	const quickBooksId = String(invoice.Id ?? '');
	const bornIn = hubSpotBirthOf(invoice);
	if (bornIn !== undefined) return await hubSpotBorn(client, invoice, bornIn);
	return await settings.leases.withLease(twoWayLeaseKey(client.basePath, 'invoice', quickBooksId), async () => {
		const existing = await findQuickBooksBornInvoice(client, quickBooksId);
		if (isDeletedDocument(invoice)) {
			return {
				action: 'reported',
				quickBooksId,
				...(existing ? { hubspotInvoiceId: existing.id, status: existing.properties.hs_invoice_status ?? undefined } : {}),
				reason: existing
					? `Deleted in QuickBooks. The HubSpot invoice ${existing.id} is kept as it is: delete or void it in HubSpot if it should go too.`
					: 'Deleted in QuickBooks; no HubSpot invoice was made from it.',
			};
		}
		if (mode === 'void' || isVoidedDocument(invoice)) return await voidInHubSpot(client, quickBooksId, existing);
		const mapped = hubSpotInvoiceFromQuickBooks(invoice, settings);
		if (!mapped.ok) return { action: 'failed', quickBooksId, ...(existing ? { hubspotInvoiceId: existing.id } : {}), error: mapped.error };
		return existing ? await update(client, invoice, mapped.draft, existing, settings) : await create(client, invoice, mapped.draft, settings);
	});
}

/** Born in HubSpot: never written back; an edit in QuickBooks after our last sync is reported. */
async function hubSpotBorn(client: HubSpotClient, invoice: QuickBooksDocument, hubspotInvoiceId: string): Promise<TwoWayResult> {
	const quickBooksId = String(invoice.Id ?? '');
	const [source] = await client.batchRead('invoices', [hubspotInvoiceId], { properties: ORIGIN_READ_PROPERTIES });
	const syncedAt = Date.parse(source?.properties[QBO_SYNC_PROPERTIES.lastSyncedAt] ?? '');
	const editedAt = Date.parse(invoice.MetaData?.LastUpdatedTime ?? '');
	const base = { quickBooksId, hubspotInvoiceId, status: source?.properties.hs_invoice_status ?? undefined };
	if (Number.isFinite(syncedAt) && Number.isFinite(editedAt) && editedAt > syncedAt + EDIT_TOLERANCE_MS) {
		return {
			...base,
			action: 'reported',
			reason: `Edited in QuickBooks, but born in HubSpot (invoice ${hubspotInvoiceId}): the change is not copied back. Make it in HubSpot, which the sync sends to QuickBooks; revert the QuickBooks edit if it changed lines, prices or tax.`,
		};
	}
	return { ...base, action: 'skipped', reason: `Born in HubSpot (invoice ${hubspotInvoiceId}): never sent back.` };
}

async function voidInHubSpot(client: HubSpotClient, quickBooksId: string, existing: HubSpotObject | undefined): Promise<TwoWayResult> {
	if (!existing) return { action: 'skipped', quickBooksId, reason: 'Voided in QuickBooks before it was synced: nothing to void in HubSpot.' };
	const status = existing.properties.hs_invoice_status;
	if (status === 'voided') return { action: 'unchanged', quickBooksId, hubspotInvoiceId: existing.id, status };
	if (status === 'paid') {
		return {
			action: 'failed',
			quickBooksId,
			hubspotInvoiceId: existing.id,
			status,
			error: syncError('validation', `The HubSpot invoice ${existing.id} is paid; HubSpot does not void a paid invoice.`, { hubspotInvoiceId: existing.id }, 'Remove the payment in QuickBooks first (it is removed from HubSpot by the payment sync), then void again.'),
		};
	}
	const updated = await client.updateRecord('invoices', existing.id, { hs_invoice_status: 'voided' });
	return { action: 'voided', quickBooksId, hubspotInvoiceId: existing.id, status: updated.properties.hs_invoice_status ?? 'voided' };
}

function versionProperties(invoice: QuickBooksDocument): Record<string, string> {
	return {
		[TWO_WAY_INVOICE_PROPERTIES.syncToken]: String(invoice.SyncToken ?? ''),
		[TWO_WAY_INVOICE_PROPERTIES.updatedAt]: invoice.MetaData?.LastUpdatedTime ?? '',
	};
}

async function create(client: HubSpotClient, invoice: QuickBooksDocument, draft: HubSpotInvoiceDraft, settings: TwoWaySettings): Promise<TwoWayResult> {
	const quickBooksId = String(invoice.Id);
	const billTo = await resolveBillTo(client, draft.customer, settings);
	if ('error' in billTo) return { action: 'failed', quickBooksId, error: billTo.error };
	const deal = await dealFor(client, invoice, billTo.company?.id, settings);
	const associations = [
		{ toId: billTo.contact.id, typeId: INVOICE_TO.contact },
		...(billTo.company ? [{ toId: billTo.company.id, typeId: INVOICE_TO.company }] : []),
		...(deal.dealId ? [{ toId: deal.dealId, typeId: INVOICE_TO.deal }] : []),
	];
	// A draft first: HubSpot opens an invoice only once a contact and a line item are associated (hubspot.md §1.3).
	const created = await createOrFind(
		() => client.createRecord('invoices', { ...draft.properties, ...versionProperties(invoice), hs_invoice_status: 'draft' }, associations),
		() => findQuickBooksBornInvoice(client, quickBooksId),
	);
	const result = await finish(client, invoice, draft, created.id, settings, deal.dealId);
	const notes = [...draft.notes, ...(deal.note ? [deal.note] : []), ...(result.notes ?? [])];
	return { ...result, action: result.action === 'failed' ? 'failed' : 'created', ...(notes.length > 0 ? { notes } : {}) };
}

async function update(client: HubSpotClient, invoice: QuickBooksDocument, draft: HubSpotInvoiceDraft, existing: HubSpotObject, settings: TwoWaySettings): Promise<TwoWayResult> {
	const quickBooksId = String(invoice.Id);
	const hubspotInvoiceId = existing.id;
	const status = existing.properties.hs_invoice_status ?? 'draft';
	if (status === 'voided') return { action: 'skipped', quickBooksId, hubspotInvoiceId, status, reason: 'The HubSpot invoice is voided; voided is final in HubSpot.' };
	const sameVersion = existing.properties[TWO_WAY_INVOICE_PROPERTIES.syncToken] === String(invoice.SyncToken ?? '');
	if (sameVersion && status !== 'draft' && (await partsMatch(client, hubspotInvoiceId, draft))) {
		return { action: 'unchanged', quickBooksId, hubspotInvoiceId, status, amountBilled: existing.properties.hs_amount_billed ?? undefined, balanceDue: existing.properties.hs_balance_due ?? undefined };
	}
	const hasPayment = status === 'paid' || !sameAmount(existing.properties.hs_balance_due, existing.properties.hs_amount_billed);
	if (hasPayment && !(await partsMatch(client, hubspotInvoiceId, draft))) {
		// KB via hubspot.md §1.3: "An invoice cannot be edited if a payment has been made on it."
		return {
			action: 'reported',
			quickBooksId,
			hubspotInvoiceId,
			status,
			reason: 'Edited in QuickBooks after a payment: HubSpot does not let a paid or partly paid invoice be edited, so its lines stay as they were.',
		};
	}
	const header: Record<string, string> = {};
	for (const [name, value] of Object.entries({ ...draft.properties, ...versionProperties(invoice) })) {
		if (name === QUICKBOOKS_ORIGIN_PROPERTY || name === 'hs_currency') continue;
		if ((existing.properties[name] ?? '') !== value && !(hasPayment && name.startsWith('hs_'))) header[name] = value;
	}
	if (Object.keys(header).length > 0) await client.updateRecord('invoices', hubspotInvoiceId, header);
	const dealId = await keepDeal(client, invoice, hubspotInvoiceId, settings);
	const result = await finish(client, invoice, draft, hubspotInvoiceId, settings, dealId);
	return { ...result, action: result.action === 'failed' ? 'failed' : 'updated' };
}

/** The invoice's deal after an edit: the rule may now give one (a custom field filled in later). */
async function keepDeal(client: HubSpotClient, invoice: QuickBooksDocument, hubspotInvoiceId: string, settings: TwoWaySettings): Promise<string | undefined> {
	const [deals, companies] = await Promise.all([
		client.readAssociations('invoices', 'deals', [hubspotInvoiceId]),
		client.readAssociations('invoices', 'companies', [hubspotInvoiceId]),
	]);
	const current = deals.get(hubspotInvoiceId)?.[0];
	if (current || settings.dealRule === 'none') return current;
	const { dealId } = await dealFor(client, invoice, companies.get(hubspotInvoiceId)?.[0], settings);
	if (dealId) await client.associateDefault('invoices', hubspotInvoiceId, 'deals', dealId);
	return dealId;
}

/**
 * Parts brought in line, then the amount HubSpot bills compared with QuickBooks' total to the cent:
 * equal, a draft opens; different, it stays a draft and the item fails with amount_mismatch.
 */
async function finish(client: HubSpotClient, invoice: QuickBooksDocument, draft: HubSpotInvoiceDraft, hubspotInvoiceId: string, settings: TwoWaySettings, dealId: string | undefined): Promise<TwoWayResult> {
	const quickBooksId = String(invoice.Id);
	await bringPartsInLine(client, hubspotInvoiceId, draft);
	let record = await client.getRecord('invoices', hubspotInvoiceId, { properties: ORIGIN_READ_PROPERTIES });
	if (!sameAmount(record.properties.hs_amount_billed, draft.amountBilled)) {
		return {
			action: 'failed',
			quickBooksId,
			hubspotInvoiceId,
			status: record.properties.hs_invoice_status ?? undefined,
			error: syncError(
				'amount_mismatch',
				`HubSpot bills ${record.properties.hs_amount_billed ?? '?'} ${draft.currency} for the invoice ${hubspotInvoiceId}; QuickBooks' total is ${draft.amountBilled}. The invoice stays a draft.`,
				{ hubspotInvoiceId, amountBilled: record.properties.hs_amount_billed, totalAmt: draft.amountBilled },
				"Check the HubSpot invoice's line items, discounts and taxes against the QuickBooks invoice, then run the item again.",
			),
		};
	}
	if ((record.properties.hs_invoice_status ?? 'draft') === 'draft') {
		await client.updateRecord('invoices', hubspotInvoiceId, { hs_invoice_status: 'open' });
		record = await client.getRecord('invoices', hubspotInvoiceId, { properties: ORIGIN_READ_PROPERTIES });
	}
	const figures = {
		amountBilled: record.properties.hs_amount_billed ?? undefined,
		balanceDue: record.properties.hs_balance_due ?? undefined,
		status: record.properties.hs_invoice_status ?? undefined,
	};
	const notes: string[] = [];
	if (dealId && settings.updateDealProperties) {
		const written = await updateDealFromInvoice(client, dealId, invoice, { ...figures, invoiceDate: record.properties.hs_invoice_date ?? undefined, dueDate: record.properties.hs_due_date ?? undefined });
		if (!written) notes.push(`The deal ${dealId} keeps the figures of a more recently updated invoice.`);
	}
	return { action: 'updated', quickBooksId, hubspotInvoiceId, ...figures, ...(dealId ? { dealId } : {}), ...(notes.length > 0 ? { notes } : {}) };
}

function sameAmount(a: string | null | undefined, b: string | null | undefined): boolean {
	if (a === null || a === undefined || a === '' || b === null || b === undefined || b === '') return a === b;
	return decimalsEqual(parseDecimal(a), parseDecimal(b));
}
