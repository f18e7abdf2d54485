/**
 * The HubSpot and QuickBooks simulators (sandbox/) for a real n8n: started in this
 * process on free ports, with credentials for n8n that point at them through the credentials'
 * advanced base-URL fields.
 */
import { startHubSpotSimulator, type HubSpotSimulator, type HubSpotSimulatorOptions } from '../../sandbox/hubspot/simulator';
import { startQuickBooksSimulator, type QuickBooksSimulator, type QuickBooksSimulatorOptions, type TokenSet } from '../../sandbox/quickbooks/simulator';
import { hubspotCredential, quickBooksCredential, type CredentialSeed } from './n8n';

export const DEFAULT_CREDENTIAL_NAMES = {
	hubspotCommerceApi: 'HubSpot account',
	quickBooksSyncOAuth2Api: 'QuickBooks Online account',
} as const;

export interface Simulators {
	hubspot: HubSpotSimulator;
	quickbooks: QuickBooksSimulator;
	/** The token pair the QuickBooks credential starts with. */
	qboTokens: TokenSet;
	/** Credentials for n8n (CLI import or REST), named as the templates expect by default. */
	credentials: { hubspot: CredentialSeed; quickbooks: CredentialSeed };
	stop(): Promise<void>;
}

/** Credential data for our HubSpot credential pointed at the simulator. */
export function hubspotCredentialFor(hubspot: HubSpotSimulator, name: string = DEFAULT_CREDENTIAL_NAMES.hubspotCommerceApi, accessToken = hubspot.token): CredentialSeed {
	return hubspotCredential(hubspot.url, accessToken, name);
}

/** Credential data for our QuickBooks credential, connected (tokens issued by the simulator) and pointed at it. */
export function quickBooksCredentialFor(
	quickbooks: QuickBooksSimulator,
	tokens: Pick<TokenSet, 'access_token' | 'refresh_token'> = quickbooks.issueTokens(),
	name: string = DEFAULT_CREDENTIAL_NAMES.quickBooksSyncOAuth2Api,
): CredentialSeed {
	return quickBooksCredential({
		baseUrl: quickbooks.url,
		tokenUrl: quickbooks.tokenUrl,
		realmId: quickbooks.realmId,
		accessToken: tokens.access_token,
		refreshToken: tokens.refresh_token,
		clientId: quickbooks.clientId,
		clientSecret: quickbooks.clientSecret,
		name,
	});
}

/** Starts both simulators (empty HubSpot portal, QuickBooks with its default company). */
export async function startSimulators(
	options: { hubspot?: HubSpotSimulatorOptions; quickbooks?: QuickBooksSimulatorOptions; names?: Partial<Record<keyof typeof DEFAULT_CREDENTIAL_NAMES, string>> } = {},
): Promise<Simulators> {
	const names = { ...DEFAULT_CREDENTIAL_NAMES, ...options.names };
	const hubspot = await startHubSpotSimulator(options.hubspot);
	let quickbooks: QuickBooksSimulator;
	try {
		quickbooks = await startQuickBooksSimulator(options.quickbooks);
	} catch (error) {
		await hubspot.close();
		throw error;
	}
	const qboTokens = quickbooks.issueTokens();
	return {
		hubspot,
		quickbooks,
		qboTokens,
		credentials: {
			hubspot: hubspotCredentialFor(hubspot, names.hubspotCommerceApi),
			quickbooks: quickBooksCredentialFor(quickbooks, qboTokens, names.quickBooksSyncOAuth2Api),
		},
		async stop() {
			await Promise.allSettled([hubspot.close(), quickbooks.close()]);
		},
	};
}
