import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { TaskEvent, TaskResult } from '../../../workflow/contract.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { UnexpectedCaseStatusError } from './errors.js';
import { lastWriteWas } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

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
