/**
 * Property tests of the compensation rules (DOMAIN.md "Compensation", "Exact arithmetic"). Decimals are
 * generated as integers divided by 100 (m2, quantities) or 10 000 (mu), so that they always satisfy
 * the schemas' "at most n decimals" rule, as registry data must.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { contractLandOffer } from '../../shared/domain/compensation/contractLand.js';
import { homesteadOffers, valueHomesteads } from '../../shared/domain/compensation/homestead.js';
import type { Tier } from '../../shared/domain/model/common.js';
import type { AttachmentItem, Structure } from '../../shared/domain/model/household.js';
import type { Offer, ResettlementOption } from '../../shared/domain/model/offer.js';
import { offerSchema } from '../../shared/domain/model/offer.js';
import type { PolicyParameters } from '../../shared/domain/model/policy.js';
import type { HouseholdSpec, ParcelSpec, PlotSpec } from './compensationFixtures.js';
import { homesteadApplication, household, isoPlusDays, PARAMS, paramsWith } from './compensationFixtures.js';

const RUNS = { numRuns: 1000 };
const STRUCTURES: readonly Structure[] = ['brick_concrete', 'brick_wood', 'earth_wood', 'simple'];
const ITEMS: readonly AttachmentItem[] = ['well', 'wall', 'tree', 'shed'];
const TIERS: readonly Tier[] = [1, 2, 3];
const OPTIONS: readonly ResettlementOption[] = ['cash', 'urban_housing', 'town_housing'];

/** A decimal with at most 2 places: integer hundredths / 100. */
const cents = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 100);
const tierArb = fc.constantFrom(...TIERS);
const fen = (max: number) => fc.integer({ min: 0, max });

const parcelArb = (parcelId: string): fc.Arbitrary<ParcelSpec> =>
  fc.record({
    parcelId: fc.constant(parcelId),
    areaM2: cents(100_000),
    building: fc.option(
      fc.record({
        floorAreaM2: cents(60_000),
        structure: fc.constantFrom(...STRUCTURES),
        yearBuilt: fc.integer({ min: 1950, max: 2035 }),
      }),
      { nil: undefined },
    ),
    attachments: fc.array(fc.record({ item: fc.constantFrom(...ITEMS), quantity: cents(10_000) }), {
      maxLength: 4,
    }),
  });

const homesteadsArb = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => parcelArb(`H${i + 1}`))));

interface HomesteadScenario {
  spec: HouseholdSpec & { homesteads: ParcelSpec[] };
  parcelIds: string[];
  tier: Tier;
  offeredAt: string;
  params: PolicyParameters;
}

const paramsArb: fc.Arbitrary<PolicyParameters> = fc.oneof(
  fc.constant(PARAMS),
  fc
    .record({
      land: fc.record({ '1': fen(200_000), '2': fen(200_000), '3': fen(200_000) }),
      excessRateBp: fc.integer({ min: 0, max: 20_000 }),
      standardAreaM2: cents(50_000),
      structure: fc.record({
        brick_concrete: fen(200_000),
        brick_wood: fen(200_000),
        earth_wood: fen(200_000),
        simple: fen(200_000),
      }),
      yearlyDepreciationBp: fc.integer({ min: 0, max: 1_000 }),
      minNewnessBp: fc.integer({ min: 0, max: 10_000 }),
      attachment: fc.record({
        well: fen(500_000),
        wall: fen(500_000),
        tree: fen(500_000),
        shed: fen(500_000),
      }),
      cashPremiumBp: fc.integer({ min: 0, max: 5_000 }),
      rewardRateBp: fc.integer({ min: 0, max: 5_000 }),
      perCapitaAreaM2: cents(10_000),
      maxAreaM2: cents(50_000),
      unit: fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })),
    })
    .map((r) =>
      paramsWith({
        landRateFenPerM2: r.land,
        excessRateBp: r.excessRateBp,
        standardAreaM2: r.standardAreaM2,
        structureRateFenPerM2: r.structure,
        yearlyDepreciationBp: r.yearlyDepreciationBp,
        minNewnessBp: r.minNewnessBp,
        attachmentRateFen: r.attachment,
        cashPremiumBp: r.cashPremiumBp,
        rewardRateBp: r.rewardRateBp,
        perCapitaAreaM2: r.perCapitaAreaM2,
        maxAreaM2: r.maxAreaM2,
        resettlementUnitPriceFenPerM2: { urban_housing: r.unit[0], town_housing: r.unit[1] },
      }),
    ),
);

const offeredAtArb = fc
  .record({ year: fc.integer({ min: 2020, max: 2035 }), day: fc.integer({ min: 0, max: 364 }) })
  .map(({ year, day }) => isoPlusDays(`${year}-01-01T03:00:00.000Z`, day));

const scenarioArb: fc.Arbitrary<HomesteadScenario> = fc
  .record({
    members: fc.integer({ min: 1, max: 8 }),
    homesteads: homesteadsArb,
    tier: tierArb,
    offeredAt: offeredAtArb,
    params: paramsArb,
  })
  .chain((r) =>
    fc
      .subarray(
        r.homesteads.map((p) => p.parcelId),
        { minLength: 1 },
      )
      .map((parcelIds) => ({
        spec: { members: r.members, homesteads: [...r.homesteads] },
        parcelIds,
        tier: r.tier,
        offeredAt: r.offeredAt,
        params: r.params,
      })),
  );

function offersOf(s: HomesteadScenario): Offer[] {
  return homesteadOffers({
    household: household(s.spec),
    tier: s.tier,
    parcelIds: s.parcelIds,
    params: s.params,
    offeredAt: s.offeredAt,
  });
}

function baseOf(s: HomesteadScenario): bigint {
  return valueHomesteads({
    household: household(s.spec),
    tier: s.tier,
    parcelIds: s.parcelIds,
    params: s.params,
    offeredAt: s.offeredAt,
  }).baseFen;
}

function byOption(offers: readonly Offer[], option: ResettlementOption): Offer {
  const o = offers.find((x) => x.option === option);
  if (!o) throw new Error(`missing ${option}`);
  return o;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Replace parcel i of a scenario (index modulo the number of parcels). */
function withParcel(s: HomesteadScenario, i: number, f: (p: ParcelSpec) => ParcelSpec): HomesteadScenario {
  const at = i % s.spec.homesteads.length;
  const homesteads = s.spec.homesteads.map((p, j) => (j === at ? f(p) : p));
  return { ...s, spec: { ...s.spec, homesteads } };
}

function withParams(s: HomesteadScenario, f: (p: PolicyParameters) => Partial<PolicyParameters>) {
  return { ...s, params: paramsWith({ ...s.params, ...f(s.params) }) };
}

const addCents = (value: number, delta: number) => (Math.round(value * 100) + delta) / 100;

type Growth = (s: HomesteadScenario, index: number, delta: number) => HomesteadScenario;

/** Each way a homestead input can grow; none of them may lower any offer. */
const GROWTHS: Record<string, Growth> = {
  'parcel area': (s, i, d) => withParcel(s, i, (p) => ({ ...p, areaM2: addCents(p.areaM2, d) })),
  'floor area': (s, i, d) =>
    withParcel(s, i, (p) =>
      p.building
        ? { ...p, building: { ...p.building, floorAreaM2: addCents(p.building.floorAreaM2, d) } }
        : p,
    ),
  'attachment quantity': (s, i, d) =>
    withParcel(s, i, (p) => {
      const attachments = p.attachments ?? [];
      if (attachments.length === 0) return p;
      const at = i % attachments.length;
      return {
        ...p,
        attachments: attachments.map((a, j) => (j === at ? { ...a, quantity: addCents(a.quantity, d) } : a)),
      };
    }),
  'land rate': (s, i, d) =>
    withParams(s, (p) => {
      const key = String((i % 3) + 1) as '1' | '2' | '3';
      return { landRateFenPerM2: { ...p.landRateFenPerM2, [key]: p.landRateFenPerM2[key] + d } };
    }),
  'excess rate': (s, _i, d) => withParams(s, (p) => ({ excessRateBp: p.excessRateBp + d })),
  'structure rate': (s, i, d) =>
    withParams(s, (p) => {
      const key = STRUCTURES[i % STRUCTURES.length] as Structure;
      return {
        structureRateFenPerM2: { ...p.structureRateFenPerM2, [key]: p.structureRateFenPerM2[key] + d },
      };
    }),
  'attachment rate': (s, i, d) =>
    withParams(s, (p) => {
      const key = ITEMS[i % ITEMS.length] as AttachmentItem;
      return { attachmentRateFen: { ...p.attachmentRateFen, [key]: p.attachmentRateFen[key] + d } };
    }),
  'cash premium': (s, _i, d) => withParams(s, (p) => ({ cashPremiumBp: p.cashPremiumBp + d })),
  'reward rate': (s, _i, d) => withParams(s, (p) => ({ rewardRateBp: p.rewardRateBp + d })),
  'minimum newness': (s, _i, d) =>
    withParams(s, (p) => ({ minNewnessBp: Math.min(10_000, p.minNewnessBp + d) })),
};

describe('homestead compensation properties', () => {
  it('all amounts are integers ≥ 0; only a housing balance may be negative', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const offers = offersOf(s);
        expect(offers.map((o) => o.option)).toEqual(OPTIONS);
        for (const o of offers) {
          offerSchema.parse(o); // non-negative safe integers for amounts, breakdown and lines
          const amounts = [
            o.amountFen,
            o.amountWithoutRewardFen,
            ...Object.values(o.breakdown),
            ...o.lines.map((l) => l.amountFen),
            ...(o.priceFen === undefined ? [] : [o.priceFen]),
          ];
          for (const a of amounts) {
            expect(Number.isSafeInteger(a)).toBe(true);
            expect(a).toBeGreaterThanOrEqual(0);
          }
          if (o.option === 'cash') {
            expect(o.balanceFen).toBeUndefined();
          } else {
            expect(Number.isSafeInteger(o.balanceFen)).toBe(true);
            expect(Number.isSafeInteger(o.balanceWithoutRewardFen)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it.each(Object.keys(GROWTHS))('no offer decreases when the %s grows', (name) => {
    const grow = GROWTHS[name] as Growth;
    fc.assert(
      fc.property(
        scenarioArb,
        fc.nat({ max: 100 }),
        fc.integer({ min: 1, max: 50_000 }),
        (s, index, delta) => {
          const before = offersOf(s);
          const after = offersOf(grow(s, index, delta));
          for (const option of OPTIONS) {
            const b = byOption(before, option);
            const a = byOption(after, option);
            expect(a.amountFen).toBeGreaterThanOrEqual(b.amountFen);
            expect(a.amountWithoutRewardFen).toBeGreaterThanOrEqual(b.amountWithoutRewardFen);
            // the housing price does not depend on any of these, so the balance cannot fall either
            expect(a.priceFen).toBe(b.priceFen);
            if (b.balanceFen !== undefined) {
              expect(a.balanceFen).toBeGreaterThanOrEqual(b.balanceFen);
              expect(a.balanceWithoutRewardFen).toBeGreaterThanOrEqual(b.balanceWithoutRewardFen as number);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('the cash offer is at least the base, and at least the housing compensation', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const offers = offersOf(s);
        const base = Number(baseOf(s));
        const cash = byOption(offers, 'cash');
        expect(cash.amountWithoutRewardFen).toBeGreaterThanOrEqual(base);
        expect(cash.amountFen).toBeGreaterThanOrEqual(cash.amountWithoutRewardFen);
        for (const option of ['urban_housing', 'town_housing'] as const) {
          const housing = byOption(offers, option);
          expect(housing.amountWithoutRewardFen).toBe(base);
          expect(cash.amountFen).toBeGreaterThanOrEqual(housing.amountFen);
        }
      }),
      RUNS,
    );
  });

  it('offers equal the sum of their rounded lines (minus the housing price for the balance)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const offers = offersOf(s);
        const cash = byOption(offers, 'cash');
        const b = cash.breakdown;
        expect(sum(cash.lines.map((l) => l.amountFen))).toBe(cash.amountFen);
        expect(b.landFen + b.buildingFen + b.attachmentsFen + b.premiumFen + b.rewardFen).toBe(
          cash.amountFen,
        );
        expect(cash.amountFen - b.rewardFen).toBe(cash.amountWithoutRewardFen);
        const byComponent = (o: Offer, c: string) =>
          sum(o.lines.filter((l) => l.component === c).map((l) => l.amountFen));
        expect(byComponent(cash, 'land_within_standard') + byComponent(cash, 'land_excess')).toBe(b.landFen);
        expect(byComponent(cash, 'building')).toBe(b.buildingFen);
        expect(byComponent(cash, 'attachment')).toBe(b.attachmentsFen);
        expect(byComponent(cash, 'premium')).toBe(b.premiumFen);
        expect(byComponent(cash, 'reward')).toBe(b.rewardFen);
        for (const option of ['urban_housing', 'town_housing'] as const) {
          const o = byOption(offers, option);
          const price = o.lines.filter((l) => l.component === 'housing_price');
          expect(price).toHaveLength(1);
          expect(price[0]?.amountFen).toBe(o.priceFen);
          expect(byComponent(o, 'premium')).toBe(0);
          const others = sum(o.lines.filter((l) => l.component !== 'housing_price').map((l) => l.amountFen));
          expect(others).toBe(o.amountFen);
          expect(others - (o.priceFen as number)).toBe(o.balanceFen);
          expect(o.amountWithoutRewardFen - (o.priceFen as number)).toBe(o.balanceWithoutRewardFen);
          expect(o.amountFen - o.amountWithoutRewardFen).toBe(b.rewardFen);
        }
      }),
      RUNS,
    );
  });

  it('the entitled area is min(members × perCapita, max) and the price is that area × unit price', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const offers = offersOf(s);
        const perCapita = Math.round(s.params.perCapitaAreaM2 * 100);
        const max = Math.round(s.params.maxAreaM2 * 100);
        const entitledCents = Math.min(s.spec.members * perCapita, max);
        for (const option of ['urban_housing', 'town_housing'] as const) {
          const o = byOption(offers, option);
          expect(Math.round((o.entitledAreaM2 as number) * 100)).toBe(entitledCents);
          // cents × fen/m2 / 100, rounded half up (exact in integers)
          const unit = s.params.resettlementUnitPriceFenPerM2[option];
          expect(o.priceFen).toBe(Math.floor((entitledCents * unit * 2 + 100) / 200));
        }
      }),
      RUNS,
    );
  });

  it('amounts are deterministic and the input is not modified', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const h = household(s.spec);
        const input = {
          household: h,
          tier: s.tier,
          parcelIds: s.parcelIds,
          params: s.params,
          offeredAt: s.offeredAt,
        };
        const snapshot = structuredClone(input);
        const first = homesteadOffers(input);
        const second = homesteadOffers(structuredClone(input));
        expect(second).toEqual(first);
        expect(homesteadOffers(input)).toEqual(first);
        expect(input).toEqual(snapshot);
      }),
      RUNS,
    );
  });

  it('the signed amount follows the reward deadline and payable = max(0, balance)', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom(...OPTIONS),
        fc.integer({ min: 0, max: 200 * 86_400 }),
        (s, option, seconds) => {
          const offers = offersOf(s);
          const offer = byOption(offers, option);
          const signedAt = new Date(new Date(s.offeredAt).getTime() + seconds * 1000).toISOString();
          const a = signAgreement({
            agreementId: 'AG1',
            caseId: 'C1',
            application: homesteadApplication(s.parcelIds),
            plotIdsInScope: [],
            offers,
            option,
            offeredAt: s.offeredAt,
            rewardDays: s.params.rewardDays,
            signedAt,
            parametersVersion: s.params.version,
            documentKey: 'doc',
          });
          const within = seconds <= s.params.rewardDays * 86_400;
          expect(a.amountFen).toBe(within ? offer.amountFen : offer.amountWithoutRewardFen);
          expect(a.rewardIncluded).toBe(within && offer.breakdown.rewardFen > 0);
          if (option === 'cash') {
            expect(a.payableFen).toBe(a.amountFen);
          } else {
            const balance = within ? offer.balanceFen : offer.balanceWithoutRewardFen;
            expect(a.balanceFen).toBe(balance);
            expect(a.payableFen).toBe(Math.max(0, balance as number));
          }
          expect(a.surrendered).toEqual([{ right: 'homestead_use', items: s.parcelIds }]);
        },
      ),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Contract land

/**
 * A mu area with at most 4 places: integer ten-thousandths / 10 000, up to 995 mu, so that a grown plot
 * stays within the registry's 1 000 mu (MAX_PLOT_AREA_MU).
 */
const mu = fc.integer({ min: 0, max: 9_950_000 }).map((n) => n / 10_000);

const plotsArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.record({
        plotId: fc.constant(`P${i + 1}`),
        areaMu: mu,
        termEnd: fc.integer({ min: 2015, max: 2080 }).map((y) => `${y}-12-31`),
      }),
    ),
  ),
);

interface ContractScenario {
  plots: PlotSpec[];
  tier: Tier;
  term: 'current_term' | 'permanent';
  offeredAt: string;
  params: PolicyParameters;
}

const contractArb: fc.Arbitrary<ContractScenario> = fc.record({
  plots: plotsArb.map((p) => [...p]),
  tier: tierArb,
  term: fc.constantFrom('current_term' as const, 'permanent' as const),
  offeredAt: offeredAtArb,
  params: fc.oneof(
    fc.constant(PARAMS),
    fc
      .record({
        rent: fc.record({ '1': fen(300_000), '2': fen(300_000), '3': fen(300_000) }),
        permanentYears: fc.integer({ min: 0, max: 70 }),
      })
      .map((r) =>
        paramsWith({
          annualRentFenPerMu: r.rent,
          permanentYears: r.permanentYears,
        }),
      ),
  ),
});

function contractOffer(s: ContractScenario): Offer {
  const h = household({ members: 1, plots: s.plots });
  return contractLandOffer({
    plots: h.contractPlots,
    tier: s.tier,
    term: s.term,
    params: s.params,
    offeredAt: s.offeredAt,
  });
}

type ContractGrowth = (s: ContractScenario, index: number, delta: number) => ContractScenario;

const CONTRACT_GROWTHS: Record<string, ContractGrowth> = {
  'plot area': (s, i, d) => ({
    ...s,
    plots: s.plots.map((p, j) =>
      j === i % s.plots.length ? { ...p, areaMu: (Math.round(p.areaMu * 10_000) + d) / 10_000 } : p,
    ),
  }),
  rent: (s, i, d) => {
    const key = String((i % 3) + 1) as '1' | '2' | '3';
    const rent = s.params.annualRentFenPerMu;
    return {
      ...s,
      params: paramsWith({ ...s.params, annualRentFenPerMu: { ...rent, [key]: rent[key] + d } }),
    };
  },
  'permanent years': (s, _i, d) => ({
    ...s,
    params: paramsWith({ ...s.params, permanentYears: Math.min(100, s.params.permanentYears + (d % 30)) }),
  }),
  'contract term': (s, i, d) => ({
    ...s,
    plots: s.plots.map((p, j) =>
      j === i % s.plots.length ? { ...p, termEnd: `${Number(p.termEnd.slice(0, 4)) + (d % 20)}-12-31` } : p,
    ),
  }),
};

describe('contract-land compensation properties', () => {
  it('amounts are non-negative integers, equal to the sum of one rounded line per plot', () => {
    fc.assert(
      fc.property(contractArb, (s) => {
        const o = contractOffer(s);
        offerSchema.parse(o);
        expect(o.option).toBe('cash');
        expect(o.lines.map((l) => l.subject)).toEqual(s.plots.map((p) => p.plotId));
        expect(sum(o.lines.map((l) => l.amountFen))).toBe(o.amountFen);
        expect(o.amountWithoutRewardFen).toBe(o.amountFen);
        expect(o.breakdown).toEqual({
          landFen: o.amountFen,
          buildingFen: 0,
          attachmentsFen: 0,
          premiumFen: 0,
          rewardFen: 0,
        });
        // the offer year in Zibo (UTC+8), worked out here without the code's helper
        const offerYear = new Date(Date.parse(s.offeredAt) + 8 * 3_600_000).getUTCFullYear();
        s.plots.forEach((p, i) => {
          // area (1/10 000 mu) × rent × years / 10 000, half up
          const years =
            s.term === 'permanent'
              ? s.params.permanentYears
              : Math.max(0, Number(p.termEnd.slice(0, 4)) - offerYear);
          const exact =
            BigInt(Math.round(p.areaMu * 10_000)) *
            BigInt(s.params.annualRentFenPerMu[String(s.tier) as '1' | '2' | '3']) *
            BigInt(years);
          expect(BigInt(o.lines[i]?.amountFen ?? -1)).toBe((exact * 2n + 10_000n) / 20_000n);
        });
      }),
      RUNS,
    );
  });

  it.each(Object.keys(CONTRACT_GROWTHS))('the offer never decreases when the %s grows', (name) => {
    const grow = CONTRACT_GROWTHS[name] as ContractGrowth;
    fc.assert(
      fc.property(contractArb, fc.nat({ max: 100 }), fc.integer({ min: 1, max: 50_000 }), (s, i, d) => {
        expect(contractOffer(grow(s, i, d)).amountFen).toBeGreaterThanOrEqual(contractOffer(s).amountFen);
      }),
      RUNS,
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(contractArb, (s) => {
        expect(contractOffer(structuredClone(s))).toEqual(contractOffer(s));
      }),
      RUNS,
    );
  });
});
