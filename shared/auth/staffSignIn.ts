import { parseGroups, STAFF_MFA_CLAIM, STAFF_MFA_TOTP, STAFF_ROLES } from './principal.js';

/**
 * What a sign-in adds to the ID token, decided in one function for the user pool's pre-token-generation
 * trigger (functions/auth/staffSignIn.ts) and the local issuer (local/auth/localIssuer.ts) alike.
 *
 * The pool requires MFA of every user, by SMS or by an authenticator app (TOTP). Households sign in
 * with the phone staff registered for them and get their code by SMS. Staff move money and decide
 * cases: their second factor must be an app, not an SMS that a swapped SIM would receive. Cognito
 * cannot require a factor per group, but it can only send an SMS code to a `phone_number`: a staff
 * account without one must set up TOTP at its first sign-in. So a staff member with a phone number is
 * refused here (the sign-in fails), and every other staff token gets the `staff_mfa` claim, without
 * which shared/auth/principal.ts refuses staff roles.
 */
export class StaffSignInRefused extends Error {
  readonly code = 'STAFF_PHONE_NUMBER';
  constructor() {
    super(
      'staff accounts must not carry a phone_number: their second factor is an authenticator app (TOTP), never SMS; remove the attribute (admin-delete-user-attributes) and sign in again',
    );
    this.name = 'StaffSignInRefused';
  }
}

export function signInClaims(
  groups: unknown,
  attributes: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const staff = parseGroups(groups).some((r) => STAFF_ROLES.includes(r));
  if (!staff) return {};
  if (attributes.phone_number) throw new StaffSignInRefused();
  return { [STAFF_MFA_CLAIM]: STAFF_MFA_TOTP };
}
