import { beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter } from '../../bench/scale/batchWriter.js';
import { buildCase } from '../../bench/scale/cases.js';
import { type Census, emptyCensus, fill, writeVillages } from '../../bench/scale/fill.js';
import { CaseProjectionTotals, ProjectionTotals } from '../../bench/scale/projectionFill.js';
import { PATH, SIDE } from '../../bench/scale/statuses.js';
import { LARGE_DISTRICT, scaleVillages } from '../../bench/scale/world.js';
import { putParameterVersion } from '../../shared/adapters/table/policyRepository.js';
import { CASE_STATUSES } from '../../shared/domain/model/status.js';
import { ILLUSTRATIVE_PARAMETERS } from '../../shared/domain/policy/defaults.js';
import { readFund } from '../../shared/fund/ledger.js';
import { reconcile } from '../../shared/fund/reconcile.js';
import { listInbox } from '../../shared/notifications/inbox.js';
import { quarterlyReport as oracleReport } from '../reports/oracle/quarterly.js';
import { invoke, loadRoutes, TABLE_NAME, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { installDoubles } from '../support/seed.js';

/**
 * `npm run bench:scale` cannot rot unnoticed: a small fill (40 cases, every item through the project's
 * own builders, written with BatchWriteItem) must read back through the handlers the benchmark
 * measures, each answer passing the HTTP contract, and the fund's reconciliation must find the ledger
 * the fill wrote equal to its balance item. The timing itself is bench/scale/main.ts's, never a test's.
 */
const env = useApiEnvironment();
const routes = await loadRoutes(
  'getCase',
  'listCases',
  'getFund',
  'getLedger',
  'getQuarterlyReport',
  'listNotifications',
);

const CASES = 40;
const auditor: TestPrincipal = { sub: 'auditor-x', groups: ['auditor'], district: LARGE_DISTRICT };
const fundAdmin: TestPrincipal = { sub: 'fund-x', groups: ['fund_admin'], district: LARGE_DISTRICT };
let census: Census;
let writer: BatchWriter;

beforeAll(async () => {
  installDoubles();
  for (const p of ILLUSTRATIVE_PARAMETERS) await putParameterVersion(p);
  writer = new BatchWriter(env.services.dynamo.endpoint, TABLE_NAME);
  const villages = scaleVillages();
  const now = new Date().toISOString();
  await writeVillages(writer, villages, now);
  census = emptyCensus();
  await fill({
    writer,
    villages,
    from: 0,
    to: CASES,
    census,
    projection: new ProjectionTotals(),
    caseProjection: new CaseProjectionTotals(),
    now,
    log: () => undefined,
  });
}, 120_000);

describe('bench:scale fill', () => {
  it('builds a valid case of every type in every status on its path or beside it', () => {
    const village = scaleVillages()[0];
    const params = ILLUSTRATIVE_PARAMETERS[0];
    if (!village || !params) throw new Error('no village or parameters');
    for (const [type, path] of Object.entries(PATH) as [keyof typeof PATH, readonly string[]][]) {
      for (const status of CASE_STATUSES) {
        if (!path.includes(status) && !SIDE[status]) continue;
        // buildCase parses the case with caseSchema: an invalid one throws here
        const b = buildCase({ n: 1, type, status, village, params, createdAt: Date.parse('2026-01-05') });
        expect(b.case.status).toBe(status);
      }
    }
  });

  it('writes the cases and their items in batches', () => {
    expect(census.cases).toBe(CASES);
    expect(writer.written).toBeGreaterThan(CASES * 8);
    expect(census.sampleCaseIds.length).toBeGreaterThan(0);
  });

  it('every case of the large district reads back through GET /cases/{id}', async () => {
    for (const caseId of census.sampleCaseIds) {
      const res = await invoke(routes.getCase, { principal: auditor, pathParameters: { caseId } });
      expect(res.status, res.text).toBe(200);
      expect(res.json.caseId).toBe(caseId);
    }
  });

  it('the district list, the ledger, the notices and the quarterly report answer 200', async () => {
    const list = await invoke(routes.listCases, { principal: auditor, query: { limit: '100' } });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.length).toBe(census.byDistrict.get(LARGE_DISTRICT));
    const ledger = await invoke(routes.getLedger, { principal: fundAdmin });
    expect(ledger.status, ledger.text).toBe(200);
    const report = await invoke(routes.getQuarterlyReport, {
      principal: auditor,
      query: { year: '2026', quarter: '3', district: LARGE_DISTRICT },
    });
    expect(report.status, report.text).toBe(200);
    const household = census.household ?? '';
    const notices = await invoke(routes.listNotifications, {
      principal: { sub: 'h', groups: ['applicant'], householdId: household },
    });
    expect(notices.status, notices.text).toBe(200);
    expect(notices.json.items.length).toBeGreaterThan(0);
    expect((await listInbox(household)).length).toBe(notices.json.items.length);
  });

  it('the report read from the sums the fill wrote equals the old report from every case', async () => {
    const { rebuildDistrictProjection } = await import('../../shared/reports/rebuild.js');
    const source = await import('../../shared/reports/source.js');
    const { reportFromSums } = await import('../../shared/reports/quarterly.js');
    // the fill wrote the rebuild's items: a rebuild finds every case's state at its version and adds
    // nothing twice
    await rebuildDistrictProjection(LARGE_DISTRICT);
    const cases = await source.allDistrictCases(LARGE_DISTRICT);
    let measured = 0;
    for (const quarter of [1, 2, 3, 4]) {
      const input = { year: 2025, quarter, district: LARGE_DISTRICT, generatedAt: '2026-12-06T00:00:00Z' };
      const data = await source.loadQuarterData(input);
      const land = await source.exitLandRecords(cases, input);
      const report = reportFromSums(data.sums, data.now, data.ledger, input, data.projection);
      // the oracle sums the quarter's ledger entries one by one: the fill's quarter sums must agree
      const entries = await source.quarterLedgerEntries(input.district, input.year, input.quarter);
      expect(report).toEqual(oracleReport(cases, entries, input, land, data.projection));
      measured += report.stageDurations.reduce((n, d) => n + d.count, 0);
    }
    // the fill's cases finish stages in these quarters: the medians are read from the stored days
    expect(measured).toBeGreaterThan(0);
  });

  it("the fund's balance item is the sum of the ledger the fill wrote (GET /fund reconciles)", async () => {
    const entries = census.ledgerEntries.get(LARGE_DISTRICT) ?? 0;
    const fund = await readFund(LARGE_DISTRICT);
    expect(fund.seq).toBe(entries);
    expect((await reconcile(LARGE_DISTRICT)).matches).toBe(true);
    const res = await invoke(routes.getFund, { principal: fundAdmin });
    expect(res.status, res.text).toBe(200);
    expect(res.json.reconciled.matches).toBe(true);
  });
});
