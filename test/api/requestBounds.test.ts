import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS } from '../../functions/api/http/problem.js';
import { objectionPut } from '../../shared/adapters/table/caseHistory.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { transact } from '../../shared/adapters/table/dynamo.js';
import { putParameterVersion } from '../../shared/adapters/table/policyRepository.js';
import { putHousehold } from '../../shared/adapters/table/registryRepository.js';
import { priceOffers } from '../../shared/cases/commands/pricing.js';
import { MAX_AMOUNT_FEN } from '../../shared/contract/common.js';
import type { Review } from '../../shared/domain/model/case.js';
import { householdSchema } from '../../shared/domain/model/household.js';
import {
  MAX_CONTRACT_TERM_END,
  MAX_EXIT_CONDITIONS,
  MAX_HOMESTEADS,
  MAX_ID_CHARS,
  MAX_OBJECTIONS_PER_CASE,
  MAX_PARCEL_AREA_M2,
  MAX_PERSON_NAME_CHARS,
  MAX_PLACE_NAME_CHARS,
  MAX_RETURNS_PER_CASE,
  MAX_REVIEW_REASONS,
  MAX_REVIEW_WORDS_CHARS,
  MAX_TEXT_CHARS,
} from '../../shared/domain/model/limits.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import {
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoutes,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import {
  applicationBody,
  householdRecord,
  installDoubles,
  OTHER_DISTRICT,
  OTHER_VILLAGE,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  principals,
  seedCase,
  seedRegistry,
  VILLAGES,
} from '../support/seed.js';

/**
 * Issue 16: every request is bounded (a 400 naming the field, in English and Chinese), amounts are
 * capped, a case counts its returns and objections, and an objection tells nobody out of scope anything
 * about a case outside its notice. docs/limits.md lists every bound.
 */
useApiEnvironment();
const r = await loadRoutes(
  'reviewCase',
  'createObjection',
  'appealCase',
  'answerCollectivePayment',
  'recordCollectivePayment',
  'recordMilestone',
  'putHousehold',
  'putVillage',
  'createCase',
  'getCase',
);

beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  installDoubles();
});

const over = (n: number) => '字'.repeat(n + 1);
const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };

/** The field error of a path, or undefined. */
function errorAt(res: InvokeResult, path: string): { message: string; messageZh?: string } | undefined {
  return (res.json?.errors ?? []).find((e: { path: string }) => e.path === path);
}

describe('texts a person writes: a 400 naming the field, readable in both languages', () => {
  it('a review note over the limit', async () => {
    const res = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: 'C-20260101-00000000' },
      body: { decision: 'return', note: over(MAX_REVIEW_WORDS_CHARS), reasonCodes: ['other'] },
    });
    expectProblem(res, 400, ['body.note']);
    expect(errorAt(res, 'body.note')).toMatchObject({
      message: `too long: at most ${MAX_REVIEW_WORDS_CHARS} characters`,
      messageZh: `内容过长：最多 ${MAX_REVIEW_WORDS_CHARS} 个字符`,
    });
    expect(res.json.detailZh).toBe('提交的内容有误，请按提示修改。');
  });

  it('fifty reasons of two thousand characters (the issue’s example), too many reasons, a repeated code', async () => {
    const fifty = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: 'C-20260101-00000000' },
      body: { decision: 'return', reasons: Array.from({ length: 50 }, () => '字'.repeat(2000)) },
    });
    expectProblem(fifty, 400, ['body.reasons']);
    const many = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: 'C-20260101-00000000' },
      body: { decision: 'return', reasons: Array.from({ length: MAX_REVIEW_REASONS + 1 }, () => '材料不全') },
    });
    expectProblem(many, 400, ['body.reasons']);
    expect(errorAt(many, 'body.reasons')?.messageZh).toBe(`数量过多：最多 ${MAX_REVIEW_REASONS} 项`);
    const twice = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: 'C-20260101-00000000' },
      body: { decision: 'return', reasonCodes: ['other', 'other'] },
    });
    expectProblem(twice, 400, ['body.reasonCodes']);
  });

  it('the note and the reasons together over the limit name both', async () => {
    const reason = '字'.repeat(400);
    const note = '字'.repeat(MAX_REVIEW_WORDS_CHARS - 400 + 1);
    const res = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: 'C-20260101-00000000' },
      body: { decision: 'return', reasons: [reason], note, resolution: RESOLUTION },
    });
    expectProblem(res, 400, ['body.note', 'body.reasons']);
    expect(errorAt(res, 'body.note')?.messageZh).toContain(`合计最多 ${MAX_REVIEW_WORDS_CHARS} 个字符`);
  });

  it.each([
    [
      'an objection',
      'createObjection',
      principals.otherApplicant,
      { text: over(MAX_TEXT_CHARS) },
      'body.text',
    ],
    ['an appeal', 'appealCase', principals.applicant, { text: over(MAX_TEXT_CHARS) }, 'body.text'],
    [
      'a dispute of a payment',
      'answerCollectivePayment',
      principals.applicant,
      { confirmed: false, text: over(MAX_TEXT_CHARS) },
      'body.text',
    ],
    [
      'a taker’s name',
      'recordMilestone',
      principals.reviewer,
      { kind: 'handed_over', taker: { name: over(100) } },
      'body.taker.name',
    ],
    [
      'too many documents of a milestone',
      'recordMilestone',
      principals.reviewer,
      { kind: 'vacated', documentIds: Array.from({ length: 21 }, (_, i) => `D-${i}`) },
      'body.documentIds',
    ],
  ] as const)('%s over the limit', async (_what, route, principal, body, field) => {
    const res = await invoke(r[route], {
      principal: principal as TestPrincipal,
      pathParameters: {
        caseId: 'C-20260101-00000000',
        ...(route === 'answerCollectivePayment' ? { tranche: '1' } : {}),
      },
      body,
    });
    expectProblem(res, 400, [field]);
    expect(errorAt(res, field)?.messageZh).toMatch(/^(内容过长|数量过多)/);
  });

  it('an id longer than any real one is refused where it is named', async () => {
    const res = await invoke(r.getCase, {
      principal: principals.applicant,
      pathParameters: { caseId: `C-${'x'.repeat(MAX_ID_CHARS)}` },
    });
    expectProblem(res, 400, ['path.caseId']);
  });
});

describe('money a request states', () => {
  it.each([
    ['above the maximum', MAX_AMOUNT_FEN + 1],
    ['not a whole fen', 100.5],
    ['zero', 0],
    ['beyond 2^53', 2 ** 53 + 2],
  ])('a collective payment %s is a 400 naming body.amountFen', async (_what, amountFen) => {
    const res = await invoke(r.recordCollectivePayment, {
      principal: principals.reviewer,
      pathParameters: { caseId: 'C-20260101-00000000' },
      body: { tranche: 1, amountFen, bankReference: 'YH-2026-001' },
    });
    expectProblem(res, 400, ['body.amountFen']);
  });

  it('the pricing refuses an offer above the maximum (422), never a 500, whatever the registry holds', async () => {
    // a version in force for the other district with the highest rates the parameters take
    const base = illustrativeParameters(OTHER_DISTRICT);
    const rate = 10_000_000;
    await putParameterVersion({
      ...base,
      version: `${OTHER_DISTRICT}-2021-max`,
      effectiveFrom: '2021-01-01',
      landRateFenPerM2: { '1': rate, '2': rate, '3': rate },
    });
    // five homesteads of 1 ha each: 5 × 10 000 m² × ¥100 000/m² = ¥5 000 000 000 of land
    const record = householdRecord('H-370303-0099', OTHER_VILLAGE);
    const parcel = record.homesteads?.[0];
    if (!parcel) throw new Error('no parcel');
    const homesteads = Array.from({ length: MAX_HOMESTEADS }, (_, i) => ({
      ...parcel,
      parcelId: `PX${i}`,
      certificateNo: `鲁(2021)张店区不动产权第99${i}号`,
      areaM2: MAX_PARCEL_AREA_M2,
    }));
    const household = householdSchema.parse({ ...record, homesteads });
    await putHousehold(household, 'registrar', '2025-01-01T00:00:00.000Z');
    const application = {
      ...applicationBody('H-370303-0099'),
      parcelIds: homesteads.map((p) => p.parcelId),
    };
    const { caseId } = await seedCase({
      household: 'other',
      status: 'district_approval',
      patch: { householdId: 'H-370303-0099', application },
    });
    const c = (await getCase(caseId))?.case;
    if (!c) throw new Error('not seeded');
    await expect(priceOffers(c, new Date().toISOString())).rejects.toMatchObject({
      code: 'RULE_REFUSED',
      extra: { maxAmountFen: MAX_AMOUNT_FEN },
    });
  });
});

describe('the registry and the application: counts and sizes of the real world', () => {
  const registrar = principals.registrar;

  function household(patch: (h: ReturnType<typeof householdRecord>) => void) {
    const h = householdRecord(OWN_HOUSEHOLD, OWN_VILLAGE);
    patch(h);
    return invoke(r.putHousehold, {
      principal: registrar,
      pathParameters: { householdId: OWN_HOUSEHOLD },
      body: h,
    });
  }

  it.each([
    [
      'more homesteads than a household has',
      (h: ReturnType<typeof householdRecord>) => {
        const p = h.homesteads?.[0];
        if (!p) throw new Error('no parcel');
        h.homesteads = Array.from({ length: MAX_HOMESTEADS + 1 }, (_, i) => ({
          ...p,
          parcelId: `P${i}`,
          certificateNo: `鲁(2020)淄川区不动产权第X${i}号`,
        }));
      },
      'body.homesteads',
    ],
    [
      'a homestead larger than any',
      (h: ReturnType<typeof householdRecord>) => {
        if (h.homesteads?.[0]) h.homesteads[0].areaM2 = MAX_PARCEL_AREA_M2 + 0.01;
      },
      'body.homesteads.0.areaM2',
    ],
    [
      'a name too long',
      (h: ReturnType<typeof householdRecord>) => {
        if (h.members[0]) h.members[0].name = over(MAX_PERSON_NAME_CHARS);
      },
      'body.members.0.name',
    ],
    [
      'a contract term past the last',
      (h: ReturnType<typeof householdRecord>) => {
        if (h.contractPlots?.[0]) h.contractPlots[0].termEnd = '2101-01-01';
      },
      'body.contractPlots.0.termEnd',
    ],
    [
      'an insurance twice',
      (h: ReturnType<typeof householdRecord>) => {
        h.socialInsurance = ['medical', 'medical'];
      },
      'body.socialInsurance',
    ],
  ])('%s is a 400 naming it', async (_what, patch, field) => {
    const res = await household(patch);
    expectProblem(res, 400, [field]);
  });

  it(`a contract term may end on ${MAX_CONTRACT_TERM_END}`, async () => {
    const res = await household((h) => {
      if (h.contractPlots?.[0]) h.contractPlots[0].termEnd = MAX_CONTRACT_TERM_END;
    });
    expect(res.status, res.text).toBe(200);
  });

  it('a village: a name too long, too many exit terms', async () => {
    const { villageCode: _code, ...village } = VILLAGES.own;
    const res = await invoke(r.putVillage, {
      principal: registrar,
      pathParameters: { villageCode: OWN_VILLAGE },
      body: {
        ...village,
        name: over(MAX_PLACE_NAME_CHARS),
        exitConditions: Array.from({ length: MAX_EXIT_CONDITIONS + 1 }, () => ({
          right: 'contract_land',
          text: '退出宅基地的农户须同时交回承包地',
        })),
      },
    });
    expectProblem(res, 400, ['body.name', 'body.exitConditions']);
  });

  it('an application naming more parcels than a household has, or more plots than a case takes', async () => {
    const parcels = await invoke(r.createCase, {
      principal: principals.applicant,
      body: {
        ...applicationBody(OWN_HOUSEHOLD),
        parcelIds: Array.from({ length: MAX_HOMESTEADS + 1 }, (_, i) => `P${i}`),
      },
    });
    expectProblem(parcels, 400, ['body.parcelIds']);
    const plots = await invoke(r.createCase, {
      principal: principals.applicant,
      body: {
        ...applicationBody(OWN_HOUSEHOLD, 'contract_land_exit'),
        plotIds: Array.from({ length: 91 }, (_, i) => `C${i}`),
      },
    });
    expectProblem(plots, 400, ['body.plotIds']);
  });

  it(`a body wrong in a thousand places lists ${MAX_FIELD_ERRORS} of them and how many more`, async () => {
    const h: Record<string, unknown> = { ...householdRecord(OWN_HOUSEHOLD, OWN_VILLAGE) };
    for (let i = 0; i < 1000; i++) h[`junk${i}`] = i;
    const res = await household(() => undefined);
    expect(res.status).toBe(200);
    const junk = await invoke(r.putHousehold, {
      principal: registrar,
      pathParameters: { householdId: OWN_HOUSEHOLD },
      body: h,
    });
    expectProblem(junk, 400, ['body.junk0']);
    expect(junk.json.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(junk.json.errors.at(-1)).toEqual({
      path: 'body',
      message: `… and ${1000 - MAX_FIELD_ERRORS + 1} more errors`,
      messageZh: `……另有 ${1000 - MAX_FIELD_ERRORS + 1} 处错误`,
    });
  });
});

describe('what a case counts', () => {
  const returned = (i: number): Review => ({
    decision: 'return',
    reasonCodes: ['documents_incomplete'],
    reasons: [],
    resolution: RESOLUTION,
    reviewer: `reviewer-${i}`,
    at: new Date(Date.UTC(2025, 5, 1 + i)).toISOString(),
  });

  it(`a return beyond the ${MAX_RETURNS_PER_CASE}th is refused (422) and writes nothing; approving still works`, async () => {
    const { caseId } = await seedCase({
      status: 'village_review',
      token: true,
      patch: { reviews: Array.from({ length: MAX_RETURNS_PER_CASE }, (_, i) => returned(i)) },
    });
    const before = await getCase(caseId);
    const res = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { decision: 'return', reasonCodes: ['documents_incomplete'], resolution: RESOLUTION },
    });
    expectProblem(res, 422, ['body.decision']);
    expect(res.json).toMatchObject({ code: 'RULE_REFUSED', returns: MAX_RETURNS_PER_CASE });
    expect(res.json.detailZh).toContain(`上限（${MAX_RETURNS_PER_CASE} 次）`);
    expect(await getCase(caseId)).toEqual(before);
    const ok = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { decision: 'approve', resolution: RESOLUTION },
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('a review stores its words once: the timeline says what was decided, not the words', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    const note = '经核实，该户宅基地面积与登记不符，请重新测量后补正。';
    const res = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { decision: 'return', reasonCodes: ['area_mismatch'], note, resolution: RESOLUTION },
    });
    expect(res.status, res.text).toBe(200);
    const c = (await getCase(caseId))?.case;
    expect(c?.reviews.at(-1)?.note).toBe(note);
    expect(c?.timeline.at(-1)?.note).toContain('面积与登记不符');
    expect(c?.timeline.at(-1)?.note).not.toContain(note);
  });

  it('each person objects once per notice (409); another person may; the village review settles both', async () => {
    const { caseId } = await seedCase({ status: 'public_notice' });
    const object = (principal: TestPrincipal, text: string) =>
      invoke(r.createObjection, { principal, pathParameters: { caseId }, body: { text } });
    const first = await object(principals.otherApplicant, '该宅基地存在权属争议');
    expect(first.status, first.text).toBe(201);
    const again = await object(principals.otherApplicant, '补充：边界也有争议');
    expectProblem(again, 409);
    expect(again.json).toMatchObject({ code: 'ALREADY_EXISTS', objectionId: first.json.objectionId });
    const second = await object(principals.otherReviewer, '四至不清');
    expect(second.status, second.text).toBe(201);
    const stored = (await getCase(caseId))?.case;
    expect(stored?.objectionCount).toBe(2);
    expect(stored?.openObjectionIds).toEqual([first.json.objectionId, second.json.objectionId]);
    const view = await invoke(r.getCase, { principal: principals.reviewer, pathParameters: { caseId } });
    expect(
      view.json.objections.map((o: { text: string; resolved: boolean }) => [o.text, o.resolved]),
    ).toEqual([
      ['该宅基地存在权属争议', false],
      ['四至不清', false],
    ]);
  });

  it('the village review that hears objections stored beside the case settles them', async () => {
    const { caseId, case: c } = await seedCase({
      status: 'village_review',
      token: true,
      patch: { objectionCount: 1, openObjectionIds: ['O-20250601-00000001'] },
    });
    await transact([
      objectionPut({
        objectionId: 'O-20250601-00000001',
        caseId,
        text: '邻居有异议',
        by: 'villager',
        at: '2025-06-01T00:00:00.000Z',
        noticeStartedAt: c.createdAt,
      }),
    ]);
    const before = await invoke(r.getCase, { principal: principals.reviewer, pathParameters: { caseId } });
    expect(before.json.objections).toMatchObject([{ text: '邻居有异议', resolved: false }]);
    const res = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { decision: 'approve', resolution: RESOLUTION },
    });
    expect(res.status, res.text).toBe(200);
    expect((await getCase(caseId))?.case.openObjectionIds).toEqual([]);
    const after = await invoke(r.getCase, { principal: principals.reviewer, pathParameters: { caseId } });
    expect(after.json.objections).toMatchObject([{ text: '邻居有异议', resolved: true }]);
  });

  it(`a case takes at most ${MAX_OBJECTIONS_PER_CASE} objections online (422 naming body.text, pointing to the written channel)`, async () => {
    const ids = Array.from({ length: MAX_OBJECTIONS_PER_CASE }, (_, i) => `O-20250601-0000000${i}`);
    const { caseId } = await seedCase({
      status: 'public_notice',
      patch: { objectionCount: MAX_OBJECTIONS_PER_CASE, openObjectionIds: ids },
    });
    const res = await invoke(r.createObjection, {
      principal: principals.otherApplicant,
      pathParameters: { caseId },
      body: { text: '异议' },
    });
    expectProblem(res, 422, ['body.text']);
    expect(res.json.detailZh).toContain('书面提出');
  });
});

describe('an objection tells nobody out of scope anything about a case outside its notice', () => {
  const outsiders: [string, TestPrincipal][] = [
    ['another household', principals.otherApplicant],
    ['another village’s reviewer', principals.otherReviewer],
    ['another district’s auditor', principals.otherAuditor],
  ];
  const insiders: [string, TestPrincipal][] = [
    ['the household', principals.applicant],
    ['its village’s reviewer', principals.reviewer],
    ['its district’s auditor', principals.auditor],
  ];
  const STATES: CaseStatus[] = [
    'draft',
    'village_review',
    'town_review',
    'offers',
    'closed',
    'withdrawn',
    'rejected',
  ];

  /** The answer with the case id taken out: what an outsider can compare between cases. */
  function shape(res: InvokeResult, caseId: string) {
    return {
      status: res.status,
      headers: res.headers['content-type'],
      body: res.text.replaceAll(caseId, '{id}'),
    };
  }

  it.each(STATES)(
    'a case in %s: every outsider gets exactly the answer of a case that does not exist',
    async (status) => {
      const { caseId } = await seedCase({ status });
      const unknown = 'C-20990101-deadbeef';
      for (const [who, principal] of outsiders) {
        const res = await invoke(r.createObjection, {
          principal,
          pathParameters: { caseId },
          body: { text: '异议' },
        });
        const none = await invoke(r.createObjection, {
          principal,
          pathParameters: { caseId: unknown },
          body: { text: '异议' },
        });
        expectProblem(res, 404);
        expect(shape(res, caseId), who).toEqual(shape(none, unknown));
        expect(res.json.caseStatus).toBeUndefined();
      }
      for (const [who, principal] of insiders) {
        const res = await invoke(r.createObjection, {
          principal,
          pathParameters: { caseId },
          body: { text: '异议' },
        });
        expectProblem(res, 409);
        expect(res.json.caseStatus, who).toBe(status);
      }
    },
  );

  it('during the notice anyone signed in may object', async () => {
    const { caseId } = await seedCase({ status: 'public_notice' });
    const res = await invoke(r.createObjection, {
      principal: { sub: 'anyone', groups: ['applicant'], householdId: 'H-370305-0001' },
      pathParameters: { caseId },
      body: { text: '异议' },
    });
    expect(res.status, res.text).toBe(201);
  });
});
