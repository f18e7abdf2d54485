import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';

/**
 * A HubSpot Service Key or (legacy) private-app access token, sent as a Bearer token.
 * Scopes needed: crm.objects.invoices.read/write, crm.objects.commercepayments.read,
 * crm.objects.line_items.read, crm.objects.contacts.read, crm.objects.companies.read,
 * crm.objects.deals.read, crm.schemas.invoices.read/write (for the Setup action).
 */
export class HubspotCommerceApi implements ICredentialType {
	name = 'hubspotCommerceApi';

	displayName = 'HubSpot Commerce API';

	icon: Icon = { light: 'file:../icons/hubspot.svg', dark: 'file:../icons/hubspot.dark.svg' };

	documentationUrl = 'https://developers.hubspot.com/docs/api-reference/latest/crm/objects/invoices/guide';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A HubSpot Service Key or private-app access token with the invoice and commerce payment scopes',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 300 },
			default: 60,
			description: 'How long to wait for HubSpot to answer one request before the run fails with a "timeout" error instead of hanging',
		},
		{
			displayName: 'Use Custom API Base URL',
			name: 'useCustomBaseUrl',
			type: 'boolean',
			default: false,
			description: 'Whether to call another HubSpot API host (for example a local sandbox) instead of api.hubapi.com. Advanced.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: HUBSPOT_DEFAULT_BASE_URL,
			displayOptions: { show: { useCustomBaseUrl: [true] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.accessToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.useCustomBaseUrl ? $credentials.baseUrl.replace(/\\/$/, '') : '${HUBSPOT_DEFAULT_BASE_URL}'}}`,
			url: '/account-info/v3/details',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'HubSpot rejected the access token: paste a valid Service Key or private-app token with the invoice scopes.',
				},
			},
		],
	};
}
