/**
 * Worked compensation examples. Every expected figure is computed BY HAND in the comment above it from
 * DOMAIN.md "Compensation" / "Exact arithmetic" and the illustrative parameters (Zichuan 370302):
 *   landRate 500 / 300 / 150 yuan/m2 by tier; excess 22% of the land rate (110 / 66 / 33 yuan/m2);
 *   standard area 200 m2; structure 800 / 550 / 300 / 150 yuan/m2 (brick_concrete, brick_wood,
 *   earth_wood, simple); newness = min(1, max(0.4, 1 − age × 2%)); well 1 500, wall 60/m, tree 80,
 *   shed 120/m2; cash premium 10%; reward 5% within 90 days; entitled area = min(members × 35, 140) m2
 *   at 4 500 (urban) / 3 200 (town) yuan/m2; rent 1 000 / 900 / 800 yuan/mu/year; permanent 30 years.
 * Offers are made in 2025 (OFFERED_AT), so age = 2025 − year built. 1 yuan = 100 fen.
 */
import { describe, expect, it } from 'vitest';
import { signAgreement } from '../../shared/domain/compensation/agreement.js';
import { contractLandOffer } from '../../shared/domain/compensation/contractLand.js';
import { homesteadOffers, newnessBp, valueHomesteads } from '../../shared/domain/compensation/homestead.js';
import { offersFor } from '../../shared/domain/compensation/offers.js';
import { agreementSchema } from '../../shared/domain/model/agreement.js';
import type { Application } from '../../shared/domain/model/application.js';
import type { Tier } from '../../shared/domain/model/common.js';
import type { Household } from '../../shared/domain/model/household.js';
import type { Offer, ResettlementOption } from '../../shared/domain/model/offer.js';
import { offerSchema } from '../../shared/domain/model/offer.js';
import type { PolicyParameters } from '../../shared/domain/model/policy.js';
import {
  contractLandApplication,
  homesteadApplication,
  homesteadInput,
  household,
  isoPlusDays,
  OFFERED_AT,
  PARAMS,
  paramsWith,
} from './compensationFixtures.js';

function offersOf(h: Household, tier: Tier, parcelIds?: string[], params: PolicyParameters = PARAMS) {
  const offers = homesteadOffers(homesteadInput(h, tier, parcelIds, params));
  for (const o of offers) offerSchema.parse(o);
  return offers;
}

function pick(offers: readonly Offer[], option: ResettlementOption): Offer {
  const offer = offers.find((o) => o.option === option);
  if (!offer) throw new Error(`no ${option} offer`);
  return offer;
}

function lineAmounts(offer: Offer) {
  return offer.lines.map((l) => [l.component, l.subject, l.amountFen]);
}

// Example A — tier 1, 3 members, one parcel of 180 m2 (inside the standard), brick-concrete house of
// 120 m2 built 2015 (age 10), and four kinds of attachments, two with decimal quantities.
const householdA = household({
  members: 3,
  homesteads: [
    {
      parcelId: 'H1',
      areaM2: 180,
      building: { floorAreaM2: 120, structure: 'brick_concrete', yearBuilt: 2015 },
      attachments: [
        { item: 'well', quantity: 1 },
        { item: 'wall', quantity: 25.5 },
        { item: 'tree', quantity: 3 },
        { item: 'shed', quantity: 8.25 },
      ],
    },
  ],
});

// Example B — tier 2, 1 member, a 260 m2 parcel (60 m2 above the standard), brick-wood 180 m2 built
// 2020 (age 5).
const householdB = household({
  members: 1,
  homesteads: [
    {
      parcelId: 'H1',
      areaM2: 260,
      building: { floorAreaM2: 180, structure: 'brick_wood', yearBuilt: 2020 },
    },
  ],
});

// Example C — tier 3, 6 members, exactly 200 m2, earth-wood 100 m2 built 1980 (age 45).
const householdC = household({
  members: 6,
  homesteads: [
    {
      parcelId: 'H1',
      areaM2: 200,
      building: { floorAreaM2: 100, structure: 'earth_wood', yearBuilt: 1980 },
    },
  ],
});

// Example D — tier 1, 2 members, 一户多宅: H1 150 m2 (first in the registry), H2 120 m2 with a simple
// 40 m2 shed-house built 2025 (age 0), H3 250 m2 bare.
const householdD = household({
  members: 2,
  homesteads: [
    { parcelId: 'H1', areaM2: 150 },
    {
      parcelId: 'H2',
      areaM2: 120,
      building: { floorAreaM2: 40, structure: 'simple', yearBuilt: 2025 },
    },
    { parcelId: 'H3', areaM2: 250 },
  ],
});

describe('newnessBp (成新率)', () => {
  // newness = min(1, max(0.4, 1 − age × 0.02)), in basis points (1 = 10 000)
  it.each([
    [0, 10_000n], // 1 − 0 = 1
    [1, 9_800n], // 1 − 0.02 = 0.98
    [10, 8_000n], // 1 − 0.20 = 0.80
    [29, 4_200n], // 1 − 0.58 = 0.42
    [30, 4_000n], // 1 − 0.60 = 0.40, exactly the floor
    [31, 4_000n], // 1 − 0.62 = 0.38 < 0.4 → 0.4
    [45, 4_000n], // 1 − 0.90 = 0.10 → 0.4
    [200, 4_000n], // 1 − 4 = −3 → 0.4
    [-3, 10_000n], // built after the offer year: never above 1
  ])('age %i → %s bp', (age, expected) => {
    expect(newnessBp(age, PARAMS)).toBe(expected);
  });
});

describe('homestead worked examples (illustrative parameters, 370302)', () => {
  it('example A, tier 1: land within the standard, brick-concrete building, four attachments', () => {
    // land within standard: 180 m2 × 500 = 90 000 yuan = 9 000 000 fen (no excess: 180 < 200)
    // building: 120 m2 × 800 × 0.8 (age 10) = 76 800 yuan = 7 680 000 fen
    // attachments: well 1 × 1 500 = 1 500 yuan = 150 000 fen
    //              wall 25.5 m × 60 = 1 530 yuan = 153 000 fen
    //              tree 3 × 80 = 240 yuan = 24 000 fen
    //              shed 8.25 m2 × 120 = 990 yuan = 99 000 fen        → 426 000 fen
    // base = 9 000 000 + 7 680 000 + 426 000 = 17 106 000 fen
    const v = valueHomesteads(homesteadInput(householdA, 1));
    expect(v.landFen).toBe(9_000_000n);
    expect(v.buildingFen).toBe(7_680_000n);
    expect(v.attachmentsFen).toBe(426_000n);
    expect(v.baseFen).toBe(17_106_000n);

    const offers = offersOf(householdA, 1);
    const cash = pick(offers, 'cash');
    // premium = 17 106 000 × 10% = 1 710 600; reward = 17 106 000 × 5% = 855 300
    // cash = 17 106 000 + 1 710 600 + 855 300 = 19 671 900 fen; without reward 18 816 600 fen
    expect(cash.amountFen).toBe(19_671_900);
    expect(cash.amountWithoutRewardFen).toBe(18_816_600);
    expect(cash.breakdown).toEqual({
      landFen: 9_000_000,
      buildingFen: 7_680_000,
      attachmentsFen: 426_000,
      premiumFen: 1_710_600,
      rewardFen: 855_300,
    });
    expect(lineAmounts(cash)).toEqual([
      ['land_within_standard', 'H1', 9_000_000],
      ['building', 'H1', 7_680_000],
      ['attachment', 'H1/well#1', 150_000],
      ['attachment', 'H1/wall#2', 153_000],
      ['attachment', 'H1/tree#3', 24_000],
      ['attachment', 'H1/shed#4', 99_000],
      ['premium', 'cash', 1_710_600],
      ['reward', 'early_exit', 855_300],
    ]);
    expect(cash.rewardDeadline).toBe(isoPlusDays(OFFERED_AT, 90));

    // housing: entitled = min(3 × 35, 140) = 105 m2; amount = base + reward = 17 961 300 fen
    // urban price = 105 × 4 500 = 472 500 yuan = 47 250 000 fen
    //   balance = 17 961 300 − 47 250 000 = −29 288 700 (owed by the household)
    //   without reward = 17 106 000 − 47 250 000 = −30 144 000
    const urban = pick(offers, 'urban_housing');
    expect(urban.entitledAreaM2).toBe(105);
    expect(urban.amountFen).toBe(17_961_300);
    expect(urban.amountWithoutRewardFen).toBe(17_106_000);
    expect(urban.priceFen).toBe(47_250_000);
    expect(urban.balanceFen).toBe(-29_288_700);
    expect(urban.balanceWithoutRewardFen).toBe(-30_144_000);
    expect(urban.breakdown.premiumFen).toBe(0);
    // town price = 105 × 3 200 = 336 000 yuan = 33 600 000 fen
    //   balance = 17 961 300 − 33 600 000 = −15 638 700; without reward −16 494 000
    const town = pick(offers, 'town_housing');
    expect(town.priceFen).toBe(33_600_000);
    expect(town.balanceFen).toBe(-15_638_700);
    expect(town.balanceWithoutRewardFen).toBe(-16_494_000);
  });

  it('example B, tier 2: 60 m2 above the standard; housing balances positive', () => {
    // land within standard: 200 × 300 = 60 000 yuan = 6 000 000 fen
    // land excess: 60 × 300 × 22% = 60 × 66 = 3 960 yuan = 396 000 fen
    // building: 180 × 550 × 0.9 (age 5) = 89 100 yuan = 8 910 000 fen
    // base = 6 000 000 + 396 000 + 8 910 000 = 15 306 000 fen
    const offers = offersOf(householdB, 2);
    const cash = pick(offers, 'cash');
    expect(lineAmounts(cash).slice(0, 3)).toEqual([
      ['land_within_standard', 'H1', 6_000_000],
      ['land_excess', 'H1', 396_000],
      ['building', 'H1', 8_910_000],
    ]);
    // premium 1 530 600, reward 765 300 → cash 17 601 900; without reward 16 836 600
    expect(cash.breakdown.landFen).toBe(6_396_000);
    expect(cash.breakdown.premiumFen).toBe(1_530_600);
    expect(cash.breakdown.rewardFen).toBe(765_300);
    expect(cash.amountFen).toBe(17_601_900);
    expect(cash.amountWithoutRewardFen).toBe(16_836_600);
    // entitled = min(1 × 35, 140) = 35 m2; amount = 15 306 000 + 765 300 = 16 071 300
    // urban price = 35 × 4 500 = 157 500 yuan = 15 750 000 → balance +321 300 (paid to household)
    //   without reward 15 306 000 − 15 750 000 = −444 000 (the reward flips the sign)
    const urban = pick(offers, 'urban_housing');
    expect(urban.entitledAreaM2).toBe(35);
    expect(urban.amountFen).toBe(16_071_300);
    expect(urban.priceFen).toBe(15_750_000);
    expect(urban.balanceFen).toBe(321_300);
    expect(urban.balanceWithoutRewardFen).toBe(-444_000);
    // town price = 35 × 3 200 = 112 000 yuan = 11 200 000 → balance 4 871 300; without reward 4 106 000
    const town = pick(offers, 'town_housing');
    expect(town.priceFen).toBe(11_200_000);
    expect(town.balanceFen).toBe(4_871_300);
    expect(town.balanceWithoutRewardFen).toBe(4_106_000);
  });

  it('example C, tier 3: an old earth-wood house at the 0.4 newness floor; entitlement capped at 140 m2', () => {
    // land: 200 × 150 = 30 000 yuan = 3 000 000 fen (exactly the standard: no excess line)
    // building: age 45 → 1 − 0.9 = 0.1 → floor 0.4; 100 × 300 × 0.4 = 12 000 yuan = 1 200 000 fen
    // base 4 200 000; premium 420 000; reward 210 000; cash 4 830 000; without reward 4 620 000
    const offers = offersOf(householdC, 3);
    const cash = pick(offers, 'cash');
    expect(lineAmounts(cash)).toEqual([
      ['land_within_standard', 'H1', 3_000_000],
      ['building', 'H1', 1_200_000],
      ['premium', 'cash', 420_000],
      ['reward', 'early_exit', 210_000],
    ]);
    expect(cash.amountFen).toBe(4_830_000);
    expect(cash.amountWithoutRewardFen).toBe(4_620_000);
    // entitled = min(6 × 35 = 210, 140) = 140 m2; amount = 4 200 000 + 210 000 = 4 410 000
    // urban: 140 × 4 500 = 630 000 yuan = 63 000 000 → balance −58 590 000; without reward −58 800 000
    // town: 140 × 3 200 = 448 000 yuan = 44 800 000 → balance −40 390 000; without reward −40 600 000
    const urban = pick(offers, 'urban_housing');
    expect(urban.entitledAreaM2).toBe(140);
    expect(urban.priceFen).toBe(63_000_000);
    expect(urban.balanceFen).toBe(-58_590_000);
    expect(urban.balanceWithoutRewardFen).toBe(-58_800_000);
    const town = pick(offers, 'town_housing');
    expect(town.priceFen).toBe(44_800_000);
    expect(town.balanceFen).toBe(-40_390_000);
    expect(town.balanceWithoutRewardFen).toBe(-40_600_000);
  });

  it('an old building at exactly age 30 is valued at the 0.4 floor as well', () => {
    // 1995 → age 30 → 1 − 0.6 = 0.4; 100 × 800 × 0.4 = 32 000 yuan = 3 200 000 fen
    const h = household({
      members: 1,
      homesteads: [
        {
          parcelId: 'H1',
          areaM2: 100,
          building: { floorAreaM2: 100, structure: 'brick_concrete', yearBuilt: 1995 },
        },
      ],
    });
    expect(valueHomesteads(homesteadInput(h, 1)).buildingFen).toBe(3_200_000n);
  });

  it('issue 16 item 7: a 1998 brick-wood house offered at 02:00 on 1 January 2027 in Zibo is 29 years old', () => {
    // 2026-12-31T18:00Z: the UTC year (2026) would make it 28 (newness 44 %, 4 075 280 fen); in Zibo it is 2027,
    // age 29, newness 42 %: 168.4 m² × 550 元/m² × 0.42 = 38 900.40 yuan
    const h = household({
      members: 1,
      homesteads: [
        {
          parcelId: 'H1',
          areaM2: 100,
          building: { floorAreaM2: 168.4, structure: 'brick_wood', yearBuilt: 1998 },
        },
      ],
    });
    const building = (offeredAt: string) =>
      valueHomesteads({ ...homesteadInput(h, 1), offeredAt }).buildingFen;
    expect(building('2026-12-31T18:00:00Z')).toBe(3_890_040n);
    expect(building('2026-12-31T15:59:59Z')).toBe(4_075_280n);
    // the cash offer carries the premium on it: the UTC year would have paid ¥2 130.26 too much
    const cash = (offeredAt: string) =>
      pick(homesteadOffers({ ...homesteadInput(h, 1), offeredAt }), 'cash').amountFen;
    expect(cash('2026-12-31T15:59:59Z') - cash('2026-12-31T18:00:00Z')).toBe(213_026);
  });

  it.each([
    // 95.5 m2 built 2015 (age 10, newness 0.8); land 100 m2 × 500 = 5 000 000 fen in every case
    ['brick_concrete', 6_112_000n], // 95.5 × 800 × 0.8 = 61 120 yuan
    ['brick_wood', 4_202_000n], // 95.5 × 550 × 0.8 = 95.5 × 440 = 42 020 yuan
    ['earth_wood', 2_292_000n], // 95.5 × 300 × 0.8 = 95.5 × 240 = 22 920 yuan
    ['simple', 1_146_000n], // 95.5 × 150 × 0.8 = 95.5 × 120 = 11 460 yuan
  ] as const)('structure %s: 95.5 m2 at age 10 → %s fen', (structure, expected) => {
    const h = household({
      members: 1,
      homesteads: [
        { parcelId: 'H1', areaM2: 100, building: { floorAreaM2: 95.5, structure, yearBuilt: 2015 } },
      ],
    });
    const v = valueHomesteads(homesteadInput(h, 1));
    expect(v.buildingFen).toBe(expected);
    expect(v.landFen).toBe(5_000_000n);
    expect(v.baseFen).toBe(5_000_000n + expected);
  });

  it('example D, 一户多宅: a further homestead is wholly excess even below 200 m2', () => {
    // case covers H2 only (second in the registry): land = 120 × 500 × 22% = 120 × 110 = 13 200 yuan
    //   = 1 320 000 fen, all excess; building 40 × 150 × 1 (age 0) = 6 000 yuan = 600 000 fen
    // base 1 920 000; premium 192 000; reward 96 000; cash 2 208 000
    const onlyH2 = offersOf(householdD, 1, ['H2']);
    const cash = pick(onlyH2, 'cash');
    expect(lineAmounts(cash)).toEqual([
      ['land_excess', 'H2', 1_320_000],
      ['building', 'H2', 600_000],
      ['premium', 'cash', 192_000],
      ['reward', 'early_exit', 96_000],
    ]);
    expect(cash.amountFen).toBe(2_208_000);
    // entitled = min(2 × 35, 140) = 70 m2; town price 70 × 3 200 = 224 000 yuan = 22 400 000 fen
    // balance = 1 920 000 + 96 000 − 22 400 000 = −20 384 000
    expect(pick(onlyH2, 'town_housing').balanceFen).toBe(-20_384_000);
  });

  it('example D, 一户多宅: the first homestead keeps the standard area, the others are wholly excess', () => {
    // H1 (first): 150 × 500 = 75 000 yuan = 7 500 000 fen within the standard
    // H2: 1 320 000 land excess + 600 000 building (as above)
    // H3: 250 m2, none of it within the standard: 250 × 110 = 27 500 yuan = 2 750 000 fen
    // base = 7 500 000 + 1 920 000 + 2 750 000 = 12 170 000 fen
    // premium 1 217 000; reward 608 500; cash = 13 995 500
    const offers = offersOf(householdD, 1);
    const cash = pick(offers, 'cash');
    expect(lineAmounts(cash)).toEqual([
      ['land_within_standard', 'H1', 7_500_000],
      ['land_excess', 'H2', 1_320_000],
      ['building', 'H2', 600_000],
      ['land_excess', 'H3', 2_750_000],
      ['premium', 'cash', 1_217_000],
      ['reward', 'early_exit', 608_500],
    ]);
    expect(cash.amountFen).toBe(13_995_500);
    // urban: 70 × 4 500 = 315 000 yuan = 31 500 000; balance = 12 170 000 + 608 500 − 31 500 000
    //   = −18 721 500
    expect(pick(offers, 'urban_housing').balanceFen).toBe(-18_721_500);
  });

  it('an illegally occupied parcel is not the "first homestead": the lawful home keeps the standard area', () => {
    // registry: H0 illegal occupation (150 m2, listed first), H1 registered 220 m2, tier 1, no building.
    // H1 is the first lawful homestead: 200 × 500 = 100 000 yuan + 20 × 500 × 22% = 2 200 yuan
    //   = 10 000 000 + 220 000 fen. Had H0 counted as first, H1 would be wholly excess:
    //   220 × 110 = 24 200 yuan (2 420 000 fen).
    const base = household({
      members: 1,
      homesteads: [
        { parcelId: 'H0', areaM2: 150 },
        { parcelId: 'H1', areaM2: 220 },
      ],
    });
    const withIllegalFirst = {
      ...base,
      homesteads: base.homesteads.map((p) =>
        p.parcelId === 'H0' ? { ...p, status: 'illegal_occupation' as const } : p,
      ),
    };
    const cash = pick(offersOf(withIllegalFirst, 1, ['H1']), 'cash');
    expect(lineAmounts(cash).slice(0, 2)).toEqual([
      ['land_within_standard', 'H1', 10_000_000],
      ['land_excess', 'H1', 220_000],
    ]);
  });

  it('several attachments of one item are priced line by line', () => {
    // well 2 × 1 500 = 3 000 yuan = 300 000; wall 37.5 m × 60 = 2 250 yuan = 225 000;
    // wall 0.25 m × 60 = 15 yuan = 1 500; tree 12 × 80 = 960 yuan = 96 000;
    // shed 0.01 m2 × 120 = 1.20 yuan = 120 fen → attachments 622 620 fen
    const h = household({
      members: 1,
      homesteads: [
        {
          parcelId: 'H1',
          areaM2: 10,
          attachments: [
            { item: 'well', quantity: 2 },
            { item: 'wall', quantity: 37.5 },
            { item: 'wall', quantity: 0.25 },
            { item: 'tree', quantity: 12 },
            { item: 'shed', quantity: 0.01 },
          ],
        },
      ],
    });
    const v = valueHomesteads(homesteadInput(h, 3));
    expect(v.lines.filter((l) => l.component === 'attachment').map((l) => [l.subject, l.amountFen])).toEqual([
      ['H1/well#1', 300_000],
      ['H1/wall#2', 225_000],
      ['H1/wall#3', 1_500],
      ['H1/tree#4', 96_000],
      ['H1/shed#5', 120],
    ]);
    expect(v.attachmentsFen).toBe(622_620n);
    // land 10 × 150 = 1 500 yuan = 150 000 fen
    expect(v.baseFen).toBe(772_620n);
  });

  it('rounds the premium half-up from exactly .5 fen, each component on its own', () => {
    // tier 3, 2 members, 200.15 m2, no building
    // land within: 200 × 150 = 30 000 yuan = 3 000 000 fen
    // land excess: 0.15 × 150 × 22% = 0.15 × 33 = 4.95 yuan = 495 fen
    // base = 3 000 495 fen
    // premium = 3 000 495 × 10% = 300 049.5 fen → 300 050 (half up)
    // reward  = 3 000 495 × 5%  = 150 024.75 fen → 150 025
    // cash = 3 000 495 + 300 050 + 150 025 = 3 450 570 fen
    //   (rounding once, 3 000 495 × 1.15 = 3 450 569.25 → 3 450 569: one fen less, so wrong)
    const h = household({ members: 2, homesteads: [{ parcelId: 'H1', areaM2: 200.15 }] });
    const offers = offersOf(h, 3);
    const cash = pick(offers, 'cash');
    expect(lineAmounts(cash)).toEqual([
      ['land_within_standard', 'H1', 3_000_000],
      ['land_excess', 'H1', 495],
      ['premium', 'cash', 300_050],
      ['reward', 'early_exit', 150_025],
    ]);
    expect(cash.amountFen).toBe(3_450_570);
    expect(cash.amountWithoutRewardFen).toBe(3_300_545);
    // town: 70 m2 × 3 200 = 22 400 000 fen; balance = 3 000 495 + 150 025 − 22 400 000 = −19 249 480
    expect(pick(offers, 'town_housing').balanceFen).toBe(-19_249_480);
  });

  it('rounds the reward half-up from exactly .5 fen', () => {
    // tier 3, 1 member, 200.10 m2: excess 0.10 × 33 = 3.30 yuan = 330 fen; base 3 000 330 fen
    // premium = 300 033 (exact); reward = 150 016.5 → 150 017
    // cash = 3 000 330 + 300 033 + 150 017 = 3 450 380
    // urban: 35 × 4 500 = 15 750 000; balance = 3 000 330 + 150 017 − 15 750 000 = −12 599 653
    const h = household({ members: 1, homesteads: [{ parcelId: 'H1', areaM2: 200.1 }] });
    const offers = offersOf(h, 3);
    const cash = pick(offers, 'cash');
    expect(cash.breakdown.premiumFen).toBe(300_033);
    expect(cash.breakdown.rewardFen).toBe(150_017);
    expect(cash.amountFen).toBe(3_450_380);
    const urban = pick(offers, 'urban_housing');
    expect(urban.amountFen).toBe(3_150_347);
    expect(urban.balanceFen).toBe(-12_599_653);
  });

  it('rounds land and building half-up each on its own before summing (rates with odd fen)', () => {
    // Not the defaults: tier-2 land rate 300.50 yuan/m2, brick-concrete 800.50 yuan/m2 (so that a
    // decimal area lands on exactly half a fen).
    // land: 100.01 × 30 050 fen = 3 005 000 + 300.5 = 3 005 300.5 fen → 3 005 301
    // building (age 0): 60.01 × 80 050 fen = 4 803 000 + 800.5 = 4 803 800.5 fen → 4 803 801
    // base = 3 005 301 + 4 803 801 = 7 809 102 (the unrounded sum 7 809 101 would lose a fen)
    // premium = 780 910.2 → 780 910; reward = 390 455.1 → 390 455; cash = 8 980 467
    const params = paramsWith({
      landRateFenPerM2: { '1': 50_000, '2': 30_050, '3': 15_000 },
      structureRateFenPerM2: {
        brick_concrete: 80_050,
        brick_wood: 55_000,
        earth_wood: 30_000,
        simple: 15_000,
      },
    });
    const h = household({
      members: 1,
      homesteads: [
        {
          parcelId: 'H1',
          areaM2: 100.01,
          building: { floorAreaM2: 60.01, structure: 'brick_concrete', yearBuilt: 2025 },
        },
      ],
    });
    const v = valueHomesteads(homesteadInput(h, 2, undefined, params));
    expect(v.landFen).toBe(3_005_301n);
    expect(v.buildingFen).toBe(4_803_801n);
    expect(v.baseFen).toBe(7_809_102n);
    expect(pick(offersOf(h, 2, undefined, params), 'cash').amountFen).toBe(8_980_467);
  });

  it('prices only the parcels named in the case', () => {
    // householdD, case [H1, H3]: 7 500 000 + 2 750 000 = 10 250 000 fen (H2 left out)
    expect(valueHomesteads(homesteadInput(householdD, 1, ['H1', 'H3'])).baseFen).toBe(10_250_000n);
  });

  it('offersFor gives the three homestead offers in the order cash, urban, town', () => {
    const offers = offersFor(homesteadApplication(['H1']), householdA, 1, PARAMS, OFFERED_AT);
    expect(offers.map((o) => o.option)).toEqual(['cash', 'urban_housing', 'town_housing']);
    expect(offers.map((o) => o.amountFen)).toEqual([19_671_900, 17_961_300, 17_961_300]);
  });
});

describe('contract-land worked examples (rent × years, offer year 2025)', () => {
  // P1 2.5 mu to 2027 (2 years left), P2 1.2345 mu to 2057 (32 years), P3 0.75 mu to mid-2027
  // (2 years: only the term-end year counts), P4 3 mu expired 2024 (0 years)
  const h = household({
    members: 2,
    plots: [
      { plotId: 'P1', areaMu: 2.5, termEnd: '2027-12-31' },
      { plotId: 'P2', areaMu: 1.2345, termEnd: '2057-12-31' },
      { plotId: 'P3', areaMu: 0.75, termEnd: '2027-06-30' },
    ],
  });
  const offer = (app: Application, tier: Tier, params = PARAMS) => {
    const offers = offersFor(app, h, tier, params, OFFERED_AT);
    expect(offers).toHaveLength(1);
    const [only] = offers;
    if (!only) throw new Error('no offer');
    offerSchema.parse(only);
    return only;
  };

  it('tier 1, current term, scope all: every plot, remaining years each', () => {
    // P1: 2.5 × 1 000 × 2 = 5 000 yuan = 500 000 fen
    // P2: 1.2345 × 1 000 × 32 = 39 504 yuan = 3 950 400 fen
    // P3: 0.75 × 1 000 × 2 = 1 500 yuan = 150 000 fen
    // total 4 600 400 fen; no premium, no reward
    const o = offer(contractLandApplication('all', 'current_term'), 1);
    expect(o.option).toBe('cash');
    expect(lineAmounts(o)).toEqual([
      ['plot_rent', 'P1', 500_000],
      ['plot_rent', 'P2', 3_950_400],
      ['plot_rent', 'P3', 150_000],
    ]);
    expect(o.amountFen).toBe(4_600_400);
    expect(o.amountWithoutRewardFen).toBe(4_600_400);
    expect(o.breakdown).toEqual({
      landFen: 4_600_400,
      buildingFen: 0,
      attachmentsFen: 0,
      premiumFen: 0,
      rewardFen: 0,
    });
  });

  it('scope all ignores a plot list and takes all plots', () => {
    const o = offer(contractLandApplication('all', 'current_term', ['P1']), 1);
    expect(o.amountFen).toBe(4_600_400);
  });

  it('tier 2, permanent, scope partial: only the named plots, 30 years each', () => {
    // P1: 2.5 × 900 × 30 = 67 500 yuan = 6 750 000 fen
    // P2: 1.2345 × 900 × 30 = 1.2345 × 27 000 = 33 331.5 yuan = 3 333 150 fen
    // total 10 083 150 fen
    const o = offer(contractLandApplication('partial', 'permanent', ['P1', 'P2']), 2);
    expect(lineAmounts(o)).toEqual([
      ['plot_rent', 'P1', 6_750_000],
      ['plot_rent', 'P2', 3_333_150],
    ]);
    expect(o.amountFen).toBe(10_083_150);
  });

  it('tier 3, current term, scope partial with one plot', () => {
    // P2: 1.2345 × 800 × 32 = 1.2345 × 25 600 = 31 603.2 yuan = 3 160 320 fen
    const o = offer(contractLandApplication('partial', 'current_term', ['P2']), 3);
    expect(o.amountFen).toBe(3_160_320);
  });

  it('tier 3, permanent, scope all', () => {
    // 30 years × 800 = 24 000 yuan per mu: P1 2.5 → 60 000 yuan; P2 1.2345 → 29 628 yuan;
    // P3 0.75 → 18 000 yuan; total 107 628 yuan = 10 762 800 fen
    const o = offer(contractLandApplication('all', 'permanent'), 3);
    expect(o.amountFen).toBe(10_762_800);
  });

  it('reckons the offer year by the date in Zibo: 16:30 UTC on 31 December 2025 is 2026 there', () => {
    // plot to 2030: offered at 00:30 on 1 January 2026 in Zibo → 4 remaining years, not 5
    const plots = household({
      members: 1,
      plots: [{ plotId: 'P5', areaMu: 1, termEnd: '2030-12-31' }],
    }).contractPlots;
    const at = (offeredAt: string) =>
      contractLandOffer({ plots, tier: 1, term: 'current_term', params: PARAMS, offeredAt }).amountFen;
    expect(at('2025-12-31T16:30:00Z')).toBe(4 * 100_000);
    expect(at('2025-12-31T15:59:59Z')).toBe(5 * 100_000);
  });

  it('issue 16 item 7: a current-term exit offered at 02:00 on 1 January 2027 in Zibo counts the years from 2027', () => {
    // 2026-12-31T18:00Z is 2027-01-01 02:00 in Zibo: a plot to 2030 has 3 remaining years there, not 4 as the
    // UTC year would say. Tier 2 rent is 900 yuan per mu per year (PARAMS), so one year too many on 4.0834 mu
    // would have paid ¥3 675.06 too much.
    const plots = household({
      members: 1,
      plots: [{ plotId: 'P6', areaMu: 4.0834, termEnd: '2030-12-31' }],
    }).contractPlots;
    const at = (offeredAt: string) =>
      contractLandOffer({ plots, tier: 2, term: 'current_term', params: PARAMS, offeredAt }).amountFen;
    expect(at('2026-12-31T18:00:00Z')).toBe(3 * 367_506);
    expect(at('2026-12-31T15:59:59Z') - at('2026-12-31T18:00:00Z')).toBe(367_506);
  });

  it('an expired term has no remaining years', () => {
    // 2024 − 2025 < 0 → 0 years → 0 fen
    const expired = household({
      members: 1,
      plots: [{ plotId: 'P4', areaMu: 3, termEnd: '2024-12-31' }],
    });
    const o = contractLandOffer({
      plots: expired.contractPlots,
      tier: 1,
      term: 'current_term',
      params: PARAMS,
      offeredAt: OFFERED_AT,
    });
    expect(o.amountFen).toBe(0);
  });

  it('rounds each plot line half-up on its own (rent with an odd fen)', () => {
    // Not the default rent: tier 1 at 1 000.05 yuan = 100 005 fen per mu per year.
    // Q1, Q2: 0.5 mu × 100 005 × 1 year (2026 − 2025) = 50 002.5 fen → 50 003 each
    // total 100 006 fen (rounding the sum once would give 100 005)
    const params = paramsWith({ annualRentFenPerMu: { '1': 100_005, '2': 90_000, '3': 80_000 } });
    const two = household({
      members: 1,
      plots: [
        { plotId: 'Q1', areaMu: 0.5, termEnd: '2026-12-31' },
        { plotId: 'Q2', areaMu: 0.5, termEnd: '2026-12-31' },
      ],
    });
    const o = contractLandOffer({
      plots: two.contractPlots,
      tier: 1,
      term: 'current_term',
      params,
      offeredAt: OFFERED_AT,
    });
    expect(o.lines.map((l) => l.amountFen)).toEqual([50_003, 50_003]);
    expect(o.amountFen).toBe(100_006);
  });
});

describe('signAgreement', () => {
  const offersB = offersOf(householdB, 2);
  const sign = (option: ResettlementOption, signedAt: string, offers: readonly Offer[] = offersB) =>
    agreementSchema.parse(
      signAgreement({
        agreementId: 'AG1',
        caseId: 'C1',
        application: homesteadApplication(['H1']),
        plotIdsInScope: [],
        offers,
        option,
        offeredAt: OFFERED_AT,
        rewardDays: PARAMS.rewardDays,
        signedAt,
        parametersVersion: PARAMS.version,
        documentKey: 'agreements/C1.pdf',
      }),
    );
  const day30 = isoPlusDays(OFFERED_AT, 30);
  const day90 = isoPlusDays(OFFERED_AT, 90);
  const day91 = isoPlusDays(OFFERED_AT, 91);

  it('cash signed within 90 days carries the reward (example B: 17 601 900 fen)', () => {
    const a = sign('cash', day30);
    expect(a.amountFen).toBe(17_601_900);
    expect(a.payableFen).toBe(17_601_900);
    expect(a.rewardIncluded).toBe(true);
    expect(a.balanceFen).toBeUndefined();
    expect(a.surrendered).toEqual([{ right: 'homestead_use', items: ['H1'] }]);
    expect(a.parametersVersion).toBe('370302-2020-01');
  });

  it('the 90th day (the offer deadline) still counts as within 90 days', () => {
    expect(sign('cash', day90).amountFen).toBe(17_601_900);
  });

  it('cash signed after 90 days is amountWithoutRewardFen (16 836 600 fen)', () => {
    const a = sign('cash', day91);
    expect(a.amountFen).toBe(16_836_600);
    expect(a.payableFen).toBe(16_836_600);
    expect(a.rewardIncluded).toBe(false);
    // one millisecond after the deadline is already too late
    expect(sign('cash', isoPlusDays(OFFERED_AT, 90, 1)).amountFen).toBe(16_836_600);
  });

  it('urban housing: the reward turns the balance positive, so only an early signature is paid', () => {
    // within: balance 16 071 300 − 15 750 000 = 321 300 → payable 321 300
    const early = sign('urban_housing', day30);
    expect(early.amountFen).toBe(16_071_300);
    expect(early.balanceFen).toBe(321_300);
    expect(early.payableFen).toBe(321_300);
    expect(early.rewardIncluded).toBe(true);
    // late: balance 15 306 000 − 15 750 000 = −444 000 (owed by the household) → payable 0
    const late = sign('urban_housing', day91);
    expect(late.amountFen).toBe(15_306_000);
    expect(late.balanceFen).toBe(-444_000);
    expect(late.payableFen).toBe(0);
    expect(late.rewardIncluded).toBe(false);
  });

  it('town housing: positive balance is payable, with or without reward', () => {
    const early = sign('town_housing', day30);
    expect(early.balanceFen).toBe(4_871_300);
    expect(early.payableFen).toBe(4_871_300);
    const late = sign('town_housing', day91);
    expect(late.balanceFen).toBe(4_106_000);
    expect(late.payableFen).toBe(4_106_000);
  });

  it('a negative balance is never advanced (example A urban: −29 288 700 → payable 0)', () => {
    const a = sign('urban_housing', day30, offersOf(householdA, 1));
    expect(a.balanceFen).toBe(-29_288_700);
    expect(a.payableFen).toBe(0);
  });

  it('surrenders only the parcels of the case (一户多宅, case H2)', () => {
    const a = signAgreement({
      agreementId: 'AG2',
      caseId: 'C2',
      application: homesteadApplication(['H2']),
      plotIdsInScope: [],
      offers: offersOf(householdD, 1, ['H2']),
      option: 'cash',
      offeredAt: OFFERED_AT,
      rewardDays: 90,
      signedAt: day30,
      parametersVersion: PARAMS.version,
      documentKey: 'agreements/C2.pdf',
    });
    expect(a.surrendered).toEqual([{ right: 'homestead_use', items: ['H2'] }]);
    expect(a.amountFen).toBe(2_208_000);
  });

  it('contract land: surrenders only the plots in scope; no reward either way', () => {
    const h = household({
      members: 1,
      plots: [
        { plotId: 'P1', areaMu: 2.5, termEnd: '2027-12-31' },
        { plotId: 'P2', areaMu: 1.2345, termEnd: '2057-12-31' },
      ],
    });
    const app = contractLandApplication('partial', 'current_term', ['P1']);
    // P1 at tier 1: 2.5 × 1 000 × 2 = 5 000 yuan = 500 000 fen
    const offers = offersFor(app, h, 1, PARAMS, OFFERED_AT);
    const base = {
      agreementId: 'AG3',
      caseId: 'C3',
      application: app,
      plotIdsInScope: ['P1'],
      offers,
      option: 'cash' as const,
      offeredAt: OFFERED_AT,
      rewardDays: 90,
      parametersVersion: PARAMS.version,
      documentKey: 'agreements/C3.pdf',
    };
    const early = signAgreement({ ...base, signedAt: day30 });
    const late = signAgreement({ ...base, signedAt: day91 });
    expect(early.surrendered).toEqual([{ right: 'contract_land', items: ['P1'] }]);
    expect(early.amountFen).toBe(500_000);
    expect(late.amountFen).toBe(500_000);
    expect(early.rewardIncluded).toBe(false);
    expect(() => signAgreement({ ...base, option: 'urban_housing', signedAt: day30 })).toThrow(
      /urban_housing is not offered/,
    );
  });
});
