import type { AppealStage, Case } from '../model/case.js';
import type { CaseStatus } from '../model/status.js';
import { IllegalTransitionError } from './transition.js';

/** Which step an appeal reopens, by the stage that rejected the case. */
const REOPENS: Record<AppealStage, CaseStatus> = {
  eligibility: 'eligibility',
  village_review: 'village_review',
  town_review: 'town_review',
  district_approval: 'district_approval',
  fund_review: 'fund_review',
};

/**
 * Every terminal rejection can be appealed once (申诉一次). Returns the status the appeal reopens, or
 * throws when the case is not rejected or this rejection was already appealed.
 */
export function appealTarget(c: Pick<Case, 'status' | 'rejectedAt' | 'appeals'>): CaseStatus {
  const stage: AppealStage | undefined =
    c.status === 'ineligible' || c.status === 'rights_blocked'
      ? 'eligibility'
      : c.status === 'rejected'
        ? c.rejectedAt
        : undefined;
  if (!stage) {
    throw new IllegalTransitionError(
      c.status,
      c.status,
      '只有被驳回或不符合条件的案件可以申诉',
      'Only a rejected case can be appealed',
    );
  }
  if (c.appeals.some((a) => a.stage === stage)) {
    throw new IllegalTransitionError(
      c.status,
      REOPENS[stage],
      '该驳回决定已申诉过一次',
      'This rejection has already been appealed once',
    );
  }
  return REOPENS[stage];
}
