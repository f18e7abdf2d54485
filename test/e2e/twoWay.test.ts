/**
 * The two-way template in a real n8n (2.41.1 by default) with the packed package, against both
 * simulators: both triggers polling, edits made on both sides over ten polls. Each poll is a
 * publication (n8n polls every polling trigger once when a workflow is published; its own schedule is
 * a minute, too slow to wait for ten times). At the end both sides hold each invoice once, with the
 * same total to the cent, nothing born on one side was written back to it, and two more polls write
 * nothing: the state is stable.
 * Needs `npm run build` and `bash scripts/install-n8n.sh` first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { N8N_VERSION, packPackage, startN8n, type N8nInstance } from './n8n';
import { startSimulators, type Simulators } from './simulators';
import { cents, finishedRuns, runByHand, settled } from './templateRuns';
import { templateForSimulator } from './templates';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe(`the two-way template in a real n8n ${N8N_VERSION}`, () => {
	let sims: Simulators;
	let n8n: N8nInstance;
	let id: string;
	let polls = 0;

	beforeAll(async () => {
		const tarball = packPackage();
		sims = await startSimulators();
		n8n = await startN8n({ name: 'two-way', tarball, credentials: [sims.credentials.hubspot, sims.credentials.quickbooks] });
	}, 300_000);

	afterAll(async () => {
		await n8n?.stop();
		await sims?.stop();
	}, 60_000);

	const qbo = (entity: string) => sims.quickbooks.store.list(entity as never) as any[];
	const hubspotInvoices = () => [...sims.hubspot.store.records('invoices').values()].filter((record) => !record.archived);
	const books = () => ({
		qbo: ['Invoice', 'Payment', 'Customer'].map((entity) => qbo(entity).map((record) => `${entity}:${record.Id}:${record.SyncToken}`)),
		hubspot: ['invoices', 'commerce_payments', 'line_items', 'contacts', 'companies'].map((type) =>
			[...sims.hubspot.store.records(type as never).values()].filter((record) => !record.archived).map((record) => `${type}:${record.id}:${record.properties.hs_lastmodifieddate}`),
		),
	});

	/** One poll of both triggers: publish again (the activation poll), then wait for the runs it started. */
	async function poll(): Promise<void> {
		polls += 1;
		await n8n.deactivate(id);
		await settled(n8n, id);
		await n8n.activate(id);
		await sleep(1500);
		await settled(n8n, id, 120_000);
	}

	async function qboWrite(resource: string, body: Record<string, unknown>, operation?: string): Promise<any> {
		const query = new URLSearchParams({ minorversion: '75', requestid: randomUUID(), ...(operation ? { operation } : {}) });
		const response = await fetch(`${sims.quickbooks.url}/v3/company/${sims.quickbooks.realmId}/${resource}?${query}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sims.quickbooks.issueTokens().access_token}`, 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body),
		});
		const answer = (await response.json()) as Record<string, any>;
		if (response.status !== 200) throw new Error(`QuickBooks ${resource}: ${JSON.stringify(answer)}`);
		return Object.values(answer).find((value) => value && typeof value === 'object');
	}

	const acme = (docNumber: string, qty: number) => ({
		CustomerRef: { value: '2' },
		BillEmail: { Address: 'ap@acme.example' },
		DocNumber: docNumber,
		Line: [{ DetailType: 'SalesItemLineDetail', Amount: qty * 120, SalesItemLineDetail: { ItemRef: { value: '4' }, Qty: qty, UnitPrice: 120, TaxCodeRef: { value: 'NON' } } }],
	});

	let buyers = 0;
	const hubspotInvoice = (price: string) =>
		sims.hubspot.createInvoice({
			currency: 'USD',
			status: 'open',
			lineItems: [{ name: 'Consulting', price }],
			contacts: [{ email: `buyer${++buyers}@hubspot-born.example`, firstname: 'Ada', lastname: `Buyer${buyers}` }],
			companies: [{ name: `HubSpot Buyer ${buyers} Inc` }],
		});

	it('edits on both sides over ten polls reach a stable state: each invoice once per side, totals to the cent, nothing echoed back', async () => {
		const started = Date.now();
		const created = await n8n.importWorkflow(templateForSimulator('twoWay'));
		id = created.id;
		const setup = await runByHand(n8n, id, 'Run once: setup');
		expect(setup.status).toBe('success');
		await n8n.activate(id);
		await settled(n8n, id);

		// Ten polls, with changes on both sides between them.
		const x = await qboWrite('invoice', acme('QB-X', 2));
		const y = await qboWrite('invoice', acme('QB-Y', 1));
		const a = hubspotInvoice('200.00');
		await poll(); // 1
		await qboWrite('payment', { CustomerRef: { value: '2' }, TotalAmt: 40, Line: [{ Amount: 40, LinkedTxn: [{ TxnId: x.Id, TxnType: 'Invoice' }] }] });
		const b = hubspotInvoice('75.50');
		await poll(); // 2
		const yNow = qbo('Invoice').find((invoice) => invoice.Id === y.Id);
		await qboWrite('invoice', { Id: y.Id, SyncToken: yNow.SyncToken, sparse: true, Line: acme('QB-Y', 3).Line });
		sims.hubspot.updateProperties('invoices', a.id, { hs_comments: 'Thanks for your business' });
		await poll(); // 3
		await poll(); // 4
		const z = await qboWrite('invoice', acme('QB-Z', 1));
		await poll(); // 5
		const zNow = qbo('Invoice').find((invoice) => invoice.Id === z.Id);
		await qboWrite('invoice', { Id: z.Id, SyncToken: zNow.SyncToken }, 'void');
		await qboWrite('payment', { CustomerRef: { value: '2' }, TotalAmt: 200, Line: [{ Amount: 200, LinkedTxn: [{ TxnId: x.Id, TxnType: 'Invoice' }] }] });
		await poll(); // 6
		for (let round = 7; round <= 10; round++) await poll();
		expect(polls).toBe(10);

		// Each QuickBooks-born invoice once in HubSpot, to the cent; none of them went back to QuickBooks.
		const quickBooksBorn = [x, y, z].map((invoice) => qbo('Invoice').find((candidate) => candidate.Id === invoice.Id));
		for (const invoice of quickBooksBorn) {
			const inHubSpot = hubspotInvoices().filter((record) => record.properties.qbo_origin_invoice_id === invoice.Id);
			expect({ doc: invoice.DocNumber, count: inHubSpot.length }).toEqual({ doc: invoice.DocNumber, count: 1 });
			if (invoice.Id !== z.Id) expect(cents(inHubSpot[0].properties.hs_amount_billed)).toBe(cents(invoice.TotalAmt));
		}
		const [xHubSpot, yHubSpot, zHubSpot] = quickBooksBorn.map((invoice) => hubspotInvoices().find((record) => record.properties.qbo_origin_invoice_id === invoice.Id)!);
		expect(xHubSpot.properties).toMatchObject({ hs_invoice_status: 'paid', hs_balance_due: '0.00', hs_amount_billed: '240.00' });
		expect(yHubSpot.properties).toMatchObject({ hs_amount_billed: '360.00', hs_invoice_status: 'open' });
		expect(zHubSpot.properties.hs_invoice_status).toBe('voided');
		expect(sims.hubspot.inspect('invoices', xHubSpot.id)!.associations.commerce_payments).toHaveLength(2);

		// Each HubSpot-born invoice once in QuickBooks, to the cent (with A's later comment); none came back to HubSpot.
		for (const hubspot of [a, b]) {
			const inQuickBooks = qbo('Invoice').filter((invoice) => String(invoice.PrivateNote ?? '').includes(`HubSpot invoice ${hubspot.id}`));
			expect({ hubspot: hubspot.id, count: inQuickBooks.length }).toEqual({ hubspot: hubspot.id, count: 1 });
			expect(cents(inQuickBooks[0].TotalAmt)).toBe(cents(sims.hubspot.inspect('invoices', hubspot.id)!.properties.hs_amount_billed));
		}
		// Nothing echoed: 3 + 2 invoices on each side, QuickBooks' two payments only, no HubSpot payment sent to QuickBooks.
		expect(hubspotInvoices()).toHaveLength(5);
		expect(qbo('Invoice')).toHaveLength(5);
		expect(qbo('Payment')).toHaveLength(2);

		// Stable: two more polls write nothing on either side.
		const before = JSON.stringify(books());
		await poll();
		await poll();
		expect(JSON.stringify(books())).toBe(before);
		const failed = (await finishedRuns(n8n, id, 'trigger')).filter((run) => run.status !== 'success');
		expect(failed).toEqual([]);
		console.log(`two-way e2e: ${polls} polls, ${(await finishedRuns(n8n, id, 'trigger')).length} trigger runs, ${Math.round((Date.now() - started) / 1000)} s after n8n started`);
	}, 600_000);
});
