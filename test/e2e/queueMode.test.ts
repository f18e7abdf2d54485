/**
 * The package in n8n 2.41.1's queue mode (test/e2e/queueStack.ts): redis-server, PostgreSQL, one main
 * that polls the triggers, two `n8n worker` processes that run the executions, the packed package
 * installed on each, against both simulators.
 *
 * Each of the three templates (filtered invoice sync, payment-source filtering, refunds) is published
 * twice, so every HubSpot event reaches two executions that the queue hands to either worker: the
 * exactly-once layers (one writer per source record through leases in the queue's Redis, look-ups by
 * marker) are what keeps QuickBooks free of duplicates, not the luck of one process. While the triggers
 * poll every minute, invoices change (prices, new invoices, a draft finalized), payments and partial
 * refunds arrive; then, with a QuickBooks latency that keeps executions running, one worker is killed with
 * SIGKILL mid-run. n8n runs a killed worker's job nowhere else (its Bull queue allows no stalled re-run:
 * maxStalledCount 0) and marks the execution failed, and its Retry fails again at once (it keeps the
 * crash's error). Nobody publishes anything again: the templates' triggers deliver each event a second
 * time ("Deliver Each Event Again After", 15 minutes in the templates, 2 here), so the next polls bring
 * the lost execution's events back to the surviving worker, and the sync's look-ups find what the dead
 * run had already written. After the next polls: every eligible invoice is in QuickBooks once, its total
 * equal to HubSpot's to the cent and written back; every payment once, no invoice paid beyond its
 * amount; every refund once, to the cent.
 *
 * Cost on a 2-core machine: see the figures in the README's "Queue mode" section (the stack's start,
 * then the minute polls, the queue's stall detection and the second deliveries).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { CreatedInvoice } from '../../sandbox/hubspot/actions';
import { N8N_VERSION, packPackage, type ExecutionSummary } from './n8n';
import { startQueueStack, type QueueStack } from './queueStack';
import { startSimulators, type Simulators } from './simulators';
import { cents, markedWith } from './templateRuns';
import { startingFrom, templateForSimulator, triggerNodes, withChoices, type TemplateKey, type WorkflowJson } from './templates';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const FINISHED = (execution: ExecutionSummary) => !['new', 'running', 'waiting', 'unknown'].includes(execution.status);
/** Each template is published this many times: two executions per event, on either worker. */
const COPIES = 2;
/** The templates that run on events (the fee template runs by hand or monthly). */
const RUN = ['invoiceSync', 'paymentSources', 'refunds'] as const satisfies readonly TemplateKey[];
/** The second delivery's delay here, in minutes (the templates say 15). */
const AGAIN_AFTER_MINUTES = 2;

/** The template as imported here: its triggers start before the run and deliver each event again after AGAIN_AFTER_MINUTES. */
function forThisRun(key: TemplateKey, start: number): WorkflowJson {
	const workflow = startingFrom(templateForSimulator(key), start);
	return withChoices(workflow, Object.fromEntries(triggerNodes(workflow).map((node) => [node.name, { options: { redeliverAfterMinutes: AGAIN_AFTER_MINUTES } }])));
}

describe(`queue mode: n8n ${N8N_VERSION} main and two workers on Redis and PostgreSQL`, () => {
	let sims: Simulators;
	let stack: QueueStack;

	beforeAll(async () => {
		const tarball = packPackage();
		sims = await startSimulators();
		stack = await startQueueStack({
			name: 'queue-mode',
			tarball,
			workers: 2,
			credentials: [sims.credentials.hubspot, sims.credentials.quickbooks],
			// The queue recovery marks a killed worker's executions crashed; every minute instead of n8n's 180.
			env: { N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1' },
		});
	}, 900_000);

	afterAll(async () => {
		await stack?.stop();
		await sims?.stop();
	}, 180_000);

	it('syncs every eligible invoice, payment and refund exactly once to the cent across both workers, also when a worker is killed mid-run', async () => {
		const started = Date.now();
		const { hubspot, quickbooks } = sims;
		const main = stack.main;
		const qbo = (entity: string) => quickbooks.store.list(entity as never) as any[];
		const hsInvoice = (id: string) => hubspot.inspect('invoices', id)!.properties;
		const hsPayment = (id: string) => hubspot.inspect('commerce_payments', id)!.properties;
		let buyers = 0;
		const newInvoice = (price: string, more: Record<string, unknown> = {}) => {
			buyers++;
			return hubspot.createInvoice({
				currency: 'USD',
				status: 'open',
				contacts: [{ email: `buyer${buyers}@queue.example`, firstname: `Buyer${buyers}`, lastname: 'Queue' }],
				lineItems: [{ name: 'Consulting', price }],
				...more,
			});
		};

		// The data before publishing: eligible invoices, three the template's filter leaves out, payments on some.
		const eligible: CreatedInvoice[] = Array.from({ length: 8 }, (_, index) => newInvoice(`${100 + index * 37}.${String(index * 13).padStart(2, '0')}`));
		const euro = newInvoice('300.00', { currency: 'EUR' });
		const small = newInvoice('0.50');
		const draft = newInvoice('80.00', { status: 'draft' });
		const payments: string[] = [];
		const paidInvoices = new Set<string>();
		/** The invoice each payment pays. */
		const paidInvoice = new Map<string, string>();
		const pay = (invoice: CreatedInvoice, amount?: string) => {
			const payment = hubspot.recordPayment({ invoiceId: invoice.id, ...(amount ? { amount } : {}), feesAmount: '1.10', processorType: 'hs_payments' }).id;
			payments.push(payment);
			paidInvoice.set(payment, invoice.id);
			paidInvoices.add(invoice.id);
		};
		pay(eligible[0]);
		pay(eligible[1], '40.00');
		const checkout = hubspot.recordPayment({ amount: '250.00', sourceApp: 'SALES_CHECKOUT', contactIds: [hubspot.createObject('contacts', { email: 'carol@queue.example', firstname: 'Carol' }).id], feesAmount: '7.55' });

		// Import every template twice (the invoice sync's setup run creates the write-back properties), then publish.
		const workflowIds: Record<(typeof RUN)[number], string[]> = { invoiceSync: [], paymentSources: [], refunds: [] };
		for (const key of RUN) {
			for (let copy = 1; copy <= COPIES; copy++) {
				const workflow = forThisRun(key, started - 60_000);
				workflowIds[key].push((await main.importWorkflow({ ...workflow, name: `${workflow.name} (${copy})` })).id);
			}
		}
		const setup = await main.cli(['execute', `--id=${workflowIds.invoiceSync[0]}`]);
		expect(setup.code).toBe(0);
		const allWorkflows = Object.values(workflowIds).flat();
		for (const id of allWorkflows) await main.activate(id);

		// While the triggers poll: prices change on unpaid invoices, new invoices, the draft finalized,
		// payments (one in full, one in part) and partial refunds.
		const refunded: string[] = [];
		for (let round = 0; round < 4; round++) {
			await sleep(20_000);
			const unpaid = eligible.filter((invoice) => !paidInvoices.has(invoice.id));
			hubspot.updateProperties('line_items', unpaid[round % unpaid.length].lineItemIds[0], { price: `${211 + round}.${17 + round}` });
			eligible.push(newInvoice(`${55 + round}.0${round}`));
			if (round === 0) hubspot.setInvoiceStatus(draft.id, 'open');
			if (round === 1) pay(eligible[2]);
			if (round === 2) pay(eligible[3], '12.34');
			// A partial refund every round: of the checkout payment, then of invoice payments.
			const refund = [{ payment: checkout.id, amount: '100.01' }, { payment: payments[0], amount: '25.00' }, { payment: checkout.id, amount: '20.00' }, { payment: payments[1], amount: '5.55' }][round];
			hubspot.refundPayment(refund.payment, { amount: refund.amount });
			if (!refunded.includes(refund.payment)) refunded.push(refund.payment);
		}
		eligible.push(draft);

		// A burst of invoices with a slow QuickBooks: the next invoice poll's execution runs for a while; the
		// worker that runs it is killed with SIGKILL in the middle. The second copy of the invoice sync is
		// unpublished first, so the burst has one execution, as in an installation with the template once:
		// no twin execution does its work, and only the second deliveries can bring its invoices back.
		await main.deactivate(workflowIds.invoiceSync[1]);
		// Every QuickBooks call takes 1.5 to 2.5 s meanwhile, so the burst's sync runs for well over ten seconds.
		quickbooks.server.latencyMs = [1500, 2500];
		const burst = Array.from({ length: 12 }, (_, index) => newInvoice(`${300 + index}.99`));
		eligible.push(...burst);
		const invoiceWorkflows = new Set(workflowIds.invoiceSync);
		const knownBefore = new Set(stack.workerOfExecution().keys());
		const running = async (execution: string) => {
			const summary = await main.rest<ExecutionSummary>('GET', `/executions/${execution}`).catch(() => undefined);
			return summary !== undefined && invoiceWorkflows.has(summary.workflowId) && summary.status === 'running';
		};
		let victim: { worker: string; execution: string } | undefined;
		const killDeadline = Date.now() + 150_000;
		while (!victim && Date.now() < killDeadline) {
			await sleep(500);
			for (const [execution, worker] of stack.workerOfExecution()) {
				// A sync that has been running for a moment (its first QuickBooks calls are under way) and still is.
				if (knownBefore.has(execution) || !(await running(execution))) continue;
				await sleep(1_500);
				if (await running(execution)) victim = { worker, execution };
				break;
			}
		}
		expect(victim).toBeDefined();
		const killed = stack.workers.find((worker) => worker.name === victim!.worker)!;
		const ranOnKilled = new Set(killed.startedExecutions());
		await killed.kill('SIGKILL');
		quickbooks.server.latencyMs = [0, 0];
		console.log(`killed ${killed.name} (SIGKILL) while it ran execution ${victim!.execution}, ${((Date.now() - started) / 1000).toFixed(0)} s into the run`);
		// What the dead execution left undone, read at once, before any second delivery can come due: invoices
		// without their write-back (n8n keeps none of its trigger items: the worker held them; the burst's
		// other executions are gone with the unpublished copy).
		const synced = (invoice: CreatedInvoice) => markedWith(qbo('Invoice'), `HubSpot invoice ${invoice.id}`).length > 0 && hsInvoice(invoice.id).qbo_sync_status === 'synced';
		const leftUndone = eligible.filter((invoice) => !synced(invoice)).map((invoice) => invoice.id);
		console.log(`left undone by the killed execution: ${leftUndone.length} invoices (${leftUndone.join(', ')})`);
		expect(leftUndone.length).toBeGreaterThan(0);
		// Changes go on after the kill.
		hubspot.updateProperties('line_items', burst[0].lineItemIds[0], { price: '777.77' });
		eligible.push(newInvoice('64.20'));

		// n8n marks what the killed worker was running failed ("failed to be processed too many times") or
		// crashed; nothing runs it again.
		const allExecutions = async () => (await Promise.all(allWorkflows.map(async (id) => await main.executions(id)))).flat();
		const unfinished = async () => (await allExecutions()).filter((execution) => !FINISHED(execution));
		const recoveryDeadline = Date.now() + 240_000;
		while ((await unfinished()).length && Date.now() < recoveryDeadline) await sleep(2_000);
		expect(await unfinished()).toEqual([]);
		const everything = await allExecutions();
		const crashed = everything.filter((execution) => execution.status === 'crashed' || execution.status === 'error');
		console.log(`executions: ${everything.length}; crashed or failed: ${crashed.map((execution) => `${execution.id} ${execution.status}`).join(', ') || 'none'}`);
		// Only what the killed worker ran ended badly, the execution it was killed in among them.
		expect(crashed.filter((execution) => !ranOnKilled.has(execution.id))).toEqual([]);
		expect(crashed.map((execution) => execution.id)).toContain(victim!.execution);
		// The next polls, on the surviving worker: a new invoice arrives; the second deliveries come due.
		// Wait until the books hold every invoice, payment and refund (or the deadline passes), then for one
		// more round of polls and second deliveries, so that anything that would double shows.
		const late = newInvoice('91.19');
		eligible.push(late);
		const booksComplete = () =>
			eligible.every(synced) &&
			payments.every((payment) => markedWith(qbo('Payment'), `HubSpot payment ${payment}`).length > 0) &&
			refunded.every((payment) => markedWith(qbo('RefundReceipt'), `HubSpot refund of payment ${payment}`).reduce((sum, document) => sum + cents(document.TotalAmt), 0) === cents(hsPayment(payment).hs_refunds_amount));
		const completeDeadline = Date.now() + (AGAIN_AFTER_MINUTES + 3) * 60_000;
		while (!booksComplete() && Date.now() < completeDeadline) await sleep(2_000);
		console.log(`books complete ${((Date.now() - started) / 1000).toFixed(0)} s into the run`);
		await sleep((AGAIN_AFTER_MINUTES * 60 + 65) * 1000);
		while ((await unfinished()).length) await sleep(1_000);

		// The invoices the killed execution left undone came back as second deliveries, run to success on the surviving worker.
		const finalExecutions = await allExecutions();
		const afterCrash = finalExecutions.filter((execution) => Number(execution.id) > Number(victim!.execution) && execution.status === 'success');
		const redeliveredIds = new Set<string>();
		for (const execution of afterCrash) for (const item of triggerItems(await main.execution(execution.id))) if (item.redelivered === true) redeliveredIds.add(String(item.id));
		expect(leftUndone.filter((id) => !redeliveredIds.has(id))).toEqual([]);

		// Both workers ran invoice syncs, and payments and refunds; some executions on the two overlapped in time.
		const byWorker = stack.workerOfExecution();
		const workersOf = (keys: ReadonlyArray<(typeof RUN)[number]>) => {
			const ran = finalExecutions.filter((execution) => keys.some((key) => workflowIds[key].includes(execution.workflowId)) && execution.mode !== 'cli');
			const workers = new Set(ran.map((execution) => byWorker.get(execution.id)));
			console.log(`${keys.join(' + ')}: ${ran.length} executions on ${[...workers].sort().join(', ')}`);
			return workers;
		};
		const allWorkers = new Set(stack.workers.map((worker) => worker.name));
		expect(workersOf(['invoiceSync'])).toEqual(allWorkers);
		expect(workersOf(['paymentSources', 'refunds'])).toEqual(allWorkers);
		const timed = finalExecutions.filter((execution) => byWorker.has(execution.id) && execution.stoppedAt);
		const overlapping = timed.flatMap((a) =>
			timed.filter((b) => a.id < b.id && byWorker.get(a.id) !== byWorker.get(b.id) && Date.parse(a.startedAt) < Date.parse(b.stoppedAt!) && Date.parse(b.startedAt) < Date.parse(a.stoppedAt!)).map((b) => `${a.id}|${b.id}`),
		);
		console.log(`pairs of executions running at the same time on the two workers: ${overlapping.length}`);
		expect(overlapping.length).toBeGreaterThan(0);
		// Every execution but the killed worker's ended well.
		for (const execution of finalExecutions.filter((candidate) => candidate.status !== 'success')) {
			const detail = await main.execution(execution.id);
			const result = detail.data?.resultData;
			console.log(`execution ${execution.id} (${execution.mode}, retry of ${String(execution.retryOf ?? '-')}) ${execution.status}: ${result?.error?.message ?? '(no error)'} at ${result?.lastNodeExecuted ?? '?'}`);
		}
		expect(finalExecutions.filter((execution) => !crashed.some((bad) => bad.id === execution.id) && execution.status !== 'success').map((execution) => `${execution.id} ${execution.status}`)).toEqual([]);

		// Invoices: each eligible one once, to the cent, written back; the filtered-out ones not at all.
		const invoices = qbo('Invoice');
		for (const invoice of eligible) {
			const documents = markedWith(invoices, `HubSpot invoice ${invoice.id}`);
			const properties = hsInvoice(invoice.id);
			expect({ invoice: invoice.id, documents: documents.length }).toEqual({ invoice: invoice.id, documents: 1 });
			expect({ invoice: invoice.id, total: cents(documents[0].TotalAmt) }).toEqual({ invoice: invoice.id, total: cents(properties.hs_amount_billed) });
			expect({ invoice: invoice.id, id: properties.qbo_invoice_id, status: properties.qbo_sync_status }).toEqual({ invoice: invoice.id, id: documents[0].Id, status: 'synced' });
		}
		for (const skipped of [euro, small]) expect(markedWith(invoices, `HubSpot invoice ${skipped.id}`)).toEqual([]);
		expect(invoices).toHaveLength(eligible.length);

		// Payments: one QuickBooks payment each, to the cent; no invoice paid beyond its amount.
		const qboPayments = qbo('Payment');
		for (const payment of payments) {
			const documents = markedWith(qboPayments, `HubSpot payment ${payment}`);
			expect({ payment, documents: documents.length }).toEqual({ payment, documents: 1 });
			expect(cents(documents[0].TotalAmt)).toBe(cents(hsPayment(payment).hs_initial_amount));
		}
		expect(qboPayments).toHaveLength(payments.length);
		for (const invoice of invoices) {
			const balance = cents(invoice.Balance);
			expect({ invoice: invoice.Id, balance, withinTotal: balance >= 0 && balance <= cents(invoice.TotalAmt) }).toEqual({ invoice: invoice.Id, balance, withinTotal: true });
		}
		// A paid invoice's balance is its total less what was paid on it (refunds are refund receipts of their own).
		for (const id of paidInvoices) {
			const [document] = markedWith(invoices, `HubSpot invoice ${id}`);
			const paid = payments.filter((payment) => paidInvoice.get(payment) === id).reduce((sum, payment) => sum + cents(hsPayment(payment).hs_initial_amount), 0);
			expect({ invoice: id, balance: cents(document.Balance) }).toEqual({ invoice: id, balance: cents(hsInvoice(id).hs_amount_billed) - paid });
		}
		expect(markedWith(qbo('SalesReceipt'), `HubSpot payment ${checkout.id}`)).toHaveLength(1);

		// Refunds: what HubSpot refunded, to the cent, once.
		for (const payment of refunded) {
			const documents = markedWith(qbo('RefundReceipt'), `HubSpot refund of payment ${payment}`);
			expect({ payment, refunded: documents.reduce((sum, document) => sum + cents(document.TotalAmt), 0) }).toEqual({ payment, refunded: cents(hsPayment(payment).hs_refunds_amount) });
		}
		expect(qbo('RefundReceipt')).toHaveLength(4);
		console.log(`queue-mode run: ${eligible.length} invoices, ${payments.length + 1} payments, ${refunded.length} refunds, ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}, 1_200_000);
});

/** The items a HubSpot trigger handed to an execution that ran, from n8n's stored run data. */
function triggerItems(detail: { data?: { resultData?: { runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>> } } }): Array<Record<string, unknown>> {
	return Object.entries(detail.data?.resultData?.runData ?? {})
		.filter(([name]) => /^HubSpot (Invoice Trigger|Payment)/.test(name))
		.flatMap(([, runs]) => runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json)));
}
