import type { INodeProperties } from 'n8n-workflow';

import { operationProperty, type OperationModule } from '../common/operation';
import * as reconcile from './reconcile.operation';

export const operations: Record<string, OperationModule> = { reconcile };

export const description: INodeProperties[] = [
	operationProperty(
		'reconciliation',
		[
			{
				name: 'Reconcile With HubSpot',
				value: 'reconcile',
				description: "Compare a period's HubSpot invoices, payments, refunds and fees with QuickBooks, to the cent, and optionally repair what drifted",
				action: 'Reconcile HubSpot with QuickBooks',
			},
		],
		'reconcile',
	),
	...reconcile.description,
];
