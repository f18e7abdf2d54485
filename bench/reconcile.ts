/**
 * `npm run bench -- --reconcile [--n 10000]`: Reconcile With HubSpot over N seeded invoices (and their
 * payments and refunds), against both simulators with production limits and latency, through n8n-core's
 * engine. QuickBooks is given the synced copy of every invoice, payment and refund as the sync leaves
 * them (marker, DocNumber, written-back id), placed in its store before the clock starts, so the timed
 * run is the reconciliation alone. Printed: calls per 1,000 documents, wall time, the rate-limit bound,
 * and the classes (all matched when the reading is right).
 */
import '../test/harness/env';

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { OUR_CREDENTIALS, credentialsFor } from './contenders/credentials';
import { buildWorkflow, chain, execute, triggerNode } from './engine';
import { prepareOurs, registerOurNodes } from './contenders/ours';
import { rateLimitLowerBound, round, type Limits } from './metrics';
import type { BenchOptions } from './options';
import { connectionOf, countCalls, HUBSPOT_LIMITS, QBO_LIMITS, startBenchSimulators, type BenchSimulators } from './simulators';

const LIMITS: Limits = {
	hubspot: { burstMax: HUBSPOT_LIMITS.burstMax, burstWindowMs: HUBSPOT_LIMITS.burstWindowMs, searchPerSecond: HUBSPOT_LIMITS.searchPerSecond },
	quickbooks: { perSecond: QBO_LIMITS.perSecond, perMinute: QBO_LIMITS.perMinute, batchPerMinute: QBO_LIMITS.batchPerMinute },
};

const DAY_MS = 86_400_000;
const day = (epoch: number) => new Date(epoch).toISOString().slice(0, 10);

/** The QuickBooks side as the sync leaves it, written straight into the simulator's store (untimed set-up). */
function mirrorIntoQuickBooks(sims: BenchSimulators, invoiceIds: readonly string[], paymentIds: readonly string[]): { from: string; to: string } {
	const { store } = sims.quickbooks;
	const customerRef = { value: store.all('Customer')[0].Id };
	let first = Number.POSITIVE_INFINITY;
	let last = 0;
	const put = (entity: 'Invoice' | 'Payment' | 'RefundReceipt', fields: Record<string, unknown>) => {
		const Id = store.nextId(entity);
		const now = new Date().toISOString();
		store.put(entity, { Id, SyncToken: '0', CustomerRef: customerRef, MetaData: { CreateTime: now, LastUpdatedTime: now }, ...fields } as never);
		return Id;
	};
	for (const id of invoiceIds) {
		const invoice = sims.hubspot.inspect('invoices', id)!;
		const { hs_invoice_status: status, hs_amount_billed: billed, hs_balance_due: balance, hs_number: number, hs_currency: currency, hs_invoice_date: date } = invoice.properties;
		if (status === 'draft') continue;
		const at = Number.isFinite(Number(date)) ? Number(date) : Date.parse(date);
		first = Math.min(first, at);
		last = Math.max(last, at);
		const voided = status === 'voided';
		const qboId = put('Invoice', {
			DocNumber: number,
			TxnDate: day(at),
			CurrencyRef: { value: currency },
			TotalAmt: voided ? 0 : Number(billed),
			Balance: voided ? 0 : Number(balance ?? billed),
			PrivateNote: `HubSpot invoice ${id}${voided ? '\nVoided' : ''}`,
			Line: [],
		});
		sims.hubspot.updateProperties('invoices', id, { qbo_invoice_id: qboId, qbo_doc_number: number, qbo_sync_status: voided ? 'voided' : 'synced' });
	}
	for (const id of paymentIds) {
		const payment = sims.hubspot.inspect('commerce_payments', id)!;
		const { hs_latest_status: status, hs_initial_amount: amount, hs_refunds_amount: refunded, hs_currency_code: currency, hs_initiated_date: date, hs_processor_type: processor } = payment.properties;
		if (!['succeeded', 'refunded', 'partially_refunded'].includes(String(status)) || processor === 'quickbooks') continue;
		const at = Number.isFinite(Number(date)) ? Number(date) : Date.parse(date);
		put('Payment', { TxnDate: day(at), CurrencyRef: { value: currency }, TotalAmt: Number(amount), PrivateNote: `HubSpot payment ${id}`, Line: [] });
		if (Number(refunded ?? 0) > 0) {
			put('RefundReceipt', { TxnDate: day(at), CurrencyRef: { value: currency }, TotalAmt: Number(refunded), PrivateNote: `HubSpot refund of payment ${id} to ${refunded}`, Line: [] });
		}
	}
	return { from: day(first), to: day(last + DAY_MS) };
}

export async function runReconcileBench(options: BenchOptions): Promise<void> {
	for (const n of options.sizes) {
		const sims = await startBenchSimulators(options.latencyMs);
		try {
			sims.hubspot.reset();
			sims.quickbooks.reset();
			const seeded = sims.hubspot.seed({ invoices: n, seed: options.seed });
			const credentials = credentialsFor(connectionOf(sims));
			await prepareOurs(credentials);
			const period = mirrorIntoQuickBooks(sims, seeded.invoiceIds, seeded.paymentIds);
			// Past the set-up's calls: the HubSpot burst window starts empty, as for a scheduled run.
			await new Promise((resolve) => setTimeout(resolve, HUBSPOT_LIMITS.burstWindowMs));

			const type = registerOurNodes().quickBooksSync;
			const startedAt = Date.now();
			const started = performance.now();
			const reconcileNode = {
				name: 'Reconcile',
				type,
				typeVersion: 1,
				parameters: { resource: 'reconciliation', operation: 'reconcile', period: 'dateRange', startDate: period.from, endDate: period.to } as never,
				credentials: OUR_CREDENTIALS,
			};
			const workflow = buildWorkflow({ name: 'reconcile', nodes: [triggerNode('Schedule Trigger'), reconcileNode], connections: chain('Schedule Trigger', 'Reconcile') });
			const execution = await execute(workflow, credentials, 'Schedule Trigger', [{ json: {} }]);
			const wallSeconds = (performance.now() - started) / 1000;
			const [failure] = execution.nodeErrors();
			if (failure) throw new Error(`${failure.node}: ${failure.message}`);
			const [summary] = execution.outputs('Reconcile').map((item) => item.json as Record<string, unknown>);
			const calls = countCalls(sims, startedAt);
			const bound = rateLimitLowerBound(calls, LIMITS, options.latencyMs[0]);
			const figures = {
				n,
				period,
				wall_s: round(wallSeconds, 1),
				rate_limit_bound_s: round(bound.seconds, 1),
				wall_over_bound: round(wallSeconds / bound.seconds, 2),
				binding_limit: bound.binding,
				hubspot_calls: calls.hubspot.total,
				quickbooks_calls: calls.quickbooks.total,
				throttled: { hubspot: calls.hubspot.throttled, quickbooks: calls.quickbooks.throttled },
				node_calls: summary.calls,
				counts: summary.counts,
				totals: summary.totals,
				latency_ms: options.latencyMs,
			};
			console.log(
				`Reconcile, N=${n} invoices (${String((summary.calls as Record<string, unknown>).documents)} documents): ${figures.wall_s} s, ` +
					`${calls.hubspot.total} HubSpot + ${calls.quickbooks.total} QBO calls = ${String((summary.calls as Record<string, unknown>).perThousandDocuments)} per 1,000 documents; ` +
					`rate-limit bound ${figures.rate_limit_bound_s} s (${bound.binding}), ${figures.wall_over_bound}x; 429s ${calls.hubspot.throttled}/${calls.quickbooks.throttled}`,
			);
			console.log(`  classes: ${JSON.stringify(summary.counts)}`);
			if (options.write && !options.smoke) writeFileSync(join(__dirname, 'results', `reconcile-${n}.json`), `${JSON.stringify(figures, null, 2)}\n`);
		} finally {
			await sims.close();
		}
	}
}
