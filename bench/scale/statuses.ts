import type { CaseType } from '../../shared/domain/model/application.js';
import type { PendingTaskKind } from '../../shared/domain/model/case.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';

/**
 * Where the scale benchmark's cases stand: mostly closed (a programme some years in), the rest spread
 * over every status of DOMAIN.md's wave-2 life cycle, each on the path of its case type. Weights are
 * per mille of the cases of that type.
 */
export const TYPE_WEIGHTS: Record<CaseType, number> = {
  homestead_exit: 0.7,
  contract_land_exit: 0.2,
  equity_exit: 0.1,
};

/** The steps every case type shares, from the draft to the end of the cooling-off period. */
const TO_COOLING_OFF: readonly CaseStatus[] = [
  'draft',
  'submitted',
  'eligibility',
  'village_review',
  'public_notice',
  'town_review',
  'district_approval',
  'offers',
  'agreement_signed',
  'cooling_off',
];

/** The statuses a case passes on its way to `closed`, by type (DOMAIN.md "Case life cycle, wave 2"). */
export const PATH: Record<CaseType, readonly CaseStatus[]> = {
  homestead_exit: [...TO_COOLING_OFF, 'fund_review', 'vacating', 'disposing', 'cancelling', 'closed'],
  contract_land_exit: [...TO_COOLING_OFF, 'paying', 'handing_over', 'closed'],
  equity_exit: [...TO_COOLING_OFF, 'paying', 'closed'],
};

/** Statuses off the main path: where a case ends early (or waits for money), and the step before it. */
export const SIDE: Partial<Record<CaseStatus, CaseStatus>> = {
  ineligible: 'eligibility',
  rights_blocked: 'eligibility',
  returned: 'village_review',
  resubmitted: 'village_review',
  rejected: 'village_review',
  withdrawn: 'town_review',
  rescinded: 'cooling_off',
  awaiting_funds: 'fund_review',
  failed: 'offers',
};

/** Per mille of a type's cases in each status (the rest of 1000 is `closed`). */
const COMMON: Partial<Record<CaseStatus, number>> = {
  draft: 15,
  submitted: 2,
  eligibility: 1,
  ineligible: 25,
  rights_blocked: 5,
  village_review: 40,
  returned: 8,
  resubmitted: 2,
  rejected: 25,
  public_notice: 15,
  town_review: 30,
  district_approval: 30,
  offers: 25,
  agreement_signed: 2,
  cooling_off: 8,
  withdrawn: 25,
  rescinded: 5,
  failed: 3,
};

export const STATUS_WEIGHTS: Record<CaseType, Partial<Record<CaseStatus, number>>> = {
  homestead_exit: {
    ...COMMON,
    fund_review: 25,
    awaiting_funds: 5,
    vacating: 30,
    disposing: 25,
    cancelling: 15,
  },
  contract_land_exit: { ...COMMON, paying: 35, handing_over: 25 },
  equity_exit: { ...COMMON, paying: 40 },
};

/** The status of the `i`-th case of a type, spread evenly by the weights (deterministic). */
export function statusFor(type: CaseType, u: number): CaseStatus {
  let acc = 0;
  for (const [status, w] of Object.entries(STATUS_WEIGHTS[type]) as [CaseStatus, number][]) {
    acc += w / 1000;
    if (u < acc) return status;
  }
  return 'closed';
}

/** The human step a case in this status waits for (statuses the workflow passes through have none). */
export function pendingTaskOf(status: CaseStatus): PendingTaskKind | undefined {
  switch (status) {
    case 'village_review':
    case 'town_review':
    case 'district_approval':
    case 'fund_review':
      return status;
    case 'returned':
      return 'resubmission';
    case 'offers':
      return 'resettlement_choice';
    case 'vacating':
      return 'vacated';
    case 'disposing':
      return 'disposed';
    case 'cancelling':
      return 'certificate_cancelled';
    case 'handing_over':
      return 'handed_over';
    case 'paying':
      return 'collective_payment';
    default:
      return undefined;
  }
}

/** How far along the main path a case in `status` has come (its side status counts as the step before). */
export function reached(type: CaseType, status: CaseStatus): number {
  const path = PATH[type];
  const i = path.indexOf(status);
  if (i >= 0) return i;
  const before = SIDE[status];
  return before ? path.indexOf(before) : 0;
}

/** Whether the case got at least as far as `step` on its path. */
export function passed(type: CaseType, status: CaseStatus, step: CaseStatus): boolean {
  const i = PATH[type].indexOf(step);
  return i >= 0 && reached(type, status) > i;
}
