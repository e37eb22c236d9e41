import type { CaseStatus } from '../../../domain/model/status.js';

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
