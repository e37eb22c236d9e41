import { beforeAll, describe, expect, it } from 'vitest';
import { DISTRICTS, type DistrictCode } from '../../shared/domain/model/common.js';
import { readFund } from '../../shared/fund/ledger.js';
import { reconcile } from '../../shared/fund/reconcile.js';
import { freshTable, fundAdmin, seedFundReview } from '../fund/harness.js';
import {
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoutes,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import { installDoubles, principals } from '../support/seed.js';

/**
 * GET /fund/overview (an extension of API.md): every district's fund figures for the dashboard's
 * "advances by district" chart. The state is made through the ledger's own routes (replenishments,
 * advances paid and queued) in two districts; the other six have no fund item and read as zeros.
 * Fund administrators and auditors of any district see all eight; nobody else sees any.
 */
const env = useApiEnvironment();
const { getFundOverview, getFund, createReplenishment, decideAdvance } = await loadRoutes(
  'getFundOverview',
  'getFund',
  'createReplenishment',
  'decideAdvance',
);

const ZICHUAN: DistrictCode = '370302';
const LINZI: DistrictCode = '370305';
const CODES = ['370302', '370303', '370304', '370305', '370306', '370321', '370322', '370323'];

const auditorOf = (district: string): TestPrincipal => ({
  sub: `auditor-${district}`,
  groups: ['auditor'],
  district,
});

const zeros = (districtCode: string) => ({
  districtCode,
  districtName: DISTRICTS[districtCode as DistrictCode].zh,
  balanceFen: 0,
  advancedFen: 0,
  replenishedFen: 0,
  queuedFen: 0,
  queueLength: 0,
});

async function overview(principal: TestPrincipal): Promise<InvokeResult> {
  const res = await invoke(getFundOverview, { principal });
  expect(res.status, res.text).toBe(200);
  return res;
}

async function replenishment(principal: TestPrincipal, amountFen: number, reference: string) {
  const res = await invoke(createReplenishment, {
    principal,
    body: { source: 'appropriation', amountFen, reference },
  });
  expect(res.status, res.text).toBe(201);
}

async function approve(principal: TestPrincipal, caseId: string): Promise<string> {
  const res = await invoke(decideAdvance, {
    principal,
    pathParameters: { caseId },
    body: { decision: 'approve', note: '资料齐全' },
  });
  expect(res.status, res.text).toBe(200);
  return res.json.status;
}

beforeAll(async () => {
  await freshTable(env.services.dynamo.endpoint);
  installDoubles();
});

describe('GET /fund/overview', () => {
  it('before any money moved: all eight districts in code order, zh names, zero figures', async () => {
    const before = Date.now();
    const res = await overview(principals.fundAdmin);
    expect(res.json.items.map((i: { districtCode: string }) => i.districtCode)).toEqual(CODES);
    expect(res.json.items).toEqual(CODES.map(zeros));
    expect(res.json.items[0].districtName).toBe('淄川区');
    expect(Date.parse(res.json.asOf)).toBeGreaterThanOrEqual(before - 1_000);
    expect(Date.parse(res.json.asOf)).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('shows what the ledger made of two districts (paid and queued advances), zeros elsewhere', async () => {
    // 淄川区: ¥10 000 in, ¥4 000 paid out, then ¥9 000 approved that the balance cannot cover (queued)
    const zichuanAdmin = fundAdmin('zc', ZICHUAN);
    await replenishment(zichuanAdmin, 1_000_000, '淄财农〔2025〕1号');
    const paid = await seedFundReview({ caseId: 'C-OVERVIEW-ZC-1', amountFen: 400_000, district: ZICHUAN });
    expect(await approve(zichuanAdmin, paid.caseId)).toBe('disbursed');
    const short = await seedFundReview({ caseId: 'C-OVERVIEW-ZC-2', amountFen: 900_000, district: ZICHUAN });
    expect(await approve(zichuanAdmin, short.caseId)).toBe('awaiting_funds');

    // 临淄区: ¥2 500 in, ¥500 paid out
    const linziAdmin = fundAdmin('lz', LINZI);
    await replenishment(linziAdmin, 250_000, '临财农〔2025〕7号');
    const linzi = await seedFundReview({ caseId: 'C-OVERVIEW-LZ-1', amountFen: 50_000, district: LINZI });
    expect(await approve(linziAdmin, linzi.caseId)).toBe('disbursed');

    // an auditor of a district with no fund at all sees the same city-wide figures
    const res = await overview(auditorOf('370323'));
    const byCode = new Map<string, Record<string, unknown>>(
      res.json.items.map((i: { districtCode: string }) => [i.districtCode, i]),
    );
    expect(byCode.get(ZICHUAN)).toEqual({
      districtCode: ZICHUAN,
      districtName: '淄川区',
      balanceFen: 600_000,
      advancedFen: 400_000,
      replenishedFen: 1_000_000,
      queuedFen: 900_000,
      queueLength: 1,
    });
    expect(byCode.get(LINZI)).toEqual({
      districtCode: LINZI,
      districtName: '临淄区',
      balanceFen: 200_000,
      advancedFen: 50_000,
      replenishedFen: 250_000,
      queuedFen: 0,
      queueLength: 0,
    });
    for (const code of CODES.filter((c) => c !== ZICHUAN && c !== LINZI)) {
      expect(byCode.get(code)).toEqual(zeros(code));
    }

    // the same figures each district's own GET /fund shows, and a ledger that reconciles
    for (const [district, admin] of [
      [ZICHUAN, zichuanAdmin],
      [LINZI, linziAdmin],
    ] as const) {
      const own = await invoke(getFund, { principal: admin });
      expect(own.status, own.text).toBe(200);
      expect(byCode.get(district)).toMatchObject({
        balanceFen: own.json.balanceFen,
        advancedFen: own.json.advancedFen,
        replenishedFen: own.json.replenishedFen,
        queuedFen: own.json.queuedFen,
        queueLength: own.json.queueLength,
      });
      expect(own.json.reconciled.matches).toBe(true);
      expect((await reconcile(district)).matches).toBe(true);
      expect((await readFund(district)).balanceFen).toBe(byCode.get(district)?.balanceFen);
    }

    // every allowed caller gets the same answer, whatever district their claim names
    const answers = await Promise.all(
      [principals.fundAdmin, principals.auditor, principals.otherAuditor, zichuanAdmin, linziAdmin].map(
        async (p) => (await overview(p)).json.items,
      ),
    );
    for (const items of answers) expect(items).toEqual(res.json.items);
  });

  it('aggregates only: no case, household or ledger line in the answer', async () => {
    const res = await overview(principals.auditor);
    expect(Object.keys(res.json).sort()).toEqual(['asOf', 'items']);
    for (const item of res.json.items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'advancedFen',
          'balanceFen',
          'districtCode',
          'districtName',
          'queueLength',
          'queuedFen',
          'replenishedFen',
        ].sort(),
      );
    }
    expect(res.text).not.toMatch(/C-OVERVIEW|H-3703|entryId|ADV-|REP-/);
  });

  it('fund administrators and auditors of any district (even without a district claim); nobody else', async () => {
    const noClaim: TestPrincipal = { sub: 'fund-admin-city', groups: ['fund_admin'] };
    expect((await invoke(getFundOverview, { principal: noClaim })).status).toBe(200);
    for (const p of [
      principals.applicant,
      principals.otherApplicant,
      principals.reviewer,
      principals.registrar,
    ]) {
      expectProblem(await invoke(getFundOverview, { principal: p }), 403);
    }
    expectProblem(await invoke(getFundOverview, {}), 401);
    // a role that may not see it is not rescued by a district claim
    const reviewerWithDistrict: TestPrincipal = { ...principals.reviewer, district: ZICHUAN };
    expectProblem(await invoke(getFundOverview, { principal: reviewerWithDistrict }), 403);
  });
});
