/**
 * The choices an invoice sync needs, as node parameters and as plain settings. Any operation that syncs
 * invoices (Sync HubSpot Invoice, and Record HubSpot Payment when it syncs the invoice first) shows
 * `invoiceSyncSettingsProperties(...)` under its own display options and reads them with
 * `readInvoiceSyncSettings(...)`; the parameter names are shared, so a workflow sets them the same way.
 */
import { updateDisplayOptions, type IDataObject, type IDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { CustomerNameMatchRule, CustomFieldMapping, DisplayNameCollisionStrategy, DocNumberRule, PoNumberRule } from '../../../core';
import { incomeAccountLocator, itemLocator, locatorValue, taxCodeLocator } from '../nodeHelpers/locators';

export interface InvoiceSyncSettings {
	/** Item for line items whose SKU and name match no QuickBooks item (empty: such lines fail with item_not_found). */
	defaultItemId?: string;
	/** Item for HubSpot fees, e.g. "Shipping fee". */
	feeItemId?: string;
	/** Item for HubSpot taxes, e.g. "Sales tax collected". */
	taxItemId?: string;
	/** Income account of the discount line (SubType DiscountsRefundsGiven); found by its sub-type when empty. */
	discountAccountId?: string;
	/** Create a QuickBooks item for a HubSpot product that matches none (by SKU, then name). */
	createMissingItems: boolean;
	newItemIncomeAccountId?: string;
	newItemType: 'Service' | 'NonInventory';
	/** What to do when a new customer's display name is taken by another customer, vendor or employee (6240). */
	displayNameCollision: DisplayNameCollisionStrategy;
	/** When a customer found by display name alone may be billed (see core/customerMatching.ts). */
	customerNameMatch: CustomerNameMatchRule;
	/** HubSpot invoice numbers over 21 characters: refuse, or keep the start / the end. */
	docNumberRule: DocNumberRule;
	/** HubSpot invoice property → QuickBooks custom field (DefinitionId from Preferences). */
	customFields: CustomFieldMapping[];
	/** Where the PO number goes when no custom-field mapping names hs_purchase_order_number. */
	poNumber: PoNumberRule;
	/** Tax code on every line; empty means NON on US companies (so QuickBooks adds no tax HubSpot did not charge), none elsewhere. */
	lineTaxCodeId?: string;
	/** Void the QuickBooks invoice when the HubSpot invoice is voided. */
	voidInQuickBooks: boolean;
	/** Sync drafts too (HubSpot's own sync waits for Finalize). */
	syncDrafts: boolean;
	/** Write the QuickBooks id, number and sync status back to the HubSpot invoice. */
	writeBackToHubSpot: boolean;
	/** The books' time zone: which calendar day a HubSpot date-time falls on. */
	timeZone: string;
	/** HubSpot account (Hub) ID: adds a link to the HubSpot invoice to the QuickBooks PrivateNote. */
	hubspotAccountId?: string;
}

export const DEFAULT_INVOICE_SYNC_SETTINGS: InvoiceSyncSettings = {
	createMissingItems: false,
	newItemType: 'Service',
	displayNameCollision: 'distinct-name',
	customerNameMatch: 'same-email',
	docNumberRule: 'refuse',
	customFields: [],
	poNumber: 'custom-field-or-memo',
	voidInQuickBooks: false,
	syncDrafts: false,
	writeBackToHubSpot: true,
	timeZone: 'UTC',
};

/** The parameters of the invoice sync, shown where `displayOptions` says (e.g. `{ show: { resource: ['invoice'], operation: ['syncHubSpotInvoice'] } }`). */
export function invoiceSyncSettingsProperties(displayOptions: IDisplayOptions): INodeProperties[] {
	const properties: INodeProperties[] = [
		itemLocator({
			name: 'defaultItem',
			displayName: 'Default Item',
			description: 'Item for HubSpot line items whose SKU and name match no QuickBooks item. Leave empty to fail such invoices (item_not_found).',
		}),
		{
			displayName: 'Create Missing Items',
			name: 'createMissingItems',
			type: 'boolean',
			default: false,
			description: 'Whether to create a QuickBooks item (named and with the SKU of the HubSpot product) when no item matches, instead of using the default item',
		},
		{
			...incomeAccountLocator({
				name: 'newItemIncomeAccount',
				displayName: 'Income Account for New Items',
				required: true,
				description: 'Where sales of the items the sync creates are recorded',
			}),
			displayOptions: { show: { createMissingItems: [true] } },
		},
		itemLocator({
			name: 'feeItem',
			displayName: 'Fee Item',
			description: 'Item each HubSpot fee becomes a line on, e.g. "Shipping fee". Needed for invoices with fees.',
		}),
		itemLocator({
			name: 'taxItem',
			displayName: 'Tax Item',
			description: 'Item each HubSpot tax becomes a line on, e.g. "Sales tax collected" (on a liability account). Needed for invoices with taxes.',
		}),
		incomeAccountLocator({
			name: 'discountAccount',
			displayName: 'Discount Account',
			description: 'Account of the discount line for HubSpot invoice discounts. Leave empty to use the company\'s "Discounts given" account (sub-type DiscountsRefundsGiven).',
		}),
		{
			displayName: 'Display Name Collisions',
			name: 'displayNameCollision',
			type: 'options',
			default: 'distinct-name',
			description: 'When a new customer\'s display name is already used by another QuickBooks customer, vendor or employee (QuickBooks error 6240)',
			options: [
				{
					name: 'Make the Name Distinct',
					value: 'distinct-name',
					description: 'Add the contact\'s email or name, e.g. "Acme Inc (jane@acme.com)"; the same contact always gets the same name',
				},
				{ name: 'Fail the Invoice', value: 'error', description: 'Report duplicate_display_name and create nothing' },
			],
		},
		{
			displayName: 'Match Customers by Name',
			name: 'customerNameMatch',
			type: 'options',
			default: 'same-email',
			description:
				"When a QuickBooks customer found by display name (not by the billing contact's email) may be billed. A name match with another email is treated as a display-name collision.",
			options: [
				{
					name: 'Only Without a Conflicting Email',
					value: 'same-email',
					description: "Only when the QuickBooks customer has no email, the billing contact's email (any case), or was created by this sync from the same HubSpot company",
				},
				{
					name: 'By Name Alone',
					value: 'name-only',
					description: 'Whenever the display name matches, whatever its email: for books that keep customer names unique on purpose',
				},
			],
		},
		{
			displayName: 'Long Invoice Numbers',
			name: 'docNumberRule',
			type: 'options',
			default: 'refuse',
			description: 'QuickBooks invoice numbers (DocNumber) have at most 21 characters',
			options: [
				{ name: 'Fail the Invoice', value: 'refuse', description: 'Report a validation error for numbers over 21 characters' },
				{ name: 'Keep the First 21 Characters', value: 'truncate-end' },
				{ name: 'Keep the Last 21 Characters', value: 'keep-last-21', description: 'Usually keeps the unique running number' },
			],
		},
		{
			displayName: 'Custom Fields',
			name: 'customFieldMappings',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add custom field',
			default: {},
			description: 'HubSpot invoice properties written to QuickBooks custom fields (at most three), e.g. hs_purchase_order_number → PO Number',
			options: [
				{
					displayName: 'Mapping',
					name: 'mapping',
					values: [
						{
							displayName: 'HubSpot Property',
							name: 'hubspotProperty',
							type: 'string',
							default: 'hs_purchase_order_number',
							description: 'Internal name of the HubSpot invoice property',
						},
						{
							displayName: 'QuickBooks Custom Field Name or ID',
							name: 'customField',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getCustomFields' },
							default: '',
							description:
								'A sales-form custom field of the company. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
						},
					],
				},
			],
		},
		{
			displayName: 'Void in QuickBooks When Voided in HubSpot',
			name: 'voidInQuickBooks',
			type: 'boolean',
			default: false,
			description: 'Whether to void the synced QuickBooks invoice when its HubSpot invoice is voided',
		},
		{
			displayName: 'Write Back to HubSpot',
			name: 'writeBackToHubSpot',
			type: 'boolean',
			default: true,
			description:
				'Whether to write the QuickBooks invoice ID and number, the sync status and any error to the HubSpot invoice. Needs the HubSpot credential and the properties created by HubSpot Commerce › Setup.',
		},
		{
			displayName: 'Invoice Sync Options',
			name: 'invoiceSyncOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'HubSpot Account ID',
					name: 'hubspotAccountId',
					type: 'string',
					default: '',
					placeholder: 'e.g. 1234567',
					description: "The Hub ID shown in HubSpot's account menu; adds a link to the HubSpot invoice to the QuickBooks invoice's private note",
				},
				taxCodeLocator({
					name: 'lineTaxCode',
					displayName: 'Line Tax Code',
					description: 'Tax code on every line. Leave empty for NON on US companies (QuickBooks then adds no tax HubSpot did not charge) and none elsewhere.',
				}),
				{
					displayName: 'New Item Type',
					name: 'newItemType',
					type: 'options',
					default: 'Service',
					options: [
						{ name: 'Service', value: 'Service' },
						{ name: 'Non-Inventory', value: 'NonInventory' },
					],
					description: 'Type of the items the sync creates',
				},
				{
					displayName: 'PO Number',
					name: 'poNumber',
					type: 'options',
					default: 'custom-field-or-memo',
					description: 'Where HubSpot\'s PO number (hs_purchase_order_number) goes when no Custom Fields mapping names it',
					options: [
						{
							name: 'PO Custom Field, Else Memo',
							value: 'custom-field-or-memo',
							description: "The company's PO custom field (named PO Number, PO # or the like, in any case) when it has one, else the customer memo",
						},
						{ name: 'Customer Memo', value: 'memo', description: 'Always "PO Number: …" in the customer memo' },
						{ name: 'Do Not Carry', value: 'none', description: 'Leave it out; the item output notes the value left behind' },
					],
				},
				{
					displayName: 'Sync Drafts',
					name: 'syncDrafts',
					type: 'boolean',
					default: false,
					description: 'Whether to sync draft invoices too; by default they are skipped until finalized in HubSpot',
				},
				{
					displayName: 'Time Zone of the Books',
					name: 'timeZone',
					type: 'string',
					default: 'UTC',
					placeholder: 'e.g. America/New_York',
					description: 'Which calendar day a HubSpot date-time falls on (invoice date, due date)',
				},
			],
		},
	];
	return updateDisplayOptions(displayOptions, properties);
}

function text(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const trimmed = String(value).trim();
	return trimmed === '' ? undefined : trimmed;
}

/** The settings as the parameters of `itemIndex` give them. */
export function readInvoiceSyncSettings(context: IExecuteFunctions, itemIndex: number): InvoiceSyncSettings {
	const parameter = <T>(name: string, fallback: T): T => context.getNodeParameter(name, itemIndex, fallback) as T;
	const options = parameter<IDataObject>('invoiceSyncOptions', {});
	const createMissingItems = parameter('createMissingItems', false);
	const mappings = (parameter<IDataObject>('customFieldMappings', {}).mapping as IDataObject[] | undefined) ?? [];
	const settings: InvoiceSyncSettings = {
		...DEFAULT_INVOICE_SYNC_SETTINGS,
		createMissingItems,
		newItemType: options.newItemType === 'NonInventory' ? 'NonInventory' : 'Service',
		displayNameCollision: parameter<string>('displayNameCollision', 'distinct-name') === 'error' ? 'error' : 'distinct-name',
		customerNameMatch: parameter<string>('customerNameMatch', 'same-email') === 'name-only' ? 'name-only' : 'same-email',
		docNumberRule: parameter<DocNumberRule>('docNumberRule', 'refuse'),
		customFields: mappings
			.map((mapping) => ({ hubspotProperty: text(mapping.hubspotProperty), qboCustomFieldDefinitionId: text(mapping.customField) }))
			.filter((mapping): mapping is CustomFieldMapping => mapping.hubspotProperty !== undefined && mapping.qboCustomFieldDefinitionId !== undefined),
		voidInQuickBooks: parameter('voidInQuickBooks', false),
		poNumber: options.poNumber === 'memo' || options.poNumber === 'none' ? options.poNumber : 'custom-field-or-memo',
		syncDrafts: options.syncDrafts === true,
		writeBackToHubSpot: parameter('writeBackToHubSpot', true),
		timeZone: text(options.timeZone) ?? 'UTC',
	};
	const optional: Array<[keyof InvoiceSyncSettings, string | undefined]> = [
		['defaultItemId', locatorValue(parameter('defaultItem', undefined))],
		['feeItemId', locatorValue(parameter('feeItem', undefined))],
		['taxItemId', locatorValue(parameter('taxItem', undefined))],
		['discountAccountId', locatorValue(parameter('discountAccount', undefined))],
		['newItemIncomeAccountId', createMissingItems ? locatorValue(parameter('newItemIncomeAccount', undefined)) : undefined],
		['lineTaxCodeId', locatorValue(options.lineTaxCode)],
		['hubspotAccountId', text(options.hubspotAccountId)],
	];
	for (const [key, value] of optional) if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
	return settings;
}
