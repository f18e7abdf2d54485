/** What an invoice sync takes and gives back, shared by the operations that sync invoices. */
import type { IDataObject, INode } from 'n8n-workflow';

import type { CustomerMatchedBy, SyncError, SyncErrorCategory } from '../../../core';
import type { HubSpotClient } from '../../../transport/hubspot';
import type { SourceLeases } from '../../../transport/leases';
import type { QuickBooksClient } from '../../../transport/quickbooks';

export interface InvoiceSyncDeps {
	qb: QuickBooksClient;
	/** Reads invoices given by id (or lacking related records) and writes the sync status back. */
	hubspot?: HubSpotClient;
	node: INode;
	/** One writer per HubSpot invoice; by default as the environment says (a preview holds none). */
	leases?: SourceLeases;
	/** The n8n execution, named in the PrivateNote of every invoice it creates (Undo finds them by it). */
	executionId?: string;
}

export type InvoiceSyncAction = 'created' | 'updated' | 'unchanged' | 'voided' | 'skipped' | 'failed';

export interface InvoiceSyncResult {
	action: InvoiceSyncAction;
	hubspotInvoiceId: string;
	/** The QuickBooks invoice as QuickBooks returned it (created, updated, voided, or found unchanged). */
	qboInvoice?: IDataObject;
	/** The QuickBooks invoice's DocNumber. */
	docNumber?: string;
	/** The QuickBooks customer billed, how it was found, and the evidence that ties it to the invoice. */
	customer?: { id: string; displayName?: string; matchedBy: CustomerMatchedBy; evidence?: string };
	/** For 'updated': the fields that changed. */
	changedFields?: string[];
	/** For 'skipped': why. */
	reason?: string;
	/** Things a bookkeeper may want to know that did not stop the sync (a shortened number, a price note). */
	notes?: string[];
	/** For 'failed': the category (HubSpot's "Failing to sync" style), what happened and a one-line fix. */
	category?: SyncErrorCategory;
	message?: string;
	howToFix?: string;
	error?: SyncError;
	/** Set when the QuickBooks side is done but writing the status back to HubSpot failed. */
	writeBackError?: string;
}
