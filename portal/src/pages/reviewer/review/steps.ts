import type { CaseStatus, Role } from '../../../api/contract';
import type { ChainStep } from './stepDecision';

/**
 * The town's and the district's pages (村 → 镇 → 区): where they live, who uses them, and what their
 * queue lists. The queue opens on the step's own status; the others let a reviewer follow what became
 * of the cases it passed on, returned or rejected.
 */
export interface StepPages {
  base: string;
  role: Role;
  statuses: readonly (CaseStatus | '')[];
}

export const STEP_PAGES: Record<ChainStep, StepPages> = {
  town_review: {
    base: '/town',
    role: 'town_reviewer',
    statuses: ['town_review', 'district_approval', 'offers', 'returned', 'rejected', 'public_notice', ''],
  },
  district_approval: {
    base: '/district',
    role: 'district_approver',
    statuses: ['district_approval', 'town_review', 'offers', 'returned', 'rejected', ''],
  },
};

export const stepCasePath = (step: ChainStep, caseId: string) =>
  `${STEP_PAGES[step].base}/cases/${encodeURIComponent(caseId)}`;
