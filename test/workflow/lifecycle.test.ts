import { describe, expect, it } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { principalFromClaims } from '../../shared/auth/principal.js';
import { replenish } from '../../shared/cases/commands/advance/replenish.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { reviewChange } from '../../shared/cases/commands/review.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { getReserve, readQuota, recordReserve } from '../../shared/fund/reserve.js';
import type { TaskEvent, TaskResult } from '../../shared/workflow/contract.js';
import { invoke, jwtClaims, loadRoutes } from '../support/api.js';
import { dynamoCommandsDuring } from '../support/dynamoRequests.js';
import { OWN_DISTRICT, principals } from '../support/seed.js';
import {
  caseOf,
  distinctEvents,
  invokeTask,
  loadTasks,
  newHousehold,
  snapshot,
  useWorkflowEnvironment,
} from './harness.js';
import { homesteadLandLeg } from './landLegSteps.js';

/**
 * The steps after the review (notice, offers, fund review, reserve, close, failure), each run twice to
 * show a re-run changes nothing, and one case driven through every task in order with the real API
 * decisions between the human steps.
 */
const env = useWorkflowEnvironment();
const tasks = await loadTasks();
const { reviewCase, chooseResettlement, decideAdvance } = await loadRoutes(
  'reviewCase',
  'chooseResettlement',
  'decideAdvance',
);
const DAY = 86_400;

type Handler<R> = Parameters<typeof invokeTask<R>>[0];

/** Runs a task twice: the same answer, the same stored case and audit trail after the second run. */
async function twice<R>(handler: Handler<R>, event: Partial<TaskEvent>): Promise<R> {
  const caseId = event.caseId ?? '';
  const first = await invokeTask(handler, event);
  const after = await snapshot(caseId);
  const second = await invokeTask(handler, event);
  expect(second).toEqual(first);
  expect(await snapshot(caseId)).toEqual(after);
  return first;
}

/** The transitions the case's distinct events describe. */
function transitions(caseId: string) {
  return distinctEvents(env.doubles.events.published, caseId).map(
    (e) => `${e.type}:${e.fromStatus}>${e.toStatus}`,
  );
}

describe('startNotice', () => {
  it('announces the notice once and answers its length from the case parameters', async () => {
    const { caseId } = await caseOf('public_notice', { patch: { parametersVersion: '370302-2020-01' } });
    const result = await twice(tasks.start.handler, { caseId });
    expect(result).toMatchObject({ caseId, next: 'public_notice', seconds: { public_notice: 7 * DAY } });
    expect(transitions(caseId)).toEqual(['PublicNoticeStarted:public_notice>public_notice']);
  });

  it('a case withdrawn during the notice ends', async () => {
    const { caseId } = await caseOf('withdrawn');
    expect(await twice(tasks.start.handler, { caseId })).toEqual({ caseId, next: 'end' });
  });
});

describe('closeNotice', () => {
  it('without an objection sends the case to the town’s audit (村 → 镇 → 区)', async () => {
    const { caseId, case: c } = await caseOf('public_notice');
    const result = await tasks.close.closeNotice({ caseId }, new Date().toISOString());
    expect(result).toMatchObject({ caseId, next: 'town_review', seconds: { town_review: 10 * DAY } });
    const stored = (await getCase(caseId))?.case;
    expect(stored?.status).toBe('town_review');
    // no offers before the district approves
    expect(stored?.offers).toEqual([]);
    const events = env.doubles.events.ofCase(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'NoticeClosed',
      fromStatus: 'public_notice',
      toStatus: 'town_review',
    });
    expect(c.status).toBe('public_notice');

    // a re-run: same route, nothing written, the same event id at most re-sent
    const before = await snapshot(caseId);
    expect(await tasks.close.closeNotice({ caseId }, new Date().toISOString())).toMatchObject({
      next: 'town_review',
    });
    expect(await snapshot(caseId)).toEqual(before);
    expect(transitions(caseId)).toEqual(['NoticeClosed:public_notice>town_review']);
  });

  it('the district’s approval prices the offers (exact fen) and moves to offers', async () => {
    const { caseId } = await caseOf('district_approval', { token: true });
    const read = await getCase(caseId);
    if (!read) throw new Error('no case');
    // a fixed clock: the building's newness depends on the offer year
    const offeredAt = '2026-03-02T02:00:00.000Z';
    const principal = principalFromClaims(jwtClaims(principals.districtApprover));
    if (!principal) throw new Error('no principal');
    const change = await reviewChange(
      read,
      { decision: 'approve', reasonCodes: ['facts_verified'], reasons: [] },
      principal,
      offeredAt,
    );
    await commitCaseChange(change);

    const stored = (await getCase(caseId))?.case;
    expect(stored?.status).toBe('offers');
    expect(stored?.offeredAt).toBe(offeredAt);
    expect(stored?.parametersVersion).toBe('370302-2020-01');
    expect(stored?.reviews.at(-1)).toMatchObject({
      step: 'district_approval',
      decision: 'approve',
      reasonCodes: ['facts_verified'],
      reviewer: principals.districtApprover.sub,
    });
    /*
     * By hand from DOMAIN.md, household of test/support/seed.ts (parcel P1: 220 m2, brick-concrete
     * building of 150 m2 built 2005, one well; two registered members), tier-2 village, illustrative
     * parameters, offer year 2026:
     *   land within standard  200 m2 × 300.00        = 60 000.00 yuan =  6 000 000 fen
     *   land beyond standard   20 m2 × 300.00 × 22%  =  1 320.00      =    132 000
     *   building  newness = 1 − (2026 − 2005) × 2% = 0.58 (above the 0.4 floor)
     *             150 m2 × 800.00 × 0.58             = 69 600.00      =  6 960 000
     *   attachments  1 well × 1 500.00               =  1 500.00      =    150 000
     *   base                                                          = 13 242 000
     *   premium 10% of base = 1 324 200; reward 5% of base = 662 100 (if signed within 90 days)
     *   cash = 13 242 000 + 1 324 200 + 662 100 = 15 228 300 (without the reward 14 566 200)
     *   housing: entitled area min(2 × 35, 140) = 70 m2; compensation = base + reward = 13 904 100
     *     urban price 70 × 4 500.00 = 31 500 000 → balance 13 904 100 − 31 500 000 = −17 595 900
     *     town  price 70 × 3 200.00 = 22 400 000 → balance 13 904 100 − 22 400 000 =  −8 495 900
     *     without the reward: −18 258 000 and −9 158 000
     */
    const byOption = Object.fromEntries((stored?.offers ?? []).map((o) => [o.option, o]));
    expect(byOption.cash).toMatchObject({
      amountFen: 15_228_300,
      amountWithoutRewardFen: 14_566_200,
      breakdown: {
        landFen: 6_132_000,
        buildingFen: 6_960_000,
        attachmentsFen: 150_000,
        premiumFen: 1_324_200,
        rewardFen: 662_100,
      },
    });
    expect(byOption.urban_housing).toMatchObject({
      entitledAreaM2: 70,
      priceFen: 31_500_000,
      balanceFen: -17_595_900,
      balanceWithoutRewardFen: -18_258_000,
    });
    expect(byOption.town_housing).toMatchObject({
      priceFen: 22_400_000,
      balanceFen: -8_495_900,
      balanceWithoutRewardFen: -9_158_000,
    });

    const events = env.doubles.events.ofCase(caseId);
    expect(events.map((e) => e.type)).toEqual(['ReviewDecided', 'OffersComputed']);
    expect(events[0]).toMatchObject({ fromStatus: 'district_approval', toStatus: 'offers' });
    // the offers' announcement is not a second move
    expect(events[1]).toMatchObject({
      fromStatus: 'offers',
      toStatus: 'offers',
      detail: { parametersVersion: '370302-2020-01' },
    });
  });

  it('with an unresolved objection sends the case back to village review, objection kept open', async () => {
    const seeded = await caseOf('public_notice');
    const read = await getCase(seeded.caseId);
    if (!read) throw new Error('no case');
    const { saveCase } = await import('../support/caseStore.js');
    const at = new Date().toISOString();
    await saveCase(
      read,
      touchCase(read.case, {
        actor: 'villager-1',
        at,
        note: 'objection',
        patch: {
          // one stored inside the case, as before issue 16, and one beside it (only its id on the case)
          objections: [
            { objectionId: 'O-1', text: '该宅基地边界有争议', by: 'villager-1', at, resolved: false },
          ],
          objectionCount: 1,
          openObjectionIds: ['O-2'],
        },
      }),
      { audit: { actor: 'villager-1', action: 'objection.raised' } },
    );

    const result = await twice(tasks.close.handler, { caseId: seeded.caseId });
    expect(result).toMatchObject({ caseId: seeded.caseId, next: 'village_review' });
    const c = (await getCase(seeded.caseId))?.case;
    expect(c?.status).toBe('village_review');
    expect(c?.offers).toEqual([]);
    expect(c?.objections).toMatchObject([{ objectionId: 'O-1', resolved: false }]);
    expect(c?.openObjectionIds).toEqual(['O-2']);
    // the objections' words stay theirs: the note counts them
    expect(c?.timeline.at(-1)?.note).toContain('2 件');
    expect(c?.timeline.at(-1)?.note).not.toContain('该宅基地边界有争议');
    expect(transitions(seeded.caseId)).toEqual(['ObjectionRaised:public_notice>village_review']);
    expect(env.doubles.events.ofCase(seeded.caseId).at(-1)?.detail).toMatchObject({
      objectionIds: ['O-1', 'O-2'],
    });
  });

  it('a case withdrawn during the notice ends without a write', async () => {
    const { caseId } = await caseOf('withdrawn');
    expect(await twice(tasks.close.handler, { caseId })).toEqual({ caseId, next: 'end' });
    expect(env.doubles.events.ofCase(caseId)).toEqual([]);
  });
});

describe('openFundReview, reserveParcel, closeCase', () => {
  it('start the cooling-off, open the advance when it ends, reserve the parcel and close, each once however often run', async () => {
    const { caseId } = await caseOf('agreement_signed');
    // the signature starts the cooling-off (冷静期): 15 days of the illustrative parameters
    const signedAt = Date.now();
    const cooling = await twice(tasks.cooling.handler, { caseId });
    expect(cooling).toMatchObject({ caseId, next: 'cooling_off' });
    const endsAt = (await getCase(caseId))?.case.coolingOffEndsAt ?? '';
    expect(Date.parse(endsAt) - signedAt).toBeGreaterThanOrEqual(15 * 86_400_000 - 60_000);
    expect(Date.parse(endsAt) - signedAt).toBeLessThanOrEqual(15 * 86_400_000 + 60_000);
    expect(cooling.waitSeconds).toBeGreaterThan(15 * 86_400 - 60);
    // the fund review never opens before it ends: an early step is told to wait the rest
    const early = new Date(Date.parse(endsAt) - 10_000).toISOString();
    expect(await tasks.fund.openFundReview({ caseId }, early)).toEqual({
      caseId,
      next: 'cooling_off',
      waitSeconds: 10,
    });
    expect((await getCase(caseId))?.case.status).toBe('cooling_off');
    expect(await tasks.fund.openFundReview({ caseId }, endsAt)).toEqual({ caseId, next: 'fund_review' });
    expect(await tasks.fund.openFundReview({ caseId }, endsAt)).toEqual({ caseId, next: 'fund_review' });
    const inReview = (await getCase(caseId))?.case;
    expect(inReview?.status).toBe('fund_review');
    expect(inReview?.advance).toEqual({
      status: 'pending_approval',
      amountFen: inReview?.agreement?.payableFen,
      requiredApprovals: 1,
      approvals: [],
    });

    // the fund's decision is the fund handlers' business (test/fund); here the case is simply paid
    const read = await getCase(caseId);
    if (!read || !inReview?.advance) throw new Error('no case');
    const { saveCase } = await import('../support/caseStore.js');
    const { moveCase } = await import('../../shared/cases/moveCase.js');
    const at = new Date().toISOString();
    await saveCase(
      read,
      moveCase(read.case, 'disbursed', {
        actor: 'fund-admin',
        at,
        note: 'paid',
        patch: { advance: { ...inReview.advance, status: 'paid', paidAt: at } },
      }),
      { audit: { actor: 'fund-admin', action: 'advance.paid' } },
    );

    const quotaBefore = await readQuota(OWN_DISTRICT);
    // paid: the parcel enters the reserve and the land leg begins (wave 2), once however often run
    expect(await twice(tasks.reserve.handler, { caseId })).toEqual({ caseId, next: 'vacated' });
    expect((await getCase(caseId))?.case.status).toBe('vacating');
    expect(await getReserve(OWN_DISTRICT, caseId)).toMatchObject({
      parcels: [{ parcelId: 'P1', areaM2: 220 }],
    });
    // no quota yet: it accrues only when the reclaimed land is accepted (test/workflow/landLeg.test.ts)
    const quotaAfter = await readQuota(OWN_DISTRICT);
    expect(quotaAfter.accruedCentiM2 - quotaBefore.accruedCentiM2).toBe(0);
    expect(quotaAfter.reservedCases - quotaBefore.reservedCases).toBe(1);
    expect(transitions(caseId)).toEqual([
      'CoolingOffStarted:agreement_signed>cooling_off',
      'FundReviewOpened:cooling_off>fund_review',
      'ParcelReserved:disbursed>vacating',
    ]);
  });

  it('records the reserve in the case’s own transaction; a record an earlier run left alone is kept, counted once', async () => {
    const { caseId } = await caseOf('disbursed');
    const before = await readQuota(OWN_DISTRICT);
    const { sent } = await dynamoCommandsDuring(() => invokeTask(tasks.reserve.handler, { caseId }));
    // the case, the household, then one transaction: the record, the district's counts and the case
    expect(sent.map((c) => c.command)).toEqual([
      'GetItemCommand',
      'GetItemCommand',
      'TransactWriteItemsCommand',
    ]);
    expect((await getCase(caseId))?.case.status).toBe('vacating');
    expect(await getReserve(OWN_DISTRICT, caseId)).toMatchObject({
      parcels: [{ parcelId: 'P1', areaM2: 220 }],
    });
    expect((await readQuota(OWN_DISTRICT)).reservedCases - before.reservedCases).toBe(1);

    // a run of the step as it was (the record first, on its own) that died before its case write
    const household = await newHousehold();
    const left = await caseOf('disbursed', { household });
    const earlier = '2026-01-02T03:04:05.000Z';
    await recordReserve(left.case, household, earlier);
    const counted = await readQuota(OWN_DISTRICT);
    expect(await twice(tasks.reserve.handler, { caseId: left.caseId })).toEqual({
      caseId: left.caseId,
      next: 'vacated',
    });
    expect((await getCase(left.caseId))?.case.status).toBe('vacating');
    expect((await getReserve(OWN_DISTRICT, left.caseId))?.recordedAt).toBe(earlier);
    expect((await readQuota(OWN_DISTRICT)).reservedCases).toBe(counted.reservedCases);
    expect(transitions(left.caseId)).toEqual(['ParcelReserved:disbursed>vacating']);
  });

  it('a case reserved before the land leg still closes, once however often run', async () => {
    const { caseId } = await caseOf('reserved');
    expect(await twice(tasks.closeCase.handler, { caseId })).toEqual({ caseId, next: 'end' });
    expect((await getCase(caseId))?.case.status).toBe('closed');
    expect(transitions(caseId)).toEqual(['CaseClosed:reserved>closed']);
  });

  it('a task on a case in a status it does not lead from fails loudly', async () => {
    const { caseId } = await caseOf('offers');
    for (const handler of [tasks.fund.handler, tasks.reserve.handler, tasks.closeCase.handler]) {
      await expect(invokeTask(handler as Handler<TaskResult>, { caseId })).rejects.toMatchObject({
        name: 'UnexpectedCaseStatus',
      });
    }
  });
});

describe('recordFailure', () => {
  const lambdaError = {
    Error: 'UnexpectedCaseStatus',
    Cause: JSON.stringify({
      errorType: 'UnexpectedCaseStatus',
      errorMessage: 'closeNotice cannot run on a case in status returned',
      trace: ['at /var/task/index.mjs:1:1'],
    }),
  };

  it('marks the case failed with the cause and the status it failed in, once', async () => {
    const { caseId } = await caseOf('village_review', { token: true });
    const result = await twice(tasks.failure.handler, { caseId, error: lambdaError });
    expect(result).toEqual({ caseId, status: 'failed', recorded: true });
    const stored = await getCase(caseId);
    expect(stored?.case).toMatchObject({
      status: 'failed',
      statusBeforeFailure: 'village_review',
      failure: { cause: 'UnexpectedCaseStatus: closeNotice cannot run on a case in status returned' },
    });
    // the execution ends with the failure: a token left behind could never be resumed
    expect(stored?.pendingToken).toBeUndefined();
    expect(stored?.case.pendingTask).toBeUndefined();
    expect(transitions(caseId)).toEqual(['CaseFailed:village_review>failed']);
  });

  it('a second failure of an already failed case changes nothing', async () => {
    const { caseId } = await caseOf('offers');
    await invokeTask(tasks.failure.handler, { caseId, error: { Error: 'A', Cause: 'first' } });
    const before = await snapshot(caseId);
    const again = await invokeTask(tasks.failure.handler, { caseId, error: { Error: 'B', Cause: 'second' } });
    expect(again).toEqual({ caseId, status: 'failed', recorded: true });
    expect(await snapshot(caseId)).toEqual(before);
    expect(before.stored?.case.failure?.cause).toBe('A: first');
  });

  it.each(['closed', 'withdrawn', 'rejected', 'draft'] as const)(
    'never throws on a %s case, and leaves it',
    async (status) => {
      const { caseId } = await caseOf(status);
      const before = await snapshot(caseId);
      expect(await invokeTask(tasks.failure.handler, { caseId, error: lambdaError })).toEqual({
        caseId,
        status,
        recorded: false,
      });
      expect(await snapshot(caseId)).toEqual(before);
      expect(env.doubles.events.ofCase(caseId)).toEqual([]);
    },
  );

  it('never throws on a case that does not exist', async () => {
    expect(
      await invokeTask(tasks.failure.handler, { caseId: 'C-20250101-nothere', error: lambdaError }),
    ).toEqual({
      caseId: 'C-20250101-nothere',
      status: 'missing',
      recorded: false,
    });
  });
});

describe('one case through every task in order', () => {
  it('from submission to closed, with the API decisions resuming each waiting step', async () => {
    const { caseId, case: seeded } = await caseOf('submitted');
    const applicant = { sub: 'applicant-drive', groups: ['applicant'], householdId: seeded.householdId };
    const token = (step: string) => `token-${caseId}-${step}`;
    const resumedWith = (t: string) =>
      env.doubles.workflow.resumed.filter((r) => r.token === t).map((r) => r.output);

    expect(await invokeTask(tasks.assess.handler, { caseId })).toMatchObject({ next: 'village_review' });
    await invokeTask(tasks.register.handler, { caseId, step: 'village_review', taskToken: token('review') });
    const review = await invoke(reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: {
        decision: 'approve',
        reasons: [],
        resolution: { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 },
      },
    });
    expect(review.status, review.text).toBe(200);
    expect(resumedWith(token('review'))).toEqual([{ outcome: 'approved' }]);

    expect(await invokeTask(tasks.start.handler, { caseId })).toMatchObject({ next: 'public_notice' });
    expect(await invokeTask(tasks.close.handler, { caseId })).toMatchObject({ next: 'town_review' });
    // the town audits, the district approves (村 → 镇 → 区); the district's approval prices the offers
    for (const [step, principal] of [
      ['town_review', principals.townReviewer],
      ['district_approval', principals.districtApprover],
    ] as const) {
      await invokeTask(tasks.register.handler, { caseId, step, taskToken: token(step) });
      const decided = await invoke(reviewCase, {
        principal,
        pathParameters: { caseId },
        body: { decision: 'approve', reasonCodes: ['facts_verified'] },
      });
      expect(decided.status, decided.text).toBe(200);
      expect(decided.json.step).toBe(step);
      expect(resumedWith(token(step))).toEqual([{ outcome: 'approved' }]);
    }
    await invokeTask(tasks.register.handler, {
      caseId,
      step: 'resettlement_choice',
      taskToken: token('choice'),
    });
    const choice = await invoke(chooseResettlement, {
      principal: applicant,
      pathParameters: { caseId },
      body: { option: 'cash' },
    });
    expect(choice.status, choice.text).toBe(200);
    expect(resumedWith(token('choice'))).toEqual([{ outcome: 'chosen' }]);

    // the cooling-off, then the fund review when it has ended (the Wait in between is the state machine's)
    expect(await invokeTask(tasks.cooling.handler, { caseId })).toMatchObject({ next: 'cooling_off' });
    const endsAt = (await getCase(caseId))?.case.coolingOffEndsAt ?? '';
    expect(await tasks.fund.openFundReview({ caseId }, endsAt)).toEqual({ caseId, next: 'fund_review' });
    await invokeTask(tasks.register.handler, { caseId, step: 'fund_review', taskToken: token('fund') });
    await replenish(
      OWN_DISTRICT,
      { source: 'appropriation', amountFen: 100_000_000, reference: `R-${caseId}` },
      'fund-admin-seed',
      new Date().toISOString(),
    );
    const decision = await invoke(decideAdvance, {
      principal: principals.fundAdmin,
      pathParameters: { caseId },
      body: { decision: 'approve', note: '资料齐全' },
    });
    expect(decision.status, decision.text).toBe(200);
    expect(resumedWith(token('fund'))).toEqual([{ outcome: 'paid' }]);

    expect(await invokeTask(tasks.reserve.handler, { caseId })).toEqual({ caseId, next: 'vacated' });
    // the land leg (wave 2): vacated, disposed (reclaimed), the certificate cancelled: the case closes
    await homesteadLandLeg(caseId);

    const c = (await getCase(caseId))?.case;
    expect(c?.status).toBe('closed');
    expect(c?.timeline.map((t) => t.status)).toEqual([
      'submitted',
      'eligibility',
      'village_review',
      'village_review',
      'public_notice',
      'town_review',
      'town_review',
      'district_approval',
      'district_approval',
      'offers',
      'offers',
      'agreement_signed',
      'cooling_off',
      'fund_review',
      'fund_review',
      'disbursed',
      'vacating',
      'vacating',
      'disposing',
      'disposing',
      'cancelling',
      'cancelling',
      'closed',
    ]);
    // every status change has its event (the two waiting writes are not status changes)
    const moves = distinctEvents(env.doubles.events.published, caseId).filter(
      (e) => e.fromStatus !== e.toStatus,
    );
    expect(moves.map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual([
      'submitted>eligibility',
      'eligibility>village_review',
      'village_review>public_notice',
      'public_notice>town_review',
      'town_review>district_approval',
      'district_approval>offers',
      'offers>agreement_signed',
      'agreement_signed>cooling_off',
      'cooling_off>fund_review',
      'fund_review>disbursed',
      'disbursed>vacating',
      'vacating>disposing',
      // the disposition's MilestoneRecorded, and the second tranche's AdvanceDisbursed
      'disposing>cancelling',
      'disposing>cancelling',
      // the cancellation's MilestoneRecorded, the last tranche's AdvanceDisbursed, and CaseClosed
      'cancelling>closed',
      'cancelling>closed',
      'cancelling>closed',
    ]);
    // the payment schedule (分期支付): 50 / 30 / 20 %, each paid at its milestone, summing to the payable
    const schedule = c?.paymentSchedule ?? [];
    const payable = c?.agreement?.payableFen ?? 0;
    expect(schedule.map((t) => [t.milestone, t.sharePct, t.status])).toEqual([
      ['approval', 50, 'paid'],
      ['disposed', 30, 'paid'],
      ['certificate_cancelled', 20, 'paid'],
    ]);
    expect(schedule.reduce((sum, t) => sum + t.amountFen, 0)).toBe(payable);
    expect(schedule[0]?.amountFen).toBe(Math.round(payable * 0.5));
    const paid = distinctEvents(env.doubles.events.published, caseId).filter(
      (e) => e.type === 'AdvanceDisbursed',
    );
    expect(paid.map((e) => [e.detail.tranche, e.detail.amountFen])).toEqual(
      schedule.map((t) => [t.tranche, t.amountFen]),
    );
    expect(new Set(schedule.map((t) => t.entryId)).size).toBe(3);
  });
});
