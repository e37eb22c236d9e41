import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { paymentSchedule, withTranche } from '../../../domain/compensation/schedule.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { Tranche } from '../../../domain/model/tranche.js';
import { openAdvance } from '../../../fund/advance.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { parametersForCase } from '../../../workflow/deadlines.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { collectiveEvent, collectiveNote } from '../collective/payments.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { routeOf, runStep, type StepDecision } from './runStep.js';
import { coolingOffLeft } from './startCoolingOff.js';

/**
 * OpenFundReview: the cooling-off after the signature is over, the agreement binds. Who pays decides
 * where the case goes (DOMAIN.md wave 2 "Who pays"):
 * - a homestead asks the special fund for the advance (先行垫付): `cooling_off → fund_review` with the
 *   advance pending approval (four eyes above the threshold of the agreement's parameter version); the
 *   event tells the district's fund administrators;
 * - contract land and equity are the collective's to pay: `cooling_off → paying` with the first tranche
 *   payable (contract land 70 %, equity 100 %), and the village is told; the fund never sees them. A
 *   contract-land case with nothing to pay goes straight to the handover.
 * Contract land signed before the collective paid keeps its fund-paid schedule, and goes to the fund.
 * Never before the cooling-off ends: a step that comes early (a Wait cut short) answers `cooling_off`
 * with the seconds left, and the state machine waits again; a rescinded case ends.
 */
export const OPENED_NOTE = '提交专项基金先行垫付审批 / advance submitted to the special fund';

/** The advance is requested: the fund's review of the signed agreement opens. */
export function fundReviewEvent(c: Case): DomainEvent {
  return caseEvent('FundReviewOpened', c, WORKFLOW_ACTOR, 'cooling_off', {
    agreementId: c.agreement?.agreementId,
    amountFen: c.advance?.amountFen,
    requiredApprovals: c.advance?.requiredApprovals,
  });
}

/** Statuses the fund's own decisions lead to: the review was opened long ago. */
const PAST = ['awaiting_funds', 'disbursed', 'reserved', 'closed', 'rescinded', 'paying', 'handing_over'];

export const COLLECTIVE_NOTE = '冷静期结束，应由村集体支付 / the cooling-off is over; the collective pays';

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  if (c.status === 'cooling_off') {
    if (!c.agreement) throw new Error(`case ${c.caseId} is cooling_off without an agreement`);
    const left = coolingOffLeft(c, now);
    if (left > 0)
      return { kind: 'done', result: { caseId: c.caseId, next: 'cooling_off', waitSeconds: left } };
    const schedule = c.paymentSchedule ?? paymentSchedule(c.type, c.agreement.payableFen);
    const first = schedule[0];
    if (c.type !== 'homestead_exit' && first?.payer !== 'fund') return collectivePays(c, schedule, now);
    // the advance is priced with the version the agreement was priced with, never today's
    const params = await parametersForCase({ ...c, parametersVersion: c.agreement.parametersVersion }, now);
    const next = moveCase(c, 'fund_review', {
      actor: WORKFLOW_ACTOR,
      at: now,
      note: OPENED_NOTE,
      patch: {
        advance: openAdvance(c.agreement, params, now),
        // a case signed before schedules existed gets its schedule now, before anything is paid
        paymentSchedule: schedule,
      },
    });
    return {
      kind: 'write',
      write: {
        next,
        audit: {
          action: 'advance.requested',
          detail: { amountFen: next.advance?.amountFen, requiredApprovals: next.advance?.requiredApprovals },
        },
        events: [fundReviewEvent(next)],
      },
      result: { value: { caseId: c.caseId, next: 'fund_review' } },
    };
  }
  if (c.status === 'fund_review') {
    return {
      kind: 'done',
      result: { caseId: c.caseId, next: 'fund_review' },
      republish: lastWriteWas(c, 'fund_review', 'advance.requested') ? [fundReviewEvent(c)] : [],
    };
  }
  const route =
    PAST.includes(c.status) || (c.status === 'rejected' && c.rejectedAt === 'fund_review')
      ? routeOf(c.status)
      : undefined;
  if (!route) throw new UnexpectedCaseStatusError('openFundReview', c.status);
  return { kind: 'done', result: { caseId: c.caseId, next: route } };
}

/** Contract land and equity: the collective's first tranche falls due (or, with nothing to pay, the handover). */
function collectivePays(c: Case, schedule: Tranche[], now: string): StepDecision<TaskResult> {
  const first = schedule[0];
  if (!first) {
    const next = moveCase(c, 'handing_over', { actor: WORKFLOW_ACTOR, at: now, note: COLLECTIVE_NOTE });
    return {
      kind: 'write',
      write: { next, audit: { action: 'collective_payment.none_due', detail: {} }, events: [] },
      result: { value: { caseId: c.caseId, next: 'handed_over' } },
    };
  }
  const due: Tranche = { ...first, status: 'payable' };
  const next = moveCase(c, 'paying', {
    actor: WORKFLOW_ACTOR,
    at: now,
    note: `${COLLECTIVE_NOTE}；${collectiveNote('due', due, schedule.length)}`,
    patch: { paymentSchedule: withTranche(schedule, due) },
  });
  return {
    kind: 'write',
    write: {
      next,
      audit: { action: 'collective_payment.due', detail: { tranche: due.tranche, amountFen: due.amountFen } },
      events: [collectiveEvent('due', next, WORKFLOW_ACTOR, c.status, due)],
    },
    result: { value: { caseId: c.caseId, next: 'collective_payment' } },
  };
}

export function openFundReview(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, (stored) => decide(stored, now));
}
