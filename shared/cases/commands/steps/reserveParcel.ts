import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { getHousehold } from '../../../adapters/table/registryRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import { recordReserve } from '../../../fund/reserve.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * Reserve: the advance is paid, the exited homestead enters the district reserve (收储) and its area
 * accrues as surplus construction-land quota (`disbursed → reserved`). recordReserve is keyed by the
 * case, so a re-run after a crash between the reserve record and the case write adds no quota twice.
 * Contract land is farmland: nothing is recorded, and the case still passes `reserved` on its way to
 * `closed`, as the life cycle has it.
 */
export const RESERVED_NOTE = '已纳入收储 / entered the reserve';

export function reservedEvent(c: Case): DomainEvent {
  return caseEvent('ParcelReserved', c, WORKFLOW_ACTOR, 'disbursed', {
    constructionLand: c.application.type === 'homestead_exit',
    parcelIds: c.application.type === 'homestead_exit' ? c.application.parcelIds : [],
  });
}

async function decide(stored: StoredCase, now: string): Promise<StepDecision<TaskResult>> {
  const c = stored.case;
  if (c.status === 'reserved') {
    return {
      kind: 'done',
      result: { caseId: c.caseId, next: 'close' },
      republish: lastWriteWas(c, 'reserved', 'reserve.recorded') ? [reservedEvent(c)] : [],
    };
  }
  if (c.status === 'closed') return { kind: 'done', result: { caseId: c.caseId, next: 'end' } };
  if (c.status !== 'disbursed') throw new UnexpectedCaseStatusError('reserveParcel', c.status);
  const household = await getHousehold(c.householdId);
  if (!household) throw new Error(`household ${c.householdId} of case ${c.caseId} is not in the registry`);
  const reserve = await recordReserve(c, household, now);
  const next = moveCase(c, 'reserved', { actor: WORKFLOW_ACTOR, at: now, note: RESERVED_NOTE });
  return {
    kind: 'write',
    write: {
      next,
      audit: {
        action: 'reserve.recorded',
        detail: reserve.recorded
          ? { areaCentiM2: reserve.record.areaCentiM2, quotaMu4: reserve.record.quotaMu4 }
          : { reason: reserve.reason },
      },
      events: [reservedEvent(next)],
    },
    result: { value: { caseId: c.caseId, next: 'close' } },
  };
}

export function reserveParcel(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, (stored) => decide(stored, now));
}
