/**
 * `npm start`: the one-command demo. Builds the package, starts the HubSpot and QuickBooks
 * simulators with seeded data, starts a real n8n 2.41.1 (SQLite) with the packed package installed
 * into its nodes folder, creates the two credentials pointing at the simulators, imports every
 * template in templates/ with the choices a user makes set for the simulated QuickBooks company
 * (accounts, items, vendor: test/e2e/templates.ts), runs the invoice template's "Run once: setup"
 * (the HubSpot sync properties), publishes the templates, and prints the editor URL, the owner
 * login and both simulators' credentials. Ctrl-C, or SIGINT/SIGTERM to npm or to this process,
 * stops everything it started.
 *
 * The invoice sync starts from the seeded history (so invoices reach QuickBooks at the first poll);
 * two seeded invoices fail the template's filter (a EUR one, one under the minimum amount) and the
 * demo says so when n8n skips them. The payment and refund templates start from "now" and follow the
 * live activity below. The fee template's "Chosen month" is the current month, so "Run by hand"
 * books the seeded payments' fees. A template that fails to publish is reported with n8n's reason.
 *
 * The simulators run the realistic profile (sandbox/profile.ts), as `npm run sandbox` does: HubSpot's
 * rate limits and X-HubSpot-RateLimit-* headers, a search index that lags writes, latency, QuickBooks
 * throttling and access tokens that expire every 30 s, so n8n refreshes them during the demo.
 *
 * Options: --no-build, --port=5678 (default 5678 when free), --keep (keep n8n's folder),
 * --no-activity (no live HubSpot invoices, payments and refunds every 30 s),
 * --profile plain (simulators without limits, latency, index lag or token expiry; or HSQB_SANDBOX_PROFILE=plain),
 * --smoke (no activity; wait until the seeded invoices are synced and checked to the cent, stop,
 * exit 0 when they all are, 1 otherwise).
 * Environment: HSQB_DEMO_HUBSPOT_PORT, HSQB_DEMO_QBO_PORT (simulator ports, default free ones),
 * HSQB_CACHE (where n8n and Node 24 are installed, default ~/.cache/hsqb).
 * n8n runs on Node 24 whatever Node runs this script: scripts/install-n8n.sh fetches Node 24 into
 * the cache and installs n8n there on first use (5-10 minutes once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describeMoney, parseMoney } from '../core/money';
import { sandboxProfile } from '../sandbox/profile';
import { DEFAULT_OWNER, freePort, n8nHome, N8N_VERSION, packPackage, portIsFree, REPO_ROOT, startN8n, type N8nInstance } from '../test/e2e/n8n';
import { DEFAULT_CREDENTIAL_NAMES, startSimulators, type Simulators } from '../test/e2e/simulators';
import { cents, markedWith } from '../test/e2e/templateRuns';
import { startingFrom, templateForSimulator, templateKeyOf, withChoices, type WorkflowJson } from '../test/e2e/templates';

const args = new Set(process.argv.slice(2));
const portArg = process.argv.find((arg) => arg.startsWith('--port='));
const smoke = args.has('--smoke');
/** `--profile plain`, `--profile=plain`, else HSQB_SANDBOX_PROFILE, else realistic; the simulators read it at start. */
const profileArg = process.argv.find((arg) => arg.startsWith('--profile='))?.split('=')[1] ?? (process.argv.includes('--profile') ? process.argv[process.argv.indexOf('--profile') + 1] : undefined);
process.env.HSQB_SANDBOX_PROFILE = profileArg || process.env.HSQB_SANDBOX_PROFILE || 'realistic';
const say = (message: string) => console.log(`[demo] ${message}`);
const note = (message: string) => console.log(`[demo] note: ${message}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The build or install step running right now, so a stop signal ends it too. */
let runningStep: ChildProcess | undefined;

/** Runs a step (build, n8n install) as a child whose output shows here; a stop signal ends it. */
async function run(command: string, commandArgs: string[], what: string): Promise<void> {
	const child = spawn(command, commandArgs, { cwd: REPO_ROOT, stdio: 'inherit' });
	runningStep = child;
	const code = await new Promise<number | null>((done) => child.on('exit', (exitCode, signal) => done(signal ? 128 : exitCode)));
	runningStep = undefined;
	if (code !== 0) throw new Error(`${what} failed (exit ${code})`);
}

/**
 * n8n 2.41.1 and its native addons need Node 24: the installer fetches Node 24 into the cache when
 * needed, builds n8n's addons against it, and records it; the harness starts n8n with that Node.
 * It also clears the npm settings `npm start` hands down (ignore-scripts among them). Quick when
 * all is installed already.
 */
async function ensureN8nInstalled(): Promise<void> {
	if (!existsSync(join(n8nHome(), '.hsqb-install-complete'))) {
		say(`first run: installing Node 24 and n8n ${N8N_VERSION} into ${n8nHome()} (5-10 minutes, once)`);
	}
	await run('bash', ['scripts/install-n8n.sh', '--no-chromium'], 'scripts/install-n8n.sh');
}

/** An amount as QuickBooks holds it, in the currency's decimals: "150.00 USD", "1500 JPY", "1.250 KWD". */
function amountText(amount: unknown, currency: string): string {
	try {
		return describeMoney(parseMoney(String(amount), currency));
	} catch {
		return `${String(amount)} ${currency}`;
	}
}

interface Template {
	file: string;
	workflow: Record<string, any>;
}

/**
 * A template as the demo imports it: the simulator company's choices set (templates that are not
 * among the four known ones come as they are), the invoice sync started from the seeded history,
 * and the fee template's "Chosen month" set to this month.
 */
function forDemo(template: Template, seededSince: number): Record<string, any> {
	const key = templateKeyOf(template.file);
	if (key === undefined) return template.workflow;
	let workflow: WorkflowJson = templateForSimulator(key);
	if (key === 'invoiceSync') workflow = startingFrom(workflow, seededSince - 60_000);
	if (key === 'feeExpense') {
		const month = new Date().toISOString().slice(0, 7);
		workflow = withChoices(workflow, { 'Chosen month': { assignments: { assignments: [{ id: 'demo-month', name: 'month', value: month, type: 'string' }] } } });
	}
	return workflow;
}

function readTemplates(): Template[] {
	const dir = join(REPO_ROOT, 'templates');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/** The credential names the templates refer to, per credential type (so n8n links them by name on import). */
function credentialNamesIn(templates: Template[]): Record<keyof typeof DEFAULT_CREDENTIAL_NAMES, string> {
	const names: Record<string, string> = { ...DEFAULT_CREDENTIAL_NAMES };
	const seen = new Set<string>();
	for (const { workflow } of templates) {
		for (const node of workflow.nodes ?? []) {
			for (const [type, reference] of Object.entries<any>(node.credentials ?? {})) {
				if (!seen.has(type) && typeof reference?.name === 'string') {
					names[type] = reference.name;
					seen.add(type);
				}
			}
		}
	}
	return names as Record<keyof typeof DEFAULT_CREDENTIAL_NAMES, string>;
}

type Started = Array<{ name: string; stop: () => Promise<void> }>;

async function main(): Promise<void> {
	const started: Started = [];
	/** Things being started (n8n): a stop waits for them, then stops them too. */
	const starting = new Set<Promise<unknown>>();
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping...');
		runningStep?.kill('SIGTERM');
		await Promise.allSettled([...starting]);
		for (const { name, stop } of started.reverse()) {
			await stop().catch((error) => console.error(`[demo] stopping ${name}: ${error}`));
		}
		process.exit(code);
	};
	// npm forwards SIGINT and SIGTERM sent to its own pid to this process; Ctrl-C reaches it directly.
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		// A wrong --profile name fails here, with the known names, before the build.
		sandboxProfile();
		if (!args.has('--no-build')) {
			say('building the package (npm run build)');
			await run('npm', ['run', 'build'], 'npm run build');
		}
		await ensureN8nInstalled();
		const tarball = packPackage();
		say(`packed ${tarball}`);

		const templates = readTemplates();
		if (!templates.length) note('templates/ has no workflows yet; n8n starts without them');
		const names = credentialNamesIn(templates);

		// Both simulators; HubSpot seeded with recent invoices (so a trigger's first poll finds them),
		// QuickBooks with its default company (accounts, items, tax codes).
		const sims = await startSimulators({
			hubspot: { port: Number(process.env.HSQB_DEMO_HUBSPOT_PORT ?? 0) || undefined },
			quickbooks: { port: Number(process.env.HSQB_DEMO_QBO_PORT ?? 0) || undefined },
			names,
		});
		started.push({ name: 'simulators', stop: sims.stop });
		const seededSince = Date.now() - 3 * 60 * 60 * 1000;
		const seeded = sims.hubspot.seed({ invoices: 12, seed: 42, startAt: seededSince, spacingMs: 10 * 60 * 1000 });
		const filteredOut = seedFilteredOut(sims.hubspot, seededSince + 12 * 10 * 60 * 1000);
		const invoiceIds = [...seeded.invoiceIds, ...filteredOut.map(({ id }) => id)];
		say(`simulators: ${describeProfile()}`);
		say(`HubSpot simulator: ${sims.hubspot.url}; seeded ${invoiceIds.length} invoices, ${seeded.payments} payments:`);
		for (const id of invoiceIds) say(`HubSpot: ${describeInvoice(sims.hubspot, id)} created`);
		printCredentials(sims);
		const credentials = [
			{ ...sims.credentials.hubspot, id: 'demoHubspotCred01' },
			{ ...sims.credentials.quickbooks, id: 'demoQuickBooksCred1' },
		];

		const wanted = portArg ? Number(portArg.split('=')[1]) : 5678;
		const port = (await portIsFree(wanted)) ? wanted : await freePort();
		if (port !== wanted) note(`port ${wanted} is in use; n8n takes ${port} (choose one with --port=)`);
		say(`starting n8n ${N8N_VERSION} on port ${port} with the package installed (log: test-artifacts/logs/demo.log)`);
		const n8nStart = startN8n({ name: 'demo', tarball, port, credentials, keepUserFolder: args.has('--keep') });
		starting.add(n8nStart);
		const n8n: N8nInstance = await n8nStart.then((instance) => {
			started.push({ name: 'n8n', stop: instance.stop });
			return instance;
		});
		starting.delete(n8nStart);
		// A stop signal came while n8n was starting: stopAll ends everything, nothing more to do here.
		if (stopping) return;

		let problems = 0;
		const imported: Array<{ file: string; id: string; name: string }> = [];
		for (const template of templates) {
			if (stopping) return;
			try {
				const created = await n8n.importWorkflow(forDemo(template, seededSince));
				imported.push({ file: template.file, id: created.id, name: created.name });
			} catch (error) {
				problems++;
				note(`template ${template.file} could not be imported: ${(error as Error).message}`);
			}
		}
		// The write-back properties on HubSpot invoices: the invoice template's "Run once: setup", run by hand.
		const invoiceWorkflow = imported.find(({ file }) => templateKeyOf(file) === 'invoiceSync');
		if (invoiceWorkflow) {
			const setup = await n8n.cli(['execute', `--id=${invoiceWorkflow.id}`]);
			if (setup.code === 0) say('ran "Run once: setup" of the invoice template: HubSpot has the QuickBooks sync properties');
			else {
				problems++;
				note(`"Run once: setup" failed (exit ${setup.code}); see test-artifacts/logs/demo.log`);
			}
		}
		watchQuickBooks(sims.quickbooks, started);
		for (const { file, id, name } of imported) {
			if (stopping) return;
			try {
				const published = await n8n.activate(id, { throwOnFailure: false });
				const failures = published.publication.triggers.filter((trigger) => trigger.status !== 'activated');
				if (failures.length) problems++;
				say(`template ${file}: imported as "${name}" (${n8n.url}/workflow/${id}), ${published.publication.status}${failures.length ? `: ${failures.map((f) => f.errorMessage).join('; ')}` : ''}`);
			} catch (error) {
				problems++;
				note(`template ${file} could not be published: ${(error as Error).message}`);
			}
		}
		const skips = invoiceWorkflow ? watchFilterSkips(n8n, invoiceWorkflow.id, sims.hubspot, started) : undefined;

		if (smoke) {
			if (!invoiceWorkflow) throw new Error('smoke: templates/ has no filtered invoice sync template');
			const passed = await checkSeededInvoicesSynced(sims, invoiceIds, skips!, SMOKE_TIMEOUT_MS);
			say(passed && problems === 0 ? 'smoke: passed' : `smoke: FAILED${problems ? ` (${problems} template problem(s) above)` : ''}`);
			await stopAll(passed && problems === 0 ? 0 : 1);
			return;
		}
		if (!args.has('--no-activity')) startActivity(sims.hubspot, started);

		console.log('');
		console.log(`  n8n editor:  ${n8n.url}`);
		console.log(`  sign in as:  ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`);
		console.log(`  HubSpot sim: ${sims.hubspot.url}`);
		console.log(`  QBO sim:     ${sims.quickbooks.url}`);
		console.log(`  n8n folder:  ${n8n.userFolder}${args.has('--keep') ? ' (kept)' : ' (removed on exit)'}`);
		console.log('');
		say('running; press Ctrl-C to stop everything');
		await new Promise<never>(() => undefined);
	} catch (error) {
		console.error(`[demo] ${(error as Error).message}`);
		await stopAll(1);
	}
}

/** The profile the simulators run, in a user's terms. */
function describeProfile(): string {
	const profile = sandboxProfile();
	if (profile.name === 'plain') return 'plain profile (no limits, latency, index lag or token expiry)';
	const { hubspot, quickbooks } = profile;
	return (
		`realistic profile: HubSpot rate limits with X-HubSpot-RateLimit-* headers, search index lag ${hubspot.indexLagMs} ms, ` +
		`latency ${hubspot.latencyMs.join('-')} ms (HubSpot) and ${quickbooks.latencyMs.join('-')} ms (QuickBooks), QuickBooks throttling, ` +
		`access tokens expiring after ${quickbooks.accessTokenTtlSeconds} s (--profile plain turns it off)`
	);
}

/** How long --smoke waits for the seeded invoices: the first poll at publication, then one a minute. */
const SMOKE_TIMEOUT_MS = 240_000;

/** Both simulators' credentials, as a user would enter them in n8n (these are sandbox tokens, not secrets). */
function printCredentials(sims: Simulators): void {
	const { hubspot, quickbooks, qboTokens } = sims;
	console.log('');
	console.log(`  HubSpot simulator:    ${hubspot.url}`);
	console.log(`    credential "${DEFAULT_CREDENTIAL_NAMES.hubspotCommerceApi}": Access Token ${hubspot.token}, Use Custom API Base URL on, API Base URL ${hubspot.url}`);
	console.log(`  QuickBooks simulator: ${quickbooks.url} (company ${quickbooks.realmId})`);
	console.log(`    credential "${DEFAULT_CREDENTIAL_NAMES.quickBooksSyncOAuth2Api}": Client ID ${quickbooks.clientId}, Client Secret ${quickbooks.clientSecret},`);
	console.log(`    Use Custom URLs on, API Base URL ${quickbooks.url}, Authorization URL ${quickbooks.authorizeUrl}, Access Token URL ${quickbooks.tokenUrl}`);
	console.log(`    access token ${qboTokens.access_token}, refresh token ${qboTokens.refresh_token}`);
	console.log('  (n8n gets both credentials already filled in.)');
	console.log('');
}

/** "invoice INV-0003 (open, 295.05 USD, Acme Corp)" from the simulator's record. */
function describeInvoice(hubspot: Simulators['hubspot'], id: string): string {
	const record = hubspot.inspect('invoices', id);
	if (!record) return `invoice ${id}`;
	const { hs_number: number, hs_invoice_status: status, hs_currency: currency, hs_amount_billed: billed } = record.properties;
	const company = record.associations.companies?.[0] ? hubspot.inspect('companies', record.associations.companies[0])?.properties.name : undefined;
	return `invoice ${number ?? id} (${status}, ${amountText(billed ?? '0', currency || 'USD')}${company ? `, ${company}` : ''})`;
}

/**
 * Two finalized invoices the filtered invoice template leaves alone: one in EUR (the template syncs
 * the QuickBooks home currency, USD) and one under its minimum amount of 1.00.
 */
function seedFilteredOut(hubspot: Simulators['hubspot'], at: number): Array<{ id: string }> {
	const buyer = { contacts: [{ email: 'peter@initech.example', firstname: 'Peter', lastname: 'Gibbons' }], companies: [{ name: 'Initech', domain: 'initech.example' }] };
	return [
		hubspot.createInvoice({ currency: 'EUR', status: 'open', at, ...buyer, lineItems: [{ name: 'Consulting', price: '300.00' }] }),
		hubspot.createInvoice({ currency: 'USD', status: 'open', at: at + 60_000, ...buyer, lineItems: [{ name: 'Sample', price: '0.50' }] }),
	];
}

/** Why the filtered invoice template's filter ("Only invoices to sync") leaves an invoice out, in its own terms. */
function whyFilteredOut(properties: Record<string, string>): string[] {
	const reasons: string[] = [];
	if (properties.hs_currency !== 'USD') reasons.push(`currency ${properties.hs_currency} is not USD`);
	if (cents(properties.hs_amount_billed || '0') < 100) reasons.push(`amount billed ${properties.hs_amount_billed} is under the minimum 1.00`);
	if (properties.hs_invoice_status === 'draft') reasons.push('it is a draft');
	return reasons;
}

/**
 * Reads the invoice template's executions and says, once per invoice, when its filter left an
 * invoice out: the invoice reached "One item per invoice" and did not come out of "Only invoices
 * to sync". Returns the ids seen skipped so far.
 */
function watchFilterSkips(n8n: N8nInstance, workflowId: string, hubspot: Simulators['hubspot'], started: Started): Set<string> {
	const skipped = new Set<string>();
	const read = new Set<string>();
	let busy = false;
	const every = setInterval(() => {
		if (busy) return;
		busy = true;
		void (async () => {
			for (const execution of await n8n.executions(workflowId)) {
				if (read.has(execution.id) || ['new', 'running', 'waiting'].includes(execution.status)) continue;
				read.add(execution.id);
				const runData = (await n8n.execution(execution.id)).data?.resultData?.runData ?? {};
				const ids = (node: string): string[] => (runData[node] ?? []).flatMap((nodeRun: any) => nodeRun.data?.main?.[0] ?? []).map((item: any) => String(item.json?.id));
				const kept = new Set(ids('Only invoices to sync'));
				for (const id of ids('One item per invoice')) {
					if (kept.has(id) || skipped.has(id)) continue;
					skipped.add(id);
					const properties = hubspot.inspect('invoices', id)?.properties ?? {};
					say(`n8n: ${describeInvoice(hubspot, id)} skipped by the template's filter: ${whyFilteredOut(properties).join(', ') || 'a condition you added'}`);
				}
			}
		})()
			.catch((error) => note(`reading the invoice template's executions: ${(error as Error).message}`))
			.finally(() => (busy = false));
	}, 2_000);
	started.push({ name: 'filter watch', stop: async () => clearInterval(every) });
	return skipped;
}

/**
 * --smoke: every seeded invoice the template should sync is in QuickBooks once, with HubSpot's billed
 * amount to the cent and the write-back in HubSpot; every one its filter excludes was seen skipped
 * in n8n and is not in QuickBooks; drafts stay out. Waits up to `timeoutMs`, then prints what is
 * missing.
 */
async function checkSeededInvoicesSynced(sims: Simulators, invoiceIds: string[], skipped: Set<string>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	say(`smoke: waiting for the ${invoiceIds.length} seeded invoices (up to ${timeoutMs / 1000} s)`);
	let missing: string[] = [];
	while (Date.now() < deadline) {
		missing = invoiceIds.flatMap((id) => {
			const problem = seededInvoiceProblem(sims, id, skipped);
			return problem ? [`${describeInvoice(sims.hubspot, id)}: ${problem}`] : [];
		});
		if (!missing.length) {
			say(`smoke: all ${invoiceIds.length} seeded invoices are as the template should leave them, amounts to the cent`);
			return true;
		}
		await sleep(2_000);
	}
	for (const problem of missing) say(`smoke: ${problem}`);
	return false;
}

/** What is not (yet) right about one seeded invoice, or undefined. */
function seededInvoiceProblem(sims: Simulators, id: string, skipped: Set<string>): string | undefined {
	const properties = sims.hubspot.inspect('invoices', id)!.properties;
	const documents = markedWith(sims.quickbooks.store.list('Invoice'), `HubSpot invoice ${id}`);
	const reasons = whyFilteredOut(properties);
	if (properties.hs_invoice_status === 'draft') return documents.length ? 'a draft is in QuickBooks' : undefined;
	if (reasons.length) {
		if (documents.length) return `filtered out (${reasons.join(', ')}) but in QuickBooks`;
		return skipped.has(id) ? undefined : 'not yet seen skipped by the filter';
	}
	if (documents.length !== 1) return `${documents.length} QuickBooks invoices (want 1)`;
	const [document] = documents;
	const status = properties.qbo_sync_status;
	if (properties.hs_invoice_status === 'voided') {
		return status === 'voided' && sims.quickbooks.store.voided.has(`Invoice:${String(document.Id)}`) ? undefined : `voided in HubSpot; QuickBooks ${String(document.Id)} not voided yet (write-back "${status ?? ''}")`;
	}
	if (status !== 'synced') return `write-back status "${status ?? ''}"${properties.qbo_sync_error_category ? ` (${properties.qbo_sync_error_category}: ${properties.qbo_sync_error_message ?? ''})` : ''}`;
	const currency = properties.hs_currency || 'USD';
	const billed = parseMoney(properties.hs_amount_billed, currency);
	const total = parseMoney(String(document.TotalAmt), currency);
	if (billed.minorUnits !== total.minorUnits) return `QuickBooks total ${describeMoney(total)} differs from HubSpot's ${describeMoney(billed)}`;
	if (properties.qbo_invoice_id !== String(document.Id)) return `HubSpot points at QuickBooks invoice ${properties.qbo_invoice_id}, not ${String(document.Id)}`;
	return undefined;
}

/** Prints each document that lands in the simulated QuickBooks, so the flow is visible here too. */
function watchQuickBooks(quickbooks: Simulators['quickbooks'], started: Started): void {
	const entities = ['Invoice', 'Payment', 'SalesReceipt', 'RefundReceipt', 'CreditMemo', 'Purchase'] as const;
	const seen = new Set(entities.flatMap((entity) => quickbooks.store.list(entity).map((record) => `${entity}:${String(record.Id)}`)));
	const every = setInterval(() => {
		for (const entity of entities) {
			for (const record of quickbooks.store.list(entity)) {
				const key = `${entity}:${String(record.Id)}`;
				if (seen.has(key)) continue;
				seen.add(key);
				const number = record.DocNumber ? ` ${String(record.DocNumber)}` : '';
				const currency = (record.CurrencyRef as { value?: string } | undefined)?.value ?? quickbooks.store.homeCurrency;
				say(`QuickBooks: ${entity}${number} created (${amountText(record.TotalAmt ?? 0, currency)})`);
			}
		}
	}, 2_000);
	started.push({ name: 'QuickBooks watch', stop: async () => clearInterval(every) });
}

/**
 * Live activity in the simulated HubSpot so the published templates have something to do: a new
 * invoice is finalized shortly after start and then every 30 s, ten in all; each tick the previous
 * invoice is paid online (HubSpot Payments, with fees), every third tick a payment-link payment
 * without invoice comes in, and the first of those is later refunded in part.
 */
function startActivity(hubspot: Simulators['hubspot'], started: Started): void {
	const customers = [
		{ company: 'Acme Corp', domain: 'acme.example', firstname: 'Ada', lastname: 'Lovelace' },
		{ company: 'Globex', domain: 'globex.example', firstname: 'Hank', lastname: 'Scorpio' },
		{ company: 'Initech', domain: 'initech.example', firstname: 'Peter', lastname: 'Gibbons' },
	];
	const products = [
		{ name: 'Consulting hour', sku: 'CONSULT-1H', price: '150.00' },
		{ name: 'Support plan (monthly)', sku: 'SUPPORT-M', price: '49.99' },
		{ name: 'Onboarding package', sku: 'ONBOARD', price: '1200.00' },
	];
	let count = 0;
	let previousInvoice: { id: string; number: string } | undefined;
	let linkPayment: { id: string } | undefined;
	const moneyActivity = () => {
		try {
			if (previousInvoice) {
				const balance = hubspot.inspect('invoices', previousInvoice.id)?.properties.hs_balance_due ?? '0';
				if (Number(balance) > 0) {
					const fee = (Math.round(Number(balance) * 2.9 + 30) / 100).toFixed(2);
					hubspot.recordPayment({ invoiceId: previousInvoice.id, feesAmount: fee, processorType: 'hs_payments', methodType: 'card' });
					say(`HubSpot: invoice ${previousInvoice.number} paid online (${balance} USD, fee ${fee})`);
				}
			}
			if (count % 3 === 1) {
				const payer = customers[(count + 1) % customers.length];
				const contact = hubspot.createObject('contacts', { email: `${payer.firstname.toLowerCase()}.${count}@${payer.domain}`, firstname: payer.firstname, lastname: payer.lastname });
				const payment = hubspot.recordPayment({ amount: '99.00', feesAmount: '3.17', sourceApp: 'SALES_CHECKOUT', contactIds: [contact.id], processorType: 'hs_payments' });
				linkPayment ??= payment;
				say(`HubSpot: payment link paid by ${payer.firstname} ${payer.lastname} (99.00 USD, no invoice)`);
			}
			if (count === 6 && linkPayment) {
				hubspot.refundPayment(linkPayment.id, { amount: '25.00' });
				say('HubSpot: 25.00 USD of the first payment-link payment refunded');
			}
		} catch (error) {
			note(`demo payment activity: ${(error as Error).message}`);
		}
	};
	const finalizeOne = () => {
		moneyActivity();
		const customer = customers[count % customers.length];
		const product = products[count % products.length];
		const quantity = 1 + (count % 3);
		try {
			const invoice = hubspot.createInvoice({
				status: 'open',
				currency: 'USD',
				contacts: [{ email: `${customer.firstname.toLowerCase()}@${customer.domain}`, firstname: customer.firstname, lastname: customer.lastname }],
				companies: [{ name: customer.company, domain: customer.domain }],
				lineItems: [{ name: product.name, sku: product.sku, quantity, price: product.price }],
			});
			previousInvoice = invoice;
			say(`HubSpot: invoice ${invoice.number} finalized for ${customer.company} (${quantity} x ${product.name} at ${product.price} USD)`);
		} catch (error) {
			note(`could not create a demo invoice: ${(error as Error).message}`);
		}
		count++;
	};
	const first = setTimeout(finalizeOne, 5_000);
	const every = setInterval(() => (count < 10 ? finalizeOne() : clearInterval(every)), 30_000);
	started.push({
		name: 'activity',
		stop: async () => {
			clearTimeout(first);
			clearInterval(every);
		},
	});
}

void main();
