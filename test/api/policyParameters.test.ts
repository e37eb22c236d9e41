import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { queryAll, queryFrom } from '../../shared/adapters/table/dynamo.js';
import { chinaDate } from '../../shared/domain/chinaDate.js';
import { illustrativeParameters } from '../../shared/domain/policy/defaults.js';
import { expectProblem, invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { installDoubles, OWN_DISTRICT, principals, seedCase, seedRegistry } from '../support/seed.js';

/**
 * Issue 19 item 1 through the real handlers on DynamoDB Local: a district approver proposes a whole
 * parameter version for a later day, another approves it, everyone reads the history; bad parameters are
 * a 400 naming each field with its unit; the version prices the cases district-approved from its day on
 * (a test clock: vitest's fake Date, the handlers read `new Date()`), while a case priced before keeps its own.
 */
useApiEnvironment();
const r = await loadRoutes(
  'proposePolicyParameters',
  'approvePolicyParameters',
  'getPolicyParameterHistory',
  'getPolicyParameters',
  'reviewCase',
);

beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  installDoubles();
});
afterEach(() => {
  vi.useRealTimers();
});

const DAY_MS = 86_400_000;
const A = principals.districtApprover;
const B: TestPrincipal = {
  sub: 'district-approver-second',
  groups: ['district_approver'],
  district: OWN_DISTRICT,
};
const OTHER: TestPrincipal = {
  sub: 'district-approver-far',
  groups: ['district_approver'],
  district: '370303',
};

/** A Zibo date `days` after today in Zibo. */
const ziboDay = (days: number, from = Date.now()) => chinaDate(new Date(from + days * DAY_MS).toISOString());

function parametersOf(patch: (p: Record<string, unknown>) => void = () => {}) {
  const { version: _v, districtCode: _d, effectiveFrom: _e, ...p } = illustrativeParameters(OWN_DISTRICT);
  const copy = structuredClone(p) as unknown as Record<string, unknown>;
  patch(copy);
  return copy;
}

const propose = (body: unknown, principal: TestPrincipal = A) =>
  invoke(r.proposePolicyParameters, { principal, body });
const approve = (versionId: string, principal: TestPrincipal = B) =>
  invoke(r.approvePolicyParameters, { principal, pathParameters: { versionId } });
const history = (principal: TestPrincipal = principals.applicant) =>
  invoke(r.getPolicyParameterHistory, { principal, query: { district: OWN_DISTRICT } });

describe('proposing a version', () => {
  it('names every bad parameter with its unit and range, in Chinese and English (400), storing nothing', async () => {
    const before = (await queryAll(`POLICYPROPOSAL#${OWN_DISTRICT}`, 'PROPOSAL#')).length;
    const res = await propose({
      district: OWN_DISTRICT,
      effectiveFrom: ziboDay(10),
      reason: '年度调整',
      parameters: parametersOf((p) => {
        p.yearlyDepreciationBp = 2_000; // 20 %: the 0–10 % of a year's depreciation
        p.landRateFenPerM2 = { '1': -1, '2': 30_000, '3': 15_000 };
        (p.deadlines as Record<string, unknown>).reviewDays = 0;
        p.standardAreaM2 = 200.123;
        delete p.cashPremiumBp;
        p.cashPremiumPct = 10; // not a parameter
      }),
    });
    expectProblem(res, 400, [
      'body.parameters.yearlyDepreciationBp',
      'body.parameters.landRateFenPerM2.1',
      'body.parameters.deadlines.reviewDays',
      'body.parameters.standardAreaM2',
      'body.parameters.cashPremiumBp',
      'body.parameters.cashPremiumPct',
    ]);
    const byPath = new Map(
      (res.json.errors as { path: string; message: string; messageZh: string }[]).map((e) => [e.path, e]),
    );
    expect(byPath.get('body.parameters.yearlyDepreciationBp')).toMatchObject({
      messageZh: '房屋年折旧率：须在 0%（0 基点） 至 10%（1000 基点） 之间',
      message: 'yearly depreciation: must be from 0% (0 bp) to 10% (1000 bp)',
    });
    expect(byPath.get('body.parameters.landRateFenPerM2.1')?.messageZh).toContain('分/平方米');
    expect(byPath.get('body.parameters.deadlines.reviewDays')?.messageZh).toBe(
      '村级审核时限：须在 1 天 至 365 天 之间',
    );
    expect(byPath.get('body.parameters.cashPremiumBp')?.messageZh).toBe('货币补偿上浮比例：必填');
    expect((await queryAll(`POLICYPROPOSAL#${OWN_DISTRICT}`, 'PROPOSAL#')).length).toBe(before);
  });

  it('refuses a version effective today or earlier by the Zibo calendar (400 naming effectiveFrom)', async () => {
    for (const effectiveFrom of [ziboDay(0), ziboDay(-1), '2020-01-01']) {
      const res = await propose({
        district: OWN_DISTRICT,
        effectiveFrom,
        reason: '调整',
        parameters: parametersOf(),
      });
      expectProblem(res, 400, ['body.effectiveFrom']);
      expect(res.json.errors[0].messageZh).toContain('须晚于今天');
    }
  });

  it('is a district approver’s of their own district only (403 for another district or another role)', async () => {
    const body = {
      district: OWN_DISTRICT,
      effectiveFrom: ziboDay(5),
      reason: '调整',
      parameters: parametersOf(),
    };
    expectProblem(await propose(body, OTHER), 403);
    expectProblem(await propose(body, principals.fundAdmin), 403);
    expectProblem(await propose(body, principals.auditor), 403);
  });
});

describe('approving a version (four eyes)', () => {
  it('is refused to the proposer (403) and to another district; a second approver schedules it once', async () => {
    const proposed = await propose({
      district: OWN_DISTRICT,
      effectiveFrom: ziboDay(30),
      reason: '提高一类村补偿标准',
      parameters: parametersOf((p) => {
        p.landRateFenPerM2 = { '1': 60_000, '2': 30_000, '3': 15_000 };
      }),
    });
    expect(proposed.status, proposed.text).toBe(201);
    const { versionId } = proposed.json as { versionId: string };
    expect(proposed.json).toMatchObject({
      status: 'proposed',
      proposedBy: A.sub,
      districtCode: OWN_DISTRICT,
    });

    const own = await approve(versionId, A);
    expectProblem(own, 403);
    expect(own.json).toMatchObject({ conflict: 'own_proposal' });
    expect(own.json.detailZh).toContain('区级审批人');
    expectProblem(await approve(versionId, OTHER), 403);
    expectProblem(await approve(`${OWN_DISTRICT}-2099-01-01-ffffff`), 404);

    const ok = await approve(versionId, B);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ status: 'scheduled', approvedBy: B.sub });
    // a repeat by the same approver answers the same; a third approver finds it decided
    expect((await approve(versionId, B)).json).toMatchObject({ status: 'scheduled', approvedBy: B.sub });
    const third: TestPrincipal = {
      sub: 'district-approver-third',
      groups: ['district_approver'],
      district: OWN_DISTRICT,
    };
    expectProblem(await approve(versionId, third), 409);

    // a second version for the same day cannot be approved as well
    const rival = await propose({
      district: OWN_DISTRICT,
      effectiveFrom: ziboDay(30),
      reason: '另一方案',
      parameters: parametersOf(),
    });
    expectProblem(await approve((rival.json as { versionId: string }).versionId, B), 409);

    const h = await history();
    expect(h.status, h.text).toBe(200);
    const items = h.json.items as Record<string, unknown>[];
    expect(items.find((i) => i.versionId === versionId)).toMatchObject({
      status: 'scheduled',
      proposedBy: A.sub,
      approvedBy: B.sub,
      reason: '提高一类村补偿标准',
      seeded: false,
    });
    expect(items.find((i) => i.versionId === `${OWN_DISTRICT}-2020-01`)).toMatchObject({
      status: 'in_force',
      seeded: true,
    });
    expect(items.find((i) => i.versionId === (rival.json as { versionId: string }).versionId)).toMatchObject({
      status: 'proposed',
    });
    const audit = await queryFrom(`AUDIT#policy#${OWN_DISTRICT}`, '0');
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['policy.parameters.proposed', 'policy.parameters.approved']),
    );
  });
});

describe('the version in force prices the cases from its day on', () => {
  it('a version approved for tomorrow prices a case district-approved the day after; an earlier case keeps its own', async () => {
    const tomorrow = ziboDay(1);
    const raised = 90_000; // tier 2 land: ¥300 → ¥900 per m²
    const proposed = await propose({
      district: OWN_DISTRICT,
      effectiveFrom: tomorrow,
      reason: '明年起提高二类村补偿标准',
      parameters: parametersOf((p) => {
        p.landRateFenPerM2 = { '1': 50_000, '2': raised, '3': 15_000 };
      }),
    });
    const { versionId } = proposed.json as { versionId: string };
    expect((await approve(versionId)).status).toBe(200);

    const inForce = await invoke(r.getPolicyParameters, { principal: A, query: { district: OWN_DISTRICT } });
    expect(inForce.json.version).toBe(`${OWN_DISTRICT}-2020-01`);
    const atTomorrow = await invoke(r.getPolicyParameters, {
      principal: A,
      query: { district: OWN_DISTRICT, at: tomorrow },
    });
    expect(atTomorrow.json.version).toBe(versionId);

    const approveCase = async (caseId: string) => {
      const res = await invoke(r.reviewCase, {
        principal: principals.districtApprover,
        pathParameters: { caseId },
        body: { decision: 'approve', reasonCodes: ['facts_verified'] },
      });
      expect(res.status, res.text).toBe(200);
      const c = (await getCase(caseId))?.case;
      if (!c) throw new Error('no case');
      return c;
    };
    const landOf = (c: Awaited<ReturnType<typeof approveCase>>) =>
      c.offers?.find((o) => o.option === 'cash')?.breakdown.landFen;

    // today: the old version
    const early = await seedCase({ status: 'district_approval', token: true });
    const priced = await approveCase(early.caseId);
    expect(priced.parametersVersion).toBe(`${OWN_DISTRICT}-2020-01`);
    const earlyLand = landOf(priced);

    // the day after tomorrow in Zibo (a test clock), a new case: the new version's rates
    const seededLater = await seedCase({ status: 'district_approval', token: true });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * DAY_MS);
    const later = await approveCase(seededLater.caseId);
    vi.useRealTimers();
    expect(later.parametersVersion).toBe(versionId);
    // the seeded household's parcel: 200 m² within the standard area + 20 m² beyond it at 22 %
    expect(landOf(later)).toBe(200 * raised + Math.round(20 * raised * 0.22));
    expect(earlyLand).toBe(200 * 30_000 + Math.round(20 * 30_000 * 0.22));

    // the early case keeps the version it was priced with
    const kept = (await getCase(early.caseId))?.case;
    expect(kept?.parametersVersion).toBe(`${OWN_DISTRICT}-2020-01`);
    expect(landOf(kept as NonNullable<typeof kept>)).toBe(earlyLand);
  });
});
