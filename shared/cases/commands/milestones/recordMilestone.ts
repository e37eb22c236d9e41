import { getCase, type StoredCase } from '../../../adapters/table/caseRepository.js';
import { backoff } from '../../../adapters/table/dynamo.js';
import type { Principal } from '../../../auth/principal.js';
import type { MilestoneInput } from '../../../contract/milestones.js';
import { scheduleOf, trancheAt, withTranche } from '../../../domain/compensation/schedule.js';
import type { Case } from '../../../domain/model/case.js';
import { trancheMilestoneSchema } from '../../../domain/model/tranche.js';
import { Busy, StaleWrite } from '../../../errors/appError.js';
import { appendEntry, enqueueUpdate, readFund } from '../../../fund/ledger.js';
import { payQueuedAdvances } from '../advance/queue.js';
import { trancheEntry, trancheEvent } from '../advance/tranche.js';
import { NOTES, trancheNote } from '../advance/view.js';
import { collectiveEvent, collectiveNote } from '../collective/payments.js';
import { commitCaseChange, commitCaseChangeWithin } from '../commit.js';
import { milestoneChange } from './record.js';

/**
 * POST /cases/{caseId}/milestones with the payment schedule (分期支付): a milestone that a tranche falls
 * due at (`disposed`, `certificate_cancelled`, `handed_over`) pays it in the same transaction that records
 * the milestone — case, audit, ledger entry and the fund's balance item — when the balance covers it and
 * nobody waits ahead in the queue; else the milestone is recorded and the tranche joins the FIFO queue
 * (the case waits in `awaiting_funds` and goes on when the queue pays it). The entry id derives from
 * the agreement and the tranche, and the milestone consumes its step's task token, so duplicate calls,
 * races and retries pay once. A lost race re-reads the case and decides again (a recorded milestone is
 * then 409).
 */
const MAX_ATTEMPTS = 8;

export async function recordMilestone(
  first: StoredCase,
  input: MilestoneInput,
  principal: Principal,
  now: string,
): Promise<Case> {
  let stored = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      await backoff(attempt);
      const again = await getCase(first.case.caseId);
      if (!again) throw new Error(`case ${first.case.caseId} disappeared`);
      stored = again;
    }
    try {
      const done = await recordOnce(stored, input, principal, now);
      if (done) return done;
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
    }
  }
  throw new Busy({ zh: '本案件正在办理其他事项，请稍后再试。', en: 'the case is busy; try again' });
}

/** One attempt; undefined (or a StaleWrite) means "lost a race: read again and decide again". */
async function recordOnce(
  stored: StoredCase,
  input: MilestoneInput,
  principal: Principal,
  now: string,
): Promise<Case | undefined> {
  const c = stored.case;
  const milestone = trancheMilestoneSchema.safeParse(input.kind);
  const due = milestone.success ? trancheAt(scheduleOf(c), milestone.data) : undefined;
  const schedule = c.paymentSchedule;
  // milestoneChange validates everything (the step pending, the role, separation of duties, the
  // fields) before any money moves; each path below builds the change once, with its payment
  if (due?.status !== 'scheduled' || !schedule) {
    return commitCaseChange(await milestoneChange(stored, input, principal, now));
  }
  const count = schedule.length;
  if (due.payer === 'collective') {
    // contract land (wave 2): the collective pays this tranche, never the special fund; it falls due now
    const payable = { ...due, status: 'payable' as const };
    const change = await milestoneChange(stored, input, principal, now, {
      outcome: 'payment_due',
      paymentSchedule: withTranche(schedule, payable),
      note: collectiveNote('due', payable, count),
      events: [],
      extra: [],
    });
    return commitCaseChange({
      ...change,
      events: [...change.events, collectiveEvent('due', change.next, principal.sub, c.status, payable)],
    });
  }
  if (due.amountFen === 0) {
    // a tranche that rounds to nothing (a payable of a few fen) is settled without a ledger entry
    const settled = { ...due, status: 'paid' as const, paidAt: now };
    return commitCaseChange(
      await milestoneChange(stored, input, principal, now, {
        outcome: 'recorded',
        paymentSchedule: withTranche(schedule, settled),
        note: trancheNote(NOTES.paid, settled, count),
        events: [],
        extra: [],
      }),
    );
  }
  const entry = trancheEntry(c, due, principal.sub, now);
  let fund = await readFund(c.districtCode);
  if (fund.queuedCount === 0 && fund.balanceFen >= due.amountFen) {
    const paid = { ...due, status: 'paid' as const, paidAt: now, entryId: entry.entryId };
    const change = await milestoneChange(stored, input, principal, now, {
      outcome: 'recorded',
      paymentSchedule: withTranche(schedule, paid),
      note: trancheNote(NOTES.paid, paid, count),
      events: [],
      extra: [],
    });
    const withEvent = {
      ...change,
      events: [
        ...change.events,
        trancheEvent('AdvanceDisbursed', change.next, principal.sub, c.status, paid, 'paid'),
      ],
    };
    const res = await commitCaseChangeWithin(
      withEvent,
      (items) =>
        appendEntry({ district: c.districtCode, entry, before: items, requireEmptyQueue: true, fund }),
      (out) => out.kind === 'written',
    );
    if (res.kind === 'written') return change.next;
    if (res.kind === 'duplicate' || res.kind === 'conflict') return undefined;
    fund = res.fund;
  }
  // the balance cannot cover it, or others wait ahead: recorded, and the tranche joins the queue
  const queued = { ...due, status: 'queued' as const, queuedAt: now };
  const change = await milestoneChange(stored, input, principal, now, {
    outcome: 'queued',
    paymentSchedule: withTranche(schedule, queued),
    note: trancheNote(NOTES.queued, queued, count),
    events: [],
    extra: [enqueueUpdate(c.districtCode, fund, due.amountFen)],
  });
  const next = await commitCaseChange({
    ...change,
    events: [
      ...change.events,
      trancheEvent('AdvanceQueued', change.next, principal.sub, c.status, queued, 'queued'),
    ],
  });
  // money may have arrived meanwhile, or the queue ahead can now be paid: run it once, in order
  const run = await payQueuedAdvances(c.districtCode, principal.sub, now);
  if (!run.paid.some((p) => p.caseId === c.caseId)) return next;
  return (await getCase(c.caseId))?.case ?? next;
}
