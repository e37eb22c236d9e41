import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, LOCAL_CLIENT_ID, type LocalIssuer } from '../../local/auth/localIssuer.js';
import { createOAuthEndpoints, type OAuthEndpoints } from '../../local/auth/oauth.js';
import { createUserStore, type UserStore } from '../../local/auth/users.js';

/**
 * The local stand-in for the user pool's OAuth endpoints (local/auth/oauth.ts): the code flow with PKCE
 * and the refresh the portal keeps a session with, against a real issuer and user store. The clock is
 * the test's, so expiry is a step of the clock, not a wait.
 */
const ISSUER = 'http://127.0.0.1:3000/api/local';
const REDIRECT = 'http://127.0.0.1:3000/auth/callback';
const VERIFIER = 'a-verifier-of-enough-length-for-pkce-0123456789abcdef';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const ID_TTL = 5;
const REFRESH_TTL = 8 * 3600;

let root: string;
let now = new Date('2026-12-06T01:00:00Z');
let issuer: LocalIssuer;
let users: UserStore;
let oauth: OAuthEndpoints;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'homestead-oauth-'));
  const clock = () => now;
  issuer = await createLocalIssuer({
    dir: root,
    issuerUrl: ISSUER,
    clock,
    idTokenTtlSeconds: ID_TTL,
    refreshTokenTtlSeconds: REFRESH_TTL,
  });
  users = createUserStore(join(root, 'users.json'));
  await users.put({
    userId: 'reviewer-1',
    displayName: '李村审',
    groups: ['village_reviewer'],
    village: '370302101201',
  });
  oauth = createOAuthEndpoints({ issuer, users, clock });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const later = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

const authorizeQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    response_type: 'code',
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: REDIRECT,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    state: 's1',
    login_hint: 'reviewer-1',
    ...extra,
  });

async function codeFor(extra: Record<string, string> = {}): Promise<string> {
  const a = await oauth.authorize(authorizeQuery(extra));
  expect(a.status).toBe(302);
  const back = new URL(a.location ?? '');
  expect(back.origin + back.pathname).toBe(extra.redirect_uri ?? REDIRECT);
  expect(back.searchParams.get('state')).toBe('s1');
  return back.searchParams.get('code') ?? '';
}

const exchange = (code: string, extra: Record<string, string> = {}) =>
  oauth.token(
    new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: LOCAL_CLIENT_ID,
      code,
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
      ...extra,
    }),
  );

const refresh = (token: string) =>
  oauth.token(
    new URLSearchParams({ grant_type: 'refresh_token', client_id: LOCAL_CLIENT_ID, refresh_token: token }),
  );

describe('the code flow with PKCE', () => {
  it('trades a code once for an ID token of the configured life and a refresh token', async () => {
    const code = await codeFor();
    const answer = await exchange(code);
    expect(answer.status).toBe(200);
    const { id_token, refresh_token, expires_in, token_type } = answer.body as Record<string, string>;
    expect({ expires_in, token_type }).toEqual({ expires_in: ID_TTL, token_type: 'Bearer' });
    const claims = await issuer.verify(id_token ?? '');
    expect(claims).toMatchObject({ sub: 'reviewer-1', name: '李村审', 'custom:village': '370302101201' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(ID_TTL);
    // the refresh token is no bearer: the API's verification refuses it
    await expect(issuer.verify(refresh_token ?? '')).rejects.toThrow(/not an ID token/);
    // a code is good once
    expect((await exchange(code)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong verifier, another redirect, an expired code and an unknown client', async () => {
    expect((await exchange(await codeFor(), { code_verifier: `${VERIFIER}x` })).body).toMatchObject({
      error: 'invalid_grant',
    });
    const other = 'http://127.0.0.1:4000/auth/callback';
    expect((await exchange(await codeFor({ redirect_uri: other }))).body).toMatchObject({
      error: 'invalid_grant',
    });
    const stale = await codeFor();
    later(301);
    expect((await exchange(stale)).status).toBe(400);
    expect((await exchange(await codeFor(), { client_id: 'someone-else' })).body).toMatchObject({
      error: 'invalid_client',
    });
  });

  it('never sends a code to an address other than a local /auth/callback, nor without PKCE', async () => {
    expect(
      await oauth.authorize(authorizeQuery({ redirect_uri: 'https://evil.example/auth/callback' })),
    ).toEqual({
      status: 400,
      html: expect.any(String),
    });
    const plain = await oauth.authorize(authorizeQuery({ code_challenge_method: 'plain' }));
    expect(new URL(plain.location ?? '').searchParams.get('error')).toBe('invalid_request');
    const nobody = await oauth.authorize(authorizeQuery({ login_hint: 'nobody' }));
    expect(new URL(nobody.location ?? '').searchParams.get('error')).toBe('access_denied');
    // without a hint: the demo users to choose from, each a link back here with its hint
    const page = await oauth.authorize(authorizeQuery({ login_hint: '' }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('login_hint=reviewer-1');
  });
});

describe('the refresh', () => {
  it('renews an expired ID token until the refresh token expires, then refuses', async () => {
    const first = (await exchange(await codeFor())).body as Record<string, string>;
    const refreshToken = first.refresh_token ?? '';
    later(ID_TTL + 10);
    await expect(issuer.verify(first.id_token ?? '')).rejects.toThrow(/exp/);
    const renewed = await refresh(refreshToken);
    expect(renewed.status).toBe(200);
    // no rotation, as Cognito by default: the same refresh token serves the working day
    expect(renewed.body.refresh_token).toBeUndefined();
    const claims = await issuer.verify(String(renewed.body.id_token));
    expect(claims.sub).toBe('reviewer-1');
    // the user as now: a changed name shows at the next refresh
    await users.put({
      userId: 'reviewer-1',
      displayName: '李审核',
      groups: ['village_reviewer'],
      village: '370302101201',
    });
    later(ID_TTL);
    expect(decodeJwt(String((await refresh(refreshToken)).body.id_token)).name).toBe('李审核');
    later(REFRESH_TTL);
    expect(await refresh(refreshToken)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.stringMatching(/exp/) },
    });
  });

  it('refuses a revoked refresh token, an ID token as refresh token, and an unknown grant', async () => {
    const tokens = (await exchange(await codeFor())).body as Record<string, string>;
    expect((await refresh(tokens.refresh_token ?? '')).status).toBe(200);
    await oauth.revoke(
      new URLSearchParams({ token: tokens.refresh_token ?? '', client_id: LOCAL_CLIENT_ID }),
    );
    expect((await refresh(tokens.refresh_token ?? '')).body).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(tokens.id_token ?? '')).body).toMatchObject({ error: 'invalid_grant' });
    expect(
      (await oauth.token(new URLSearchParams({ grant_type: 'password', client_id: LOCAL_CLIENT_ID }))).body,
    ).toMatchObject({ error: 'unsupported_grant_type' });
  });
});
