/**
 * `npm run qbo:connect`: connects a real Intuit sandbox company once, for the live contract tests.
 * Starts a local callback server, prints the authorize URL, and stores the tokens in .env.live.
 * Needs QBO_CLIENT_ID and QBO_CLIENT_SECRET (environment or .env.live); the app's redirect URI in
 * Intuit's developer portal must be QBO_REDIRECT_URI (default http://localhost:8765/callback).
 */
import * as http from 'node:http';
import OAuthClient from 'intuit-oauth';

import { missingLiveSettings, oauthClient, readLiveSettings, writeLiveSettings } from './lib/liveTokens';

async function main(): Promise<void> {
	const settings = readLiveSettings();
	if (!settings.QBO_CLIENT_ID || !settings.QBO_CLIENT_SECRET) {
		console.error('Set QBO_CLIENT_ID and QBO_CLIENT_SECRET (from your Intuit app\'s Keys & credentials page) and run again.');
		process.exit(1);
	}
	const redirectUri = process.env.QBO_REDIRECT_URI ?? 'http://localhost:8765/callback';
	const { port, pathname } = new URL(redirectUri);
	const client = oauthClient(settings, redirectUri);
	const state = Math.random().toString(36).slice(2);
	const authorizeUrl = client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state });

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', redirectUri);
		if (url.pathname !== pathname) return void res.writeHead(404).end();
		if (url.searchParams.get('state') !== state) return void res.writeHead(400).end('State mismatch: start again.');
		try {
			const response = await client.createToken(url.toString());
			const token = response.getToken();
			const realmId = url.searchParams.get('realmId') ?? token.realmId;
			const stored = { ...settings, QBO_REFRESH_TOKEN: token.refresh_token, QBO_REALM_ID: realmId };
			writeLiveSettings(stored);
			res.writeHead(200, { 'content-type': 'text/plain' }).end('Connected. You can close this tab.');
			console.log(`Connected company ${realmId}; tokens stored in .env.live (missing: ${missingLiveSettings(stored).join(', ') || 'none'}).`);
		} catch (error) {
			res.writeHead(500).end('Token exchange failed; see the terminal.');
			console.error('Token exchange failed:', (error as Error).message);
		} finally {
			server.close();
		}
	});
	server.listen(Number(port || 80), () => {
		console.log(`Open this URL, sign in to your Intuit sandbox company and approve:\n\n${authorizeUrl}\n`);
		console.log(`Waiting for the callback on ${redirectUri} ...`);
	});
}

void main();
