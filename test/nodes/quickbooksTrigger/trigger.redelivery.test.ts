/**
 * QuickBooks Trigger, polling, "Deliver Each Change Again After": every change comes a second time, once,
 * on a later poll, with the record as QuickBooks holds it then; a deletion comes again without a record,
 * and a change of a record deleted since is not delivered again (its deletion is a change of its own).
 * Through n8n-core's PollContext against the simulator's Change Data Capture.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { useQuickBooksTestbed } from '../quickbooks/testbed';
import { Books, freezeBooksClock, pollTrigger, TRIGGER_NAME, triggerWorkflow } from './testbed';

const testbed = useQuickBooksTestbed({ beforeAll, afterAll, beforeEach, afterEach });
/** 0.05 minutes: 3 s, well beyond a poll on a loaded machine. */
const AGAIN_AFTER = 0.05;
const DELAY_MS = 3_050;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const keys = (items: readonly IDataObject[]) => items.map((item) => ({ eventKey: item.eventKey, redelivered: item.redelivered === true }));

describe('QuickBooks Trigger (polling): Deliver Each Change Again After', () => {
	let books: Books;
	beforeEach(() => {
		freezeBooksClock(testbed);
		books = new Books(testbed);
	});

	it('delivers each change a second time after the delay, once, with the record as it is then', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice', 'Payment'], events: ['created', 'updated', 'voided', 'deleted'], options: { redeliverAfterMinutes: AGAIN_AFTER } });
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		testbed.sim.advanceClock(1);
		const kept = await books.invoice(100);
		const removed = await books.invoice(70);
		const payment = await books.payment(25);
		const first = await pollTrigger(testbed, workflow);
		expect(first.map((item) => [item.entity, item.event, item.id])).toEqual([
			['Invoice', 'created', kept.Id],
			['Invoice', 'created', removed.Id],
			['Payment', 'created', payment.Id],
		]);
		expect(await pollTrigger(testbed, workflow)).toEqual([]);

		// Between the two deliveries: one invoice edited, the other deleted.
		testbed.sim.advanceClock(1);
		await books.touch('invoice', kept, 'edited after the first delivery');
		await books.delete('invoice', removed);
		await sleep(DELAY_MS);
		const second = await pollTrigger(testbed, workflow);
		// The edit and the deletion as changes of their own, then the second deliveries: the deleted invoice's creation is not among them.
		const fresh = second.filter((item) => item.redelivered !== true);
		const again = second.filter((item) => item.redelivered === true);
		expect(fresh.map((item) => [item.entity, item.event, item.id])).toEqual([
			['Invoice', 'updated', kept.Id],
			['Invoice', 'deleted', removed.Id],
		]);
		expect(keys(again)).toEqual(keys(first.filter((item) => item.id !== removed.Id)).map((key) => ({ ...key, redelivered: true })));
		expect((again.find((item) => item.id === kept.Id)!.record as IDataObject).PrivateNote).toBe('edited after the first delivery');

		// The deletion comes again too, without a record; then nothing more.
		await sleep(DELAY_MS);
		const third = await pollTrigger(testbed, workflow);
		expect(keys(third)).toEqual(keys(fresh).map((key) => ({ ...key, redelivered: true })));
		expect(third.find((item) => item.event === 'deleted')!.record).toBeNull();
		await sleep(DELAY_MS);
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		expect((workflow.staticData[`node:${TRIGGER_NAME}`] as IDataObject).redeliveries).toEqual([]);
	});

	it('off (0, the default): each change once, nothing kept', async () => {
		const workflow = triggerWorkflow({ entities: ['Invoice'], events: ['created'] });
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		testbed.sim.advanceClock(1);
		await books.invoice(10);
		expect(await pollTrigger(testbed, workflow)).toHaveLength(1);
		await sleep(DELAY_MS);
		expect(await pollTrigger(testbed, workflow)).toEqual([]);
		expect((workflow.staticData[`node:${TRIGGER_NAME}`] as IDataObject).redeliveries).toBeUndefined();
	});
});
