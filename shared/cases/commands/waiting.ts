import type { PendingToken, StoredCase } from '../../adapters/table/caseRepository.js';
import { IllegalTransitionError } from '../../domain/lifecycle/transition.js';
import type { CaseStatus } from '../../domain/model/status.js';
import { type Bilingual, IllegalTransition, NotReady } from '../../errors/appError.js';

/**
 * The token of the human step a decision ends. The case must be in the step's status (else the request
 * is not for this state: ILLEGAL_TRANSITION) and the workflow must already wait there (the status comes
 * a moment before the wait: NOT_READY, which a client simply sends again shortly).
 */
export function waitingToken(stored: StoredCase, status: CaseStatus, step: Bilingual): PendingToken {
  const { case: c, pendingToken } = stored;
  if (c.status !== status) {
    throw new IllegalTransition(
      {
        zh: `案件当前状态为“${c.status}”，不在${step.zh}环节。`,
        en: `the case is ${c.status}, not ${step.en}`,
      },
      { caseStatus: c.status },
    );
  }
  if (pendingToken?.status !== status) {
    throw new NotReady(
      {
        zh: `系统正在进入${step.zh}环节，请稍后再试。`,
        en: `the case is not yet waiting for ${step.en}; try again shortly`,
      },
      { caseStatus: c.status },
    );
  }
  return pendingToken;
}

/** Runs a life-cycle rule and turns its refusal into the coded error, with its Chinese and English reason. */
export function lifecycle<T>(status: CaseStatus, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof IllegalTransitionError) {
      throw new IllegalTransition({ zh: error.reasonZh, en: error.reasonEn }, { caseStatus: status });
    }
    throw error;
  }
}
