import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { expectProblem, invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import {
  type Doubles,
  installDoubles,
  principals,
  reviewerOfOwnVillage,
  type SeedCaseOptions,
  seedCase,
  seedRegistry,
} from '../support/seed.js';

/**
 * POST /cases/{caseId}/review: the three decisions, the guard against conditional exits (422), the
 * checks on the meeting resolution, and races between reviewers (exactly one decision wins).
 */
useApiEnvironment();
const { reviewCase, getCase: getCaseRoute } = await loadRoutes('reviewCase', 'getCase');

let doubles: Doubles;
beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  doubles = installDoubles();
});

const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };

function decision(
  kind: 'approve' | 'reject' | 'return',
  reasons: string[] = kind === 'approve' ? [] : ['宅基地面积与登记不符'],
) {
  return { decision: kind, reasons, resolution: RESOLUTION };
}

async function waitingCase(opts: SeedCaseOptions = {}) {
  const seeded = await seedCase({ status: 'village_review', token: true, ...opts });
  if (!seeded.token) throw new Error('no token seeded');
  return { ...seeded, token: seeded.token };
}

function review(
  caseId: string,
  body: unknown,
  principal: TestPrincipal = principals.reviewer,
  headers?: Record<string, string>,
) {
  return invoke(reviewCase, { principal, pathParameters: { caseId }, body, ...(headers ? { headers } : {}) });
}

describe('decisions', () => {
  it('the village review is the village reviewer’s: a town reviewer or district approver of the area is refused (403), nothing written', async () => {
    const { caseId, case: before } = await waitingCase();
    const stored = (await getCase(caseId))?.case;
    for (const principal of [
      { sub: 'town-own', groups: ['town_reviewer'], town: before.village.slice(0, 9) },
      { sub: 'approver-own', groups: ['district_approver'], district: before.districtCode },
    ]) {
      const res = await review(caseId, decision('approve'), principal);
      expectProblem(res, 403);
      expect(res.json.code).toBe('FORBIDDEN');
      expect(res.json.pendingStep).toBe('village_review');
    }
    expect((await getCase(caseId))?.case).toEqual(stored);
    expect(doubles.workflow.resumed).toEqual([]);
  });

  it.each([
    ['approve', 'public_notice', 'approved'],
    ['reject', 'rejected', 'rejected'],
    ['return', 'returned', 'returned'],
  ] as const)('%s moves the case to %s and resumes the waiting step with "%s"', async (kind, to, outcome) => {
    const { caseId, token, case: before } = await waitingCase();
    const res = await review(caseId, decision(kind));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ caseId, status: to, decision: kind });

    expect(doubles.workflow.resumed).toEqual([{ token: token.token, output: { outcome } }]);
    const events = doubles.events.ofCase(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ReviewDecided',
      actor: principals.reviewer.sub,
      fromStatus: 'village_review',
      toStatus: to,
      detail: { decision: kind },
    });

    const stored = await getCase(caseId);
    expect(stored?.case.status).toBe(to);
    expect(stored?.case.version).toBe(before.version + 1);
    // the token is used once: it leaves the case with the decision
    expect(stored?.pendingToken).toBeUndefined();
    expect(stored?.case.pendingTask).toBeUndefined();
    expect(stored?.case.reviews).toEqual([
      expect.objectContaining({ decision: kind, reviewer: principals.reviewer.sub, resolution: RESOLUTION }),
    ]);
    if (kind === 'reject') expect(stored?.case.rejectedAt).toBe('village_review');

    const view = await invoke(getCaseRoute, { principal: principals.applicant, pathParameters: { caseId } });
    expect(view.json.status).toBe(to);
    expect(view.json.timeline.at(-1)).toMatchObject({ status: to, actor: principals.reviewer.sub });
  });

  it('settles the objections the review heard', async () => {
    const { caseId } = await waitingCase({
      patch: {
        objections: [
          {
            objectionId: 'O-1',
            text: '邻居有异议',
            by: 'villager',
            at: '2025-06-05T00:00:00Z',
            resolved: false,
          },
        ],
      },
    });
    const res = await review(caseId, decision('approve', ['异议已核实，不成立']));
    expect(res.status, res.text).toBe(200);
    expect((await getCase(caseId))?.case.objections).toEqual([expect.objectContaining({ resolved: true })]);
  });
});

describe('an exit may not be made conditional on another right (422)', () => {
  it.each([
    ['reject', ['须同时退出承包地'], ['contract_land']],
    ['approve', ['同意退出宅基地，但须同时退出承包地'], ['contract_land']],
    [
      'return',
      ['补正材料，并交回承包地和集体收益分配权'],
      ['contract_land', 'collective_income_distribution'],
    ],
    [
      'approve',
      ['approved on condition that the household also surrenders its contract land'],
      ['contract_land'],
    ],
  ] as const)('%s with %j is refused, listing the violation', async (kind, reasons, rights) => {
    const { caseId, token, case: before } = await waitingCase();
    const res = await review(caseId, decision(kind, [...reasons]));
    expectProblem(res, 422, ['body.reasons']);
    expect(res.json.violations.map((v: { right: string }) => v.right).sort()).toEqual([...rights].sort());
    for (const e of res.json.errors) expect(e.path).toBe('body.reasons');
    expect(res.json.errors).toHaveLength(rights.length);

    // refused means nothing happened: same version, the token still waiting, nothing sent
    const stored = await getCase(caseId);
    expect(stored?.case.version).toBe(before.version);
    expect(stored?.case.status).toBe('village_review');
    expect(stored?.pendingToken).toEqual(token);
    expect(doubles.workflow.resumed).toEqual([]);
    expect(doubles.events.published).toEqual([]);

    // and the reviewer can still decide lawfully
    const retry = await review(caseId, decision(kind === 'approve' ? 'approve' : 'reject', ['面积不符']));
    expect(retry.status, retry.text).toBe(200);
  });

  it('the other way round: a contract-land exit may not require giving up the homestead', async () => {
    const { caseId } = await waitingCase({ type: 'contract_land_exit' });
    const res = await review(caseId, decision('reject', ['须同时交回宅基地']));
    expectProblem(res, 422, ['body.reasons']);
    expect(res.json.violations).toEqual([expect.objectContaining({ right: 'homestead_use' })]);
  });

  it('a reason that states the rule itself is not a condition', async () => {
    const { caseId } = await waitingCase();
    const res = await review(
      caseId,
      decision('approve', ['不得以退出承包地作为退出宅基地的条件，承包地依法保留']),
    );
    expect(res.status, res.text).toBe(200);
  });

  it('giving up the right the case is about is no violation', async () => {
    const { caseId } = await waitingCase();
    const res = await review(caseId, decision('approve', ['同意退出宅基地，交回房屋']));
    expect(res.status, res.text).toBe(200);
  });
});

describe('the meeting resolution', () => {
  it('an approval needs a majority of the members present (422)', async () => {
    const { caseId } = await waitingCase();
    const res = await review(caseId, {
      decision: 'approve',
      reasons: [],
      resolution: { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 15, votesAgainst: 10 },
    });
    expectProblem(res, 422, ['body.resolution.votesFor']);
  });

  it('lists every incomplete part of the decision at once (400)', async () => {
    const { caseId } = await waitingCase();
    const res = await review(caseId, {
      decision: 'reject',
      reasons: [],
      resolution: { meetingDate: '2025-06-10', membersPresent: 10, votesFor: 8, votesAgainst: 5 },
    });
    expectProblem(res, 400, ['body.reasons', 'body.resolution.votesFor']);
  });

  it('lists every malformed field', async () => {
    const { caseId } = await waitingCase();
    const res = await review(caseId, {
      decision: 'maybe',
      reasons: [''],
      resolution: { meetingDate: '10/06/2025', membersPresent: 0, votesFor: -1 },
      extra: true,
    });
    expectProblem(res, 400, [
      'body.decision',
      'body.reasons.0',
      'body.resolution.meetingDate',
      'body.resolution.membersPresent',
      'body.resolution.votesFor',
      'body.resolution.votesAgainst',
      'body.extra',
    ]);
  });
});

describe('state', () => {
  it('a case that is not in village review is a conflict (409)', async () => {
    const { caseId } = await seedCase({ status: 'public_notice' });
    expectProblem(await review(caseId, decision('approve')), 409);
  });

  it('a case in village review whose step is not yet waiting is a conflict (409)', async () => {
    const { caseId } = await seedCase({ status: 'village_review' });
    expectProblem(await review(caseId, decision('approve')), 409);
  });

  it('a stored token of another step does not let the review through (409)', async () => {
    const { caseId } = await seedCase({
      status: 'village_review',
      token: { token: 'task-token-of-resubmission', status: 'returned' },
    });
    expectProblem(await review(caseId, decision('approve')), 409);
    expect(doubles.workflow.resumed).toEqual([]);
  });

  it('an unknown case is 404', async () => {
    expectProblem(await review('C-20250101-00000000', decision('approve')), 404);
  });
});

describe('concurrency', () => {
  it('two reviewers deciding at once: one 200, one 409', async () => {
    const { caseId, token } = await waitingCase();
    const results = await Promise.all([
      review(caseId, decision('approve'), reviewerOfOwnVillage(1)),
      review(caseId, decision('reject'), reviewerOfOwnVillage(2)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409);
    if (loser) expectProblem(loser, 409);
    const winner = results.find((r) => r.status === 200);
    const stored = await getCase(caseId);
    expect(stored?.case.status).toBe(winner?.json.status);
    expect(stored?.case.reviews).toHaveLength(1);
    expect(doubles.workflow.resumed).toEqual([{ token: token.token, output: expect.any(Object) }]);
  });

  it('20 parallel decisions on one case: exactly one accepted, one event, one resume', async () => {
    const { caseId, token, case: before } = await waitingCase();
    const kinds = ['approve', 'reject', 'return'] as const;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        review(caseId, decision(kinds[i % 3] ?? 'approve'), reviewerOfOwnVillage(i)),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expectProblem(r, 409);

    expect(doubles.events.ofCase(caseId, 'ReviewDecided')).toHaveLength(1);
    expect(doubles.events.ofCase(caseId)).toHaveLength(1);
    expect(doubles.workflow.resumed).toHaveLength(1);
    expect(doubles.workflow.resumed[0]?.token).toBe(token.token);

    const stored = await getCase(caseId);
    const winner = results.find((r) => r.status === 200);
    expect(stored?.case.version).toBe(before.version + 1);
    expect(stored?.case.status).toBe(winner?.json.status);
    expect(stored?.case.reviews).toHaveLength(1);
    const reviewEntries = (await caseAuditTrail(caseId)).filter((e) => e.action.startsWith('review.'));
    expect(reviewEntries).toHaveLength(1);
  });
});
