import { beforeAll, describe, expect, it } from 'vitest';
import { getHousehold } from '../../shared/adapters/table/registryRepository.js';
import { NATIONAL_ID_VISIBILITY } from '../../shared/auth/authorization.js';
import { ROLES } from '../../shared/auth/principal.js';
import { invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { OWN_HOUSEHOLD, principals, seedRegistry } from '../support/seed.js';

/**
 * Issue 16: GET /registry/households/{householdId} gives every member's resident identity number (the
 * head's included) in full to the registrar, who keeps the registry, and to the household itself; every
 * other role that may read the household (village, town and district reviewers, the auditor, the land
 * officer) gets the last four only. The rest of the record is the same for all.
 */
useApiEnvironment();
const { getHousehold: route } = await loadRoutes('getHousehold');

beforeAll(async () => {
  await seedRegistry();
});

const read = (principal: TestPrincipal) =>
  invoke(route, { principal, pathParameters: { householdId: OWN_HOUSEHOLD } });

const CALLERS: [string, TestPrincipal, 'full' | 'last4'][] = [
  ['registrar', principals.registrar, 'full'],
  ['the household (applicant)', principals.applicant, 'full'],
  ['village reviewer', principals.reviewer, 'last4'],
  ['town reviewer', principals.townReviewer, 'last4'],
  ['district approver', principals.districtApprover, 'last4'],
  ['auditor', principals.auditor, 'last4'],
  ['land officer', principals.landOfficer, 'last4'],
];

describe('identity numbers on GET /registry/households/{householdId}', () => {
  it.each(CALLERS)('%s: %s', async (_, principal, visibility) => {
    const stored = await getHousehold(OWN_HOUSEHOLD);
    if (!stored) throw new Error('the seeded household is gone');
    expect(stored.members.length).toBeGreaterThan(0);

    const res = await read(principal);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const members = res.json.members as { memberId: string; nationalId: string; relation: string }[];
    expect(members.map((m) => m.memberId)).toEqual(stored.members.map((m) => m.memberId));
    for (const [i, m] of members.entries()) {
      const full = stored.members[i]?.nationalId ?? '';
      expect(full).toMatch(/^\d{17}[\dX]$/);
      if (visibility === 'full') {
        expect(m.nationalId).toBe(full);
      } else {
        expect(m.nationalId).toBe(`${'*'.repeat(14)}${full.slice(-4)}`);
        // no digit but the last four anywhere in the answer
        expect(res.text).not.toContain(full.slice(0, 14));
      }
    }
    // everything else is the record as stored
    const { members: _m, ...rest } = res.json;
    const { members: _s, ...storedRest } = stored;
    expect(rest).toEqual(JSON.parse(JSON.stringify(storedRest)));
  });

  it('a caller with two roles gets the widest: a registrar who is also a village reviewer sees it whole', async () => {
    const both: TestPrincipal = {
      sub: 'registrar-and-reviewer',
      groups: ['village_reviewer', 'registrar'],
      village: principals.reviewer.village,
    };
    const stored = await getHousehold(OWN_HOUSEHOLD);
    const res = await read(both);
    expect(res.status).toBe(200);
    expect(res.json.members[0].nationalId).toBe(stored?.members[0]?.nationalId);
  });

  it('the table decides for every role; only the registrar and the household see numbers whole', () => {
    expect(Object.keys(NATIONAL_ID_VISIBILITY).sort()).toEqual([...ROLES].sort());
    expect(ROLES.filter((r) => NATIONAL_ID_VISIBILITY[r] === 'full').sort()).toEqual([
      'applicant',
      'registrar',
    ]);
  });
});
