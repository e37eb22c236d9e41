import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  Application,
  EquityApplication,
  Household,
  Insurance,
  RightName,
  RightsCheckResult,
  RightsSnapshot,
  Surrender,
} from '../../shared/domain/index.js';
import {
  applicationSchema,
  applySurrenders,
  diffViolations,
  listingViolations,
  rightNameSchema,
  rightsCheck,
  rightsCheckResultSchema,
  rightsSnapshot,
  surrendersDemandedBy,
} from '../../shared/domain/index.js';
import {
  ADULT_CONSENTS,
  consentsFor,
  contractApp,
  HOUSEHOLD_ID,
  homestead,
  homesteadApp,
  makeHousehold,
  makeVillage,
  plot,
} from './fixtures.js';

/**
 * DOMAIN.md, rights-preservation invariants: the difference between the rights before and after an exit
 * must lie inside the case's scope (the parcels of a homestead exit, plus the qualification right when the
 * household surrenders it; the plots of a contract-land exit; the shares named by an equity exit);
 * everything else (contract land, qualification, income distribution, equity, insurance) is never touched.
 */

/** An equity exit (二(二)5) of `shares` shares by the fixture household, its adults consenting. */
function equityApp(shares: number): EquityApplication {
  const app = applicationSchema.parse({
    type: 'equity_exit',
    householdId: HOUSEHOLD_ID,
    shares,
    consents: consentsFor(ADULT_CONSENTS),
    declarations: { voluntary: true },
  });
  if (app.type !== 'equity_exit') throw new Error('fixture: not an equity application');
  return app;
}

/** P1, P2 registered, C1, C2 plots, qualification, income distribution, 3 shares, 2 insurances. */
function household(): Household {
  return makeHousehold({
    homesteads: [homestead({ parcelId: 'P1' }), homestead({ parcelId: 'P2' })],
    contractPlots: [plot({ plotId: 'C1' }), plot({ plotId: 'C2' })],
  });
}

const BEFORE: RightsSnapshot = {
  homesteadUse: ['P1', 'P2'],
  homesteadQualification: true,
  contractLand: ['C1', 'C2'],
  collectiveIncomeDistribution: true,
  equityShares: 3,
  socialInsurance: ['medical', 'pension'],
};

function check(application: Application, surrenders?: Surrender[]): RightsCheckResult {
  const result = rightsCheck({ household: household(), application, surrenders });
  expect(rightsCheckResultSchema.parse(result)).toEqual(result);
  return result;
}

function expectViolation(result: RightsCheckResult, right: RightName, names: readonly string[] = []): void {
  expect(result.passed).toBe(false);
  const v = result.violations.find((x) => x.right === right);
  expect(v, `a violation naming ${right}`).toBeDefined();
  for (const name of names) {
    expect(v?.messageZh).toContain(name);
    expect(v?.messageEn).toContain(name);
  }
}

describe('rightsSnapshot', () => {
  it('reads every right from the registry', () => {
    expect(rightsSnapshot(household())).toEqual(BEFORE);
  });

  it('an illegally occupied parcel carries no homestead use right', () => {
    const h = makeHousehold({
      homesteads: [
        homestead({ parcelId: 'P1' }),
        homestead({ parcelId: 'P2', status: 'illegal_occupation' }),
      ],
    });
    expect(rightsSnapshot(h).homesteadUse).toEqual(['P1']);
  });

  it('disputed, mortgaged and seized parcels and every plot status are still rights held', () => {
    const h = makeHousehold({
      homesteads: [
        homestead({ parcelId: 'P1', status: 'disputed' }),
        homestead({ parcelId: 'P2', status: 'mortgaged' }),
        homestead({ parcelId: 'P3', status: 'seized' }),
      ],
      contractPlots: [plot({ plotId: 'C1', status: 'leased' }), plot({ plotId: 'C2', status: 'disputed' })],
    });
    const s = rightsSnapshot(h);
    expect(s.homesteadUse).toEqual(['P1', 'P2', 'P3']);
    expect(s.contractLand).toEqual(['C1', 'C2']);
  });
});

describe('applySurrenders', () => {
  it('removes only the items named and leaves the snapshot it was given untouched', () => {
    const before = structuredClone(BEFORE);
    const after = applySurrenders(before, [{ right: 'homestead_use', items: ['P2'] }]);
    expect(after).toEqual({ ...BEFORE, homesteadUse: ['P1'] });
    expect(before).toEqual(BEFORE);
  });

  it('whole rights are lost entirely; insurance can be lost one scheme at a time', () => {
    const after = applySurrenders(BEFORE, [
      { right: 'homestead_qualification', items: [] },
      { right: 'collective_income_distribution', items: [] },
      { right: 'equity_shares', items: [] },
      { right: 'social_insurance', items: ['pension'] },
      { right: 'contract_land', items: ['C2', 'C9'] },
    ]);
    expect(after).toEqual({
      homesteadUse: ['P1', 'P2'],
      homesteadQualification: false,
      contractLand: ['C1'],
      collectiveIncomeDistribution: false,
      equityShares: 0,
      socialInsurance: ['medical'],
    });
    expect(applySurrenders(BEFORE, [{ right: 'social_insurance', items: [] }]).socialInsurance).toEqual([]);
  });

  it('an equity surrender naming shares lowers the holding by that many, never below none', () => {
    const lower = (shares: number) =>
      applySurrenders(BEFORE, [{ right: 'equity_shares', items: [], shares }]);
    expect(lower(1)).toEqual({ ...BEFORE, equityShares: 2 });
    expect(lower(3).equityShares).toBe(0);
    expect(lower(5).equityShares).toBe(0);
    const twice = applySurrenders(BEFORE, [
      { right: 'equity_shares', items: [], shares: 1 },
      { right: 'equity_shares', items: [], shares: 1 },
    ]);
    expect(twice.equityShares).toBe(1);
  });
});

describe('rightsCheck: homestead exit', () => {
  const app = homesteadApp({ parcelIds: ['P1'] });

  it('the default (in-scope) surrender passes; only the parcel applied for changes', () => {
    const r = check(app);
    expect(r.passed).toBe(true);
    expect(r.violations).toEqual([]);
    expect(r.before).toEqual(BEFORE);
    expect(r.after).toEqual({ ...BEFORE, homesteadUse: ['P2'] });
  });

  it('an explicit surrender of exactly the parcels applied for passes too', () => {
    expect(check(app, [{ right: 'homestead_use', items: ['P1'] }]).passed).toBe(true);
  });

  it('surrendering an extra parcel is a homestead_use violation naming that parcel', () => {
    const r = check(app, [{ right: 'homestead_use', items: ['P1', 'P2'] }]);
    expectViolation(r, 'homestead_use', ['P2']);
    expect(r.violations.map((v) => v.right)).toEqual(['homestead_use']);
    expect(r.violations[0]?.messageEn).not.toContain('P1');
    expect(r.after.homesteadUse).toEqual([]);
  });

  it('each violation carries the clause that protects the right (issue 18)', () => {
    const r = check(app, [
      { right: 'homestead_use', items: ['P1', 'P2'] },
      { right: 'contract_land', items: ['C2'] },
      { right: 'homestead_qualification', items: [] },
    ]);
    expect(Object.fromEntries(r.violations.map((v) => [v.right, v.clause]))).toEqual({
      homestead_use: '二(二)3',
      contract_land: '二(二)3',
      homestead_qualification: '二(二)2',
    });
  });

  it('surrendering a contract plot is a contract_land violation naming the plot', () => {
    const r = check(app, [
      { right: 'homestead_use', items: ['P1'] },
      { right: 'contract_land', items: ['C2'] },
    ]);
    expectViolation(r, 'contract_land', ['C2']);
    expect(r.violations.map((v) => v.right)).toEqual(['contract_land']);
  });

  it.each([
    ['homestead_qualification', '宅基地资格权', 'qualification right'],
    ['collective_income_distribution', '集体收益分配权', 'income distribution right'],
    ['equity_shares', '集体资产股权', 'equity shares'],
    ['social_insurance', '保险', 'insurance'],
  ] as const)('surrendering %s is a violation naming that right', (right, zh, en) => {
    const r = check(app, [
      { right: 'homestead_use', items: ['P1'] },
      { right, items: [] },
    ]);
    expectViolation(r, right);
    expect(r.violations.map((v) => v.right)).toEqual([right]);
    expect(r.violations[0]?.messageZh).toContain(zh);
    expect(r.violations[0]?.messageEn).toContain(en);
  });

  it('the equity violation says how many shares would be lost', () => {
    const r = check(app, [{ right: 'equity_shares', items: [] }]);
    expectViolation(r, 'equity_shares', ['3', '0']);
  });

  it('losing every insurance scheme names each in Chinese and English', () => {
    const r = check(app, [{ right: 'social_insurance', items: [] }]);
    expect(r.violations[0]?.messageZh).toMatch(/：将失去医疗保险、养老保险$/);
    expect(r.violations[0]?.messageEn).toMatch(/: medical, pension insurance would be lost$/);
  });

  it('losing one insurance scheme names that scheme only', () => {
    const r = check(app, [{ right: 'social_insurance', items: ['pension'] }]);
    expectViolation(r, 'social_insurance');
    expect(r.violations[0]?.messageEn).toMatch(/: pension insurance would be lost$/);
    expect(r.violations[0]?.messageZh).toMatch(/：将失去养老保险$/);
  });

  it('several out-of-scope surrenders are all reported, none passes silently', () => {
    const r = check(app, [
      { right: 'homestead_use', items: ['P1'] },
      { right: 'contract_land', items: ['C1', 'C2'] },
      { right: 'collective_income_distribution', items: [] },
      { right: 'social_insurance', items: [] },
    ]);
    expect(r.violations.map((v) => v.right).sort()).toEqual(
      ['collective_income_distribution', 'contract_land', 'social_insurance'].sort(),
    );
  });

  it('listing an out-of-scope right is refused even where it would change nothing today', () => {
    const noShares = makeHousehold({ rights: { ...household().rights, equityShares: 0 } });
    const r = rightsCheck({
      household: noShares,
      application: homesteadApp(),
      surrenders: [
        { right: 'homestead_use', items: ['P1'] },
        { right: 'equity_shares', items: [] },
      ],
    });
    expect(r.after.equityShares).toBe(0);
    expectViolation(r, 'equity_shares');
  });

  it('listing a parcel outside the case is refused even if the registry does not hold it', () => {
    const r = check(app, [{ right: 'homestead_use', items: ['P1', 'P9'] }]);
    expectViolation(r, 'homestead_use', ['P9']);
  });
});

describe('rightsCheck: contract-land exit', () => {
  it('scope all: the default surrender passes; all plots and nothing else change', () => {
    const r = check(contractApp({ scope: 'all' }));
    expect(r.passed).toBe(true);
    expect(r.before).toEqual(BEFORE);
    expect(r.after).toEqual({ ...BEFORE, contractLand: [] });
  });

  it('scope partial: the default surrender passes; only the plots applied for change', () => {
    const r = check(contractApp({ scope: 'partial', plotIds: ['C1'] }));
    expect(r.passed).toBe(true);
    expect(r.after).toEqual({ ...BEFORE, contractLand: ['C2'] });
  });

  const partial = contractApp({ scope: 'partial', plotIds: ['C1'] });

  it('surrendering a plot outside a partial exit is a contract_land violation naming it', () => {
    const r = check(partial, [{ right: 'contract_land', items: ['C1', 'C2'] }]);
    expectViolation(r, 'contract_land', ['C2']);
    expect(r.violations[0]?.messageEn).not.toContain('C1');
  });

  it('surrendering a homestead parcel is a homestead_use violation naming it', () => {
    const r = check(partial, [
      { right: 'contract_land', items: ['C1'] },
      { right: 'homestead_use', items: ['P1'] },
    ]);
    expectViolation(r, 'homestead_use', ['P1']);
    expect(r.violations.map((v) => v.right)).toEqual(['homestead_use']);
  });

  it.each([
    ['homestead_qualification', '宅基地资格权'],
    ['collective_income_distribution', '集体收益分配权'],
    ['equity_shares', '集体资产股权'],
    ['social_insurance', '保险'],
  ] as const)('surrendering %s is a violation naming that right', (right, zh) => {
    const r = check(partial, [
      { right: 'contract_land', items: ['C1'] },
      { right, items: [] },
    ]);
    expectViolation(r, right);
    expect(r.violations.map((v) => v.right)).toEqual([right]);
    expect(r.violations[0]?.messageZh).toContain(zh);
  });
});

describe('rightsCheck: equity exit (二(二)5)', () => {
  it('the default surrender passes; only the shares named go, nothing else changes', () => {
    const r = check(equityApp(2));
    expect(r.passed).toBe(true);
    expect(r.after).toEqual({ ...BEFORE, equityShares: 1 });
    expect(check(equityApp(3)).after).toEqual({ ...BEFORE, equityShares: 0 });
  });

  it('taking more shares than the case names is an equity_shares violation with the figures', () => {
    const r = check(equityApp(1), [{ right: 'equity_shares', items: [], shares: 2 }]);
    expectViolation(r, 'equity_shares', ['3', '1']);
    expect(r.violations.map((v) => v.right)).toEqual(['equity_shares']);
    expect(r.after.equityShares).toBe(1);
  });

  it('listing "all the shares" passes only when the case gives up all of them', () => {
    expect(check(equityApp(3), [{ right: 'equity_shares', items: [] }]).passed).toBe(true);
    expectViolation(check(equityApp(2), [{ right: 'equity_shares', items: [] }]), 'equity_shares');
  });

  it.each([
    ['homestead_use', ['P1'], '宅基地使用权'],
    ['contract_land', ['C1'], '土地承包经营权'],
    ['homestead_qualification', [], '宅基地资格权'],
    ['collective_income_distribution', [], '集体收益分配权'],
    ['social_insurance', [], '保险'],
  ] as const)('surrendering %s with the shares is a violation naming that right', (right, items, zh) => {
    const r = check(equityApp(2), [
      { right: 'equity_shares', items: [], shares: 2 },
      { right, items: [...items] },
    ]);
    expectViolation(r, right);
    expect(r.violations.map((v) => v.right)).toEqual([right]);
    expect(r.violations[0]?.messageZh).toContain(zh);
  });

  it('a listing of more shares than named is refused even when the household holds fewer', () => {
    const v = listingViolations(
      [{ right: 'equity_shares', items: [], shares: 5 }],
      [{ right: 'equity_shares', items: new Set(), shares: 2 }],
      new Set(),
      1,
    );
    expect(v.map((x) => x.right)).toEqual(['equity_shares']);
    expect(v[0]?.messageZh).toContain('5 股');
    expect(v[0]?.messageEn).toContain('2 shares');
  });
});

describe('diffViolations: the difference between two snapshots must lie inside the scope', () => {
  const homesteadScope = [{ right: 'homestead_use' as const, items: new Set(['P1']) }];

  it('no violation when only in-scope items changed', () => {
    expect(diffViolations(BEFORE, { ...BEFORE, homesteadUse: ['P2'] }, homesteadScope)).toEqual([]);
  });

  const changes: [RightName, Partial<RightsSnapshot>, string][] = [
    ['homestead_use', { homesteadUse: [] }, 'P2'],
    ['contract_land', { contractLand: ['C1'] }, 'C2'],
    ['homestead_qualification', { homesteadQualification: false }, '资格权'],
    ['collective_income_distribution', { collectiveIncomeDistribution: false }, '收益分配权'],
    ['equity_shares', { equityShares: 1 }, '1'],
    ['social_insurance', { socialInsurance: ['pension'] }, '医疗保险'],
  ];
  it.each(changes)('a change of %s outside the scope is named', (right, change, detail) => {
    const v = diffViolations(BEFORE, { ...BEFORE, ...change }, homesteadScope);
    expect(v.map((x) => x.right)).toEqual([right]);
    expect(v[0]?.messageZh).toContain(detail);
  });

  it('a parcel that appears from nowhere is a change too', () => {
    const v = diffViolations(BEFORE, { ...BEFORE, homesteadUse: ['P1', 'P2', 'P7'] }, homesteadScope);
    expect(v.map((x) => x.right)).toEqual(['homestead_use']);
    expect(v[0]?.messageEn).toContain('P7');
  });

  it('parcel and plot ids are separate: a plot in scope does not cover a parcel of the same id', () => {
    const h = makeHousehold({
      homesteads: [homestead({ parcelId: 'X1' })],
      contractPlots: [plot({ plotId: 'X1' })],
    });
    const r = rightsCheck({
      household: h,
      application: contractApp({ scope: 'all' }),
      surrenders: [
        { right: 'contract_land', items: ['X1'] },
        { right: 'homestead_use', items: ['X1'] },
      ],
    });
    expect(r.violations.map((v) => v.right)).toEqual(['homestead_use']);
    const scope = [{ right: 'contract_land' as const, items: new Set(['X1']) }];
    const same = { ...BEFORE, homesteadUse: ['X1'], contractLand: ['X1'] };
    const v = diffViolations(same, { ...same, homesteadUse: [], contractLand: [] }, scope);
    expect(v.map((x) => x.right)).toEqual(['homestead_use']);
  });

  it('for a contract-land exit the plots are in scope and every parcel is not', () => {
    const scope = [{ right: 'contract_land' as const, items: new Set(['C1', 'C2']) }];
    expect(diffViolations(BEFORE, { ...BEFORE, contractLand: [] }, scope)).toEqual([]);
    const v = diffViolations(BEFORE, { ...BEFORE, homesteadUse: ['P2'] }, scope);
    expect(v.map((x) => x.right)).toEqual(['homestead_use']);
    expect(v[0]?.messageEn).toContain('P1');
  });

  it('an equity scope allows losing up to its shares, and nothing for a gain or a larger loss', () => {
    const scope = [{ right: 'equity_shares' as const, items: new Set<string>(), shares: 2 }];
    expect(diffViolations(BEFORE, { ...BEFORE, equityShares: 1 }, scope)).toEqual([]);
    expect(diffViolations(BEFORE, { ...BEFORE, equityShares: 2 }, scope)).toEqual([]);
    for (const equityShares of [0, 4]) {
      const v = diffViolations(BEFORE, { ...BEFORE, equityShares }, scope);
      expect(v.map((x) => x.right)).toEqual(['equity_shares']);
      expect(v[0]?.messageZh).toContain(`变为 ${equityShares} 股`);
    }
  });

  it('a qualification scope allows the right to go, not to appear', () => {
    const scope = [
      { right: 'homestead_use' as const, items: new Set(['P1']) },
      { right: 'homestead_qualification' as const, items: new Set<string>() },
    ];
    expect(diffViolations(BEFORE, { ...BEFORE, homesteadQualification: false }, scope)).toEqual([]);
    const without = { ...BEFORE, homesteadQualification: false };
    const v = diffViolations(without, { ...without, homesteadQualification: true }, scope);
    expect(v.map((x) => x.right)).toEqual(['homestead_qualification']);
  });
});

/* ------------------------------------------------------------------------------------------------
 * Property: the rights check never lets an out-of-scope right change.
 * ---------------------------------------------------------------------------------------------- */

const PARCEL_IDS = ['P1', 'P2', 'P3', 'P4', 'X1'];
const PLOT_IDS = ['C1', 'C2', 'C3', 'C4', 'X1'];
const INSURANCES: Insurance[] = ['medical', 'pension', 'unemployment'];
/** Ids a surrender may name: the household's (X1 is a parcel and a plot), unknown ids, insurances. */
const ANY_ITEM = fc.constantFrom(...PARCEL_IDS, ...PLOT_IDS, 'P9', 'C9', ...INSURANCES);

const householdArb = fc
  .record({
    parcels: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...PARCEL_IDS),
        status: fc.constantFrom(
          'registered',
          'illegal_occupation',
          'disputed',
          'mortgaged',
          'seized' as const,
        ),
      }),
      { maxLength: 5, selector: (p) => p.id },
    ),
    plots: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom(...PLOT_IDS),
        status: fc.constantFrom('normal', 'leased', 'disputed', 'mortgaged' as const),
      }),
      { maxLength: 5, selector: (p) => p.id },
    ),
    homesteadQualification: fc.boolean(),
    collectiveIncomeDistribution: fc.boolean(),
    equityShares: fc.integer({ min: 0, max: 20 }),
    socialInsurance: fc.subarray(INSURANCES),
  })
  .map((g) =>
    makeHousehold({
      homesteads: g.parcels.map((p) => homestead({ parcelId: p.id, status: p.status })),
      contractPlots: g.plots.map((p) => plot({ plotId: p.id, status: p.status })),
      rights: {
        homesteadQualification: g.homesteadQualification,
        collectiveIncomeDistribution: g.collectiveIncomeDistribution,
        equityShares: g.equityShares,
      },
      socialInsurance: g.socialInsurance,
    }),
  );

const applicationArb: fc.Arbitrary<Application> = fc.oneof(
  fc
    .record({
      // at most MAX_HOMESTEADS (5) ids, as POST /cases takes them
      parcelIds: fc.uniqueArray(fc.constantFrom(...PARCEL_IDS, 'P9'), { minLength: 1, maxLength: 5 }),
      qualificationRight: fc.constantFrom('keep', 'surrender', undefined),
    })
    .map(({ parcelIds, qualificationRight }) =>
      homesteadApp({ parcelIds, ...(qualificationRight ? { qualificationRight } : {}) }),
    ),
  fc.integer({ min: 1, max: 25 }).map(equityApp),
  fc.constant(contractApp({ scope: 'all' })),
  fc
    .uniqueArray(fc.constantFrom(...PLOT_IDS, 'C9'), { minLength: 1, maxLength: 6 })
    .map((plotIds) => contractApp({ scope: 'partial', plotIds })),
);

const surrenderArb: fc.Arbitrary<Surrender> = fc
  .record({
    right: fc.constantFrom(...rightNameSchema.options),
    items: fc.uniqueArray(ANY_ITEM, { maxLength: 4 }),
    shares: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }),
  })
  .map(({ shares, ...s }) => (shares === undefined ? s : { ...s, shares }));

type SpecScope = { right: RightName; items: Set<string>; shares?: number }[];

/**
 * The case's scope, read straight from DOMAIN.md: the household's parcels applied for (and the
 * qualification right if, and only if, the application surrenders it), its plots applied for (all of them
 * for `all`), or the shares an equity exit names. An id the household does not hold is in nobody's scope.
 */
function scopeFromSpec(app: Application, h: Household): SpecScope {
  if (app.type === 'homestead_exit') {
    const held = new Set(h.homesteads.map((p) => p.parcelId));
    const use = {
      right: 'homestead_use' as const,
      items: new Set(app.parcelIds.filter((id) => held.has(id))),
    };
    return app.qualificationRight === 'surrender'
      ? [use, { right: 'homestead_qualification', items: new Set() }]
      : [use];
  }
  if (app.type === 'equity_exit') return [{ right: 'equity_shares', items: new Set(), shares: app.shares }];
  const held = h.contractPlots.map((p) => p.plotId);
  const wanted = new Set(app.plotIds ?? []);
  const ids = app.scope === 'all' ? held : held.filter((id) => wanted.has(id));
  return [{ right: 'contract_land', items: new Set(ids) }];
}

const scoped = (scope: SpecScope, right: RightName) => scope.find((e) => e.right === right);

/** The registry's rights; an illegal occupation is not a homestead use right (二(二)2). */
function expectedBefore(h: Household): RightsSnapshot {
  return {
    homesteadUse: h.homesteads.filter((p) => p.status !== 'illegal_occupation').map((p) => p.parcelId),
    homesteadQualification: h.rights.homesteadQualification,
    contractLand: h.contractPlots.map((p) => p.plotId),
    collectiveIncomeDistribution: h.rights.collectiveIncomeDistribution,
    equityShares: h.rights.equityShares,
    socialInsurance: [...h.socialInsurance],
  };
}

/** The rights that differ between before and after once the in-scope items are set aside. */
function outOfScopeChanges(before: RightsSnapshot, after: RightsSnapshot, scope: SpecScope): Set<RightName> {
  const changed = new Set<RightName>();
  const sameIgnoringScope = (right: RightName, b: readonly string[], a: readonly string[]) => {
    const ignore = (id: string) => scoped(scope, right)?.items.has(id) === true;
    const bb = b.filter((id) => !ignore(id));
    const aa = a.filter((id) => !ignore(id));
    if (JSON.stringify([...bb].sort()) !== JSON.stringify([...aa].sort())) changed.add(right);
  };
  sameIgnoringScope('homestead_use', before.homesteadUse, after.homesteadUse);
  sameIgnoringScope('contract_land', before.contractLand, after.contractLand);
  sameIgnoringScope('social_insurance', before.socialInsurance, after.socialInsurance);
  // a surrendered qualification right may only go from held to not held
  const qualificationMayGo =
    scoped(scope, 'homestead_qualification') !== undefined &&
    before.homesteadQualification &&
    !after.homesteadQualification;
  if (before.homesteadQualification !== after.homesteadQualification && !qualificationMayGo) {
    changed.add('homestead_qualification');
  }
  if (before.collectiveIncomeDistribution !== after.collectiveIncomeDistribution) {
    changed.add('collective_income_distribution');
  }
  // an equity exit may lower the shares by 1..n, n the shares it names
  const lost = before.equityShares - after.equityShares;
  const n = scoped(scope, 'equity_shares')?.shares ?? 0;
  if (lost !== 0 && !(lost > 0 && lost <= n)) changed.add('equity_shares');
  return changed;
}

describe('property: the rights check never lets an out-of-scope right change', () => {
  it('holds for arbitrary households, applications and surrender lists', () => {
    fc.assert(
      fc.property(
        householdArb,
        applicationArb,
        fc.option(fc.array(surrenderArb, { maxLength: 6 }), { nil: undefined }),
        (h, app, surrenders) => {
          const r = rightsCheck({ household: h, application: app, surrenders });
          const scope = scopeFromSpec(app, h);

          // The check compares the registry's rights with rights the surrenders really removed.
          expect(r.before).toEqual(expectedBefore(h));
          const listed = surrenders ?? [];
          for (const s of listed) {
            if (s.right === 'homestead_use')
              for (const id of s.items) expect(r.after.homesteadUse).not.toContain(id);
            if (s.right === 'contract_land')
              for (const id of s.items) expect(r.after.contractLand).not.toContain(id);
            if (s.right === 'homestead_qualification') expect(r.after.homesteadQualification).toBe(false);
            if (s.right === 'collective_income_distribution') {
              expect(r.after.collectiveIncomeDistribution).toBe(false);
            }
            if (s.right === 'equity_shares') {
              const left = s.shares === undefined ? 0 : Math.max(0, r.before.equityShares - s.shares);
              expect(r.after.equityShares).toBeLessThanOrEqual(left);
            }
            if (s.right === 'social_insurance') {
              const lost = s.items.length === 0 ? INSURANCES : s.items;
              for (const i of lost) expect(r.after.socialInsurance).not.toContain(i);
            }
          }
          if (surrenders === undefined) {
            // by default exactly the case's scope is surrendered
            for (const e of scope) {
              if (e.right === 'homestead_use')
                for (const id of e.items) expect(r.after.homesteadUse).not.toContain(id);
              if (e.right === 'contract_land')
                for (const id of e.items) expect(r.after.contractLand).not.toContain(id);
              if (e.right === 'homestead_qualification') expect(r.after.homesteadQualification).toBe(false);
              if (e.right === 'equity_shares') {
                expect(r.after.equityShares).toBe(Math.max(0, r.before.equityShares - (e.shares ?? 0)));
              }
            }
            if (!scoped(scope, 'homestead_qualification')) {
              expect(r.after.homesteadQualification).toBe(r.before.homesteadQualification);
            }
          }

          const changed = outOfScopeChanges(r.before, r.after, scope);
          // never passes when an out-of-scope right changed; every changed right is named
          if (changed.size > 0) expect(r.passed).toBe(false);
          for (const right of changed) expect(r.violations.map((v) => v.right)).toContain(right);
          // when it passes, after = before except the in-scope items
          if (r.passed) {
            expect(changed.size).toBe(0);
            expect(r.violations).toEqual([]);
          }
          // and it does not refuse a surrender list that stays inside the scope: in-scope items, the
          // qualification right when surrendered, at most the shares named ("all" = the shares held now)
          const equityLists = listed.filter((s) => s.right === 'equity_shares');
          const equityListed = equityLists.some((s) => s.shares === undefined)
            ? r.before.equityShares
            : equityLists.reduce((sum, s) => sum + (s.shares ?? 0), 0);
          const inScopeOnly = listed.every((s) => {
            const e = scoped(scope, s.right);
            if (!e) return false;
            if (s.right === 'homestead_use' || s.right === 'contract_land') {
              return s.items.every((id) => e.items.has(id));
            }
            if (s.right === 'equity_shares') return equityListed <= (e.shares ?? 0);
            return true;
          });
          if (inScopeOnly) expect(r.passed).toBe(true);
          expect(r.passed).toBe(r.violations.length === 0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on its own, the snapshot diff names exactly the rights that changed outside the scope', () => {
    fc.assert(
      fc.property(householdArb, applicationArb, fc.array(surrenderArb, { maxLength: 6 }), (h, app, list) => {
        const before = expectedBefore(h);
        const after = applySurrenders(before, list);
        const scope = scopeFromSpec(app, h);
        const named = new Set(diffViolations(before, after, scope).map((v) => v.right));
        expect(named).toEqual(outOfScopeChanges(before, after, scope));
      }),
      { numRuns: 1000 },
    );
  });

  it('the default surrender of any valid case always passes and changes only in-scope items', () => {
    fc.assert(
      fc.property(householdArb, applicationArb, (h, app) => {
        const r = rightsCheck({ household: h, application: app });
        expect(r.passed).toBe(true);
        expect(outOfScopeChanges(r.before, r.after, scopeFromSpec(app, h)).size).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('village exit conditions (村规民约) in the rights check', () => {
  it('a village term demanding the contract land blocks a homestead exit, naming the right', () => {
    const h = household();
    const app = homesteadApp({ parcelIds: ['P1'] });
    const village = makeVillage({
      exitConditions: [{ right: 'contract_land', text: '退出宅基地的农户须同时交回承包地' }],
    });
    const surrenders = [
      { right: 'homestead_use' as const, items: ['P1'] },
      ...surrendersDemandedBy(village, h),
    ];
    const result = rightsCheck({ household: h, application: app, surrenders });
    expect(result.passed).toBe(false);
    expect(result.violations.map((v) => v.right)).toEqual(['contract_land']);
    expect(result.violations[0]?.messageZh).toContain('C1');
  });

  it('a homestead term is harmless to a homestead exit that covers every parcel, and blocks one that does not', () => {
    const h = household();
    const village = makeVillage({
      exitConditions: [{ right: 'homestead_use', text: '退出须交回全部宅基地' }],
    });
    const check = (parcelIds: string[]) =>
      rightsCheck({
        household: h,
        application: homesteadApp({ parcelIds }),
        surrenders: [{ right: 'homestead_use', items: parcelIds }, ...surrendersDemandedBy(village, h)],
      });
    expect(check(['P1', 'P2']).passed).toBe(true);
    const partial = check(['P1']);
    expect(partial.passed).toBe(false);
    expect(partial.violations[0]?.messageEn).toContain('P2');
  });

  it('a village without exit terms demands nothing', () => {
    expect(surrendersDemandedBy(makeVillage(), household())).toEqual([]);
  });
});
