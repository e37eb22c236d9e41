import * as z from 'zod';
import { type Role, roleSchema } from '../contract/identity.js';
import { Forbidden } from '../errors/appError.js';
import { townCodeSchema } from './town.js';

/** The groups of API.md's Identity section: the wire contract's list. */
export { ROLES, type Role, roleSchema } from '../contract/identity.js';

/** The signed-in user as the JWT claims describe them (Cognito on AWS, the local issuer locally). */
export interface Principal {
  sub: string;
  roles: Role[];
  householdId?: string;
  village?: string;
  /** a town reviewer's town: the first 9 digits of its villages' codes */
  town?: string;
  district?: string;
}

/**
 * `cognito:groups` reaches a Lambda behind an HTTP API JWT authorizer as a string such as
 * "[applicant auditor]" (the authorizer flattens arrays), and as an array from other callers.
 */
export function parseGroups(raw: unknown): Role[] {
  let parts: unknown[];
  if (Array.isArray(raw)) parts = raw;
  else if (typeof raw === 'string') parts = raw.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  else parts = [];
  return parts.flatMap((p) => {
    const parsed = roleSchema.safeParse(typeof p === 'string' ? p.trim().replace(/^"|"$/g, '') : p);
    return parsed.success ? [parsed.data] : [];
  });
}

const optionalClaim = z.string().min(1).max(64).optional().catch(undefined);
// a prefix match decides the town scope: anything but nine digits (a shorter prefix would reach a whole
// district) is dropped like a missing claim
const townClaim = townCodeSchema.optional().catch(undefined);

/**
 * The longest `sub` taken: Cognito's are 36-character UUIDs. The sub is stored as the actor of every
 * write (timeline, reviews, audit), so it is bounded like anything else a case keeps (docs/limits.md).
 */
export const MAX_SUB_CHARS = 128;

export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0) return undefined;
  if (claims.sub.length > MAX_SUB_CHARS) return undefined;
  const householdId = optionalClaim.parse(claims['custom:householdId']);
  const village = optionalClaim.parse(claims['custom:village']);
  const town = townClaim.parse(claims['custom:town']);
  const district = optionalClaim.parse(claims['custom:district']);
  return {
    sub: claims.sub,
    roles: parseGroups(claims['cognito:groups']),
    ...(householdId ? { householdId } : {}),
    ...(village ? { village } : {}),
    ...(town ? { town } : {}),
    ...(district ? { district } : {}),
  };
}

/** A claim the caller's role needs (e.g. custom:village for a reviewer); 403 when the account lacks it. */
export function requireClaim(value: string | undefined, claim: string): string {
  if (!value) throw new Forbidden(`your account has no ${claim}`);
  return value;
}
