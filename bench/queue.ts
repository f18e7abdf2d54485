/**
 * `npm run bench -- --queue`: the package in n8n 2.41.1's queue mode (test/e2e/queueStack.ts: Redis,
 * PostgreSQL, main, workers with the package installed), against simulators with production limits and
 * latency (bench/simulators.ts), with 1 and then 2 workers:
 *  - one company: N invoices (default 1,000) synced;
 *  - three companies (each its own HubSpot portal and QuickBooks company with its own realm id,
 *    credentials and workflow): 300 invoices each, at the same time;
 *  - twelve companies of 100 invoices each, at the same time: more jobs than one worker runs at once.
 * Each company's run is bound by its own /batch budget (40 a minute, shared by the workers through
 * Redis); a second worker pays off only where one worker's job slots or CPU are the limit, not the
 * companies' budgets. Every run reports its /batch pace bound and the CPU each process spent.
 * A backfill fans out as queue mode does it: the invoice ids are posted in chunks to the workflow's
 * production webhook (Webhook › Split Out › the invoice template's "Sync to QuickBooks"); main
 * queues one execution per chunk and the workers take them. Wall time runs from the first post until
 * every execution has finished; 429s are the simulators' refusals; duplicates are HubSpot invoices with
 * more than one QuickBooks invoice; lost ones have none and no failure written back to HubSpot.
 * Writes bench/results/queue.json ({ ..., queue: {...} }).
 */
import { realpathSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_VERSION, packPackage } from '../test/e2e/n8n';
import { startQueueStack, type QueueStack } from '../test/e2e/queueStack';
import { hubspotCredentialFor, quickBooksCredentialFor } from '../test/e2e/simulators';
import { markedWith } from '../test/e2e/templateRuns';
import { templateForSimulator, type WorkflowJson } from '../test/e2e/templates';
import { GRANT_TO_ARRIVAL_MARGIN_MS, slotPlan } from '../transport/budgets';
import { byCommandLine, byPid, byWorkingDirectory, startCpuSampler, type CpuFigures, type CpuPart } from './cpuSampler';
import type { BenchOptions } from './options';
import { countCalls, prepareData, startBenchSimulators, type BenchSimulators } from './simulators';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const FINISHED = (status: string) => !['new', 'running', 'waiting', 'unknown'].includes(status);
/**
 * Invoices per posted chunk, i.e. per execution (BENCH_QUEUE_CHUNK changes it). Each execution writes its
 * customers and its invoices in /batch calls of up to 30 of its own, so 150 spends about 6 /batch calls
 * (0.04 per invoice) where 50 spent 3 (0.06): the 40 a minute a company has go further.
 */
const CHUNK = Number(process.env.BENCH_QUEUE_CHUNK ?? 150);
/** Jobs each worker runs at once: n8n's default (10) unless BENCH_QUEUE_CONCURRENCY says otherwise. */
const CONCURRENCY = process.env.BENCH_QUEUE_CONCURRENCY ? Number(process.env.BENCH_QUEUE_CONCURRENCY) : undefined;
/** Which scenarios run (e.g. BENCH_QUEUE_SCENARIOS=multi while exploring the three companies). */
const SCENARIOS = (process.env.BENCH_QUEUE_SCENARIOS ?? 'single,multi,many').split(',');
/**
 * Each company has a realm id of its own, as real QuickBooks companies do: QuickBooks' limits and the
 * shared budgets in Redis are per realm. BENCH_QUEUE_SAME_REALM=1 gives all three the simulator's one
 * default realm id instead (three companies then share one company's budget: the earlier setup).
 */
const SAME_REALM = process.env.BENCH_QUEUE_SAME_REALM === '1';
const realmIdOf = (company: number) => (SAME_REALM ? undefined : `93414530000000${String(company + 1).padStart(2, '0')}`);
const COMPANIES = 3;
const PER_COMPANY = 300;
/**
 * More companies at once than one worker runs jobs (n8n's default 10): each job waits on its own
 * company's budget, so one worker's slots fill with waiting jobs while others queue behind them.
 */
const MANY_COMPANIES = 12;
const MANY_PER_COMPANY = 100;
const WORKERS = [1, 2];
const RUN_TIMEOUT_MS = 30 * 60_000;

interface Company {
	index: number;
	sims: BenchSimulators;
	workflowId: string;
	syncUrl: string;
	setupUrl: string;
}

interface RunFigures {
	wall_s: number;
	http_429: number;
	duplicates: number;
	lost: number;
	/** Invoices the sync refused with a category written back to HubSpot (not lost: said). */
	refused: number;
	synced: number;
	executions: number;
	/** Calls the run made, summed over the companies. */
	calls: { hubspot: number; quickbooks: number; quickbooks_batch: number; quickbooks_batch_operations: number; quickbooks_queries: number };
	/** The busiest company's /batch calls at the shared budget's pace (one per slot of the 40-a-minute plan). */
	batch_bound_s: number;
	cpu?: CpuFigures;
}

/** Webhook › Split Out › "Sync to QuickBooks" (as the invoice template has it), and a setup webhook for the write-back properties. */
function benchWorkflow(company: number): WorkflowJson {
	const template = templateForSimulator('invoiceSync');
	const names = { hubspotCommerceApi: `HubSpot portal ${company}`, quickBooksSyncOAuth2Api: `QuickBooks company ${company}` };
	const withCredentials = (node: WorkflowJson['nodes'][number]) => ({
		...node,
		credentials: Object.fromEntries(Object.keys(node.credentials ?? {}).map((type) => [type, { id: null, name: names[type as keyof typeof names] }])),
	});
	const sync = template.nodes.find((node) => node.name === 'Sync to QuickBooks')!;
	const setup = template.nodes.find((node) => node.name === 'Create HubSpot sync properties')!;
	const webhook = (name: string, path: string, position: [number, number]) => ({
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: `hsqb-queue-bench-${path}`,
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
	return {
		name: `Queue benchmark, company ${company}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			webhook('Sync request', `hsqb-queue-bench-sync-${company}`, [0, 0]),
			{ name: 'One item per invoice', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [220, 0], parameters: { fieldToSplitOut: 'body.invoices', options: {} } },
			// A real sync (the template may tie its preview switch to a node this workflow does not have).
			{ ...withCredentials(sync), parameters: { ...sync.parameters, previewOnly: false }, position: [440, 0], onError: 'continueRegularOutput' },
			webhook('Setup request', `hsqb-queue-bench-setup-${company}`, [0, 200]),
			{ ...withCredentials(setup), position: [220, 200] },
		],
		connections: {
			'Sync request': { main: [[{ node: 'One item per invoice', type: 'main', index: 0 }]] },
			'One item per invoice': { main: [[{ node: 'Sync to QuickBooks', type: 'main', index: 0 }]] },
			'Setup request': { main: [[{ node: 'Create HubSpot sync properties', type: 'main', index: 0 }]] },
		},
	};
}

async function post(url: string, body: unknown): Promise<void> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
	if (response.status !== 200) throw new Error(`POST ${url} -> HTTP ${response.status}: ${await response.text()}`);
}

async function unfinished(stack: QueueStack, companies: Company[]): Promise<number> {
	const lists = await Promise.all(companies.map(async (company) => await stack.main.executions(company.workflowId)));
	return lists.flat().filter((execution) => !FINISHED(execution.status)).length;
}

async function finishedCount(stack: QueueStack, companies: Company[]): Promise<number> {
	const lists = await Promise.all(companies.map(async (company) => await stack.main.executions(company.workflowId)));
	return lists.flat().filter((execution) => FINISHED(execution.status)).length;
}

/** The processes of the run, for the CPU sampler: main, each worker (with their task runners), Redis, PostgreSQL, this process. */
function cpuParts(stack: QueueStack): CpuPart[] {
	const folder = (dir: string) => realpathSync(dir);
	let postmaster = 0;
	try {
		postmaster = Number(readFileSync(join(stack.postgres.dataDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
	} catch {
		// not readable: PostgreSQL's processes then count as "other"
	}
	return [
		byWorkingDirectory('n8n main', folder(stack.main.userFolder)),
		...stack.workers.map((worker, index) => byWorkingDirectory(`n8n worker ${index + 1}`, folder(worker.userFolder))),
		byCommandLine('redis-server', 'redis-server', `:${stack.redis.port}`),
		byPid('postgresql', postmaster),
		byPid('bench + simulators', process.pid),
	];
}

/** The slot plan of a 40-per-minute shared budget (transport/budgets/slots.ts) with the grant-to-arrival margin. */
const BATCH_SLOT_MS = slotPlan(40, 60_000, GRANT_TO_ARRIVAL_MARGIN_MS).slotMs;

/** Seeds each company afresh, creates its write-back properties, posts the ids in chunks, waits until every execution has finished. */
async function runOnce(stack: QueueStack, companies: Company[], invoicesPerCompany: number, seed: number): Promise<RunFigures> {
	const eligible = new Map<Company, string[]>();
	for (const company of companies) {
		prepareData(company.sims, invoicesPerCompany, seed + company.index);
		const ids = [...company.sims.hubspot.store.records('invoices').values()]
			.filter((invoice) => ['open', 'paid'].includes(String(invoice.properties.hs_invoice_status)))
			.map((invoice) => invoice.id);
		eligible.set(company, ids);
	}
	let before = await finishedCount(stack, companies);
	for (const company of companies) await post(company.setupUrl, {});
	while ((await finishedCount(stack, companies)) < before + companies.length || (await unfinished(stack, companies)) > 0) await sleep(500);

	before = await finishedCount(stack, companies);
	const parts = cpuParts(stack);
	const sampler = startCpuSampler(() => parts);
	const startedAt = Date.now();
	let posted = 0;
	const chunksOf = (ids: string[]) => Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, index) => ids.slice(index * CHUNK, (index + 1) * CHUNK));
	const chunks = companies.map((company) => chunksOf(eligible.get(company)!));
	// Round robin over the companies, as a backfill of several would arrive.
	for (let round = 0; round < Math.max(...chunks.map((list) => list.length)); round++) {
		for (const [index, company] of companies.entries()) {
			const chunk = chunks[index][round];
			if (!chunk) continue;
			await post(company.syncUrl, { invoices: chunk.map((id) => ({ id })) });
			posted++;
		}
	}
	const deadline = startedAt + RUN_TIMEOUT_MS;
	while ((await finishedCount(stack, companies)) < before + posted || (await unfinished(stack, companies)) > 0) {
		if (Date.now() > deadline) throw new Error(`queue benchmark: executions still running after ${RUN_TIMEOUT_MS / 60_000} minutes`);
		await sleep(250);
	}
	const wallMs = Date.now() - startedAt;
	const cpu = sampler.stop();

	const figures: RunFigures = {
		wall_s: Math.round(wallMs / 100) / 10,
		http_429: 0,
		duplicates: 0,
		lost: 0,
		refused: 0,
		synced: 0,
		executions: posted,
		calls: { hubspot: 0, quickbooks: 0, quickbooks_batch: 0, quickbooks_batch_operations: 0, quickbooks_queries: 0 },
		batch_bound_s: 0,
		cpu,
	};
	const batchCallsByRealm = new Map<string, number>();
	for (const company of companies) {
		const calls = countCalls(company.sims, startedAt);
		figures.http_429 += calls.hubspot.throttled + calls.quickbooks.throttled;
		figures.calls.hubspot += calls.hubspot.total;
		figures.calls.quickbooks += calls.quickbooks.total;
		figures.calls.quickbooks_batch += calls.quickbooks.batchCalls;
		figures.calls.quickbooks_batch_operations += calls.quickbooks.batchOperations;
		figures.calls.quickbooks_queries += calls.quickbooks.queries;
		batchCallsByRealm.set(company.sims.quickbooks.realmId, (batchCallsByRealm.get(company.sims.quickbooks.realmId) ?? 0) + calls.quickbooks.admittedBatchCalls);
		const invoices = company.sims.quickbooks.store.list('Invoice' as never) as Array<{ PrivateNote?: unknown }>;
		for (const id of eligible.get(company)!) {
			const documents = markedWith(invoices, `HubSpot invoice ${id}`).length;
			if (documents > 1) figures.duplicates++;
			if (documents >= 1) figures.synced++;
			else if (company.sims.hubspot.inspect('invoices', id)?.properties.qbo_sync_status === 'failed') figures.refused++;
			else figures.lost++;
		}
	}
	figures.batch_bound_s = Math.round((Math.max(0, ...[...batchCallsByRealm.values()].map((calls) => calls - 1)) * BATCH_SLOT_MS) / 100) / 10;
	if (figures.lost > 0) console.log(`  lost invoices; the last execution said: ${await lastSyncOutcome(stack, companies[0])}`);
	return figures;
}

/** The newest execution's error, or its sync node's first output item, for a run that lost invoices. */
async function lastSyncOutcome(stack: QueueStack, company: Company): Promise<string> {
	const [newest] = await stack.main.executions(company.workflowId);
	if (!newest) return 'no execution';
	const execution = await stack.main.execution(newest.id);
	const result = execution.data?.resultData;
	const first = result?.runData?.['Sync to QuickBooks']?.[0]?.data?.main?.[0]?.[0]?.json;
	return `execution ${newest.id} ${newest.status}: ${result?.error?.message ?? JSON.stringify(first ?? Object.keys(result?.runData ?? {})).slice(0, 600)}`;
}

function summary(run: RunFigures): string {
	const cpu = run.cpu
		? `; CPU: machine ${run.cpu.machine.mean_busy_pct} % busy (${run.cpu.machine.samples_over_90_pct} % of seconds over 90 %), ${Object.entries(run.cpu.parts)
				.map(([name, part]) => `${name} ${part.cpu_s} s`)
				.join(', ')}`
		: '';
	return `${run.wall_s} s, ${run.synced} synced, 429s ${run.http_429}, duplicates ${run.duplicates}, lost ${run.lost}, refused ${run.refused}; ${run.calls.quickbooks_batch} /batch calls (${run.calls.quickbooks_batch_operations} operations), /batch pace bound ${run.batch_bound_s} s${cpu}`;
}

function details(run: RunFigures) {
	return { wall_s: run.wall_s, executions: run.executions, calls: run.calls, batch_bound_s: run.batch_bound_s, cpu: run.cpu };
}

/** Runs both scenarios with 1 and 2 workers and writes bench/results/queue.json. */
export async function runQueueBench(options: BenchOptions): Promise<void> {
	const invoices = options.smoke ? 60 : options.sizes[0];
	const perCompany = options.smoke ? 20 : PER_COMPANY;
	const manyPerCompany = options.smoke ? 10 : MANY_PER_COMPANY;
	const scenarios = [
		{ name: 'single', companies: 1, perCompany: invoices, label: `1 company, ${invoices} invoices` },
		{ name: 'multi', companies: COMPANIES, perCompany, label: `${COMPANIES} companies x ${perCompany}` },
		{ name: 'many', companies: MANY_COMPANIES, perCompany: manyPerCompany, label: `${MANY_COMPANIES} companies x ${manyPerCompany}` },
	].filter((scenario) => SCENARIOS.includes(scenario.name));
	console.log(
		`queue mode: n8n ${N8N_VERSION} main + workers (concurrency ${CONCURRENCY ?? 'n8n default 10'}) on Redis and PostgreSQL; ${scenarios.map((scenario) => scenario.label).join(', then ')}${SAME_REALM ? ' (one realm id)' : ''}; ${CHUNK} invoices per execution; latency ${options.latencyMs.join('–')} ms`,
	);
	const tarball = packPackage();
	const companyCount = Math.max(...scenarios.map((scenario) => scenario.companies));
	const companySims = await Promise.all(Array.from({ length: companyCount }, async (_, index) => await startBenchSimulators(options.latencyMs, { realmId: realmIdOf(index) })));
	const credentials = companySims.flatMap((sims, index) => [
		hubspotCredentialFor(sims.hubspot, `HubSpot portal ${index + 1}`),
		quickBooksCredentialFor(sims.quickbooks, sims.quickbooks.issueTokens(), `QuickBooks company ${index + 1}`),
	]);
	let stack: QueueStack | undefined;
	try {
		stack = await startQueueStack({ name: 'bench-queue', tarball, workers: WORKERS[0], concurrency: CONCURRENCY, credentials, onStarted: (part) => console.log(`  up: ${part}`) });
		const companies: Company[] = [];
		for (const [index, sims] of companySims.entries()) {
			const created = await stack.main.importWorkflow(benchWorkflow(index + 1));
			await stack.main.activate(created.id);
			companies.push({ index, sims, workflowId: created.id, syncUrl: `${stack.main.url}/webhook/hsqb-queue-bench-sync-${index + 1}`, setupUrl: `${stack.main.url}/webhook/hsqb-queue-bench-setup-${index + 1}` });
		}
		const figures = new Map<string, RunFigures[]>(scenarios.map((scenario) => [scenario.name, []]));
		const runs: Array<{ scenario: string; workers: number } & ReturnType<typeof details>> = [];
		for (const workers of WORKERS) {
			while (stack.workers.length < workers) await stack.addWorker();
			for (const scenario of scenarios) {
				const run = await runOnce(stack, companies.slice(0, scenario.companies), scenario.perCompany, options.seed);
				console.log(`  ${workers} worker(s), ${scenario.label}: ${summary(run)}`);
				figures.get(scenario.name)!.push(run);
				runs.push({ scenario: scenario.label, workers, ...details(run) });
			}
		}
		const single = figures.get('single') ?? [];
		const multi = figures.get('multi') ?? [];
		const many = figures.get('many') ?? [];
		const speedup = (pair: RunFigures[]) => (pair.length === 2 ? Math.round((pair[0].wall_s / pair[1].wall_s) * 100) / 100 : undefined);
		/** One scenario's figures per worker count, under the result file's names (`prefix` + wall_s, http_429, ...). */
		const perWorkers = (prefix: string, pair: RunFigures[]) => ({
			[`${prefix}wall_s`]: pair.map((run) => run.wall_s),
			[`${prefix}http_429`]: pair.map((run) => run.http_429),
			[`${prefix}duplicates`]: pair.map((run) => run.duplicates),
			[`${prefix}lost`]: pair.map((run) => run.lost),
			[`${prefix}refused`]: pair.map((run) => run.refused),
		});
		const executionsPerWorker = stack.workers.map((worker) => `${worker.name}: ${worker.startedExecutions().length}`);
		const queue = {
			invoices,
			workers: WORKERS,
			worker_concurrency: CONCURRENCY ?? 10,
			...perWorkers('', single),
			companies: COMPANIES,
			invoices_per_company: perCompany,
			...perWorkers('multi_company_', multi),
			multi_company_speedup: speedup(multi),
			many_companies: MANY_COMPANIES,
			many_invoices_per_company: manyPerCompany,
			...perWorkers('many_companies_', many),
			many_companies_speedup: speedup(many),
			realm_ids: SAME_REALM ? 'one for all companies' : 'one per company',
			invoices_per_execution: CHUNK,
			executions_per_worker: executionsPerWorker,
			// Where the time went: calls, the /batch pace bound, CPU per process (mean and peak share of one core).
			runs,
		};
		console.log(JSON.stringify({ queue }, null, 2));
		if (options.write) {
			const file = join(__dirname, 'results', options.smoke ? 'queue-smoke.tmp.json' : 'queue.json');
			const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim();
			writeFileSync(file, `${JSON.stringify({ command, generated_at: new Date().toISOString(), n8n: N8N_VERSION, latency_ms: options.latencyMs, seed: options.seed, queue }, null, 2)}\n`);
			console.log(`results: ${file}`);
		}
	} finally {
		await stack?.stop();
		await Promise.all(companySims.map(async (sims) => await sims.close()));
	}
}
