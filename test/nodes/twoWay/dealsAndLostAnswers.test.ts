import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { untilSearchable } from '../hubspot/helpers';
import { acmeInvoice, DEFAULT_COMPANY, TwoWayTestbed } from './twoWayTestbed';

/** Deals by the rule the user picks, the deal's copy of its last-updated invoice, and answers lost after HubSpot wrote. */

const bed = new TwoWayTestbed();
beforeAll(async () => await bed.start());
afterAll(async () => await bed.stop());
beforeEach(async () => await bed.reset());

describe('Sync Invoice: deals', () => {
	it("a deal id in a QuickBooks custom field: associated, and the deal keeps the last-updated invoice's figures", async () => {
		const deal = bed.hs.createObject('deals', { dealname: 'Acme renewal', dealstage: 'contractsent' });
		const options = { dealRule: 'customField', dealCustomField: 'Sales Rep', updateDealProperties: true };
		const older = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-6001', CustomField: [{ DefinitionId: '2', Type: 'StringType', StringValue: deal.id }] }));
		bed.qbo.advanceClock(60);
		const newer = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-6002', CustomField: [{ DefinitionId: '2', Type: 'StringType', StringValue: deal.id }] }));
		const [fromNewer] = await bed.run('syncInvoice', [newer], options);
		expect(fromNewer).toMatchObject({ action: 'created', dealId: deal.id });
		expect(bed.hs.inspect('invoices', String(fromNewer.hubspotInvoiceId))!.associations.deals).toEqual([deal.id]);
		expect(bed.props('deals', deal.id)).toMatchObject({ qbo_invoice_amount_billed: fromNewer.amountBilled, qbo_invoice_status: 'open', qbo_invoice_last_updated: (newer.MetaData as any).LastUpdatedTime });

		// The older invoice arrives later: associated too, but the deal keeps the newer one's figures.
		const [fromOlder] = await bed.run('syncInvoice', [older], options);
		expect(fromOlder).toMatchObject({ action: 'created', dealId: deal.id });
		expect(fromOlder.notes).toEqual(expect.arrayContaining([expect.stringMatching(/more recently updated invoice/)]));
		expect(bed.props('deals', deal.id).qbo_invoice_last_updated).toBe((newer.MetaData as any).LastUpdatedTime);

		// A payment on the newer one moves the deal's balance.
		const payment = await bed.createPayment(newer, 50);
		const [paid] = await bed.run('recordPayment', [payment], { updateDealProperties: true });
		expect(paid).toMatchObject({ paymentState: 'partially paid', dealId: deal.id });
		expect(bed.props('deals', deal.id).qbo_invoice_balance_due).toBe(paid.balanceDue);
	});

	it("the company's one open deal, and none when it has two", async () => {
		const company = bed.hs.createObject('companies', { name: 'Acme Corporation' });
		const open = bed.hs.createObject('deals', { dealname: 'Acme Q4', dealstage: 'qualifiedtobuy' });
		const won = bed.hs.createObject('deals', { dealname: 'Acme Q3', dealstage: 'closedwon' });
		bed.hs.associate('companies', company.id, 'deals', open.id);
		bed.hs.associate('companies', company.id, 'deals', won.id);
		// The company is one the CRM had before the invoice: the sync finds it by name through search, which shows a
		// record only a few moments after its write (hubspot.md §4.2).
		await untilSearchable(bed.hs);
		const [one] = await bed.run('syncInvoice', [await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-7001' }))], { dealRule: 'openDeal' });
		expect(one).toMatchObject({ action: 'created', dealId: open.id });
		// The company was found by name and stamped with the QuickBooks customer, not created again.
		expect(bed.props('companies', company.id).qbo_customer_id).toBe(DEFAULT_COMPANY.customers.acme);
		expect(bed.records('companies', 'name', 'Acme Corporation')).toHaveLength(1);

		const second = bed.hs.createObject('deals', { dealname: 'Acme upsell', dealstage: 'appointmentscheduled' });
		bed.hs.associate('companies', company.id, 'deals', second.id);
		const [none] = await bed.run('syncInvoice', [await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-7002' }))], { dealRule: 'openDeal' });
		expect(none.action).toBe('created');
		expect(none.dealId).toBeUndefined();
		expect(none.notes).toEqual(expect.arrayContaining([expect.stringMatching(/2 open deals, not exactly one/)]));
	});
});

describe('lost answers: nothing is created twice', () => {
	it('an invoice, a line item and a payment whose answers were lost after HubSpot wrote them are found, not made again', async () => {
		const invoice = await bed.createInvoice(acmeInvoice({ DocNumber: 'QB-8001' }));
		bed.hs.server.injectFault({ method: 'POST', path: '^/crm/v3/objects/invoices$', count: 1, statusAfterCommit: 502 });
		const lost = await bed.commerce({ resource: 'quickBooks', operation: 'syncInvoice' }, [invoice], true);
		expect(lost.output('HubSpot')[0].json.error).toBeDefined();
		// The create was not sent again blindly.
		expect(bed.hs.server.requestLog.filter((call) => call.method === 'POST' && call.path === '/crm/v3/objects/invoices')).toHaveLength(1);

		bed.hs.server.injectFault({ method: 'POST', path: '^/crm/v3/objects/line_items$', count: 1, resetAfterCommit: true });
		const again = await bed.commerce({ resource: 'quickBooks', operation: 'syncInvoice' }, [invoice], true);
		expect(again.output('HubSpot')[0].json.error).toBeDefined();
		const [third] = await bed.run('syncInvoice', [invoice]);
		expect(third).toMatchObject({ action: 'updated', status: 'open', amountBilled: Number(invoice.TotalAmt).toFixed(2) });
		const [hubspot] = bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id));
		expect(bed.records('invoices', 'qbo_origin_invoice_id', String(invoice.Id))).toHaveLength(1);
		expect(bed.hs.inspect('invoices', hubspot.id)!.associations.line_items).toHaveLength(2);

		const payment = await bed.createPayment(invoice, 10);
		bed.hs.server.injectFault({ method: 'POST', path: '^/crm/v3/objects/commerce_payments$', count: 1, statusAfterCommit: 504 });
		const lostPayment = await bed.commerce({ resource: 'quickBooks', operation: 'recordPayment' }, [payment], true);
		expect(lostPayment.output('HubSpot')[0].json.error).toBeDefined();
		const [found] = await bed.run('recordPayment', [payment]);
		expect(found).toMatchObject({ action: 'unchanged', paymentState: 'partially paid' });
		expect(bed.hs.inspect('invoices', hubspot.id)!.associations.commerce_payments).toHaveLength(1);
	});
});
