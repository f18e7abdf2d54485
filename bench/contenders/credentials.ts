/** The n8n credentials each contender's nodes use, pointed at the simulators. */
import { BenchCredentials } from '../engine';
import { builtInQuickBooksCredential } from '../n8nNodesBase';
import type { ApiConnection } from './types';

/** Credential ids the workflows reference. */
export const CREDENTIAL_IDS = {
	hubspotCommerce: 'hubspot-commerce',
	quickBooksSync: 'quickbooks-sync',
	hubspotHeader: 'hubspot-header-auth',
	quickBooksBuiltIn: 'quickbooks-oauth2',
} as const;

export const OUR_CREDENTIALS = {
	hubspotCommerceApi: { id: CREDENTIAL_IDS.hubspotCommerce, name: 'HubSpot (simulator)' },
	quickBooksSyncOAuth2Api: { id: CREDENTIAL_IDS.quickBooksSync, name: 'QuickBooks (simulator)' },
};

export const HUBSPOT_HEADER_CREDENTIALS = { httpHeaderAuth: { id: CREDENTIAL_IDS.hubspotHeader, name: 'HubSpot private-app token' } };
export const BUILT_IN_QUICKBOOKS_CREDENTIALS = { quickBooksOAuth2Api: { id: CREDENTIAL_IDS.quickBooksBuiltIn, name: 'QuickBooks Online account' } };

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
	// Contender (c): the HTTP Request node's "Header Auth" credential for HubSpot (HubSpot has no built-in
	// invoice node), and n8n's own QuickBooks OAuth2 credential for its built-in QuickBooks node.
	credentials.byId[CREDENTIAL_IDS.hubspotHeader] = { name: 'Authorization', value: `Bearer ${hubspot.token}` };
	credentials.store.quickBooksOAuth2Api = builtInQuickBooksCredential({ ...quickbooks, expiresIn: 3600 });
	return credentials;
}
