import type { AuditInput } from '../../adapters/table/audit.js';
import type { StoredCase } from '../../adapters/table/caseRepository.js';
import type { TokenChange } from '../../adapters/table/caseWrite.js';
import type { TransactItem } from '../../adapters/table/dynamo.js';
import type { Case } from '../../domain/model/case.js';
import type { DomainEvent } from '../../domain/model/event.js';
import type { HumanStepOutcome, WorkflowInput } from '../../workflow/contract.js';

/**
 * What a case command decides: the next state of the case and everything that must follow from it.
 * Commands (one module each in this folder) build it from the stored case, the input and the clock, as
 * pure functions wherever the rules are pure; `commitCaseChange` (commit.ts) carries it out, the same
 * way for an API decision, a fund movement and a workflow step.
 */
export interface CaseChange {
  /** the case as read (its version, status and token are the write's conditions); undefined: a new case */
  read: StoredCase | undefined;
  next: Case;
  /** what happens to the stored task token of the waiting step */
  token: TokenChange;
  /** the audit entry written with the case (actor, action, reason, detail) */
  audit: AuditInput;
  /** further items of the same transaction: land claims, inbox notices, a resume record */
  extra?: TransactItem[];
  /** published once the write has committed (ids derived from the case, so a re-send is harmless) */
  events: DomainEvent[];
  /** the waiting step this change ends, resumed with its outcome after the write */
  resume?: { token: string; output: HumanStepOutcome };
  /** an execution to start after the write (a submission, an appeal); its name makes a repeat harmless */
  start?: { executionName: string; input: WorkflowInput };
  /** objects stored before the write, so that a committed case never points at a missing object */
  objects?: StoredObject[];
  /** when the write is refused: may throw a more precise error than StaleWrite (who holds the land) */
  explainRefusal?: () => Promise<void>;
}

export interface StoredObject {
  key: string;
  contentType: string;
  body: string | Uint8Array;
}

/**
 * A decision that writes nothing, only delivers: a repeated request that finds its work done re-sends
 * what the first may not have delivered (same event ids, a closed token is no error, a named start).
 */
export interface Unchanged {
  unchanged: StoredCase;
  events: DomainEvent[];
  resume?: CaseChange['resume'];
  start?: CaseChange['start'];
}

export type CaseDecision = CaseChange | Unchanged;

export function isUnchanged(d: CaseDecision): d is Unchanged {
  return 'unchanged' in d;
}

/** Who the workflow's own writes are by, in the timeline, the audit trail and the events. */
export const WORKFLOW_ACTOR = 'system:workflow';
