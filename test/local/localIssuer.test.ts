import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, importJWK, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalIssuer,
  InvalidTokenError,
  LOCAL_CLIENT_ID,
  type LocalIssuer,
} from '../../local/auth/localIssuer.js';
import type { LocalUser } from '../../local/auth/users.js';
import { principalFromClaims, STAFF_MFA_CLAIM, STAFF_MFA_TOTP } from '../../shared/auth/principal.js';

const ISSUER = 'http://127.0.0.1:3000/local';
const NOW = new Date('2026-06-01T00:00:00.000Z');
const APPLICANT: LocalUser = {
  userId: 'zhang-san',
  displayName: '张三',
  groups: ['applicant'],
  householdId: 'H-370302-0001',
};
const FUND: LocalUser = { userId: 'fund-1', groups: ['fund_admin', 'auditor'], district: '370303' };
const TOWN_REVIEWER: LocalUser = { userId: 'town-1', groups: ['town_reviewer'], town: '370302101' };

describe('createLocalIssuer', () => {
  let root: string;
  let dir: string;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'homestead-issuer-'));
    dir = join(root, '.local');
    issuer = await createLocalIssuer({ dir, issuerUrl: ISSUER, clock: () => NOW });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const withClock = (date: Date) => createLocalIssuer({ dir, issuerUrl: ISSUER, clock: () => date });
  const privateKey = async () =>
    importJWK(JSON.parse(await readFile(join(dir, 'issuer-key.json'), 'utf8')), 'RS256');

  it('signs Cognito-shaped ID token claims', async () => {
    expect(issuer.issuerUrl).toBe(ISSUER);
    expect(issuer.audience).toBe(LOCAL_CLIENT_ID);
    const token = await issuer.sign(APPLICANT);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: issuer.kid, typ: 'JWT' });
    const claims = await issuer.verify(token);
    const iat = NOW.getTime() / 1000;
    expect(claims).toMatchObject({
      sub: 'zhang-san',
      'cognito:username': 'zhang-san',
      'cognito:groups': ['applicant'],
      'custom:householdId': 'H-370302-0001',
      name: '张三',
      iss: ISSUER,
      aud: LOCAL_CLIENT_ID,
      token_use: 'id',
      iat,
      auth_time: iat,
      exp: iat + 3600,
    });
    expect(claims).not.toHaveProperty('custom:village');
    expect(claims).not.toHaveProperty('custom:town');
    expect(claims).not.toHaveProperty('custom:district');
    // a household signs in with an SMS code: no staff MFA claim
    expect(claims).not.toHaveProperty(STAFF_MFA_CLAIM);
    expect(principalFromClaims(claims)).toEqual({
      sub: 'zhang-san',
      roles: ['applicant'],
      householdId: 'H-370302-0001',
      name: '张三',
    });
  });

  it("puts the person's name in the `name` claim, before the sign-in list's display name (issue 18)", async () => {
    const claims = await issuer.verify(
      await issuer.sign({ ...APPLICANT, displayName: '淄川区审批员 刘海燕', name: '刘海燕' }),
    );
    expect(claims.name).toBe('刘海燕');
    expect(principalFromClaims(claims)?.name).toBe('刘海燕');
  });

  it('carries several groups and the district, with a chosen lifetime', async () => {
    const claims = await issuer.verify(await issuer.sign(FUND, 60));
    expect(claims['cognito:groups']).toEqual(['fund_admin', 'auditor']);
    expect(claims['custom:district']).toBe('370303');
    // what the pool's sign-in trigger adds for staff (shared/auth/staffSignIn.ts), so the API takes the roles
    expect(claims[STAFF_MFA_CLAIM]).toBe(STAFF_MFA_TOTP);
    expect(principalFromClaims(claims)?.roles).toEqual(['fund_admin', 'auditor']);
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
    await expect(issuer.sign(FUND, 0)).rejects.toThrow(RangeError);
  });

  it('carries the town of a town reviewer, which the API reads as its scope', async () => {
    const claims = await issuer.verify(await issuer.sign(TOWN_REVIEWER));
    expect(claims['cognito:groups']).toEqual(['town_reviewer']);
    expect(claims['custom:town']).toBe('370302101');
    expect(claims).not.toHaveProperty('custom:village');
    expect(principalFromClaims(claims)).toEqual({
      sub: 'town-1',
      roles: ['town_reviewer'],
      town: '370302101',
    });
  });

  it('carries the district of a district approver and of a land officer', async () => {
    for (const role of ['district_approver', 'land_officer'] as const) {
      const claims = await issuer.verify(
        await issuer.sign({ userId: role, groups: [role], district: '370305' }),
      );
      expect(principalFromClaims(claims)).toEqual({ sub: role, roles: [role], district: '370305' });
    }
  });

  it('refuses to sign an invalid user', async () => {
    await expect(issuer.sign({ userId: 'x', groups: ['applicant'] } as LocalUser)).rejects.toThrow(
      /householdId/,
    );
  });

  it('publishes a public JWKS an outside verifier (like the API Gateway authorizer) accepts', async () => {
    const jwks = issuer.jwks();
    expect(jwks.keys).toHaveLength(1);
    const [key] = jwks.keys;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: issuer.kid });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    const { payload } = await jwtVerify(await issuer.sign(APPLICANT), createLocalJWKSet(jwks), {
      issuer: ISSUER,
      audience: LOCAL_CLIENT_ID,
      currentDate: NOW,
    });
    expect(payload.sub).toBe('zhang-san');
  });

  it('keeps its key across restarts, private to the owner', async () => {
    const token = await issuer.sign(APPLICANT);
    const restarted = await withClock(NOW);
    expect(restarted.kid).toBe(issuer.kid);
    expect(restarted.jwks()).toEqual(issuer.jwks());
    expect((await restarted.verify(token)).sub).toBe('zhang-san');
    expect((await stat(join(dir, 'issuer-key.json'))).mode & 0o777).toBe(0o600);
  });

  it('agrees on one key when several start at once on a fresh directory', async () => {
    const fresh = join(root, 'race');
    const issuers = await Promise.all(
      Array.from({ length: 4 }, () => createLocalIssuer({ dir: fresh, issuerUrl: ISSUER })),
    );
    expect(new Set(issuers.map((i) => i.kid)).size).toBe(1);
  });

  it('a different directory is a different key', async () => {
    const other = await createLocalIssuer({ dir: join(root, 'other'), issuerUrl: ISSUER, clock: () => NOW });
    expect(other.kid).not.toBe(issuer.kid);
    await expect(other.verify(await issuer.sign(APPLICANT))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('tolerates 5 seconds of clock skew and no more', async () => {
    const token = await issuer.sign(APPLICANT, 60);
    const expiry = NOW.getTime() + 60_000;
    await expect((await withClock(new Date(expiry + 4_000))).verify(token)).resolves.toMatchObject({
      sub: 'zhang-san',
    });
    await expect((await withClock(new Date(expiry + 6_000))).verify(token)).rejects.toThrow(/exp/);
    // A token from a clock running ahead: issued "later" than now by more than the skew.
    const early = await withClock(new Date(NOW.getTime() - 10_000));
    await expect(early.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a token from another issuer URL', async () => {
    const other = await createLocalIssuer({
      dir,
      issuerUrl: 'http://127.0.0.1:4000/local',
      clock: () => NOW,
    });
    await expect(issuer.verify(await other.sign(APPLICANT))).rejects.toThrow(/iss/);
  });

  const nowSeconds = NOW.getTime() / 1000;
  // A well-formed local ID token, signed with the issuer's own key, for one claim at a time to be spoilt.
  const base = (claims: Record<string, unknown> = {}) => {
    const payload: Record<string, unknown> = {
      sub: 'zhang-san',
      iss: ISSUER,
      aud: LOCAL_CLIENT_ID,
      token_use: 'id',
      iat: nowSeconds,
      exp: nowSeconds + 60,
      ...claims,
    };
    for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: issuer.kid });
  };

  it('accepts the unspoilt token built by hand, so the cases below fail for their one reason', async () => {
    await expect(issuer.verify(await base().sign(await privateKey()))).resolves.toMatchObject({
      sub: 'zhang-san',
    });
  });

  it.each<[string, () => SignJWT]>([
    ['another audience', () => base({ aud: 'someone-else' })],
    ['no expiry', () => base({ exp: undefined })],
    ['an access token', () => base({ token_use: 'access' })],
    ['an iat 10 s in the future', () => base({ iat: nowSeconds + 10 })],
    ['no subject', () => base({ sub: undefined })],
    ['no iat', () => base({ iat: undefined })],
    ['an expiry 6 s ago', () => base({ exp: nowSeconds - 6 })],
  ])('refuses a token with %s even when signed with the key', async (_, build) => {
    const token = await build().sign(await privateKey());
    await expect(issuer.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a tampered payload, an unsigned token and garbage', async () => {
    const [header, , signature] = (await issuer.sign(APPLICANT)).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        sub: 'zhang-san',
        'cognito:groups': ['fund_admin'],
        iss: ISSUER,
        aud: LOCAL_CLIENT_ID,
        token_use: 'id',
        iat: NOW.getTime() / 1000,
        exp: NOW.getTime() / 1000 + 60,
      }),
    ).toString('base64url');
    await expect(issuer.verify(`${header}.${forged}.${signature}`)).rejects.toThrow(/signature/);
    const unsigned = new UnsecuredJWT({ token_use: 'id' })
      .setSubject('zhang-san')
      .setIssuer(ISSUER)
      .setAudience(LOCAL_CLIENT_ID)
      .setIssuedAt(NOW.getTime() / 1000)
      .setExpirationTime(NOW.getTime() / 1000 + 60)
      .encode();
    await expect(issuer.verify(unsigned)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(issuer.verify('not.a.token')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(issuer.verify('')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses to start on a key file that is not a private RS256 JWK', async () => {
    const bad = join(root, 'bad');
    const first = await createLocalIssuer({ dir: bad, issuerUrl: ISSUER });
    await writeFile(join(bad, 'issuer-key.json'), JSON.stringify(first.jwks().keys[0]), 'utf8');
    await expect(createLocalIssuer({ dir: bad, issuerUrl: ISSUER })).rejects.toThrow(/private JWK/);
  });
});
