/**
 * Sync Run › Undo: takes back the QuickBooks documents one n8n execution of the sync operations created
 * (sync/undoRun.ts) and resets the HubSpot write-back of its invoices. One output item per document
 * (deleted, refused with the reason, already undone, failed), or one item saying there was nothing to undo.
 */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { UNDO_ORDER, undoNoun, type UndoEntity } from '../../../../core';
import { createHubSpotClient, HUBSPOT_CREDENTIAL_TYPE } from '../../../../transport/hubspot';
import { validationError, type QuickBooksClient } from '../../../../transport/quickbooks';
import { PreviewRecorder, previewOnlyProperty } from '../../sync/preview';
import { undoRun, type UndoRunSettings } from '../../sync/undoRun';

/** How far back documents are read when no start is given: the executions a person still wants to undo. */
const DEFAULT_LOOK_BACK_DAYS = 7;

const ENTITY_NAMES: Record<UndoEntity, string> = {
	Payment: 'Payments',
	SalesReceipt: 'Sales Receipts',
	RefundReceipt: 'Refund Receipts',
	CreditMemo: 'Credit Memos',
	Purchase: 'Fee Expenses (Purchases)',
	Invoice: 'Invoices',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Execution ID',
		name: 'executionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4127',
		description: 'The n8n execution whose QuickBooks documents are taken back: its ID in the Executions list (the sync writes "n8n execution" and the ID into the private note of every document it creates, after the marker)',
	},
	{
		displayName: 'Document Types',
		name: 'documentTypes',
		type: 'multiOptions',
		options: UNDO_ORDER.map((entity) => ({ name: ENTITY_NAMES[entity], value: entity })),
		default: [...UNDO_ORDER],
		description: 'Which of the documents the execution created to take back',
	},
	{
		displayName: 'Reset HubSpot Write-Back',
		name: 'resetHubSpot',
		type: 'boolean',
		default: true,
		description:
			'Whether to clear the QuickBooks invoice ID, number and sync status on the HubSpot invoices whose QuickBooks invoice is taken back, so that a later sync creates it again. Needs the HubSpot credential.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Created Since',
				name: 'createdSince',
				type: 'dateTime',
				default: '',
				description: `Only documents created from this moment on are looked at; default ${DEFAULT_LOOK_BACK_DAYS} days ago. Set it to just before the execution started to read less.`,
			},
		],
	},
	{ ...previewOnlyProperty, description: 'Whether to only list what Undo would delete and reset, changing nothing' },
];

export const description = updateDisplayOptions({ show: { resource: ['syncRun'], operation: ['undo'] } }, properties);

function readSettings(context: IExecuteFunctions, itemIndex: number): UndoRunSettings {
	const executionId = String(context.getNodeParameter('executionId', itemIndex, '') ?? '').trim();
	if (executionId === '') throw validationError('Execution ID is empty', 'Enter the ID of the execution to undo, as the Executions list shows it (e.g. 4127).');
	if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(executionId)) throw validationError(`"${executionId}" is not an n8n execution ID`, 'Copy the ID from the Executions list: letters, digits, dashes.');
	const entities = context.getNodeParameter('documentTypes', itemIndex, [...UNDO_ORDER]) as UndoEntity[];
	if (entities.length === 0) throw validationError('No document types are chosen', 'Choose at least one type in "Document Types".');
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const since = String(options.createdSince ?? '').trim();
	const createdSince = since === '' ? new Date(Date.now() - DEFAULT_LOOK_BACK_DAYS * 86_400_000) : new Date(since);
	if (Number.isNaN(createdSince.getTime())) throw validationError(`"${since}" is not a date and time`, 'Pick "Created Since" with the date picker, e.g. 2026-12-05T09:00:00Z.');
	return { executionId, createdSince: createdSince.toISOString(), entities, resetHubSpot: context.getNodeParameter('resetHubSpot', itemIndex, true) as boolean };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: QuickBooksClient): Promise<INodeExecutionData[]> {
	const settings = readSettings(this, itemIndex);
	const preview = this.getNodeParameter('previewOnly', itemIndex, false) === true ? new PreviewRecorder() : undefined;
	let hubspot;
	if (settings.resetHubSpot) {
		if (!this.getNode().credentials?.[HUBSPOT_CREDENTIAL_TYPE]) {
			throw validationError('Resetting the HubSpot write-back needs a HubSpot credential', 'Select a HubSpot credential on this node, or turn off "Reset HubSpot Write-Back".');
		}
		hubspot = await createHubSpotClient(this);
	}
	const deps = {
		qb: preview ? preview.quickBooks(client) : client,
		...(hubspot ? { hubspot: preview ? preview.hubSpot(hubspot) : hubspot } : {}),
		...(preview ? { leases: preview.leases } : {}),
	};
	const outcomes = await undoRun(deps, settings);
	if (outcomes.length === 0) {
		const kinds = settings.entities.map((entity) => `${undoNoun(entity)}s`).join(', ');
		return [
			{
				json: {
					executionId: settings.executionId,
					action: 'nothing',
					message: `Nothing to undo: no ${kinds} created since ${settings.createdSince} name n8n execution ${settings.executionId} (already undone, or that execution created none).`,
				},
			},
		];
	}
	return outcomes.map((outcome) => ({ json: preview ? { ...outcome, dryRun: true, wouldWrite: preview.writes.filter((write) => write.id === outcome.id || write.id === outcome.hubspotInvoiceId) } : outcome }));
}
