/**
 * A QuickBooks customer as HubSpot's contact and company. HubSpot needs a contact to open an invoice
 * (hubspot.md §1.3), found by email (unique on contacts) or created; the company is found by the
 * QuickBooks customer id we stamp on it, then by name, and created when the user allows it.
 */
import { syncError, type SyncError } from '../../../core/errors';
import type { HubSpotInvoiceDraft } from '../../../core/quickBooksToHubSpot';
import { settled, type HubSpotClient, type HubSpotObject } from '../../../transport/hubspot';
import { QUICKBOOKS_CUSTOMER_PROPERTY } from '../../../transport/hubspot/twoWayProperties';
import { findByMarker } from './lookups';
import type { TwoWaySettings } from './settings';

export interface BillTo {
	contact: HubSpotObject;
	company?: HubSpotObject;
}

/** The contact (and company) to bill, or why there is none. Creates are never resent blindly: a 409 means it exists. */
export async function resolveBillTo(client: HubSpotClient, customer: HubSpotInvoiceDraft['customer'], settings: TwoWaySettings): Promise<BillTo | { error: SyncError }> {
	if (!customer.email) {
		return {
			error: syncError(
				'customer_not_found',
				`The QuickBooks customer ${customer.name ?? customer.quickBooksId ?? ''} has no billing email on the invoice (BillEmail); HubSpot bills a contact, found by email.`,
				{ quickBooksCustomerId: customer.quickBooksId },
				'Add the customer\'s email in QuickBooks (the invoice\'s "Customer email"), then run the item again.',
			),
		};
	}
	const email = customer.email.toLowerCase();
	const company = await resolveCompany(client, customer, settings);
	let contact = await findByMarker(client, 'contacts', 'email', email, ['email', 'firstname']);
	if (!contact) {
		const associations = company ? [{ toId: company.id, typeId: 279 }] : [];
		contact = await createOrFind(() => client.createRecord('contacts', { email, ...(customer.name ? { firstname: customer.name } : {}) }, associations), () =>
			findByMarker(client, 'contacts', 'email', email, ['email', 'firstname']),
		);
	}
	return company ? { contact, company } : { contact };
}

async function resolveCompany(client: HubSpotClient, customer: HubSpotInvoiceDraft['customer'], settings: TwoWaySettings): Promise<HubSpotObject | undefined> {
	const properties = ['name', QUICKBOOKS_CUSTOMER_PROPERTY];
	if (customer.quickBooksId) {
		const stamped = await findByMarker(client, 'companies', QUICKBOOKS_CUSTOMER_PROPERTY, customer.quickBooksId, properties);
		if (stamped) return stamped;
	}
	if (!customer.name) return undefined;
	const page = await client.search('companies', { filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: customer.name }] }], properties, limit: 2 });
	if (page.results.length === 1) {
		const [named] = page.results;
		if (customer.quickBooksId && !named.properties[QUICKBOOKS_CUSTOMER_PROPERTY]) await client.updateRecord('companies', named.id, { [QUICKBOOKS_CUSTOMER_PROPERTY]: customer.quickBooksId });
		return named;
	}
	if (page.results.length > 1 || !settings.createCompany) return undefined;
	const stamp: Record<string, string> = customer.quickBooksId ? { [QUICKBOOKS_CUSTOMER_PROPERTY]: customer.quickBooksId } : {};
	return await createOrFind(() => client.createRecord('companies', { name: customer.name!, ...stamp }), async () =>
		customer.quickBooksId ? await findByMarker(client, 'companies', QUICKBOOKS_CUSTOMER_PROPERTY, customer.quickBooksId, properties) : undefined,
	);
}

/** A create whose 409 (the unique value exists: another run made it) means "read the one that exists". */
export async function createOrFind(create: () => Promise<HubSpotObject>, find: () => Promise<HubSpotObject | undefined>): Promise<HubSpotObject> {
	const outcome = await settled(create());
	if ('value' in outcome) return outcome.value;
	const existing = (outcome.failure as { httpCode?: string }).httpCode === '409' ? await find() : undefined;
	if (!existing) throw outcome.failure;
	return existing;
}
