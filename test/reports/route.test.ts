import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { putHousehold } from '../../shared/adapters/table/registryRepository.js';
import type { LedgerEntry } from '../../shared/domain/index.js';
import { domainEventSchema } from '../../shared/domain/model/event.js';
import { BOM } from '../../shared/exports/csv.js';
import { projectionUpdate } from '../../shared/reports/projection.js';
import { applyToProjection } from '../../shared/reports/projectionStore.js';
import { rebuildDistrictProjection } from '../../shared/reports/rebuild.js';
import { allDistrictCases, quarterLedgerEntries } from '../../shared/reports/source.js';
import { homestead, makeHousehold } from '../domain/fixtures.js';
import {
  expectProblem,
  invoke,
  mustLoadRoute,
  type RouteModule,
  TABLE_NAME,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import { createCase } from '../support/caseStore.js';
import { agreement, makeCase } from './fixtures.js';

/**
 * GET /reports/quarterly against DynamoDB Local: cases through the ByDistrict index (every page), the
 * ledger through its key range, areas from the registry; JSON and CSV answers; 403 and 400.
 */
useApiEnvironment();

const AUDITOR: TestPrincipal = { sub: 'au-1', groups: ['auditor'], district: '370302' };
const FUND_ADMIN: TestPrincipal = { sub: 'fa-1', groups: ['fund_admin'], district: '370302' };
const D = (day: string, time = '00:00:00') => `${day}T${time}Z`;

// two exits in 2025 Q2 (P1 220.00 m², P2 113.34 m²), one draft, one case of another district
const CASES = [
  makeCase({
    caseId: 'RPT-1',
    householdId: 'H-RPT-1',
    parcelIds: ['P1'],
    steps: [
      ['draft', D('2025-03-30')],
      ['submitted', D('2025-04-01')],
      ['village_review', D('2025-04-03')],
      ['public_notice', D('2025-04-10')],
      ['offers', D('2025-04-17')],
      ['agreement_signed', D('2025-04-20')],
      ['disbursed', D('2025-04-25')],
    ],
    extra: { agreement: agreement('RPT-1', D('2025-04-20'), [{ right: 'homestead_use', items: ['P1'] }]) },
  }),
  makeCase({
    caseId: 'RPT-2',
    householdId: 'H-RPT-2',
    parcelIds: ['P2'],
    steps: [
      ['draft', D('2025-04-01')],
      ['submitted', D('2025-04-02')],
      ['village_review', D('2025-04-03')],
      ['public_notice', D('2025-04-12')],
      ['offers', D('2025-04-19')],
      ['agreement_signed', D('2025-05-01')],
      ['disbursed', D('2025-05-08')],
      ['reserved', D('2025-06-01')],
    ],
    extra: { agreement: agreement('RPT-2', D('2025-05-01'), [{ right: 'homestead_use', items: ['P2'] }]) },
  }),
  makeCase({ caseId: 'RPT-3', steps: [['draft', D('2025-05-05')]] }),
  makeCase({
    caseId: 'RPT-X',
    districtCode: '370303',
    steps: [
      ['draft', D('2025-04-01')],
      ['disbursed', D('2025-04-02')],
    ],
  }),
];

const entry = (
  e: Pick<LedgerEntry, 'entryId' | 'at' | 'kind' | 'amountFen'> & Partial<LedgerEntry>,
): LedgerEntry => ({
  debit: e.kind === 'advance' ? 'advances' : 'fund_cash',
  credit: e.kind === 'advance' ? 'fund_cash' : 'appropriations',
  actor: 'fa-1',
  ...e,
});

const LEDGER = [
  entry({ entryId: 'L-1', at: D('2025-04-25'), kind: 'advance', amountFen: 11_000_000, caseId: 'RPT-1' }),
  entry({ entryId: 'L-2', at: D('2025-05-08'), kind: 'advance', amountFen: 6_500_000, caseId: 'RPT-2' }),
  entry({
    entryId: 'L-3',
    at: D('2025-04-01'),
    kind: 'replenishment',
    amountFen: 50_000_000,
    source: 'appropriation',
  }),
  // a day either side of the quarter's Zibo dates: read, then left out by the report (the last
  // millisecond of Q1 and the first of Q3 in Zibo time, 16:00 UTC the day before)
  entry({ entryId: 'L-0', at: D('2025-03-31', '15:59:59.999'), kind: 'advance', amountFen: 1 }),
  entry({ entryId: 'L-9', at: D('2025-06-30', '16:00:00'), kind: 'advance', amountFen: 2 }),
  // further out: outside the key range
  entry({ entryId: 'L-8', at: D('2025-03-30', '23:59:59.999'), kind: 'advance', amountFen: 4 }),
  entry({ entryId: 'L-10', at: D('2025-07-02'), kind: 'advance', amountFen: 8 }),
];

async function putLedgerItem(district: string, e: LedgerEntry, seq: number): Promise<void> {
  // the layout shared/fund writes: keys and bookkeeping beside the entry's own fields
  await documentClient().send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        PK: `FUND#${district}`,
        SK: `ENTRY#${e.at}#${e.entryId}`,
        itemType: 'ledger_entry',
        districtCode: district,
        seq,
        balanceAfterFen: 0,
        ...e,
      },
    }),
  );
}

let route: RouteModule;

beforeAll(async () => {
  route = await mustLoadRoute('getQuarterlyReport');
  for (const c of CASES) await createCase(c, { actor: 'seed', action: 'case.seeded' });
  await putHousehold(
    makeHousehold({ householdId: 'H-RPT-1', homesteads: [homestead({ parcelId: 'P1', areaM2: 220 })] }),
    'seed',
    D('2025-01-01'),
  );
  await putHousehold(
    makeHousehold({ householdId: 'H-RPT-2', homesteads: [homestead({ parcelId: 'P2', areaM2: 113.34 })] }),
    'seed',
    D('2025-01-01'),
  );
  for (const [i, e] of LEDGER.entries()) await putLedgerItem('370302', e, i + 1);
  // another district's fund and this district's balance item share the table, not the answer
  await putLedgerItem(
    '370303',
    entry({ entryId: 'L-X', at: D('2025-05-01'), kind: 'advance', amountFen: 777 }),
    1,
  );
  await documentClient().send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: { PK: 'FUND#370302', SK: 'BALANCE', seq: 5, balanceFen: 1 },
    }),
  );
  // seeded cases publish no event: their rows of the reporting projection are written as a deployment
  // writes those of the cases it finds (scripts/rebuildReportProjection.ts)
  await rebuildDistrictProjection('370302');
  await rebuildDistrictProjection('370303');
});

describe('data access', () => {
  it('pages through every case of the district', async () => {
    const cases = await allDistrictCases('370302', 1);
    expect(cases.map((c) => c.caseId).sort()).toEqual(['RPT-1', 'RPT-2', 'RPT-3']);
  });

  it('reads the ledger entries of the quarter, table keys dropped', async () => {
    const entries = await quarterLedgerEntries('370302', 2025, 2);
    // the key range is widened by a day each side (L-0, L-9); the report keeps only the quarter
    expect(entries.map((e) => e.entryId).sort()).toEqual(['L-0', 'L-1', 'L-2', 'L-3', 'L-9']);
    expect(entries.find((e) => e.entryId === 'L-1')).toEqual(LEDGER[0]);
  });
});

describe('GET /reports/quarterly', () => {
  it("answers the JSON report of the caller's district", async () => {
    const res = await invoke(route, { principal: AUDITOR, query: { year: '2025', quarter: '2' } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const r = res.json;
    expect(r.district).toEqual({ code: '370302', zh: '淄川区', en: 'Zichuan' });
    expect([r.year, r.quarter, r.period.firstDay, r.period.lastDay]).toEqual([
      2025,
      2,
      '2025-04-01',
      '2025-06-30',
    ]);
    expect(r.cases.createdByQuarterEnd).toBe(3);
    expect(r.exits.homestead).toEqual({ cases: 2, parcels: 2, areaCentiM2: 33_334, areaM2: '333.34' });
    expect(r.exits.areaSources).toEqual({ registry: 2, agreementOffer: 0, unknown: 0 });
    // 33 334 × 10 000 / 66 667 = 5 000.07… → 0.5000 mu
    expect(r.quota.mu).toBe('0.5000');
    expect(r.fund.advanced).toEqual({ count: 2, amountFen: 17_500_000 });
    expect(r.fund.replenished.bySource.appropriation).toEqual({ count: 1, amountFen: 50_000_000 });
    expect(r.fund.netCashFen).toBe(50_000_000 - 17_500_000);
    const payment = r.stageDurations.find((s: { stage: string }) => s.stage === 'payment');
    // RPT-1 04-20 → 04-25 (5), RPT-2 05-01 → 05-08 (7)
    expect([payment.count, payment.medianDays, payment.maxDays]).toEqual([2, 6, 7]);
  });

  it('adds the figures of the reporting projection: milestones, accepted area, quota, tranches', async () => {
    const events = [
      ['MilestoneRecorded', D('2025-05-10'), { kind: 'vacated', documentIds: ['PH-1'] }],
      [
        'MilestoneRecorded',
        D('2025-06-10'),
        { kind: 'disposed', disposition: 'reclaimed', acceptanceNo: 'FK-1', acceptedAreaM2: 220 },
      ],
      ['AdvanceDisbursed', D('2025-04-25'), { amountFen: 11_000_000 }],
      [
        'AdvanceDisbursed',
        D('2025-06-10', '00:00:01'),
        { tranche: 2, milestone: 'disposed', amountFen: 6_600_000 },
      ],
      [
        'FundReplenished',
        D('2025-06-20'),
        { entryId: 'L-Q', amountFen: 1, source: 'quota_sale', quotaM2: 100 },
      ],
      // 23:59 UTC on 30 June is 1 July in Zibo: Q3, not in this report
      ['MilestoneRecorded', D('2025-06-30', '23:59:00'), { kind: 'vacated', documentIds: ['PH-2'] }],
    ] as const;
    for (const [i, [type, at, detail]] of events.entries()) {
      const e = domainEventSchema.parse({
        eventId: `RPT-EV-${i}`,
        type,
        at,
        actor: 'tester',
        districtCode: '370302',
        detail,
      });
      expect(await applyToProjection(e, projectionUpdate(e))).toBe('applied');
    }
    const res = await invoke(route, { principal: AUDITOR, query: { year: '2025', quarter: '2' } });
    expect(res.status, res.text).toBe(200);
    const r = res.json;
    expect(r.landLeg.milestones.map((m: { key: string; count: number }) => [m.key, m.count])).toEqual([
      ['vacated', 1],
      ['disposed', 1],
      ['certificate_cancelled', 0],
      ['handed_over', 0],
    ]);
    expect(r.landLeg.accepted).toEqual({ areaCentiM2: 22_000, areaM2: '220.00' });
    // 22 000 × 10 000 / 66 667 = 3 299.98… → 0.3300 mu; 100 m² = 1 499.99… → 0.1500 mu
    expect(r.quota.produced).toEqual({ areaCentiM2: 22_000, areaM2: '220.00', mu: '0.3300' });
    expect(r.quota.sold).toMatchObject({ sales: 1, areaM2: '100.00', mu: '0.1500' });
    expect(r.fund.tranches).toMatchObject({ count: 2, amountFen: 17_600_000 });
    // the ledger's figure is its own (the ledger of this test holds no tranche 2)
    expect(r.fund.advanced).toEqual({ count: 2, amountFen: 17_500_000 });

    const csv = await invoke(route, {
      principal: AUDITOR,
      query: { year: '2025', quarter: '2', format: 'csv' },
    });
    const lines = csv.text.slice(1).split('\r\n');
    expect(lines).toContain('腾退 vacated,1');
    expect(lines).toContain('验收面积（平方米） accepted area (m2),220.00');
    expect(lines).toContain('第2期金额（元） tranche 2 (yuan),66000.00');
    expect(lines).toContain('处置后支付金额（元） paid at disposed (yuan),66000.00');
  });

  it('answers a fund administrator with the same report, district named explicitly', async () => {
    const res = await invoke(route, {
      principal: FUND_ADMIN,
      query: { year: '2025', quarter: '2', district: '370302' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.exits.cases).toBe(2);
  });

  it('answers CSV for Excel as an attachment', async () => {
    const res = await invoke(route, {
      principal: AUDITOR,
      query: { year: '2025', quarter: '2', format: 'csv' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="report-370302-2025Q2.csv"; filename*=UTF-8''${encodeURIComponent('淄川区2025年第二季度退出监测报告.csv')}`,
    );
    expect(res.text.startsWith(BOM)).toBe(true);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines).toContain('区县 district,370302 淄川区 Zichuan');
    expect(lines).toContain('先行垫付金额（元） advanced (yuan),175000.00');
    expect(lines).toContain('退出宅基地面积（平方米） area (m2),333.34');
  });

  it('refuses another district with 403', async () => {
    const res = await invoke(route, {
      principal: AUDITOR,
      query: { year: '2025', quarter: '2', district: '370303' },
    });
    expectProblem(res, 403);
  });

  it('refuses an auditor without a district claim with 403', async () => {
    const res = await invoke(route, {
      principal: { sub: 'au-2', groups: ['auditor'] },
      query: { year: '2025', quarter: '2' },
    });
    expectProblem(res, 403);
  });

  it('refuses other roles with 403', async () => {
    const res = await invoke(route, {
      principal: { sub: 'vr-1', groups: ['village_reviewer'], village: '370302101201' },
      query: { year: '2025', quarter: '2' },
    });
    expectProblem(res, 403);
  });

  it('refuses quarter=5 with 400 naming the field', async () => {
    const res = await invoke(route, { principal: AUDITOR, query: { year: '2025', quarter: '5' } });
    expectProblem(res, 400, ['query.quarter']);
  });

  it('lists every bad field at once', async () => {
    const res = await invoke(route, {
      principal: AUDITOR,
      query: { year: '1999', quarter: 'x', district: '999999', format: 'pdf' },
    });
    expectProblem(res, 400, ['query.year', 'query.quarter', 'query.district', 'query.format']);
  });

  it('requires year and quarter', async () => {
    const res = await invoke(route, { principal: AUDITOR, query: {} });
    expectProblem(res, 400, ['query.year', 'query.quarter']);
  });

  it('refuses a call without a token with 401', async () => {
    const res = await invoke(route, { query: { year: '2025', quarter: '2' } });
    expectProblem(res, 401);
  });
});
