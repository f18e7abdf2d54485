/**
 * An invoice's line items, discounts and taxes brought to what QuickBooks has. Line items belong to
 * one parent (hubspot.md §1.5), so they are created on the invoice with their association in the same
 * request. What HubSpot holds is read first and only the difference is written: a run after a crash or
 * a lost answer finds the parts already there (or a duplicate, which goes) and sends only the rest.
 */
import type { HubSpotAdjustmentInput, HubSpotInvoiceDraft, HubSpotLineItemInput } from '../../../core/quickBooksToHubSpot';
import { parseDecimal, decimalToString, trimDecimal } from '../../../core/money';
import type { HubSpotClient, HubSpotObjectType } from '../../../transport/hubspot';

/** hubspot.md §1.5: line item → invoice 410, discount → invoice 412, tax → invoice 416. */
const TO_INVOICE: Record<'line_items' | 'discounts' | 'taxes', number> = { line_items: 410, discounts: 412, taxes: 416 };

type PartType = keyof typeof TO_INVOICE;

/** Writes the difference; returns how many parts were created and removed. */
export async function bringPartsInLine(client: HubSpotClient, invoiceId: string, draft: HubSpotInvoiceDraft): Promise<{ created: number; removed: number }> {
	const wanted: Array<[PartType, Array<Record<string, string>>]> = [
		['line_items', draft.lineItems.map((line) => lineProperties(line, draft.currency))],
		['discounts', draft.discounts.map(adjustmentProperties)],
		['taxes', draft.taxes.map(adjustmentProperties)],
	];
	let created = 0;
	let removed = 0;
	for (const [type, parts] of wanted) {
		const outcome = await reconcileParts(client, invoiceId, type, parts);
		created += outcome.created;
		removed += outcome.removed;
	}
	return { created, removed };
}

/** Whether the invoice's parts already are what QuickBooks has (read only). */
export async function partsMatch(client: HubSpotClient, invoiceId: string, draft: HubSpotInvoiceDraft): Promise<boolean> {
	const existing = await readParts(client, invoiceId, 'line_items');
	const wanted = draft.lineItems.map((line) => signature('line_items', lineProperties(line, draft.currency))).sort();
	return JSON.stringify(existing.map((part) => part.signature).sort()) === JSON.stringify(wanted);
}

async function reconcileParts(client: HubSpotClient, invoiceId: string, type: PartType, parts: Array<Record<string, string>>): Promise<{ created: number; removed: number }> {
	const existing = await readParts(client, invoiceId, type);
	const unmatched = [...existing];
	const missing: Array<Record<string, string>> = [];
	for (const part of parts) {
		const index = unmatched.findIndex((candidate) => candidate.signature === signature(type, part));
		if (index >= 0) unmatched.splice(index, 1);
		else missing.push(part);
	}
	// Removed first: HubSpot recomputes the amount billed after each write, and an extra part never helps.
	for (const extra of unmatched) await client.archiveRecord(type, extra.id);
	for (const part of missing) await client.createRecord(type, part, [{ toId: invoiceId, typeId: TO_INVOICE[type] }]);
	return { created: missing.length, removed: unmatched.length };
}

const PART_PROPERTIES: Record<PartType, string[]> = {
	line_items: ['name', 'quantity', 'price'],
	discounts: ['hs_label', 'hs_type', 'hs_value'],
	taxes: ['hs_label', 'hs_type', 'hs_value'],
};

async function readParts(client: HubSpotClient, invoiceId: string, type: PartType): Promise<Array<{ id: string; signature: string }>> {
	const links = await client.readAssociations('invoices', type as HubSpotObjectType, [invoiceId]);
	const records = await client.batchRead(type, links.get(invoiceId) ?? [], { properties: PART_PROPERTIES[type] });
	return records.map((record) => ({ id: record.id, signature: signature(type, record.properties) }));
}

/** What makes two parts the same: their meaning, with numbers compared by value ("2" = "2.00"). */
function signature(type: PartType, properties: Record<string, string | null | undefined>): string {
	return PART_PROPERTIES[type].map((name) => (name === 'name' || name === 'hs_label' || name === 'hs_type' ? (properties[name] ?? '') : numberText(properties[name]))).join('|');
}

function numberText(value: string | null | undefined): string {
	if (value === null || value === undefined || value === '') return '';
	try {
		return decimalToString(trimDecimal(parseDecimal(value)));
	} catch {
		return value;
	}
}

function lineProperties(line: HubSpotLineItemInput, currency: string): Record<string, string> {
	const properties: Record<string, string> = { name: line.name, quantity: line.quantity, price: line.price, hs_line_item_currency_code: currency };
	if (line.description) properties.description = line.description;
	return properties;
}

function adjustmentProperties(adjustment: HubSpotAdjustmentInput): Record<string, string> {
	return { ...adjustment };
}
