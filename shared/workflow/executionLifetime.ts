import { createHash } from 'node:crypto';
import type { CaseStatus } from '../domain/model/status.js';
import type { WorkflowInput } from './contract.js';

/**
 * A case can live longer than a year; a Step Functions Standard execution cannot (365 days, then
 * `ExecutionsTimedOut`). Every unbounded wait of the workflow is a human step's wait (the escalation
 * ladder loops on it until someone decides), so that is where an execution hands its case over: a wait
 * that could outlive its execution is not begun; a new execution resumes the case at its status
 * (ResumeFrom) and the old one ends in `ContinuedInNewExecution`. The new one starts young, so no execution ever
 * needs more than a year, however long the case takes.
 */
export const EXECUTION_LIFETIME_SECONDS = 365 * 86_400;
/** Room left before the hard limit: the tasks after a wait, retries, clock skew. */
export const HANDOVER_MARGIN_SECONDS = 7 * 86_400;

/** Whether a wait of `waitSeconds` begun `now` could still be running when the execution must end. */
export function waitOutlivesExecution(executionStartedAt: string, now: string, waitSeconds: number): boolean {
  const started = Date.parse(executionStartedAt);
  const at = Date.parse(now);
  if (!Number.isFinite(started) || !Number.isFinite(at)) return false;
  const endsBy = started + (EXECUTION_LIFETIME_SECONDS - HANDOVER_MARGIN_SECONDS) * 1000;
  return at + waitSeconds * 1000 > endsBy;
}

/**
 * The execution that takes the case over from the wait with `taskToken`: named by the token, so a retry
 * of the handing-over task starts the same execution (a repeated StartExecution with the same name and
 * input is no error) and never a second one.
 */
export function handoverStart(
  caseId: string,
  status: CaseStatus,
  taskToken: string,
): { executionName: string; input: WorkflowInput } {
  const tag = createHash('sha256').update(taskToken).digest('hex').slice(0, 16);
  return { executionName: `${caseId}-handover-${tag}`, input: { caseId, resumeFrom: status } };
}
