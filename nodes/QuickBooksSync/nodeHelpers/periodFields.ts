/**
 * The fields that name a period's month or days, shown for the "Period" choice `month` or `dateRange`.
 * Read by readPeriod (sync/feeSync.ts); shared by the operations that work on a period.
 */
import type { INodeProperties } from 'n8n-workflow';

export const periodDayFields: INodeProperties[] = [
	{
		displayName: 'Month',
		name: 'month',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 2026-10',
		description: 'The month as YYYY-MM (a date in the month works too)',
		displayOptions: { show: { period: ['month'] } },
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		required: true,
		default: '',
		displayOptions: { show: { period: ['dateRange'] } },
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'The last day of the period (included)',
		displayOptions: { show: { period: ['dateRange'] } },
	},
];
