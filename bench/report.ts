/** The figures of one run: per contender and N, the ratios, the printed table and the JSON file. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CONTENDER_LABELS, type ContenderId, type ContenderOutcome, type Failure } from './contenders/types';
import { ratio, round, type LowerBound } from './metrics';
import type { CallCounts, QuickBooksResult, SeededData } from './simulators';

export interface ContenderFigures {
	contender: ContenderId;
	label: string;
	available: true;
	wall_s: number;
	executions: number;
	invoices_to_sync: number;
	invoices_created: number;
	customers_created: number;
	duplicate_invoices: number;
	/** Invoices to sync that did not land in QuickBooks. */
	failed_items: number;
	/** Failures the contender itself reported (failed items, node errors). */
	reported_failures: number;
	/** 429s that ended as failed items (or stopped the workflow). */
	throttled_failures: number;
	stopped_early: boolean;
	calls_per_invoice: { hubspot: number; quickbooks: number; total: number };
	http_429: { hubspot: number; quickbooks: number };
	calls: CallCounts;
	/** The rate-limit lower bound for this contender's own calls. */
	own_lower_bound_s: number;
	peak_rss_mb: number;
	rss_before_mb: number;
	rss_growth_mb: number;
	/** Time spent getting the per-invoice leases, in all and per grant (one grant per chunk of up to 300 invoices). */
	lease_overhead: { grants: number; keys: number; acquire_ms: number; ms_per_grant: number | null; share_of_wall: number | null } | null;
	failures_sample: Failure[];
	notes: string[];
}

export interface Unavailable {
	contender: ContenderId;
	label: string;
	available: false;
	reason: string;
}

export type ContenderResult = ContenderFigures | Unavailable;

export interface SizeRun {
	n: number;
	/** (c) wall / (a) wall. */
	speedup_vs_builtin: number | null;
	/** (a): HubSpot + QBO calls per invoice synced. */
	calls_per_invoice: number | null;
	/** (a) wall / rate-limit lower bound of (a)'s calls. */
	vs_rate_limit_bound: number | null;
	/** (a): 429s that ended as failed items. */
	throttled_failures: number | null;
	/** (a): peak RSS of its worker process. */
	peak_rss_mb: number | null;
	rss_growth_mb: number | null;
	lower_bound_s: number | null;
	lower_bound_binding: string | null;
	lower_bound_parts: Record<string, number> | null;
	speedup_one_item_per_execution: number | null;
	seed: SeededData['summary'];
	invoices_to_sync: number;
	contenders: Partial<Record<ContenderId, ContenderResult>>;
}

export function contenderFigures(
	contender: ContenderId,
	outcome: Omit<ContenderOutcome, 'kind' | 'contender' | 'startedAt'>,
	calls: CallCounts,
	created: QuickBooksResult,
	data: SeededData,
	ownBound: LowerBound,
): ContenderFigures {
	const perInvoice = (count: number) => round(count / Math.max(data.invoicesToSync, 1), 3)!;
	const failedItems = Math.max(0, data.invoicesToSync - created.invoicesCreated);
	// A stopped workflow leaves every remaining invoice unsynced; if it stopped on a 429, they all count.
	const stoppedOnThrottle = outcome.stoppedEarly && outcome.failures.some((failure) => failure.throttled);
	const throttled = stoppedOnThrottle ? Math.max(failedItems, outcome.throttledFailureCount) : outcome.throttledFailureCount;
	return {
		contender,
		label: CONTENDER_LABELS[contender],
		available: true,
		wall_s: round(outcome.wallMs / 1000, 3)!,
		executions: outcome.executions,
		invoices_to_sync: data.invoicesToSync,
		invoices_created: created.invoicesCreated,
		customers_created: created.customersCreated,
		duplicate_invoices: created.duplicateInvoices,
		failed_items: failedItems,
		reported_failures: outcome.failureCount,
		throttled_failures: throttled,
		stopped_early: outcome.stoppedEarly,
		calls_per_invoice: {
			hubspot: perInvoice(calls.hubspot.total),
			quickbooks: perInvoice(calls.quickbooks.total),
			total: perInvoice(calls.hubspot.total + calls.quickbooks.total),
		},
		http_429: { hubspot: calls.hubspot.throttled, quickbooks: calls.quickbooks.throttled },
		calls,
		own_lower_bound_s: round(ownBound.seconds, 3)!,
		peak_rss_mb: round(outcome.peakRssMb, 1)!,
		rss_before_mb: round(outcome.rssBeforeMb, 1)!,
		rss_growth_mb: round(outcome.rssGrowthMb, 1)!,
		lease_overhead: outcome.leases
			? {
					grants: outcome.leases.grants,
					keys: outcome.leases.keys,
					acquire_ms: round(outcome.leases.acquireMs, 3)!,
					ms_per_grant: round(ratio(outcome.leases.acquireMs, outcome.leases.grants), 3),
					share_of_wall: round(ratio(outcome.leases.acquireMs, outcome.wallMs), 6),
				}
			: null,
		failures_sample: outcome.failures,
		notes: outcome.notes,
	};
}

function figuresOf(result: ContenderResult | undefined): ContenderFigures | undefined {
	return result?.available ? result : undefined;
}

export function sizeRun(n: number, data: SeededData, contenders: Partial<Record<ContenderId, ContenderResult>>, boundOfA: LowerBound | undefined): SizeRun {
	const a = figuresOf(contenders.a);
	const b = figuresOf(contenders.b);
	const c = figuresOf(contenders.c);
	return {
		n,
		speedup_vs_builtin: round(ratio(c?.wall_s, a?.wall_s)),
		calls_per_invoice: a ? a.calls_per_invoice.total : null,
		vs_rate_limit_bound: round(ratio(a?.wall_s, boundOfA?.seconds)),
		throttled_failures: a ? a.throttled_failures : null,
		peak_rss_mb: a ? a.peak_rss_mb : null,
		rss_growth_mb: a ? a.rss_growth_mb : null,
		lower_bound_s: boundOfA ? round(boundOfA.seconds, 3) : null,
		lower_bound_binding: boundOfA?.binding ?? null,
		lower_bound_parts: boundOfA ? Object.fromEntries(Object.entries(boundOfA.parts).map(([name, seconds]) => [name, round(seconds, 3)!])) : null,
		speedup_one_item_per_execution: round(ratio(b?.wall_s, a?.wall_s)),
		seed: data.summary,
		invoices_to_sync: data.invoicesToSync,
		contenders,
	};
}

function pad(text: string, width: number, alignRight: boolean): string {
	return alignRight ? text.padStart(width) : text.padEnd(width);
}

function table(header: string[], rows: string[][]): string {
	const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
	const line = (cells: string[]) => cells.map((cell, column) => pad(cell, widths[column], column > 1)).join('  ');
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const show = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '–' : value.toFixed(digits));

export function printSizeRun(run: SizeRun): void {
	const rows: string[][] = [];
	for (const id of ['a', 'b', 'c'] as ContenderId[]) {
		const result = run.contenders[id];
		if (!result) continue;
		if (!result.available) {
			rows.push([String(run.n), result.label, 'unavailable', '', '', '', '', '', '', '', '']);
			continue;
		}
		rows.push([
			String(run.n),
			result.label,
			show(result.wall_s, 1),
			show(result.calls_per_invoice.hubspot),
			show(result.calls_per_invoice.quickbooks),
			show(result.calls_per_invoice.total),
			`${result.http_429.hubspot}/${result.http_429.quickbooks}`,
			`${result.invoices_created}/${result.invoices_to_sync}${result.duplicate_invoices ? ` (${result.duplicate_invoices} dup)` : ''}`,
			String(result.throttled_failures),
			`${show(result.peak_rss_mb, 0)} (+${show(result.rss_growth_mb, 0)})`,
			show(result.own_lower_bound_s, 1),
		]);
	}
	console.log(
		table(['N', 'contender', 'wall s', 'HS calls/inv', 'QBO calls/inv', 'calls/inv', '429s HS/QBO', 'synced', 'throttled fails', 'peak RSS MB (+growth)', 'own bound s'], rows),
	);
	console.log(
		`N=${run.n}: (a)/(c) speed-up ${show(run.speedup_vs_builtin)}× · (a)/(lower bound) ${show(run.vs_rate_limit_bound)} ` +
			`(bound ${show(run.lower_bound_s, 1)} s, set by ${run.lower_bound_binding ?? '–'}) · (a) calls/invoice ${show(run.calls_per_invoice)} · ` +
			`(b)/(a) ${show(run.speedup_one_item_per_execution)}×`,
	);
	for (const id of ['a', 'b'] as ContenderId[]) {
		const result = run.contenders[id];
		const lease = result?.available ? result.lease_overhead : null;
		if (lease) {
			console.log(
				`N=${run.n} (${id}) lease overhead: ${show(lease.acquire_ms, 1)} ms acquiring ${lease.grants} grants of ${lease.keys} invoice leases ` +
					`(${show(lease.ms_per_grant, 2)} ms per grant, ${show((lease.share_of_wall ?? 0) * 100, 3)} % of wall time)`,
			);
		}
	}
}

function gitState(): { commit: string | null; dirty: boolean | null } {
	try {
		const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim().length > 0;
		return { commit, dirty };
	} catch {
		return { commit: null, dirty: null };
	}
}

export interface ResultFile {
	generated_at: string;
	command: string;
	commit: string | null;
	dirty_worktree: boolean | null;
	node: string;
	n8n: string;
	settings: Record<string, unknown>;
	notes: string[];
	runs: SizeRun[];
}

export function resultFile(command: string, settings: Record<string, unknown>, notes: string[], runs: SizeRun[], n8nVersion: string): ResultFile {
	const { commit, dirty } = gitState();
	return { generated_at: new Date().toISOString(), command, commit, dirty_worktree: dirty, node: process.version, n8n: n8nVersion, settings, notes, runs };
}

/** bench/results/<timestamp>.json and latest.json; a smoke run writes smoke.tmp.json only (git-ignored). */
export function writeResults(directory: string, file: ResultFile, smoke: boolean): string[] {
	mkdirSync(directory, { recursive: true });
	const text = `${JSON.stringify(file, null, '\t')}\n`;
	if (smoke) {
		const path = join(directory, 'smoke.tmp.json');
		writeFileSync(path, text);
		return [path];
	}
	const stamp = file.generated_at.replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z');
	const paths = [join(directory, `${stamp}.json`), join(directory, 'latest.json')];
	for (const path of paths) writeFileSync(path, text);
	return paths;
}
