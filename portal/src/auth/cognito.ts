/**
 * Sign-in through the user pool's OAuth 2.0 endpoints (authorization code + PKCE, no client secret in a
 * browser), and the refresh that keeps a session through a working day. The stack deploys `/config.json`
 * next to index.html (infra/constructs/portal.ts): `{"cognito": {"domain": "https://<prefix>.auth.
 * <region>.amazoncognito.com", "clientId": "…"}}`; the local runtime serves the same file with its own
 * stand-in for those endpoints (`"domain": "/api/local"`, local/auth/oauth.ts), so this code is the one
 * path on both. The app client allows exactly this file's redirect (`<origin>/auth/callback`), sign-out
 * (`<origin>/`) and scopes. The ID token is the bearer: it carries `cognito:groups` and the `custom:*`
 * scope attributes the API authorizes with; the refresh token buys a new one before it expires.
 */
export interface CognitoConfig {
  domain: string;
  clientId: string;
}

const VERIFIER_KEY = 'hx.pkce.verifier';
const STATE_KEY = 'hx.pkce.state';

let loaded: Promise<CognitoConfig | undefined> | undefined;

/** The configuration, fetched once a page load (a failed fetch is tried again next time). */
export function loadCognitoConfig(): Promise<CognitoConfig | undefined> {
  loaded ??= fetchConfig().then((c) => {
    if (!c) loaded = undefined;
    return c;
  });
  return loaded;
}

async function fetchConfig(): Promise<CognitoConfig | undefined> {
  try {
    const res = await fetch('/config.json', { headers: { accept: 'application/json' } });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return undefined;
    const body = (await res.json()) as { cognito?: Partial<CognitoConfig> };
    const c = body.cognito;
    // a domain given as a path (the local runtime's) is on the portal's own origin
    return c?.domain && c.clientId
      ? { domain: new URL(c.domain, window.location.origin).href.replace(/\/$/, ''), clientId: c.clientId }
      : undefined;
  } catch {
    return undefined;
  }
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(n = 48): string {
  return base64url(crypto.getRandomValues(new Uint8Array(n)));
}

const redirectUri = () => `${window.location.origin}/auth/callback`;

/**
 * To the user pool's sign-in; `loginHint` fills in who signs in (the sign-in page's demo users pick
 * themselves this way on the local runtime, whose stand-in signs the named user in at once).
 */
export async function startHostedSignIn(
  config: CognitoConfig,
  opts: { loginHint?: string } = {},
): Promise<void> {
  const verifier = randomString();
  const state = randomString(16);
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid phone email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
    // managed login pages in the portal's language (it has both): Chinese unless the user chose English
    lang: document.documentElement.lang === 'en' ? 'en' : 'zh-CN',
  });
  if (opts.loginHint) params.set('login_hint', opts.loginHint);
  window.location.assign(`${config.domain}/oauth2/authorize?${params}`);
}

export interface Tokens {
  idToken: string;
  /** absent from a refresh answer (the refresh token stays the same: no rotation) */
  refreshToken?: string;
}

/** A token endpoint's refusal: the grant is no good any more (sign in again), unlike a network failure. */
export class GrantRefused extends Error {
  constructor(readonly error: string) {
    super(`token endpoint refused: ${error}`);
    this.name = 'GrantRefused';
  }
}

async function tokenRequest(config: CognitoConfig, form: Record<string, string>): Promise<Tokens> {
  const res = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...form }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    id_token?: string;
    refresh_token?: string;
    error?: string;
  };
  if (!res.ok || !body.id_token) {
    // 400 (invalid_grant and the like) is final; anything else may pass (a 5xx, a proxy)
    if (res.status === 400 || res.status === 401) throw new GrantRefused(body.error ?? String(res.status));
    throw new Error(`token endpoint answered ${res.status}`);
  }
  return { idToken: body.id_token, ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}) };
}

/** A new ID token for the refresh token (`grant_type=refresh_token`). */
export function refreshTokens(config: CognitoConfig, refreshToken: string): Promise<Tokens> {
  return tokenRequest(config, { grant_type: 'refresh_token', refresh_token: refreshToken });
}

/** Ends the refresh token at the user pool (sign-out); a failure leaves it to expire. */
export async function revokeRefreshToken(config: CognitoConfig, refreshToken: string): Promise<void> {
  await fetch(`${config.domain}/oauth2/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, token: refreshToken }),
    keepalive: true,
  }).catch(() => undefined);
}

/** Exchanges the code of /auth/callback for the ID and refresh tokens. */
export async function completeHostedSignIn(config: CognitoConfig, search: URLSearchParams): Promise<Tokens> {
  const code = search.get('code');
  const state = search.get('state');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !verifier || state !== sessionStorage.getItem(STATE_KEY))
    throw new Error('invalid sign-in response');
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  return tokenRequest(config, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    code_verifier: verifier,
  });
}

export function hostedSignOutUrl(config: CognitoConfig): string {
  const params = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: `${window.location.origin}/`,
  });
  return `${config.domain}/logout?${params}`;
}
