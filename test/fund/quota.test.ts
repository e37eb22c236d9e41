import { beforeEach, describe, expect, it } from 'vitest';
import { transact } from '../../shared/adapters/table/dynamo.js';
import { reverseEntry } from '../../shared/cases/commands/advance/replenish.js';
import { quotaViewSchema } from '../../shared/contract/fund.js';
import type { DistrictCode } from '../../shared/domain/model/common.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import { quotaAccrualItems } from '../../shared/fund/reserve.js';
import { expectProblem, invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { type Doubles, installDoubles } from '../support/seed.js';
import { DISTRICT, freshTable, fundAdmin } from './harness.js';

/**
 * 节余建设用地指标 (API.md Wave 2): GET /quota per role and district, and POST /fund/replenishments with
 * `quotaM2`: within the district's unsold accepted quota 201, beyond it 422 with the figures, two sales
 * at once never sell more than there is, and a reversal gives the m² back. Against DynamoDB Local.
 */
const env = useApiEnvironment();
const { getQuota, createReplenishment, getLedger } = await loadRoutes(
  'getQuota',
  'createReplenishment',
  'getLedger',
);

const OTHER: DistrictCode = '370303';
const ADMIN = fundAdmin('q');
const AUDITOR: TestPrincipal = { sub: 'auditor-q', groups: ['auditor'], district: DISTRICT };
const LAND_OFFICER: TestPrincipal = { sub: 'land-officer-q', groups: ['land_officer'], district: DISTRICT };

let doubles: Doubles;
beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  doubles = installDoubles();
});

/** The accepted reclamation of a case (the `disposed` milestone's quota items, as record.ts writes them). */
async function accept(caseId: string, acceptedM2: number, district: DistrictCode = DISTRICT) {
  await transact(
    quotaAccrualItems({ caseId, districtCode: district }, acceptedM2, '2026-03-01T00:00:00.000Z'),
  );
}

function sell(quotaM2: number, reference: string, extra: Record<string, unknown> = {}) {
  return invoke(createReplenishment, {
    principal: ADMIN,
    body: { source: 'quota_sale', amountFen: 1_000_000, reference, quotaM2, ...extra },
  });
}

async function quota(principal: TestPrincipal = ADMIN, query: Record<string, string> = {}) {
  const res = await invoke(getQuota, { principal, query });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

describe('GET /quota', () => {
  it('the land officer, the fund administrator and the auditor read their district’s quota, exact in m²', async () => {
    // 180.25 + 100.33 = 280.58 m² accepted = 0.420867… mu → 0.4209 mu (one rounding of the exact sum)
    await accept('C-Q-1', 180.25);
    await accept('C-Q-2', 100.33);
    await accept('C-Q-3', 999.99, OTHER);
    for (const principal of [LAND_OFFICER, ADMIN, AUDITOR]) {
      const own = await quota(principal);
      expect(quotaViewSchema.safeParse(own).success).toBe(true);
      expect(own).toEqual({
        districtCode: DISTRICT,
        acceptedM2: 280.58,
        soldM2: 0,
        availableM2: 280.58,
        acceptedCentiM2: 28_058,
        soldCentiM2: 0,
        availableCentiM2: 28_058,
        acceptedMu: '0.4209',
        soldMu: '0.0000',
        availableMu: '0.4209',
        reservedCases: 0,
        reservedParcels: 0,
      });
      // naming the own district is the same; another district is out of scope
      expect(await quota(principal, { district: DISTRICT })).toEqual(own);
      expectProblem(await invoke(getQuota, { principal, query: { district: OTHER } }), 403);
    }
  });

  it('is refused to every other role, to an account without a district, and without a token', async () => {
    for (const principal of [
      { sub: 'ra', groups: ['registrar'] },
      { sub: 'da', groups: ['district_approver'], district: DISTRICT },
      { sub: 'vr', groups: ['village_reviewer'], village: '370302101201' },
      { sub: 'ap', groups: ['applicant'], householdId: 'H-370302-0001' },
      { ...ADMIN, district: undefined },
    ] satisfies TestPrincipal[]) {
      expectProblem(await invoke(getQuota, { principal }), 403);
      expectProblem(await invoke(getQuota, { principal, query: { district: DISTRICT } }), 403);
    }
    expectProblem(await invoke(getQuota, {}), 401);
    expectProblem(await invoke(getQuota, { principal: ADMIN, query: { district: '37' } }), 400, [
      'query.district',
    ]);
  });

  it('a district with nothing accepted has no quota', async () => {
    expect(await quota(AUDITOR)).toMatchObject({
      acceptedM2: 0,
      soldM2: 0,
      availableM2: 0,
      availableMu: '0.0000',
    });
  });
});

describe('a quota sale in m² (quotaM2)', () => {
  it('within the quota: 201, the entry and the event carry quotaM2, and the figures move exactly', async () => {
    await accept('C-Q-1', 320.5);
    const sale = await sell(120.35, 'GGZY-2026-001');
    expect(sale.status, sale.text).toBe(201);
    // 120.35 m² = 0.180524… mu → 0.1805
    expect(sale.json).toMatchObject({
      kind: 'replenishment',
      credit: 'quota_sales',
      quotaM2: 120.35,
      quotaCentiM2: 12_035,
      quotaMu4: 1_805,
      quotaMu: '0.1805',
    });
    expect(await quota(LAND_OFFICER)).toMatchObject({
      acceptedM2: 320.5,
      soldM2: 120.35,
      availableM2: 200.15,
      availableCentiM2: 20_015,
      // 0.4807 − 0.1805 (each one rounding of the exact m²)
      acceptedMu: '0.4807',
      soldMu: '0.1805',
      availableMu: '0.3002',
    });
    const [event] = doubles.events.published.filter((e) => e.type === 'FundReplenished');
    expect(event?.detail).toMatchObject({ source: 'quota_sale', quotaM2: 120.35, quotaMu4: 1_805 });
    const ledger = await invoke(getLedger, { principal: AUDITOR });
    expect(ledger.json.items[0]).toMatchObject({ entryId: sale.json.entryId, quotaM2: 120.35 });

    // the rest, to the last 0.01 m², is still for sale: no rounding in mu stands in the way
    const rest = await sell(200.15, 'GGZY-2026-002');
    expect(rest.status, rest.text).toBe(201);
    expect(await quota()).toMatchObject({
      soldM2: 320.5,
      availableM2: 0,
      availableCentiM2: 0,
      availableMu: '0.0000',
    });
    expectProblem(await sell(0.01, 'GGZY-2026-003'), 422, ['body.quotaM2']);
  });

  it('beyond the quota: 422 RULE_REFUSED with the figures (available, accepted, sold, asked), in Chinese and English', async () => {
    await accept('C-Q-1', 100);
    expect((await sell(60, 'GGZY-2026-010')).status).toBe(201);
    const refused = await sell(40.01, 'GGZY-2026-011');
    expectProblem(refused, 422, ['body.quotaM2']);
    expect(refused.json).toMatchObject({
      code: 'RULE_REFUSED',
      availableM2: 40,
      acceptedM2: 100,
      soldM2: 60,
      askedM2: 40.01,
    });
    expect(refused.json.detailZh).toContain('可出让 40 平方米');
    expect(refused.json.detailZh).toContain('本次申请 40.01 平方米');
    expect(refused.json.detail).toContain('40 m² available');
    // nothing was written: neither the money nor the quota
    expect(await ledgerEntries(DISTRICT)).toHaveLength(1);
    expect((await readFund(DISTRICT)).balanceFen).toBe(1_000_000);
    expect(await quota()).toMatchObject({ soldM2: 60, availableM2: 40 });
    // exactly what is left is fine
    expect((await sell(40, 'GGZY-2026-012')).status).toBe(201);
  });

  it('the same sale sent again is the same movement, even once the quota is sold out', async () => {
    await accept('C-Q-1', 50);
    const one = await sell(50, 'GGZY-2026-020');
    const again = await sell(50, 'GGZY-2026-020');
    expect(again.status, again.text).toBe(201);
    expect(again.json.entryId).toBe(one.json.entryId);
    // quotaMu beside quotaM2 states the same sale when it is quotaM2's mu (50 m² = 0.0750 mu)
    const both = await sell(50, 'GGZY-2026-020', { quotaMu: 0.075 });
    expect(both.json.entryId).toBe(one.json.entryId);
    expectProblem(await sell(49, 'GGZY-2026-020'), 409);
    expect(await ledgerEntries(DISTRICT)).toHaveLength(1);
    expect(await quota()).toMatchObject({ soldM2: 50, availableM2: 0 });
  });

  it('two sales at once that together exceed the quota (each alone would fit): exactly one is recorded', async () => {
    for (let round = 0; round < 3; round++) {
      await accept(`C-Q-R${round}`, 200);
      const available = (await quota()).availableCentiM2 / 100;
      const results = await Promise.all([
        sell(available - 10, `GGZY-2026-R${round}-A`),
        sell(available - 20, `GGZY-2026-R${round}-B`),
      ]);
      expect(results.map((r) => r.status).sort(), results.map((r) => r.text).join('\n')).toEqual([201, 422]);
      const refused = results.find((r) => r.status === 422);
      if (refused) expectProblem(refused, 422, ['body.quotaM2']);
    }
    const q = await quota();
    const entries = await ledgerEntries(DISTRICT);
    expect(entries).toHaveLength(3);
    const sold = entries.reduce((sum, e) => sum + (e.quotaCentiM2 ?? 0), 0);
    expect(q.soldCentiM2).toBe(sold);
    expect(q.acceptedCentiM2 - sold).toBe(q.availableCentiM2);
    expect(q.availableCentiM2).toBeGreaterThan(0);
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('the reversal of a sale gives its m² (and mu) back', async () => {
    await accept('C-Q-1', 220.05);
    const sale = await sell(220.05, 'GGZY-2026-040');
    expect(await quota()).toMatchObject({ availableM2: 0 });
    const reversal = await reverseEntry(
      DISTRICT,
      sale.json.entryId,
      ADMIN.sub,
      '交易撤销 / sale annulled',
      new Date().toISOString(),
    );
    expect(reversal.entry).toMatchObject({ kind: 'reversal', quotaCentiM2: 22_005, quotaMu4: 3_301 });
    expect(await quota(AUDITOR)).toMatchObject({
      acceptedM2: 220.05,
      soldM2: 0,
      availableM2: 220.05,
      soldMu: '0.0000',
      availableMu: '0.3301',
    });
    // and it can be sold again
    expect((await sell(220.05, 'GGZY-2026-041')).status).toBe(201);
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });
});
