import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { caseItem as fundCaseItem, getCase } from '../../shared/adapters/table/caseRepository.js';
import { transact } from '../../shared/adapters/table/dynamo.js';
import { reverseEntry } from '../../shared/cases/commands/advance/replenish.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { Household } from '../../shared/domain/model/household.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries, reconcile } from '../../shared/fund/reconcile.js';
import { quotaAccrualItems, readQuota, recordReserve } from '../../shared/fund/reserve.js';
import { expectProblem, invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { createCase, saveCase } from '../support/caseStore.js';
import { type Doubles, installDoubles } from '../support/seed.js';
import {
  DISTRICT,
  freshTable,
  fundAdmin,
  fundReviewCase,
  HOUSEHOLD,
  seedFundReview,
  VILLAGE,
} from './harness.js';

/**
 * GET /fund, GET /fund/ledger, POST /fund/replenishments, reversals, and the reserve (收储) with its
 * quota, against DynamoDB Local. Workflow and event ports are recording doubles (seed.ts): Step
 * Functions and EventBridge have no local implementation in these tests.
 */
const env = useApiEnvironment();
const { getFund, getLedger, createReplenishment, decideAdvance } = await loadRoutes(
  'getFund',
  'getLedger',
  'createReplenishment',
  'decideAdvance',
);

let doubles: Doubles;
beforeEach(async () => {
  await freshTable(env.services.dynamo.endpoint);
  doubles = installDoubles();
});

const ADMIN = fundAdmin('a');
const AUDITOR: TestPrincipal = { sub: 'auditor-1', groups: ['auditor'], district: DISTRICT };
const OTHER_ADMIN = fundAdmin('z', '370303');

function post(body: unknown, principal: TestPrincipal = ADMIN, headers: Record<string, string> = {}) {
  return invoke(createReplenishment, { principal, body, headers });
}

/** A household whose parcel P1 is 220 m2 (and P2 100.5 m2), as the registry holds it. */
function household(): Household {
  const parcel = (parcelId: string, areaM2: number) => ({
    parcelId,
    certificateNo: `鲁(2020)淄川区不动产权第${parcelId}号`,
    areaM2,
    status: 'registered' as const,
    mortgageeConsent: false,
    attachments: [],
  });
  return {
    householdId: HOUSEHOLD,
    villageCode: VILLAGE,
    headMemberId: 'm1',
    members: [
      {
        memberId: 'm1',
        name: '张三',
        nationalId: '370302197003081234',
        birthDate: '1970-03-08',
        relation: 'head',
      },
    ],
    homesteads: [parcel('P1', 220), parcel('P2', 100.5)],
    contractPlots: [],
    rights: { homesteadQualification: true, collectiveIncomeDistribution: true, equityShares: 0 },
    nonFarm: { socialInsuranceMonths: 36, urbanResidenceMonths: 30, businessLicenceMonths: 0 },
    socialInsurance: [],
  };
}

function disbursedCase(caseId: string, parcelIds: string[]): Case {
  const c = fundReviewCase({ caseId, amountFen: 1_000 });
  return {
    ...c,
    status: 'disbursed',
    application: { ...c.application, parcelIds } as Case['application'],
  };
}

describe('POST /fund/replenishments', () => {
  it('records an appropriation (201 entry) and shows it in GET /fund and the ledger', async () => {
    const res = await post({
      source: 'appropriation',
      amountFen: 1_000_000,
      reference: '淄财农〔2025〕12号',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      entryId: expect.stringMatching(/^REP-/),
      kind: 'replenishment',
      amountFen: 1_000_000,
      debit: 'fund_cash',
      credit: 'appropriations',
      source: 'appropriation',
      actor: ADMIN.sub,
      seq: 1,
      balanceAfterFen: 1_000_000,
    });
    expect(doubles.events.published.map((e) => e.type)).toEqual(['FundReplenished']);

    const fund = await invoke(getFund, { principal: AUDITOR });
    expect(fund.status, fund.text).toBe(200);
    expect(fund.json).toMatchObject({
      balanceFen: 1_000_000,
      advancedFen: 0,
      replenishedFen: 1_000_000,
      queuedFen: 0,
      queueLength: 0,
      reconciled: { entriesSumFen: 1_000_000, matches: true },
    });
  });

  it('the same reference again is the same movement; with other figures it is a conflict', async () => {
    const body = { source: 'appropriation', amountFen: 500, reference: 'B-1' };
    const one = await post(body);
    const two = await post(body);
    expect(two.status).toBe(201);
    expect(two.json.entryId).toBe(one.json.entryId);
    expectProblem(await post({ ...body, amountFen: 600 }), 409);
    expect(await ledgerEntries(DISTRICT)).toHaveLength(1);
    expect((await readFund(DISTRICT)).balanceFen).toBe(500);
  });

  it('refuses bad input with the fields named', async () => {
    expectProblem(await post({ source: 'appropriation', amountFen: 0, reference: 'x' }), 400, [
      'body.amountFen',
    ]);
    expectProblem(await post({ source: 'appropriation', amountFen: 1.5, reference: 'x' }), 400, [
      'body.amountFen',
    ]);
    expectProblem(await post({ source: 'quota_sale', amountFen: 100, reference: 'T-1' }), 400, [
      'body.quotaM2',
    ]);
    expectProblem(await post({ source: 'appropriation', amountFen: 100, reference: 'x', quotaMu: 1 }), 400, [
      'body.quotaMu',
    ]);
    expectProblem(await post({ source: 'appropriation', amountFen: 100, reference: 'x', quotaM2: 1 }), 400, [
      'body.quotaM2',
    ]);
    expectProblem(
      await post({ source: 'quota_sale', amountFen: 100, reference: 'T-1', quotaMu: 0.00001 }),
      400,
      ['body.quotaMu'],
    );
    expectProblem(
      await post({ source: 'quota_sale', amountFen: 100, reference: 'T-1', quotaM2: 0.001 }),
      400,
      ['body.quotaM2'],
    );
    expectProblem(await post({ source: 'quota_sale', amountFen: 100, reference: 'T-1', quotaM2: 0 }), 400, [
      'body.quotaM2',
    ]);
    expectProblem(await post({ source: 'quota_sale', amountFen: 100, reference: 'T-1', quotaM2: -1 }), 400, [
      'body.quotaM2',
    ]);
    // both: quotaM2 is the figure of record and quotaMu must be its mu (200 m² = 0.3000 mu)
    expectProblem(
      await post({ source: 'quota_sale', amountFen: 100, reference: 'T-1', quotaM2: 200, quotaMu: 0.3001 }),
      400,
      ['body.quotaMu'],
    );
  });

  it('a quota sale stated in mu (the older quotaMu) counts as its m²; its reversal gives both back', async () => {
    expectProblem(
      await post({ source: 'quota_sale', amountFen: 100, reference: 'T-0', quotaMu: 0.0001 }),
      422,
      ['body.quotaMu'],
    );
    // 220 m2 + 100.5 m2 = 320.5 m2 = 0.480747… mu → 0.4807 mu (one rounding, of the exact total);
    // quota accrues when the reclaimed land is accepted (wave 2), here all of it
    const c = disbursedCase('C-RES-1', ['P1', 'P2']);
    await createCase(c, { actor: 'seed', action: 'case.seeded' });
    await recordReserve(c, household(), '2025-07-01T00:00:00.000Z');
    await transact(quotaAccrualItems(c, 320.5, '2025-10-01T00:00:00.000Z'));
    expect(await readQuota(DISTRICT)).toMatchObject({
      accruedCentiM2: 32_050,
      accruedMu4: 4_807,
      availableMu4: 4_807,
    });

    const sale = await post({
      source: 'quota_sale',
      amountFen: 9_000_000,
      reference: 'GGZY-2025-001',
      quotaMu: 0.3,
    });
    expect(sale.status, sale.text).toBe(201);
    // 0.3 mu = 3 000 mu4 = 200.00 m² (3 000 × 66 667 / 10 000 = 20 000.1 centi-m², rounded)
    expect(sale.json).toMatchObject({
      credit: 'quota_sales',
      quotaMu4: 3_000,
      quotaMu: '0.3000',
      quotaCentiM2: 20_000,
      quotaM2: 200,
    });
    // 0.1808 mu = 120.53 m² > the 120.50 m² left
    const tooMuch = await post({
      source: 'quota_sale',
      amountFen: 100,
      reference: 'GGZY-2025-002',
      quotaMu: 0.1808,
    });
    expectProblem(tooMuch, 422, ['body.quotaMu']);
    expect(tooMuch.json).toMatchObject({ code: 'RULE_REFUSED', availableM2: 120.5, askedM2: 120.53 });
    const rest = await post({
      source: 'quota_sale',
      amountFen: 5_000_000,
      reference: 'GGZY-2025-003',
      quotaMu: 0.1807,
    });
    expect(rest.status, rest.text).toBe(201);
    expect(await readQuota(DISTRICT)).toMatchObject({ availableMu4: 0, soldCentiM2: 32_047 });

    const reversal = await reverseEntry(
      DISTRICT,
      sale.json.entryId,
      ADMIN.sub,
      '交易撤销 / sale annulled',
      new Date().toISOString(),
    );
    expect(reversal.entry).toMatchObject({
      kind: 'reversal',
      debit: 'quota_sales',
      credit: 'fund_cash',
      quotaMu4: 3_000,
      quotaCentiM2: 20_000,
    });
    expect(await readQuota(DISTRICT)).toMatchObject({ availableMu4: 3_000, availableCentiM2: 20_003 });
    expect((await readFund(DISTRICT)).balanceFen).toBe(5_000_000);
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('pays queued advances in order and says which', async () => {
    const { caseId } = await seedFundReview({ caseId: 'C-QUEUED', amountFen: 4_000 });
    const queued = await invoke(decideAdvance, {
      principal: ADMIN,
      pathParameters: { caseId },
      body: { decision: 'approve', note: '' },
    });
    expect(queued.json.status).toBe('awaiting_funds');
    expect((await invoke(getFund, { principal: ADMIN })).json).toMatchObject({
      queuedFen: 4_000,
      queueLength: 1,
    });
    const res = await post({ source: 'appropriation', amountFen: 10_000, reference: 'B-2' });
    expect(res.json.paidAdvances).toEqual([{ caseId, entryId: `ADV-AG-${caseId}`, amountFen: 4_000 }]);
    expect((await getCase(caseId))?.case.status).toBe('disbursed');
    expect((await invoke(getFund, { principal: ADMIN })).json).toMatchObject({
      balanceFen: 6_000,
      advancedFen: 4_000,
      queuedFen: 0,
      queueLength: 0,
    });
  });

  it('is the own district only: a fund administrator of another district moves its own fund', async () => {
    await post({ source: 'appropriation', amountFen: 700, reference: 'B-3' }, OTHER_ADMIN);
    expect((await readFund('370303')).balanceFen).toBe(700);
    expect((await readFund(DISTRICT)).balanceFen).toBe(0);
    expect((await invoke(getFund, { principal: { ...ADMIN, district: undefined } })).status).toBe(403);
  });
});

describe('reversals', () => {
  it('reverse an advance by a new entry, once; a reversal is not reversed; the agreement is never paid again', async () => {
    await post({ source: 'appropriation', amountFen: 10_000, reference: 'B-4' });
    const { caseId } = await seedFundReview({ caseId: 'C-REV', amountFen: 3_000 });
    await invoke(decideAdvance, {
      principal: ADMIN,
      pathParameters: { caseId },
      body: { decision: 'approve' },
    });
    const at = new Date().toISOString();
    const r1 = await reverseEntry(DISTRICT, `ADV-AG-${caseId}`, ADMIN.sub, '重复拨付更正 / correction', at);
    expect(r1.entry).toMatchObject({
      entryId: `REV-ADV-AG-${caseId}`,
      kind: 'reversal',
      debit: 'fund_cash',
      credit: 'advances',
      reversesEntryId: `ADV-AG-${caseId}`,
      caseId,
    });
    const r2 = await reverseEntry(DISTRICT, `ADV-AG-${caseId}`, ADMIN.sub, 'again', at);
    expect(r2.replayed).toBe(true);
    await expect(reverseEntry(DISTRICT, r1.entry.entryId, ADMIN.sub, 'undo', at)).rejects.toMatchObject({
      status: 422,
    });
    await expect(reverseEntry(DISTRICT, 'NOPE', ADMIN.sub, 'x', at)).rejects.toMatchObject({ status: 404 });
    expect(await readFund(DISTRICT)).toMatchObject({
      balanceFen: 10_000,
      advancedFen: 0,
      reversedFen: 3_000,
    });
    // the original entry is still there, unchanged: corrections add, never edit
    const entries = await ledgerEntries(DISTRICT);
    expect(entries.map((e) => e.entryId)).toEqual([
      expect.stringMatching(/^REP-/),
      `ADV-AG-${caseId}`,
      `REV-ADV-AG-${caseId}`,
    ]);
    expect((await reconcile(DISTRICT)).matches).toBe(true);
  });

  it('reversing a replenishment needs the balance to cover it', async () => {
    const rep = await post({ source: 'appropriation', amountFen: 5_000, reference: 'B-5' });
    const { caseId } = await seedFundReview({ caseId: 'C-SPENT', amountFen: 4_000 });
    await invoke(decideAdvance, {
      principal: ADMIN,
      pathParameters: { caseId },
      body: { decision: 'approve' },
    });
    await expect(
      reverseEntry(DISTRICT, rep.json.entryId, ADMIN.sub, 'wrong budget line', new Date().toISOString()),
    ).rejects.toMatchObject({ status: 422 });
    expect((await readFund(DISTRICT)).balanceFen).toBe(1_000);
  });
});

describe('GET /fund/ledger', () => {
  it('pages through the entries newest first, and refuses a cursor of another fund', async () => {
    for (let i = 1; i <= 5; i++)
      await post({ source: 'appropriation', amountFen: i * 100, reference: `P-${i}` });
    const page1 = await invoke(getLedger, { principal: AUDITOR, query: { limit: '2' } });
    expect(page1.status, page1.text).toBe(200);
    expect(page1.json.items.map((e: { amountFen: number }) => e.amountFen)).toEqual([500, 400]);
    expect(page1.json.items[0]).toMatchObject({
      entryId: expect.any(String),
      at: expect.any(String),
      kind: 'replenishment',
      actor: ADMIN.sub,
      reference: 'P-5',
    });
    expect(page1.json.items[0]).not.toHaveProperty('PK');
    const page2 = await invoke(getLedger, {
      principal: AUDITOR,
      query: { limit: '2', cursor: page1.json.nextCursor },
    });
    const page3 = await invoke(getLedger, {
      principal: AUDITOR,
      query: { limit: '2', cursor: page2.json.nextCursor },
    });
    expect(page2.json.items.map((e: { amountFen: number }) => e.amountFen)).toEqual([300, 200]);
    expect(page3.json.items.map((e: { amountFen: number }) => e.amountFen)).toEqual([100]);

    const foreign = Buffer.from(JSON.stringify({ PK: 'FUND#370303', SK: 'ENTRY#x' })).toString('base64url');
    expectProblem(await invoke(getLedger, { principal: AUDITOR, query: { cursor: foreign } }), 400, [
      'query.cursor',
    ]);
    expectProblem(await invoke(getLedger, { principal: AUDITOR, query: { cursor: 'garbage' } }), 400, [
      'query.cursor',
    ]);
  });
});

describe('reserve (收储) and quota', () => {
  it('records the parcels once, however often the step runs; contract land records nothing', async () => {
    const c = disbursedCase('C-RES-2', ['P1']);
    await createCase(c, { actor: 'seed', action: 'case.seeded' });
    const one = await recordReserve(c, household(), '2025-07-01T00:00:00.000Z');
    const two = await recordReserve(c, household(), '2025-07-02T00:00:00.000Z');
    expect(one).toMatchObject({
      recorded: true,
      replayed: false,
      record: { areaCentiM2: 22_000, quotaMu4: 3_300 },
    });
    expect(two).toMatchObject({
      recorded: true,
      replayed: true,
      record: { recordedAt: '2025-07-01T00:00:00.000Z' },
    });
    // nothing accrues at the reserve (wave 2): only the accepted reclamation produces quota, once
    expect(await readQuota(DISTRICT)).toMatchObject({
      reservedCases: 1,
      reservedParcels: 1,
      accruedMu4: 0,
    });
    await transact(quotaAccrualItems(c, 180.25, '2025-10-01T00:00:00.000Z'));
    await expect(transact(quotaAccrualItems(c, 180.25, '2025-10-02T00:00:00.000Z'))).rejects.toThrow();
    expect(await readQuota(DISTRICT)).toMatchObject({ accruedCentiM2: 18_025 });

    const contract: Case = {
      ...c,
      caseId: 'C-RES-3',
      type: 'contract_land_exit',
      application: {
        type: 'contract_land_exit',
        householdId: HOUSEHOLD,
        scope: 'all',
        term: 'permanent',
        consents: c.application.consents,
        declarations: { voluntary: true },
      },
    };
    expect(await recordReserve(contract, household(), '2025-07-01T00:00:00.000Z')).toEqual({
      recorded: false,
      reason: 'no_construction_land',
    });
    await expect(
      recordReserve(disbursedCase('C-RES-4', ['P9']), household(), '2025-07-01T00:00:00.000Z'),
    ).rejects.toThrow(/parcel P9/);
    expect((await readQuota(DISTRICT)).reservedCases).toBe(1);
  });
});

describe('the case item the fund writes', () => {
  it('is exactly the item caseRepository writes (keys, indexes, token, data)', async () => {
    const { caseId } = await seedFundReview({ caseId: 'C-SHAPE', amountFen: 100 });
    const read = await getCase(caseId);
    if (!read) throw new Error('missing');
    const next = touchCase(read.case, { actor: 'x', at: '2025-06-02T00:00:00.000Z', note: 'n' });
    await saveCase(read, next, { audit: { actor: 'x', action: 'test' } });
    const raw = await documentClient().send(
      new GetCommand({ TableName: requireConfig('TABLE_NAME'), Key: { PK: `CASE#${caseId}`, SK: 'CASE' } }),
    );
    const stored = await getCase(caseId);
    expect(fundCaseItem(stored?.case ?? next, stored?.pendingToken)).toEqual(raw.Item);
  });
});
