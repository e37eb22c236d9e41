import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { caseAuditTrail } from '../../shared/adapters/table/caseRepository.js';
import { putVillage } from '../../shared/adapters/table/registryRepository.js';
import { sha256Hex } from '../../shared/documents/pdf/publish.js';
import { capitalAmount } from '../../shared/domain/compensation/capitalAmount.js';
import { groupedYuan } from '../../shared/domain/compensation/format.js';
import type { Case } from '../../shared/domain/model/case.js';
import { villageSchema } from '../../shared/domain/model/village.js';
import {
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoutes,
  TABLE_NAME,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import { PAID_AT, seedPaidCase } from '../support/paidTranches.js';
import { compact, pdfText } from '../support/pdfText.js';
import {
  HOUSEHOLDS,
  installDoubles,
  OTHER_VILLAGE,
  OWN_DISTRICT,
  OWN_VILLAGE,
  principals,
  seedCase,
  seedRegistry,
} from '../support/seed.js';

/**
 * The documents the system issues beside the agreement (issue 15, item 2): the 付款凭证 of a paid tranche
 * and a village's 公示名单. Each answer's URL is fetched from s3rver and the PDF read back with PDF.js,
 * so the checks are on what a person's viewer shows: names, amounts in figures and capitals, Beijing
 * times, the case ids; then the audit entry, and the refusals.
 */
useApiEnvironment();
const { getPaymentReceipt, getNoticeList } = await loadRoutes('getPaymentReceipt', 'getNoticeList');

/** A third village of the own town, with nothing in notice. */
const QUIET_VILLAGE = villageSchema.parse({
  villageCode: '370302101202',
  name: '北岭村',
  townName: '西河镇',
  districtCode: OWN_DISTRICT,
  tier: 2,
});

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
  await putVillage(QUIET_VILLAGE, 'seed', '2025-01-01T00:00:00.000Z');
});

const head = HOUSEHOLDS.own.members[0];
if (!head) throw new Error('the seed household has no head');

/** The PDF behind an answer's presigned URL, checked against the answer's hash and size. */
async function fetchPdf(res: InvokeResult) {
  expect(res.status, res.text).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const got = await fetch(res.json.url);
  expect(got.status).toBe(200);
  expect(got.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await got.arrayBuffer());
  expect(sha256Hex(bytes)).toBe(res.json.sha256);
  expect(bytes.byteLength).toBe(res.json.sizeBytes);
  return { bytes, text: await pdfText(bytes) };
}

const receipt = (caseId: string, tranche: string, principal: TestPrincipal = principals.applicant) =>
  invoke(getPaymentReceipt, { principal, pathParameters: { caseId, tranche } });

const downloads = async (caseId: string) =>
  (await caseAuditTrail(caseId)).filter((e) => e.action === 'receipt.downloaded');

describe('GET /cases/{caseId}/receipts/{tranche}: 付款凭证', () => {
  let collective: Case;
  beforeAll(async () => {
    collective = await seedPaidCase({ type: 'contract_land_exit', paid: 1, confirmed: true });
  });

  it('the collective’s confirmed tranche: payer, payee, amounts, 大写, Beijing time, hash; audited', async () => {
    const t1 = collective.paymentSchedule?.[0];
    if (!t1 || !collective.agreement) throw new Error('seeded without a schedule');
    const res = await receipt(collective.caseId, '1');
    const { bytes, text } = await fetchPdf(res);
    expect(res.json).toMatchObject({
      caseId: collective.caseId,
      tranche: 1,
      payer: 'collective',
      method: 'GET',
    });
    const all = compact(text.text);
    expect(all).toContain('付款凭证');
    expect(all).toContain('西河村集体经济组织');
    expect(all).toContain(`${head.name}（户主，身份证号**************1234）`);
    expect(all).not.toContain(head.nationalId);
    expect(all).toContain(collective.caseId);
    expect(all).toContain(collective.agreement.agreementId);
    expect(all).toContain('第1期（共2期）');
    expect(all).toContain('冷静期结束时');
    expect(all).toContain(`¥${groupedYuan(t1.amountFen)}`);
    expect(all).toContain(`人民币${capitalAmount(t1.amountFen)}`);
    expect(all).toContain('YH-20250701-1');
    // 17:30 UTC on 30 June is 01:30 on 1 July in Zibo
    expect(all).toContain('2025年7月1日01:30（北京时间）');
    expect(all).toContain('2025年7月2日10:00（北京时间）');
    expect(all).toContain(res.json.contentSha256);
    expect(all).toContain(res.json.receiptNo);
    expect(text.pages).toHaveLength(1);
    expect(bytes.byteLength).toBeLessThan(100_000);

    const audit = await downloads(collective.caseId);
    expect(audit).toEqual([
      expect.objectContaining({
        actor: principals.applicant.sub,
        detail: expect.objectContaining({ sha256: res.json.sha256, tranche: 1, role: 'applicant' }),
      }),
    ]);
    // the same receipt again (the village this time): the same file, under the same key, audited again
    const again = await receipt(collective.caseId, '1', principals.reviewer);
    expect(again.status, again.text).toBe(200);
    expect(again.json.sha256).toBe(res.json.sha256);
    expect(await downloads(collective.caseId)).toHaveLength(2);
  });

  it('the fund’s tranche names the district’s special fund and the ledger entry; unpaid tranches are 409', async () => {
    const c = await seedPaidCase({ type: 'homestead_exit', paid: 1 });
    const t1 = c.paymentSchedule?.[0];
    if (!t1?.entryId) throw new Error('seeded without an entry');
    const res = await receipt(c.caseId, '1', principals.fundAdmin);
    const { text } = await fetchPdf(res);
    expect(res.json.payer).toBe('fund');
    const all = compact(text.text);
    expect(all).toContain('淄川区宅基地退出补偿专项基金');
    expect(all).toContain(t1.entryId);
    expect(all).toContain('第1期（共3期）');
    expect(all).toContain(`人民币${capitalAmount(t1.amountFen)}`);
    expect(all).toContain(PAID_AT.slice(0, 4));

    const payable = await receipt(c.caseId, '2', principals.fundAdmin);
    expectProblem(payable, 409);
    expect(payable.json).toMatchObject({ code: 'ILLEGAL_TRANSITION', trancheStatus: 'payable', tranche: 2 });
    const scheduled = await receipt(c.caseId, '3', principals.auditor);
    expectProblem(scheduled, 409);
    expect(scheduled.json.trancheStatus).toBe('scheduled');
    // a refusal hands out nothing, so nothing is audited as downloaded
    expect(await downloads(c.caseId)).toHaveLength(1);
  });

  it('bad tranche numbers, unknown cases, cases without a schedule, callers out of scope', async () => {
    for (const tranche of ['0', '99', 'abc', '1.5']) {
      expectProblem(await receipt(collective.caseId, tranche), 400, ['path.tranche']);
    }
    // within the range a schedule may have, but not in this one
    expectProblem(await receipt(collective.caseId, '5'), 404);
    expectProblem(await receipt('C-20250101-ffffffff', '1'), 404);
    const draft = await seedCase({ status: 'draft' });
    expectProblem(await receipt(draft.caseId, '1'), 404);
    for (const p of [principals.otherApplicant, principals.otherReviewer, principals.otherAuditor]) {
      expectProblem(await receipt(collective.caseId, '1', p), 403);
    }
    // the registry and the land office have no receipts to read
    expectProblem(await receipt(collective.caseId, '1', principals.registrar), 403);
    expectProblem(await receipt(collective.caseId, '1', principals.landOfficer), 403);
  });
});

// ---------------------------------------------------------------------------------------------------

const notice = (villageCode: string, principal: TestPrincipal = principals.reviewer) =>
  invoke(getNoticeList, { principal, pathParameters: { villageCode } });

async function villageAudit(villageCode: string) {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `AUDIT#VILLAGE#${villageCode}` },
    }),
  );
  return out.Items ?? [];
}

/** Beijing 2025-06-10 00:30: the notice began in the first minutes of a Zibo day (still 9 June in UTC). */
const NOTICE_START = '2025-06-09T16:30:00.000Z';
const noticeTimeline = (at: string) => [
  { at, status: 'village_review' as const, actor: 'seed', note: 'seeded' },
  { at, status: 'public_notice' as const, actor: 'reviewer-own', note: 'approved' },
];

describe('GET /villages/{villageCode}/public-notice: 公示名单', () => {
  it('the village’s cases in notice, with land, areas, the period in Beijing time, no option chosen', async () => {
    const home = await seedCase({
      status: 'public_notice',
      type: 'homestead_exit',
      patch: { timeline: noticeTimeline(NOTICE_START) },
    });
    const land = await seedCase({
      status: 'public_notice',
      type: 'contract_land_exit',
      patch: { timeline: noticeTimeline('2025-06-10T02:00:00.000Z') },
    });
    // not in notice, or another village's: not on the list
    const reviewing = await seedCase({ status: 'village_review' });
    const elsewhere = await seedCase({ household: 'other', status: 'public_notice' });

    const res = await notice(OWN_VILLAGE);
    const { text } = await fetchPdf(res);
    expect(res.json).toMatchObject({
      villageCode: OWN_VILLAGE,
      cases: 2,
      caseIds: [home.caseId, land.caseId],
    });
    expect(res.json.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const all = compact(text.text);
    expect(all).toContain('西河村宅基地、承包地和集体资产股权自愿有偿退出公示名单');
    expect(all).toContain('公示名单（共2户）');
    expect(all).toContain(home.caseId);
    expect(all).toContain(land.caseId);
    expect(all).not.toContain(reviewing.caseId);
    expect(all).not.toContain(elsewhere.caseId);
    expect(all).toContain(head.name);
    expect(all).toContain('**************1234');
    expect(all).not.toContain(head.nationalId);
    // a long certificate number wraps in its cell: each line of it is there
    expect(all).toContain('鲁(2020)淄川区不动产权第');
    expect(all).toContain(`${HOUSEHOLDS.own.householdId}-P1号`);
    expect(all).toContain('220㎡');
    expect(all).toContain('承包地：C1，2.5亩');
    expect(all).toContain('2025年6月10日00:30起');
    expect(all).toContain('2025年6月17日00:30止');
    expect(all).toContain('2025年6月17日10:00止');
    expect(all.match(/尚未选择/g)?.length).toBeGreaterThanOrEqual(2);
    expect(all).toContain('POST/cases/{案件编号}/objections');
    expect(all).toContain('西河村村民委员会');
    expect(all).toContain('西河镇人民政府');
    const [y, m, d] = (res.json.asOf as string).split('-').map(Number);
    expect(all).toContain(`发布日期：${y}年${m}月${d}日`);

    const audit = await villageAudit(OWN_VILLAGE);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'notice_list.downloaded',
        actor: principals.reviewer.sub,
        entity: `VILLAGE#${OWN_VILLAGE}`,
        detail: expect.objectContaining({ sha256: res.json.sha256, cases: 2 }),
      }),
    ]);
    // printed again the same day by the town: the same file
    const town = await notice(OWN_VILLAGE, principals.townReviewer);
    expect(town.status, town.text).toBe(200);
    expect(town.json.sha256).toBe(res.json.sha256);
    expect(await villageAudit(OWN_VILLAGE)).toHaveLength(2);
  });

  it('a village with nothing in notice gets a valid list saying so', async () => {
    const res = await notice(QUIET_VILLAGE.villageCode, principals.townReviewer);
    const { text } = await fetchPdf(res);
    expect(res.json).toMatchObject({ villageCode: QUIET_VILLAGE.villageCode, cases: 0, caseIds: [] });
    expect(compact(text.text)).toContain('公示名单共0户');
    expect(text.pages).toHaveLength(1);
    expect(await villageAudit(QUIET_VILLAGE.villageCode)).toHaveLength(1);
  });

  it('unknown villages are 404 within scope, 403 outside it; a malformed code is 400', async () => {
    expectProblem(await notice('370302101288', principals.townReviewer), 404);
    expectProblem(await notice('370302999999', principals.districtApprover), 404);
    expectProblem(await notice('not-a-village'), 400, ['path.villageCode']);
    expectProblem(await notice(OTHER_VILLAGE), 403);
    expectProblem(await notice(OWN_VILLAGE, principals.otherAuditor), 403);
    expectProblem(await notice(OWN_VILLAGE, principals.applicant), 403);
    expectProblem(await notice(OWN_VILLAGE, principals.fundAdmin), 403);
    // an unknown village outside the caller's scope says nothing of whether it exists
    expectProblem(await notice('370303999999'), 403);
  });
});
