import { describe, expect, it } from 'vitest';
import { localUserSchema } from '../../local/auth/users.js';
import { ALL_DRIVERS } from '../../local/demo/scenarios.js';
import { demoUsers } from '../../local/runtime/seed.js';
import { demoApplication } from '../../local/seed/demoApplications.js';
import { actorOf, deciderOf, WAITING_CASES } from '../../local/seed/demoCases.js';
import { DEMO_HOUSEHOLDS, DEMO_VILLAGES } from '../../local/seed/demoData.js';
import { EQUITY_VILLAGE, isEquityScenario } from '../../local/seed/demoEquity.js';
import { ROLES, type Role } from '../../shared/auth/principal.js';
import { redemptionCapShares } from '../../shared/domain/equity/redemption.js';
import {
  applicationSchema,
  assessEligibility,
  CONTRACT_RULE_IDS,
  DISTRICTS,
  EQUITY_RULE_IDS,
  HOMESTEAD_RULE_IDS,
  householdSchema,
  illustrativeParameters,
  rightsCheck,
  surrendersDemandedBy,
  villageSchema,
} from '../../shared/domain/index.js';
import { REVIEW_STEPS } from '../../shared/domain/model/case.js';

/**
 * The demo data must do what it claims: each household reaches its scenario's expected outcome under the
 * real rules, so the demo and the end-to-end tests exercise every path rather than a lucky subset.
 */
const AT = '2026-11-25T02:00:00.000Z';

describe('demo data', () => {
  it('has valid villages in all eight districts with every tier', () => {
    const villages = DEMO_VILLAGES.map((v) => villageSchema.parse(v));
    expect(new Set(villages.map((v) => v.districtCode))).toEqual(new Set(Object.keys(DISTRICTS)));
    expect(new Set(villages.map((v) => v.tier))).toEqual(new Set([1, 2, 3]));
  });

  it('has 30+ valid households with unique ids in registered villages', () => {
    expect(DEMO_HOUSEHOLDS.length).toBeGreaterThanOrEqual(30);
    const households = DEMO_HOUSEHOLDS.map((d) => householdSchema.parse(d.record));
    expect(new Set(households.map((h) => h.householdId)).size).toBe(households.length);
    const codes = new Set(DEMO_VILLAGES.map((v) => v.villageCode));
    for (const h of households) expect(codes.has(h.villageCode)).toBe(true);
  });

  it.each(DEMO_HOUSEHOLDS.map((d) => [d.scenario, d] as const))('%s reaches its expected outcome', (_, d) => {
    const household = householdSchema.parse(d.record);
    const village = villageSchema.parse(DEMO_VILLAGES.find((v) => v.villageCode === household.villageCode));
    const application = applicationSchema.parse(demoApplication(d, AT));
    const duplicateOf =
      d.scenario === 'duplicate' && application.type === 'homestead_exit'
        ? [
            {
              caseId: 'C-EARLIER',
              type: 'homestead_exit' as const,
              parcelIds: application.parcelIds,
              plotIds: [],
            },
          ]
        : [];
    const findings = assessEligibility({
      application,
      household,
      village,
      params: illustrativeParameters(village.districtCode),
      asOf: AT,
      otherOpenCases: duplicateOf,
    });
    const failed = findings.filter((f) => !f.passed).map((f) => f.ruleId);
    const inScope =
      application.type === 'homestead_exit'
        ? [{ right: 'homestead_use' as const, items: application.parcelIds }]
        : application.type === 'equity_exit'
          ? [{ right: 'equity_shares' as const, items: [], shares: application.shares }]
          : [];
    const rights = rightsCheck({
      household,
      application,
      surrenders: [...inScope, ...surrendersDemandedBy(village, household)],
    });
    const outcome = failed.length > 0 ? failed.join(',') : rights.passed ? 'eligible' : 'rights_blocked';
    expect(outcome).toBe(d.expected);
  });

  it('gives npm start’s waiting cases eligible households of their own, which no demo driver files for', () => {
    const driven = new Set(ALL_DRIVERS.map((d) => d.name));
    const users = new Set(demoUsers().map((u) => u.userId));
    const steps = (equity: boolean) =>
      WAITING_CASES.filter((w) => isEquityScenario(w.scenario) === equity).map((w) => w.step);
    expect(steps(false)).toEqual([...REVIEW_STEPS]);
    expect(steps(true)).toEqual([...REVIEW_STEPS, 'offers', 'cooling_off']);
    expect(new Set(WAITING_CASES.map((w) => w.scenario)).size).toBe(WAITING_CASES.length);
    for (const { step, scenario } of WAITING_CASES) {
      const d = DEMO_HOUSEHOLDS.filter((h) => h.scenario === scenario);
      expect(d.map((h) => h.expected)).toEqual(['eligible']);
      expect(driven.has(scenario)).toBe(false);
      const village = DEMO_VILLAGES.find((v) => v.villageCode === d[0]?.record.villageCode);
      if (!village) throw new Error(`${scenario}: no village`);
      // whoever decides any step of the chain on it, or acts on it after, is a demo user who can sign in
      for (const s of REVIEW_STEPS) expect(users.has(deciderOf(s, village))).toBe(true);
      expect(users.has(actorOf(step, village, d[0]?.record.householdId ?? ''))).toBe(true);
    }
  });

  it('gives the equity households’ village a share value, and a yearly cap room for every demo equity case', () => {
    const village = villageSchema.parse(
      DEMO_VILLAGES.find((v) => v.villageCode === EQUITY_VILLAGE.villageCode),
    );
    expect(village).toMatchObject({ shareValueFen: 85_000, totalShares: 2_000 });
    const equity = DEMO_HOUSEHOLDS.filter((d) => isEquityScenario(d.scenario));
    expect(equity.map((d) => d.record.villageCode)).toEqual(equity.map(() => village.villageCode));
    // the demo's and npm start's eligible equity cases all pass the district's approval in one year
    const asked = equity
      .filter((d) => d.expected === 'eligible')
      .map((d) => applicationSchema.parse(demoApplication(d, AT)))
      .reduce((sum, a) => sum + (a.type === 'equity_exit' ? a.shares : 0), 0);
    const cap = redemptionCapShares(
      2_000,
      illustrativeParameters(village.districtCode).equityRedemptionCapBp,
    );
    expect(cap).toBe(100);
    expect(asked).toBeLessThanOrEqual(cap);
  });

  it('covers every rule id except the pilot rules as a failure (all districts are open by default)', () => {
    const expected = new Set(DEMO_HOUSEHOLDS.map((d) => d.expected));
    // the shared voluntariness and duplicate rules fail for the homestead households
    const shared = new Set(['C-VOLUNTARY', 'C-NO-DUPLICATE', 'E-VOLUNTARY', 'E-NO-DUPLICATE']);
    for (const id of [...HOMESTEAD_RULE_IDS, ...CONTRACT_RULE_IDS, ...EQUITY_RULE_IDS]) {
      if (id.endsWith('-PILOT') || shared.has(id)) continue;
      expect(expected.has(id), id).toBe(true);
    }
    expect(expected.has('rights_blocked')).toBe(true);
  });
});

describe('demo users', () => {
  const users = demoUsers();
  const ofRole = (role: Role) => users.filter((u) => u.groups.includes(role));

  it('are valid users with unique ids, in every role', () => {
    for (const u of users) expect(localUserSchema.parse(u)).toEqual(u);
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    expect(new Set(users.flatMap((u) => u.groups))).toEqual(new Set(ROLES));
  });

  it('have a town reviewer for every town with demo households, named after the town in Chinese', () => {
    const towns = new Set(DEMO_HOUSEHOLDS.map((d) => d.record.villageCode.slice(0, 9)));
    const reviewers = ofRole('town_reviewer');
    expect(reviewers.map((u) => u.town).sort()).toEqual([...towns].sort());
    for (const u of reviewers) {
      const village = DEMO_VILLAGES.find((v) => v.villageCode.startsWith(u.town ?? '-'));
      expect(u.userId).toBe(`town-reviewer-${u.town}`);
      expect(u.displayName).toMatch(new RegExp(`^${village?.townName}审核员 [\u4e00-\u9fff]{2,3}$`));
    }
    expect(reviewers.find((u) => u.town === '370303100')?.displayName).toMatch(/^马尚街道审核员 /);
  });

  it('have a district approver and a land officer for every district, named in Chinese', () => {
    for (const [role, prefix, title] of [
      ['district_approver', 'district-approver', '审批员'],
      ['land_officer', 'land-officer', '自然资源部门'],
    ] as const) {
      const staff = ofRole(role);
      // two district approvers per district: a change of the policy parameters needs four eyes (issue 19)
      const perDistrict = role === 'district_approver' ? 2 : 1;
      expect(staff.map((u) => u.district).sort()).toEqual(
        Object.keys(DISTRICTS)
          .flatMap((d) => Array(perDistrict).fill(d))
          .sort(),
      );
      for (const u of staff) {
        expect([`${prefix}-${u.district}`, `${prefix}-${u.district}-b`]).toContain(u.userId);
        const district = DISTRICTS[u.district as keyof typeof DISTRICTS].zh;
        expect(u.displayName).toMatch(new RegExp(`^${district}${title} [\u4e00-\u9fff]{2,3}$`));
      }
    }
  });

  it('give every staff member of the review chain and land leg a name of their own, none a household member', () => {
    const staffNames = [
      ...ofRole('town_reviewer'),
      ...ofRole('district_approver'),
      ...ofRole('land_officer'),
    ].map((u) => u.displayName?.split(' ')[1]);
    expect(new Set(staffNames).size).toBe(staffNames.length);
    const memberNames = new Set(DEMO_HOUSEHOLDS.flatMap((d) => d.record.members.map((m) => m.name)));
    expect(staffNames.filter((n) => memberNames.has(n ?? ''))).toEqual([]);
  });

  it("give every staff member a Chinese name of their own (the token's `name` claim, issue 18)", () => {
    const staff = users.filter((u) => !u.groups.includes('applicant'));
    for (const u of staff) {
      expect(u.name, u.userId).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(u.displayName?.endsWith(` ${u.name}`), u.userId).toBe(true);
    }
    expect(new Set(staff.map((u) => u.name)).size).toBe(staff.length);
  });
});
