import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as staffSignIn } from '../../functions/auth/staffSignIn.js';
import {
  principalFromClaims,
  ROLES,
  STAFF_MFA_CLAIM,
  STAFF_MFA_TOTP,
  STAFF_ROLES,
  StaffMfaRequired,
} from '../../shared/auth/principal.js';
import { StaffSignInRefused, signInClaims } from '../../shared/auth/staffSignIn.js';
import { httpEvent, lambdaContext, mustLoadRoute } from '../support/api.js';

/**
 * Staff sign in with MFA by an authenticator app (infra/README.md, Sign-in): the pool requires MFA of
 * everyone, its pre-token-generation trigger refuses a staff account with a phone number (an SMS second
 * factor) and marks every other staff token with `staff_mfa`, and the API refuses staff roles without it.
 */
const claims = (groups: string, extra: Record<string, string> = {}) => ({
  sub: 'u-1',
  'cognito:groups': groups,
  'custom:district': '370303',
  ...extra,
});

describe('principalFromClaims', () => {
  it('refuses every staff role whose token lacks the MFA claim (403 FORBIDDEN)', () => {
    expect(STAFF_ROLES).toEqual(ROLES.filter((r) => r !== 'applicant'));
    for (const role of STAFF_ROLES) {
      expect(() => principalFromClaims(claims(`[${role}]`)), role).toThrow(StaffMfaRequired);
      // a claim with another value is no better than none
      expect(() => principalFromClaims(claims(`[${role}]`, { [STAFF_MFA_CLAIM]: 'sms' })), role).toThrow(
        StaffMfaRequired,
      );
      expect(principalFromClaims(claims(`[${role}]`, { [STAFF_MFA_CLAIM]: STAFF_MFA_TOTP }))?.roles).toEqual([
        role,
      ]);
    }
    const error = (() => {
      try {
        principalFromClaims(claims('[fund_admin applicant]'));
      } catch (e) {
        return e;
      }
    })() as StaffMfaRequired;
    expect(error).toBeInstanceOf(StaffMfaRequired);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.status).toBe(403);
  });

  it('an applicant needs no claim: households sign in with an SMS code', () => {
    expect(principalFromClaims({ sub: 'h-1', 'cognito:groups': '[applicant]' })?.roles).toEqual([
      'applicant',
    ]);
  });
});

describe('the sign-in trigger', () => {
  const event = (groups: string[], userAttributes: Record<string, string>) =>
    ({
      version: '1',
      triggerSource: 'TokenGeneration_HostedAuth',
      region: 'us-east-1',
      userPoolId: 'us-east-1_test',
      userName: 'u-1',
      callerContext: { awsSdkVersion: 'x', clientId: 'c' },
      request: { userAttributes, groupConfiguration: { groupsToOverride: groups } },
      response: { claimsOverrideDetails: null },
    }) as unknown as PreTokenGenerationTriggerEvent;

  it('adds the MFA claim to a staff token, nothing to a household token', async () => {
    const staff = await staffSignIn(event(['fund_admin'], { sub: 'u-1', email: 'a@example.cn' }));
    expect(staff.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({
      [STAFF_MFA_CLAIM]: STAFF_MFA_TOTP,
    });
    const household = await staffSignIn(event(['applicant'], { sub: 'h-1', phone_number: '+8613800000000' }));
    expect(household.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({});
  });

  it('refuses the sign-in of a staff account with a phone number (its second factor could be an SMS)', async () => {
    await expect(
      staffSignIn(event(['village_reviewer'], { sub: 'u-2', phone_number: '+8613800000001' })),
    ).rejects.toThrow(StaffSignInRefused);
    expect(() => signInClaims('[auditor applicant]', { phone_number: '+8613800000002' })).toThrow(
      /phone_number/,
    );
  });
});

describe('the API', () => {
  it('answers 403 to a staff token without the MFA claim before it reads anything', async () => {
    // no DynamoDB here: a handler that got past authentication would fail with a 500
    process.env.TABLE_NAME ??= 'no-table';
    const getFund = await mustLoadRoute('getFund');
    const principal = { sub: 'fa-1', groups: ['fund_admin'], district: '370303' };
    const event = httpEvent('GET', getFund.route.path, { principal });
    const jwt = (
      event.requestContext as unknown as { authorizer: { jwt: { claims: Record<string, string> } } }
    ).authorizer.jwt;
    expect(jwt.claims[STAFF_MFA_CLAIM]).toBe(STAFF_MFA_TOTP);
    delete jwt.claims[STAFF_MFA_CLAIM];
    const raw = (await getFund.handler(event as never, lambdaContext('getFund'))) as {
      statusCode: number;
      body: string;
    };
    expect(raw.statusCode).toBe(403);
    expect(JSON.parse(raw.body)).toMatchObject({ code: 'FORBIDDEN', detail: expect.stringMatching(/MFA/) });
  });
});
