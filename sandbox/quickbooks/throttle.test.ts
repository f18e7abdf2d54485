/** Per-realm throttling (quickbooks.md §6), 429 in the gateway shape (§5.2). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { qboClient, type QboTestClient } from './testing';

let sim: QuickBooksSimulator;
let qbo: QboTestClient;

beforeAll(async () => {
	sim = await startQuickBooksSimulator({ throttling: true });
	qbo = qboClient(sim);
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
	// Windows are measured on the simulator clock; frozen, only advanceClock moves it, however slow the machine.
	sim.clock.freeze();
});

const read = () => qbo.get('/term/1');

describe('throttling (§6)', () => {
	it('allows 10 requests per second, then answers 429 ThrottleExceeded (3001)', async () => {
		for (let index = 0; index < 10; index += 1) expect((await read()).status).toBe(200);
		const throttled = await read();
		expect(throttled.status).toBe(429);
		expect(throttled.body.fault).toMatchObject({ type: 'SERVICE', error: [{ code: '3001', message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429' }] });
		expect(throttled.headers.get('intuit_tid')).toBeTruthy();
		sim.advanceClock(1);
		expect((await read()).status).toBe(200);
	});

	it('with only the books frozen, lets the limits pass with wall time while the books keep their second', async () => {
		sim.reset();
		sim.clock.freeze({ limits: 'wall time' });
		const stamped = sim.clock.responseTime();
		for (let index = 0; index < 10; index += 1) expect((await read()).status).toBe(200);
		expect((await read()).status).toBe(429);
		await new Promise((resolve) => setTimeout(resolve, 1_050));
		const after = await read();
		expect(after.status).toBe(200);
		expect(after.body.time).toBe(stamped);
	});

	it('allows 500 requests per minute', async () => {
		for (let second = 0; second < 50; second += 1) {
			const answers = await Promise.all(Array.from({ length: 10 }, read));
			expect(answers.every((answer) => answer.status === 200)).toBe(true);
			sim.advanceClock(1.001);
		}
		const throttled = await read();
		expect(throttled.status).toBe(429);
		expect(throttled.body.fault.error[0].detail).toContain('500 requests per minute');
		sim.advanceClock(11);
		expect((await read()).status).toBe(200);
	});

	it('allows 40 batch calls per minute', async () => {
		const batch = () => qbo.post('/batch', { BatchItemRequest: [{ bId: '1', Query: 'SELECT * FROM Term' }] });
		for (let index = 0; index < 40; index += 1) {
			expect((await batch()).status).toBe(200);
			if (index % 9 === 8) sim.advanceClock(1.001);
		}
		const throttled = await batch();
		expect(throttled.status).toBe(429);
		expect(throttled.body.fault.error[0].detail).toContain('40 batch requests per minute');
		expect((await read()).status).toBe(200);
	});

	it('is off unless asked for', async () => {
		const open = await startQuickBooksSimulator();
		try {
			const client = qboClient(open);
			const answers = await Promise.all(Array.from({ length: 40 }, () => client.get('/term/1')));
			expect(answers.every((answer) => answer.status === 200)).toBe(true);
		} finally {
			await open.close();
		}
	});
});
