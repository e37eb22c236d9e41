import type { StoredCase } from '../../shared/adapters/table/caseRepository.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { DomainEvent } from '../../shared/domain/model/event.js';
import type { TaskEvent, TaskResult } from '../../shared/workflow/contract.js';
import {
  lastWriteWas,
  runStep,
  type StepDecision,
  taskHandler,
  UnexpectedCaseStatusError,
  WORKFLOW_ACTOR,
} from './task.js';

/** Close: `reserved → closed`, the end of the life cycle. */
export const CLOSED_NOTE = '案件办结 / case closed';

export function closedEvent(c: Case): DomainEvent {
  return caseEvent('CaseClosed', c, WORKFLOW_ACTOR, 'reserved');
}

function decide(stored: StoredCase, now: string): StepDecision<TaskResult> {
  const c = stored.case;
  if (c.status === 'closed') {
    return {
      kind: 'done',
      result: { caseId: c.caseId, next: 'end' },
      republish: lastWriteWas(c, 'closed', 'case.closed') ? [closedEvent(c)] : [],
    };
  }
  if (c.status !== 'reserved') throw new UnexpectedCaseStatusError('closeCase', c.status);
  const next = moveCase(c, 'closed', { actor: WORKFLOW_ACTOR, at: now, note: CLOSED_NOTE });
  return {
    kind: 'write',
    write: { next, audit: { action: 'case.closed' }, events: [closedEvent(next)] },
    result: { value: { caseId: c.caseId, next: 'end' } },
  };
}

export function closeCase(event: TaskEvent, now: string): Promise<TaskResult> {
  return runStep(event.caseId, async (stored) => decide(stored, now));
}

export const handler = taskHandler(closeCase);
