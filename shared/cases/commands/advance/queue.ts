import { allCases, getCase } from '../../../adapters/table/caseRepository.js';
import { backoff } from '../../../adapters/table/dynamo.js';
import { queuedTranche, scheduleOf, withTranche } from '../../../domain/compensation/schedule.js';
import type { Case } from '../../../domain/model/case.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { Busy } from '../../../errors/appError.js';
import { appendEntry, type FundState, readFund } from '../../../fund/ledger.js';
import { STEP_OUTCOMES } from '../../../workflow/contract.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { commitCaseChangeWithin } from '../commit.js';
import { resumePut } from './resumeRecord.js';
import { isLastTranche, trancheEntry, trancheEvent } from './tranche.js';
import { NOTES, trancheNote } from './view.js';

export interface QueuePayment {
  caseId: string;
  entryId: string;
  amountFen: number;
  seq: number;
}

export interface QueueRun {
  paid: QueuePayment[];
  /** cases paid whose workflow could not be resumed now; their step finds them disbursed (docs/fund.md) */
  undelivered: string[];
  /** the first case the balance could not cover, where the run stopped (FIFO: nobody overtakes it) */
  blockedBy?: string;
}

type PayOne =
  | { kind: 'paid'; payment: QueuePayment; undelivered: boolean }
  | { kind: 'skip' }
  | { kind: 'insufficient' }
  | { kind: 'queue_changed' };

const MAX_ATTEMPTS = 10;

async function payQueuedCase(caseId: string, actor: string, at: string, fund: FundState): Promise<PayOne> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    const stored = await getCase(caseId);
    const c = stored?.case;
    const a = c?.advance;
    const t = c ? queuedTranche(scheduleOf(c)) : undefined;
    // no longer waiting (paid by a concurrent run) or held elsewhere (failed): not this run's to pay
    if (!stored || !c || !a || !t || c.status !== 'awaiting_funds') return { kind: 'skip' };
    const token = stored.pendingToken;
    if (token && token.status !== 'awaiting_funds') return { kind: 'skip' };
    const entry = trancheEntry(c, t, actor, at);
    const paidTranche: Tranche = { ...t, status: 'paid', paidAt: at, entryId: entry.entryId };
    // the first tranche goes on to the land leg, a later one to the next milestone, the last closes
    const outcome = t.milestone === 'approval' ? 'paid' : isLastTranche(c, t) ? 'final_paid' : 'tranche_paid';
    const next = moveCase(c, STEP_OUTCOMES.awaiting_funds[outcome], {
      actor,
      at,
      note: trancheNote(NOTES.paid, t, scheduleOf(c).length),
      patch: {
        advance:
          t.milestone === 'approval' ? { ...a, status: 'paid', paidAt: at, entryId: entry.entryId } : a,
        ...(c.paymentSchedule ? { paymentSchedule: withTranche(c.paymentSchedule, paidTranche) } : {}),
        pendingTask: undefined,
      },
    });
    let undelivered = false;
    // without a stored token the workflow has not reached its awaiting_funds step yet; the write then
    // requires that no token appears meanwhile, and the step finds the case disbursed when it arrives
    const res = await commitCaseChangeWithin(
      {
        read: stored,
        next,
        token: token ? 'consume' : 'keep',
        audit: {
          actor,
          action: 'advance.paid_from_queue',
          detail: { amountFen: t.amountFen, tranche: t.tranche, milestone: t.milestone },
        },
        extra: token ? [resumePut(caseId, 'awaiting_funds', token.token, { outcome }, at)] : [],
        events: [
          trancheEvent('AdvanceDisbursed', next, actor, c.status, paidTranche, 'paid'),
          ...(next.status === 'closed'
            ? [caseEvent('CaseClosed', next, actor, c.status, { by: 'payment' })]
            : []),
        ],
        ...(token ? { resume: { token: token.token, output: { outcome } } } : {}),
      },
      (items) =>
        appendEntry({
          district: c.districtCode,
          entry,
          before: items,
          leavesQueue: true,
          expectQueueVersion: fund.queueVersion,
          ...(attempt === 0 ? { fund } : {}),
        }),
      (out) => out.kind === 'written',
      // the money has moved and cannot be unmoved; the step's deadline or its registration finds the
      // case disbursed, and the resume record lets a later call deliver it again
      () => {
        undelivered = true;
      },
    );
    if (res.kind === 'insufficient') return { kind: 'insufficient' };
    if (res.kind === 'queue_changed') return { kind: 'queue_changed' };
    if (res.kind !== 'written') continue;
    return {
      kind: 'paid',
      payment: { caseId, entryId: entry.entryId, amountFen: entry.amountFen, seq: res.entry.seq },
      undelivered,
    };
  }
  throw new Busy({ zh: '垫付排队正忙，请稍后再试。', en: 'the fund queue is busy; try again' });
}

/** The whole queue of a district, first in line first (approval time, then case id). */
function queuedCases(district: string): Promise<Case[]> {
  return allCases({ index: 'FundQueue', districtCode: district, advanceStatus: 'queued' });
}

/** Payments per run; a longer queue is continued by the next replenishment or decision. */
const MAX_ROUNDS = 200;
const INDEX_LAG_RETRIES = 5;

/**
 * Pays queued advances in FIFO order (approval time, then case id) as far as the balance goes, each in
 * its own transaction, and stops at the first one the balance cannot cover, so a smaller later advance
 * never overtakes an earlier one. Every payment holds only while the queue is as the run saw it
 * (queueVersion), so a case that joined meanwhile, possibly ahead, is seen before anything more is paid.
 * Concurrent runs are safe: each payment is conditional on the case still being queued and on its entry
 * id being new. The index is eventually consistent on AWS: a queue shorter than the balance item's count
 * is read again before the run goes on.
 */
export async function payQueuedAdvances(district: string, actor: string, at: string): Promise<QueueRun> {
  const run: QueueRun = { paid: [], undelivered: [] };
  let lagRetries = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fund = await readFund(district);
    const queue = await queuedCases(district);
    if (queue.length < fund.queuedCount && lagRetries < INDEX_LAG_RETRIES) {
      lagRetries++;
      await backoff(lagRetries + 2);
      round--;
      continue;
    }
    let restart = false;
    for (const c of queue) {
      // the amount never changes, so the index's copy tells whether the head fits without more reads
      if (c.status === 'awaiting_funds' && (queuedTranche(scheduleOf(c))?.amountFen ?? 0) > fund.balanceFen) {
        run.blockedBy = c.caseId;
        return run;
      }
      const one = await payQueuedCase(c.caseId, actor, at, fund);
      if (one.kind === 'skip') continue;
      if (one.kind === 'insufficient') {
        run.blockedBy = c.caseId;
        return run;
      }
      if (one.kind === 'paid') {
        run.paid.push(one.payment);
        if (one.undelivered) run.undelivered.push(c.caseId);
      }
      // after a payment or a change of the queue, look at the queue afresh
      restart = true;
      break;
    }
    if (!restart) return run;
  }
  return run;
}
