import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export const QUICKBOOKS_API_BASE_URLS = {
	production: 'https://quickbooks.api.intuit.com',
	sandbox: 'https://sandbox-quickbooks.api.intuit.com',
} as const;
export const INTUIT_AUTHORIZE_URL = 'https://appcenter.intuit.com/connect/oauth2';
export const INTUIT_TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';

/**
 * QuickBooks Online through n8n's own OAuth2 flow (authorization code, Basic auth at the token
 * endpoint), so n8n stores and rotates the refresh token. The company (realmId) comes from the
 * OAuth callback: oauthTokenData.callbackQueryString.realmId.
 */
export class QuickBooksSyncOAuth2Api implements ICredentialType {
	name = 'quickBooksSyncOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'QuickBooks Online (HubSpot Sync) OAuth2 API';

	icon: Icon = { light: 'file:../icons/quickbooks.svg', dark: 'file:../icons/quickbooks.dark.svg' };

	documentationUrl = 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production' },
				{ name: 'Sandbox', value: 'sandbox' },
			],
			default: 'production',
			description: 'Which Intuit environment the connected company lives in',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 120 },
			default: 120,
			description:
				'How long to wait for QuickBooks to answer one request before the item fails with a "timeout" error. QuickBooks itself gives up on a request after 120 seconds.',
		},
		{
			displayName: 'Use Custom URLs',
			name: 'useCustomUrls',
			type: 'boolean',
			default: false,
			description: 'Whether to point the API and token endpoints at another host (for example a local sandbox). Advanced.',
		},
		{
			displayName: 'API Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4020',
			displayOptions: { show: { useCustomUrls: [true] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'customAuthUrl',
			type: 'string',
			default: '',
			displayOptions: { show: { useCustomUrls: [true] } },
		},
		{
			displayName: 'Access Token URL',
			name: 'customTokenUrl',
			type: 'string',
			default: '',
			displayOptions: { show: { useCustomUrls: [true] } },
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{$self.useCustomUrls && $self.customAuthUrl ? $self.customAuthUrl : '${INTUIT_AUTHORIZE_URL}'}}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{$self.useCustomUrls && $self.customTokenUrl ? $self.customTokenUrl : '${INTUIT_TOKEN_URL}'}}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'com.intuit.quickbooks.accounting',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.useCustomUrls && $credentials.customBaseUrl ? $credentials.customBaseUrl.replace(/\\/$/, '') : ($credentials.environment === 'sandbox' ? '${QUICKBOOKS_API_BASE_URLS.sandbox}' : '${QUICKBOOKS_API_BASE_URLS.production}')}}`,
			url: '=/v3/company/{{$credentials.oauthTokenData.callbackQueryString.realmId}}/companyinfo/{{$credentials.oauthTokenData.callbackQueryString.realmId}}',
			qs: { minorversion: 75 },
		},
	};
}
