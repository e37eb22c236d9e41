import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody } from '../services/requestBody.js';
import { InvalidTokenError, LOCAL_CLIENT_ID, type LocalIssuer } from './localIssuer.js';
import type { LocalUser, UserStore } from './users.js';

/**
 * The local stand-in for the user pool's OAuth 2.0 endpoints (Cognito managed login), so that the portal
 * signs in and refreshes its session by the very code it runs on AWS (portal/src/auth/cognito.ts): the
 * authorization code with PKCE, then `grant_type=refresh_token` before the ID token expires. The portal
 * finds them through `/config.json`, as on AWS; only the address differs (`/api/local` instead of the
 * user pool's domain).
 *
 * - `GET {domain}/oauth2/authorize`: the demo users to choose from, or, with `login_hint` (the portal's
 *   demo-user list sends it), straight back to the portal with a code: a local sign-in stands for one
 *   that passed Cognito's password and MFA, as `POST /local/login` does.
 * - `POST {domain}/oauth2/token`: `authorization_code` (the code once, within 5 minutes, with its PKCE
 *   verifier and redirect URI) and `refresh_token` (no rotation, as Cognito by default); errors as
 *   RFC 6749 `{"error": "invalid_grant"}` with 400, as Cognito answers them.
 * - `POST {domain}/oauth2/revoke` and `GET {domain}/logout`: sign-out.
 */
export const OAUTH_BASE = '/api/local';
const CODE_TTL_MS = 5 * 60_000;

export interface PortalConfig {
  cognito: { domain: string; clientId: string };
}

/** What `/config.json` holds locally; on AWS the stack writes the user pool's domain there. */
export const localPortalConfig = (): PortalConfig => ({
  cognito: { domain: OAUTH_BASE, clientId: LOCAL_CLIENT_ID },
});

interface PendingCode {
  userId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface OAuthEndpoints {
  /** Where the browser goes next (302), or the page to show (200/400). */
  authorize(query: URLSearchParams): Promise<{ status: number; location?: string; html?: string }>;
  token(form: URLSearchParams): Promise<TokenAnswer>;
  revoke(form: URLSearchParams): Promise<void>;
  /** Answers the request if it is one of these endpoints (or `/config.json`); false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<boolean>;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** The portal's callback on this machine: any local port, the one path the user pool client allows. */
function allowedRedirect(uri: string | null): uri is string {
  if (!uri) return false;
  try {
    const u = new URL(uri);
    return (
      (u.hostname === '127.0.0.1' || u.hostname === 'localhost') &&
      u.protocol === 'http:' &&
      u.pathname === '/auth/callback'
    );
  } catch {
    return false;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function chooserPage(users: LocalUser[], query: URLSearchParams): string {
  const items = users
    .map((u) => {
      const q = new URLSearchParams(query);
      q.set('login_hint', u.userId);
      return `<li><a href="${OAUTH_BASE}/oauth2/authorize?${escapeHtml(q.toString())}">${escapeHtml(
        u.displayName ?? u.userId,
      )}</a> <small>${escapeHtml(u.userId)} · ${escapeHtml(u.groups.join(', '))}</small></li>`;
    })
    .join('');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>选择演示用户 · Choose a demo user</title><main><h1>选择演示用户 · Choose a demo user</h1><ul>${items}</ul></main></html>`;
}

const invalid = (error: string, description: string): TokenAnswer => ({
  status: 400,
  body: { error, error_description: description },
});

export function createOAuthEndpoints(opts: {
  issuer: LocalIssuer;
  users: UserStore;
  clock?: () => Date;
}): OAuthEndpoints {
  const { issuer, users } = opts;
  const now = () => (opts.clock?.() ?? new Date()).getTime();
  const codes = new Map<string, PendingCode>();

  const tokensFor = async (user: LocalUser) => ({
    // the API takes only ID tokens (API.md, Identity), so no access token is handed out here
    id_token: await issuer.sign(user, issuer.idTokenTtlSeconds),
    token_type: 'Bearer',
    expires_in: issuer.idTokenTtlSeconds,
  });

  const endpoints: OAuthEndpoints = {
    async authorize(query) {
      const redirectUri = query.get('redirect_uri');
      if (query.get('client_id') !== LOCAL_CLIENT_ID || !allowedRedirect(redirectUri)) {
        // never redirect to an address the client does not allow (RFC 6749 4.1.2.1)
        return { status: 400, html: '<!doctype html><p>unknown client or redirect_uri</p>' };
      }
      const back = (params: Record<string, string>) => {
        const u = new URL(redirectUri);
        for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
        const state = query.get('state');
        if (state) u.searchParams.set('state', state);
        return { status: 302, location: u.toString() };
      };
      const challenge = query.get('code_challenge');
      if (query.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
      if (!challenge || query.get('code_challenge_method') !== 'S256')
        return back({ error: 'invalid_request' });
      const hint = query.get('login_hint');
      if (!hint) return { status: 200, html: chooserPage(await users.list(), query) };
      const user = await users.get(hint);
      if (!user) return back({ error: 'access_denied' });
      const t = now();
      for (const [c, p] of codes) if (p.expiresAt < t) codes.delete(c);
      const code = base64url(randomBytes(24));
      codes.set(code, { userId: user.userId, redirectUri, challenge, expiresAt: t + CODE_TTL_MS });
      return back({ code });
    },

    async token(form) {
      if (form.get('client_id') !== LOCAL_CLIENT_ID) return invalid('invalid_client', 'unknown client');
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') {
        const code = form.get('code') ?? '';
        const pending = codes.get(code);
        // a code is good once, whatever the outcome (RFC 6749 4.1.2)
        codes.delete(code);
        if (!pending || pending.expiresAt < now()) return invalid('invalid_grant', 'unknown or expired code');
        if (form.get('redirect_uri') !== pending.redirectUri)
          return invalid('invalid_grant', 'redirect_uri differs');
        const verifier = form.get('code_verifier') ?? '';
        if (base64url(createHash('sha256').update(verifier).digest()) !== pending.challenge)
          return invalid('invalid_grant', 'code_verifier does not match');
        const user = await users.get(pending.userId);
        if (!user) return invalid('invalid_grant', 'no such user');
        return {
          status: 200,
          body: { ...(await tokensFor(user)), refresh_token: await issuer.signRefresh(user.userId) },
        };
      }
      if (grant === 'refresh_token') {
        let userId: string;
        try {
          userId = await issuer.verifyRefresh(form.get('refresh_token') ?? '');
        } catch (error) {
          if (error instanceof InvalidTokenError) return invalid('invalid_grant', error.message);
          throw error;
        }
        // the user as now (a changed name or group shows at the next refresh, as in the user pool)
        const user = await users.get(userId);
        if (!user) return invalid('invalid_grant', 'no such user');
        return { status: 200, body: await tokensFor(user) };
      }
      return invalid('unsupported_grant_type', 'authorization_code or refresh_token');
    },

    async revoke(form) {
      await issuer.revoke(form.get('token') ?? '');
    },

    async handle(req, res, path, query) {
      const send = (status: number, body: unknown, type = 'application/json; charset=utf-8') => {
        // tokens are never cached (RFC 6749 5.1)
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      const form = async () => new URLSearchParams((await readRequestBody(req)).toString('utf8'));
      if (path === '/config.json' && req.method === 'GET') {
        send(200, localPortalConfig());
        return true;
      }
      if (path === `${OAUTH_BASE}/oauth2/authorize` && req.method === 'GET') {
        const a = await endpoints.authorize(query);
        if (a.location) {
          res.writeHead(302, { location: a.location, 'cache-control': 'no-store' });
          res.end();
        } else send(a.status, a.html ?? '', 'text/html; charset=utf-8');
        return true;
      }
      if (path === `${OAUTH_BASE}/oauth2/token` && req.method === 'POST') {
        const answer = await endpoints.token(await form());
        send(answer.status, answer.body);
        return true;
      }
      if (path === `${OAUTH_BASE}/oauth2/revoke` && req.method === 'POST') {
        await endpoints.revoke(await form());
        send(200, {});
        return true;
      }
      if (path === `${OAUTH_BASE}/logout` && req.method === 'GET') {
        const to = query.get('logout_uri') ?? '';
        const target = URL.canParse(to) && allowedRedirect(new URL('/auth/callback', to).href) ? to : '/';
        res.writeHead(302, { location: target, 'cache-control': 'no-store' });
        res.end();
        return true;
      }
      return false;
    },
  };
  return endpoints;
}
