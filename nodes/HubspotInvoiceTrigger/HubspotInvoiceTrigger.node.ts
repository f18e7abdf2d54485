import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import {
	createHubSpotClient,
	epochOf,
	INVOICE_PROPERTIES,
	PAYMENT_PROPERTIES,
	type HubSpotClient,
	type HubSpotInvoice,
	type HubSpotObjectWithHistory,
	type HubSpotPayment,
	type InvoiceInclude,
	type PaymentInclude,
} from '../../transport/hubspot';
import { isQuickBooksBornInvoice, isQuickBooksRecordedPayment } from '../../core/quickBooksToHubSpot';
import { getInvoiceProperties, getPaymentProperties } from '../shared/hubspotPropertyOptions';
import { redeliveriesOfPoll } from '../shared/redelivery';
import { CURSOR_FILTER_COUNT, initialCursor, scanChanges, upgradeCursor, type CursorState } from './cursor';
import { triggerProperties } from './description';
import { detectEvents, HISTORY_PROPERTIES, type DetectedEvent, type TriggerEvent } from './events';
import { filterProperties, matchesFilters, pushedFilters, splitList, type PropertyCondition, type TriggerFilters } from './filters';

/** How many recent records "Fetch Test Event" looks at for one that shows the chosen events. */
const SAMPLE_SIZE = 20;
/** Share of the poll budget spent fetching before the poll returns what it has. */
const BUDGET_SHARE = 0.5;
const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;
/** A host clock further than this from HubSpot's is reported (HubSpot's Date header has whole seconds). */
export const CLOCK_SKEW_WARNING_MS = 30_000;

/**
 * HubSpot's time at activation, per activation: n8n polls with one poll context from activation on,
 * and an engine that stages static data per poll does not keep what the activation poll wrote when
 * it returns nothing. A later poll of the same activation that finds no cursor starts from here, so
 * the changes between activation and the first scheduled poll are not lost either way.
 */
const activationStarts = new WeakMap<object, number>();
/** Polls running per poll context, for engines that give each poll its own copy of the static data. */
const runningPolls = new WeakMap<object, number>();

interface TriggerConfig {
	objectType: 'invoices' | 'commerce_payments';
	events: Set<TriggerEvent>;
	filters: TriggerFilters;
	include: string[];
	readProperties: string[];
	lagMs: number;
	maxEvents: number;
	startKey: string;
	startAt?: number;
	requestsPer10Seconds: number;
	searchesPerSecond: number;
	/** Loop prevention: invoices born in QuickBooks and payments recorded from QuickBooks are not events. */
	skipFromQuickBooks: boolean;
	/** Each event is delivered a second time this long after the first (0: never). */
	redeliverAfterMs: number;
}

type Emitted = { record: HubSpotObjectWithHistory; events: DetectedEvent[]; redelivered?: boolean };

export class HubspotInvoiceTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Invoice Trigger',
		name: 'hubspotInvoiceTrigger',
		icon: { light: 'file:../../icons/hubspot.svg', dark: 'file:../../icons/hubspot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["object"] === "payment" ? "Payments" : "Invoices"}}',
		description: 'Starts the workflow when HubSpot invoices are created, finalized, paid, voided or updated, or payments succeed or are refunded',
		defaults: { name: 'HubSpot Invoice Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'hubspotCommerceApi', required: true }],
		properties: triggerProperties,
	};

	methods = { loadOptions: { getInvoiceProperties, getPaymentProperties } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const config = readConfig(this);
		const client = await createHubSpotClient(this, {
			requestsPerWindow: config.requestsPer10Seconds,
			searchesPerSecond: config.searchesPerSecond,
		});
		if (this.getMode() === 'manual') return await fetchTestEvent(this, client, config);

		// One poll at a time: n8n's ticks do not wait for the previous poll, and two polls from one
		// cursor would emit the same events. A poll that finds another within its budget does nothing.
		const staticData = this.getWorkflowStaticData('node');
		const startedAt = Date.now();
		// getPollBudgetMs arrived in n8n 2.41; older engines give a poll five minutes.
		const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_POLL_BUDGET_MS;
		const running = staticData.pollInFlight as { token: string; until: number } | undefined;
		if ((running && running.until > startedAt) || (runningPolls.get(this) ?? 0) > startedAt) return null;
		const token = `${startedAt}:${Math.random().toString(36).slice(2)}`;
		staticData.pollInFlight = { token, until: startedAt + budget };
		runningPolls.set(this, startedAt + budget);
		try {
			return await pollChanges(this, client, config, staticData, startedAt + budget * BUDGET_SHARE);
		} finally {
			runningPolls.delete(this);
			if ((staticData.pollInFlight as { token?: string } | undefined)?.token === token) delete staticData.pollInFlight;
		}
	}
}

/**
 * One production poll. The cursor is written only once the output is complete (Include reads
 * included): a poll that fails anywhere leaves it, and the next poll emits the same events again.
 * At least once, never at most once; the sync downstream is idempotent.
 */
async function pollChanges(
	context: IPollFunctions,
	client: HubSpotClient,
	config: TriggerConfig,
	staticData: IDataObject,
	deadline: number,
): Promise<INodeExecutionData[][] | null> {
	let state = upgradeCursor(staticData.cursor);
	if (!state || state.objectType !== config.objectType || state.startKey !== config.startKey) {
		if (config.startAt !== undefined) {
			state = initialCursor(config.objectType, config.startKey, config.startAt);
		} else {
			const activatedAt = activationStarts.get(context);
			if (activatedAt === undefined) {
				// Start From Now: the activation poll notes HubSpot's time; there is nothing to report yet.
				const start = await hubspotTime(client, config.objectType);
				activationStarts.set(context, start);
				staticData.cursor = initialCursor(config.objectType, config.startKey, start) as unknown as IDataObject;
				return null;
			}
			state = initialCursor(config.objectType, config.startKey, activatedAt);
		}
	}

	const result = await scanChanges(client, state, {
		objectType: config.objectType,
		lagMs: config.lagMs,
		maxEvents: config.maxEvents,
		deadline,
		pushed: pushedFilters(config.objectType, config.filters, 6 - CURSOR_FILTER_COUNT),
		readProperties: config.readProperties,
		historyProperties: HISTORY_PROPERTIES[config.objectType],
		hubspotNow: () => client.hubspotNow(),
		evaluate: (record, after) => eventsOf(config, record, after),
	});
	const clockWarning = clockSkewWarning(client);
	if (clockWarning) context.logger.warn(clockWarning, { workflowId: context.getWorkflow().id, node: context.getNode().name });
	// Second deliveries due now, within what is left of Max Events per Poll; the rest wait.
	const firstEvents = result.emitted.reduce((sum, entry) => sum + entry.events.length, 0);
	const redeliveries = redeliveriesOfPoll(staticData, config.redeliverAfterMs, config.maxEvents - firstEvents, eventKey);
	const again = redeliveries.due.length > 0 ? await recordsToDeliverAgain(client, config, redeliveries.due) : [];
	const emitted: Emitted[] = [...result.emitted, ...again];
	const items = emitted.length > 0 ? await outputItems(client, config, emitted, clockWarning) : [];
	// The cursor and the second deliveries are stored together, once the output is complete.
	if (JSON.stringify(result.state) !== JSON.stringify(staticData.cursor)) staticData.cursor = result.state as unknown as IDataObject;
	const dropped = redeliveries.keep(result.emitted.map(({ record, events }) => ({ id: record.id, events })));
	if (dropped > 0) {
		context.logger.warn(`HubSpot Invoice Trigger: ${dropped} events waiting to be delivered again were dropped (more than the trigger keeps); run a backfill for them if a run was lost`, {
			workflowId: context.getWorkflow().id,
			node: context.getNode().name,
		});
	}
	return items.length > 0 ? [items] : null;
}

const eventKey = (event: DetectedEvent) => `${event.event}@${event.occurredAt}`;

/**
 * The records of the second deliveries due, read afresh (the downstream sees them as they are now);
 * a record gone, or one that no longer matches the filters, is not delivered again.
 */
async function recordsToDeliverAgain(client: HubSpotClient, config: TriggerConfig, due: Array<{ id: string; events: DetectedEvent[] }>): Promise<Emitted[]> {
	const records = await client.batchRead(
		config.objectType,
		due.map((entry) => entry.id),
		{ properties: config.readProperties, propertiesWithHistory: HISTORY_PROPERTIES[config.objectType] },
	);
	const byId = new Map(records.map((record) => [record.id, record]));
	return due.flatMap(({ id, events }) => {
		const record = byId.get(id);
		return record && eventsOf(config, record, Infinity).matches ? [{ record, events, redelivered: true }] : [];
	});
}

/**
 * HubSpot's time now, from one search answer's Date header, and never before just after the portal's
 * newest change (nothing before activation is newer; the header's whole seconds can be up to one
 * second behind it); with neither, the host's clock.
 */
async function hubspotTime(client: HubSpotClient, objectType: CursorState['objectType']): Promise<number> {
	const page = await client.search(objectType, {
		sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
		properties: ['hs_lastmodifieddate'],
		limit: 1,
	});
	const newest = epochOf(page.results[0]?.properties.hs_lastmodifieddate);
	const serverNow = client.hubspotNow();
	if (newest === undefined) return serverNow ?? Date.now();
	return Math.max(serverNow ?? newest + 1, newest + 1);
}

/** Says so when this host's clock is far from HubSpot's: the trigger keeps HubSpot's time, other nodes may not. */
function clockSkewWarning(client: HubSpotClient): string | undefined {
	const ahead = client.hostClockAheadMs();
	if (ahead === undefined || Math.abs(ahead) <= CLOCK_SKEW_WARNING_MS) return undefined;
	const seconds = Math.round(Math.abs(ahead) / 1000);
	return `This n8n host's clock is ${seconds} s ${ahead > 0 ? 'ahead of' : 'behind'} HubSpot's. The trigger keeps HubSpot's time, so no change is missed; set the host's clock right (NTP) for the rest of the workflow.`;
}

/** One model whatever form a filter takes: the fresh record either matches, with its events, or does not. */
function eventsOf(config: TriggerConfig, record: HubSpotObjectWithHistory, after: number): { matches: boolean; events: DetectedEvent[] } {
	if (!matchesFilters(config.objectType, record, config.filters)) return { matches: false, events: [] };
	if (config.skipFromQuickBooks && cameFromQuickBooks(config.objectType, record.properties)) return { matches: false, events: [] };
	return { matches: true, events: detectEvents(config.objectType, record, config.events, after) };
}

function readConfig(context: IPollFunctions): TriggerConfig {
	const object = context.getNodeParameter('object', 'invoice') as 'invoice' | 'payment';
	const objectType = object === 'payment' ? 'commerce_payments' : 'invoices';
	const events = context.getNodeParameter(object === 'payment' ? 'paymentEvents' : 'invoiceEvents', []) as TriggerEvent[];
	if (events.length === 0) throw new NodeOperationError(context.getNode(), 'Choose at least one event to trigger on');
	const rawFilters = context.getNodeParameter(object === 'payment' ? 'paymentFilters' : 'invoiceFilters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const conditions = (((rawFilters.conditions as IDataObject | undefined)?.condition as IDataObject[] | undefined) ?? [])
		.filter((condition) => typeof condition.property === 'string' && condition.property !== '')
		.map((condition) => ({ property: String(condition.property), operator: String(condition.operator ?? 'EQ'), value: String(condition.value ?? '') }) as PropertyCondition);
	const decimalOption = (name: string): string | undefined => {
		const value = String(rawFilters[name] ?? '').trim();
		if (value === '') return undefined;
		if (!/^-?\d+(\.\d+)?$/.test(value)) throw new NodeOperationError(context.getNode(), `"${name === 'amountBilledMin' ? 'Amount Billed Min' : 'Amount Billed Max'}" must be a decimal number like 100.00, not "${value}"`);
		return value;
	};
	const filters: TriggerFilters = {
		invoiceStatuses: (rawFilters.statuses as string[] | undefined) ?? [],
		currencies: splitList(String(rawFilters.currencies ?? '')).map((code) => code.toUpperCase()),
		amountBilledMin: object === 'invoice' ? decimalOption('amountBilledMin') : undefined,
		amountBilledMax: object === 'invoice' ? decimalOption('amountBilledMax') : undefined,
		processorTypes: (rawFilters.processorTypes as string[] | undefined) ?? [],
		sourceApps: (rawFilters.sourceApps as string[] | undefined) ?? [],
		conditions,
	};
	const startFrom = String(options.startFrom ?? 'now');
	// The parameter as written: an expression such as {{ $now.minus({ days: 1 }) }} names one start,
	// evaluated once when the cursor is made, not a new start on every poll.
	const writtenStartDate = ((context.getNode().parameters.options ?? {}) as IDataObject).startDate;
	let startAt: number | undefined;
	if (startFrom === 'date') {
		startAt = epochOf(options.startDate as string);
		if (startAt === undefined) throw new NodeOperationError(context.getNode(), 'Set "Start Date" (or choose to start from now)');
	}
	const base = objectType === 'invoices' ? INVOICE_PROPERTIES : PAYMENT_PROPERTIES;
	return {
		objectType,
		events: new Set(events),
		filters,
		include: ((object === 'payment' ? options.paymentInclude : options.include) as string[] | undefined) ?? [],
		readProperties: [...new Set([...base, ...filterProperties(filters), ...splitList(String(options.additionalProperties ?? ''))])],
		lagMs: Math.max(0, Number(options.indexLagSeconds ?? 300)) * 1000,
		maxEvents: Math.max(1, Math.floor(Number(options.maxEventsPerPoll ?? 200))),
		startKey: startAt === undefined ? 'now' : `date:${typeof writtenStartDate === 'string' ? writtenStartDate : JSON.stringify(writtenStartDate)}`,
		startAt,
		requestsPer10Seconds: Number(options.requestsPer10Seconds ?? 100),
		searchesPerSecond: Number(options.searchesPerSecond ?? 5),
		skipFromQuickBooks: options.skipFromQuickBooks !== false,
		redeliverAfterMs: Math.max(0, Number(options.redeliverAfterMinutes ?? 0)) * 60_000,
	};
}

/** An invoice the QuickBooks → HubSpot sync made (or HubSpot's own QuickBooks app), or a payment recorded from QuickBooks. */
function cameFromQuickBooks(objectType: 'invoices' | 'commerce_payments', properties: Record<string, string | null>): boolean {
	return objectType === 'invoices' ? isQuickBooksBornInvoice(properties) : isQuickBooksRecordedPayment(properties);
}

/**
 * "Fetch Test Event": the most recently changed record that shows one of the chosen events, with its
 * latest such event. Reads only; the cursor is not touched.
 */
async function fetchTestEvent(context: IPollFunctions, client: HubSpotClient, config: TriggerConfig): Promise<INodeExecutionData[][]> {
	const page = await client.search(config.objectType, {
		filterGroups: [{ filters: pushedFilters(config.objectType, config.filters, 6) }],
		sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
		properties: ['hs_lastmodifieddate'],
		limit: SAMPLE_SIZE,
	});
	const records = await client.batchRead(
		config.objectType,
		page.results.map((result) => result.id),
		{ properties: config.readProperties, propertiesWithHistory: HISTORY_PROPERTIES[config.objectType] },
	);
	for (const record of records) {
		const { events } = eventsOf(config, record, -Infinity);
		if (events.length === 0) continue;
		return [await outputItems(client, config, [{ record, events: [events[events.length - 1]] }])];
	}
	const noun = config.objectType === 'invoices' ? 'invoice' : 'payment';
	throw new NodeOperationError(context.getNode(), `No HubSpot ${noun} with the chosen events matches the filters among the ${SAMPLE_SIZE} most recently changed ${noun}s`, {
		description: `Make such a change in HubSpot (for example finalize an invoice), or loosen the filters, then fetch a test event again.`,
	});
}

/** One item per event; the record's relations are read once for all of them, in batches. */
async function outputItems(
	client: HubSpotClient,
	config: TriggerConfig,
	emitted: Emitted[],
	clockWarning?: string,
): Promise<INodeExecutionData[]> {
	const unique = new Map<string, HubSpotInvoice & HubSpotPayment>();
	for (const { record } of emitted) unique.set(record.id, { id: record.id, properties: record.properties });
	const records = [...unique.values()];
	if (config.objectType === 'invoices') await client.attachInvoiceIncludes(records, config.include as InvoiceInclude[]);
	else await client.attachPaymentIncludes(records, config.include as PaymentInclude[]);
	const objectType = config.objectType === 'invoices' ? 'invoice' : 'payment';
	const items: INodeExecutionData[] = [];
	for (const { record, events, redelivered } of emitted) {
		const { id, properties, ...includes } = unique.get(record.id)!;
		for (const detected of events) {
			items.push({
				json: {
					event: detected.event,
					objectType,
					id,
					occurredAt: new Date(detected.occurredAt).toISOString(),
					...(detected.refund ? { refund: { ...detected.refund } } : {}),
					...(redelivered ? { redelivered: true } : {}),
					properties,
					...includes,
					...(clockWarning ? { clockWarning } : {}),
				} as IDataObject,
			});
		}
	}
	return items;
}
