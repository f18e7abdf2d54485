import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { DEFAULT_RETRY_POLICY, QuickBooksClient, type QueryCondition, type RetryPolicy } from '../../transport/quickbooks';
import { toNodeError } from '../QuickBooksSync/nodeHelpers/errors';
import { redeliveriesOfPoll } from '../shared/redelivery';
import { ChangeReader } from './changes';
import { changedAtOf, detectChanges, initialCursor, readCursor, readFrom, type DetectedChange } from './cursor';
import { triggerProperties } from './description';
import { isInactiveCustomer, TRIGGER_ENTITIES, TRIGGER_EVENTS, type TriggerEntity, type TriggerEvent, type TriggerItem } from './events';
import { deliveryMarks, parseDelivery, rememberDeliveries, signatureMatches, type WebhookChange } from './webhook';

export const WEBHOOK_CREDENTIAL_TYPE = 'quickBooksWebhookApi';
/**
 * Intuit waits 3 s for the answer to a delivery, then delivers again (quickbooks.md §8.4): the records
 * of a delivery are read with one short retry, not the minute-long back-off of the operations.
 */
const WEBHOOK_READ_RETRIES: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 1, throttleDelayMs: 1000, maxDelayMs: 1000 };
/** "Fetch Test Event" shows the newest change of this many last days. */
const SAMPLE_DAYS = 3;
/**
 * QuickBooks' time at activation, per poll context (n8n polls one activation through one context). An
 * engine that stages static data per poll drops what the activation poll wrote when it returns nothing;
 * a later poll of the same activation that finds no cursor starts from here, so the changes between
 * activation and the first scheduled poll are not lost.
 */
const activationStarts = new WeakMap<object, number>();
/** Polls running per poll context, for engines that give each poll its own copy of the static data. */
const runningPolls = new WeakMap<object, number>();
/** A poll still marked as running after this long is taken as gone (its process ended). */
const POLL_IN_FLIGHT_MS = 10 * 60_000;

interface TriggerConfig {
	entities: TriggerEntity[];
	events: Set<TriggerEvent>;
	lateWindowMs: number;
	maxChangesPerPoll: number;
	fetchRecords: boolean;
	/** Polling: each item is output a second time this long after the first (0: never). */
	redeliverAfterMs: number;
}

/** What a second delivery keeps of an item until it is due; the record is read again then. */
type DeliveredChange = Pick<TriggerItem, 'event' | 'entity' | 'id' | 'realmId' | 'changedAt' | 'eventKey' | 'source'>;

function readConfig(context: IPollFunctions | IWebhookFunctions): TriggerConfig {
	const entities = (context.getNodeParameter('entities', []) as string[]).filter((entity): entity is TriggerEntity => (TRIGGER_ENTITIES as readonly string[]).includes(entity));
	if (entities.length === 0) throw new NodeOperationError(context.getNode(), 'Choose at least one record type under "Records"');
	const events = (context.getNodeParameter('events', []) as string[]).filter((event): event is TriggerEvent => (TRIGGER_EVENTS as readonly string[]).includes(event));
	if (events.length === 0) throw new NodeOperationError(context.getNode(), 'Choose at least one event under "Events"');
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const lateWindow = Number(options.lateWindowSeconds ?? 60);
	if (!Number.isFinite(lateWindow) || lateWindow < 0) throw new NodeOperationError(context.getNode(), `"Late Change Window (Seconds)" must be 0 or more, not ${String(options.lateWindowSeconds)}`);
	const redeliverAfter = Number(options.redeliverAfterMinutes ?? 0);
	if (!Number.isFinite(redeliverAfter) || redeliverAfter < 0) {
		throw new NodeOperationError(context.getNode(), `"Deliver Each Change Again After (Minutes)" must be 0 or more, not ${String(options.redeliverAfterMinutes)}`);
	}
	const maxChanges = Number(options.maxChangesPerPoll ?? 1000);
	if (!Number.isInteger(maxChanges) || maxChanges < 1) throw new NodeOperationError(context.getNode(), `"Max Changes per Poll" must be a whole number from 1, not ${String(options.maxChangesPerPoll)}`);
	return {
		entities,
		events: new Set(events),
		lateWindowMs: Math.round(lateWindow * 1000),
		maxChangesPerPoll: maxChanges,
		fetchRecords: options.fetchRecords !== false,
		redeliverAfterMs: Math.round(redeliverAfter * 60_000),
	};
}

/** Output items of detected changes, one per event the user chose, oldest first. */
function pollItems(realmId: string, detected: readonly DetectedChange[], config: TriggerConfig, notice?: string): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	for (const { change, key, events } of detected) {
		for (const event of events) {
			if (!config.events.has(event) || !config.entities.includes(change.entity)) continue;
			const json: TriggerItem = {
				event,
				entity: change.entity,
				id: change.id,
				realmId,
				changedAt: changedAtOf(change),
				eventKey: `${realmId}:${key}:${event}`,
				source: change.source,
				record: change.deleted ? null : change.record,
			};
			if (notice) json.notice = notice;
			items.push({ json });
		}
	}
	return items;
}

// An Intuit app's webhook URL is set on Intuit's developer portal; there is no API to register or remove one.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class QuickBooksTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'QuickBooks Trigger',
		name: 'quickBooksTrigger',
		icon: { light: 'file:../../icons/quickbooks.svg', dark: 'file:../../icons/quickbooks.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["mode"] === "webhook" ? "Webhook" : "Polling"}}: {{$parameter["entities"].join(", ")}}',
		description:
			'Starts the workflow when QuickBooks Online invoices, payments, credit memos, refund receipts, sales receipts or customers are created, updated, voided or deleted. Polls Change Data Capture by default; Intuit webhooks (fewer metered reads) when set up.',
		defaults: { name: 'QuickBooks Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'quickBooksSyncOAuth2Api', required: true },
			{ name: WEBHOOK_CREDENTIAL_TYPE, required: true, displayOptions: { show: { mode: ['webhook'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: '={{ $parameter["mode"] !== "webhook" }}',
			},
		],
		properties: triggerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// Webhook mode: Intuit pushes the changes; polling would only spend metered reads.
		if (this.getNodeParameter('mode', 'poll') === 'webhook') return null;
		const config = readConfig(this);
		const client = await QuickBooksClient.connect(this);
		const reader = new ChangeReader(client, config.entities);
		if (this.getMode() === 'manual') return await fetchTestEvent(this, client.realmId, reader, config);

		const staticData = this.getWorkflowStaticData('node');
		// One poll at a time: n8n's ticks do not wait for the previous poll, and two polls from one cursor
		// would report the same changes.
		const now = Date.now();
		if ((typeof staticData.pollInFlightUntil === 'number' && staticData.pollInFlightUntil > now) || (runningPolls.get(this) ?? 0) > now) return null;
		staticData.pollInFlightUntil = now + POLL_IN_FLIGHT_MS;
		runningPolls.set(this, now + POLL_IN_FLIGHT_MS);
		try {
			return await pollChanges(this, client, reader, config, staticData);
		} catch (error) {
			throw toNodeError(this, error);
		} finally {
			runningPolls.delete(this);
			delete staticData.pollInFlightUntil;
		}
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response = this.getResponseObject();
		const refuse = (status: number, message: string): IWebhookResponseData => {
			response.status(status).json({ message });
			return { noWebhookResponse: true };
		};
		if (this.getNodeParameter('mode', 'poll') !== 'webhook') return refuse(404, 'This QuickBooks Trigger polls; set "Trigger On" to Intuit Webhook to receive webhooks');

		const request = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer; readRawBody?: () => Promise<void> };
		if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
		const rawBody = request.rawBody;
		if (!Buffer.isBuffer(rawBody)) return refuse(400, 'The request body could not be read as sent, so its signature cannot be checked');
		const { verifierToken } = await this.getCredentials<{ verifierToken?: string }>(WEBHOOK_CREDENTIAL_TYPE);
		if (!signatureMatches(rawBody, this.getHeaderData()['intuit-signature'], String(verifierToken ?? ''))) {
			return refuse(401, 'intuit-signature does not match the body');
		}

		const delivery = parseDelivery(rawBody);
		if ('refused' in delivery) return refuse(400, delivery.refused);
		const config = readConfig(this);
		const client = await QuickBooksClient.connect(this, WEBHOOK_READ_RETRIES);
		const staticData = this.getWorkflowStaticData('node');
		const remembered = new Set(Array.isArray(staticData.deliveries) ? (staticData.deliveries as string[]) : []);
		const wanted = delivery.changes.filter(
			(change) => change.realmId === client.realmId && config.entities.includes(change.entity) && !deliveryMarks(change).some((mark) => remembered.has(mark)),
		);
		// A re-delivery within this very delivery is one change too.
		const unique = [...new Map(wanted.map((change) => [change.dedupeKey, change])).values()];
		let records = new Map<string, IDataObject>();
		try {
			if (config.fetchRecords) records = await fetchRecords(client, unique);
		} catch (error) {
			// Not acknowledged: Intuit delivers it again later (quickbooks.md §8.4), nothing is lost.
			throw toNodeError(this, error);
		}
		const items: INodeExecutionData[] = [];
		for (const change of unique) {
			const record = records.get(`${change.entity}:${change.id}`) ?? null;
			// A customer made inactive is "deleted" (QuickBooks never deletes one), as when polling.
			const event = change.event === 'updated' && record && isInactiveCustomer(change.entity, record) ? 'deleted' : change.event;
			if (!config.events.has(event)) continue;
			const at = Date.parse(change.time);
			const json: TriggerItem = {
				event,
				entity: change.entity,
				id: change.id,
				realmId: change.realmId,
				changedAt: change.time,
				eventKey: `${change.realmId}:${change.entity}:${change.id}:${Number.isNaN(at) ? change.time : Math.floor(at / 1000) * 1000}${event === 'deleted' ? ':deleted' : ''}:${event}`,
				source: 'webhook',
				record: event === 'deleted' && change.entity !== 'Customer' ? null : record,
			};
			if (change.eventId) json.webhookEventId = change.eventId;
			items.push({ json });
		}
		// Remembered only now: a delivery that failed above is answered 500, Intuit sends it again, and it counts.
		const marks = unique.flatMap(deliveryMarks);
		if (marks.length > 0) staticData.deliveries = rememberDeliveries(staticData.deliveries, marks);
		if (items.length === 0) return { webhookResponse: { received: delivery.changes.length } };
		return { workflowData: [items] };
	}
}

/**
 * One production poll from the stored cursor. The cursor is replaced only once the output is complete:
 * a poll that fails reports the same changes next time.
 */
async function pollChanges(
	context: IPollFunctions,
	client: QuickBooksClient,
	reader: ChangeReader,
	config: TriggerConfig,
	staticData: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	let state = readCursor(staticData.cursor, client.realmId);
	if (!state) {
		const activatedAt = activationStarts.get(context);
		if (activatedAt === undefined) {
			// Start From Now, in QuickBooks' time: there is nothing to report yet.
			const start = await reader.serverTime();
			activationStarts.set(context, start);
			staticData.cursor = initialCursor(client.realmId, start) as unknown as IDataObject;
			return null;
		}
		state = initialCursor(client.realmId, activatedAt);
	}
	const reading = await reader.since(readFrom(state, config.lateWindowMs));
	const notice = reading.notices.length > 0 ? reading.notices.join(' ') : undefined;
	if (notice) context.logger.warn(`QuickBooks Trigger: ${notice}`, { workflowId: context.getWorkflow().id, node: context.getNode().name });
	const { fresh, next, leftOver } = detectChanges(state, reading.changes, config.lateWindowMs, config.maxChangesPerPoll);
	if (leftOver) context.logger.info(`QuickBooks Trigger: ${fresh.length} changes this poll (Max Changes per Poll); the rest come next poll`, { workflowId: context.getWorkflow().id, node: context.getNode().name });
	const items = pollItems(client.realmId, fresh, config, notice);
	// Second deliveries due now, within what is left of Max Changes per Poll; the rest wait.
	const redeliveries = redeliveriesOfPoll<DeliveredChange>(staticData, config.redeliverAfterMs, config.maxChangesPerPoll - items.length, (change) => change.eventKey);
	const again = redeliveries.due.length > 0 ? await deliveredAgain(client, redeliveries.due.flatMap((entry) => entry.events), config) : [];
	const dropped = redeliveries.keep(
		items.map(({ json }) => {
			const { event, entity, id, realmId, changedAt, eventKey, source } = json as TriggerItem;
			return { id: `${entity}:${id}`, events: [{ event, entity, id, realmId, changedAt, eventKey, source }] };
		}),
	);
	if (dropped > 0) context.logger.warn(`QuickBooks Trigger: ${dropped} changes waiting to be delivered again were dropped (more than the trigger keeps)`, { workflowId: context.getWorkflow().id, node: context.getNode().name });
	items.push(...again);
	staticData.cursor = next as unknown as IDataObject;
	return items.length > 0 ? [items] : null;
}

/**
 * The second delivery of changes: each record read afresh (deleted records have none); a record that is
 * gone since, for a change that was not its deletion, is not delivered again (its deletion is an event of its own).
 */
async function deliveredAgain(client: QuickBooksClient, changes: readonly DeliveredChange[], config: TriggerConfig): Promise<INodeExecutionData[]> {
	const records = config.fetchRecords ? await fetchRecords(client, changes) : new Map<string, IDataObject>();
	return changes.flatMap((change) => {
		const deletion = change.event === 'deleted' && change.entity !== 'Customer';
		const record = records.get(`${change.entity}:${change.id}`) ?? null;
		if (config.fetchRecords && !deletion && !record) return [];
		const json: TriggerItem = { ...change, record: deletion ? null : record, redelivered: true };
		return [{ json }];
	});
}

/** The changed records, one query per record type (Id IN …); deleted ones cannot be read. */
async function fetchRecords(client: QuickBooksClient, changes: ReadonlyArray<Pick<WebhookChange, 'entity' | 'id' | 'event'>>): Promise<Map<string, IDataObject>> {
	const idsByEntity = new Map<TriggerEntity, Set<string>>();
	for (const change of changes) {
		if (change.event === 'deleted' && change.entity !== 'Customer') continue;
		idsByEntity.set(change.entity, (idsByEntity.get(change.entity) ?? new Set()).add(change.id));
	}
	const records = new Map<string, IDataObject>();
	for (const [entity, ids] of idsByEntity) {
		const where: QueryCondition[] = [{ field: 'Id', operator: 'IN', value: [...ids] }];
		// Inactive customers are only listed when asked for (quickbooks.md §15.2).
		if (entity === 'Customer') where.push({ field: 'Active', operator: 'IN', value: [true, false] });
		for (const record of await client.query<IDataObject>(entity, { where })) records.set(`${entity}:${String(record.Id)}`, record);
	}
	return records;
}

/** "Fetch Test Event": the newest change of the last days, the stored cursor left alone. */
async function fetchTestEvent(context: IPollFunctions, realmId: string, reader: ChangeReader, config: TriggerConfig): Promise<INodeExecutionData[][]> {
	const now = await reader.serverTime();
	const since = now - SAMPLE_DAYS * 86_400_000;
	const reading = await reader.since(since);
	const state = initialCursor(realmId, since);
	const { fresh } = detectChanges(state, reading.changes, 0);
	const items = pollItems(realmId, fresh, config);
	const newest = items.at(-1);
	if (!newest) {
		throw new NodeOperationError(context.getNode(), `No ${config.entities.join(', ')} change in QuickBooks in the last ${SAMPLE_DAYS} days matches the chosen events`, {
			description: 'Create or change one in QuickBooks, then fetch again.',
		});
	}
	return [[newest]];
}
