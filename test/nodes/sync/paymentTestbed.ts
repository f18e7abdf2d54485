/**
 * Both simulators for the payment, fee and refund operations: the QuickBooks node runs through n8n-core
 * with the QuickBooks credential and the HubSpot credential, against the QBO and HubSpot simulators over
 * HTTP. `reset()` before each test: the default QBO company, an empty CRM with the sync properties set up.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import type { QuickBooksSimulatorOptions } from '../../../sandbox/quickbooks/simulator';
import { runNode, type RunResult } from '../../harness/engine';
import { runCommerce, untilSearchable } from '../hubspot/helpers';
import { byId, callsBreakingTheRules, DEFAULT_COMPANY, NODE_NAME, NODE_TYPE, QuickBooksTestbed } from '../quickbooks/testbed';

export { byId, DEFAULT_COMPANY };

export const CREDENTIALS = {
	quickBooksSyncOAuth2Api: { id: 'qbo-1', name: 'QuickBooks sandbox' },
	hubspotCommerceApi: { id: 'hs-1', name: 'HubSpot sandbox' },
};

/** Mid-month noon UTC: the same calendar day in every time zone the tests use. */
export const OCT_5 = Date.parse('2026-10-05T12:00:00Z');
export const OCT_20 = Date.parse('2026-10-20T12:00:00Z');

export interface RunOptions {
	continueOnFail?: boolean;
	/** "Continue (using error output)": failed items go to output 1. */
	errorOutput?: boolean;
}

/** Record HubSpot Refund as a refund receipt from the checking account on the Services item, dated in UTC. */
export const RECORD_REFUND: IDataObject = {
	resource: 'refundReceipt',
	operation: 'recordHubSpotRefund',
	documentType: 'RefundReceipt',
	refundFromAccount: byId(DEFAULT_COMPANY.accounts.checking),
	item: byId(DEFAULT_COMPANY.items.services),
	options: { timeZone: 'UTC' },
};

/** Record Fees as Expense for October 2026 on the seeded company's vendor and accounts; `extra` adds or overrides parameters. */
export function recordOctoberFees(extra: IDataObject = {}): IDataObject {
	const { accounts, vendors } = DEFAULT_COMPANY;
	return {
		resource: 'expense',
		operation: 'recordFeesAsExpense',
		period: 'month',
		month: '2026-10',
		vendor: byId(vendors.stripe),
		expenseAccount: byId(accounts.merchantFees),
		paymentAccount: byId(accounts.checking),
		paymentType: 'Cash',
		...extra,
		options: { platformFeeAccount: byId(accounts.bankCharges), ...((extra.options as IDataObject | undefined) ?? {}) },
	};
}

export class PaymentSyncTestbed {
	readonly qb = new QuickBooksTestbed();
	hs!: HubSpotSimulator;
	private buyer = 0;
	private tokens = 0;

	async start(options: QuickBooksSimulatorOptions = {}): Promise<void> {
		await this.qb.start(options);
		this.hs = await startHubSpotSimulator();
	}

	async stop(): Promise<void> {
		await this.qb.stop();
		await this.hs?.close();
	}

	/** A period's payments as the fee template reads them: the Commerce node's Payment Search (all pages), once search shows them. */
	async searchPayments(from = '2026-10-01T00:00:00Z', to = '2026-11-01T00:00:00Z'): Promise<INodeExecutionData[]> {
		await untilSearchable(this.hs);
		const result = await runCommerce(this.qb.credentials, { resource: 'payment', operation: 'search', returnAll: true, filters: { initiatedFrom: from, initiatedTo: to } });
		const error = result.error('HubSpot');
		if (error) throw error;
		return result.output('HubSpot').map((item) => ({ json: item.json }));
	}

	async reset(): Promise<void> {
		this.qb.reset();
		this.hs.reset();
		// A token per test: the client's HubSpot rate-limit window (100 calls per 10 s per token) starts empty.
		const token = `hs-sync-test-${++this.tokens}`;
		this.hs.addToken(token);
		this.qb.credentials.store.hubspotCommerceApi = { accessToken: token, useCustomBaseUrl: true, baseUrl: this.hs.url };
		// The invoice properties the sync writes back (qbo_invoice_id, ...), as the Commerce node's Setup creates them.
		const setup = await runCommerce(this.qb.credentials, { resource: 'setup', operation: 'createSyncProperties' });
		const error = setup.error('HubSpot');
		if (error) throw error;
		this.qb.sim.server.clearLog();
	}

	async run(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], options: RunOptions = {}): Promise<RunResult> {
		return await runNode(
			this.qb.credentials,
			{
				name: NODE_NAME,
				type: NODE_TYPE,
				parameters: parameters as never,
				credentials: CREDENTIALS,
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
			},
			items,
		);
	}

	/** The main output's JSON; fails the test with the node's error if the node failed. */
	async json(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }], options: RunOptions = {}): Promise<IDataObject[]> {
		const result = await this.run(parameters, items, options);
		const error = result.error(NODE_NAME);
		if (error) throw error;
		return result.output(NODE_NAME).map((item) => item.json);
	}

	async failure(parameters: IDataObject, items: INodeExecutionData[] = [{ json: {} }]): Promise<Error & { description?: string; context?: IDataObject }> {
		const result = await this.run(parameters, items);
		const error = result.error(NODE_NAME);
		if (!error) throw new Error(`Expected the node to fail, it returned ${JSON.stringify(result.output(NODE_NAME).map((item) => item.json))}`);
		return error as Error & { description?: string };
	}

	/** QBO API writes (POST, not queries) whose path matches. */
	writes(path: RegExp): number {
		return this.qb.apiCalls(path, 'POST').length;
	}

	/** A HubSpot invoice (open, one line, a contact) with the given total. */
	hubspotInvoice(total: string, options: { currency?: string; invoiceDate?: number } = {}) {
		this.buyer += 1;
		return this.hs.createInvoice({
			currency: options.currency ?? 'USD',
			status: 'open',
			invoiceDate: options.invoiceDate ?? OCT_5,
			lineItems: [{ name: 'Consulting', price: total }],
			contacts: [{ email: `buyer${this.buyer}@example.com`, firstname: 'Ada', lastname: `Buyer${this.buyer}` }],
		});
	}

	/**
	 * A HubSpot invoice and its QuickBooks copy, as "Sync HubSpot Invoice" leaves them: DocNumber = hs_number,
	 * the HubSpot id in PrivateNote, and (unless `writeBack` is false) qbo_invoice_id written back.
	 */
	async syncedInvoice(total: string, options: { writeBack?: boolean; docNumber?: boolean; customer?: string; currency?: string } = {}) {
		const hubspot = this.hubspotInvoice(total, { currency: options.currency });
		const [created] = await this.qb.json({
			resource: 'invoice',
			operation: 'create',
			customer: byId(options.customer ?? DEFAULT_COMPANY.customers.acme),
			lines: { line: [{ item: byId(DEFAULT_COMPANY.items.services), quantity: 1, unitPrice: total, taxCode: byId('NON') }] },
			additionalFields: {
				...(options.docNumber === false ? {} : { docNumber: hubspot.number }),
				privateNote: `HubSpot invoice ${hubspot.id}`,
				txnDate: '2026-10-05',
				...(options.currency !== undefined ? { currency: options.currency } : {}),
			},
		});
		const qboInvoiceId = String(created.Id);
		if (options.writeBack !== false) this.hs.updateProperties('invoices', hubspot.id, { qbo_invoice_id: qboInvoiceId });
		this.qb.sim.server.clearLog();
		return { hubspot, qboInvoiceId };
	}

	/** A payment item as the HubSpot Commerce node's Payment Get outputs it with Include: invoice, contacts. */
	async paymentItem(paymentId: string, include: string[] = ['invoice', 'contacts', 'companies']): Promise<INodeExecutionData> {
		const result = await runCommerce(this.qb.credentials, { resource: 'payment', operation: 'get', paymentId, include });
		const error = result.error('HubSpot');
		if (error) throw error;
		return { json: result.output('HubSpot')[0].json };
	}

	invoiceBalance(id: string): number {
		return Number(this.qb.sim.store.get('Invoice', id)!.Balance);
	}

	rulesBroken(): string[] {
		return callsBreakingTheRules(this.qb);
	}
}

interface JestHooks {
	beforeAll: (fn: () => Promise<void>) => void;
	afterAll: (fn: () => Promise<void>) => void;
	beforeEach: (fn: () => Promise<void>) => void;
	afterEach: (fn: () => void) => void;
}

/** One pair of simulators per test file, reset before each test; every QBO call checked for minorversion and requestid. */
export function usePaymentSyncTestbed(hooks: JestHooks, options: QuickBooksSimulatorOptions = {}): PaymentSyncTestbed {
	const testbed = new PaymentSyncTestbed();
	hooks.beforeAll(async () => await testbed.start(options));
	hooks.afterAll(async () => await testbed.stop());
	hooks.beforeEach(async () => await testbed.reset());
	hooks.afterEach(() => {
		const broken = testbed.rulesBroken();
		if (broken.length > 0) throw new Error(`Calls without minorversion=75 or without a requestid on a write:\n${broken.join('\n')}`);
	});
	return testbed;
}
