/**
 * The choices of the QuickBooks → HubSpot direction, as the Commerce node's "From QuickBooks" operations
 * read them, and what each sync reports per document.
 */
import { createHash } from 'node:crypto';

import type { SyncError } from '../../../core/errors';
import type { TaxHandling } from '../../../core/quickBooksToHubSpot';
import type { SourceLeases } from '../../../transport/leases';

/** Which deal a QuickBooks-born invoice is associated with. */
export type DealRule = 'none' | 'customField' | 'openDeal';

export interface TwoWaySettings {
	/** For QuickBooks documents without CurrencyRef (multicurrency off). */
	homeCurrency: string;
	taxHandling: TaxHandling;
	dealRule: DealRule;
	/** The QuickBooks custom field (name or DefinitionId) holding a HubSpot deal id, for the `customField` rule. */
	dealCustomField: string;
	/** Copy the invoice's amount billed, balance, status and dates onto the deal when it is the deal's last-updated one. */
	updateDealProperties: boolean;
	/** Create a HubSpot company for a QuickBooks customer none matches. */
	createCompany: boolean;
	leases: SourceLeases;
}

export type TwoWayAction = 'created' | 'updated' | 'unchanged' | 'voided' | 'skipped' | 'reported' | 'failed';

export interface TwoWayResult {
	action: TwoWayAction;
	quickBooksId: string;
	hubspotInvoiceId?: string;
	hubspotPaymentIds?: string[];
	/** HubSpot's amount billed / balance / status after the write. */
	amountBilled?: string;
	balanceDue?: string;
	status?: string;
	dealId?: string;
	/** After a payment: paid, partially paid (HubSpot has no such status: open with a lower balance) or unpaid. */
	paymentState?: 'paid' | 'partially paid' | 'unpaid';
	reason?: string;
	notes?: string[];
	error?: SyncError;
}

/** One writer per QuickBooks document and HubSpot account at a time (transport/leases). */
export function twoWayLeaseKey(basePath: string, kind: 'invoice' | 'payment' | 'customer', quickBooksId: string): string {
	const account = createHash('sha256').update(basePath).digest('hex').slice(0, 16);
	return `hsqb:lease:hubspot:${account}:qbo-${kind}:${quickBooksId}`;
}
