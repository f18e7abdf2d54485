/**
 * The deal of a QuickBooks-born invoice, by the rule the user picks (HubSpot's own QuickBooks sync
 * associates none: hubspot.md §8.1), and the deal's copy of its last-updated synced invoice.
 */
import type { QuickBooksDocument } from '../../../core/quickBooksToHubSpot';
import type { HubSpotClient } from '../../../transport/hubspot';
import { DEAL_INVOICE_PROPERTIES } from '../../../transport/hubspot/twoWayProperties';
import type { TwoWaySettings } from './settings';

const CLOSED_STAGES = new Set(['closedwon', 'closedlost']);

/** The deal id the rule gives, with a note when it gives none for a reason a person should know. */
export async function dealFor(
	client: HubSpotClient,
	invoice: QuickBooksDocument,
	companyId: string | undefined,
	settings: TwoWaySettings,
): Promise<{ dealId?: string; note?: string }> {
	if (settings.dealRule === 'customField') {
		const wanted = settings.dealCustomField.trim().toLowerCase();
		const field = (invoice.CustomField ?? []).find((candidate) => (candidate.Name ?? '').trim().toLowerCase() === wanted || candidate.DefinitionId === settings.dealCustomField.trim());
		const value = (field?.StringValue ?? '').trim();
		if (value === '') return { note: `The QuickBooks custom field "${settings.dealCustomField}" is empty: no deal associated.` };
		if (!/^\d+$/.test(value)) return { note: `The QuickBooks custom field "${settings.dealCustomField}" holds "${value}", not a HubSpot deal id: no deal associated.` };
		const [deal] = await client.batchRead('deals', [value], { properties: ['dealstage'] });
		return deal ? { dealId: deal.id } : { note: `No HubSpot deal ${value} (from the QuickBooks custom field "${settings.dealCustomField}"): no deal associated.` };
	}
	if (settings.dealRule === 'openDeal') {
		if (!companyId) return { note: 'No HubSpot company for the QuickBooks customer: no deal associated.' };
		const links = await client.readAssociations('companies', 'deals', [companyId]);
		const deals = await client.batchRead('deals', links.get(companyId) ?? [], { properties: ['dealstage', 'hs_is_closed'] });
		const open = deals.filter((deal) => deal.properties.hs_is_closed !== 'true' && !CLOSED_STAGES.has(deal.properties.dealstage ?? ''));
		if (open.length === 1) return { dealId: open[0].id };
		return { note: `The company ${companyId} has ${open.length} open deals, not exactly one: no deal associated.` };
	}
	return {};
}

/**
 * Copies the invoice's figures onto the deal when this invoice changed in QuickBooks no earlier than the
 * one the deal holds (the last-updated synced invoice wins). Returns whether the deal was written.
 */
export async function updateDealFromInvoice(
	client: HubSpotClient,
	dealId: string,
	invoice: QuickBooksDocument,
	hubspot: { amountBilled?: string; balanceDue?: string; status?: string; invoiceDate?: string; dueDate?: string },
): Promise<boolean> {
	const updatedAt = invoice.MetaData?.LastUpdatedTime ?? '';
	const [deal] = await client.batchRead('deals', [dealId], { properties: [DEAL_INVOICE_PROPERTIES.updatedAt] });
	if (!deal) return false;
	const held = Date.parse(deal.properties[DEAL_INVOICE_PROPERTIES.updatedAt] ?? '');
	if (Number.isFinite(held) && Date.parse(updatedAt) < held) return false;
	await client.updateRecord('deals', dealId, {
		[DEAL_INVOICE_PROPERTIES.amountBilled]: hubspot.amountBilled ?? '',
		[DEAL_INVOICE_PROPERTIES.balanceDue]: hubspot.balanceDue ?? '',
		[DEAL_INVOICE_PROPERTIES.status]: hubspot.status ?? '',
		[DEAL_INVOICE_PROPERTIES.invoiceDate]: hubspot.invoiceDate ?? '',
		[DEAL_INVOICE_PROPERTIES.dueDate]: hubspot.dueDate ?? '',
		[DEAL_INVOICE_PROPERTIES.updatedAt]: updatedAt,
	});
	return true;
}
