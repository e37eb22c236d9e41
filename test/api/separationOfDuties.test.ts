import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { readFund } from '../../shared/fund/ledger.js';
import { ledgerEntries } from '../../shared/fund/reconcile.js';
import { fundReviewCase } from '../fund/harness.js';
import {
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoutes,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import {
  type Doubles,
  installDoubles,
  OWN_DISTRICT,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  principals,
  seedCase,
  seedRegistry,
} from '../support/seed.js';

/**
 * Separation of duties (不相容岗位分离, DOMAIN.md "Review chain") over the real handlers and DynamoDB
 * Local: the attack was one account that was applicant, village reviewer and fund administrator at once
 * approving its own review and its own advance (15 725 100 fen paid to itself). Each refusal is a 403
 * FORBIDDEN that says why, and writes nothing.
 */
useApiEnvironment();
const { reviewCase, decideAdvance } = await loadRoutes('reviewCase', 'decideAdvance');

let doubles: Doubles;
beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  doubles = installDoubles();
});

const AMOUNT_FEN = 15_725_100;
const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };
const APPROVE = { decision: 'approve', reasons: [], resolution: RESOLUTION };

/** A cadre of the own village who is also a member of the applying household (村干部也是村民). */
const cadreOfApplyingHousehold: TestPrincipal = {
  sub: 'cadre-own-household',
  groups: ['applicant', 'village_reviewer', 'fund_admin'],
  householdId: OWN_HOUSEHOLD,
  village: OWN_VILLAGE,
  district: OWN_DISTRICT,
};
/** One account holding both staff roles, of no household that applied. */
const reviewerAndAdmin: TestPrincipal = {
  sub: 'reviewer-and-admin',
  groups: ['village_reviewer', 'fund_admin'],
  village: OWN_VILLAGE,
  district: OWN_DISTRICT,
};

function review(caseId: string, principal: TestPrincipal): Promise<InvokeResult> {
  return invoke(reviewCase, { principal, pathParameters: { caseId }, body: APPROVE });
}
function approveAdvance(caseId: string, principal: TestPrincipal): Promise<InvokeResult> {
  return invoke(decideAdvance, {
    principal,
    pathParameters: { caseId },
    body: { decision: 'approve', note: '资料齐全' },
  });
}

/** Everything a refused decision could have written, to compare before and after. */
async function footprint(caseId: string) {
  const stored = await getCase(caseId);
  const fund = await readFund(OWN_DISTRICT);
  return {
    case: stored?.case,
    token: stored?.pendingToken,
    audit: (await caseAuditTrail(caseId)).length,
    balanceFen: fund.balanceFen,
    entries: (await ledgerEntries(OWN_DISTRICT)).length,
  };
}
/** From here on nothing may be sent: forgets what the seeding sent and answers what is stored. */
async function watch(caseId: string) {
  doubles.workflow.reset();
  doubles.events.reset();
  return footprint(caseId);
}
function expectNothingSent(): void {
  expect(doubles.workflow.resumed).toEqual([]);
  expect(doubles.events.published).toEqual([]);
}

/** Moves a stored case on to fund review with its advance open and the step waiting, as the workflow would. */
async function reachFundReview(caseId: string): Promise<void> {
  const read = await getCase(caseId);
  if (!read) throw new Error(`no case ${caseId}`);
  const { choice, agreement, advance } = fundReviewCase({ caseId, amountFen: AMOUNT_FEN });
  const at = new Date().toISOString();
  const next = touchCase(
    read.case,
    {
      actor: 'system:workflow',
      at,
      note: 'seeded: notice, offers and signature passed; waiting for the fund',
      patch: {
        choice,
        agreement,
        advance,
        pendingTask: { kind: 'fund_review', dueAt: '2099-01-01T00:00:00.000Z', escalated: false },
      },
    },
    'fund_review',
  );
  await saveCase(read, next, {
    newToken: { token: `task-token-${caseId}-fund_review`, status: 'fund_review' },
    audit: { actor: 'system:workflow', action: 'task.waiting' },
  });
}

async function fundMoney(): Promise<void> {
  await replenish(
    OWN_DISTRICT,
    { source: 'appropriation', amountFen: 2 * AMOUNT_FEN, reference: `R-${Math.random()}` },
    'fund-admin-seed',
    new Date().toISOString(),
  );
}

describe('nobody decides a step of a case their own household applied for', () => {
  it('the village review by a cadre of the applying household is 403, and nothing is written', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    const before = await watch(caseId);

    const res = await review(caseId, cadreOfApplyingHousehold);
    expectProblem(res, 403);
    expect(res.json).toMatchObject({ code: 'FORBIDDEN', conflict: 'own_household', duty: 'village_review' });
    expect(res.json.detailZh).toContain('本户申请');

    expect(await footprint(caseId)).toEqual(before);
    expectNothingSent();
    // the lawful reviewer can still decide
    expect((await review(caseId, principals.reviewer)).status).toBe(200);
  });

  it('the advance approval by the same account is 403, and nothing is paid', async () => {
    await fundMoney();
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    await reachFundReview(caseId);
    const before = await watch(caseId);

    const res = await approveAdvance(caseId, cadreOfApplyingHousehold);
    expectProblem(res, 403);
    expect(res.json).toMatchObject({ code: 'FORBIDDEN', conflict: 'own_household', duty: 'fund_approval' });

    expect(await footprint(caseId)).toEqual(before);
    expectNothingSent();
  });
});

describe('one person takes one decision per case', () => {
  it('a village reviewer who is also a fund administrator may not approve the advance; another administrator may', async () => {
    await fundMoney();
    const { caseId } = await seedCase({ status: 'village_review', token: true });

    const reviewed = await review(caseId, reviewerAndAdmin);
    expect(reviewed.status, reviewed.text).toBe(200);
    expect((await getCase(caseId))?.case.reviews).toEqual([
      expect.objectContaining({ reviewer: reviewerAndAdmin.sub, decision: 'approve' }),
    ]);

    await reachFundReview(caseId);
    const before = await watch(caseId);

    const res = await approveAdvance(caseId, reviewerAndAdmin);
    expectProblem(res, 403);
    expect(res.json).toMatchObject({
      code: 'FORBIDDEN',
      conflict: 'already_decided',
      duty: 'fund_approval',
      earlierDuty: 'village_review',
    });
    expect(res.json.detailZh).toContain('村集体审核');
    expect(res.json.detail).toContain('the village review');

    // nothing paid: the ledger, the balance, the case and its waiting step are as they were
    expect(await footprint(caseId)).toEqual(before);
    expect((await ledgerEntries(OWN_DISTRICT)).filter((e) => e.caseId === caseId)).toEqual([]);
    expectNothingSent();

    const other = await approveAdvance(caseId, principals.fundAdmin);
    expect(other.status, other.text).toBe(200);
    expect(other.json).toMatchObject({
      status: 'disbursed',
      advance: { status: 'paid', amountFen: AMOUNT_FEN },
    });
    expect((await readFund(OWN_DISTRICT)).balanceFen).toBe(before.balanceFen - AMOUNT_FEN);
    const paid = (await ledgerEntries(OWN_DISTRICT)).filter(
      (e) => e.kind === 'advance' && e.caseId === caseId,
    );
    expect(paid).toHaveLength(1);
  });
});
