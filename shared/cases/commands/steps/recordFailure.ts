import { logger } from '../../../adapters/observability.js';
import type { StoredCase } from '../../../adapters/table/caseRepository.js';
import { canTransition } from '../../../domain/lifecycle/transition.js';
import type { Case } from '../../../domain/model/case.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { CaseStatus } from '../../../domain/model/status.js';
import type { TaskEvent } from '../../../workflow/contract.js';
import { caseEvent, moveCase } from '../../moveCase.js';
import { WORKFLOW_ACTOR } from '../caseChange.js';
import { CaseNotFoundError } from './errors.js';
import { lastWriteWas } from './history.js';
import { runStep, type StepDecision } from './runStep.js';

/**
 * RecordFailure, the Catch target of every task: the case goes to `failed` with the cause, the status
 * it failed in (an operator resumes it there) and a CaseFailed event; the execution then fails visibly.
 * It never throws for a case it cannot or need not mark (already failed, final, or missing): the
 * failure it reports must not hide behind a second one.
 */
export interface FailureResult {
  caseId: string;
  /** the case's status after the step (`missing` for an unknown case) */
  status: CaseStatus | 'missing';
  /** whether the case holds the failure (marked now, or by an earlier run): a re-run answers the same */
  recorded: boolean;
}

export const FAILED_NOTE = '系统处理异常，待工作人员处理 / system error, held for staff';

const MAX_CAUSE = 1000;

/**
 * "Error: message" from what a Catch hands over. A Lambda's Cause is a JSON document whose stack trace
 * names files and lines; only the message is kept on the case, where the household can see it.
 */
export function failureCause(error: TaskEvent['error']): string {
  const name = error?.Error ?? 'UnknownError';
  let message = error?.Cause ?? '';
  try {
    const parsed: unknown = JSON.parse(message);
    if (parsed && typeof parsed === 'object' && 'errorMessage' in parsed) {
      message = String((parsed as { errorMessage: unknown }).errorMessage);
    }
  } catch {
    // a plain-text cause is kept as it is
  }
  const text = message ? `${name}: ${message}` : name;
  return text.length > MAX_CAUSE ? `${text.slice(0, MAX_CAUSE - 1)}…` : text;
}

export function failedEvent(c: Case): DomainEvent {
  return caseEvent('CaseFailed', c, WORKFLOW_ACTOR, c.statusBeforeFailure, {
    cause: c.failure?.cause,
    statusBeforeFailure: c.statusBeforeFailure,
  });
}

function decide(stored: StoredCase, cause: string, now: string): StepDecision<FailureResult> {
  const c = stored.case;
  if (c.status === 'failed') {
    return {
      kind: 'done',
      result: { caseId: c.caseId, status: 'failed', recorded: true },
      republish: lastWriteWas(c, 'failed', 'case.failed') ? [failedEvent(c)] : [],
    };
  }
  if (!canTransition(c.status, 'failed')) {
    // final (closed, withdrawn, rejected, …) or a draft: the case is not the workflow's to hold
    logger.warn('a workflow step failed on a case that cannot be marked failed', { status: c.status, cause });
    return { kind: 'done', result: { caseId: c.caseId, status: c.status, recorded: false } };
  }
  const next = moveCase(c, 'failed', {
    actor: WORKFLOW_ACTOR,
    at: now,
    note: `${FAILED_NOTE}：${cause}`,
    patch: { failure: { cause, at: now }, statusBeforeFailure: c.status, pendingTask: undefined },
  });
  return {
    kind: 'write',
    write: {
      next,
      // the execution ends here, so a stored token could never be resumed; a withdrawal must not try
      token: stored.pendingToken ? 'consume' : 'keep',
      audit: { action: 'case.failed', reason: cause },
      events: [failedEvent(next)],
    },
    result: { value: { caseId: c.caseId, status: 'failed', recorded: true } },
  };
}

export async function recordFailure(event: TaskEvent, now: string): Promise<FailureResult> {
  const cause = failureCause(event.error);
  logger.error('workflow step failed', { cause });
  try {
    return await runStep(event.caseId, async (stored) => decide(stored, cause, now));
  } catch (error) {
    if (error instanceof CaseNotFoundError)
      return { caseId: event.caseId, status: 'missing', recorded: false };
    throw error;
  }
}
