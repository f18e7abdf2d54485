import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startHubSpotSimulator, type HubSpotSimulator } from './simulator';
import { call, manualClock } from './testing';

/** The simulator's clock as clients see it: the Date header, and index lag per record. */

const clock = manualClock(Date.UTC(2026, 11, 5, 12, 0, 0, 750));
let sim: HubSpotSimulator;
beforeAll(async () => {
	sim = await startHubSpotSimulator({ now: clock.now });
});
afterAll(async () => {
	await sim.close();
});

const search = async () =>
	(await call(sim, 'POST', '/crm/v3/objects/invoices/search', { filterGroups: [], properties: ['hs_lastmodifieddate'], limit: 100 })).body.results.map(
		(result: { id: string }) => result.id,
	);

describe('HubSpot simulator: clock', () => {
	it('every answer, errors included, carries a Date header from the simulator clock, in whole seconds', async () => {
		const ok = await call(sim, 'GET', '/account-info/v3/details');
		expect(ok.headers.get('date')).toBe('Sat, 05 Dec 2026 12:00:00 GMT');
		clock.advance(120_000);
		const unauthorized = await call(sim, 'GET', '/account-info/v3/details', undefined, { token: 'wrong' });
		expect(unauthorized.status).toBe(401);
		expect(unauthorized.headers.get('date')).toBe('Sat, 05 Dec 2026 12:02:00 GMT');
	});

	it('one record can lag in the index while others show at once', async () => {
		sim.reset();
		const late = sim.createObject('invoices', { hs_currency: 'USD' }).id;
		sim.setRecordIndexLag('invoices', late, 60_000);
		sim.updateProperties('invoices', late, { hs_currency: 'EUR' });
		const other = sim.createObject('invoices', { hs_currency: 'USD' }).id;
		// The first version was indexed at once; the later write waits a minute.
		expect(await search()).toEqual([late, other]);
		const filtered = async () =>
			(await call(sim, 'POST', '/crm/v3/objects/invoices/search', { filterGroups: [{ filters: [{ propertyName: 'hs_currency', operator: 'EQ', value: 'EUR' }] }] })).body.total;
		expect(await filtered()).toBe(0);
		clock.advance(60_000);
		expect(await filtered()).toBe(1);
		sim.setRecordIndexLag('invoices', late, undefined);
		sim.updateProperties('invoices', late, { hs_currency: 'GBP' });
		expect(await filtered()).toBe(0);
	});
});
