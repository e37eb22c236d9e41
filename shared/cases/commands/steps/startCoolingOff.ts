import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { parametersForCase, stepSeconds } from '../../../workflow/deadlines.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { routeOf, runStep, type StepDecision } from './runStep.js';

/**
 * StartCoolingOff (冷静期, DOMAIN.md wave 2): the signature starts the cooling-off. The signed case
 * moves `agreement_signed → cooling_off` with the day it ends (`coolingOffEndsAt`, from the parameter
 * version the agreement was priced with); until then the household may rescind
 * (shared/cases/commands/rescind.ts). The step answers what is left of it in `waitSeconds`, for the
 * Wait that follows, so an execution re-driven during the cooling-off waits the rest only.
 */
export const COOLING_OFF_ACTION = 'cooling_off.started';
export const COOLING_OFF_NOTE = '退出协议已签订，进入冷静期 / agreement signed: the cooling-off begins';

export function coolingOffEvent(c: Case): DomainEvent {
  return caseEvent('CoolingOffStarted', c, WORKFLOW_ACTOR, 'agreement_signed', {
    agreementId: c.agreement?.agreementId,
    endsAt: c.coolingOffEndsAt,
  });
}

/** Whole seconds from `now` to the end of the cooling-off, never negative. */
export function coolingOffLeft(c: Case, now: string): number {
  const end = c.coolingOffEndsAt ? Date.parse(c.coolingOffEndsAt) : Number.NaN;
  if (!Number.isFinite(end)) return 0;
  return Math.max(0, Math.ceil((end - Date.parse(now)) / 1000));
}

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  if (c.status === 'agreement_signed') {
    if (!c.agreement) throw new Error(`case ${c.caseId} is agreement_signed without an agreement`);
    // the length the agreement was signed under, never a later version's
    const params = await parametersForCase({ ...c, parametersVersion: c.agreement.parametersVersion }, now);
    const seconds = stepSeconds(params).cooling_off;
    const next = moveCase(c, 'cooling_off', {
      actor: WORKFLOW_ACTOR,
      at: now,
      note: COOLING_OFF_NOTE,
      patch: { coolingOffEndsAt: new Date(Date.parse(now) + seconds * 1000).toISOString() },
    });
    return {
      kind: 'write',
      write: {
        next,
        audit: { action: COOLING_OFF_ACTION, detail: { endsAt: next.coolingOffEndsAt, seconds } },
        events: [coolingOffEvent(next)],
      },
      result: { value: { caseId: c.caseId, next: 'cooling_off', waitSeconds: seconds } },
    };
  }
  if (c.status === 'cooling_off') {
    return {
      kind: 'done',
      result: { caseId: c.caseId, next: 'cooling_off', waitSeconds: coolingOffLeft(c, now) },
      republish: lastWriteWas(c, 'cooling_off', COOLING_OFF_ACTION) ? [coolingOffEvent(c)] : [],
    };
  }
  // rescinded, or already past the cooling-off (a re-drive): where the case is
  const past = ['rescinded', 'fund_review', 'awaiting_funds', 'disbursed', 'reserved', 'closed'];
  const route =
    past.includes(c.status) || (c.status === 'rejected' && c.rejectedAt === 'fund_review')
      ? routeOf(c.status)
      : undefined;
  if (!route) throw new UnexpectedCaseStatusError('startCoolingOff', c.status);
  return { kind: 'done', result: { caseId: c.caseId, next: route } };
}

export function startCoolingOff(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, (stored) => decide(stored, now));
}
