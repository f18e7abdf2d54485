/**
 * What Preview and Undo tests read from the simulators' request logs: the writes each side received
 * (as bodies, per QuickBooks entity, /batch items included) and the writes a preview may not make.
 */
import type { IDataObject } from 'n8n-workflow';

import { withoutExecutionTag } from '../../../core';
import type { RequestLogEntry } from '../../../sandbox/common/server';
import type { HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import type { QuickBooksTestbed } from '../quickbooks/testbed';

/** QuickBooks writes received: every POST that is not a query, each /batch item that is not a query. */
export function quickBooksWrites(qb: QuickBooksTestbed): Array<{ entity: string; operation: string; body: IDataObject }> {
	const writes: Array<{ entity: string; operation: string; body: IDataObject }> = [];
	for (const call of qb.apiCalls(undefined, 'POST')) {
		if (call.path.endsWith('/query')) continue;
		if (call.path.endsWith('/batch')) {
			for (const item of ((call.body as IDataObject).BatchItemRequest as IDataObject[] | undefined) ?? []) {
				if (item.Query !== undefined) continue;
				const entity = Object.keys(item).find((key) => !['bId', 'operation', 'optionsData'].includes(key)) ?? '';
				writes.push({ entity, operation: String(item.operation), body: item[entity] as IDataObject });
			}
			continue;
		}
		const resource = call.path.split('/').pop() ?? '';
		writes.push({ entity: resource, operation: call.query.operation ?? 'create', body: call.body as IDataObject });
	}
	return writes;
}

/** HubSpot calls that write (anything but reads, searches and batch reads). */
export function hubSpotWrites(hs: HubSpotSimulator): RequestLogEntry[] {
	return hs.server.requestLog.filter((call) => call.method !== 'GET' && !/\/search$|\/batch\/read$/.test(call.path));
}

/**
 * A body with what differs between two runs made equal: ids of records created in the run (a preview's
 * `preview-<n>`, QuickBooks' own) and the execution line of PrivateNote.
 */
export function comparable(body: IDataObject, createdIds: ReadonlyMap<string, string> = new Map()): IDataObject {
	return JSON.parse(
		JSON.stringify(body, (key, value: unknown) => {
			if (key === 'PrivateNote' && typeof value === 'string') return withoutExecutionTag(value);
			if (key === 'value' && typeof value === 'string') return createdIds.get(value) ?? value;
			return value;
		}),
	) as IDataObject;
}
