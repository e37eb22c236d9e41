import type { CaseStatus } from '../model/status.js';

/**
 * The case life cycle of DOMAIN.md as data: for each status, where it may go next. Withdrawal is
 * listed explicitly for every status before agreement_signed (退出须自愿: the household may always
 * change its mind until it signs). `failed` may only return to the status it failed in (see
 * `assertResume`), so it is not listed here.
 */
export const TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['eligibility', 'withdrawn', 'failed'],
  eligibility: ['ineligible', 'rights_blocked', 'village_review', 'withdrawn', 'failed'],
  // an appeal of a finding re-runs the assessment
  ineligible: ['eligibility', 'withdrawn'],
  rights_blocked: ['eligibility', 'withdrawn'],
  village_review: ['returned', 'rejected', 'public_notice', 'withdrawn', 'failed'],
  returned: ['resubmitted', 'withdrawn', 'failed'],
  resubmitted: ['eligibility', 'withdrawn', 'failed'],
  // an appeal goes back to the step that rejected the case
  rejected: ['village_review', 'town_review', 'district_approval', 'fund_review', 'withdrawn'],
  // an objection during the notice sends the case back to the village; without one the town audits it
  public_notice: ['town_review', 'village_review', 'withdrawn', 'failed'],
  // the town's audit and the district's approval (村 → 镇 → 区); the district's approval opens the offers
  town_review: ['district_approval', 'returned', 'rejected', 'withdrawn', 'failed'],
  district_approval: ['offers', 'returned', 'rejected', 'withdrawn', 'failed'],
  offers: ['agreement_signed', 'withdrawn', 'failed'],
  // the signature starts the cooling-off (冷静期, wave 2); the fund review opens only when it ends
  // the cooling-off begins with the signature: a rescission may come before the workflow records it
  agreement_signed: ['cooling_off', 'rescinded', 'failed'],
  // after the cooling-off: a homestead goes to the special fund, contract land and equity to the collective
  cooling_off: ['fund_review', 'paying', 'handing_over', 'rescinded', 'failed'],
  fund_review: ['awaiting_funds', 'disbursed', 'rejected', 'failed'],
  // a tranche paid from the queue: the first → the land leg, the disposition's → the cancellation, the last → closed
  awaiting_funds: ['disbursed', 'cancelling', 'closed', 'failed'],
  // paid: the homestead enters the reserve and the land leg begins (wave 2); contract land is handed over
  disbursed: ['reserved', 'vacating', 'handing_over', 'failed'],
  vacating: ['disposing', 'failed'],
  // a milestone whose tranche the fund cannot cover waits in the queue (awaiting_funds)
  disposing: ['cancelling', 'awaiting_funds', 'failed'],
  // the certificate's cancellation (注销登记) closes the case; so does the contract land's handover
  cancelling: ['closed', 'awaiting_funds', 'failed'],
  // contract land signed before issue 14 was paid by the fund (→ closed / awaiting_funds); since, the
  // collective pays the last tranche after the handover (→ paying)
  handing_over: ['closed', 'awaiting_funds', 'paying', 'failed'],
  // the collective's tranche (contract land, equity): the household's confirmed receipt moves the case on
  paying: ['handing_over', 'closed', 'failed'],
  reserved: ['closed', 'failed'],
  closed: [],
  withdrawn: [],
  rescinded: [],
  failed: [],
};

/** Statuses in which nothing more happens without an appeal (or ever). */
export const TERMINAL_STATUSES: readonly CaseStatus[] = [
  'ineligible',
  'rights_blocked',
  'rejected',
  'closed',
  'withdrawn',
  'rescinded',
];

/** Statuses from which the household may still withdraw: everything before the agreement. */
export const WITHDRAWABLE_STATUSES: readonly CaseStatus[] = (Object.keys(TRANSITIONS) as CaseStatus[]).filter(
  (s) => TRANSITIONS[s].includes('withdrawn'),
);

/** Statuses the workflow is still working on (used by re-drive on restart and by duplicate checks). */
export const OPEN_STATUSES: readonly CaseStatus[] = (Object.keys(TRANSITIONS) as CaseStatus[]).filter(
  (s) => s !== 'draft' && !TERMINAL_STATUSES.includes(s),
);
