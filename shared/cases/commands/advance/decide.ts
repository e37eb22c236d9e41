import { getCase, type StoredCase } from '../../../adapters/table/caseRepository.js';
import { backoff } from '../../../adapters/table/dynamo.js';
import { scheduleOf, withTranche } from '../../../domain/compensation/schedule.js';
import type { AdvanceState, Case } from '../../../domain/model/case.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { AlreadyDecided, Busy, IllegalTransition, StaleWrite } from '../../../errors/appError.js';
import { recordApproval } from '../../../fund/advance.js';
import { appendEntry, enqueueUpdate, readFund } from '../../../fund/ledger.js';
import { STEP_OUTCOMES } from '../../../workflow/contract.js';
import { moveCase, touchCase } from '../../moveCase.js';
import type { CaseChange } from '../caseChange.js';
import { commitCaseChange, commitCaseChangeWithin, deliver } from '../commit.js';
import { assertMayDecide } from '../duties.js';
import { waitingToken } from '../waiting.js';
import { payQueuedAdvances } from './queue.js';
import { redeliver, resumePut } from './resumeRecord.js';
import { trancheEntry, trancheEvent } from './tranche.js';
import { type AdvanceDecisionView, advanceEvent, decisionView, NOTES, trancheNote } from './view.js';

export interface DecideInput {
  adminId: string;
  /** the administrator's own household (custom:householdId), if they belong to one: never their own case */
  householdId?: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
}

const MAX_ATTEMPTS = 10;

/**
 * A fund administrator's decision on a case's advance (POST /cases/{caseId}/advance). Safe to repeat and
 * to race: the final approval pays through one transaction whose entry id is derived from the agreement,
 * a lost race re-reads the case and decides again from what is stored, and a call that finds the work
 * done answers with the stored result and writes nothing.
 */
export async function decideAdvance(first: StoredCase, input: DecideInput): Promise<AdvanceDecisionView> {
  let stored: StoredCase | undefined = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      await backoff(attempt);
      stored = await getCase(first.case.caseId);
      if (!stored) throw new Error(`case ${first.case.caseId} disappeared`);
    }
    try {
      const done = await decideOnce(stored, input);
      if (done) return done;
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
    }
  }
  throw new Busy({
    zh: '其他管理员正在处理此笔垫付，请稍后再试。',
    en: 'other decisions on this advance are in progress; try again',
  });
}

/** The advance was decided before: the same decision answers with what is stored, the other is refused. */
async function settled(c: Case, a: AdvanceState, input: DecideInput): Promise<AdvanceDecisionView> {
  const agrees = a.status === 'rejected' ? input.decision === 'reject' : input.decision === 'approve';
  if (!agrees) {
    throw new AlreadyDecided(
      a.status === 'rejected'
        ? { zh: '专项基金已不予垫付；申诉可重新开启。', en: 'the advance was rejected; an appeal reopens it' }
        : {
            zh: '此笔垫付已批准，不能再不予垫付。',
            en: `the advance is already ${a.status}; it can no longer be rejected`,
          },
      { caseStatus: c.status, advanceStatus: a.status },
    );
  }
  await redeliver(c.caseId);
  const first = scheduleOf(c)[0];
  if (c.status === 'disbursed' && a.status === 'paid' && first) {
    // the first call may have died before publishing; the id makes a second publication harmless
    const from = c.timeline.at(-2)?.status ?? 'fund_review';
    const actor = c.timeline.at(-1)?.actor ?? input.adminId;
    await deliver({ events: [trancheEvent('AdvanceDisbursed', c, actor, from, first, 'paid')] });
  }
  // the first call may have died between joining the queue and running it
  if (c.status === 'awaiting_funds') return viewAfterQueueRun(c, input);
  return decisionView(c);
}

/** Runs the queue, and answers with the case as that run left it (it may just have been paid). */
async function viewAfterQueueRun(c: Case, input: DecideInput): Promise<AdvanceDecisionView> {
  const run = await payQueuedAdvances(c.districtCode, input.adminId, input.at);
  if (!run.paid.some((p) => p.caseId === c.caseId)) return decisionView(c);
  return decisionView((await getCase(c.caseId))?.case ?? c);
}

/** One attempt; undefined (or a StaleWrite) means "lost a race: read again and decide again". */
async function decideOnce(stored: StoredCase, input: DecideInput): Promise<AdvanceDecisionView | undefined> {
  const c = stored.case;
  // 不相容岗位分离, before anything (a repeat answer, a queue run) is decided: approve and reject alike
  assertMayDecide(c, { sub: input.adminId, householdId: input.householdId }, 'fund_approval');
  const a = c.advance;
  if (!a) {
    throw new IllegalTransition(
      { zh: '本案件尚无待审批的垫付。', en: 'this case has no advance to decide yet' },
      { caseStatus: c.status },
    );
  }
  if (a.status !== 'pending_approval') return settled(c, a, input);
  if (c.status !== 'fund_review') {
    throw new IllegalTransition(
      {
        zh: `案件当前状态为“${c.status}”，不在基金审批环节。`,
        en: `the case is ${c.status}, not in fund review`,
      },
      { caseStatus: c.status },
    );
  }
  const r = recordApproval(a, input.adminId, input.decision, input.note, input.at);
  if (r.outcome === 'duplicate') return decisionView(c);
  const audit = {
    actor: input.adminId,
    action: `advance.${input.decision}`,
    reason: input.note,
    detail: { amountFen: a.amountFen, requiredApprovals: a.requiredApprovals },
  };
  if (r.outcome === 'pending') {
    // one of two approvals: the step goes on waiting for the second
    const next = touchCase(c, {
      actor: input.adminId,
      at: input.at,
      note: NOTES.pending,
      patch: { advance: r.advance },
    });
    return decisionView(await commitCaseChange({ read: stored, next, token: 'keep', audit, events: [] }));
  }
  // the decision that ends the step consumes the workflow's token, so the step must be waiting
  const token = waitingToken(stored, 'fund_review', { zh: '专项基金审批', en: 'the fund decision' }).token;
  /** A change that ends the fund review with `outcome`, and keeps the outcome for a retry to redeliver. */
  const ending = (
    outcome: 'rejected' | 'paid' | 'queued',
    next: Case,
    events: CaseChange['events'],
    extra: CaseChange['extra'] = [],
  ): CaseChange => ({
    read: stored,
    next,
    token: 'consume',
    audit,
    extra: [...extra, resumePut(c.caseId, 'fund_review', token, { outcome }, input.at)],
    events,
    resume: { token, output: { outcome } },
  });

  if (r.outcome === 'rejected') {
    const next = moveCase(c, STEP_OUTCOMES.fund_review.rejected, {
      actor: input.adminId,
      at: input.at,
      note: `${NOTES.rejected}：${input.note}`,
      patch: { advance: r.advance, rejectedAt: 'fund_review', pendingTask: undefined },
    });
    const events = [advanceEvent('AdvanceRejected', next, input.adminId, c.status, input.at)];
    return decisionView(await commitCaseChange(ending('rejected', next, events)));
  }
  if (r.outcome !== 'approved') return undefined;
  const approved = r.advance;
  const approvedEvent = advanceEvent(
    'AdvanceApproved',
    { ...c, advance: approved },
    input.adminId,
    c.status,
    input.at,
  );
  // the one approval covers the agreement's payable total (four eyes on it); what moves now is the
  // first tranche of its payment schedule (all of it for a case signed before schedules)
  const schedule = scheduleOf({ ...c, advance: approved });
  const first = schedule[0];
  /** The schedule with the first tranche as given: only a case that carries a schedule stores one. */
  const scheduleWith = (t: Tranche) =>
    c.paymentSchedule ? { paymentSchedule: withTranche(c.paymentSchedule, t) } : {};
  const paid = (patch: Partial<AdvanceState>, note: string, t?: Tranche) =>
    moveCase(c, STEP_OUTCOMES.fund_review.paid, {
      actor: input.adminId,
      at: input.at,
      note,
      patch: {
        advance: { ...approved, status: 'paid', paidAt: input.at, ...patch },
        pendingTask: undefined,
        ...(t ? scheduleWith(t) : {}),
      },
    });

  if (!first || first.amountFen === 0) {
    // housing worth more than the compensation: nothing to advance, no ledger entry, the case moves on
    const next = paid({}, `${NOTES.paid} (0)`);
    const events = [approvedEvent, advanceEvent('AdvanceDisbursed', next, input.adminId, c.status, 'paid')];
    return decisionView(await commitCaseChange(ending('paid', next, events)));
  }

  const entry = trancheEntry({ ...c, advance: approved }, first, input.adminId, input.at);
  let fund = await readFund(c.districtCode);
  if (fund.queuedCount === 0 && fund.balanceFen >= first.amountFen) {
    const t: Tranche = { ...first, status: 'paid', paidAt: input.at, entryId: entry.entryId };
    const next = paid({ entryId: entry.entryId }, trancheNote(NOTES.paid, t, schedule.length), t);
    const events = [
      approvedEvent,
      trancheEvent('AdvanceDisbursed', next, input.adminId, c.status, t, 'paid'),
    ];
    const res = await commitCaseChangeWithin(
      ending('paid', next, events),
      (items) =>
        appendEntry({ district: c.districtCode, entry, before: items, requireEmptyQueue: true, fund }),
      (out) => out.kind === 'written',
    );
    if (res.kind === 'written') return decisionView(next);
    if (res.kind === 'duplicate' || res.kind === 'conflict') return undefined;
    fund = res.fund;
  }

  // shortfall, or others already waiting: join the FIFO queue (by approval time)
  const t: Tranche = { ...first, status: 'queued', queuedAt: input.at };
  const next = moveCase(c, STEP_OUTCOMES.fund_review.queued, {
    actor: input.adminId,
    at: input.at,
    note: NOTES.queued,
    patch: { advance: { ...approved, status: 'queued' }, pendingTask: undefined, ...scheduleWith(t) },
  });
  const events = [approvedEvent, trancheEvent('AdvanceQueued', next, input.adminId, c.status, t, 'queued')];
  const queued = ending('queued', next, events, [enqueueUpdate(c.districtCode, fund, first.amountFen)]);
  await commitCaseChange({ ...queued, audit: { ...audit, detail: { ...audit.detail, fundSeq: fund.seq } } });
  // money may have arrived between the read and the queue write, or the queue was only waiting for
  // others that can now be paid: run the queue once, in order
  return viewAfterQueueRun(next, input);
}
