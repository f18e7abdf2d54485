/**
 * Request budgets shared by every n8n process of a queue-mode deployment, in the Redis the leases use
 * (n8n's queue Redis, or HSQB_LEASE_REDIS_URL). Without that Redis there is none: each process keeps
 * its in-process budgets (transport/quickbooks/pacing.ts, transport/hubspot/rateLimit.ts) as before.
 *
 * Keys, one per limit and clock-aligned slot, each expiring a second or two after its slot:
 *   hsqb:budget:quickbooks:<realmId>:<second|minute|batch>:<slot>   per QuickBooks company
 *   hsqb:budget:hubspot:<portal>:<burst|search>:<slot>               per HubSpot portal (a hash of the token)
 */
import { sharedRedisConnection, sharedRedisOptions, type RedisOptions } from '../leases';
import { SharedBudget, type BudgetLimit, type BudgetStore } from './sharedBudget';

export { GRANT_TO_ARRIVAL_MARGIN_MS, REDIS_RETRY_AFTER_MS, SharedBudget, type BudgetLimit, type BudgetStore } from './sharedBudget';
export { mostInAnyWindow, slotAt, slotPlan, type SlotPlan } from './slots';

export type QuickBooksLimitName = 'second' | 'minute' | 'batch';
export type HubSpotLimitName = 'burst' | 'search';

export function redisBudgetStore(options: RedisOptions): BudgetStore {
	return { connection: () => sharedRedisConnection(options), description: `${options.host}:${options.port}` };
}

/** The shared Redis of this deployment, or undefined outside queue mode (see sharedRedisOptions). */
export function budgetStoreFromEnvironment(env: Record<string, string | undefined> = process.env): BudgetStore | undefined {
	const options = sharedRedisOptions(env);
	return options ? redisBudgetStore(options) : undefined;
}

export function quickBooksBudgetKey(realmId: string): string {
	return `hsqb:budget:quickbooks:${realmId}`;
}

export function hubSpotBudgetKey(portal: string): string {
	return `hsqb:budget:hubspot:${portal}`;
}

/** quickbooks.md §6, per company: 10 per second, 500 per minute, 40 /batch calls per minute. */
export function quickBooksBudgetLimits(limits: { perSecond: number; perMinute: number; batchPerMinute: number }): Record<QuickBooksLimitName, BudgetLimit> {
	return {
		second: { limit: limits.perSecond, windowMs: 1000 },
		minute: { limit: limits.perMinute, windowMs: 60_000 },
		batch: { limit: limits.batchPerMinute, windowMs: 60_000 },
	};
}

/** hubspot.md §5.1: the burst window per app and portal, and five searches per second per account. */
export function hubSpotBudgetLimits(limits: { requestsPerWindow: number; windowMs: number; searchesPerSecond: number }): Record<HubSpotLimitName, BudgetLimit> {
	return {
		burst: { limit: limits.requestsPerWindow, windowMs: limits.windowMs },
		search: { limit: limits.searchesPerSecond, windowMs: 1000 },
	};
}

export function quickBooksCompanyBudget(store: BudgetStore, realmId: string, limits: Record<QuickBooksLimitName, BudgetLimit>): SharedBudget<QuickBooksLimitName> {
	return new SharedBudget(store, quickBooksBudgetKey(realmId), limits, `QuickBooks company ${realmId}`);
}

export function hubSpotPortalBudget(store: BudgetStore, portal: string, limits: Record<HubSpotLimitName, BudgetLimit>): SharedBudget<HubSpotLimitName> {
	return new SharedBudget(store, hubSpotBudgetKey(portal), limits, 'HubSpot portal');
}
