/**
 * Both simulators for "Sync HubSpot Invoice": the QuickBooks node through n8n-core with the QuickBooks
 * and HubSpot credentials, over HTTP. `reset()` before each test: the default QBO company, an empty CRM
 * with the sync properties created by the Commerce node's Setup, empty request logs.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CreateInvoiceInput } from '../../../sandbox/hubspot/actions';
import { startHubSpotSimulator, type HubSpotSimulator, type HubSpotSimulatorOptions } from '../../../sandbox/hubspot/simulator';
import type { QuickBooksSimulatorOptions } from '../../../sandbox/quickbooks/simulator';
import { runNode, type RunResult } from '../../harness/engine';
import { runCommerce } from '../hubspot/helpers';
import { byId, callsBreakingTheRules, DEFAULT_COMPANY, NODE_NAME, NODE_TYPE, QuickBooksTestbed } from '../quickbooks/testbed';

export { byId, DEFAULT_COMPANY, NODE_NAME };

export const CREDENTIALS = {
	quickBooksSyncOAuth2Api: { id: 'qbo-1', name: 'QuickBooks sandbox' },
	hubspotCommerceApi: { id: 'hs-1', name: 'HubSpot sandbox' },
};

/** Mid-month noon UTC: the same calendar day wherever the books are. */
export const OCT_5 = Date.parse('2026-10-05T12:00:00Z');
export const NOV_4 = Date.parse('2026-11-04T12:00:00Z');

/** The choices a workflow makes on the default company: Services as default item, Shipping fee, Sales tax collected, Discounts given. */
export const SYNC: IDataObject = {
	resource: 'invoice',
	operation: 'syncHubSpotInvoice',
	defaultItem: byId(DEFAULT_COMPANY.items.services),
	feeItem: byId(DEFAULT_COMPANY.items.shippingFee),
	taxItem: byId(DEFAULT_COMPANY.items.salesTaxCollected),
	discountAccount: byId(DEFAULT_COMPANY.accounts.discountsGiven),
};

export interface SyncRunOptions {
	/** n8n's "Continue (using error output)". */
	continueOnFail?: boolean;
	/** Run without the HubSpot credential. */
	withoutHubSpot?: boolean;
}

export class InvoiceSyncTestbed {
	readonly qb = new QuickBooksTestbed();
	hs!: HubSpotSimulator;
	private tokens = 0;
	private buyers = 0;

	async start(qboOptions: QuickBooksSimulatorOptions = {}, hubspotOptions: HubSpotSimulatorOptions = {}): Promise<void> {
		await this.qb.start(qboOptions);
		this.hs = await startHubSpotSimulator(hubspotOptions);
	}

	async stop(): Promise<void> {
		await this.qb.stop();
		await this.hs?.close();
	}

	async reset(options: { setup?: boolean } = {}): Promise<void> {
		this.qb.reset();
		this.hs.reset();
		// A token per test: the HubSpot client's rate-limit window (per token) starts empty.
		const token = `hs-invoice-sync-${++this.tokens}`;
		this.hs.addToken(token);
		this.qb.credentials.store.hubspotCommerceApi = { accessToken: token, useCustomBaseUrl: true, baseUrl: this.hs.url };
		if (options.setup !== false) {
			const setup = await runCommerce(this.qb.credentials, { resource: 'setup', operation: 'createSyncProperties' });
			const error = setup.error('HubSpot');
			if (error) throw error;
		}
		this.qb.sim.server.clearLog();
		this.hs.server.clearLog();
	}

	async run(parameters: IDataObject, items: INodeExecutionData[], options: SyncRunOptions = {}): Promise<RunResult> {
		const credentials = options.withoutHubSpot ? { quickBooksSyncOAuth2Api: CREDENTIALS.quickBooksSyncOAuth2Api } : CREDENTIALS;
		return await runNode(
			this.qb.credentials,
			{
				name: NODE_NAME,
				type: NODE_TYPE,
				parameters: { ...SYNC, ...parameters } as never,
				credentials,
				...(options.continueOnFail ? { onError: 'continueErrorOutput' as const } : {}),
			},
			items,
		);
	}

	/** Syncs the HubSpot invoices with these ids; returns the main output's JSON (fails the test on a node error). */
	async sync(ids: string[], parameters: IDataObject = {}, options: SyncRunOptions = {}): Promise<IDataObject[]> {
		const result = await this.run(parameters, ids.map((id) => ({ json: { id } })), options);
		const error = result.error(NODE_NAME);
		if (error) throw error;
		return result.output(NODE_NAME).map((item) => item.json);
	}

	/** The invoices as the HubSpot Commerce node emits them (with every related record), for the sync's input. */
	async commerceItems(ids: string[]): Promise<INodeExecutionData[]> {
		const items: INodeExecutionData[] = [];
		for (const id of ids) {
			const read = await runCommerce(this.qb.credentials, {
				resource: 'invoice',
				operation: 'get',
				invoiceId: byId(id),
				include: ['lineItems', 'contacts', 'companies', 'discounts', 'fees', 'taxes'],
			});
			const error = read.error('HubSpot');
			if (error) throw error;
			items.push(...read.output('HubSpot').map((item) => ({ json: item.json })));
		}
		return items;
	}

	/** An open USD invoice with one 100.00 line and a new contact, unless told otherwise. */
	invoice(input: CreateInvoiceInput = {}) {
		this.buyers += 1;
		return this.hs.createInvoice({
			currency: 'USD',
			status: 'open',
			invoiceDate: OCT_5,
			dueDate: NOV_4,
			lineItems: [{ name: 'Consulting', sku: 'SVC-001', price: '100.00' }],
			contacts: [{ email: `buyer${this.buyers}@example.com`, firstname: 'Ada', lastname: `Buyer${this.buyers}` }],
			...input,
		});
	}

	qboInvoices(): IDataObject[] {
		return this.qb.sim.store.list('Invoice') as IDataObject[];
	}

	qboCustomers(): IDataObject[] {
		return this.qb.sim.store.list('Customer') as IDataObject[];
	}

	qboItems(): IDataObject[] {
		return this.qb.sim.store.list('Item') as IDataObject[];
	}

	/** The HubSpot invoice's properties as stored. */
	hubspotProperties(id: string): Record<string, string> {
		const record = this.hs.inspect('invoices', id);
		if (!record) throw new Error(`No HubSpot invoice ${id}`);
		return record.properties;
	}

	/** Everything both simulators hold that the sync may change, for "a second run changes nothing". */
	snapshot(hubspotIds: string[]): string {
		return JSON.stringify({
			qbo: ['Invoice', 'Customer', 'Item'].map((entity) => this.qb.sim.store.list(entity as never)),
			hubspot: hubspotIds.map((id) => this.hs.inspect('invoices', id)),
		});
	}

	/** QBO API calls (not the token endpoint) and HubSpot API calls since the logs were cleared. */
	calls(): { qbo: number; hubspot: number; qboWrites: number } {
		const qbo = this.qb.apiCalls();
		return {
			qbo: qbo.length,
			qboWrites: qbo.filter((call) => call.method === 'POST' && !call.path.endsWith('/query')).length,
			hubspot: this.hs.server.requestLog.length,
		};
	}

	clearLogs(): void {
		this.qb.sim.server.clearLog();
		this.hs.server.clearLog();
	}

	brokenCallRules(): string[] {
		return callsBreakingTheRules(this.qb);
	}
}

interface JestHooks {
	beforeAll: (fn: () => Promise<void>) => void;
	afterAll: (fn: () => Promise<void>) => void;
	beforeEach: (fn: () => Promise<void>) => void;
	afterEach: (fn: () => void) => void;
}

/** One pair of simulators per file, reset before each test; every QBO call checked for minorversion and requestid after. */
export function useInvoiceSyncTestbed(hooks: JestHooks, qboOptions: QuickBooksSimulatorOptions = {}, hubspotOptions: HubSpotSimulatorOptions = {}): InvoiceSyncTestbed {
	const testbed = new InvoiceSyncTestbed();
	hooks.beforeAll(async () => await testbed.start(qboOptions, hubspotOptions));
	hooks.afterAll(async () => await testbed.stop());
	hooks.beforeEach(async () => await testbed.reset());
	hooks.afterEach(() => {
		const broken = testbed.brokenCallRules();
		if (broken.length > 0) throw new Error(`Calls without minorversion=75 or without a requestid on a write:\n${broken.join('\n')}`);
	});
	return testbed;
}
