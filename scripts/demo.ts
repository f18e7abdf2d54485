/**
 * `npm start`: the one-command demo (issue 6). Builds the package, starts the HubSpot and
 * QuickBooks simulators with seeded data, starts a real n8n 2.41.1 (SQLite) with the packed
 * package installed into its nodes folder, creates the two credentials pointing at the
 * simulators, imports every template in templates/ with the choices a user makes set for the
 * simulated QuickBooks company (accounts, items, vendor: test/e2e/templates.ts), runs the invoice
 * template's "Run once: setup" (the HubSpot sync properties), publishes the templates, and prints
 * the editor URL and the owner login. Ctrl-C stops everything it started.
 *
 * The invoice sync starts from the seeded history (so invoices reach QuickBooks at the first poll);
 * the payment and refund templates start from "now" and follow the live activity below. The fee
 * template's "Chosen month" is the current month, so "Run by hand" books the seeded payments' fees.
 * A template that fails to publish is reported with n8n's reason and the demo goes on.
 * Options: --no-build, --port=5678 (default 5678 when free), --keep (keep n8n's folder),
 * --no-activity (no live HubSpot invoices, payments and refunds every 30 s).
 * n8n is installed on first use into $HSQB_CACHE (scripts/install-n8n.sh, a few minutes once).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_OWNER, freePort, n8nHome, N8N_VERSION, packPackage, REPO_ROOT, startN8n, type N8nInstance } from '../test/e2e/n8n';
import { DEFAULT_CREDENTIAL_NAMES, startSimulators, type Simulators } from '../test/e2e/simulators';
import { startingFrom, templateForSimulator, templateKeyOf, withChoices, type WorkflowJson } from '../test/e2e/templates';

const args = new Set(process.argv.slice(2));
const portArg = process.argv.find((arg) => arg.startsWith('--port='));
const say = (message: string) => console.log(`[demo] ${message}`);
const note = (message: string) => console.log(`[demo] note: ${message}`);

function run(command: string, commandArgs: string[], what: string): void {
	const result = spawnSync(command, commandArgs, { cwd: REPO_ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status})`);
}

/** n8n 2.x needs Node >= 22: when npm start runs on an older Node, use the cached Node 24 (.ci/node24.sh bootstraps it). */
function ensureNode24(): void {
	if (Number(process.versions.node.split('.')[0]) >= 22 || process.env.HSQB_N8N_NODE) return;
	say(`this is Node ${process.versions.node}; n8n runs on Node 24 from the cache (.ci/node24.sh)`);
	const found = spawnSync('bash', ['-c', 'source .ci/node24.sh >/dev/null && command -v node'], { cwd: REPO_ROOT, encoding: 'utf8' });
	const node = found.stdout.trim();
	if (found.status !== 0 || !node) throw new Error(`could not set up Node 24:\n${found.stderr}`);
	process.env.HSQB_N8N_NODE = node;
}

function ensureN8nInstalled(): void {
	if (existsSync(join(n8nHome(), '.hsqb-install-complete'))) return;
	say(`installing n8n ${N8N_VERSION} into ${n8nHome()} (once; a few minutes)`);
	run('bash', ['scripts/install-n8n.sh', '--no-chromium'], 'scripts/install-n8n.sh');
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

async function main(): Promise<void> {
	const started: Array<{ name: string; stop: () => Promise<void> }> = [];
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping...');
		for (const { name, stop } of started.reverse()) {
			await stop().catch((error) => console.error(`[demo] stopping ${name}: ${error}`));
		}
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	try {
		if (!args.has('--no-build')) {
			say('building the package (npm run build)');
			run('npm', ['run', 'build'], 'npm run build');
		}
		ensureNode24();
		ensureN8nInstalled();
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
		say(`HubSpot simulator: ${sims.hubspot.url} (token ${sims.hubspot.token}); seeded ${seeded.invoices} invoices, ${seeded.payments} payments`);
		say(`QuickBooks simulator: ${sims.quickbooks.url} (realm ${sims.quickbooks.realmId})`);
		const credentials = [
			{ ...sims.credentials.hubspot, id: 'demoHubspotCred01' },
			{ ...sims.credentials.quickbooks, id: 'demoQuickBooksCred1' },
		];

		const wanted = portArg ? Number(portArg.split('=')[1]) : 5678;
		const port = (await portIsFree(wanted)) ? wanted : await freePort();
		say(`starting n8n ${N8N_VERSION} on port ${port} with the package installed (log: test-artifacts/logs/demo.log)`);
		const n8n: N8nInstance = await startN8n({ name: 'demo', tarball, port, credentials, keepUserFolder: args.has('--keep') });
		started.push({ name: 'n8n', stop: n8n.stop });

		const imported: Array<{ file: string; id: string; name: string }> = [];
		for (const template of templates) {
			try {
				const created = await n8n.importWorkflow(forDemo(template, seededSince));
				imported.push({ file: template.file, id: created.id, name: created.name });
			} catch (error) {
				note(`template ${template.file} could not be imported: ${(error as Error).message}`);
			}
		}
		// The write-back properties on HubSpot invoices: the invoice template's "Run once: setup", run by hand.
		const withSetup = imported.find(({ file }) => templateKeyOf(file) === 'invoiceSync');
		if (withSetup) {
			const setup = await n8n.cli(['execute', `--id=${withSetup.id}`]);
			if (setup.code === 0) say('ran "Run once: setup" of the invoice template: HubSpot has the QuickBooks sync properties');
			else note(`"Run once: setup" failed (exit ${setup.code}); see test-artifacts/logs/demo.log`);
		}
		for (const { file, id, name } of imported) {
			try {
				const published = await n8n.activate(id, { throwOnFailure: false });
				const failures = published.publication.triggers.filter((trigger) => trigger.status !== 'activated');
				say(`template ${file}: imported as "${name}" (${n8n.url}/workflow/${id}), ${published.publication.status}${failures.length ? `: ${failures.map((f) => f.errorMessage).join('; ')}` : ''}`);
			} catch (error) {
				note(`template ${file} could not be published: ${(error as Error).message}`);
			}
		}

		if (!args.has('--no-activity')) startActivity(sims.hubspot, started);
		watchQuickBooks(sims.quickbooks, started);

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

/** Prints each document that lands in the simulated QuickBooks, so the flow is visible here too. */
function watchQuickBooks(quickbooks: Simulators['quickbooks'], started: Array<{ name: string; stop: () => Promise<void> }>): void {
	const entities = ['Invoice', 'Payment', 'SalesReceipt', 'RefundReceipt', 'CreditMemo', 'Purchase'] as const;
	const seen = new Set(entities.flatMap((entity) => quickbooks.store.list(entity).map((record) => `${entity}:${String(record.Id)}`)));
	const every = setInterval(() => {
		for (const entity of entities) {
			for (const record of quickbooks.store.list(entity)) {
				const key = `${entity}:${String(record.Id)}`;
				if (seen.has(key)) continue;
				seen.add(key);
				const number = record.DocNumber ? ` ${String(record.DocNumber)}` : '';
				const currency = (record.CurrencyRef as { value?: string } | undefined)?.value ?? '';
				say(`QuickBooks: ${entity}${number} created (${String(record.TotalAmt)} ${currency})`.replace(' )', ')'));
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
function startActivity(hubspot: Simulators['hubspot'], started: Array<{ name: string; stop: () => Promise<void> }>): void {
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

async function portIsFree(port: number): Promise<boolean> {
	const { createServer } = await import('node:net');
	return await new Promise((done) => {
		const server = createServer();
		server.once('error', () => done(false));
		server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
	});
}

void main();
