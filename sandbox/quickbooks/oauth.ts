/**
 * Intuit's OAuth 2.0 token service as quickbooks.md §9 describes it: Basic client authentication,
 * authorization codes for the connect dance, refresh tokens that rotate, access tokens that expire.
 */
import { randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from '../common/server';
import type { SimClock } from './clock';
import { isObject } from './fields';

/** quickbooks.md §9.2: x_refresh_token_expires_in, e.g. 8726400 s ≈ 101 days, rolling. */
export const REFRESH_TOKEN_TTL_SECONDS = 8_726_400;
/** quickbooks.md §9.2: a superseded refresh token lives at most 24 hours more. */
const SUPERSEDED_GRACE_MS = 24 * 3600 * 1000;
/** quickbooks.md §9.2: refresh tokens have a hard 5-year maximum life. */
const HARD_EXPIRY_SECONDS = 5 * 365 * 24 * 3600;
const CODE_TTL_MS = 10 * 60 * 1000;

export interface TokenSet {
	token_type: 'bearer';
	access_token: string;
	refresh_token: string;
	expires_in: number;
	x_refresh_token_expires_in: number;
	x_refresh_token_hard_expires_in?: number;
}

interface AccessToken {
	realmId: string;
	expiresAt: number;
}

interface RefreshToken {
	realmId: string;
	expiresAt: number;
	hardExpiresAt: number;
	parent?: string;
	/** When this token's first successor was issued; it dies 24 h later at the latest. */
	supersededAt?: number;
	dead: boolean;
}

interface AuthorizationCode {
	realmId: string;
	redirectUri?: string;
	expiresAt: number;
	used: boolean;
}

export type AuthenticationResult =
	| { ok: true; realmId: string }
	| { ok: false; detail: string };

export interface OAuthConfig {
	clientId: string;
	clientSecret: string;
	realmId: string;
	clock: SimClock;
	accessTokenTtlSeconds: () => number;
}

export class OAuthServer {
	private readonly accessTokens = new Map<string, AccessToken>();
	private readonly refreshTokens = new Map<string, RefreshToken>();
	private readonly codes = new Map<string, AuthorizationCode>();

	constructor(private readonly config: OAuthConfig) {}

	reset(): void {
		this.accessTokens.clear();
		this.refreshTokens.clear();
		this.codes.clear();
	}

	/** A fresh token pair, as if the user had just connected the company. */
	issueTokens(realmId = this.config.realmId, parent?: string, includeHardExpiry = false): TokenSet {
		const now = this.config.clock.now();
		const ttl = this.config.accessTokenTtlSeconds();
		const accessToken = `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${randomBytes(48).toString('base64url')}`;
		const refreshToken = `AB11${Math.floor(now / 1000) + REFRESH_TOKEN_TTL_SECONDS}${randomBytes(24).toString('base64url')}`;
		const hardExpiresAt = parent ? this.refreshTokens.get(parent)!.hardExpiresAt : now + HARD_EXPIRY_SECONDS * 1000;
		this.accessTokens.set(accessToken, { realmId, expiresAt: now + ttl * 1000 });
		this.refreshTokens.set(refreshToken, { realmId, expiresAt: now + REFRESH_TOKEN_TTL_SECONDS * 1000, hardExpiresAt, parent, dead: false });
		const tokens: TokenSet = {
			token_type: 'bearer',
			access_token: accessToken,
			refresh_token: refreshToken,
			expires_in: ttl,
			x_refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
		};
		// quickbooks.md §9.2: sent only when the request asks with x-include-refresh-token-hard-expires-in: true.
		if (includeHardExpiry) tokens.x_refresh_token_hard_expires_in = Math.floor((hardExpiresAt - now) / 1000);
		return tokens;
	}

	/** Ages every access token past its expiry (the refresh tokens stay good). */
	expireAccessTokens(): void {
		const past = this.config.clock.now() - 1;
		for (const token of this.accessTokens.values()) token.expiresAt = past;
	}

	/** Issues an authorization code, as Intuit's consent page does after the user picks a company. */
	authorize(redirectUri?: string, realmId = this.config.realmId): string {
		const code = `AB11${randomBytes(18).toString('base64url')}`;
		this.codes.set(code, { realmId, redirectUri, expiresAt: this.config.clock.now() + CODE_TTL_MS, used: false });
		return code;
	}

	authenticate(authorization: string | undefined): AuthenticationResult {
		if (!authorization) return { ok: false, detail: 'Authorization header missing: a bearer token is required' };
		const match = /^bearer\s+(\S+)$/i.exec(authorization.trim());
		if (!match) return { ok: false, detail: 'Malformed bearer token: too short or too long' };
		const token = this.accessTokens.get(match[1]);
		if (!token) return { ok: false, detail: 'Invalid bearer token: unknown or revoked' };
		if (token.expiresAt <= this.config.clock.now()) return { ok: false, detail: 'Token expired: the access token is older than its expires_in' };
		return { ok: true, realmId: token.realmId };
	}

	/** POST /oauth2/v1/tokens/bearer (quickbooks.md §9.1). */
	tokenEndpoint(req: SimRequest): SimResponse {
		if (!this.clientAuthenticated(req)) return oauthError(401, 'invalid_client');
		const form = isObject(req.body) ? req.body : undefined;
		if (!form || typeof form.grant_type !== 'string') return oauthError(400, 'invalid_request');
		const includeHardExpiry = String(req.headers['x-include-refresh-token-hard-expires-in'] ?? '').toLowerCase() === 'true';
		if (form.grant_type === 'refresh_token') {
			if (typeof form.refresh_token !== 'string' || form.refresh_token === '') return oauthError(400, 'invalid_request');
			return this.refresh(form.refresh_token, includeHardExpiry);
		}
		if (form.grant_type === 'authorization_code') {
			if (typeof form.code !== 'string' || form.code === '') return oauthError(400, 'invalid_request');
			const code = this.codes.get(form.code);
			const now = this.config.clock.now();
			// quickbooks.md §9.2: a code works once (processing the callback twice gives invalid_grant).
			if (!code || code.used || code.expiresAt <= now) return oauthError(400, 'invalid_grant');
			if (code.redirectUri !== undefined && code.redirectUri !== form.redirect_uri) return oauthError(400, 'invalid_grant');
			code.used = true;
			return { status: 200, body: this.issueTokens(code.realmId, undefined, includeHardExpiry), headers: noStore() };
		}
		return oauthError(400, 'unsupported_grant_type');
	}

	/** POST /v2/oauth2/tokens/revoke with JSON { token } (quickbooks.md §9.1). */
	revokeEndpoint(req: SimRequest): SimResponse {
		if (!this.clientAuthenticated(req)) return oauthError(401, 'invalid_client');
		const token = isObject(req.body) ? req.body.token : undefined;
		if (typeof token !== 'string') return oauthError(400, 'invalid_request');
		this.accessTokens.delete(token);
		const refresh = this.refreshTokens.get(token);
		if (refresh) refresh.dead = true;
		return { status: 200, body: {} };
	}

	/**
	 * quickbooks.md §9.2: each refresh answers a new refresh token; the one used stays valid until its
	 * successor is used (or 24 h pass), then it is gone: using it again is invalid_grant.
	 */
	private refresh(tokenValue: string, includeHardExpiry: boolean): SimResponse {
		const now = this.config.clock.now();
		const token = this.refreshTokens.get(tokenValue);
		if (!token || token.dead || token.expiresAt <= now || token.hardExpiresAt <= now) return oauthError(400, 'invalid_grant');
		if (token.supersededAt !== undefined && now - token.supersededAt > SUPERSEDED_GRACE_MS) {
			token.dead = true;
			return oauthError(400, 'invalid_grant');
		}
		if (token.parent) {
			const parent = this.refreshTokens.get(token.parent);
			if (parent) parent.dead = true;
		}
		token.supersededAt ??= now;
		return { status: 200, body: this.issueTokens(token.realmId, tokenValue, includeHardExpiry), headers: noStore() };
	}

	private clientAuthenticated(req: SimRequest): boolean {
		const header = req.headers.authorization;
		if (typeof header !== 'string') return false;
		const match = /^basic\s+(\S+)$/i.exec(header.trim());
		if (!match) return false;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		return decoded === `${this.config.clientId}:${this.config.clientSecret}`;
	}
}

function noStore(): Record<string, string> {
	return { 'cache-control': 'no-cache, no-store' };
}

/** quickbooks.md §9.2: the token endpoint answers errors as {"error":"invalid_grant"}. */
function oauthError(status: number, error: string): SimResponse {
	return { status, body: { error }, headers: noStore() };
}
