/**
 * The QuickBooks Trigger against the QBO simulator: the QuickBooks testbed (simulator, OAuth2
 * credential) plus a workflow holding the trigger, whose static data persists across polls, and HTTP
 * writes that change the books the way another QuickBooks app (or a person) would.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject, INodeExecutionData, Workflow } from 'n8n-workflow';

import { QuickBooksTrigger } from '../../../nodes/QuickBooksTrigger/QuickBooksTrigger.node';
import { poll, registerNodeType, toWorkflow } from '../../harness/engine';
import { quickBooksUser, type QuickBooksUser } from '../quickbooks/quickBooksUser';
import { CREDENTIALS, DEFAULT_COMPANY, type QuickBooksTestbed } from '../quickbooks/testbed';

export const TRIGGER_TYPE = registerNodeType(new QuickBooksTrigger());
export const TRIGGER_NAME = 'QuickBooks Trigger';
export const ALL_ENTITIES = ['Invoice', 'Payment', 'CreditMemo', 'RefundReceipt', 'SalesReceipt', 'Customer'];

export function triggerWorkflow(parameters: IDataObject = {}, credentials: IDataObject = CREDENTIALS): Workflow {
	return toWorkflow({
		nodes: [{ name: TRIGGER_NAME, type: TRIGGER_TYPE, parameters: { entities: ALL_ENTITIES, ...parameters } as never, credentials: credentials as never }],
	});
}

export async function pollTrigger(testbed: QuickBooksTestbed, workflow: Workflow): Promise<IDataObject[]> {
	const items: INodeExecutionData[] | null = await poll(workflow, TRIGGER_NAME, testbed.credentials);
	return (items ?? []).map((item) => item.json);
}

/** [entity, event, id] of each item, for compact assertions. */
export function summary(items: readonly IDataObject[]): [unknown, unknown, unknown][] {
	return items.map((item) => [item.entity, item.event, item.id]);
}

/**
 * The simulator's books stop at the second a test chose (only advanceClock moves them), while QuickBooks' request
 * limits keep passing with wall time, as Intuit's do (quickbooks.md §6): the trigger and the writes below, paced at
 * those limits, get through a second that holds more than ten calls, as they would through a real one.
 */
export function freezeBooksClock(testbed: QuickBooksTestbed): void {
	testbed.sim.clock.freeze({ limits: 'wall time' });
}

/**
 * Writes as another app would, through its own paced connection that refreshes an expired token (quickBooksUser):
 * minorversion 75 and a requestid on each (the testbed checks both).
 */
export class Books {
	private readonly qbo: QuickBooksUser;

	constructor(testbed: QuickBooksTestbed) {
		this.qbo = quickBooksUser(testbed.sim);
	}

	async write(resource: string, body: IDataObject, operation?: string, include?: string): Promise<IDataObject> {
		const query = new URLSearchParams({ minorversion: '75', requestid: randomUUID() });
		if (operation) query.set('operation', operation);
		if (include) query.set('include', include);
		const answer = await this.qbo.send('POST', `/${resource}?${query.toString()}`, body);
		if (answer.status !== 200) throw new Error(`${resource} ${operation ?? 'create'} failed: ${JSON.stringify(answer.body)}`);
		return Object.values(answer.body).find((value) => value && typeof value === 'object') as IDataObject;
	}

	async read(resource: string, id: string): Promise<IDataObject> {
		const answer = await this.qbo.get(`/${resource}/${id}`);
		if (answer.status !== 200) throw new Error(`${resource} ${id} read failed: ${JSON.stringify(answer.body)}`);
		return Object.values(answer.body).find((value) => value && typeof value === 'object') as IDataObject;
	}

	invoice(amount = 100, extra: IDataObject = {}): Promise<IDataObject> {
		return this.write('invoice', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, Line: [saleLine(amount)], ...extra });
	}

	payment(amount = 25): Promise<IDataObject> {
		return this.write('payment', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, TotalAmt: amount });
	}

	creditMemo(amount = 30): Promise<IDataObject> {
		return this.write('creditmemo', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, Line: [saleLine(amount)] });
	}

	refundReceipt(amount = 40): Promise<IDataObject> {
		return this.write('refundreceipt', {
			CustomerRef: { value: DEFAULT_COMPANY.customers.acme },
			DepositToAccountRef: { value: DEFAULT_COMPANY.accounts.checking },
			PaymentRefNum: 'RF-1',
			Line: [saleLine(amount)],
		});
	}

	salesReceipt(amount = 50): Promise<IDataObject> {
		return this.write('salesreceipt', { CustomerRef: { value: DEFAULT_COMPANY.customers.acme }, Line: [saleLine(amount)] });
	}

	customer(name: string): Promise<IDataObject> {
		return this.write('customer', { DisplayName: name });
	}

	/** A change of the memo: sparse where QBO documents it, else the full record sent back (quickbooks.md §1.5). */
	async touch(resource: string, record: IDataObject, note: string): Promise<IDataObject> {
		const current = await this.read(resource, String(record.Id));
		if (['invoice', 'salesreceipt', 'refundreceipt'].includes(resource)) return await this.write(resource, { Id: current.Id, SyncToken: current.SyncToken, sparse: true, PrivateNote: note }, 'update');
		if (resource === 'customer') return await this.write(resource, { Id: current.Id, SyncToken: current.SyncToken, sparse: true, Notes: note }, 'update');
		return await this.write(resource, { ...current, PrivateNote: note }, 'update');
	}

	/** quickbooks.md §1.6: Invoice with operation=void; Payment and SalesReceipt with a sparse update and include=void. */
	async void(resource: 'invoice' | 'payment' | 'salesreceipt', record: IDataObject): Promise<IDataObject> {
		const current = await this.read(resource, String(record.Id));
		if (resource === 'invoice') return await this.write(resource, { Id: current.Id, SyncToken: current.SyncToken }, 'void');
		return await this.write(resource, { Id: current.Id, SyncToken: current.SyncToken, sparse: true }, 'update', 'void');
	}

	async delete(resource: string, record: IDataObject): Promise<void> {
		const current = await this.read(resource, String(record.Id));
		await this.write(resource, { Id: current.Id, SyncToken: current.SyncToken }, 'delete');
	}

	async deactivate(record: IDataObject): Promise<IDataObject> {
		const current = await this.read('customer', String(record.Id));
		return await this.write('customer', { Id: current.Id, SyncToken: current.SyncToken, sparse: true, Active: false }, 'update');
	}
}

function saleLine(amount: number): IDataObject {
	return {
		DetailType: 'SalesItemLineDetail',
		Amount: amount,
		SalesItemLineDetail: { ItemRef: { value: DEFAULT_COMPANY.items.services }, Qty: 1, UnitPrice: amount, TaxCodeRef: { value: 'NON' } },
	};
}
