/**
 * Policy parameters: the illustrative defaults of DOMAIN.md (converted by hand from yuan to fen and from
 * percentages to basis points) and the choice of the version in force.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DistrictCode } from '../../shared/domain/model/common.js';
import { DISTRICTS } from '../../shared/domain/model/common.js';
import type { PolicyParameters } from '../../shared/domain/model/policy.js';
import { policyParametersSchema } from '../../shared/domain/model/policy.js';
import { ILLUSTRATIVE_PARAMETERS, illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { NoParametersInForceError, parametersInForce } from '../../shared/domain/policy/parametersInForce.js';

const ALL_DISTRICTS: readonly DistrictCode[] = [
  '370302', // 淄川 Zichuan
  '370303', // 张店 Zhangdian
  '370304', // 博山 Boshan
  '370305', // 临淄 Linzi
  '370306', // 周村 Zhoucun
  '370321', // 桓台 Huantai
  '370322', // 高青 Gaoqing
  '370323', // 沂源 Yiyuan
];

describe('illustrative parameters', () => {
  it('exist for all eight Zibo districts and parse with policyParametersSchema', () => {
    expect(Object.keys(DISTRICTS).sort()).toEqual([...ALL_DISTRICTS].sort());
    expect(ILLUSTRATIVE_PARAMETERS.map((p) => p.districtCode).sort()).toEqual([...ALL_DISTRICTS].sort());
    for (const p of ILLUSTRATIVE_PARAMETERS) {
      expect(policyParametersSchema.parse(p)).toEqual(p);
      expect(p.programmeOpen).toBe(true); // all eight districts are open by default
      expect(p.effectiveFrom).toBe('2020-01-01');
    }
    expect(new Set(ILLUSTRATIVE_PARAMETERS.map((p) => p.version)).size).toBe(8);
  });

  it.each([
    ['370302', 'national'], // Zichuan
    ['370304', 'national'], // Boshan
    ['370306', 'provincial'], // Zhoucun
    ['370321', 'provincial'], // Huantai
    ['370322', 'provincial'], // Gaoqing
    ['370303', 'none'],
    ['370305', 'none'],
    ['370323', 'none'],
  ] as const)('district %s is a %s pilot', (code, level) => {
    expect(illustrativeParameters(code).pilotLevel).toBe(level);
  });

  it('carry the figures of DOMAIN.md, in fen and basis points', () => {
    const p = illustrativeParameters('370306');
    const { version, districtCode, pilotLevel, ...figures } = p;
    expect(version).toBe('370306-2020-01');
    expect(districtCode).toBe('370306');
    expect(pilotLevel).toBe('provincial');
    expect(figures).toEqual({
      effectiveFrom: '2020-01-01',
      programmeOpen: true,
      landRateFenPerM2: { '1': 50_000, '2': 30_000, '3': 15_000 }, // 500 / 300 / 150 yuan
      excessRateBp: 2_200, // 22%
      standardAreaM2: 200,
      structureRateFenPerM2: {
        brick_concrete: 80_000,
        brick_wood: 55_000,
        earth_wood: 30_000,
        simple: 15_000,
      },
      yearlyDepreciationBp: 200, // 2% a year
      minNewnessBp: 4_000, // 0.4
      attachmentRateFen: { well: 150_000, wall: 6_000, tree: 8_000, shed: 12_000 }, // 1 500, 60, 80, 120 yuan
      cashPremiumBp: 1_000, // 10%
      rewardRateBp: 500, // 5%
      rewardDays: 90,
      perCapitaAreaM2: 35,
      maxAreaM2: 140,
      resettlementUnitPriceFenPerM2: { urban_housing: 450_000, town_housing: 320_000 }, // 4 500 / 3 200 yuan
      annualRentFenPerMu: { '1': 100_000, '2': 90_000, '3': 80_000 }, // 1 000 / 900 / 800 yuan
      permanentYears: 30,
      publicNoticeDays: 7,
      coolingOffDays: 15, // 冷静期 (wave 2)
      fourEyesThresholdFen: 50_000_000, // ¥500 000
      // issue 16 (this system's choice, not DOMAIN.md): a replenishment above ¥1 000 000 needs a second fund_admin
      replenishmentFourEyesThresholdFen: 100_000_000,
      // wave 2: 资格权 20 000 yuan a registered member; equity premium 0 %; redemption cap 5 % a year
      qualificationFenPerMember: 2_000_000,
      equityPremiumBp: 0,
      equityRedemptionCapBp: 500,
      nonFarmIncomeMonths: 36,
      urbanResidenceMonths: 24,
      // review 15, town 10, district 10, choice 30, fund review 10 days (DOMAIN.md, wave 2 for the
      // town and the district); resubmission and re-escalation are this system's choice
      deadlines: {
        reviewDays: 15,
        townReviewDays: 10,
        districtApprovalDays: 10,
        resubmissionDays: expect.any(Number),
        choiceDays: 30,
        fundReviewDays: 10,
        // the escalation ladder: after a missed deadline, the next level up is told every 5 days
        reEscalationDays: 5,
        // the land leg (wave 2): 腾退 90, 处置 180, 注销 30 days; 承包地交回 30
        vacatedDays: 90,
        disposedDays: 180,
        cancelledDays: 30,
        handedOverDays: 30,
        // who pays (wave 2): the collective's payment and the household's receipt, this system's 30 days
        collectivePaymentDays: 30,
      },
    });
  });

  it('differ between districts only in district, version and pilot level', () => {
    const strip = ({ version: _v, districtCode: _d, pilotLevel: _p, ...rest }: PolicyParameters) => rest;
    const [first, ...others] = ILLUSTRATIVE_PARAMETERS.map(strip);
    for (const o of others) expect(o).toEqual(first);
  });

  it('the schema refuses figures a rule could not use exactly', () => {
    const p = illustrativeParameters('370302');
    expect(policyParametersSchema.safeParse({ ...p, standardAreaM2: 200.005 }).success).toBe(false);
    expect(policyParametersSchema.safeParse({ ...p, excessRateBp: 22.5 }).success).toBe(false);
    expect(policyParametersSchema.safeParse({ ...p, minNewnessBp: 10_001 }).success).toBe(false);
    expect(policyParametersSchema.safeParse({ ...p, districtCode: '370399' }).success).toBe(false);
    expect(policyParametersSchema.safeParse({ ...p, extra: 1 }).success).toBe(false);
  });
});

describe('parametersInForce', () => {
  const version = (districtCode: DistrictCode, name: string, effectiveFrom: string): PolicyParameters =>
    policyParametersSchema.parse({
      ...illustrativeParameters(districtCode),
      version: `${districtCode}-${name}`,
      effectiveFrom,
    });
  const v2020 = version('370302', 'v2020', '2020-01-01');
  const v2024 = version('370302', 'v2024', '2024-07-01');
  const v2026 = version('370302', 'v2026', '2026-01-01');
  const boshan2019 = version('370304', 'v2019', '2019-01-01');
  const versions = [v2024, boshan2019, v2026, v2020]; // deliberately out of order

  it.each([
    ['2020-01-01', 'v2020'], // effective on its first day
    ['2024-06-30', 'v2020'],
    ['2024-07-01', 'v2024'],
    ['2025-12-31', 'v2024'],
    ['2026-01-01', 'v2026'],
    ['2030-05-05', 'v2026'],
    ['2026-01-01T00:00:00.000Z', 'v2026'], // a date-time is read as its date
  ])('on %s picks %s', (onDate, name) => {
    expect(parametersInForce(versions, '370302', onDate).version).toBe(`370302-${name}`);
  });

  it('throws NoParametersInForceError before the first version (other districts do not count)', () => {
    let error: unknown;
    try {
      parametersInForce(versions, '370302', '2019-12-31');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NoParametersInForceError);
    expect((error as NoParametersInForceError).districtCode).toBe('370302');
    expect((error as NoParametersInForceError).onDate).toBe('2019-12-31');
    expect((error as Error).message).toContain('370302');
    expect(() => parametersInForce(versions, '370303', '2025-01-01')).toThrow(NoParametersInForceError);
    expect(() => parametersInForce([], '370302', '2025-01-01')).toThrow(NoParametersInForceError);
  });

  it('picks only the given district', () => {
    expect(parametersInForce(versions, '370304', '2025-01-01').version).toBe('370304-v2019');
  });

  it('refuses two versions in force from the same day, but not when a later one supersedes them', () => {
    const twin = version('370302', 'v2024b', '2024-07-01');
    const withTwin = [...versions, twin];
    expect(() => parametersInForce(withTwin, '370302', '2024-08-01')).toThrow(/ambiguous.*v2024/);
    expect(parametersInForce(withTwin, '370302', '2024-06-30').version).toBe('370302-v2020');
    expect(parametersInForce(withTwin, '370302', '2026-02-01').version).toBe('370302-v2026');
  });

  it('is the latest version not after the date, whatever the order (property)', () => {
    const dayArb = fc
      .integer({ min: 0, max: 20 * 366 })
      .map((d) => new Date(Date.UTC(2015, 0, 1) + d * 86_400_000));
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    fc.assert(
      fc.property(
        fc.uniqueArray(dayArb, { minLength: 1, maxLength: 8, selector: (d) => d.getTime() }),
        dayArb,
        (days, on) => {
          const vs = days.map((d, i) => version('370302', `v${i}`, iso(d)));
          const eligible = vs.filter((v) => v.effectiveFrom <= iso(on));
          if (eligible.length === 0) {
            expect(() => parametersInForce(vs, '370302', iso(on))).toThrow(NoParametersInForceError);
            return;
          }
          const latest = eligible.reduce((a, b) => (b.effectiveFrom > a.effectiveFrom ? b : a));
          expect(parametersInForce(vs, '370302', iso(on))).toBe(latest);
          expect(parametersInForce([...vs].reverse(), '370302', iso(on))).toBe(latest);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
