import { afterEach, describe, expect, it, jest } from '@jest/globals';

import { SlidingWindow } from '../../../transport/hubspot/rateLimit';

describe('HubSpot sliding window', () => {
	afterEach(() => {
		jest.restoreAllMocks();
	});

	it('lets `max` calls through per window and makes the next one wait for the oldest to leave it', () => {
		const window = new SlidingWindow(2, 1000);
		expect(window.reserve(0).waitMs).toBe(0);
		expect(window.reserve(0).waitMs).toBe(0);
		expect(window.reserve(100).waitMs).toBe(950); // 0 + 1000 + 50 margin − 100
	});

	it('counts a call from its answer, so a call that left late cannot push the server past its limit', () => {
		const window = new SlidingWindow(2, 1000);
		const first = window.reserve(0);
		const second = window.reserve(0);
		const clock = jest.spyOn(Date, 'now').mockReturnValue(300);
		first.settle();
		second.settle();
		clock.mockReturnValue(500);
		expect(window.reserve(500).waitMs).toBe(850); // 300 + 1000 + 50 − 500, not 550 from the grant
	});
});
