import { logger } from '../../../adapters/observability.js';
import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { TASK_WAITING_ACTION } from '../../../contract/timelineActions.js';
import { type Case, escalationsOf } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import { AUDIENCE_TEXT, escalationAudiences, RESPONSIBLE } from '../../../notifications/ladder.js';
import { HUMAN_STEPS, type HumanStep, type TaskEvent, type TaskResult } from '../../../workflow/contract.js';
import { caseEvent, touchCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { InvalidTaskInputError } from './errors.js';
import { caseAtEntry } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * The `States.Timeout` of a human step's wait (states Escalate…): the deadline passed, so the step goes
 * one level up the escalation ladder (shared/notifications/ladder.ts). The case counts the escalation
 * (`pendingTask.escalations`, the level), a DeadlineEscalated event carries the level, and the inbox
 * notices of that rung are written in the same transaction as the case, so an escalation never happens
 * without them. The execution then waits again on the step with the re-escalation deadline (`next`
 * names the step), and the next miss climbs one more rung: nothing is ever dropped.
 */
export const ESCALATED_ACTION = 'task.escalated';

/** The timeline entry, plain Chinese for staff: which escalation this is and who was told. */
export function escalationNote(step: HumanStep, level: number): string {
  const told = escalationAudiences(step, level).map((a) => AUDIENCE_TEXT[a]);
  const en = told.map((t) => t.en).join(' and ');
  return `已超过办理期限（第 ${level} 次督办），已通知${told.map((t) => t.zh).join('、')} / deadline passed (escalation ${level}), ${en} were told`;
}

export function escalationEvent(c: Case, step: HumanStep): DomainEvent {
  return caseEvent('DeadlineEscalated', c, WORKFLOW_ACTOR, c.status, {
    step,
    kind: HUMAN_STEPS[step].pendingKind,
    dueAt: c.pendingTask?.dueAt,
    responsible: RESPONSIBLE[step],
    level: escalationsOf(c.pendingTask),
  });
}

/**
 * The timeline entry of this timeout's escalation, if it is already written: the step's latest
 * registration or escalation in the current stay in the status. A wait registers (task.waiting) before
 * its deadline can pass, so an escalation after the latest registration is this timeout's own (a re-run
 * after a crash), even when another write (a document, an objection) came in between.
 */
function escalationOfThisTimeout(c: Case): number | undefined {
  for (let i = c.timeline.length - 1; i >= 0; i--) {
    const t = c.timeline[i];
    if (!t || t.status !== c.status) return undefined;
    if (t.actor !== WORKFLOW_ACTOR) continue;
    if (t.action === TASK_WAITING_ACTION) return undefined;
    if (t.action === ESCALATED_ACTION) return i;
  }
  return undefined;
}

function decide(stored: StoredCase, step: HumanStep, now: string): StepDecision<TaskResult> {
  const c = stored.case;
  const result: TaskResult = { caseId: c.caseId, next: step };
  if (c.status !== HUMAN_STEPS[step].status) {
    // decided or withdrawn just as the deadline passed: the next wait resumes at once with that outcome
    logger.info('the case left the step before its escalation; nothing to escalate', { status: c.status });
    return { kind: 'done', result };
  }
  const done = escalationOfThisTimeout(c);
  if (done !== undefined) {
    // the event as that write built it (same id), in case the run that wrote it died before publishing
    const written = caseAtEntry(c, done);
    return { kind: 'done', result, republish: written ? [escalationEvent(written, step)] : [] };
  }
  const { pendingKind } = HUMAN_STEPS[step];
  const current = c.pendingTask?.kind === pendingKind ? c.pendingTask : undefined;
  const level = escalationsOf(current) + 1;
  const pendingTask = {
    kind: pendingKind,
    // the deadline that passed; the wait after this escalation stores the next one (registerTask).
    // A deadline on a step that never registered: it is due now, which is when it was found late
    dueAt: current?.dueAt ?? now,
    escalated: true,
    escalations: level,
  };
  const next = touchCase(c, {
    actor: WORKFLOW_ACTOR,
    at: now,
    note: escalationNote(step, level),
    patch: { pendingTask },
  });
  const event = escalationEvent(next, step);
  return {
    kind: 'write',
    write: {
      next,
      audit: {
        action: ESCALATED_ACTION,
        detail: { step, dueAt: pendingTask.dueAt, level, notified: escalationAudiences(step, level) },
      },
      // its inbox notices are written with the case (commitCaseChange does that for every event)
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
