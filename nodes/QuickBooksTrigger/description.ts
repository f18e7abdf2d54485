import type { INodeProperties } from 'n8n-workflow';

import { TRIGGER_ENTITIES } from './events';

const ENTITY_NAMES: Record<(typeof TRIGGER_ENTITIES)[number], string> = {
	Invoice: 'Invoice',
	Payment: 'Payment',
	CreditMemo: 'Credit Memo',
	RefundReceipt: 'Refund Receipt',
	SalesReceipt: 'Sales Receipt',
	Customer: 'Customer',
};

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Changes (Polling)',
				value: 'poll',
				description: 'Ask QuickBooks what changed (Change Data Capture) on the Poll Times schedule. Nothing to set up at Intuit.',
			},
			{
				name: 'Intuit Webhook',
				value: 'webhook',
				description: "QuickBooks calls this node's URL on each change: fewer metered reads. Set the URL and its Verifier Token in your Intuit app.",
			},
		],
		default: 'poll',
		description:
			'Intuit meters reads (data-out calls): webhooks cost nothing until a record is fetched, while polling reads on every poll. Use webhooks where you can, polling as the fallback.',
	},
	{
		displayName:
			'Copy the Production URL above into your Intuit app (developer portal > Webhooks) and tick the entities below there too. One Intuit app has one webhook URL for all the companies connected to it: events of other companies are ignored here. Poll Times do nothing in this mode.',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['webhook'] } },
	},
	{
		displayName: 'Records',
		name: 'entities',
		type: 'multiOptions',
		options: TRIGGER_ENTITIES.map((entity) => ({ name: ENTITY_NAMES[entity], value: entity })),
		default: ['Invoice'],
		required: true,
		description: 'Which QuickBooks records to watch',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Created', value: 'created' },
			{ name: 'Deleted', value: 'deleted', description: 'A customer, which QuickBooks never deletes, counts as deleted when made inactive' },
			{ name: 'Updated', value: 'updated' },
			{ name: 'Voided', value: 'voided', description: 'QuickBooks voids invoices, payments and sales receipts: amounts become 0, "Voided" in the memo' },
		],
		default: ['created', 'updated', 'voided', 'deleted'],
		required: true,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Late Change Window (Seconds)',
				name: 'lateWindowSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 3600 },
				default: 60,
				description:
					'Polling: each poll reads again this many seconds before the newest change it saw, so a change QuickBooks commits after stamping it is not missed. Changes already reported are not reported again.',
				displayOptions: { show: { '/mode': ['poll'] } },
			},
			{
				displayName: 'Deliver Each Change Again After (Minutes)',
				name: 'redeliverAfterMinutes',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 0,
				description:
					'Polling. 0: each change is output once. Otherwise every change is output a second time this many minutes later, on a later poll, with the record as it is then and redelivered: true. A safety net for executions lost when n8n or a queue-mode worker stops mid-run (n8n does not run them again): the two-way operations are idempotent, so a second delivery of a change already processed changes nothing.',
				hint: 'Use it only when every node after the trigger is safe to run twice for one change, as the HubSpot Commerce QuickBooks Document operations are',
				displayOptions: { show: { '/mode': ['poll'] } },
			},
			{
				displayName: 'Max Changes per Poll',
				name: 'maxChangesPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description: 'Polling: the most changes one poll outputs (after a long pause there may be many); the rest come out on the next polls, oldest first',
				displayOptions: { show: { '/mode': ['poll'] } },
			},
			{
				displayName: 'Fetch Records',
				name: 'fetchRecords',
				type: 'boolean',
				default: true,
				description:
					'Whether to read each changed record from QuickBooks (one query per record type and delivery; metered). Webhooks carry IDs only: without it, "record" is null.',
				displayOptions: { show: { '/mode': ['webhook'] } },
			},
		],
	},
];
