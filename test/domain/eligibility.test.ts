import { describe, expect, it } from 'vitest';
import type { EligibilityContext, Finding, RuleId } from '../../shared/domain/index.js';
import {
  assessEligibility,
  CONTRACT_RULE_IDS,
  findingSchema,
  HOMESTEAD_RULE_IDS,
  isEligible,
  MAX_LAND_PER_CASE,
} from '../../shared/domain/index.js';
import {
  AS_OF,
  consentsFor,
  contractApp,
  HEAD,
  homestead,
  homesteadApp,
  makeContext,
  makeContractContext,
  makeHousehold,
  makeParams,
  makeVillage,
  member,
  plot,
  SPOUSE,
  yearsBefore,
} from './fixtures.js';

/** Clauses of the Zibo plan (DOMAIN.md): 二(二)2 for legality, 二(二)3 homestead, 二(二)4(2) contract land. */
const HOMESTEAD_CLAUSE = '二(二)3';
const LEGAL_CLAUSE = '二(二)2';
const CONTRACT_CLAUSE = '二(二)4(2)';

function findingOf(ctx: EligibilityContext, ruleId: RuleId): Finding {
  const findings = assessEligibility(ctx);
  const found = findings.filter((f) => f.ruleId === ruleId);
  expect(found, `exactly one ${ruleId} finding`).toHaveLength(1);
  const f = found[0] as Finding;
  expect(findingSchema.parse(f)).toEqual(f);
  return f;
}

/** The finding passed/failed under the clause, and both reasons name every given detail. */
function expectFinding(
  f: Finding,
  expected: { passed: boolean; clause: string; names?: readonly string[]; omits?: readonly string[] },
): void {
  expect(f.passed).toBe(expected.passed);
  expect(f.clause).toBe(expected.clause);
  expect(f.messageZh.length).toBeGreaterThan(0);
  expect(f.messageEn.length).toBeGreaterThan(0);
  expect(f.messageZh).toMatch(/[\u4e00-\u9fff]/);
  for (const name of expected.names ?? []) {
    expect(f.messageZh).toContain(name);
    expect(f.messageEn).toContain(name);
  }
  for (const name of expected.omits ?? []) {
    expect(f.messageZh).not.toContain(name);
    expect(f.messageEn).not.toContain(name);
  }
}

function withHousehold(
  overrides: Parameters<typeof makeHousehold>[0],
  ctx: Partial<EligibilityContext> = {},
) {
  return makeContext({ household: makeHousehold(overrides), ...ctx });
}

/** A household with no stable non-farm income and no urban residence: qualified only by 一户多宅. */
const NOT_OTHERWISE_QUALIFIED = {
  socialInsuranceMonths: 0,
  urbanResidenceMonths: 0,
  businessLicenceMonths: 0,
};

describe('assessEligibility: the fixture household', () => {
  it('passes every homestead rule, in the brief order, each with its clause', () => {
    const findings = assessEligibility(makeContext());
    expect(findings.map((f) => f.ruleId)).toEqual([...HOMESTEAD_RULE_IDS]);
    expect(findings.map((f) => f.clause)).toEqual([
      HOMESTEAD_CLAUSE,
      LEGAL_CLAUSE,
      HOMESTEAD_CLAUSE,
      HOMESTEAD_CLAUSE,
      HOMESTEAD_CLAUSE,
      HOMESTEAD_CLAUSE,
    ]);
    expect(findings.filter((f) => !f.passed)).toEqual([]);
    expect(isEligible(findings)).toBe(true);
  });

  it('passes every contract-land rule, in the brief order, each with its clause', () => {
    const findings = assessEligibility(makeContractContext());
    expect(findings.map((f) => f.ruleId)).toEqual([...CONTRACT_RULE_IDS]);
    expect(new Set(findings.map((f) => f.clause))).toEqual(new Set([CONTRACT_CLAUSE]));
    expect(findings.filter((f) => !f.passed)).toEqual([]);
    expect(isEligible(findings)).toBe(true);
  });

  it('runs every rule even when several fail, so the household learns every reason at once', () => {
    const ctx = makeContext({
      application: homesteadApp({ parcelIds: ['P9'], consents: consentsFor(['m1']) }),
      household: makeHousehold({ nonFarm: NOT_OTHERWISE_QUALIFIED }),
      params: makeParams({ programmeOpen: false }),
    });
    const findings = assessEligibility(ctx);
    expect(findings).toHaveLength(HOMESTEAD_RULE_IDS.length);
    expect(findings.filter((f) => !f.passed).map((f) => f.ruleId)).toEqual([
      'H-VOLUNTARY',
      'H-LEGAL',
      'H-QUALIFIED',
      'H-PILOT',
    ]);
    expect(isEligible(findings)).toBe(false);
  });
});

describe('H-VOLUNTARY: every adult member has consented', () => {
  it('passes when both adults consented; the minor need not', () => {
    const f = findingOf(makeContext(), 'H-VOLUNTARY');
    expectFinding(f, { passed: true, clause: HOMESTEAD_CLAUSE, names: ['2'] });
    expect(f.subjects).toEqual(['m1', 'm2']);
  });

  it('fails naming the adult who has not consented, and only that one', () => {
    const ctx = makeContext({ application: homesteadApp({ consents: consentsFor(['m1']) }) });
    const f = findingOf(ctx, 'H-VOLUNTARY');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['李四'], omits: ['张三', '张小明'] });
    expect(f.subjects).toEqual(['m2']);
  });

  it('fails naming every missing adult when only the minor signed', () => {
    const ctx = makeContext({ application: homesteadApp({ consents: consentsFor(['m3']) }) });
    const f = findingOf(ctx, 'H-VOLUNTARY');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['张三', '李四'], omits: ['张小明'] });
  });

  it('a consent signed by the minor as well does no harm', () => {
    const ctx = makeContext({ application: homesteadApp({ consents: consentsFor(['m1', 'm2', 'm3']) }) });
    expect(findingOf(ctx, 'H-VOLUNTARY').passed).toBe(true);
  });

  describe('adult = 18 or older on the day of the check', () => {
    const withChild = (birthDate: string, asOf = AS_OF) =>
      makeContext({
        household: makeHousehold({
          members: [HEAD, SPOUSE, member({ memberId: 'm4', name: '张小红', birthDate })],
        }),
        asOf,
      });

    it('born exactly 18 years before the check is an adult whose consent is missing', () => {
      const birthDate = yearsBefore(AS_OF, 18);
      expect(birthDate).toBe('2007-06-15');
      const f = findingOf(withChild(birthDate), 'H-VOLUNTARY');
      expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['张小红'] });
      expect(f.subjects).toEqual(['m4']);
    });

    it('born one day later is still a minor and need not consent', () => {
      const birthDate = yearsBefore(AS_OF, 18, 1);
      expect(birthDate).toBe('2007-06-16');
      const f = findingOf(withChild(birthDate), 'H-VOLUNTARY');
      expectFinding(f, { passed: true, clause: HOMESTEAD_CLAUSE, omits: ['张小红'] });
    });

    it('the same member becomes an adult on the 18th birthday (asOf given as a date-time)', () => {
      expect(findingOf(withChild('2007-06-16', '2025-06-15T23:00:00+08:00'), 'H-VOLUNTARY').passed).toBe(
        true,
      );
      expect(findingOf(withChild('2007-06-16', '2025-06-16T08:00:00+08:00'), 'H-VOLUNTARY').passed).toBe(
        false,
      );
    });

    it('a member born on 29 February is an adult by 1 March of the 18th year', () => {
      const f = findingOf(withChild('2004-02-29', '2022-03-01'), 'H-VOLUNTARY');
      expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['张小红'] });
    });
  });

  it('refuses a consent given in the name of someone who is not a member, naming that id', () => {
    const ctx = makeContext({ application: homesteadApp({ consents: consentsFor(['m1', 'm2', 'x9']) }) });
    const f = findingOf(ctx, 'H-VOLUNTARY');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['x9'], omits: ['李四'] });
    expect(f.subjects).toEqual(['x9']);
  });

  it('a stranger cannot stand in for a missing adult: both are named', () => {
    const ctx = makeContext({ application: homesteadApp({ consents: consentsFor(['m1', 'x9']) }) });
    const f = findingOf(ctx, 'H-VOLUNTARY');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['李四', 'x9'] });
  });
});

describe('H-LEGAL: parcels registered to the household; illegal occupation never recognised', () => {
  it('passes naming the registered parcels applied for', () => {
    const f = findingOf(makeContext(), 'H-LEGAL');
    expectFinding(f, { passed: true, clause: LEGAL_CLAUSE, names: ['P1'] });
  });

  it('fails for a parcel id the registry does not hold for this household, naming it', () => {
    const ctx = makeContext({ application: homesteadApp({ parcelIds: ['P1', 'P9'] }) });
    const f = findingOf(ctx, 'H-LEGAL');
    expectFinding(f, { passed: false, clause: LEGAL_CLAUSE, names: ['P9'] });
    expect(f.messageEn).toMatch(/not registered/);
    expect(f.subjects).toEqual(['P9']);
  });

  it('fails for an illegally occupied parcel, naming it (and its certificate in Chinese)', () => {
    const ctx = withHousehold(
      {
        homesteads: [
          homestead({ parcelId: 'P1' }),
          homestead({ parcelId: 'P2', status: 'illegal_occupation', certificateNo: 'CERT-0002' }),
        ],
      },
      { application: homesteadApp({ parcelIds: ['P2'] }) },
    );
    const f = findingOf(ctx, 'H-LEGAL');
    expectFinding(f, { passed: false, clause: LEGAL_CLAUSE, names: ['P2'], omits: ['P1'] });
    expect(f.messageZh).toContain('CERT-0002');
    expect(f.messageZh).toContain('违法占用');
    expect(f.messageEn).toMatch(/illegally occupied/);
    expect(f.subjects).toEqual(['P2']);
  });

  it('an illegal parcel that is not applied for does not block the others', () => {
    const ctx = withHousehold({
      homesteads: [
        homestead({ parcelId: 'P1' }),
        homestead({ parcelId: 'P2', status: 'illegal_occupation' }),
      ],
    });
    expect(findingOf(ctx, 'H-LEGAL').passed).toBe(true);
  });
});

describe('H-QUALIFIED: non-farm income AND urban residence, OR 一户多宅', () => {
  it('passes on 48 months of social insurance and 30 months of urban residence, quoting both', () => {
    const f = findingOf(makeContext(), 'H-QUALIFIED');
    expectFinding(f, { passed: true, clause: HOMESTEAD_CLAUSE, names: ['48', '30'] });
  });

  it('passes on a business licence instead of social insurance', () => {
    const ctx = withHousehold({
      nonFarm: { socialInsuranceMonths: 0, urbanResidenceMonths: 30, businessLicenceMonths: 40 },
    });
    const f = findingOf(ctx, 'H-QUALIFIED');
    expectFinding(f, { passed: true, clause: HOMESTEAD_CLAUSE, names: ['40'] });
  });

  it('passes exactly at the thresholds (36 months income evidence, 24 months residence)', () => {
    const ctx = withHousehold({
      nonFarm: { socialInsuranceMonths: 36, urbanResidenceMonths: 24, businessLicenceMonths: 0 },
    });
    expect(findingOf(ctx, 'H-QUALIFIED').passed).toBe(true);
  });

  it('fails when urban residence is too short, saying how long and how long is needed', () => {
    const ctx = withHousehold({
      nonFarm: { socialInsuranceMonths: 48, urbanResidenceMonths: 23, businessLicenceMonths: 0 },
    });
    const f = findingOf(ctx, 'H-QUALIFIED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['23', '24'] });
  });

  it('fails without stable non-farm income even with long residence, quoting the months', () => {
    const ctx = withHousehold({
      nonFarm: { socialInsuranceMonths: 35, urbanResidenceMonths: 60, businessLicenceMonths: 12 },
    });
    const f = findingOf(ctx, 'H-QUALIFIED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['35', '12', '36'] });
  });

  it('takes the thresholds from the policy parameters, not from code', () => {
    const ctx = makeContext({ params: makeParams({ urbanResidenceMonths: 36 }) });
    const f = findingOf(ctx, 'H-QUALIFIED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['30', '36'] });
  });

  describe('一户多宅', () => {
    const multi = (parcelIds: string[], statusOfFirst: 'registered' | 'illegal_occupation' = 'registered') =>
      withHousehold(
        {
          nonFarm: NOT_OTHERWISE_QUALIFIED,
          homesteads: [
            homestead({ parcelId: 'P1', status: statusOfFirst }),
            homestead({ parcelId: 'P2' }),
            homestead({ parcelId: 'P3' }),
          ],
        },
        { application: homesteadApp({ parcelIds }) },
      );

    it('a household not otherwise qualified may exit parcels beyond its first, told which it keeps', () => {
      const f = findingOf(multi(['P2', 'P3']), 'H-QUALIFIED');
      expectFinding(f, { passed: true, clause: HOMESTEAD_CLAUSE, names: ['P1', '3'] });
      expect(f.messageZh).toContain('一户多宅');
    });

    it('one parcel beyond the first is enough', () => {
      expect(findingOf(multi(['P3']), 'H-QUALIFIED').passed).toBe(true);
    });

    it('fails when it includes the first, saying which parcels it may exit and which to remove', () => {
      const f = findingOf(multi(['P1', 'P2']), 'H-QUALIFIED');
      expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1', 'P2', 'P3'] });
      expect(f.messageZh).toContain('P2、P3');
      expect(f.messageEn).toContain('P2, P3');
      expect(f.messageEn).toContain('Remove P1');
      expect(f.subjects).toEqual(['P1']);
    });

    it('a qualified household may exit its first homestead too', () => {
      const ctx = withHousehold(
        { homesteads: [homestead({ parcelId: 'P1' }), homestead({ parcelId: 'P2' })] },
        { application: homesteadApp({ parcelIds: ['P1', 'P2'] }) },
      );
      expect(findingOf(ctx, 'H-QUALIFIED').passed).toBe(true);
    });

    it('a single homestead is not 一户多宅: fails with the general reason', () => {
      const f = findingOf(withHousehold({ nonFarm: NOT_OTHERWISE_QUALIFIED }), 'H-QUALIFIED');
      expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['0', '36', '24'] });
      expect(f.messageEn).toMatch(/more than one homestead/);
    });

    it('an illegally occupied parcel is no homestead: it neither makes 一户多宅 nor is the one kept', () => {
      const oneLegal = withHousehold(
        {
          nonFarm: NOT_OTHERWISE_QUALIFIED,
          homesteads: [
            homestead({ parcelId: 'P1', status: 'illegal_occupation' }),
            homestead({ parcelId: 'P2' }),
          ],
        },
        { application: homesteadApp({ parcelIds: ['P2'] }) },
      );
      expect(findingOf(oneLegal, 'H-QUALIFIED').passed).toBe(false);

      const keepsP2 = findingOf(multi(['P3'], 'illegal_occupation'), 'H-QUALIFIED');
      expectFinding(keepsP2, { passed: true, clause: HOMESTEAD_CLAUSE, names: ['P2'] });
      const exitsItsHome = findingOf(multi(['P2'], 'illegal_occupation'), 'H-QUALIFIED');
      expectFinding(exitsItsHome, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P2', 'P3'] });
    });
  });
});

describe('H-UNENCUMBERED: no parcel disputed, seized, or mortgaged without consent', () => {
  const withP1 = (p1: Partial<Parameters<typeof homestead>[0]>) =>
    withHousehold({ homesteads: [homestead({ parcelId: 'P1', ...p1 }), homestead({ parcelId: 'P2' })] });

  it('passes for an unencumbered registered parcel', () => {
    expectFinding(findingOf(makeContext(), 'H-UNENCUMBERED'), { passed: true, clause: HOMESTEAD_CLAUSE });
  });

  it("passes for a mortgaged parcel with the mortgagee's written consent", () => {
    const f = findingOf(withP1({ status: 'mortgaged', mortgageeConsent: true }), 'H-UNENCUMBERED');
    expect(f.passed).toBe(true);
  });

  it("fails for a mortgaged parcel without the mortgagee's consent, naming it", () => {
    const f = findingOf(withP1({ status: 'mortgaged', mortgageeConsent: false }), 'H-UNENCUMBERED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1'], omits: ['P2'] });
    expect(f.messageZh).toContain('抵押');
    expect(f.messageEn).toMatch(/mortgaged without the mortgagee's written consent/);
  });

  it('sets several reasons apart with "；" (a reason holds its own "，"), each English one a capitalised sentence', () => {
    const ctx = withHousehold(
      {
        homesteads: [
          homestead({ parcelId: 'P1', status: 'mortgaged', mortgageeConsent: false }),
          homestead({ parcelId: 'P2', status: 'seized' }),
        ],
      },
      { application: homesteadApp({ parcelIds: ['P1', 'P2'] }) },
    );
    const f = findingOf(ctx, 'H-UNENCUMBERED');
    expect(f.messageZh).toBe('P1 已抵押，且未取得抵押权人书面同意；P2 已被查封。请先解决后再申请。');
    expect(f.messageEn).toBe(
      "P1 is mortgaged without the mortgagee's written consent. P2 is seized. Please resolve this before applying.",
    );
  });

  it('writes each English reason of H-LEGAL as a sentence beginning with a capital', () => {
    const ctx = withHousehold(
      { homesteads: [homestead({ parcelId: 'P1', status: 'illegal_occupation' })] },
      { application: homesteadApp({ parcelIds: ['P1', 'P9'] }) },
    );
    const f = findingOf(ctx, 'H-LEGAL');
    expect(f.messageZh).toMatch(/未登记在本户名下；宅基地 P1/);
    expect(f.messageEn).toMatch(
      /^Parcel P9 is not registered to this household\. Parcel P1 is illegally occupied/,
    );
    expect(f.messageEn).not.toMatch(/; parcel/);
  });

  it('fails for a seized parcel, naming it', () => {
    const f = findingOf(withP1({ status: 'seized' }), 'H-UNENCUMBERED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1'], omits: ['P2'] });
    expect(f.messageZh).toContain('查封');
    expect(f.messageEn).toMatch(/seized/);
  });

  it('fails for a disputed parcel, naming it', () => {
    const f = findingOf(withP1({ status: 'disputed' }), 'H-UNENCUMBERED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1'], omits: ['P2'] });
    expect(f.messageZh).toContain('争议');
    expect(f.messageEn).toMatch(/disputed/);
    expect(f.subjects).toEqual(['P1']);
  });

  it('names every encumbered parcel applied for, and ignores one not applied for', () => {
    const ctx = withHousehold(
      {
        homesteads: [
          homestead({ parcelId: 'P1', status: 'seized' }),
          homestead({ parcelId: 'P2', status: 'disputed' }),
          homestead({ parcelId: 'P3', status: 'disputed' }),
        ],
      },
      { application: homesteadApp({ parcelIds: ['P1', 'P2'] }) },
    );
    const f = findingOf(ctx, 'H-UNENCUMBERED');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1', 'P2'], omits: ['P3'] });
  });
});

describe('H-NO-DUPLICATE: no other open case covers the same parcel', () => {
  const ctxWith = (parcelIds: string[]) =>
    withHousehold(
      { homesteads: [homestead({ parcelId: 'P1' }), homestead({ parcelId: 'P2' })] },
      {
        application: homesteadApp({ parcelIds: ['P1'] }),
        otherOpenCases: [{ caseId: 'CASE-0042', type: 'homestead_exit', parcelIds, plotIds: [] }],
      },
    );

  it('passes when the other open case covers a different parcel', () => {
    expectFinding(findingOf(ctxWith(['P2']), 'H-NO-DUPLICATE'), { passed: true, clause: HOMESTEAD_CLAUSE });
  });

  it('fails naming the parcel and the open case that already covers it', () => {
    const f = findingOf(ctxWith(['P2', 'P1']), 'H-NO-DUPLICATE');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1', 'CASE-0042'], omits: ['P2'] });
    expect(f.subjects).toEqual(['P1']);
  });

  it('says the parcel is already exited when the other case has signed or closed', () => {
    const ctx = withHousehold(
      { homesteads: [homestead({ parcelId: 'P1' })] },
      {
        application: homesteadApp({ parcelIds: ['P1'] }),
        otherOpenCases: [
          { caseId: 'CASE-0009', type: 'homestead_exit', parcelIds: ['P1'], plotIds: [], exited: true },
        ],
      },
    );
    const f = findingOf(ctx, 'H-NO-DUPLICATE');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['P1', 'CASE-0009'] });
    expect(f.messageZh).toContain('该宗地已退出');
    expect(f.messageEn).toContain('already been exited in case CASE-0009');
    expect(f.messageEn).not.toContain('is already in open case');
  });

  it('lists a parcel once in the subjects however many cases hold it', () => {
    const ctx = withHousehold(
      { homesteads: [homestead({ parcelId: 'P1' })] },
      {
        application: homesteadApp({ parcelIds: ['P1'] }),
        otherOpenCases: [
          { caseId: 'CASE-0001', type: 'homestead_exit', parcelIds: ['P1'], plotIds: [] },
          { caseId: 'CASE-0002', type: 'homestead_exit', parcelIds: ['P1'], plotIds: [], exited: true },
        ],
      },
    );
    const f = findingOf(ctx, 'H-NO-DUPLICATE');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE, names: ['CASE-0001', 'CASE-0002'] });
    expect(f.subjects).toEqual(['P1']);
  });
});

describe('H-PILOT: the programme is open in the district', () => {
  it('passes in an open district, naming it', () => {
    const f = findingOf(makeContext(), 'H-PILOT');
    expectFinding(f, { passed: true, clause: HOMESTEAD_CLAUSE });
    expect(f.messageZh).toContain('淄川区');
    expect(f.messageEn).toContain('Zichuan');
  });

  it('fails when the district has closed the programme (programmeOpen false), naming the district', () => {
    const f = findingOf(makeContext({ params: makeParams({ programmeOpen: false }) }), 'H-PILOT');
    expectFinding(f, { passed: false, clause: HOMESTEAD_CLAUSE });
    expect(f.messageZh).toContain('淄川区');
    expect(f.messageEn).toContain('Zichuan');
  });

  it('another district being open does not open this one', () => {
    const ctx = makeContext({ params: makeParams({ districtCode: '370303', programmeOpen: true }) });
    expect(findingOf(ctx, 'H-PILOT').passed).toBe(false);
  });

  it('works for a village in another open district', () => {
    const ctx = makeContext({
      village: makeVillage({ villageCode: '370304100200', districtCode: '370304' }),
      params: makeParams({ districtCode: '370304' }),
    });
    const f = findingOf(ctx, 'H-PILOT');
    expect(f.passed).toBe(true);
    expect(f.messageZh).toContain('博山区');
  });
});

describe('C-VOLUNTARY', () => {
  it('passes when every adult consented', () => {
    expectFinding(findingOf(makeContractContext(), 'C-VOLUNTARY'), { passed: true, clause: CONTRACT_CLAUSE });
  });

  it('fails naming the head who has not consented', () => {
    const ctx = makeContractContext({ application: contractApp({ consents: consentsFor(['m2']) }) });
    const f = findingOf(ctx, 'C-VOLUNTARY');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['张三'], omits: ['李四'] });
  });

  it('fails for a consent from a non-member', () => {
    const ctx = makeContractContext({
      application: contractApp({ consents: consentsFor(['m1', 'm2', 'neighbour-7']) }),
    });
    const f = findingOf(ctx, 'C-VOLUNTARY');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['neighbour-7'] });
  });
});

describe('C-NONFARM: stable non-farm income is required', () => {
  const nonFarm = (socialInsuranceMonths: number, businessLicenceMonths: number, urbanResidenceMonths = 0) =>
    makeContractContext({
      household: makeHousehold({
        nonFarm: { socialInsuranceMonths, businessLicenceMonths, urbanResidenceMonths },
      }),
    });

  it('passes on social insurance; urban residence is not required for contract land', () => {
    const f = findingOf(nonFarm(36, 0, 0), 'C-NONFARM');
    expectFinding(f, { passed: true, clause: CONTRACT_CLAUSE, names: ['36'] });
  });

  it('passes on a business licence instead', () => {
    const f = findingOf(nonFarm(0, 50), 'C-NONFARM');
    expectFinding(f, { passed: true, clause: CONTRACT_CLAUSE, names: ['50'] });
  });

  it('fails one month short, quoting the months held and needed', () => {
    const f = findingOf(nonFarm(35, 20, 100), 'C-NONFARM');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['35', '20', '36'] });
  });
});

describe('C-PLOTS: the plots belong to the contract and are not disputed', () => {
  const plotsCtx = (
    plots: ReturnType<typeof plot>[],
    app: Parameters<typeof contractApp>[0] = {},
    asOf = AS_OF,
  ) =>
    makeContractContext({
      household: makeHousehold({ contractPlots: plots }),
      application: contractApp(app),
      asOf,
    });

  it('scope all: passes naming every plot of the household', () => {
    const f = findingOf(makeContractContext(), 'C-PLOTS');
    expectFinding(f, { passed: true, clause: CONTRACT_CLAUSE, names: ['C1', 'C2'] });
    expect(f.subjects).toEqual(['C1', 'C2']);
  });

  it('scope partial: passes naming only the plots applied for', () => {
    const ctx = makeContractContext({ application: contractApp({ scope: 'partial', plotIds: ['C2'] }) });
    const f = findingOf(ctx, 'C-PLOTS');
    expectFinding(f, { passed: true, clause: CONTRACT_CLAUSE, names: ['C2'], omits: ['C1'] });
    expect(f.subjects).toEqual(['C2']);
  });

  it('fails for a plot that is not part of the household contract, naming it', () => {
    const ctx = makeContractContext({
      application: contractApp({ scope: 'partial', plotIds: ['C1', 'C9'] }),
    });
    const f = findingOf(ctx, 'C-PLOTS');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['C9'], omits: ['C1'] });
    expect(f.subjects).toEqual(['C9']);
  });

  it('fails for a disputed plot in scope, naming it', () => {
    const f = findingOf(
      plotsCtx([plot({ plotId: 'C1' }), plot({ plotId: 'C2', status: 'disputed' })]),
      'C-PLOTS',
    );
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['C2'], omits: ['C1'] });
    expect(f.messageZh).toContain('争议');
    expect(f.messageEn).toMatch(/disputed/);
  });

  it('a disputed plot outside a partial exit does not matter', () => {
    const ctx = plotsCtx([plot({ plotId: 'C1' }), plot({ plotId: 'C2', status: 'disputed' })], {
      scope: 'partial',
      plotIds: ['C1'],
    });
    expect(findingOf(ctx, 'C-PLOTS').passed).toBe(true);
  });

  it('a leased plot may exit; the finding says the lease passes to the collective or new holder', () => {
    const ctx = plotsCtx([plot({ plotId: 'C1' }), plot({ plotId: 'C2', status: 'leased' })]);
    const f = findingOf(ctx, 'C-PLOTS');
    expectFinding(f, { passed: true, clause: CONTRACT_CLAUSE, names: ['C2'] });
    expect(f.messageZh).toMatch(/C2 已出租，租约继续有效，由集体经济组织或新承包方承接/);
    expect(f.messageEn).toMatch(/Plot C2 is leased; the lease stays in force and passes to the collective/);
    expect(f.messageEn).not.toMatch(/C1 is leased/);
  });

  it('no lease sentence when no plot in scope is leased', () => {
    const f = findingOf(makeContractContext(), 'C-PLOTS');
    expect(f.messageEn).not.toMatch(/lease/);
    expect(f.messageZh).not.toMatch(/租/);
  });

  it('fails for a plot whose contract term has ended, naming the plot and the date', () => {
    const ctx = plotsCtx([plot({ plotId: 'C1' }), plot({ plotId: 'C2', termEnd: '2025-06-14' })]);
    const f = findingOf(ctx, 'C-PLOTS');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['C2', '2025-06-14'], omits: ['C1'] });
  });

  it('a term that ends on the day of the check is still in force', () => {
    const ctx = plotsCtx([plot({ plotId: 'C1', termEnd: AS_OF })]);
    expect(findingOf(ctx, 'C-PLOTS').passed).toBe(true);
  });

  it("fails for a plot mortgaged without the mortgagee's consent, passes with it", () => {
    const without = plotsCtx([plot({ plotId: 'C1', status: 'mortgaged', mortgageeConsent: false })]);
    expectFinding(findingOf(without, 'C-PLOTS'), { passed: false, clause: CONTRACT_CLAUSE, names: ['C1'] });
    const withConsent = plotsCtx([plot({ plotId: 'C1', status: 'mortgaged', mortgageeConsent: true })]);
    expect(findingOf(withConsent, 'C-PLOTS').passed).toBe(true);
  });

  it('fails for a household with no contract plots', () => {
    const f = findingOf(plotsCtx([]), 'C-PLOTS');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE });
    expect(f.messageZh).toContain('没有承包地');
    expect(f.messageEn).toMatch(/no contract land/);
  });

  it('a partial exit must name at least one plot, even if the application skipped validation', () => {
    const app = { ...contractApp(), scope: 'partial' as const, plotIds: undefined };
    const f = findingOf(makeContractContext({ application: app }), 'C-PLOTS');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE });
    expect(f.messageEn).toMatch(/at least one plot/);
    const empty = { ...app, plotIds: [] };
    expect(findingOf(makeContractContext({ application: empty }), 'C-PLOTS').passed).toBe(false);
  });
});

describe('C-NO-DUPLICATE: no other open case covers the same plot', () => {
  const withOpen = (plotIds: string[], app = contractApp({ scope: 'partial', plotIds: ['C1'] })) =>
    makeContractContext({
      application: app,
      otherOpenCases: [{ caseId: 'CASE-0077', type: 'contract_land_exit', parcelIds: [], plotIds }],
    });

  it('passes when the other open case covers another plot', () => {
    expectFinding(findingOf(withOpen(['C2']), 'C-NO-DUPLICATE'), { passed: true, clause: CONTRACT_CLAUSE });
  });

  it('fails naming the plot and the case that already covers it', () => {
    const f = findingOf(withOpen(['C1']), 'C-NO-DUPLICATE');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['C1', 'CASE-0077'], omits: ['C2'] });
    expect(f.subjects).toEqual(['C1']);
  });

  it('scope all clashes with an open case on any of the household plots', () => {
    const f = findingOf(withOpen(['C2'], contractApp({ scope: 'all' })), 'C-NO-DUPLICATE');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['C2', 'CASE-0077'] });
  });

  it('says the plot is already exited when the other case has signed or closed', () => {
    const ctx = makeContractContext({
      application: contractApp({ scope: 'partial', plotIds: ['C1'] }),
      otherOpenCases: [
        { caseId: 'CASE-0078', type: 'contract_land_exit', parcelIds: [], plotIds: ['C1'], exited: true },
      ],
    });
    const f = findingOf(ctx, 'C-NO-DUPLICATE');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE, names: ['C1', 'CASE-0078'] });
    expect(f.messageZh).toContain('该地块已退出');
  });

  it(`a case covering more than ${MAX_LAND_PER_CASE} plots fails: each is claimed in one transaction`, () => {
    const many = Array.from({ length: MAX_LAND_PER_CASE + 1 }, (_, i) => plot({ plotId: `C${i + 1}` }));
    const ctx = makeContractContext({ application: contractApp({ scope: 'all' }) });
    const f = findingOf({ ...ctx, household: { ...ctx.household, contractPlots: many } }, 'C-NO-DUPLICATE');
    expect(f.passed).toBe(false);
    expect(f.messageEn).toContain(`at most ${MAX_LAND_PER_CASE} plots`);
    const fits = many.slice(0, MAX_LAND_PER_CASE);
    const ok = findingOf({ ...ctx, household: { ...ctx.household, contractPlots: fits } }, 'C-NO-DUPLICATE');
    expect(ok.passed).toBe(true);
  });

  it('an open homestead case does not clash with contract plots', () => {
    const ctx = makeContractContext({
      otherOpenCases: [{ caseId: 'CASE-0001', type: 'homestead_exit', parcelIds: ['P1'], plotIds: [] }],
    });
    expect(findingOf(ctx, 'C-NO-DUPLICATE').passed).toBe(true);
  });
});

describe('C-PILOT', () => {
  it('passes in an open district', () => {
    expectFinding(findingOf(makeContractContext(), 'C-PILOT'), { passed: true, clause: CONTRACT_CLAUSE });
  });

  it('fails when the programme is closed, naming the district', () => {
    const f = findingOf(makeContractContext({ params: makeParams({ programmeOpen: false }) }), 'C-PILOT');
    expectFinding(f, { passed: false, clause: CONTRACT_CLAUSE });
    expect(f.messageZh).toContain('淄川区');
    expect(f.messageEn).toContain('Zichuan');
    expect(f.subjects).toEqual(['370302']);
  });
});

describe('isEligible', () => {
  it('is true only when every finding passed', () => {
    const pass = findingOf(makeContext(), 'H-PILOT');
    const fail = { ...pass, passed: false };
    expect(isEligible([pass, pass])).toBe(true);
    expect(isEligible([pass, fail])).toBe(false);
    expect(isEligible([fail])).toBe(false);
  });

  it('is false for no findings at all (nothing was checked)', () => {
    expect(isEligible([])).toBe(false);
  });

  it('agrees with assessEligibility on a single failing rule', () => {
    const ctx = makeContext({ application: homesteadApp({ consents: consentsFor(['m1']) }) });
    expect(isEligible(assessEligibility(ctx))).toBe(false);
  });
});
