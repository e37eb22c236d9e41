/**
 * The qualification right (宅基地资格权, 二(二)2 保障资格权, DOMAIN.md wave 2): kept by default; a household
 * that surrenders it gets registered members × the premium per member on every offer, the rights check lets
 * it go (and only then), and the agreement lists it as surrendered only then.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inScopeSurrenders, signAgreement } from '../../shared/domain/compensation/agreement.js';
import { homesteadOffers } from '../../shared/domain/compensation/homestead.js';
import { offersFor } from '../../shared/domain/compensation/offers.js';
import type { Tier } from '../../shared/domain/model/common.js';
import type { Offer } from '../../shared/domain/model/offer.js';
import { offerSchema } from '../../shared/domain/model/offer.js';
import { diffViolations, rightsCheck, scopeOf } from '../../shared/domain/rights/rightsCheck.js';
import { rightsSnapshot } from '../../shared/domain/rights/snapshot.js';
import { household, OFFERED_AT, PARAMS, paramsWith } from './compensationFixtures.js';
import { contractApp, homestead, homesteadApp, makeHousehold, plot } from './fixtures.js';

const RUNS = { numRuns: 500 };

/** One 220 m² brick-concrete homestead H1 with a well, and `members` registered members. */
function familyOf(members: number) {
  return household({
    members,
    homesteads: [
      {
        parcelId: 'H1',
        areaM2: 220,
        building: { floorAreaM2: 150, structure: 'brick_concrete', yearBuilt: 2005 },
        attachments: [{ item: 'well', quantity: 1 }],
      },
    ],
  });
}

function offers(members: number, choice: 'keep' | 'surrender' | undefined, params = PARAMS, tier: Tier = 1) {
  return homesteadOffers({
    household: familyOf(members),
    tier,
    parcelIds: ['H1'],
    params,
    offeredAt: OFFERED_AT,
    ...(choice ? { qualificationRight: choice } : {}),
  });
}

const byOption = (list: readonly Offer[], option: Offer['option']) => {
  const o = list.find((x) => x.option === option);
  if (!o) throw new Error(`no ${option} offer`);
  return o;
};

describe('qualification premium on the homestead offers', () => {
  it('worked example: 4 members × 20 000.00 yuan = 80 000.00 yuan on every offer', () => {
    const kept = offers(4, 'keep');
    const surrendered = offers(4, 'surrender');
    for (const s of surrendered) {
      const k = byOption(kept, s.option);
      expect(offerSchema.parse(s)).toEqual(s);
      expect(s.amountFen - k.amountFen).toBe(8_000_000);
      expect(s.breakdown.qualificationFen).toBe(8_000_000);
      expect(s.lines.filter((l) => l.component === 'qualification')).toEqual([
        {
          component: 'qualification',
          subject: 'qualification_right',
          formula: '4 人 × 20,000.00 元/人（放弃宅基地资格权）',
          amountFen: 8_000_000,
        },
      ]);
    }
  });

  it('keeping the right (or saying nothing) adds nothing: no line, no qualificationFen', () => {
    const kept = offers(4, 'keep');
    expect(offers(4, undefined)).toEqual(kept);
    for (const o of kept) {
      expect(o.lines.some((l) => l.component === 'qualification')).toBe(false);
      expect('qualificationFen' in o.breakdown).toBe(false);
    }
  });

  it('offersFor follows the application: surrender adds the premium, keep and absent do not', () => {
    const h = familyOf(3);
    const price = (app: Parameters<typeof offersFor>[0]) => offersFor(app, h, 2, PARAMS, OFFERED_AT);
    const kept = price(homesteadApp({ householdId: 'HH1', parcelIds: ['H1'], qualificationRight: 'keep' }));
    const absent = price(homesteadApp({ householdId: 'HH1', parcelIds: ['H1'] }));
    const gone = price(
      homesteadApp({ householdId: 'HH1', parcelIds: ['H1'], qualificationRight: 'surrender' }),
    );
    expect(absent).toEqual(kept);
    expect(gone.map((o) => o.amountFen - byOption(kept, o.option).amountFen)).toEqual([
      6_000_000, 6_000_000, 6_000_000,
    ]);
  });

  it('property: members × per-member on every offer and every amount and balance, the rest unchanged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.constantFrom<Tier>(1, 2, 3),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (members, perMember, tier, cashPremiumBp, rewardRateBp) => {
          const params = paramsWith({ qualificationFenPerMember: perMember, cashPremiumBp, rewardRateBp });
          const q = members * perMember; // at most 1.2 × 10^9: exact as a Number
          const kept = offers(members, 'keep', params, tier);
          const gone = offers(members, 'surrender', params, tier);
          expect(gone.map((o) => o.option)).toEqual(['cash', 'urban_housing', 'town_housing']);
          for (const s of gone) {
            offerSchema.parse(s);
            const k = byOption(kept, s.option);
            expect(s.amountFen).toBe(k.amountFen + q);
            expect(s.amountWithoutRewardFen).toBe(k.amountWithoutRewardFen + q);
            if (s.option !== 'cash') {
              expect(s.balanceFen).toBe((k.balanceFen ?? Number.NaN) + q);
              expect(s.balanceWithoutRewardFen).toBe((k.balanceWithoutRewardFen ?? Number.NaN) + q);
              expect(s.priceFen).toBe(k.priceFen);
              expect(s.balanceFen).toBe(s.amountFen - (s.priceFen ?? Number.NaN));
            }
            // the cash premium and the reward stay on land + building + attachments only
            expect(s.breakdown).toEqual({ ...k.breakdown, qualificationFen: q });
            const qLines = s.lines.filter((l) => l.component === 'qualification');
            expect(qLines.map((l) => l.amountFen)).toEqual([q]);
            expect(qLines[0]?.formula).toMatch(new RegExp(`^${members} 人 × [\\d,]+\\.\\d\\d 元/人`));
            expect(s.lines.filter((l) => l.component !== 'qualification')).toEqual(k.lines);
          }
          const cash = byOption(gone, 'cash');
          const b = cash.breakdown;
          expect(b.landFen + b.buildingFen + b.attachmentsFen + b.premiumFen + b.rewardFen + q).toBe(
            cash.amountFen,
          );
          expect(cash.lines.reduce((sum, l) => sum + l.amountFen, 0)).toBe(cash.amountFen);
        },
      ),
      RUNS,
    );
  });
});

describe('the rights check and the qualification right', () => {
  const h = () =>
    makeHousehold({
      homesteads: [homestead({ parcelId: 'P1' }), homestead({ parcelId: 'P2' })],
      contractPlots: [plot({ plotId: 'C1' })],
    });

  it('surrendered: the right is in the scope, goes (after: false), and the check passes', () => {
    const app = homesteadApp({ parcelIds: ['P1'], qualificationRight: 'surrender' });
    const r = rightsCheck({ household: h(), application: app });
    expect(r.passed).toBe(true);
    expect(r.before.homesteadQualification).toBe(true);
    expect(r.after).toEqual({ ...r.before, homesteadUse: ['P2'], homesteadQualification: false });
    expect(scopeOf(app, h()).map((e) => e.right)).toEqual(['homestead_use', 'homestead_qualification']);
    // listed explicitly, as the agreement lists it
    const listed = rightsCheck({
      household: h(),
      application: app,
      surrenders: [
        { right: 'homestead_use', items: ['P1'] },
        { right: 'homestead_qualification', items: [] },
      ],
    });
    expect(listed.passed).toBe(true);
  });

  it('kept: the right stays by default, and an after-state without it is a violation', () => {
    const app = homesteadApp({ parcelIds: ['P1'], qualificationRight: 'keep' });
    const r = rightsCheck({ household: h(), application: app });
    expect(r.passed).toBe(true);
    expect(r.after.homesteadQualification).toBe(true);
    expect(scopeOf(app, h()).map((e) => e.right)).toEqual(['homestead_use']);
    const before = rightsSnapshot(h());
    const v = diffViolations(before, { ...before, homesteadQualification: false }, scopeOf(app, h()));
    expect(v.map((x) => x.right)).toEqual(['homestead_qualification']);
    const listed = rightsCheck({
      household: h(),
      application: app,
      surrenders: [
        { right: 'homestead_use', items: ['P1'] },
        { right: 'homestead_qualification', items: [] },
      ],
    });
    expect(listed.passed).toBe(false);
    expect(listed.violations.map((x) => x.right)).toEqual(['homestead_qualification']);
    expect(listed.violations[0]?.messageZh).toContain('宅基地资格权');
  });

  it('a surrender of the qualification right never covers other rights', () => {
    const app = homesteadApp({ parcelIds: ['P1'], qualificationRight: 'surrender' });
    const r = rightsCheck({
      household: h(),
      application: app,
      surrenders: [
        { right: 'homestead_use', items: ['P1'] },
        { right: 'homestead_qualification', items: [] },
        { right: 'contract_land', items: ['C1'] },
      ],
    });
    expect(r.violations.map((x) => x.right)).toEqual(['contract_land']);
  });

  it('contract-land exits never have the qualification right in scope', () => {
    const r = rightsCheck({
      household: h(),
      application: contractApp({ scope: 'all' }),
      surrenders: [
        { right: 'contract_land', items: ['C1'] },
        { right: 'homestead_qualification', items: [] },
      ],
    });
    expect(r.violations.map((x) => x.right)).toEqual(['homestead_qualification']);
  });
});

describe('the agreement lists the qualification right only when surrendered', () => {
  it('inScopeSurrenders: keep and absent list the parcels only; surrender adds the right', () => {
    const use = { right: 'homestead_use', items: ['P1', 'P2'] };
    const parcels = { parcelIds: ['P1', 'P2'] };
    expect(inScopeSurrenders(homesteadApp(parcels), [])).toEqual([use]);
    expect(inScopeSurrenders(homesteadApp({ ...parcels, qualificationRight: 'keep' }), [])).toEqual([use]);
    expect(inScopeSurrenders(homesteadApp({ ...parcels, qualificationRight: 'surrender' }), [])).toEqual([
      use,
      { right: 'homestead_qualification', items: [] },
    ]);
    expect(inScopeSurrenders(contractApp({ scope: 'all' }), ['C1', 'C2'])).toEqual([
      { right: 'contract_land', items: ['C1', 'C2'] },
    ]);
  });

  it('the signed agreement carries it, with the premium in its amount, and passes the rights check', () => {
    const app = homesteadApp({ householdId: 'HH1', parcelIds: ['H1'], qualificationRight: 'surrender' });
    const family = familyOf(2);
    const list = offersFor(app, family, 1, PARAMS, OFFERED_AT);
    const a = signAgreement({
      agreementId: 'AG-1',
      caseId: 'CASE-1',
      application: app,
      plotIdsInScope: [],
      offers: list,
      option: 'cash',
      offeredAt: OFFERED_AT,
      rewardDays: PARAMS.rewardDays,
      signedAt: OFFERED_AT,
      parametersVersion: PARAMS.version,
      documentKey: 'doc',
    });
    expect(a.surrendered.map((s) => s.right)).toEqual(['homestead_use', 'homestead_qualification']);
    expect(a.amountFen).toBe(byOption(list, 'cash').amountFen);
    expect(byOption(list, 'cash').breakdown.qualificationFen).toBe(4_000_000);
    expect(rightsCheck({ household: family, application: app, surrenders: a.surrendered }).passed).toBe(true);
  });
});
