import type { PendingTaskView } from '../contract/cases.js';
import type { Case, PendingTaskKind } from '../domain/model/case.js';

const ROLE_OF: Record<PendingTaskKind, NonNullable<PendingTaskView['role']>> = {
  village_review: 'village_reviewer',
  town_review: 'town_reviewer',
  district_approval: 'district_approver',
  resubmission: 'applicant',
  resettlement_choice: 'applicant',
  fund_review: 'fund_admin',
  vacated: 'village_reviewer',
  disposed: 'land_officer',
  certificate_cancelled: 'registrar',
  handed_over: 'village_reviewer',
  collective_payment: 'village_reviewer',
};

/**
 * Who acts on the pending task now. A collective payment has two hands: the village records the
 * payment of the tranche due, then the household confirms (or disputes) the receipt.
 */
export function pendingRole(c: Case): PendingTaskView['role'] {
  if (!c.pendingTask) return undefined;
  if (c.pendingTask.kind === 'collective_payment') {
    const due = c.paymentSchedule?.find((t) => t.payer === 'collective' && t.status === 'payable');
    return due ? 'village_reviewer' : 'applicant';
  }
  return ROLE_OF[c.pendingTask.kind];
}
