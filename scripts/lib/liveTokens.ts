/**
 * Tokens for a real Intuit sandbox company, kept in the ignored file .env.live. intuit-oauth is the
 * stand-alone OAuth client here (DESIGN.md): inside n8n the credential's OAuth2 flow does this job.
 * Intuit rotates refresh tokens, so every refresh writes the newest one back (quickbooks.md §9.2).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OAuthClient from 'intuit-oauth';

export const LIVE_ENV_FILE = join(__dirname, '..', '..', '.env.live');
export const LIVE_KEYS = ['QBO_CLIENT_ID', 'QBO_CLIENT_SECRET', 'QBO_REFRESH_TOKEN', 'QBO_REALM_ID'] as const;

export type LiveSettings = Record<(typeof LIVE_KEYS)[number], string> & { QBO_ENVIRONMENT: string };

/** Reads .env.live, then lets the process environment win. */
export function readLiveSettings(): Partial<LiveSettings> {
	const settings: Record<string, string> = {};
	if (existsSync(LIVE_ENV_FILE)) {
		for (const line of readFileSync(LIVE_ENV_FILE, 'utf8').split('\n')) {
			const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
			if (match) settings[match[1]] = match[2];
		}
	}
	for (const key of [...LIVE_KEYS, 'QBO_ENVIRONMENT']) if (process.env[key]) settings[key] = process.env[key]!;
	return settings as Partial<LiveSettings>;
}

export function missingLiveSettings(settings: Partial<LiveSettings>): string[] {
	return LIVE_KEYS.filter((key) => !settings[key]);
}

export function writeLiveSettings(settings: Partial<LiveSettings>): void {
	const lines = Object.entries(settings)
		.filter(([, value]) => value)
		.map(([key, value]) => `${key}=${value}`);
	writeFileSync(LIVE_ENV_FILE, `${lines.join('\n')}\n`, { mode: 0o600 });
}

export function oauthClient(settings: Partial<LiveSettings>, redirectUri = ''): OAuthClient {
	return new OAuthClient({
		clientId: settings.QBO_CLIENT_ID!,
		clientSecret: settings.QBO_CLIENT_SECRET!,
		environment: settings.QBO_ENVIRONMENT === 'production' ? 'production' : 'sandbox',
		redirectUri,
	});
}

/** Exchanges the stored refresh token for a fresh access token and persists the rotated refresh token. */
export async function refreshLiveAccessToken(settings: Partial<LiveSettings>): Promise<{ accessToken: string; refreshToken: string }> {
	const client = oauthClient(settings);
	const response = await client.refreshUsingToken(settings.QBO_REFRESH_TOKEN!);
	const { access_token: accessToken, refresh_token: refreshToken } = response.getToken();
	if (!accessToken || !refreshToken) throw new Error('Intuit answered the refresh without tokens: run npm run qbo:connect again.');
	writeLiveSettings({ ...settings, QBO_REFRESH_TOKEN: refreshToken });
	return { accessToken, refreshToken };
}
