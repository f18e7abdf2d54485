/**
 * Runs the chosen operation for every input item on one QuickBooks client (one per execution).
 * Failures become a NodeApiError naming the item, or with Continue On Fail an item on the error output
 * (`{ error: { category, code, message, howToFix, intuit_tid } }`) while the other items go on.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { QuickBooksClient } from '../../../transport/quickbooks';
import { summarizeFailure, toNodeError } from './common/errors';
import { resources } from './resources';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported for the resource "${resource}"`);
	}

	// Connecting reads only the credential; a failure there concerns every item alike.
	let client: QuickBooksClient;
	try {
		client = await QuickBooksClient.connect(this);
	} catch (error) {
		throw toNodeError(this, error);
	}

	if (operation.executeItems) return [await operation.executeItems.call(this, items, client)];

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
