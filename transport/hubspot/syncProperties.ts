/**
 * The invoice properties the QuickBooks sync writes back to HubSpot, in their own property group.
 * The Commerce node's Setup action creates them; the sync writes them with `syncStatusProperties`.
 */

export const QBO_SYNC_PROPERTY_GROUP = { name: 'quickbooks_sync', label: 'QuickBooks sync', displayOrder: -1 } as const;

export const QBO_SYNC_PROPERTIES = {
	invoiceId: 'qbo_invoice_id',
	docNumber: 'qbo_doc_number',
	status: 'qbo_sync_status',
	errorCategory: 'qbo_sync_error_category',
	errorMessage: 'qbo_sync_error_message',
	lastSyncedAt: 'qbo_last_synced_at',
} as const;

export type QboSyncStatus = 'synced' | 'failed' | 'skipped' | 'voided';

export const QBO_SYNC_STATUSES: readonly QboSyncStatus[] = ['synced', 'failed', 'skipped', 'voided'];

/** A property definition as POST /crm/v3/properties/{objectType} takes it. */
export interface PropertyDefinitionInput {
	name: string;
	label: string;
	type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
	fieldType: string;
	groupName: string;
	description: string;
	options?: Array<{ label: string; value: string; displayOrder: number; hidden: boolean }>;
	displayOrder?: number;
	formField?: boolean;
	/** No two records may share the value; such a property can be read by (`idProperty`). */
	hasUniqueValue?: boolean;
}

const group = QBO_SYNC_PROPERTY_GROUP.name;

export const QBO_SYNC_PROPERTY_DEFINITIONS: readonly PropertyDefinitionInput[] = [
	{
		name: QBO_SYNC_PROPERTIES.invoiceId,
		label: 'QuickBooks invoice ID',
		type: 'string',
		fieldType: 'text',
		groupName: group,
		description: 'The Id of the QuickBooks Online invoice this HubSpot invoice was synced to.',
		displayOrder: 1,
	},
	{
		name: QBO_SYNC_PROPERTIES.docNumber,
		label: 'QuickBooks document number',
		type: 'string',
		fieldType: 'text',
		groupName: group,
		description: 'The DocNumber of the QuickBooks Online invoice.',
		displayOrder: 2,
	},
	{
		name: QBO_SYNC_PROPERTIES.status,
		label: 'QuickBooks sync status',
		type: 'enumeration',
		fieldType: 'select',
		groupName: group,
		description: 'The outcome of the last sync to QuickBooks Online.',
		options: QBO_SYNC_STATUSES.map((value, index) => ({
			label: value[0].toUpperCase() + value.slice(1),
			value,
			displayOrder: index,
			hidden: false,
		})),
		displayOrder: 3,
	},
	{
		name: QBO_SYNC_PROPERTIES.errorCategory,
		label: 'QuickBooks sync error category',
		type: 'string',
		fieldType: 'text',
		groupName: group,
		description: 'Why the last sync failed, as a category (for example customer_not_found or amount_mismatch).',
		displayOrder: 4,
	},
	{
		name: QBO_SYNC_PROPERTIES.errorMessage,
		label: 'QuickBooks sync error message',
		type: 'string',
		fieldType: 'textarea',
		groupName: group,
		description: 'What went wrong in the last sync and how to fix it.',
		displayOrder: 5,
	},
	{
		name: QBO_SYNC_PROPERTIES.lastSyncedAt,
		label: 'QuickBooks last synced at',
		type: 'datetime',
		fieldType: 'date',
		groupName: group,
		description: 'When the sync last wrote this invoice to QuickBooks Online.',
		displayOrder: 6,
	},
];

export interface SyncStatusUpdate {
	status: QboSyncStatus;
	qboInvoiceId?: string;
	docNumber?: string;
	errorCategory?: string;
	errorMessage?: string;
	/** Defaults to now. */
	syncedAt?: Date;
}

/**
 * The property values for a sync outcome. A success clears a previous error; HubSpot clears a
 * property written with an empty string.
 */
export function syncStatusProperties(update: SyncStatusUpdate): Record<string, string> {
	const properties: Record<string, string> = {
		[QBO_SYNC_PROPERTIES.status]: update.status,
		[QBO_SYNC_PROPERTIES.lastSyncedAt]: (update.syncedAt ?? new Date()).toISOString(),
		[QBO_SYNC_PROPERTIES.errorCategory]: update.status === 'failed' ? update.errorCategory ?? 'unknown' : '',
		// HubSpot text properties hold at most 65,536 characters; error messages stay far below that.
		[QBO_SYNC_PROPERTIES.errorMessage]: update.status === 'failed' ? (update.errorMessage ?? '').slice(0, 4000) : '',
	};
	if (update.qboInvoiceId !== undefined) properties[QBO_SYNC_PROPERTIES.invoiceId] = update.qboInvoiceId;
	if (update.docNumber !== undefined) properties[QBO_SYNC_PROPERTIES.docNumber] = update.docNumber;
	return properties;
}
