/**
 * `npm run queue`: n8n's queue mode on this machine, with the package and its templates ready to use.
 * Starts, on free ports and in temporary folders (test/e2e/queueStack.ts):
 *  - Debian's redis-server (the job queue; the package keeps its leases and request budgets there too),
 *  - a PostgreSQL cluster made with initdb (queue mode does not run on SQLite; as root it runs as the
 *    `postgres` user, since PostgreSQL refuses root),
 *  - n8n 2.41.1 main (EXECUTIONS_MODE=queue: editor, REST, triggers) and `n8n worker` processes
 *    (two by default) that run the executions, each with its own user folder holding the packed
 *    package (`npm pack`, installed with npm into its .n8n/nodes, as on every host of a real setup),
 *  - both simulators (HubSpot seeded with a dozen invoices), the two credentials pointing at them, and
 *    the templates imported with the simulator company's choices and published.
 * Redis, PostgreSQL and n8n are installed first when missing (scripts/install-redis.sh,
 * scripts/install-postgres.sh, scripts/install-n8n.sh). Ctrl-C, SIGTERM, or a failure stops
 * everything it started and removes the temporary folders.
 *
 * Options: --no-build, --workers=2, --concurrency=10 (jobs per worker), --port=5678 (main; a free one
 * when taken), --keep (keep the n8n folders), --smoke (create ten invoices the invoice template syncs, wait until
 * the workers have synced them once to the cent, stop; exit 0 when they all are, 1 otherwise).
 */
import { spawn } from 'node:child_process';

import { DEFAULT_OWNER, freePort, packPackage, portIsFree, REPO_ROOT } from '../test/e2e/n8n';
import { startQueueStack, type QueueStack } from '../test/e2e/queueStack';
import { startSimulators, type Simulators } from '../test/e2e/simulators';
import { cents, markedWith } from '../test/e2e/templateRuns';
import { startingFrom, templateForSimulator, withChoices, type TemplateKey, type WorkflowJson } from '../test/e2e/templates';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
	const given = args.find((arg) => arg.startsWith(`--${name}=`));
	const value = given ? Number(given.split('=')[1]) : fallback;
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number above 0 (got ${given})`);
	return value;
};
const say = (message: string) => console.log(`[queue] ${message}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const SMOKE_TIMEOUT_MS = 8 * 60_000;

async function run(command: string, commandArgs: string[]): Promise<void> {
	const child = spawn(command, commandArgs, { cwd: REPO_ROOT, stdio: 'inherit' });
	const code = await new Promise<number | null>((done) => child.on('exit', (exitCode, signal) => done(signal ? 128 : exitCode)));
	if (code !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (exit ${code})`);
}

/** The templates as imported here: the simulator company's choices, the invoice sync from the seeded history, the fee template on this month. */
function templates(seededSince: number): Array<{ key: TemplateKey; workflow: WorkflowJson }> {
	const month = new Date().toISOString().slice(0, 7);
	return [
		{ key: 'invoiceSync', workflow: startingFrom(templateForSimulator('invoiceSync'), seededSince - 60_000) },
		{ key: 'paymentSources', workflow: templateForSimulator('paymentSources') },
		{ key: 'refunds', workflow: templateForSimulator('refunds') },
		{ key: 'feeExpense', workflow: withChoices(templateForSimulator('feeExpense'), { 'Chosen month': { assignments: { assignments: [{ id: 'queue-month', name: 'month', value: month, type: 'string' }] } } }) },
	];
}

/** How many of the given (eligible) invoices are in QuickBooks once, to the cent, written back as synced. */
function invoicesSynced(sims: Simulators, invoiceIds: string[]): number {
	const invoices = sims.quickbooks.store.list('Invoice' as never) as Array<{ Id: string; TotalAmt: unknown; PrivateNote?: unknown }>;
	return invoiceIds.filter((id) => {
		const properties = sims.hubspot.inspect('invoices', id)!.properties;
		const documents = markedWith(invoices, `HubSpot invoice ${id}`);
		return documents.length === 1 && cents(String(documents[0].TotalAmt)) === cents(properties.hs_amount_billed) && properties.qbo_invoice_id === String(documents[0].Id) && properties.qbo_sync_status === 'synced';
	}).length;
}

async function main(): Promise<void> {
	const workers = option('workers', 2);
	const concurrency = option('concurrency', 10);
	const wantedPort = option('port', 5678);
	let sims: Simulators | undefined;
	let stack: QueueStack | undefined;
	let starting: Promise<unknown> | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping everything this script started...');
		// n8n runs in process groups of its own (Ctrl-C does not reach it): a start under way is waited for, then stopped.
		await starting?.catch(() => undefined);
		await stack?.stop();
		await sims?.stop();
		say('stopped');
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(130));
	process.on('SIGTERM', () => void stopAll(143));

	try {
		if (!flag('no-build')) {
			say('building the package (npm run build)');
			await run('npm', ['run', 'build']);
		}
		await run('bash', ['scripts/install-redis.sh']);
		await run('bash', ['scripts/install-postgres.sh']);
		await run('bash', ['scripts/install-n8n.sh', '--no-chromium']);
		const tarball = packPackage();
		say(`packed ${tarball}`);

		sims = await startSimulators();
		const seededSince = Date.now() - 3 * 60 * 60 * 1000;
		const seeded = sims.hubspot.seed({ invoices: 12, seed: 42, startAt: seededSince, spacingMs: 10 * 60 * 1000 });
		say(`HubSpot simulator ${sims.hubspot.url} (token ${sims.hubspot.token}): ${seeded.invoiceIds.length} invoices, ${seeded.payments} payments`);
		say(`QuickBooks simulator ${sims.quickbooks.url} (company ${sims.quickbooks.realmId})`);

		const port = (await portIsFree(wantedPort)) ? wantedPort : await freePort();
		say(`starting redis-server, PostgreSQL, n8n main on port ${port} and ${workers} worker(s); each n8n installs the package (a few minutes)`);
		starting = startQueueStack({
			name: 'queue',
			tarball,
			workers,
			concurrency,
			port,
			credentials: [sims.credentials.hubspot, sims.credentials.quickbooks],
			keepUserFolders: flag('keep'),
			onStarted: (part) => say(`up: ${part}`),
		});
		stack = (await starting) as QueueStack;
		starting = undefined;
		if (stopping) return;

		const imported: Array<{ key: TemplateKey; id: string; name: string }> = [];
		for (const { key, workflow } of templates(seededSince)) {
			const created = await stack.main.importWorkflow(workflow);
			imported.push({ key, id: created.id, name: created.name });
		}
		const invoiceSync = imported.find(({ key }) => key === 'invoiceSync')!;
		const setup = await stack.main.cli(['execute', `--id=${invoiceSync.id}`]);
		if (setup.code !== 0) throw new Error(`the invoice template's "Run once: setup" failed (exit ${setup.code}); see ${stack.main.logFile}`);
		say('ran "Run once: setup": HubSpot has the QuickBooks sync properties');
		for (const { id, name } of imported) {
			const published = await stack.main.activate(id);
			say(`published "${name}" (${stack.main.url}/workflow/${id}): ${published.publication.status}`);
		}

		if (flag('smoke')) {
			// Invoices the template's filter lets through (open, USD, above 1.00), so every one must arrive.
			const smokeInvoices = Array.from({ length: 10 }, (_, index) =>
				sims!.hubspot.createInvoice({ currency: 'USD', status: 'open', contacts: [{ email: `smoke${index}@queue.example`, firstname: `Smoke${index}`, lastname: 'Buyer' }], lineItems: [{ name: 'Consulting', price: `${120 + index}.${10 + index}` }] }).id,
			);
			say(`smoke: ${smokeInvoices.length} new open invoices in HubSpot; waiting until the workers have synced them (up to ${SMOKE_TIMEOUT_MS / 60_000} minutes)`);
			const deadline = Date.now() + SMOKE_TIMEOUT_MS;
			while (invoicesSynced(sims, smokeInvoices) < smokeInvoices.length && Date.now() < deadline) await sleep(2_000);
			const synced = invoicesSynced(sims, smokeInvoices);
			const ranOn = stack.workers.map((worker) => `${worker.name} ${worker.startedExecutions().length}`).join(', ');
			say(`smoke: ${synced} of ${smokeInvoices.length} invoices synced once, to the cent, written back; executions per worker: ${ranOn}`);
			await stopAll(synced === smokeInvoices.length ? 0 : 1);
			return;
		}

		console.log('');
		console.log(`  n8n editor:   ${stack.main.url}  (main, EXECUTIONS_MODE=queue)`);
		console.log(`  sign in as:   ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`);
		for (const worker of stack.workers) console.log(`  ${worker.name}: pid ${worker.pid}, log ${worker.logFile}`);
		console.log(`  Redis:        ${stack.redis.host}:${stack.redis.port}`);
		console.log(`  PostgreSQL:   ${stack.postgres.host}:${stack.postgres.port}, database ${stack.postgres.database}, user ${stack.postgres.user}`);
		console.log(`  HubSpot sim:  ${sims.hubspot.url}`);
		console.log(`  QBO sim:      ${sims.quickbooks.url}`);
		console.log('');
		say('running; press Ctrl-C to stop everything');
		await new Promise<never>(() => undefined);
	} catch (error) {
		console.error(`[queue] ${(error as Error).message}`);
		await stopAll(1);
	}
}

void main();
