/**
 * `npm run sandbox`: both simulators with seeded data, for the demo or for pointing a real n8n at.
 * Options: --hubspot-port 4010 --quickbooks-port 4020 --invoices 25 --seed 1 --profile realistic|plain --latency min,max
 * The realistic profile (./profile.ts: limits and rate-limit headers, latency, index lag, expiring tokens) is the default
 * here, as a real account behaves; --profile plain (or HSQB_SANDBOX_PROFILE=plain) turns it off.
 */
import { startSandbox } from './index';
import { sandboxProfile } from './profile';

function option(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
	process.env.HSQB_SANDBOX_PROFILE = option('profile', process.env.HSQB_SANDBOX_PROFILE || 'realistic');
	const profile = sandboxProfile();
	const latency = option('latency', '');
	const latencyMs = latency ? (latency.split(',').map(Number) as [number, number]) : undefined;
	const sandbox = await startSandbox({
		hubspot: { port: Number(option('hubspot-port', '4010')), latencyMs },
		quickbooks: { port: Number(option('quickbooks-port', '4020')), latencyMs },
		invoices: Number(option('invoices', '25')),
		seed: Number(option('seed', '1')),
	});
	const { hubspot, quickbooks } = sandbox;
	const tokens = quickbooks.issueTokens();
	console.log(`HubSpot simulator:    ${hubspot.url}
  credential "HubSpot Commerce API": Access Token ${hubspot.token}, Use Custom API Base URL on, API Base URL ${hubspot.url}
QuickBooks simulator: ${quickbooks.url} (company ${quickbooks.realmId})
  credential "QuickBooks Online (HubSpot Sync) OAuth2 API": Client ID ${quickbooks.clientId}, Client Secret ${quickbooks.clientSecret},
  Use Custom URLs on, API Base URL ${quickbooks.url}, Authorization URL ${quickbooks.authorizeUrl}, Access Token URL ${quickbooks.tokenUrl}
  (Connect in n8n runs the OAuth flow against the simulator; or use access token ${tokens.access_token} / refresh token ${tokens.refresh_token})
Profile: ${profile.name}${profile.name === 'realistic' ? ' (HubSpot limits + X-HubSpot-RateLimit-* headers, search index lag, latency, QBO throttling, access tokens expiring after 30 s; --profile plain turns it off)' : ''}
Control: ${hubspot.url}/__sandbox/state, ${quickbooks.url}/__sandbox/state. Ctrl-C stops both.`);
	const stop = async () => {
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
