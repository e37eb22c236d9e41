import { ConflictError } from '../adapters/errors.js';
import { allCases, getCase, type StoredCase } from '../adapters/table/caseRepository.js';
import { caseEvent, moveCase, touchCase } from '../cases/moveCase.js';
import type { AdvanceState, Case } from '../domain/model/case.js';
import type { DomainEvent, DomainEventType } from '../domain/model/event.js';
import type { LedgerEntry } from '../domain/model/ledger.js';
import { events } from '../ports/events.js';
import { resumeDecided, workflow } from '../ports/workflow.js';
import type { HumanStepOutcome } from '../workflow/contract.js';
import { advanceEntryId, recordApproval } from './advance.js';
import { appendEntry, enqueueUpdate, type FundState, readFund } from './ledger.js';
import {
  backoff,
  cancellationCodes,
  caseWriteItems,
  fundKeys,
  isTransientConflict,
  queryAll,
  type TransactItem,
  tableName,
  transact,
} from './store.js';

/** What POST /cases/{caseId}/advance answers: derived from the stored case only, so a retry answers the same. */
export interface AdvanceDecisionView {
  caseId: string;
  status: Case['status'];
  advance: AdvanceState;
}

export function decisionView(c: Case): AdvanceDecisionView {
  if (!c.advance) throw new Error(`case ${c.caseId} has no advance`);
  return { caseId: c.caseId, status: c.status, advance: c.advance };
}

export function advanceEntry(c: Case, actor: string, at: string): LedgerEntry {
  if (!c.agreement || !c.advance) throw new Error(`case ${c.caseId} has no agreement or advance`);
  return {
    entryId: advanceEntryId(c.agreement.agreementId),
    at,
    kind: 'advance',
    amountFen: c.advance.amountFen,
    debit: 'advances',
    credit: 'fund_cash',
    actor,
    caseId: c.caseId,
    agreementId: c.agreement.agreementId,
    reference: c.agreement.agreementId,
  };
}

/**
 * Event ids come from the advance, not the case version: whichever request finally sends an event (the
 * first call or its retry after a crash), consumers see the same id and keep one.
 */
function advanceEvent(
  type: DomainEventType,
  c: Case,
  actor: string,
  from: Case['status'],
  tag: string,
): DomainEvent {
  const a = c.advance;
  return {
    ...caseEvent(type, c, actor, from, {
      amountFen: a?.amountFen,
      requiredApprovals: a?.requiredApprovals,
      approvals: a?.approvals.length,
      ...(a?.entryId ? { entryId: a.entryId } : {}),
      ...(a?.rejectionReason ? { reason: a.rejectionReason } : {}),
    }),
    eventId: `${c.caseId}:${c.agreement?.agreementId ?? 'none'}:${type}:${tag}`,
  };
}

type Step = 'fund_review' | 'awaiting_funds';

/** The outcome sent to a step's token, kept so that a retried call can send it again (see redeliver). */
function resumePut(
  caseId: string,
  step: Step,
  token: string,
  output: HumanStepOutcome,
  at: string,
): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: { ...fundKeys.resume(caseId, step), itemType: 'fund_resume', token, output, at },
    },
  };
}

/**
 * Sends the stored outcomes again. Used when a call finds its work already done: the first call may
 * have committed and then died before it resumed the workflow. Step Functions refuses a token it has
 * already seen (TaskTimedOut / InvalidToken), so a second delivery changes nothing there; that refusal
 * is expected and swallowed.
 */
export async function redeliver(caseId: string): Promise<void> {
  const records = await queryAll(`CASE#${caseId}`, 'FUND_RESUME#');
  for (const r of records) {
    if (typeof r.token !== 'string') continue;
    try {
      await workflow().resumeTask(r.token, r.output);
    } catch {
      // already delivered (or the execution is gone): nothing left to do for this token
    }
  }
}

function publish(list: DomainEvent[]): Promise<void> {
  return events().publish(list);
}

export interface DecideInput {
  adminId: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
}

const MAX_ATTEMPTS = 10;

const NOTES = {
  pending:
    '基金管理员同意垫付，待另一名管理员复核 / approved by one fund administrator; a second is required',
  paid: '专项基金先行垫付已拨付 / the special fund has paid the advance',
  queued: '专项基金余额不足，按审批时间排队等待拨付 / the fund cannot cover it now; queued by approval time',
  rejected: '专项基金不予垫付 / the special fund refused the advance',
} as const;

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
    const done = await decideOnce(stored, input);
    if (done) return done;
  }
  throw new ConflictError('other decisions on this advance are in progress; try again');
}

async function settled(c: Case, a: AdvanceState, input: DecideInput): Promise<AdvanceDecisionView> {
  const agrees = a.status === 'rejected' ? input.decision === 'reject' : input.decision === 'approve';
  if (!agrees) {
    throw new ConflictError(
      a.status === 'rejected'
        ? 'the advance was rejected; an appeal reopens it'
        : `the advance is already ${a.status}; it can no longer be rejected`,
      { caseStatus: c.status, advanceStatus: a.status },
    );
  }
  await redeliver(c.caseId);
  if (c.status === 'disbursed' && a.status === 'paid') {
    // the first call may have died before publishing; the id makes a second publication harmless
    const from = c.timeline.at(-2)?.status ?? 'fund_review';
    const actor = c.timeline.at(-1)?.actor ?? input.adminId;
    await publish([advanceEvent('AdvanceDisbursed', c, actor, from, 'paid')]);
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

/** One attempt; undefined means "lost a race: read again and retry". */
async function decideOnce(stored: StoredCase, input: DecideInput): Promise<AdvanceDecisionView | undefined> {
  const c = stored.case;
  const a = c.advance;
  if (!a) throw new ConflictError('this case has no advance to decide yet', { caseStatus: c.status });
  if (a.status !== 'pending_approval') return settled(c, a, input);
  if (c.status !== 'fund_review') {
    throw new ConflictError(`the case is ${c.status}, not in fund review`, { caseStatus: c.status });
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
    const next = touchCase(c, {
      actor: input.adminId,
      at: input.at,
      note: NOTES.pending,
      patch: { advance: r.advance },
    });
    try {
      await transact(caseWriteItems(stored, next, { audit }));
    } catch (error) {
      if (cancellationCodes(error)) return undefined;
      throw error;
    }
    return decisionView(next);
  }

  // the decision that ends the step consumes the workflow's token, so the step must be waiting
  const token = stored.pendingToken;
  if (token?.status !== 'fund_review') {
    throw new ConflictError('the case is not yet waiting for the fund decision; try again shortly', {
      caseStatus: c.status,
    });
  }

  if (r.outcome === 'rejected') {
    const next = moveCase(c, 'rejected', {
      actor: input.adminId,
      at: input.at,
      note: `${NOTES.rejected}：${input.note}`,
      patch: { advance: r.advance, rejectedAt: 'fund_review', pendingTask: undefined },
    });
    const output: HumanStepOutcome = { outcome: 'rejected' };
    try {
      await transact([
        ...caseWriteItems(stored, next, { consumeToken: true, audit }),
        resumePut(c.caseId, 'fund_review', token.token, output, input.at),
      ]);
    } catch (error) {
      if (cancellationCodes(error)) return undefined;
      throw error;
    }
    await publish([advanceEvent('AdvanceRejected', next, input.adminId, c.status, input.at)]);
    await resumeDecided(token.token, output);
    return decisionView(next);
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

  if (approved.amountFen === 0) {
    // housing worth more than the compensation: nothing to advance, no ledger entry, the case moves on
    const next = moveCase(c, 'disbursed', {
      actor: input.adminId,
      at: input.at,
      note: `${NOTES.paid} (0)`,
      patch: { advance: { ...approved, status: 'paid', paidAt: input.at }, pendingTask: undefined },
    });
    const output: HumanStepOutcome = { outcome: 'paid' };
    try {
      await transact([
        ...caseWriteItems(stored, next, { consumeToken: true, audit }),
        resumePut(c.caseId, 'fund_review', token.token, output, input.at),
      ]);
    } catch (error) {
      if (cancellationCodes(error)) return undefined;
      throw error;
    }
    await publish([approvedEvent, advanceEvent('AdvanceDisbursed', next, input.adminId, c.status, 'paid')]);
    await resumeDecided(token.token, output);
    return decisionView(next);
  }

  const entry = advanceEntry({ ...c, advance: approved }, input.adminId, input.at);
  let fund = await readFund(c.districtCode);
  if (fund.queuedCount === 0 && fund.balanceFen >= approved.amountFen) {
    const next = moveCase(c, 'disbursed', {
      actor: input.adminId,
      at: input.at,
      note: NOTES.paid,
      patch: {
        advance: { ...approved, status: 'paid', paidAt: input.at, entryId: entry.entryId },
        pendingTask: undefined,
      },
    });
    const output: HumanStepOutcome = { outcome: 'paid' };
    const res = await appendEntry({
      district: c.districtCode,
      entry,
      before: caseWriteItems(stored, next, { consumeToken: true, audit }),
      after: [resumePut(c.caseId, 'fund_review', token.token, output, input.at)],
      requireEmptyQueue: true,
      fund,
    });
    if (res.kind === 'written') {
      await publish([approvedEvent, advanceEvent('AdvanceDisbursed', next, input.adminId, c.status, 'paid')]);
      await resumeDecided(token.token, output);
      return decisionView(next);
    }
    if (res.kind === 'duplicate' || res.kind === 'conflict') return undefined;
    fund = res.fund;
  }

  // shortfall, or others already waiting: join the FIFO queue (by approval time)
  const next = moveCase(c, 'awaiting_funds', {
    actor: input.adminId,
    at: input.at,
    note: NOTES.queued,
    patch: { advance: { ...approved, status: 'queued' }, pendingTask: undefined },
  });
  const output: HumanStepOutcome = { outcome: 'queued' };
  try {
    await transact([
      ...caseWriteItems(stored, next, {
        consumeToken: true,
        audit: { ...audit, detail: { ...audit.detail, fundSeq: fund.seq } },
      }),
      enqueueUpdate(c.districtCode, fund, approved.amountFen),
      resumePut(c.caseId, 'fund_review', token.token, output, input.at),
    ]);
  } catch (error) {
    const codes = cancellationCodes(error);
    if (codes && (codes.includes('ConditionalCheckFailed') || isTransientConflict(codes))) return undefined;
    throw error;
  }
  await publish([approvedEvent, advanceEvent('AdvanceQueued', next, input.adminId, c.status, 'queued')]);
  await resumeDecided(token.token, output);
  // money may have arrived between the read and the queue write, or the queue was only waiting for
  // others that can now be paid: run the queue once, in order
  return viewAfterQueueRun(next, input);
}

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

async function payQueuedCase(caseId: string, actor: string, at: string, fund: FundState): Promise<PayOne> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) await backoff(attempt);
    const stored = await getCase(caseId);
    const c = stored?.case;
    const a = c?.advance;
    // no longer waiting (paid by a concurrent run) or held elsewhere (failed): not this run's to pay
    if (!stored || !c || !a || c.status !== 'awaiting_funds' || a.status !== 'queued')
      return { kind: 'skip' };
    const token = stored.pendingToken;
    if (token && token.status !== 'awaiting_funds') return { kind: 'skip' };
    const entry = advanceEntry(c, actor, at);
    const next = moveCase(c, 'disbursed', {
      actor,
      at,
      note: NOTES.paid,
      patch: {
        advance: { ...a, status: 'paid', paidAt: at, entryId: entry.entryId },
        pendingTask: undefined,
      },
    });
    const output: HumanStepOutcome = { outcome: 'paid' };
    const res = await appendEntry({
      district: c.districtCode,
      entry,
      // without a stored token the workflow has not reached its awaiting_funds step yet; the write then
      // requires that no token appears meanwhile, and the step finds the case disbursed when it arrives
      before: caseWriteItems(stored, next, {
        consumeToken: token !== undefined,
        audit: { actor, action: 'advance.paid_from_queue', detail: { amountFen: a.amountFen } },
      }),
      after: token ? [resumePut(caseId, 'awaiting_funds', token.token, output, at)] : [],
      leavesQueue: true,
      expectQueueVersion: fund.queueVersion,
      ...(attempt === 0 ? { fund } : {}),
    });
    if (res.kind === 'insufficient') return { kind: 'insufficient' };
    if (res.kind === 'queue_changed') return { kind: 'queue_changed' };
    if (res.kind !== 'written') continue;
    let undelivered = false;
    try {
      await publish([advanceEvent('AdvanceDisbursed', next, actor, c.status, 'paid')]);
      if (token) await resumeDecided(token.token, output);
    } catch {
      // the money has moved and cannot be unmoved; the step's deadline or its registration finds the
      // case disbursed, and the resume record lets a later call deliver it again
      undelivered = true;
    }
    return {
      kind: 'paid',
      payment: { caseId, entryId: entry.entryId, amountFen: entry.amountFen, seq: res.entry.seq },
      undelivered,
    };
  }
  throw new ConflictError('the fund queue is busy; try again');
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
      if (c.status === 'awaiting_funds' && (c.advance?.amountFen ?? 0) > fund.balanceFen) {
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
