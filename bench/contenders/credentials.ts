/** The n8n credentials each contender's nodes use, pointed at the simulators. */
import { BenchCredentials } from '../engine';
import type { ApiConnection } from './types';

/** Credential ids the workflows reference. */
export const CREDENTIAL_IDS = {
	hubspotCommerce: 'hubspot-commerce',
	quickBooksSync: 'quickbooks-sync',
	hubspotHeader: 'hubspot-header-auth',
	quickBooksHeader: 'quickbooks-header-auth',
} as const;

export const OUR_CREDENTIALS = {
	hubspotCommerceApi: { id: CREDENTIAL_IDS.hubspotCommerce, name: 'HubSpot (simulator)' },
	quickBooksSyncOAuth2Api: { id: CREDENTIAL_IDS.quickBooksSync, name: 'QuickBooks (simulator)' },
};

export const HUBSPOT_HEADER_CREDENTIALS = { httpHeaderAuth: { id: CREDENTIAL_IDS.hubspotHeader, name: 'HubSpot private-app token' } };
export const QUICKBOOKS_HEADER_CREDENTIALS = { httpHeaderAuth: { id: CREDENTIAL_IDS.quickBooksHeader, name: 'QuickBooks bearer token' } };

export function credentialsFor(connection: ApiConnection): BenchCredentials {
	const credentials = new BenchCredentials();
	const { hubspot, quickbooks } = connection;
	credentials.store.hubspotCommerceApi = { accessToken: hubspot.token, useCustomBaseUrl: true, baseUrl: hubspot.url };
	credentials.store.quickBooksSyncOAuth2Api = {
		grantType: 'authorizationCode',
		environment: 'sandbox',
		useCustomUrls: true,
		customBaseUrl: quickbooks.url,
		customAuthUrl: quickbooks.authorizeUrl,
		customTokenUrl: quickbooks.tokenUrl,
		authUrl: quickbooks.authorizeUrl,
		accessTokenUrl: quickbooks.tokenUrl,
		clientId: quickbooks.clientId,
		clientSecret: quickbooks.clientSecret,
		scope: 'com.intuit.quickbooks.accounting',
		authQueryParameters: '',
		authentication: 'header',
		oauthTokenData: {
			access_token: quickbooks.accessToken,
			refresh_token: quickbooks.refreshToken,
			token_type: 'bearer',
			expires_in: 3600,
			realmId: quickbooks.realmId,
			callbackQueryString: { realmId: quickbooks.realmId },
		},
	};
	// Contender (c): the HTTP Request node's "Header Auth" credential, one per service. For QuickBooks this
	// stands in for n8n's quickBooksOAuth2Api credential (same Bearer header; the run is shorter than the
	// access token's hour, so no refresh happens in either).
	credentials.byId[CREDENTIAL_IDS.hubspotHeader] = { name: 'Authorization', value: `Bearer ${hubspot.token}` };
	credentials.byId[CREDENTIAL_IDS.quickBooksHeader] = { name: 'Authorization', value: `Bearer ${quickbooks.accessToken}` };
	return credentials;
}
