import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as undo from './undo.operation';

export const operations: Record<string, OperationModule> = { undo };

export const description: INodeProperties[] = [
	operationProperty(
		'syncRun',
		[
			{
				name: 'Undo',
				value: 'undo',
				description: 'Take back the QuickBooks documents one execution of the sync created, and reset the HubSpot write-back',
				action: 'Undo a sync run',
			},
		],
		'undo',
	),
	...undo.description,
];
