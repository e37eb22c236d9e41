/**
 * Sign-in on AWS through Cognito managed login, the hosted sign-in pages (authorization code + PKCE,
 * no client secret in a browser). The stack deploys `/config.json` next to index.html (infra/constructs/
 * portal.ts): `{"cognito": {"domain": "https://<prefix>.auth.<region>.amazoncognito.com", "clientId":
 * "…"}}`; the app client allows exactly this file's redirect (`<origin>/auth/callback`), sign-out
 * (`<origin>/`) and scopes. The ID token is the bearer: it carries `cognito:groups` and the `custom:*`
 * scope attributes the API authorizes with.
 */
export interface CognitoConfig {
  domain: string;
  clientId: string;
}

const VERIFIER_KEY = 'hx.pkce.verifier';
const STATE_KEY = 'hx.pkce.state';

export async function loadCognitoConfig(): Promise<CognitoConfig | undefined> {
  try {
    const res = await fetch('/config.json', { headers: { accept: 'application/json' } });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return undefined;
    const body = (await res.json()) as { cognito?: Partial<CognitoConfig> };
    const c = body.cognito;
    return c?.domain && c.clientId
      ? { domain: c.domain.replace(/\/$/, ''), clientId: c.clientId }
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

export async function startHostedSignIn(config: CognitoConfig): Promise<void> {
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
  window.location.assign(`${config.domain}/oauth2/authorize?${params}`);
}

/** Exchanges the code of /auth/callback for tokens; returns the ID token. */
export async function completeHostedSignIn(config: CognitoConfig, search: URLSearchParams): Promise<string> {
  const code = search.get('code');
  const state = search.get('state');
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (!code || !verifier || state !== sessionStorage.getItem(STATE_KEY))
    throw new Error('invalid sign-in response');
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  const res = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`token exchange failed: ${res.status}`);
  const tokens = (await res.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('no id token');
  return tokens.id_token;
}

export function hostedSignOutUrl(config: CognitoConfig): string {
  const params = new URLSearchParams({
    client_id: config.clientId,
    logout_uri: `${window.location.origin}/`,
  });
  return `${config.domain}/logout?${params}`;
}
