import { useSyncExternalStore } from 'react';
import type { Role } from '../api/contract';

/**
 * The signed-in user: the bearer token and what its claims say (API.md "Identity"). The tokens live in
 * sessionStorage so that closing the browser on a shared village computer signs the household out. A
 * session from the user pool's code flow also holds its refresh token (auth/refresh.ts trades it for a
 * new ID token before this one expires); one from `POST /local/login` (tests, scripts) has none.
 */
export interface Session {
  token: string;
  sub: string;
  name?: string;
  roles: Role[];
  householdId?: string;
  village?: string;
  /** a town reviewer's town (custom:town): the first 9 digits of its villages' codes */
  town?: string;
  district?: string;
  expiresAt?: number;
  /** when the ID token was issued (ms): with `expiresAt`, how long it lives, for the refresh timer */
  issuedAt?: number;
}

const KEY = 'hx.session.token';
const REFRESH_KEY = 'hx.session.refresh';

/**
 * Every role of the contract (shared/contract/identity.ts ROLES, a zod module the bundle must not pull
 * in), each with its rank for `primaryRole`: a `Record` over the contract's `Role` type, so a role added
 * there fails the type check here until it is given its place, and no role is read from a token that
 * the contract does not know. The review chain (村 → 镇 → 区) before the fund, work before oversight.
 */
const ROLE_RANK: Record<Role, number> = {
  village_reviewer: 0,
  town_reviewer: 1,
  district_approver: 2,
  fund_admin: 3,
  land_officer: 4,
  applicant: 5,
  auditor: 6,
  registrar: 7,
};
const ROLES = (Object.keys(ROLE_RANK) as Role[]).sort((a, b) => ROLE_RANK[a] - ROLE_RANK[b]);

function decodePart(part: string): unknown {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function parseGroups(raw: unknown): Role[] {
  const parts = Array.isArray(raw)
    ? raw
    : typeof raw === 'string'
      ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return parts.filter((p): p is Role => typeof p === 'string' && (ROLES as string[]).includes(p));
}

/** The claims of the token; an expired one only when `acceptExpired` (a refresh token can renew it). */
export function sessionFromToken(token: string, acceptExpired = false): Session | undefined {
  try {
    const payload = decodePart(token.split('.')[1] ?? '') as Record<string, unknown>;
    const str = (k: string) => (typeof payload[k] === 'string' ? (payload[k] as string) : undefined);
    const sub = str('sub');
    if (!sub) return undefined;
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
    if (exp !== undefined && exp < Date.now() && !acceptExpired) return undefined;
    const s: Session = { token, sub, roles: parseGroups(payload['cognito:groups']) };
    const name = str('name') ?? str('cognito:username');
    if (name) s.name = name;
    const householdId = str('custom:householdId');
    if (householdId) s.householdId = householdId;
    const village = str('custom:village');
    if (village) s.village = village;
    // as the server reads it (shared/auth/principal): a town is 9 digits, anything else is no town
    const town = str('custom:town');
    if (town && /^\d{9}$/.test(town)) s.town = town;
    const district = str('custom:district');
    if (district) s.district = district;
    if (exp !== undefined) s.expiresAt = exp;
    if (typeof payload.iat === 'number') s.issuedAt = payload.iat * 1000;
    return s;
  } catch {
    return undefined;
  }
}

const stored = (key: string) => (typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(key));
let refreshToken: string | undefined = stored(REFRESH_KEY) ?? undefined;
// a tab reopened after its ID token expired keeps its session while the refresh token can renew it
let current: Session | undefined = (() => {
  const token = stored(KEY);
  return token ? sessionFromToken(token, refreshToken !== undefined) : undefined;
})();
const listeners = new Set<() => void>();

export function getSession(): Session | undefined {
  return current;
}

/** The refresh token of the session, if it came from the code flow. */
export function getRefreshToken(): string | undefined {
  return current ? refreshToken : undefined;
}

/**
 * Signs in with an ID token (and the refresh token of a code-flow sign-in); a refreshed ID token for the
 * same session keeps the refresh token it was bought with.
 */
export function signIn(token: string, refresh?: string): Session | undefined {
  const s = sessionFromToken(token);
  current = s;
  if (s) {
    sessionStorage.setItem(KEY, token);
    if (refresh) {
      refreshToken = refresh;
      sessionStorage.setItem(REFRESH_KEY, refresh);
    }
  }
  for (const l of listeners) l();
  return s;
}

/** A new sign-in without a refresh token (POST /local/login) starts a session that has none. */
export function signInWithoutRefresh(token: string): Session | undefined {
  refreshToken = undefined;
  sessionStorage.removeItem(REFRESH_KEY);
  return signIn(token);
}

export function signOut(): void {
  current = undefined;
  refreshToken = undefined;
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(REFRESH_KEY);
  for (const l of listeners) l();
}

/** Told of every sign-in, refresh and sign-out (the refresh timer follows the session's expiry). */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** The role a screen is built for; a person holding several sees the one that has work first. */
export function primaryRole(s: Session | undefined): Role | undefined {
  if (!s) return undefined;
  return ROLES.find((r) => s.roles.includes(r));
}
