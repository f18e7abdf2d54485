/**
 * `npm run bench`: contenders (a) ours in bulk, (b) ours one item per execution and (c) n8n's built-in route, on the same seeded data, against both simulators
 * with production-like limits and latency, each run in its own worker process by the same n8n engine
 * (n8n-core's WorkflowExecute). See bench/README.md.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';

import { BUILT_IN_RETRY_WAIT_MS, CONTENDER_LABELS, type ApiConnection, type ContenderId, type ContenderOutcome, type WorkerMessage, type WorkerReply } from './contenders/types';
import { rateLimitLowerBound, type Limits, type LowerBound } from './metrics';
import { INSTALL_HINT, N8N_VERSION } from './n8nNodesBase';
import { LARGE_N, parseOptions, USAGE, type BenchOptions } from './options';
import { runQueueBench } from './queue';
import { runReconcileBench } from './reconcile';
import { contenderFigures, printSizeRun, resultFile, sizeRun, writeResults, type ContenderResult, type SizeRun } from './report';
import {
	connectionOf,
	countCalls,
	HUBSPOT_LIMITS,
	prepareData,
	QBO_LIMITS,
	quickBooksResult,
	SEED_SHAPE,
	startBenchSimulators,
	type BenchSimulators,
} from './simulators';

const WORKER = join(__dirname, 'worker.ts');
const RESULTS_DIRECTORY = join(__dirname, 'results');
const PROGRESS_EVERY_MS = 30_000;
/** The smoke run proves the wiring; (c)'s retries after a 429 wait 1 s there instead of 5 s. */
const SMOKE_RETRY_WAIT_MS = 1000;

const LIMITS: Limits = {
	hubspot: { burstMax: HUBSPOT_LIMITS.burstMax, burstWindowMs: HUBSPOT_LIMITS.burstWindowMs, searchPerSecond: HUBSPOT_LIMITS.searchPerSecond },
	quickbooks: { perSecond: QBO_LIMITS.perSecond, perMinute: QBO_LIMITS.perMinute, batchPerMinute: QBO_LIMITS.batchPerMinute },
};

const BUILT_IN_NOTE =
	"(c) runs n8n's built-in QuickBooks node itself (n8n-nodes-base 2.41.1, unchanged; its hard-coded Intuit host " +
	'redirected to the simulator): per invoice Customer › Get Many (DisplayName filter, limit 1), Customer › Create when ' +
	'none matched, Invoice › Create; no minorversion, no requestid, no /batch. HubSpot side (no built-in invoice node): ' +
	'HTTP Request for the search pages, then each invoice, each line item and the contact one by one.';

/** Forks a worker, sends it one message, resolves with its one reply. */
function askWorker(message: WorkerMessage): Promise<WorkerReply> {
	return new Promise((resolve) => {
		const child = fork(WORKER, [], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let answered = false;
		child.once('message', (reply: WorkerReply) => {
			answered = true;
			resolve(reply);
		});
		child.once('exit', (code, signal) => {
			if (!answered) resolve({ kind: 'error', message: `the worker exited (${signal ?? `code ${code}`}) without an answer` });
		});
		child.send(message);
	});
}

function progress(sims: BenchSimulators, label: string, n: number): () => void {
	const started = Date.now();
	const timer = setInterval(() => {
		const hubspot = sims.hubspot.server.requestLog.length;
		const quickbooks = sims.quickbooks.server.requestLog.length;
		console.log(`  … ${label}, N=${n}: ${Math.round((Date.now() - started) / 1000)} s, ${hubspot} HubSpot and ${quickbooks} QBO calls so far`);
	}, PROGRESS_EVERY_MS);
	return () => clearInterval(timer);
}

interface Availability {
	ours?: string;
	builtIn?: string;
}

function unavailableReason(contender: ContenderId, availability: Availability): string | undefined {
	if (contender === 'c') return availability.builtIn;
	return availability.ours;
}

async function runContender(
	sims: BenchSimulators,
	options: BenchOptions,
	n: number,
	contender: ContenderId,
): Promise<{ result: ContenderResult; bound?: LowerBound }> {
	const label = CONTENDER_LABELS[contender];
	const data = prepareData(sims, n, options.seed);
	const connection: ApiConnection = connectionOf(sims);
	console.log(`${label}, N=${n}: running (${data.invoicesToSync} invoices to sync)…`);
	const stop = progress(sims, label, n);
	const reply = await askWorker({ kind: 'run', contender, connection, builtInRetryWaitMs: options.smoke ? SMOKE_RETRY_WAIT_MS : BUILT_IN_RETRY_WAIT_MS });
	stop();
	if (reply.kind !== 'outcome') {
		const reason = reply.kind === 'error' ? reply.message : 'unexpected worker reply';
		console.log(`contender (${contender}) failed to run: ${reason}`);
		if (reply.kind === 'error' && reply.stack) console.log(reply.stack.split('\n').slice(0, 8).join('\n'));
		return { result: { contender, label, available: false, reason } };
	}
	const outcome: ContenderOutcome = reply;
	const calls = countCalls(sims, outcome.startedAt);
	const bound = rateLimitLowerBound(calls, LIMITS, options.latencyMs[0]);
	const figures = contenderFigures(contender, outcome, calls, quickBooksResult(sims, data), data, bound);
	console.log(
		`${label}, N=${n}: ${figures.wall_s.toFixed(1)} s, ${figures.invoices_created}/${figures.invoices_to_sync} synced, ` +
			`${calls.hubspot.total} HubSpot + ${calls.quickbooks.total} QBO calls, 429s ${calls.hubspot.throttled}/${calls.quickbooks.throttled}` +
			(figures.reported_failures ? `, ${figures.reported_failures} failures (first: ${figures.failures_sample[0]?.node}: ${figures.failures_sample[0]?.message})` : ''),
	);
	return { result: figures, bound };
}

async function main(): Promise<void> {
	let options: BenchOptions | 'help';
	try {
		options = parseOptions(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exitCode = 2;
		return;
	}
	if (options === 'help') {
		console.log(USAGE);
		return;
	}
	if (options.reconcile) {
		await runReconcileBench(options);
		return;
	}
	if (options.queue) {
		await runQueueBench(options);
		return;
	}
	const probe = await askWorker({ kind: 'probe' });
	const availability: Availability = probe.kind === 'probe' ? { ours: probe.oursUnavailable, builtIn: probe.builtInUnavailable } : { ours: `probe failed: ${probe.kind === 'error' ? probe.message : '?'}`, builtIn: 'probe failed' };
	const notes = [BUILT_IN_NOTE];
	for (const contender of options.contenders) {
		const reason = unavailableReason(contender, availability);
		if (reason) console.log(`contender (${contender}) unavailable: ${reason}`);
	}
	if (availability.builtIn && options.contenders.includes('c')) console.log(`to run (c), install n8n: ${INSTALL_HINT}`);
	console.log(
		`limits: HubSpot ${LIMITS.hubspot.burstMax}/${LIMITS.hubspot.burstWindowMs / 1000} s + ${LIMITS.hubspot.searchPerSecond} searches/s; ` +
			`QBO ${LIMITS.quickbooks.perSecond}/s, ${LIMITS.quickbooks.perMinute}/min, ${LIMITS.quickbooks.batchPerMinute} batch/min; ` +
			`latency ${options.latencyMs[0]}–${options.latencyMs[1]} ms per call; seed ${options.seed}`,
	);

	const runs: SizeRun[] = [];
	for (const n of options.sizes) {
		const sims = await startBenchSimulators(options.latencyMs);
		const results: Partial<Record<ContenderId, ContenderResult>> = {};
		let boundOfA: LowerBound | undefined;
		// The data every contender gets (each run re-seeds the same: same seed, same ids).
		const seeded = prepareData(sims, n, options.seed);
		try {
			for (const contender of options.contenders) {
				const reason = unavailableReason(contender, availability);
				if (reason) {
					results[contender] = { contender, label: CONTENDER_LABELS[contender], available: false, reason };
					continue;
				}
				if (n > LARGE_N && contender !== 'a' && !options.allContendersAtLargeN) {
					const skipped = `skipped at N > ${LARGE_N} (add --all-contenders to run it; it takes hours against the limits)`;
					console.log(`contender (${contender}), N=${n}: ${skipped}`);
					results[contender] = { contender, label: CONTENDER_LABELS[contender], available: false, reason: skipped };
					continue;
				}
				const { result, bound } = await runContender(sims, options, n, contender);
				results[contender] = result;
				if (contender === 'a' && result.available) boundOfA = bound;
			}
		} finally {
			await sims.close();
		}
		const run = sizeRun(n, seeded, results, boundOfA);
		runs.push(run);
		console.log('');
		printSizeRun(run);
		console.log('');
	}
	console.log(BUILT_IN_NOTE);

	if (options.write) {
		const settings = {
			latency_ms: options.latencyMs,
			seed: options.seed,
			sizes: options.sizes,
			contenders: options.contenders,
			smoke: options.smoke,
			limits: LIMITS,
			seed_shape: SEED_SHAPE,
			lower_bound: 'max over the limits of floor((calls − 1) / C) × W for C calls per W s, on the calls (a) made that were admitted, plus one minimum-latency round trip',
		};
		const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
		const paths = writeResults(RESULTS_DIRECTORY, resultFile(command, settings, notes, runs, N8N_VERSION), options.smoke);
		console.log(`results: ${paths.join(', ')}`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
