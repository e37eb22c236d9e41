/**
 * Equity exit (集体资产股权有偿退出, 二(二)5, DOMAIN.md wave 2): the five rules, the price, and the yearly
 * redemption cap (防范大规模赎回). Every expected figure is worked out here, independently of the code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { equityOffer } from '../../shared/domain/compensation/equity.js';
import { offersFor } from '../../shared/domain/compensation/offers.js';
import { checkRedemption, redemptionCapShares, ziboYear } from '../../shared/domain/equity/redemption.js';
import type { EligibilityContext, EquityApplication, Finding, RuleId } from '../../shared/domain/index.js';
import {
  applicationSchema,
  assessEligibility,
  EQUITY_RULE_IDS,
  findingSchema,
  isEligible,
  offerSchema,
} from '../../shared/domain/index.js';
import {
  ADULT_CONSENTS,
  consentsFor,
  HEAD,
  HOUSEHOLD_ID,
  makeContext,
  makeHousehold,
  makeParams,
  makeVillage,
} from './fixtures.js';

const EQUITY_CLAUSE = '二(二)5';
const RUNS = { numRuns: 1000 };

function equityApp(shares: number, consents: readonly string[] = ADULT_CONSENTS): EquityApplication {
  const app = applicationSchema.parse({
    type: 'equity_exit',
    householdId: HOUSEHOLD_ID,
    shares,
    consents: consentsFor(consents),
    declarations: { voluntary: true },
  });
  if (app.type !== 'equity_exit') throw new Error('fixture: not an equity application');
  return app;
}

/** The fixture household (30 months in town, 3 shares) giving up `shares`; every rule passes for 1..3. */
function equityContext(shares = 2, overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return makeContext({ application: equityApp(shares), ...overrides });
}

function findingOf(ctx: EligibilityContext, ruleId: RuleId): Finding {
  const found = assessEligibility(ctx).filter((f) => f.ruleId === ruleId);
  expect(found, `exactly one ${ruleId} finding`).toHaveLength(1);
  const f = found[0] as Finding;
  expect(findingSchema.parse(f)).toEqual(f);
  return f;
}

/** Passed or failed under 二(二)5, with both reasons naming every given figure. */
function expectFinding(f: Finding, passed: boolean, names: readonly string[] = []): void {
  expect(f.passed).toBe(passed);
  expect(f.clause).toBe(EQUITY_CLAUSE);
  expect(f.messageZh).toMatch(/[\u4e00-\u9fff]/);
  expect(f.messageEn.length).toBeGreaterThan(0);
  for (const name of names) {
    expect(f.messageZh).toContain(name);
    expect(f.messageEn).toContain(name);
  }
}

describe('equity eligibility (E-*, 二(二)5)', () => {
  it('the fixture household passes every rule, in the brief order, each under 二(二)5', () => {
    const findings = assessEligibility(equityContext());
    expect(findings.map((f) => f.ruleId)).toEqual([...EQUITY_RULE_IDS]);
    for (const f of findings) expectFinding(f, true);
    expect(isEligible(findings)).toBe(true);
  });

  it('every rule runs even when several fail, so the household learns every reason at once', () => {
    const ctx = equityContext(9, {
      household: makeHousehold({
        nonFarm: { socialInsuranceMonths: 0, urbanResidenceMonths: 0, businessLicenceMonths: 0 },
      }),
      params: makeParams({ programmeOpen: false }),
    });
    const findings = assessEligibility(ctx);
    expect(findings.map((f) => f.ruleId)).toEqual([...EQUITY_RULE_IDS]);
    expect(findings.filter((f) => !f.passed).map((f) => f.ruleId)).toEqual([
      'E-SETTLED',
      'E-SHARES',
      'E-PILOT',
    ]);
    expect(isEligible(findings)).toBe(false);
  });

  it('E-VOLUNTARY passes with every adult consenting and fails naming the adult who has not', () => {
    expectFinding(findingOf(equityContext(), 'E-VOLUNTARY'), true, ['2']);
    const ctx = equityContext(2, { application: equityApp(2, [HEAD.memberId]) });
    const f = findingOf(ctx, 'E-VOLUNTARY');
    expectFinding(f, false);
    expect(f.messageZh).toContain('李四');
    expect(f.messageEn).toContain('李四');
    expect(f.subjects).toEqual(['m2']);
  });

  it('E-SETTLED: long-term urban residence; the months held and needed, at the exact threshold', () => {
    const withMonths = (urbanResidenceMonths: number) =>
      equityContext(2, {
        household: makeHousehold({
          nonFarm: { socialInsuranceMonths: 0, urbanResidenceMonths, businessLicenceMonths: 0 },
        }),
      });
    // no non-farm income is asked for: 24 months in town (the default threshold) is enough
    expectFinding(findingOf(withMonths(24), 'E-SETTLED'), true, ['24']);
    expectFinding(findingOf(equityContext(), 'E-SETTLED'), true, ['30', '24']);
    const f = findingOf(withMonths(23), 'E-SETTLED');
    expectFinding(f, false, ['23', '24']);
    expect(f.messageZh).toContain('不足');
    const stricter = equityContext(2, { params: makeParams({ urbanResidenceMonths: 36 }) });
    expectFinding(findingOf(stricter, 'E-SETTLED'), false, ['30', '36']);
  });

  it('E-SHARES: at most the shares held; some or all of them', () => {
    expectFinding(findingOf(equityContext(2), 'E-SHARES'), true, ['3', '2', '1']);
    const all = findingOf(equityContext(3), 'E-SHARES');
    expectFinding(all, true, ['3']);
    expect(all.messageZh).toContain('全部');
  });

  it('E-SHARES fails for more shares than held, naming both numbers', () => {
    const f = findingOf(equityContext(4), 'E-SHARES');
    expectFinding(f, false, ['4', '3']);
    expect(f.messageZh).toContain('超过');
  });

  it('E-SHARES fails for a household that holds no shares, whatever it names', () => {
    const ctx = equityContext(1, {
      household: makeHousehold({
        rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 0 },
      }),
    });
    const f = findingOf(ctx, 'E-SHARES');
    expectFinding(f, false, ['0', '1']);
    expect(f.messageEn).toContain('holds no collective shares');
  });

  it('E-NO-DUPLICATE: another open equity exit of the household blocks, naming it and its shares', () => {
    const ctx = equityContext(1, {
      otherOpenCases: [{ caseId: 'CASE-0099', type: 'equity_exit', parcelIds: [], plotIds: [], shares: 2 }],
    });
    const f = findingOf(ctx, 'E-NO-DUPLICATE');
    expectFinding(f, false, ['CASE-0099', '2']);
    expect(f.subjects).toEqual(['CASE-0099']);
  });

  it('E-NO-DUPLICATE: a signed or closed equity exit, and open land cases, do not block', () => {
    const ctx = equityContext(1, {
      otherOpenCases: [
        { caseId: 'CASE-0007', type: 'equity_exit', parcelIds: [], plotIds: [], shares: 1, exited: true },
        { caseId: 'CASE-0008', type: 'homestead_exit', parcelIds: ['P1'], plotIds: [] },
        { caseId: 'CASE-0009', type: 'contract_land_exit', parcelIds: [], plotIds: ['C1'] },
      ],
    });
    const f = findingOf(ctx, 'E-NO-DUPLICATE');
    expectFinding(f, true);
    expect(f.messageZh).not.toContain('CASE-');
  });

  it('E-PILOT: the programme must be open in the village district', () => {
    expectFinding(findingOf(equityContext(), 'E-PILOT'), true);
    const closed = findingOf(equityContext(2, { params: makeParams({ programmeOpen: false }) }), 'E-PILOT');
    expectFinding(closed, false);
    expect(closed.subjects).toEqual(['370302']);
    // parameters of another district do not open this one
    const elsewhere = equityContext(2, {
      village: makeVillage({ villageCode: '370303101201', districtCode: '370303' }),
    });
    expectFinding(findingOf(elsewhere, 'E-PILOT'), false);
  });
});

/* ------------------------------------------------------------------------------------------------
 * The price: shares × share value, plus the premium rounded half-up on its own.
 * ---------------------------------------------------------------------------------------------- */

/** Independent reckoning: BigInt products, half-up by quotient and remainder (not the code's formula). */
function expectedPrice(shares: number, shareValueFen: number, bp: number) {
  const sharesFen = BigInt(shares) * BigInt(shareValueFen);
  const product = sharesFen * BigInt(bp);
  const premiumFen = product / 10_000n + (product % 10_000n >= 5_000n ? 1n : 0n);
  return {
    sharesFen: Number(sharesFen),
    premiumFen: Number(premiumFen),
    total: Number(sharesFen + premiumFen),
  };
}

describe('equity price (shares × share value × (1 + premium))', () => {
  it('worked example, no premium (the illustrative default): 3 × 1 234.56 yuan = 3 703.68 yuan', () => {
    const o = equityOffer({ shares: 3, shareValueFen: 123_456, params: makeParams() });
    expect(offerSchema.parse(o)).toEqual(o);
    expect(o.option).toBe('cash');
    expect(o.amountFen).toBe(370_368);
    expect(o.amountWithoutRewardFen).toBe(370_368);
    expect(o.breakdown).toEqual({
      landFen: 0,
      buildingFen: 0,
      attachmentsFen: 0,
      premiumFen: 0,
      rewardFen: 0,
      sharesFen: 370_368,
    });
    expect(o.lines).toEqual([
      { component: 'shares', subject: 'equity_shares', formula: '3 股 × 1,234.56 元/股', amountFen: 370_368 },
    ]);
    expect(o.rewardDeadline).toBeUndefined();
  });

  it('worked example with a 2.5 % premium: 370 368 × 2.5 % = 9 259.2 → 9 259 fen', () => {
    const o = equityOffer({
      shares: 3,
      shareValueFen: 123_456,
      params: makeParams({ equityPremiumBp: 250 }),
    });
    expect(o.breakdown.premiumFen).toBe(9_259);
    expect(o.amountFen).toBe(379_627);
    expect(o.lines.map((l) => [l.component, l.formula, l.amountFen])).toEqual([
      ['shares', '3 股 × 1,234.56 元/股', 370_368],
      ['premium', '3,703.68 × 2.50%', 9_259],
    ]);
  });

  it('the premium is rounded half-up: 2 fen × 25 % = 0.5 → 1 fen, 2 fen × 24.99 % → 0', () => {
    expect(equityOffer({ shares: 2, shareValueFen: 1, params: { equityPremiumBp: 2_500 } }).amountFen).toBe(
      3,
    );
    expect(equityOffer({ shares: 2, shareValueFen: 1, params: { equityPremiumBp: 2_499 } }).amountFen).toBe(
      2,
    );
  });

  it('large holdings stay exact: 1 000 000 shares × 10 000 000 fen', () => {
    const o = equityOffer({ shares: 1_000_000, shareValueFen: 10_000_000, params: { equityPremiumBp: 0 } });
    expect(o.amountFen).toBe(10_000_000_000_000);
    expect(o.lines[0]?.formula).toBe('1,000,000 股 × 100,000.00 元/股');
  });

  it('refuses shares that are not a whole number of at least one', () => {
    for (const shares of [0, -1, 1.5]) {
      expect(() => equityOffer({ shares, shareValueFen: 100, params: { equityPremiumBp: 0 } })).toThrow(
        RangeError,
      );
    }
  });

  it('property: equals the independent reckoning to the fen, with a premium line only above 0 %', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (shares, shareValueFen, bp) => {
          const o = equityOffer({ shares, shareValueFen, params: { equityPremiumBp: bp } });
          const want = expectedPrice(shares, shareValueFen, bp);
          offerSchema.parse(o);
          expect(o.amountFen).toBe(want.total);
          expect(o.amountWithoutRewardFen).toBe(want.total);
          expect(o.breakdown.sharesFen).toBe(want.sharesFen);
          expect(o.breakdown.premiumFen).toBe(want.premiumFen);
          expect(o.breakdown.rewardFen).toBe(0);
          expect(o.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(want.total);
          expect(o.lines.map((l) => l.component)).toEqual(bp > 0 ? ['shares', 'premium'] : ['shares']);
          expect(o.lines[0]?.formula).toMatch(/^[\d,]+ 股 × [\d,]+\.\d\d 元\/股$/);
        },
      ),
      RUNS,
    );
  });

  it('offersFor prices an equity case at the share value it is given, and refuses without one', () => {
    const params = makeParams({ equityPremiumBp: 100 });
    const app = equityApp(2);
    const offers = offersFor(app, makeHousehold(), 2, params, '2026-03-01T02:00:00.000Z', {
      shareValueFen: 50_000,
    });
    // 2 × 500.00 yuan = 100 000 fen, + 1 % = 1 000 fen
    expect(offers).toEqual([equityOffer({ shares: 2, shareValueFen: 50_000, params })]);
    expect(offers[0]?.amountFen).toBe(101_000);
    expect(() => offersFor(app, makeHousehold(), 2, params, '2026-03-01T02:00:00.000Z')).toThrow(
      /share value/,
    );
  });

  it('the agreement of an equity exit gives up the shares named, by number, and pays the whole price', () => {
    const app = equityApp(2);
    const offers = [equityOffer({ shares: 2, shareValueFen: 50_000, params: makeParams() })];
    const a = signAgreement({
      agreementId: 'AG-1',
      caseId: 'CASE-1',
      application: app,
      plotIdsInScope: [],
      offers,
      option: 'cash',
      offeredAt: '2026-03-01T02:00:00.000Z',
      rewardDays: 90,
      signedAt: '2026-03-02T02:00:00.000Z',
      parametersVersion: 'v1',
      documentKey: 'doc',
    });
    expect(a.surrendered).toEqual([{ right: 'equity_shares', items: [], shares: 2 }]);
    expect(a.payableFen).toBe(100_000);
    expect(a.rewardIncluded).toBe(false);
  });
});

/* ------------------------------------------------------------------------------------------------
 * The yearly redemption cap (防范大规模赎回).
 * ---------------------------------------------------------------------------------------------- */

describe('redemption cap', () => {
  it('is floor(total × cap / 10 000): never above the share of the total the policy allows', () => {
    expect(redemptionCapShares(10_000, 500)).toBe(500);
    expect(redemptionCapShares(10_019, 500)).toBe(500); // 500.95 → 500
    expect(redemptionCapShares(199, 500)).toBe(9); // 9.95 → 9
    expect(redemptionCapShares(19, 500)).toBe(0);
    expect(redemptionCapShares(10_000, 0)).toBe(0);
    expect(redemptionCapShares(10_000, 10_000)).toBe(10_000);
  });

  it('property: the cap is the largest whole number of shares within the allowed share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (total, bp) => {
          const cap = redemptionCapShares(total, bp);
          const allowedTimes10k = total * bp; // exact: at most 10^12
          expect(cap * 10_000).toBeLessThanOrEqual(allowedTimes10k);
          expect((cap + 1) * 10_000).toBeGreaterThan(allowedTimes10k);
        },
      ),
      RUNS,
    );
  });

  const base = { totalShares: 10_000, capBp: 500, redeemedShares: 480, year: 2026 };

  it('exactly at the cap is allowed', () => {
    const r = checkRedemption({ ...base, shares: 20 });
    expect(r).toMatchObject({
      allowed: true,
      capShares: 500,
      redeemedShares: 480,
      requestedShares: 20,
      remainingShares: 20,
    });
    expect(r.messageZh).toContain('在上限之内');
  });

  it('one share over is refused, with every figure in both languages', () => {
    const r = checkRedemption({ ...base, shares: 30 });
    expect(r.allowed).toBe(false);
    expect(r.remainingShares).toBe(20);
    expect(r.messageZh).toContain(
      '本集体 2026 年度股权回购上限为 500 股（总股本 10 000 股的 5%），已回购 480 股，本案 30 股将超出上限',
    );
    for (const figure of ['2026', '500', '10,000', '5%', '480', '30', '20']) {
      expect(r.messageEn).toContain(figure);
    }
    expect(checkRedemption({ ...base, shares: 21 }).allowed).toBe(false);
  });

  it('a year already past its cap (the cap lowered mid-year) has nothing left', () => {
    const r = checkRedemption({ ...base, redeemedShares: 520, shares: 1 });
    expect(r.allowed).toBe(false);
    expect(r.remainingShares).toBe(0);
  });

  it('property: allowed exactly when redeemed + shares ≤ the floored cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (totalShares, capBp, redeemedShares, shares) => {
          const product = totalShares * capBp;
          const cap = (product - (product % 10_000)) / 10_000;
          const r = checkRedemption({ totalShares, capBp, redeemedShares, shares, year: 2026 });
          expect(r.capShares).toBe(cap);
          expect(r.allowed).toBe(redeemedShares + shares <= cap);
          expect(r.remainingShares).toBe(Math.max(0, cap - redeemedShares));
          expect(r.messageZh).toContain(
            `已回购 ${String(redeemedShares).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} 股`,
          );
        },
      ),
      RUNS,
    );
  });

  it('the year is the calendar year in Zibo (UTC+8), not in UTC', () => {
    expect(ziboYear('2025-12-31T15:59:59.000Z')).toBe(2025);
    expect(ziboYear('2025-12-31T16:00:00.000Z')).toBe(2026);
    expect(ziboYear('2026-06-01')).toBe(2026);
  });
});
