/**
 * QuickBooks webhooks (quickbooks.md §8.2–§8.4): each change to an entity becomes an event, delivered by POST to
 * the app's configured URL, signed with `intuit-signature` = base64(HMAC-SHA256(verifier token, raw body)).
 * - CloudEvents (§8.3, the format Intuit moved to in 2026): a JSON array of up to 100 events, `type`
 *   `qbo.<entity>.<verb>.v1`, `intuitentityid`, `intuitaccountid`; one delivery may mix several realms.
 * - Legacy (§8.2): `{ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ id, operation, name,
 *   lastUpdated }] } }] }`, one realm per delivery (§8.4 "Events are sent one realm at a time").
 * A delivery that is not answered 2xx within the timeout (§8.4: reply within 3 s) is retried after 10 s, 20 s,
 * 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, then every 6 h; later events wait until it is acknowledged (§8.4).
 * One dispatcher can serve several simulators (realms), which is how a delivery comes to hold several realms.
 */
import { createHmac, randomUUID } from 'node:crypto';

import type { EntityName } from './store';

export type WebhookFormat = 'cloudevents' | 'legacy';
export type WebhookOperation = 'Create' | 'Update' | 'Delete' | 'Void' | 'Emailed' | 'Merge';

export interface WebhookEvent {
	realmId: string;
	entity: EntityName;
	id: string;
	operation: WebhookOperation;
	/** Epoch ms of the change (the simulator's clock). */
	at: number;
}

export interface WebhookSettings {
	url: string;
	verifierToken: string;
	format: WebhookFormat;
	/** How long events gather before a delivery (production allows 0/1/3/5 minutes, §8.2); 0 by default. */
	aggregationMs?: number;
	/** Waits between attempts; Intuit's schedule by default (§8.4). Tests pass short ones. */
	retryDelaysMs?: number[];
	/** How long a delivery waits for the 200 (§8.4: 3 s). */
	timeoutMs?: number;
}

export const INTUIT_RETRY_DELAYS_MS = [10_000, 20_000, 30_000, 300_000, 1_200_000, 7_200_000, 14_400_000, 21_600_000];
/** §8.3: up to 100 events per notification. */
export const EVENTS_PER_DELIVERY = 100;

const VERBS: Record<WebhookOperation, string> = { Create: 'created', Update: 'updated', Delete: 'deleted', Void: 'voided', Emailed: 'emailed', Merge: 'merged' };

/** §8.4: base64(HMAC-SHA256(key = verifier token, message = the raw body)). */
export function signWebhook(rawBody: string, verifierToken: string): string {
	return createHmac('sha256', verifierToken).update(rawBody, 'utf8').digest('base64');
}

/** The delivery body for these events, in the app's format. */
export function webhookBody(events: readonly WebhookEvent[], format: WebhookFormat): string {
	if (format === 'cloudevents') {
		return JSON.stringify(
			events.map((event) => ({
				specversion: '1.0',
				id: randomUUID(),
				source: 'intuit.qbo-sandbox',
				type: `qbo.${event.entity.toLowerCase()}.${VERBS[event.operation]}.v1`,
				datacontenttype: 'application/json',
				time: new Date(event.at).toISOString(),
				intuitentityid: event.id,
				intuitaccountid: event.realmId,
				data: {},
			})),
		);
	}
	const byRealm = new Map<string, WebhookEvent[]>();
	for (const event of events) byRealm.set(event.realmId, [...(byRealm.get(event.realmId) ?? []), event]);
	return JSON.stringify({
		eventNotifications: [...byRealm].map(([realmId, realmEvents]) => ({
			realmId,
			dataChangeEvent: {
				entities: realmEvents.map((event) => ({ id: event.id, operation: event.operation, name: event.entity, lastUpdated: new Date(event.at).toISOString() })),
			},
		})),
	});
}

export interface WebhookDelivery {
	attempt: number;
	/** HTTP status of the receiver's answer, or 'error' (refused, reset, timed out). */
	status: number | 'error';
	body: string;
	signature: string;
	events: number;
}

export class WebhookDispatcher {
	readonly deliveries: WebhookDelivery[] = [];
	private readonly queue: WebhookEvent[] = [];
	private timer?: NodeJS.Timeout;
	private running = false;
	private closed = false;
	private idleWaiters: (() => void)[] = [];

	constructor(readonly settings: WebhookSettings) {}

	publish(event: WebhookEvent): void {
		if (this.closed) return;
		this.queue.push(event);
		this.schedule();
	}

	/** Resolves once every published event has been acknowledged by the receiver. */
	idle(): Promise<void> {
		if (this.queue.length === 0 && !this.running) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	close(): void {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		for (const resolve of this.idleWaiters.splice(0)) resolve();
	}

	private schedule(delayMs = this.settings.aggregationMs ?? 0): void {
		if (this.running || this.timer || this.closed) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.deliverNext(0);
		}, delayMs);
	}

	/** The next delivery: up to 100 events, of one realm in the legacy format; they leave the queue only when acknowledged. */
	private nextBatch(): WebhookEvent[] {
		const head = this.queue.slice(0, EVENTS_PER_DELIVERY);
		if (this.settings.format === 'cloudevents') return head;
		return head.filter((event) => event.realmId === head[0].realmId);
	}

	private async deliverNext(attempt: number): Promise<void> {
		if (this.closed || this.queue.length === 0) return this.settle();
		this.running = true;
		const batch = this.nextBatch();
		const body = webhookBody(batch, this.settings.format);
		const signature = signWebhook(body, this.settings.verifierToken);
		let status: number | 'error';
		try {
			const answer = await fetch(this.settings.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'intuit-signature': signature },
				body,
				signal: AbortSignal.timeout(this.settings.timeoutMs ?? 3000),
			});
			status = answer.status;
			await answer.arrayBuffer();
		} catch {
			status = 'error';
		}
		this.deliveries.push({ attempt, status, body, signature, events: batch.length });
		if (typeof status === 'number' && status >= 200 && status < 300) {
			for (const event of batch) this.queue.splice(this.queue.indexOf(event), 1);
			this.running = false;
			if (this.queue.length > 0) this.schedule(0);
			else this.settle();
			return;
		}
		const delays = this.settings.retryDelaysMs ?? INTUIT_RETRY_DELAYS_MS;
		const wait = delays[Math.min(attempt, delays.length - 1)];
		if (this.closed) return this.settle();
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.deliverNext(attempt + 1);
		}, wait);
	}

	private settle(): void {
		this.running = false;
		if (this.queue.length === 0 || this.closed) for (const resolve of this.idleWaiters.splice(0)) resolve();
	}
}
