import * as z from 'zod';
import { ROLES, type Role, roleSchema } from '../contract/identity.js';
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
  /** the person's display name (the standard `name` claim, issue 18): shown on the timeline, never an id */
  name?: string;
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

/** Every role but `applicant`: the staff who decide cases, keep the registry and move money. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'applicant');

/**
 * The claim the user pool's pre-token-generation trigger (functions/auth/staffSignIn.ts) puts in a staff
 * member's ID token, and only there: the pool requires MFA of everyone, and a staff account carries no
 * phone number, so its second factor can only be an authenticator app (TOTP). A staff role in a token
 * without it did not come through that sign-in, and is refused here, in the one place every request's
 * principal is made (docs: infra/README.md, Sign-in).
 */
export const STAFF_MFA_CLAIM = 'staff_mfa';
export const STAFF_MFA_TOTP = 'totp';

/** 403 for a staff role whose token did not come through the MFA sign-in (no `staff_mfa` claim). */
export class StaffMfaRequired extends Forbidden {
  constructor() {
    super({
      en: 'staff roles need a sign-in with an authenticator app (MFA); sign in again',
      zh: '工作人员须使用身份验证器应用（多因素认证）登录，请重新登录。',
    });
  }
}

const optionalClaim = z.string().min(1).max(64).optional().catch(undefined);
const nameClaim = z.string().trim().min(1).max(64).optional().catch(undefined);
// a prefix match decides the town scope: anything but nine digits (a shorter prefix would reach a whole
// district) is dropped like a missing claim
const townClaim = townCodeSchema.optional().catch(undefined);

/**
 * The longest `sub` taken: Cognito's are 36-character UUIDs. The sub is stored as the actor of every
 * write (timeline, reviews, audit), so it is bounded like anything else a case keeps (docs/limits.md).
 */
export const MAX_SUB_CHARS = 128;

/**
 * The principal of a verified token's claims; undefined without a subject or with an over-long one (401).
 * Throws StaffMfaRequired (403) for staff roles without the MFA claim.
 */
export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string' || claims.sub.length === 0) return undefined;
  if (claims.sub.length > MAX_SUB_CHARS) return undefined;
  const householdId = optionalClaim.parse(claims['custom:householdId']);
  const village = optionalClaim.parse(claims['custom:village']);
  const town = townClaim.parse(claims['custom:town']);
  const district = optionalClaim.parse(claims['custom:district']);
  const name = nameClaim.parse(claims.name);
  const roles = parseGroups(claims['cognito:groups']);
  if (roles.some((r) => STAFF_ROLES.includes(r)) && claims[STAFF_MFA_CLAIM] !== STAFF_MFA_TOTP) {
    throw new StaffMfaRequired();
  }
  return {
    sub: claims.sub,
    roles,
    ...(householdId ? { householdId } : {}),
    ...(village ? { village } : {}),
    ...(town ? { town } : {}),
    ...(district ? { district } : {}),
    ...(name ? { name } : {}),
  };
}

/** A claim the caller's role needs (e.g. custom:village for a reviewer); 403 when the account lacks it. */
export function requireClaim(value: string | undefined, claim: string): string {
  if (!value) throw new Forbidden(`your account has no ${claim}`);
  return value;
}
