/**
 * Both simulators in this (the parent) process with production-like limits and latency, the same seeded
 * data for every contender, and the request logs read back per contender.
 */
import type { RequestLogEntry } from '../sandbox/common/server';
import { DEFAULT_RATE_LIMITS as HUBSPOT_LIMITS, startHubSpotSimulator, type HubSpotSimulator, type SeedSummary } from '../sandbox/hubspot';
import { startQuickBooksSimulator, type QuickBooksSimulator } from '../sandbox/quickbooks/simulator';
import { LIMITS as QBO_LIMITS } from '../sandbox/quickbooks/throttle';
import type { ApiConnection } from './contenders/types';

export { HUBSPOT_LIMITS, QBO_LIMITS };

export interface BenchSimulators {
	hubspot: HubSpotSimulator;
	quickbooks: QuickBooksSimulator;
	close(): Promise<void>;
}

/**
 * HubSpot: 100 per rolling 10 s and 5 searches/s (hubspot.md §5.1); QBO: 10/s, 500/min, 40 batch/min (quickbooks.md §6).
 * Several companies at once need a realm id each, as every real QuickBooks company has its own (the limits are per realm).
 */
export async function startBenchSimulators(latencyMs: [number, number], company: { realmId?: string } = {}): Promise<BenchSimulators> {
	const hubspot = await startHubSpotSimulator({ rateLimits: true, latencyMs, indexLagMs: 0 });
	const quickbooks = await startQuickBooksSimulator({ throttling: true, latencyMs, realmId: company.realmId });
	return {
		hubspot,
		quickbooks,
		async close() {
			await Promise.all([hubspot.close(), quickbooks.close()]);
		},
	};
}

/** The seed's ratios (sandbox/hubspot/seed.ts defaults), stated here so the output shows what the data is. */
export const SEED_SHAPE = {
	lineItemsPerInvoice: '1 to 5, 3 on average',
	newContactRatio: 0.3,
	discountRatio: 0.25,
	feeRatio: 0.15,
	taxRatio: 0.3,
};

export interface SeededData {
	summary: Omit<SeedSummary, 'invoiceIds' | 'paymentIds'>;
	/** Open and paid invoices: what every contender syncs. */
	invoicesToSync: number;
	qboInvoicesBefore: number;
	qboCustomersBefore: number;
}

/** Back to empty CRM and the default QuickBooks company, then the same N invoices (same seed, same ids). */
export function prepareData(sims: BenchSimulators, invoices: number, seed: number): SeededData {
	sims.hubspot.reset();
	sims.quickbooks.reset();
	const seeded = sims.hubspot.seed({
		invoices,
		seed,
		newContactRatio: SEED_SHAPE.newContactRatio,
		discountRatio: SEED_SHAPE.discountRatio,
		feeRatio: SEED_SHAPE.feeRatio,
		taxRatio: SEED_SHAPE.taxRatio,
	});
	const summary: SeededData['summary'] = { ...seeded };
	delete (summary as Partial<SeedSummary>).invoiceIds;
	delete (summary as Partial<SeedSummary>).paymentIds;
	return {
		summary,
		invoicesToSync: summary.byStatus.open + summary.byStatus.paid,
		qboInvoicesBefore: sims.quickbooks.store.count('Invoice'),
		qboCustomersBefore: sims.quickbooks.store.count('Customer'),
	};
}

/** A fresh token pair for each run (an access token lives an hour). */
export function connectionOf(sims: BenchSimulators): ApiConnection {
	const tokens = sims.quickbooks.issueTokens();
	return {
		hubspot: { url: sims.hubspot.url, token: sims.hubspot.token },
		quickbooks: {
			url: sims.quickbooks.url,
			realmId: sims.quickbooks.realmId,
			accessToken: tokens.access_token,
			refreshToken: tokens.refresh_token,
			tokenUrl: sims.quickbooks.tokenUrl,
			authorizeUrl: sims.quickbooks.authorizeUrl,
			clientId: sims.quickbooks.clientId,
			clientSecret: sims.quickbooks.clientSecret,
		},
	};
}

export interface HubSpotCalls {
	total: number;
	searches: number;
	/** Everything but search: these share the 100 per 10 s burst limit. */
	nonSearch: number;
	batchCalls: number;
	throttled: number;
	/** Calls the limits let through (a 429 was refused and does not count against them). */
	admittedSearches: number;
	admittedNonSearch: number;
}

export interface QuickBooksCalls {
	total: number;
	queries: number;
	batchCalls: number;
	/** Operations inside the /batch calls. */
	batchOperations: number;
	otherWrites: number;
	throttled: number;
	admitted: number;
	admittedBatchCalls: number;
	/** OAuth token endpoint calls (refreshes); not API calls. */
	tokenCalls: number;
}

export interface CallCounts {
	hubspot: HubSpotCalls;
	quickbooks: QuickBooksCalls;
}

function since(log: RequestLogEntry[], startedAt: number): RequestLogEntry[] {
	return log.filter((entry) => entry.at >= startedAt);
}

/** The calls a contender made from `startedAt` on, from the simulators' request logs. */
export function countCalls(sims: BenchSimulators, startedAt: number): CallCounts {
	const hubspotLog = since(sims.hubspot.server.requestLog, startedAt);
	const isSearch = (entry: RequestLogEntry) => entry.method === 'POST' && /\/search$/.test(entry.path);
	const hubspot: HubSpotCalls = {
		total: hubspotLog.length,
		searches: hubspotLog.filter(isSearch).length,
		nonSearch: hubspotLog.filter((entry) => !isSearch(entry)).length,
		batchCalls: hubspotLog.filter((entry) => /\/batch\//.test(entry.path)).length,
		throttled: hubspotLog.filter((entry) => entry.status === 429).length,
		admittedSearches: hubspotLog.filter((entry) => isSearch(entry) && entry.status !== 429).length,
		admittedNonSearch: hubspotLog.filter((entry) => !isSearch(entry) && entry.status !== 429).length,
	};
	const quickbooksLog = since(sims.quickbooks.server.requestLog, startedAt);
	const api = quickbooksLog.filter((entry) => entry.path.startsWith('/v3/company/'));
	const batches = api.filter((entry) => /\/batch$/.test(entry.path));
	const quickbooks: QuickBooksCalls = {
		total: api.length,
		queries: api.filter((entry) => /\/query$/.test(entry.path)).length,
		batchCalls: batches.length,
		batchOperations: batches.reduce((sum, entry) => sum + batchSize(entry.body), 0),
		otherWrites: api.filter((entry) => entry.method === 'POST' && !/\/(batch|query)$/.test(entry.path)).length,
		throttled: api.filter((entry) => entry.status === 429).length,
		admitted: api.filter((entry) => entry.status !== 429).length,
		admittedBatchCalls: batches.filter((entry) => entry.status !== 429).length,
		tokenCalls: quickbooksLog.filter((entry) => entry.path.startsWith('/oauth2/')).length,
	};
	return { hubspot, quickbooks };
}

function batchSize(body: unknown): number {
	const items = (body as { BatchItemRequest?: unknown[] } | undefined)?.BatchItemRequest;
	return Array.isArray(items) ? items.length : 0;
}

export interface QuickBooksResult {
	invoicesCreated: number;
	customersCreated: number;
	/** Invoices whose DocNumber appears more than once (a sync that booked one twice). */
	duplicateInvoices: number;
}

export function quickBooksResult(sims: BenchSimulators, data: SeededData): QuickBooksResult {
	const invoices = sims.quickbooks.store.list('Invoice');
	const numbers = invoices.map((invoice) => String(invoice.DocNumber ?? '')).filter((docNumber) => docNumber !== '');
	return {
		invoicesCreated: invoices.length - data.qboInvoicesBefore,
		customersCreated: sims.quickbooks.store.count('Customer') - data.qboCustomersBefore,
		duplicateInvoices: numbers.length - new Set(numbers).size,
	};
}
