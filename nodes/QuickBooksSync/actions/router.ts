/**
 * Runs the chosen operation for every input item on one QuickBooks client (one per execution).
 * Failures become a NodeApiError naming the item, or with Continue On Fail an item on the error output
 * (`{ error: { category, code, message, howToFix, intuit_tid } }`) while the other items go on.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { QuickBooksClient } from '../../../transport/quickbooks';
import { summarizeFailure, toNodeError } from '../nodeHelpers/errors';
import { resources } from './resources';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported for the resource "${resource}"`);
	}

	// A failure before any item is handled (the credential, a setting that concerns every item, the
	// HubSpot sync properties missing) concerns every item alike. With Continue On Fail each item
	// carries it: n8n would otherwise pass the input items on as if they had succeeded.
	const failEveryItem = (error: unknown): INodeExecutionData[][] => {
		if (!this.continueOnFail()) throw toNodeError(this, error);
		const failure = summarizeFailure(error);
		return [items.map((_item, itemIndex) => ({ json: { error: failure }, pairedItem: { item: itemIndex } }))];
	};

	let client: QuickBooksClient;
	try {
		client = await QuickBooksClient.connect(this);
	} catch (error) {
		return failEveryItem(error);
	}

	if (operation.executeItems) {
		try {
			return [await operation.executeItems.call(this, items, client)];
		} catch (error) {
			return failEveryItem(error);
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await operation.execute.call(this, itemIndex, client);
			for (const result of results) output.push({ ...result, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { error: summarizeFailure(error) }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw toNodeError(this, error, itemIndex);
		}
	}
	return [output];
}
