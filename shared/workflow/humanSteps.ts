import type { CaseStatus } from '../domain/model/status.js';

/*
 * The human steps and their outcomes as plain data, without a schema: the commands that end a step read
 * only this, so their Lambda bundles need not carry the workflow's zod schemas (./contract.ts, which
 * re-exports all of it, issue 17's bundle limit).
 */

/**
 * The outcome with which a human step's wait ends when its execution hands the case over to a new one
 * (./executionLifetime.ts). Every step's Choice routes it to `ContinuedInNewExecution`; the case does not move.
 */
export const HANDED_OVER = 'continued';

/** The outcomes with which a human step's wait ends (humanStepOutcomeSchema in ./contract.ts). */
export const HUMAN_STEP_OUTCOMES = [
  'approved',
  'rejected',
  'returned',
  'resubmitted',
  'chosen',
  'withdrawn',
  'paid',
  'queued',
  // a milestone of the land leg was recorded (wave 2)
  'recorded',
  // a later tranche of the payment schedule was paid from the queue: the land leg goes on (wave 2)
  'tranche_paid',
  // the last tranche was paid from the queue: the case closes (wave 2)
  'final_paid',
  // the household confirmed the collective's payment of a tranche; more is due after the handover (wave 2)
  'confirmed',
  // the household confirmed the collective's last tranche: the case closes (wave 2)
  'final_confirmed',
  // the milestone was recorded and its tranche is the collective's to pay (contract land's handover)
  'payment_due',
  // not a decision: the wait could outlive its execution, a new one took the case over (./executionLifetime.ts)
  HANDED_OVER,
] as const;
export type HumanStepOutcomeName = (typeof HUMAN_STEP_OUTCOMES)[number];

/**
 * The human steps: each is a `.waitForTaskToken` task on `registerTask` whose token is stored on the
 * case together with the status it belongs to. The API resumes it with a HumanStepOutcome.
 */
export const HUMAN_STEPS = {
  village_review: { status: 'village_review', pendingKind: 'village_review', deadline: 'reviewDays' },
  town_review: { status: 'town_review', pendingKind: 'town_review', deadline: 'townReviewDays' },
  district_approval: {
    status: 'district_approval',
    pendingKind: 'district_approval',
    deadline: 'districtApprovalDays',
  },
  resubmission: { status: 'returned', pendingKind: 'resubmission', deadline: 'resubmissionDays' },
  resettlement_choice: { status: 'offers', pendingKind: 'resettlement_choice', deadline: 'choiceDays' },
  fund_review: { status: 'fund_review', pendingKind: 'fund_review', deadline: 'fundReviewDays' },
  awaiting_funds: { status: 'awaiting_funds', pendingKind: 'fund_review', deadline: 'fundReviewDays' },
  // the land leg (wave 2): each milestone is a human step with its deadline and the escalation ladder
  vacated: { status: 'vacating', pendingKind: 'vacated', deadline: 'vacatedDays' },
  disposed: { status: 'disposing', pendingKind: 'disposed', deadline: 'disposedDays' },
  certificate_cancelled: {
    status: 'cancelling',
    pendingKind: 'certificate_cancelled',
    deadline: 'cancelledDays',
  },
  handed_over: { status: 'handing_over', pendingKind: 'handed_over', deadline: 'handedOverDays' },
  // contract land and equity (wave 2): the collective pays the tranche due, the household confirms it
  collective_payment: {
    status: 'paying',
    pendingKind: 'collective_payment',
    deadline: 'collectivePaymentDays',
  },
} as const;
export type HumanStep = keyof typeof HUMAN_STEPS;

/**
 * What each human step's outcomes leave the case in: the one table the decisions (shared/cases/commands),
 * the step's registration (an outcome the case already stands for) and the state machine's Choice
 * states (infra/workflow/caseDefinition.ts) all read. A rejection is an outcome of the step only when
 * the case records that step as where it was rejected (`rejectedAt`).
 */
export const STEP_OUTCOMES = {
  village_review: {
    approved: 'public_notice',
    returned: 'returned',
    rejected: 'rejected',
    withdrawn: 'withdrawn',
  },
  town_review: {
    approved: 'district_approval',
    returned: 'returned',
    rejected: 'rejected',
    withdrawn: 'withdrawn',
  },
  district_approval: {
    approved: 'offers',
    returned: 'returned',
    rejected: 'rejected',
    withdrawn: 'withdrawn',
  },
  resubmission: { resubmitted: 'resubmitted', withdrawn: 'withdrawn' },
  resettlement_choice: { chosen: 'agreement_signed', withdrawn: 'withdrawn' },
  fund_review: { paid: 'disbursed', queued: 'awaiting_funds', rejected: 'rejected', withdrawn: 'withdrawn' },
  // the first tranche from the queue → the land leg; a later one → the cancellation; the last → closed
  awaiting_funds: {
    paid: 'disbursed',
    tranche_paid: 'cancelling',
    final_paid: 'closed',
    rejected: 'rejected',
  },
  vacated: { recorded: 'disposing' },
  // a milestone's tranche the balance cannot cover: recorded, and the case waits in the queue
  disposed: { recorded: 'cancelling', queued: 'awaiting_funds' },
  certificate_cancelled: { recorded: 'closed', queued: 'awaiting_funds' },
  // contract land signed before the collective paid: the fund's last tranche (recorded / queued); since:
  // the collective's (payment_due)
  handed_over: { recorded: 'closed', queued: 'awaiting_funds', payment_due: 'paying' },
  // a confirmed receipt: contract land's first tranche → the handover; the last tranche → closed
  collective_payment: { confirmed: 'handing_over', final_confirmed: 'closed' },
} as const satisfies Record<HumanStep, Partial<Record<HumanStepOutcomeName, CaseStatus>>>;

/** The outcomes a step's Choice routes, in the table's order. */
export function stepOutcomes(step: HumanStep): HumanStepOutcomeName[] {
  return Object.keys(STEP_OUTCOMES[step]) as HumanStepOutcomeName[];
}

/**
 * The outcome a case in `status` stands for at `step` (undefined: none). Used when a step begins to
 * wait after its decision was already taken, so that the execution is resumed with what happened.
 */
export function outcomeOfStatus(
  step: HumanStep,
  c: { status: CaseStatus; rejectedAt?: string | undefined },
): HumanStepOutcomeName | undefined {
  for (const [outcome, status] of Object.entries(STEP_OUTCOMES[step]) as [
    HumanStepOutcomeName,
    CaseStatus,
  ][]) {
    if (status !== c.status) continue;
    if (outcome === 'rejected' && c.rejectedAt !== step) continue;
    return outcome;
  }
  return undefined;
}
