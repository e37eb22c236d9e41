import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ConflictError } from '../../shared/adapters/errors.js';
import type { AuditInput } from '../../shared/adapters/table/audit.js';
import {
  getCase,
  type PendingToken,
  type StoredCase,
  saveCase,
} from '../../shared/adapters/table/caseRepository.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { DomainEvent } from '../../shared/domain/model/event.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { events } from '../../shared/ports/events.js';
import { type TaskEvent, type TaskResult, taskEventSchema } from '../../shared/workflow/contract.js';
import { logger } from '../api/http/observability.js';

/** Who the workflow's own writes are by, in the timeline, the audit trail and the events. */
export const WORKFLOW_ACTOR = 'system:workflow';

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

type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

export interface StepWrite {
  next: Case;
  audit: Omit<AuditInput, 'actor'> & { actor?: string };
  newToken?: PendingToken;
  consumeToken?: boolean;
  extra?: TransactItem[];
  /** published once the write has committed */
  events: DomainEvent[];
}

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
 * Runs a step as read-decide-write with optimistic concurrency. A ConflictError from saveCase means
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
      if (decision.republish && decision.republish.length > 0) await events().publish(decision.republish);
      await decision.after?.();
      return decision.result;
    }
    const w = decision.write;
    try {
      await saveCase(stored, w.next, {
        audit: { actor: WORKFLOW_ACTOR, ...w.audit },
        ...(w.newToken ? { newToken: w.newToken } : {}),
        ...(w.consumeToken ? { consumeToken: true } : {}),
        ...(w.extra ? { extra: w.extra } : {}),
      });
    } catch (error) {
      if (error instanceof ConflictError && conflicts < MAX_CONFLICTS) {
        conflicts++;
        logger.info('the case changed while the step ran; deciding again', { conflicts });
        await pause(conflicts);
        continue;
      }
      throw error;
    }
    if (w.events.length > 0) await events().publish(w.events);
    if (decision.result) {
      await decision.result.after?.();
      return decision.result.value;
    }
    writes++;
    if (writes >= MAX_WRITES) throw new Error(`step on case ${caseId} did not settle after ${writes} writes`);
  }
}

/**
 * Whether the case's latest write is this step's own (its status, and a note that begins as the step
 * writes it). Every write appends exactly one timeline entry, so the latest entry tells who wrote last;
 * only then is the stored case exactly the one the step's events were built from, and re-sending them
 * gives the same ids.
 */
export function lastWriteWas(c: Case, status: CaseStatus, notePrefix: string): boolean {
  const last = c.timeline.at(-1);
  return last?.status === status && last.actor === WORKFLOW_ACTOR && last.note.startsWith(notePrefix);
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
