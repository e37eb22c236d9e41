import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { AuditInput } from '../../shared/adapters/table/audit.js';
import { getCase, type StoredCase } from '../../shared/adapters/table/caseRepository.js';
import type { CaseChange } from '../../shared/cases/commands/caseChange.js';
import { WORKFLOW_ACTOR } from '../../shared/cases/commands/caseChange.js';
import { commitCaseChange, deliver } from '../../shared/cases/commands/commit.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { DomainEvent } from '../../shared/domain/model/event.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { StaleWrite } from '../../shared/errors/appError.js';
import { type TaskEvent, type TaskResult, taskEventSchema } from '../../shared/workflow/contract.js';
import { logger } from '../api/http/observability.js';

export { WORKFLOW_ACTOR };

/**
 * A task input that does not parse is a bug in the state machine, not a transient fault: retrying it
 * would fail the same way. The definition retries only Lambda's own transient errors, so this error
 * goes straight to the `States.ALL` catch (RecordFailure).
 */
export class InvalidTaskInputError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'InvalidTaskInput';
  }
}

export class CaseNotFoundError extends Error {
  constructor(caseId: string) {
    super(`case ${caseId} does not exist`);
    this.name = 'CaseNotFound';
  }
}

/**
 * The case is in a status this step can neither act on nor has already done: the execution and the
 * case disagree, which only a bug or a manual change explains. It fails the step (RecordFailure)
 * instead of guessing a route.
 */
export class UnexpectedCaseStatusError extends Error {
  constructor(
    readonly task: string,
    readonly status: CaseStatus,
  ) {
    super(`${task} cannot run on a case in status ${status}`);
    this.name = 'UnexpectedCaseStatus';
  }
}

export function parseTaskEvent(event: unknown): TaskEvent {
  const parsed = taskEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidTaskInputError(`the task input is not a TaskEvent (${issues.join('; ')})`);
  }
  return parsed.data;
}

/**
 * A workflow task as a Lambda handler: middy with the Powertools logger (case id and step as keys),
 * the input parsed before anything else, one clock reading per invocation.
 */
export function taskHandler<R>(run: (event: TaskEvent, now: string) => Promise<R>) {
  return middy(async (event: unknown, _context: Context): Promise<R> => {
    const parsed = parseTaskEvent(event);
    logger.appendKeys({ caseId: parsed.caseId, ...(parsed.step ? { step: parsed.step } : {}) });
    return run(parsed, new Date().toISOString());
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

/** A step's write: a CaseChange on the case as read, by the workflow unless the audit names another actor. */
export type StepWrite = Omit<CaseChange, 'read' | 'token' | 'audit'> & {
  audit: Omit<AuditInput, 'actor'> & { actor?: string };
  token?: CaseChange['token'];
};

/**
 * What a step decides on the case as read:
 * - `done`: nothing (more) to write; `republish` re-sends the events of this step's own last write
 *   (same eventIds) in case the run that wrote it died before publishing; `after` runs last.
 * - `write`: one conditional write; with `result` the step ends there, without it the step decides
 *   again on the case as now stored (a step that moves the case twice, like the assessment).
 */
export type StepDecision<R> =
  | { kind: 'done'; result: R; republish?: DomainEvent[]; after?: () => Promise<void> }
  | { kind: 'write'; write: StepWrite; result?: { value: R; after?: () => Promise<void> } };

/** Lost races before a step gives up; each one means somebody else wrote the case meanwhile. */
const MAX_CONFLICTS = 8;
/** Intermediate writes a step may make (the assessment makes one); more means a decision that never settles. */
const MAX_WRITES = 3;

function pause(attempt: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.floor(Math.random() * 10 * (attempt + 1))));
}

/**
 * Runs a step as read-decide-write with optimistic concurrency. A StaleWrite from commitCaseChange means
 * someone else wrote the case (a withdrawal, a decision): the step reads it again and decides anew, so
 * it never writes on top of a state it did not see, and never writes twice.
 */
export async function runStep<R>(
  caseId: string,
  decide: (stored: StoredCase) => Promise<StepDecision<R>>,
): Promise<R> {
  let conflicts = 0;
  let writes = 0;
  for (;;) {
    const stored = await getCase(caseId);
    if (!stored) throw new CaseNotFoundError(caseId);
    const decision = await decide(stored);
    if (decision.kind === 'done') {
      await deliver({ events: decision.republish ?? [] });
      await decision.after?.();
      return decision.result;
    }
    const { audit, token, ...rest } = decision.write;
    try {
      await commitCaseChange({
        ...rest,
        read: stored,
        token: token ?? 'keep',
        audit: { actor: WORKFLOW_ACTOR, ...audit },
      });
    } catch (error) {
      if (error instanceof StaleWrite && conflicts < MAX_CONFLICTS) {
        conflicts++;
        logger.info('the case changed while the step ran; deciding again', { conflicts });
        await pause(conflicts);
        continue;
      }
      throw error;
    }
    if (decision.result) {
      await decision.result.after?.();
      return decision.result.value;
    }
    writes++;
    if (writes >= MAX_WRITES) throw new Error(`step on case ${caseId} did not settle after ${writes} writes`);
  }
}

/**
 * Whether the case's latest write is this step's own: its status, the workflow as actor, and the write's
 * stable code (the audit action commitCaseChange stamps on the timeline entry). Every write appends
 * exactly one timeline entry, so the latest entry tells who wrote last; only then is the stored case
 * exactly the one the step's events were built from, and re-sending them gives the same ids.
 */
export function lastWriteWas(c: Case, status: CaseStatus, action: string): boolean {
  const last = c.timeline.at(-1);
  return last?.status === status && last.actor === WORKFLOW_ACTOR && last.action === action;
}

/** The case's envelope as the write before the latest left it (see caseAtEntry). */
export function previousWrite(c: Case): Case | undefined {
  return c.timeline.length < 2 ? undefined : caseAtEntry(c, c.timeline.length - 2);
}

/**
 * The route of a case that is already in a status a step leads to (a re-run finding its work done, or a
 * case decided meanwhile); undefined for statuses that are no step's destination.
 */
export function routeOf(status: CaseStatus): TaskResult['next'] | undefined {
  const routes: Partial<Record<CaseStatus, TaskResult['next']>> = {
    village_review: 'village_review',
    returned: 'resubmission',
    public_notice: 'public_notice',
    offers: 'resettlement_choice',
    fund_review: 'fund_review',
    awaiting_funds: 'awaiting_funds',
    disbursed: 'reserve',
    reserved: 'close',
    closed: 'end',
    withdrawn: 'end',
    rejected: 'end',
    ineligible: 'end',
    rights_blocked: 'end',
  };
  return routes[status];
}

/**
 * The case's envelope as of timeline entry `index` (version, time, status), to rebuild the event of an
 * earlier write with its original id: every write bumps the version by one and appends one entry.
 */
export function caseAtEntry(c: Case, index: number): Case | undefined {
  const entry = c.timeline[index];
  if (!entry) return undefined;
  const back = c.timeline.length - 1 - index;
  if (c.version < back) return undefined;
  return {
    ...c,
    version: c.version - back,
    updatedAt: entry.at,
    status: entry.status,
    timeline: c.timeline.slice(0, index + 1),
  };
}
