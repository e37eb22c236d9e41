import { logger } from '../../../adapters/observability.js';
import type { AuditInput } from '../../../adapters/table/audit.js';
import { getCase, type StoredCase } from '../../../adapters/table/caseRepository.js';
import type { DomainEvent } from '../../../domain/model/event.js';
import type { CaseStatus } from '../../../domain/model/status.js';
import { StaleWrite } from '../../../errors/appError.js';
import type { TaskResult } from '../../../workflow/contract.js';
import { type CaseChange, WORKFLOW_ACTOR } from '../caseChange.js';
import { announce, commitCaseChangeStored, deliver } from '../commit.js';
import { CaseNotFoundError } from './errors.js';

/** A step's write: a CaseChange on the case as read, by the workflow unless the audit names another actor. */
export type StepWrite = Omit<CaseChange, 'read' | 'token' | 'audit'> & {
  audit: Omit<AuditInput, 'actor'> & { actor?: string };
  token?: CaseChange['token'];
};

/**
 * What a step decides on the case as read:
 * - `done`: nothing (more) to write; `republish` re-sends the events of this step's own last write
 *   (same eventIds) in case the run that wrote it died before publishing; `announce` publishes events
 *   that no write carries, with their inbox items (commit.ts `announce`); `after` runs last.
 * - `write`: one conditional write; with `result` the step ends there, without it the step decides
 *   again on the case as now stored (a step that moves the case twice, like the assessment).
 */
export type StepDecision<R> =
  | {
      kind: 'done';
      result: R;
      republish?: DomainEvent[];
      announce?: DomainEvent[];
      after?: () => Promise<void>;
    }
  | { kind: 'write'; write: StepWrite; result?: { value: R; after?: () => Promise<void> } };

/** Lost races before a step gives up; each one means somebody else wrote the case meanwhile. */
const MAX_CONFLICTS = 8;
/** Intermediate writes a step may make (the assessment makes one); more means a decision that never settles. */
const MAX_WRITES = 3;

function pause(attempt: number): Promise<void> {
  return new Promise((done) => setTimeout(done, Math.floor(Math.random() * 10 * (attempt + 1))));
}

/**
 * Runs a step as read-decide-write with optimistic concurrency. A StaleWrite from the commit means
 * someone else wrote the case (a withdrawal, a decision): the step reads it again and decides anew, so
 * it never writes on top of a state it did not see, and never writes twice.
 */
export async function runStep<R>(
  caseId: string,
  decide: (stored: StoredCase) => Promise<StepDecision<R>>,
): Promise<R> {
  let conflicts = 0;
  let writes = 0;
  // after a write of its own the step goes on from the case as it wrote it (no read back); after a lost
  // race it reads what the other writer left
  let known: StoredCase | undefined;
  for (;;) {
    const stored = known ?? (await getCase(caseId));
    known = undefined;
    if (!stored) throw new CaseNotFoundError(caseId);
    const decision = await decide(stored);
    if (decision.kind === 'done') {
      if (decision.announce?.length) await announce(decision.announce);
      await deliver({ events: decision.republish ?? [] });
      await decision.after?.();
      return decision.result;
    }
    const { audit, token, ...rest } = decision.write;
    let written: StoredCase;
    try {
      written = await commitCaseChangeStored({
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
    known = written;
  }
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
    town_review: 'town_review',
    district_approval: 'district_approval',
    offers: 'resettlement_choice',
    agreement_signed: 'cooling_off',
    cooling_off: 'cooling_off',
    fund_review: 'fund_review',
    awaiting_funds: 'awaiting_funds',
    disbursed: 'reserve',
    reserved: 'close',
    vacating: 'vacated',
    disposing: 'disposed',
    cancelling: 'certificate_cancelled',
    handing_over: 'handed_over',
    paying: 'collective_payment',
    closed: 'end',
    withdrawn: 'end',
    rescinded: 'end',
    rejected: 'end',
    ineligible: 'end',
    rights_blocked: 'end',
  };
  return routes[status];
}
