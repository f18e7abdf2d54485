/**
 * Live contract test: the QuickBooks node against a real Intuit sandbox company, off by default.
 * Runs when QBO_CLIENT_ID, QBO_CLIENT_SECRET, QBO_REFRESH_TOKEN and QBO_REALM_ID are set (or stored
 * in .env.live by `npm run qbo:connect`). It writes test documents and voids or deletes them again.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { IDataObject } from 'n8n-workflow';

import { INTUIT_TOKEN_URL } from '../../credentials/QuickBooksSyncOAuth2Api.credentials';
import { QuickBooksSync } from '../../nodes/QuickBooksSync/QuickBooksSync.node';
import { missingLiveSettings, readLiveSettings, refreshLiveAccessToken } from '../../scripts/lib/liveTokens';
import { registerNodeType, runNode, TestCredentialsHelper } from '../harness/engine';

const settings = readLiveSettings();
const missing = missingLiveSettings(settings);
if (missing.length) {
	console.warn(`Live QuickBooks tests skipped: set ${missing.join(', ')} (or run npm run qbo:connect) to run them against an Intuit sandbox company.`);
}
const describeLive = missing.length ? describe.skip : describe;

const NODE_TYPE = registerNodeType(new QuickBooksSync());
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describeLive('QuickBooks node against a real Intuit sandbox company', () => {
	const credentials = new TestCredentialsHelper();

	beforeAll(async () => {
		const { accessToken, refreshToken } = await refreshLiveAccessToken(settings);
		credentials.store.quickBooksSyncOAuth2Api = {
			grantType: 'authorizationCode',
			clientId: settings.QBO_CLIENT_ID!,
			clientSecret: settings.QBO_CLIENT_SECRET!,
			accessTokenUrl: INTUIT_TOKEN_URL,
			authentication: 'header',
			environment: settings.QBO_ENVIRONMENT === 'production' ? 'production' : 'sandbox',
			useCustomUrls: false,
			oauthTokenData: { access_token: accessToken, refresh_token: refreshToken, callbackQueryString: { realmId: settings.QBO_REALM_ID! } },
		};
	}, 30_000);

	async function run(parameters: IDataObject): Promise<IDataObject[]> {
		const result = await runNode(credentials, {
			name: 'QuickBooks',
			type: NODE_TYPE,
			parameters: parameters as never,
			credentials: { quickBooksSyncOAuth2Api: { id: 'live', name: 'Intuit sandbox' } },
		});
		return result.output('QuickBooks').map((item) => item.json);
	}

	it('finds or creates a customer, creates an invoice, applies a payment, then cleans up', async () => {
		const stamp = Date.now().toString(36);
		const [customer] = await run({ resource: 'customer', operation: 'findOrCreate', displayName: 'HubSpot Sync Live Test', email: 'live-test@example.com', additionalFields: {} });
		const [item] = await run({ resource: 'item', operation: 'getAll', returnAll: false, limit: 1, filters: { itemType: 'Service' } });
		const [invoice] = await run({
			resource: 'invoice',
			operation: 'create',
			customer: byId(String(customer.Id)),
			lines: { line: [{ item: byId(String(item.Id)), quantity: 3, unitPrice: '19.99', description: 'Live test', taxCode: byId('NON') }] },
			additionalFields: { docNumber: `LIVE-${stamp}` },
		});
		expect(invoice.TotalAmt).toBe(59.97);
		const [read] = await run({ resource: 'invoice', operation: 'get', documentId: String(invoice.Id) });
		expect(read).toMatchObject({ Id: invoice.Id, DocNumber: `LIVE-${stamp}` });

		const [payment] = await run({
			resource: 'payment',
			operation: 'create',
			customer: byId(String(customer.Id)),
			amount: '20.00',
			invoices: { invoice: [{ invoiceId: String(invoice.Id), amount: '20.00' }] },
			allowUnapplied: false,
			additionalFields: {},
		});
		const [afterPayment] = await run({ resource: 'invoice', operation: 'get', documentId: String(invoice.Id) });
		expect(afterPayment.Balance).toBe(39.97);

		await run({ resource: 'payment', operation: 'delete', documentId: String(payment.Id) });
		const [voided] = await run({ resource: 'invoice', operation: 'void', documentId: String(invoice.Id) });
		expect(voided.TotalAmt).toBe(0);
	}, 120_000);
});
