/**
 * QuickBooks Trigger, polling: created, updated, voided and deleted events for each record type it
 * watches, read by Change Data Capture from the simulator through n8n-core's PollContext; each change
 * reported once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { poll } from '../../harness/engine';
import { useQuickBooksTestbed } from '../quickbooks/testbed';
import { Books, freezeBooksClock, pollTrigger, summary, TRIGGER_NAME, triggerWorkflow } from './testbed';

const testbed = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });

describe('QuickBooks Trigger (polling)', () => {
	let books: Books;
	beforeEach(() => {
		freezeBooksClock(testbed);
		books = new Books(testbed);
	});

	it('reports each record type created, updated, voided and deleted, once each, with the record as it is now', async () => {
		const workflow = triggerWorkflow();
		// The activation poll notes QuickBooks' time: the company's earlier records are not reported.
		expect(await pollTrigger(testbed, workflow)).toEqual([]);

		testbed.sim.advanceClock(1);
		const invoice = await books.invoice(100);
		const payment = await books.payment(25);
		const creditMemo = await books.creditMemo(30);
		const refund = await books.refundReceipt(40);
		const receipt = await books.salesReceipt(50);
		const customer = await books.customer('Trigger Test Co');
		const created = await pollTrigger(testbed, workflow);
		expect(summary(created)).toEqual([
			['CreditMemo', 'created', creditMemo.Id],
			['Customer', 'created', customer.Id],
			['Invoice', 'created', invoice.Id],
			['Payment', 'created', payment.Id],
			['RefundReceipt', 'created', refund.Id],
			['SalesReceipt', 'created', receipt.Id],
		]);
		const createdInvoice = created.find((item) => item.entity === 'Invoice')!;
		expect(createdInvoice).toMatchObject({ source: 'cdc', realmId: testbed.sim.realmId, record: { Id: invoice.Id, TotalAmt: 100 } });
		expect(createdInvoice.eventKey).toBe(`${testbed.sim.realmId}:Invoice:${invoice.Id}:${Date.parse(String(createdInvoice.changedAt))}:created`);
		expect(await pollTrigger(testbed, workflow)).toEqual([]);

		testbed.sim.advanceClock(1);
		await books.touch('invoice', invoice, 'edited');
		await books.touch('payment', payment, 'edited');
		await books.touch('creditmemo', creditMemo, 'edited');
		await books.touch('refundreceipt', refund, 'edited');
		await books.touch('salesreceipt', receipt, 'edited');
		await books.touch('customer', customer, 'edited');
		const updated = await pollTrigger(testbed, workflow);
		expect(summary(updated)).toEqual([
			['CreditMemo', 'updated', creditMemo.Id],
			['Customer', 'updated', customer.Id],
			['Invoice', 'updated', invoice.Id],
			['Payment', 'updated', payment.Id],
			['RefundReceipt', 'updated', refund.Id],
			['SalesReceipt', 'updated', receipt.Id],
		]);
		expect(updated.find((item) => item.entity === 'Payment')!.record).toMatchObject({ PrivateNote: 'edited' });

		testbed.sim.advanceClock(1);
		await books.void('invoice', invoice);
		await books.void('payment', payment);
		await books.void('salesreceipt', receipt);
		// QuickBooks never deletes a customer: made inactive, it is reported as deleted.
		await books.deactivate(customer);
		const voided = await pollTrigger(testbed, workflow);
		expect(summary(voided)).toEqual([
			['Customer', 'deleted', customer.Id],
			['Invoice', 'voided', invoice.Id],
			['Payment', 'voided', payment.Id],
			['SalesReceipt', 'voided', receipt.Id],
		]);
		expect(voided.find((item) => item.entity === 'Invoice')!.record).toMatchObject({ TotalAmt: 0, PrivateNote: expect.stringMatching(/^Voided/) });

		testbed.sim.advanceClock(1);
		await books.delete('invoice', invoice);
		await books.delete('payment', payment);
		await books.delete('creditmemo', creditMemo);
		await books.delete('refundreceipt', refund);
		await books.delete('salesreceipt', receipt);
		const deleted = await pollTrigger(testbed, workflow);
		expect(summary(deleted)).toEqual([
			['CreditMemo', 'deleted', creditMemo.Id],
			['Invoice', 'deleted', invoice.Id],
			['Payment', 'deleted', payment.Id],
			['RefundReceipt', 'deleted', refund.Id],
			['SalesReceipt', 'deleted', receipt.Id],
		]);
		expect(deleted.every((item) => item.record === null)).toBe(true);

		testbed.sim.advanceClock(120);
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
	});

	it('reports a record created and changed between two polls as created (and voided), never only as its last change', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice'] });
		await pollTrigger(testbed, workflow);
		testbed.sim.advanceClock(1);
		const kept = await books.invoice(10);
		const voidedAtOnce = await books.invoice(20);
		testbed.sim.advanceClock(1);
		await books.touch('invoice', kept, 'second thoughts');
		await books.void('invoice', voidedAtOnce);
		expect(summary(await pollTrigger(testbed, workflow))).toEqual([
			['Invoice', 'created', kept.Id],
			['Invoice', 'created', voidedAtOnce.Id],
			['Invoice', 'voided', voidedAtOnce.Id],
		]);
	});

	it('emits only the chosen events and records, and does not report the others later', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice', 'Customer'], events: ['voided', 'deleted'] });
		await pollTrigger(testbed, workflow);
		testbed.sim.advanceClock(1);
		const invoice = await books.invoice(10);
		await books.payment(5);
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		testbed.sim.advanceClock(1);
		await books.void('invoice', invoice);
		expect(summary(await pollTrigger(testbed, workflow))).toEqual([['Invoice', 'voided', invoice.Id]]);
	});

	it('"Fetch Test Event" shows the newest change of the last days and leaves the cursor alone', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice'] });
		await expect(poll(workflow, TRIGGER_NAME, testbed.credentials, 'manual')).rejects.toThrow(/No Invoice change in QuickBooks in the last 3 days/);
		await books.invoice(10);
		testbed.sim.advanceClock(1);
		const newest = await books.invoice(20);
		const items = await poll(workflow, TRIGGER_NAME, testbed.credentials, 'manual');
		expect(items!.map((item) => [item.json.event, item.json.id])).toEqual([['created', newest.Id]]);
		expect(workflow.staticData[`node:${TRIGGER_NAME}`]).toBeUndefined();
	});

	it('in webhook mode, polling reads nothing', async () => {
		const workflow = triggerWorkflow({ mode: 'webhook' });
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		expect(testbed.apiCalls()).toEqual([]);
	});
});
