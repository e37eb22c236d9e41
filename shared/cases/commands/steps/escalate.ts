import { logger } from '../../../adapters/observability.js';
import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import { inboxPut } from '../../../notifications/inbox.js';
import { notificationsFor, RESPONSIBLE } from '../../../notifications/messages.js';
import { HUMAN_STEPS, type HumanStep, type TaskEvent, type TaskResult } from '../../../workflow/contract.js';
import { caseEvent, touchCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { InvalidTaskInputError } from './errors.js';
import { lastWriteWas } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * The `States.Timeout` of a human step's first wait (states Escalate…): the deadline passed, so the step
 * is marked escalated on the case (once), a DeadlineEscalated event goes out and the responsible party
 * gets an inbox notice (reviewers of the village, fund administrators of the district, or the
 * household for its own resubmission and choice). The notice is written in the same transaction as
 * the case, so an escalation never happens without it. The execution then waits again on the step
 * (`next` names it); nothing is ever dropped.
 */
export const ESCALATED_NOTE = '已超过办理期限，已督办 / deadline passed, escalated';

export function escalationEvent(c: Case, step: HumanStep): DomainEvent {
  return caseEvent('DeadlineEscalated', c, WORKFLOW_ACTOR, c.status, {
    step,
    kind: HUMAN_STEPS[step].pendingKind,
    dueAt: c.pendingTask?.dueAt,
    responsible: RESPONSIBLE[step],
  });
}

function decide(stored: StoredCase, step: HumanStep, now: string): StepDecision<TaskResult> {
  const c = stored.case;
  const result: TaskResult = { caseId: c.caseId, next: step };
  if (c.status !== HUMAN_STEPS[step].status) {
    // decided or withdrawn just as the deadline passed: the next wait resumes at once with that outcome
    logger.info('the case left the step before its escalation; nothing to escalate', { status: c.status });
    return { kind: 'done', result };
  }
  if (c.pendingTask?.escalated) {
    return {
      kind: 'done',
      result,
      republish: lastWriteWas(c, c.status, 'task.escalated') ? [escalationEvent(c, step)] : [],
    };
  }
  const pendingTask = {
    kind: HUMAN_STEPS[step].pendingKind,
    // a deadline on a step that never registered: it is due now, which is when it was found late
    dueAt: c.pendingTask?.dueAt ?? now,
    escalated: true,
  };
  const next = touchCase(c, { actor: WORKFLOW_ACTOR, at: now, note: ESCALATED_NOTE, patch: { pendingTask } });
  const event = escalationEvent(next, step);
  return {
    kind: 'write',
    write: {
      next,
      audit: { action: 'task.escalated', detail: { step, dueAt: pendingTask.dueAt } },
      extra: notificationsFor(event).map(inboxPut),
      events: [event],
    },
    result: { value: result },
  };
}

export async function escalate(event: TaskEvent, now: string): Promise<TaskResult> {
  const { step } = event;
  if (!step) throw new InvalidTaskInputError('escalate needs the step whose deadline passed');
  return runStep(event.caseId, async (stored) => decide(stored, step, now));
}
