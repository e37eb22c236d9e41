import { GrantRefused, loadCognitoConfig, refreshTokens } from './cognito';
import { getRefreshToken, getSession, onSessionChange, type Session, signIn, signOut } from './session';

/**
 * Keeps a session alive through a working day: the ID token lives an hour (Cognito's default), the
 * refresh token a week (infra/constructs/api.ts), so the portal trades the refresh token for a new ID
 * token shortly before the old one expires — by a timer, before any request that would carry a token
 * about to expire, and once more when the API answers 401 (client.ts). A refused refresh (revoked,
 * expired, user removed) ends the session; a failed one (no signal) is tried again.
 */
const MARGIN_MS = 60_000;
const RETRY_MS = 10_000;

let inFlight: Promise<boolean> | undefined;

/** How long before expiry to refresh: a minute, or a fifth of a short-lived token's life. */
function marginOf(s: Session): number {
  if (s.expiresAt === undefined) return 0;
  const life = s.issuedAt === undefined ? Number.POSITIVE_INFINITY : s.expiresAt - s.issuedAt;
  return Math.min(MARGIN_MS, life / 5);
}

/** Trades the refresh token for a new ID token (one request at a time); true when there is a fresh one. */
export function refreshSession(): Promise<boolean> {
  inFlight ??= (async () => {
    const refresh = getRefreshToken();
    const config = refresh ? await loadCognitoConfig() : undefined;
    if (!refresh || !config) return false;
    try {
      const tokens = await refreshTokens(config, refresh);
      return signIn(tokens.idToken, tokens.refreshToken) !== undefined;
    } catch (error) {
      if (error instanceof GrantRefused) signOut();
      return false;
    }
  })().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

/** The bearer token for a request, refreshed first when it is about to expire. */
export async function freshToken(): Promise<string | undefined> {
  const s = getSession();
  if (s?.expiresAt !== undefined && getRefreshToken() && s.expiresAt - Date.now() <= marginOf(s))
    await refreshSession();
  return getSession()?.token;
}

let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(delay?: number): void {
  clearTimeout(timer);
  const s = getSession();
  if (s?.expiresAt === undefined || !getRefreshToken()) return;
  const wait = delay ?? Math.max(0, s.expiresAt - marginOf(s) - Date.now());
  timer = setTimeout(() => {
    void refreshSession().then((ok) => {
      // a refresh that worked signed in again, which scheduled the next one; else try again shortly
      if (!ok && getSession()) schedule(RETRY_MS);
    });
  }, wait);
}

/** Starts the timer and follows the session (a phone's browser may pause timers of a hidden tab). */
export function keepSessionFresh(): void {
  onSessionChange(() => schedule());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void freshToken();
  });
  schedule();
}

if (typeof document !== 'undefined') keepSessionFresh();
