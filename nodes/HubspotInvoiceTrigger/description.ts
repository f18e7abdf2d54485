import type { INodeProperties } from 'n8n-workflow';

const operatorOptions = [
	{ name: 'Between (Value: Low,High)', value: 'BETWEEN' },
	{ name: 'Contains Token', value: 'CONTAINS_TOKEN' },
	{ name: 'Does Not Contain Token', value: 'NOT_CONTAINS_TOKEN' },
	{ name: 'Greater Than', value: 'GT' },
	{ name: 'Greater Than or Equal', value: 'GTE' },
	{ name: 'Has a Value', value: 'HAS_PROPERTY' },
	{ name: 'Has No Value', value: 'NOT_HAS_PROPERTY' },
	{ name: 'Is Equal To', value: 'EQ' },
	{ name: 'Is Not Equal To', value: 'NEQ' },
	{ name: 'Is One Of (Comma-Separated)', value: 'IN' },
	{ name: 'Is Not One Of (Comma-Separated)', value: 'NOT_IN' },
	{ name: 'Less Than', value: 'LT' },
	{ name: 'Less Than or Equal', value: 'LTE' },
];

/** "Any property with an operator and a value", shared by the trigger and the Commerce node's searches. */
export function propertyConditionsField(name: string, loadOptionsMethod: string, displayName = 'Property Filters'): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Property Filter',
		default: {},
		description: 'Conditions on any property; all must hold',
		options: [
			{
				displayName: 'Condition',
				name: 'condition',
				values: [
					{
						displayName: 'Property Name or ID',
						name: 'property',
						type: 'options',
						typeOptions: { loadOptionsMethod },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Operator', name: 'operator', type: 'options', options: operatorOptions, default: 'EQ' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Dates as ISO 8601 or epoch milliseconds; enumeration values exactly as HubSpot stores them',
						displayOptions: { hide: { operator: ['HAS_PROPERTY', 'NOT_HAS_PROPERTY'] } },
					},
				],
			},
		],
	};
}

export const invoiceStatusOptions = [
	{ name: 'Draft', value: 'draft' },
	{ name: 'Open', value: 'open' },
	{ name: 'Paid', value: 'paid' },
	{ name: 'Voided', value: 'voided' },
];

export const processorTypeOptions = [
	{ name: 'HubSpot Payments', value: 'hs_payments' },
	{ name: 'None (Recorded Manually)', value: 'none' },
	{ name: 'QuickBooks', value: 'quickbooks' },
	{ name: 'Stripe', value: 'byo_stripe' },
	{ name: 'Xero', value: 'xero' },
];

export const sourceAppOptions = [
	{ name: 'Checkout (Payment Link)', value: 'SALES_CHECKOUT' },
	{ name: 'Invoice', value: 'INVOICE' },
	{ name: 'Migration', value: 'MIGRATION' },
	{ name: 'Quote', value: 'QUOTE' },
	{ name: 'Subscription', value: 'SUBSCRIPTION' },
];

export const invoiceIncludeOptions = [
	{ name: 'Companies', value: 'companies' },
	{ name: 'Contacts', value: 'contacts' },
	{ name: 'Deals', value: 'deals' },
	{ name: 'Discounts', value: 'discounts' },
	{ name: 'Fees', value: 'fees' },
	{ name: 'Line Items', value: 'lineItems' },
	{ name: 'Payments', value: 'payments' },
	{ name: 'Taxes', value: 'taxes' },
];

export const paymentIncludeOptions = [
	{ name: 'Companies', value: 'companies' },
	{ name: 'Contacts', value: 'contacts' },
	{ name: 'Invoice', value: 'invoice' },
	{ name: 'Line Items', value: 'lineItems' },
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'object',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Invoices', value: 'invoice' },
			{ name: 'Payments', value: 'payment' },
		],
		default: 'invoice',
	},
	{
		displayName: 'Events',
		name: 'invoiceEvents',
		type: 'multiOptions',
		required: true,
		displayOptions: { show: { object: ['invoice'] } },
		options: [
			{ name: 'Invoice Created', value: 'invoiceCreated', description: 'A new invoice (usually a draft)' },
			{ name: 'Invoice Finalized', value: 'invoiceFinalized', description: 'An invoice became open (ready to be paid)' },
			{ name: 'Invoice Paid', value: 'invoicePaid', description: 'An invoice became paid' },
			{ name: 'Invoice Updated', value: 'invoiceUpdated', description: 'Any change to an invoice' },
			{ name: 'Invoice Voided', value: 'invoiceVoided', description: 'An invoice was voided' },
		],
		default: ['invoiceFinalized'],
		description: 'Each event that happens is one output item',
	},
	{
		displayName: 'Events',
		name: 'paymentEvents',
		type: 'multiOptions',
		required: true,
		displayOptions: { show: { object: ['payment'] } },
		options: [
			{ name: 'Payment Refunded', value: 'paymentRefunded', description: 'A payment was refunded in full or in part (one item per refund)' },
			{ name: 'Payment Succeeded', value: 'paymentSucceeded', description: 'A payment succeeded' },
		],
		default: ['paymentSucceeded'],
		description: 'Each event that happens is one output item',
	},
	{
		displayName: 'Filters',
		name: 'invoiceFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { object: ['invoice'] } },
		options: [
			{
				displayName: 'Amount Billed Max',
				name: 'amountBilledMax',
				type: 'string',
				default: '',
				placeholder: '5000.00',
				description: 'Only invoices whose amount billed is at most this (a decimal number)',
			},
			{
				displayName: 'Amount Billed Min',
				name: 'amountBilledMin',
				type: 'string',
				default: '',
				placeholder: '100.00',
				description: 'Only invoices whose amount billed is at least this (a decimal number)',
			},
			{
				displayName: 'Currencies',
				name: 'currencies',
				type: 'string',
				default: '',
				placeholder: 'USD, EUR',
				description: 'Only invoices in these currencies (comma-separated ISO codes)',
			},
			{
				displayName: 'Invoice Status',
				name: 'statuses',
				type: 'multiOptions',
				options: invoiceStatusOptions,
				default: [],
				description: 'Only invoices whose current status is one of these',
			},
			propertyConditionsField('conditions', 'getInvoiceProperties'),
		],
	},
	{
		displayName: 'Filters',
		name: 'paymentFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { object: ['payment'] } },
		options: [
			{
				displayName: 'Processor Type',
				name: 'processorTypes',
				type: 'multiOptions',
				options: processorTypeOptions,
				default: [],
				description: 'Only payments processed by one of these (hs_processor_type)',
			},
			propertyConditionsField('conditions', 'getPaymentProperties'),
			{
				displayName: 'Source App',
				name: 'sourceApps',
				type: 'multiOptions',
				options: sourceAppOptions,
				default: [],
				description: 'Only payments made through one of these (hs_payment_source_app)',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Additional Properties',
				name: 'additionalProperties',
				type: 'string',
				default: '',
				placeholder: 'my_custom_property, another_one',
				description: 'More properties to output, comma-separated, besides the standard ones',
			},
			{
				displayName: 'Deliver Each Event Again After (Minutes)',
				name: 'redeliverAfterMinutes',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description:
					'0: each event is delivered once. Otherwise every event is delivered a second time this many minutes later, on a later poll, with the record as it is then and redelivered: true. A safety net for executions lost when n8n or a queue-mode worker stops mid-run (n8n does not run them again): the sync operations are idempotent, so a second delivery of an event already processed changes nothing.',
				hint: 'Use it only when every node after the trigger is safe to run twice for one event, as the QuickBooks sync operations are',
			},
			{
				displayName: 'Include',
				name: 'include',
				type: 'multiOptions',
				options: invoiceIncludeOptions,
				default: [],
				displayOptions: { show: { '/object': ['invoice'] } },
				description: 'Related records to output with each invoice, read in batches',
			},
			{
				displayName: 'Include',
				name: 'paymentInclude',
				type: 'multiOptions',
				options: paymentIncludeOptions,
				default: [],
				displayOptions: { show: { '/object': ['payment'] } },
				description: 'Related records to output with each payment, read in batches',
			},
			{
				displayName: 'Index Lag Allowance (Seconds)',
				name: 'indexLagSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description: "How long a change may take to show in HubSpot's search; changes this recent are looked at again on the next poll so none is missed",
			},
			{
				displayName: 'Max Events per Poll',
				name: 'maxEventsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 200,
				description: 'The most items one poll outputs; the rest comes out on the next polls, in order',
			},
			{
				displayName: 'Requests per 10 Seconds',
				name: 'requestsPer10Seconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description: "The HubSpot app's burst limit: 100 on Free and Starter, 190 on Professional and Enterprise, 250 with the API limit increase",
			},
			{
				displayName: 'Searches per Second',
				name: 'searchesPerSecond',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description: 'HubSpot allows five search requests per second per account',
			},
			{
				displayName: 'Skip Documents From QuickBooks',
				name: 'skipFromQuickBooks',
				type: 'boolean',
				default: true,
				description: 'Whether to leave out invoices born in QuickBooks (made by the two-way sync, or by HubSpot\'s own QuickBooks app: hs_invoice_source) and payments recorded from QuickBooks (processor QuickBooks), so that a two-way sync never sends them back',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				displayOptions: { show: { startFrom: ['date'] } },
				description: 'Changes since this instant are output (changing it starts over from the new date)',
				hint: 'Read once, when the trigger first polls, and kept: an expression such as {{ $now.minus({ days: 1 }) }} sets one start date, it does not move with every poll',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{ name: 'Now', value: 'now', description: "Only changes made after the workflow is activated (by HubSpot's clock)" },
					{ name: 'A Date', value: 'date', description: 'Changes since a date: a backfill' },
				],
				default: 'now',
			},
		],
	},
];
