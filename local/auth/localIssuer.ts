import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { signInClaims } from '../../shared/auth/staffSignIn.js';
import { type LocalUser, localUserSchema } from './users.js';

/**
 * The local stand-in for the Cognito user pool: signs ID tokens with the same claims Cognito puts in
 * them (API.md, Identity) and publishes its JWKS, so the API pipeline reads local and AWS tokens alike.
 * The RS256 key is generated once and kept under the data directory, so tokens (and a signed-in portal)
 * survive a restart of the local runtime.
 */

export const LOCAL_CLIENT_ID = 'homestead-exit-local';
export const ISSUER_KEY_FILE = 'issuer-key.json';
/** Cognito's default ID-token lifetime. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
/** The portal client's refresh-token lifetime on AWS (infra/constructs/api.ts): a working week. */
export const DEFAULT_REFRESH_TTL_SECONDS = 7 * 24 * 3600;
const CLOCK_TOLERANCE_SECONDS = 5;
const ALG = 'RS256';

export interface JsonWebKeySet {
  keys: JWK[];
}

export interface LocalIssuer {
  readonly issuerUrl: string;
  /** The `aud` of every token (the app client id on AWS). */
  readonly audience: string;
  readonly kid: string;
  /** The public key set, as served at `/local/.well-known/jwks.json`. */
  jwks(): JsonWebKeySet;
  /** An ID token for the user; throws the ZodError if the user is not a valid LocalUser. */
  sign(user: LocalUser, ttlSeconds?: number): Promise<string>;
  /** The claims of a token this issuer signed and that is still valid; throws InvalidTokenError. */
  verify(token: string): Promise<Record<string, unknown>>;
  /** The lifetime of the ID tokens the OAuth endpoints hand out (local/auth/oauth.ts). */
  readonly idTokenTtlSeconds: number;
  /**
   * A refresh token for the user (Cognito's is opaque; this one is a JWT of `token_use: refresh`, which
   * `verify` refuses as a bearer, so it can only be traded at the token endpoint).
   */
  signRefresh(userId: string): Promise<string>;
  /** The user id of a refresh token this issuer signed, still valid and not revoked; throws InvalidTokenError. */
  verifyRefresh(token: string): Promise<string>;
  /** Revokes a refresh token (`/oauth2/revoke`, sign-out): it is refused from then on. */
  revoke(token: string): Promise<void>;
}

export interface LocalIssuerOptions {
  /** The local data directory (`.local`); the key lives in `${dir}/issuer-key.json`. */
  dir: string;
  issuerUrl: string;
  /** For tests: the time tokens are issued and checked at. */
  clock?: () => Date;
  /** ID tokens from the OAuth endpoints (default an hour, as Cognito); short in tests of the refresh. */
  idTokenTtlSeconds?: number;
  /** refresh tokens (default a week, as the portal client on AWS) */
  refreshTokenTtlSeconds?: number;
}

export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

function publicPart(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy as JWK;
}

function assertUsableKey(jwk: unknown, file: string): asserts jwk is JWK & { kid: string } {
  const k = jwk as Record<string, unknown> | null;
  const ok =
    k !== null &&
    typeof k === 'object' &&
    k.kty === 'RSA' &&
    k.alg === ALG &&
    typeof k.kid === 'string' &&
    ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'].every((member) => typeof k[member] === 'string');
  if (!ok)
    throw new Error(`${file} does not hold an RS256 private JWK with a kid; delete it to get a new key`);
}

async function newPrivateJwk(): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  // The RFC 7638 thumbprint as kid: stable for the key, and different for any other key.
  const kid = await calculateJwkThumbprint(publicPart(jwk));
  return { ...jwk, kid, alg: ALG, use: 'sig' };
}

/**
 * Loads the key or creates it. Creation links a finished temp file into place, which fails if the file
 * appeared meanwhile, so two runtimes starting together still agree on one key and nobody sees half a file.
 */
async function loadOrCreateKey(dir: string): Promise<JWK & { kid: string }> {
  const file = join(dir, ISSUER_KEY_FILE);
  const read = async (): Promise<JWK & { kid: string }> => {
    const jwk: unknown = JSON.parse(await readFile(file, 'utf8'));
    assertUsableKey(jwk, file);
    return jwk;
  };
  try {
    return await read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dir, { recursive: true });
  const jwk = await newPrivateJwk();
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(jwk, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, file);
      return jwk;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return await read();
    }
  } finally {
    await rm(temp, { force: true });
  }
}

function positiveSeconds(ttl: number): number {
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttl}`);
  return ttl;
}

export async function createLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  const { issuerUrl } = options;
  const clock = options.clock ?? (() => new Date());
  const privateJwk = await loadOrCreateKey(options.dir);
  const { kid } = privateJwk;
  const publicJwk = publicPart(privateJwk);
  const privateKey = await importJWK(privateJwk, ALG);
  const publicKey = await importJWK(publicJwk, ALG);
  const idTokenTtlSeconds = positiveSeconds(options.idTokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const refreshTtl = positiveSeconds(options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TTL_SECONDS);
  // revoked refresh tokens by jti, until they would have expired anyway (memory: a restart forgets them,
  // as it forgets codes; the key survives, so unrevoked sessions do too)
  const revoked = new Map<string, number>();

  const verifyAny = async (token: string): Promise<JWTPayload> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, publicKey, {
        algorithms: [ALG],
        issuer: issuerUrl,
        audience: LOCAL_CLIENT_ID,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: clock(),
      }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidTokenError(`invalid token: ${reason}`, { cause: error });
    }
    // jose checks exp and nbf but not iat; the API Gateway authorizer wants iat before the current time.
    const now = clock().getTime() / 1000;
    if (typeof payload.iat !== 'number' || payload.iat > now + CLOCK_TOLERANCE_SECONDS) {
      throw new InvalidTokenError('invalid token: "iat" claim is in the future');
    }
    return payload;
  };

  return {
    idTokenTtlSeconds,
    issuerUrl,
    audience: LOCAL_CLIENT_ID,
    kid,
    jwks: () => ({ keys: [{ ...publicJwk }] }),

    async sign(input, ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS) {
      const user = localUserSchema.parse(input);
      const ttl = positiveSeconds(ttlSeconds);
      const iat = Math.floor(clock().getTime() / 1000);
      // Cognito ID-token claims; custom attributes only when the user has them, as Cognito omits unset ones.
      const claims: JWTPayload = {
        'cognito:username': user.userId,
        'cognito:groups': [...user.groups],
        // the standard `name` claim (Cognito's `name` attribute): the person's name, shown on the timeline
        ...((user.name ?? user.displayName) === undefined ? {} : { name: user.name ?? user.displayName }),
        ...(user.householdId === undefined ? {} : { 'custom:householdId': user.householdId }),
        ...(user.village === undefined ? {} : { 'custom:village': user.village }),
        ...(user.town === undefined ? {} : { 'custom:town': user.town }),
        ...(user.district === undefined ? {} : { 'custom:district': user.district }),
        // what the pool's sign-in trigger adds (staff: `staff_mfa`); local users have no phone_number,
        // and a local sign-in stands for one that passed MFA, as every sign-in to the pool must
        ...signInClaims(user.groups, {}),
        token_use: 'id',
        auth_time: iat,
      };
      return new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setSubject(user.userId)
        .setIssuer(issuerUrl)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttl)
        .setJti(randomUUID())
        .sign(privateKey);
    },

    async verify(token) {
      const payload = await verifyAny(token);
      // An access or refresh token carries the same signature and issuer; only ID tokens carry the claims.
      if (payload.token_use !== 'id') throw new InvalidTokenError('invalid token: not an ID token');
      return { ...payload };
    },

    async signRefresh(userId) {
      const iat = Math.floor(clock().getTime() / 1000);
      return new SignJWT({ token_use: 'refresh' })
        .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuerUrl)
        .setAudience(LOCAL_CLIENT_ID)
        .setIssuedAt(iat)
        .setExpirationTime(iat + refreshTtl)
        .setJti(randomUUID())
        .sign(privateKey);
    },

    async verifyRefresh(token) {
      const payload = await verifyAny(token);
      if (payload.token_use !== 'refresh' || typeof payload.sub !== 'string')
        throw new InvalidTokenError('invalid token: not a refresh token');
      if (payload.jti !== undefined && revoked.has(payload.jti))
        throw new InvalidTokenError('invalid token: revoked');
      return payload.sub;
    },

    async revoke(token) {
      let payload: JWTPayload;
      try {
        payload = await verifyAny(token);
      } catch {
        return; // RFC 7009: an invalid token needs no revoking
      }
      const now = clock().getTime() / 1000;
      for (const [jti, exp] of revoked) if (exp < now) revoked.delete(jti);
      if (payload.token_use === 'refresh' && payload.jti) revoked.set(payload.jti, payload.exp ?? now);
    },
  };
}
