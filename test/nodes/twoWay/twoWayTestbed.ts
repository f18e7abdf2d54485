/**
 * Both simulators for the QuickBooks → HubSpot direction: QuickBooks documents are made as a QuickBooks
 * user makes them (over QuickBooks' API), read back as QuickBooks returns them, and handed to the
 * HubSpot Commerce node's "QuickBooks Document" operations through n8n-core, over HTTP to HubSpot.
 */
import type { IDataObject } from 'n8n-workflow';

import { startHubSpotSimulator, type HubSpotSimulator } from '../../../sandbox/hubspot/simulator';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator } from '../../../sandbox/quickbooks/simulator';
import type { RunResult } from '../../harness/engine';
import { credentialsFor, runCommerce } from '../hubspot/helpers';
import { quickBooksUser, type QuickBooksUser } from '../quickbooks/quickBooksUser';

export { DEFAULT_COMPANY };

export class TwoWayTestbed {
	qbo!: QuickBooksSimulator;
	hs!: HubSpotSimulator;
	/** QuickBooks as its user's app writes to it (paced, tokens refreshed). */
	qb!: QuickBooksUser;
	private tokens = 0;
	private credentials!: ReturnType<typeof credentialsFor>;

	async start(): Promise<void> {
		this.qbo = await startQuickBooksSimulator();
		this.hs = await startHubSpotSimulator();
	}

	async stop(): Promise<void> {
		await this.qbo?.close();
		await this.hs?.close();
	}

	/** Empty CRM with the two-way properties (Setup), the default QuickBooks company. */
	async reset(): Promise<void> {
		this.qbo.reset();
		this.hs.reset();
		this.qb = quickBooksUser(this.qbo);
		const token = `hs-two-way-${++this.tokens}`;
		this.hs.addToken(token);
		this.credentials = credentialsFor(this.hs, token);
		const setup = await this.commerce({ resource: 'setup', operation: 'createTwoWayProperties' });
		const error = setup.error('HubSpot');
		if (error) throw error;
	}

	async commerce(parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false): Promise<RunResult> {
		return await runCommerce(this.credentials, parameters, items.map((json) => ({ json })), continueOnFail);
	}

	/** One run of an operation over QuickBooks documents; the output items' json. */
	async run(operation: 'syncInvoice' | 'voidInvoice' | 'recordPayment', documents: IDataObject[], options: IDataObject = {}): Promise<IDataObject[]> {
		const result = await this.commerce({ resource: 'quickBooks', operation, options }, documents);
		const error = result.error('HubSpot');
		if (error) throw error;
		return result.output('HubSpot').map((item) => item.json);
	}

	/** A QuickBooks invoice as the QuickBooks API answers a create (or an update). */
	async createInvoice(body: IDataObject): Promise<IDataObject> {
		return await this.qb.write('/invoice', body, 'Invoice');
	}

	async readInvoice(id: string): Promise<IDataObject> {
		return (await this.qb.get(`/invoice/${id}`)).body.Invoice as IDataObject;
	}

	async sparseUpdateInvoice(invoice: IDataObject, changes: IDataObject): Promise<IDataObject> {
		return await this.qb.write('/invoice', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, ...changes }, 'Invoice');
	}

	async voidInvoice(invoice: IDataObject): Promise<IDataObject> {
		return await this.qb.write('/invoice?operation=void', { Id: invoice.Id, SyncToken: invoice.SyncToken }, 'Invoice');
	}

	async deleteInvoice(invoice: IDataObject): Promise<IDataObject> {
		return await this.qb.write('/invoice?operation=delete', { Id: invoice.Id, SyncToken: invoice.SyncToken }, 'Invoice');
	}

	async createPayment(invoice: IDataObject, amount: number, customerId = DEFAULT_COMPANY.customers.acme): Promise<IDataObject> {
		return await this.qb.write(
			'/payment',
			{ CustomerRef: { value: customerId }, TotalAmt: amount, TxnDate: '2026-10-20', Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] },
			'Payment',
		);
	}

	/** HubSpot records of a type whose property has the value (read from the simulator's store, not search). */
	records(type: string, property: string, value: string) {
		return [...this.hs.store.records(type as never).values()].filter((record) => !record.archived && record.properties[property] === value);
	}

	props(type: string, id: string): Record<string, string> {
		return this.hs.inspect(type as never, id)!.properties as Record<string, string>;
	}
}

/** A two-line Acme invoice with a 10 % discount and sales tax on the taxable line: 2 × 120.00 + 1 × 35.50. */
export function acmeInvoice(overrides: IDataObject = {}): IDataObject {
	return {
		CustomerRef: { value: DEFAULT_COMPANY.customers.acme },
		BillEmail: { Address: 'ap@acme.example' },
		DocNumber: 'QB-1001',
		TxnDate: '2026-10-05',
		DueDate: '2026-11-04',
		Line: [
			{ DetailType: 'SalesItemLineDetail', Amount: 240, Description: 'Consulting, October', SalesItemLineDetail: { ItemRef: { value: DEFAULT_COMPANY.items.consultingHours }, Qty: 2, UnitPrice: 120, TaxCodeRef: { value: 'TAX' } } },
			{ DetailType: 'SalesItemLineDetail', Amount: 35.5, SalesItemLineDetail: { ItemRef: { value: DEFAULT_COMPANY.items.softwareLicense }, Qty: 1, UnitPrice: 35.5, TaxCodeRef: { value: 'NON' } } },
			{ DetailType: 'DiscountLineDetail', Amount: 27.55, DiscountLineDetail: { PercentBased: true, DiscountPercent: 10 } },
		],
		...overrides,
	};
}
