import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { notFoundError, type HubSpotClient, type HubSpotObjectType } from '../../../transport/hubspot';
import { failedItem, recordId, stringList } from './common';

interface ReadRecord {
	id: string;
	properties: IDataObject;
}

export interface BatchGetSpec<Include extends string> {
	/** The parameter that holds the record id (a resource locator or a string). */
	idParameter: string;
	/** 'invoice' or 'payment': the output's objectType and the noun in messages. */
	objectType: 'invoice' | 'payment';
	/** HubSpot's object type name, for the "not found" message. */
	hubspotObjectType: HubSpotObjectType;
	defaultProperties: readonly string[];
	read(client: HubSpotClient, ids: string[], options: { include: Include[]; properties: string[] }): Promise<ReadRecord[]>;
}

/**
 * Reads the records of all input items together, grouped by the items' include and property
 * choices: one batch read per 100 records and, per relation, one association read and one batch
 * read per 100 related records, instead of calls per item. A missing id fails only its own item.
 */
export async function batchGet<Include extends string>(
	context: IExecuteFunctions,
	client: HubSpotClient,
	itemIndexes: number[],
	spec: BatchGetSpec<Include>,
): Promise<INodeExecutionData[]> {
	const results = new Map<number, INodeExecutionData>();
	const groups = new Map<string, { include: Include[]; properties: string[]; items: Array<{ itemIndex: number; id: string }> }>();
	for (const itemIndex of itemIndexes) {
		try {
			const id = recordId(context, spec.idParameter, itemIndex, spec.objectType);
			const include = context.getNodeParameter('include', itemIndex, []) as Include[];
			const properties = [...new Set([...spec.defaultProperties, ...stringList(context, 'additionalProperties', itemIndex)])];
			const key = JSON.stringify([include, properties]);
			if (!groups.has(key)) groups.set(key, { include, properties, items: [] });
			groups.get(key)!.items.push({ itemIndex, id });
		} catch (error) {
			results.set(itemIndex, failedItem(context, error, itemIndex));
		}
	}
	for (const group of groups.values()) {
		let records: Map<string, ReadRecord>;
		try {
			const read = await spec.read(client, group.items.map((item) => item.id), group);
			records = new Map(read.map((record) => [record.id, record]));
		} catch (error) {
			for (const { itemIndex } of group.items) results.set(itemIndex, failedItem(context, error, itemIndex));
			continue;
		}
		for (const { itemIndex, id } of group.items) {
			const record = records.get(id);
			if (!record) {
				results.set(itemIndex, failedItem(context, notFoundError(context.getNode(), spec.hubspotObjectType, id, client.basePath), itemIndex));
				continue;
			}
			const { id: recordIdValue, properties, ...includes } = record;
			results.set(itemIndex, {
				json: { objectType: spec.objectType, id: recordIdValue, properties, ...includes } as IDataObject,
				pairedItem: { item: itemIndex },
			});
		}
	}
	return itemIndexes.map((itemIndex) => results.get(itemIndex)!).filter(Boolean);
}
