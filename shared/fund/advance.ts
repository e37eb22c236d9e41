import { createHash } from 'node:crypto';
import type { Agreement } from '../domain/model/agreement.js';
import type { AdvanceState } from '../domain/model/case.js';
import type { PolicyParameters } from '../domain/model/policy.js';

/**
 * An id derived from another (`ADV-{agreementId}`, `REV-{entryId}`), hashed only when it would not fit
 * the 64 characters of an id, so the same input always gives the same id.
 */
export function derivedId(prefix: string, base: string): string {
  const plain = `${prefix}-${base}`;
  return plain.length <= 64
    ? plain
    : `${prefix}-${createHash('sha256').update(base).digest('hex').slice(0, 40)}`;
}

/** The advance's ledger entry id: derived from the agreement so that no retry can mint a second one. */
export function advanceEntryId(agreementId: string): string {
  return derivedId('ADV', agreementId);
}

/**
 * A tranche's ledger entry id: derived from the agreement and the tranche, so there is one entry per
 * (agreement, tranche), ever. A schedule of one tranche (and a case paid in one sum before schedules)
 * keeps the advance's id.
 */
export function trancheEntryId(agreementId: string, tranche: number, count: number): string {
  return count <= 1 ? advanceEntryId(agreementId) : derivedId('ADV', `${agreementId}-T${tranche}`);
}

/**
 * The advance state a case gets when it enters fund_review (先行垫付 awaiting approval). Four eyes apply
 * strictly above the threshold: an advance of exactly the threshold needs one administrator.
 */
export function openAdvance(
  agreement: Pick<Agreement, 'agreementId' | 'payableFen'>,
  params: Pick<PolicyParameters, 'fourEyesThresholdFen'>,
  _at: string,
): AdvanceState {
  const amountFen = agreement.payableFen;
  return {
    status: 'pending_approval',
    amountFen,
    requiredApprovals: amountFen > params.fourEyesThresholdFen ? 2 : 1,
    approvals: [],
  };
}

export type ApprovalOutcome =
  /** recorded; more approvals from other administrators are needed */
  | 'pending'
  /** recorded, and the distinct approvers now reach requiredApprovals */
  | 'approved'
  /** recorded; the advance is refused with the note as the reason the household sees */
  | 'rejected'
  /** this administrator has already approved: nothing changes (the same person counts once) */
  | 'duplicate'
  /** the advance is no longer waiting for approvals (approved, queued, paid or rejected): nothing changes */
  | 'closed';

export interface ApprovalResult {
  advance: AdvanceState;
  outcome: ApprovalOutcome;
  /** whether `advance` differs from the input (false for duplicate and closed) */
  changed: boolean;
}

/** Distinct administrators who approved. */
export function approverIds(advance: AdvanceState): string[] {
  return [...new Set(advance.approvals.filter((a) => a.decision === 'approve').map((a) => a.adminId))];
}

/**
 * One administrator's decision on a pending advance. Approvals are counted by distinct adminId, so a
 * repeated click, a retried request or the same person approving from two sessions adds nothing. A
 * rejection by any administrator ends the advance, also after an approval by someone else (four eyes
 * protect the fund: either pair of eyes may stop the money).
 */
export function recordApproval(
  advance: AdvanceState,
  adminId: string,
  decision: 'approve' | 'reject',
  note: string,
  at: string,
): ApprovalResult {
  if (advance.status !== 'pending_approval') return { advance, outcome: 'closed', changed: false };
  if (decision === 'approve' && approverIds(advance).includes(adminId)) {
    return { advance, outcome: 'duplicate', changed: false };
  }
  const approvals = [...advance.approvals, { adminId, decision, note, at }];
  if (decision === 'reject') {
    return {
      advance: { ...advance, approvals, status: 'rejected', rejectionReason: note },
      outcome: 'rejected',
      changed: true,
    };
  }
  const next: AdvanceState = { ...advance, approvals };
  if (approverIds(next).length >= advance.requiredApprovals) {
    return { advance: { ...next, status: 'approved', approvedAt: at }, outcome: 'approved', changed: true };
  }
  return { advance: next, outcome: 'pending', changed: true };
}
