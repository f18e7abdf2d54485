/** What the "From QuickBooks" operations share: where the QuickBooks document is, and the sync's choices. */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { QuickBooksDocument, TaxHandling } from '../../../../core/quickBooksToHubSpot';
import { sourceLeases } from '../../../../transport/leases';
import type { DealRule, TwoWayResult, TwoWaySettings } from '../../twoWay/settings';

export function documentField(operations: string[], noun: string): INodeProperties {
	return {
		displayName: 'Document Property',
		name: 'documentProperty',
		type: 'string',
		default: '',
		placeholder: `e.g. ${noun}`,
		displayOptions: { show: { resource: ['quickBooks'], operation: operations } },
		description: `The input item property that holds the QuickBooks ${noun} as QuickBooks returns it; leave empty when the item is the ${noun} itself (as the QuickBooks Trigger outputs it)`,
	};
}

export function optionsField(operations: string[], withDeals: boolean): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Home Currency',
			name: 'homeCurrency',
			type: 'string',
			default: 'USD',
			description: "The QuickBooks company's currency, for documents without a currency (multicurrency off)",
		},
	];
	if (withDeals) {
		options.push(
			{
				displayName: 'Create Missing Company',
				name: 'createCompany',
				type: 'boolean',
				default: true,
				description: 'Whether to create a HubSpot company for a QuickBooks customer no company matches (by QuickBooks customer ID, then name)',
			},
			{
				displayName: 'Deal',
				name: 'dealRule',
				type: 'options',
				default: 'none',
				options: [
					{ name: 'None', value: 'none', description: "Associate no deal (as HubSpot's own QuickBooks sync)" },
					{ name: 'Deal ID in a QuickBooks Custom Field', value: 'customField', description: 'The HubSpot deal whose ID is in a custom field of the QuickBooks invoice' },
					{ name: "The Company's One Open Deal", value: 'openDeal', description: 'The open deal of the customer\'s company, when it has exactly one' },
				],
				description: 'Which HubSpot deal the invoice is associated with',
			},
			{
				displayName: 'Deal ID Custom Field',
				name: 'dealCustomField',
				type: 'string',
				default: '',
				placeholder: 'e.g. HubSpot Deal',
				displayOptions: { show: { dealRule: ['customField'] } },
				description: 'The name (or DefinitionId) of the QuickBooks invoice custom field that holds the HubSpot deal ID',
			},
			{
				displayName: 'Tax',
				name: 'taxHandling',
				type: 'options',
				default: 'invoiceTax',
				options: [
					{ name: 'As an Invoice Tax', value: 'invoiceTax', description: "QuickBooks' total tax as one fixed tax on the HubSpot invoice" },
					{ name: 'Refuse Invoices With Tax', value: 'refuse', description: 'Fail such invoices with tax_not_supported' },
				],
			},
		);
	}
	options.push({
		displayName: 'Update Deal Properties',
		name: 'updateDealProperties',
		type: 'boolean',
		default: false,
		description: "Whether to copy the invoice's amount billed, balance, status and dates onto its deal when it is the deal's last-updated invoice (properties made by Setup > Create Two-Way Sync Properties)",
	});
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['quickBooks'], operation: operations } },
		options,
	};
}

export function twoWaySettings(context: IExecuteFunctions, itemIndex: number): TwoWaySettings {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const dealRule = String(options.dealRule ?? 'none') as DealRule;
	const dealCustomField = String(options.dealCustomField ?? '').trim();
	if (dealRule === 'customField' && dealCustomField === '') {
		throw new NodeOperationError(context.getNode(), 'Set "Deal ID Custom Field": the QuickBooks custom field that holds the HubSpot deal ID', { itemIndex });
	}
	const homeCurrency = String(options.homeCurrency ?? 'USD').trim().toUpperCase();
	if (!/^[A-Z]{3}$/.test(homeCurrency)) throw new NodeOperationError(context.getNode(), `"${homeCurrency}" is not a currency code: use three letters such as USD`, { itemIndex });
	return {
		homeCurrency,
		taxHandling: String(options.taxHandling ?? 'invoiceTax') as TaxHandling,
		dealRule,
		dealCustomField,
		updateDealProperties: options.updateDealProperties === true,
		createCompany: options.createCompany !== false,
		leases: sourceLeases(),
	};
}

/**
 * The QuickBooks document of an item: the item itself, the named property, or the entity inside a
 * QuickBooks answer (`{ Invoice: {...} }`), or the QuickBooks Trigger's event (`record`; a deleted
 * document as `{ Id, status: "Deleted" }`, the way Change Data Capture gives it).
 */
export function quickBooksDocument(context: IExecuteFunctions, itemIndex: number, entity: 'Invoice' | 'Payment'): QuickBooksDocument {
	const property = String(context.getNodeParameter('documentProperty', itemIndex, '') ?? '').trim();
	const json = context.getInputData()[itemIndex]?.json ?? {};
	let value: unknown = property === '' ? json : property.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as IDataObject)[key] : undefined), json);
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			// reported below
		}
	}
	// The QuickBooks Trigger's event: { event, entity, id, record }; a deleted transaction has record null.
	const event = value as IDataObject | undefined;
	if (event && typeof event === 'object' && !('Id' in event) && typeof event.event === 'string' && 'record' in event) {
		value = event.event === 'deleted' || !event.record ? { Id: String(event.id ?? ''), status: 'Deleted' } : event.record;
	}
	for (let depth = 0; depth < 3 && value && typeof value === 'object' && !('Id' in value); depth++) {
		const holder = value as IDataObject;
		value = holder[entity] ?? holder.record ?? holder.document ?? holder.data;
	}
	if (!value || typeof value !== 'object' || !('Id' in value)) {
		throw new NodeOperationError(context.getNode(), `No QuickBooks ${entity.toLowerCase()} in the input item${property ? ` property "${property}"` : ''}`, {
			itemIndex,
			description: `Pass the ${entity.toLowerCase()} as QuickBooks returns it (with its Id), for example the QuickBooks Trigger's output, or set "Document Property" to where it is.`,
		});
	}
	return value as QuickBooksDocument;
}

/** A result as an output item: flat, with the error's category and fix when it failed. */
export function resultJson(result: TwoWayResult): IDataObject {
	return JSON.parse(JSON.stringify(result)) as IDataObject;
}
