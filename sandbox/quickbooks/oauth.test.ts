/** OAuth token service and bearer checks (quickbooks.md §9.1, §9.2, §5.2). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startQuickBooksSimulator, type QuickBooksSimulator } from './simulator';
import { qboClient } from './testing';

let sim: QuickBooksSimulator;

beforeAll(async () => {
	sim = await startQuickBooksSimulator({ accessTokenTtlSeconds: 600 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

function basic(id = sim.clientId, secret = sim.clientSecret): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function tokenRequest(form: Record<string, string>, authorization = basic()): Promise<{ status: number; body: any }> {
	const response = await fetch(sim.tokenUrl, {
		method: 'POST',
		headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
		body: new URLSearchParams(form).toString(),
	});
	return { status: response.status, body: (await response.json()) as any };
}

async function readCompany(accessToken: string | null) {
	return qboClient(sim, accessToken ?? 'none').raw('GET', `/v3/company/${sim.realmId}/companyinfo/${sim.realmId}`, undefined, { token: accessToken });
}

describe('access tokens (§9.2, §5.2)', () => {
	it('issues bearer tokens with the documented lifetimes', () => {
		const tokens = sim.issueTokens();
		expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 600, x_refresh_token_expires_in: 8726400 });
		expect(tokens.access_token).not.toBe(tokens.refresh_token);
	});

	it('answers a missing or unknown token with 401 in the gateway shape (lowercase fault, code 3200)', async () => {
		for (const token of [null, 'not-a-token']) {
			const response = await readCompany(token);
			expect(response.status).toBe(401);
			expect(response.body.fault.type).toBe('AUTHENTICATION');
			expect(response.body.fault.error[0]).toMatchObject({ code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', element: null });
			expect(response.body.Fault).toBeUndefined();
			expect(response.headers.get('intuit_tid')).toBeTruthy();
		}
	});

	it('expires access tokens after the TTL, or on demand', async () => {
		const { access_token } = sim.issueTokens();
		expect((await readCompany(access_token)).status).toBe(200);
		sim.advanceClock(601);
		expect((await readCompany(access_token)).status).toBe(401);
		const fresh = sim.issueTokens().access_token;
		sim.expireAccessTokens();
		const expired = await readCompany(fresh);
		expect(expired.status).toBe(401);
		expect(expired.body.fault.error[0].detail).toContain('Token expired');
	});

	it('answers 403 (3100) for another company', async () => {
		const { access_token } = sim.issueTokens();
		const response = await qboClient(sim, access_token).raw('GET', '/v3/company/123/companyinfo/123');
		expect(response.status).toBe(403);
		expect(response.body.fault).toMatchObject({ type: 'SERVICE', error: [{ code: '3100' }] });
	});
});

describe('refresh with rotation (§9.2)', () => {
	it('requires Basic client authentication', async () => {
		const { refresh_token } = sim.issueTokens();
		expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token }, basic(sim.clientId, 'wrong'))).toEqual({ status: 401, body: { error: 'invalid_client' } });
	});

	it('issues a new refresh token on each refresh; the old one dies once the new one is used', async () => {
		const original = sim.issueTokens();
		sim.expireAccessTokens();
		const first = await tokenRequest({ grant_type: 'refresh_token', refresh_token: original.refresh_token });
		expect(first.status).toBe(200);
		expect(first.body.refresh_token).not.toBe(original.refresh_token);
		expect((await readCompany(first.body.access_token)).status).toBe(200);
		// Not yet used: the superseded token still refreshes (a lost response can be retried).
		const retry = await tokenRequest({ grant_type: 'refresh_token', refresh_token: original.refresh_token });
		expect(retry.status).toBe(200);
		// Using the successor kills its parent.
		const second = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token });
		expect(second.status).toBe(200);
		expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: original.refresh_token })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
		expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token })).status).toBe(200);
	});

	it('lets a superseded token lapse 24 hours after its successor was issued', async () => {
		const original = sim.issueTokens();
		await tokenRequest({ grant_type: 'refresh_token', refresh_token: original.refresh_token });
		sim.advanceClock(24 * 3600 + 1);
		expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: original.refresh_token })).body).toEqual({ error: 'invalid_grant' });
	});

	it('answers invalid_grant for an unknown token and unsupported_grant_type for other grants', async () => {
		expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'AB11nope' })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
		expect((await tokenRequest({ grant_type: 'password' })).body).toEqual({ error: 'unsupported_grant_type' });
	});

	it('adds x_refresh_token_hard_expires_in when asked', async () => {
		const { refresh_token } = sim.issueTokens();
		const response = await fetch(sim.tokenUrl, {
			method: 'POST',
			headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded', 'x-include-refresh-token-hard-expires-in': 'true' },
			body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token }).toString(),
		});
		expect(((await response.json()) as any).x_refresh_token_hard_expires_in).toBeGreaterThan(4 * 365 * 24 * 3600);
	});
});

describe('authorization code (§9.1)', () => {
	const redirectUri = 'http://localhost:5678/rest/oauth2-credential/callback';

	it('redirects from the consent URL with code, state and realmId; the code works once', async () => {
		const consent = await fetch(`${sim.authorizeUrl}?client_id=${sim.clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=com.intuit.quickbooks.accounting&state=xyz`, { redirect: 'manual' });
		expect(consent.status).toBe(302);
		const callback = new URL(consent.headers.get('location')!);
		expect(callback.origin + callback.pathname).toBe(redirectUri);
		expect(callback.searchParams.get('state')).toBe('xyz');
		expect(callback.searchParams.get('realmId')).toBe(sim.realmId);
		const code = callback.searchParams.get('code')!;
		const exchanged = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
		expect(exchanged.status).toBe(200);
		expect((await readCompany(exchanged.body.access_token)).status).toBe(200);
		expect(await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
	});

	it('refuses a code exchanged with another redirect_uri', async () => {
		const response = await fetch(`${sim.url}/__sandbox/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uri: redirectUri }) });
		const { code, realmId } = (await response.json()) as any;
		expect(realmId).toBe(sim.realmId);
		expect((await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://evil.example/cb' })).body).toEqual({ error: 'invalid_grant' });
	});

	it('revokes a token', async () => {
		const { access_token } = sim.issueTokens();
		const revoked = await fetch(sim.revokeUrl, { method: 'POST', headers: { authorization: basic(), 'content-type': 'application/json' }, body: JSON.stringify({ token: access_token }) });
		expect(revoked.status).toBe(200);
		expect((await readCompany(access_token)).status).toBe(401);
	});
});
