import * as z from 'zod';
import { type CaseStatus, caseStatusSchema } from '../domain/model/status.js';

/**
 * The contract between the API, the case state machine (infra/) and the workflow task handlers
 * (functions/workflow/). An execution carries one case; `resumeFrom` starts it at a later step (after
 * an appeal, or when the local runtime re-drives a case after a restart).
 */
export const workflowInputSchema = z.strictObject({
  caseId: z.string(),
  resumeFrom: caseStatusSchema.optional(),
});
export type WorkflowInput = z.infer<typeof workflowInputSchema>;

/**
 * The outcome with which a human step's wait ends when its execution hands the case over to a new one
 * (./executionLifetime.ts). Every step's Choice routes it to `ContinuedInNewExecution`; the case does not move.
 */
export const HANDED_OVER = 'continued';

/** What the API sends with SendTaskSuccess when a human step is done. */
export const humanStepOutcomeSchema = z.strictObject({
  outcome: z.enum([
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
  ]),
});
export type HumanStepOutcome = z.infer<typeof humanStepOutcomeSchema>;

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
export const humanStepSchema = z.enum(Object.keys(HUMAN_STEPS) as [HumanStep, ...HumanStep[]]);

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
} as const satisfies Record<HumanStep, Partial<Record<HumanStepOutcome['outcome'], CaseStatus>>>;

/** The outcomes a step's Choice routes, in the table's order. */
export function stepOutcomes(step: HumanStep): HumanStepOutcome['outcome'][] {
  return Object.keys(STEP_OUTCOMES[step]) as HumanStepOutcome['outcome'][];
}

/**
 * The outcome a case in `status` stands for at `step` (undefined: none). Used when a step begins to
 * wait after its decision was already taken, so that the execution is resumed with what happened.
 */
export function outcomeOfStatus(
  step: HumanStep,
  c: { status: CaseStatus; rejectedAt?: string | undefined },
): HumanStepOutcome['outcome'] | undefined {
  for (const [outcome, status] of Object.entries(STEP_OUTCOMES[step]) as [
    HumanStepOutcome['outcome'],
    CaseStatus,
  ][]) {
    if (status !== c.status) continue;
    if (outcome === 'rejected' && c.rejectedAt !== step) continue;
    return outcome;
  }
  return undefined;
}

/**
 * The TaskResult `seconds` key of the wait after an escalation: however often a step is escalated, it
 * waits this long again before the next level up is told (policy parameter `reEscalationDays`).
 */
export const RE_ESCALATION = 're_escalation';

/** Input of every Lambda task: the case id and, for human steps and escalations, the step. */
export const taskEventSchema = z.object({
  caseId: z.string().min(1),
  step: humanStepSchema.optional(),
  taskToken: z.string().min(1).optional(),
  /**
   * set by the wait after an escalation (Await…Escalated), whose deadline is the re-escalation's and
   * not the step's: registerTask stores the due date that wait times out on
   */
  escalated: z.boolean().optional(),
  /** `$$.Execution.StartTime` of the execution a human step waits in (./executionLifetime.ts) */
  executionStartedAt: z.string().optional(),
  /**
   * the seconds this wait times out after (`$.deadlines.seconds.<step>`, or `re_escalation` after an
   * escalation): registerTask stores the due date the execution really times out on, without reading
   * the case's parameters. Absent from waits of executions started before it was passed
   */
  deadlineSeconds: z.number().int().positive().optional(),
  /** the error a Catch caught, for recordFailure */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

/** What a routing task returns; the state machine's Choice states read `next`. */
export const taskResultSchema = z.object({
  caseId: z.string(),
  next: z.enum([
    'village_review',
    'town_review',
    'district_approval',
    'resubmission',
    'public_notice',
    'resettlement_choice',
    'cooling_off',
    'fund_review',
    'awaiting_funds',
    'vacated',
    'disposed',
    'certificate_cancelled',
    'handed_over',
    'collective_payment',
    'reserve',
    'close',
    'end',
  ]),
  /** human-step deadlines and the public notice, in seconds, from the case's policy parameters */
  seconds: z
    .object({
      village_review: z.number().int().positive(),
      town_review: z.number().int().positive(),
      district_approval: z.number().int().positive(),
      resubmission: z.number().int().positive(),
      resettlement_choice: z.number().int().positive(),
      fund_review: z.number().int().positive(),
      awaiting_funds: z.number().int().positive(),
      vacated: z.number().int().positive(),
      disposed: z.number().int().positive(),
      certificate_cancelled: z.number().int().positive(),
      handed_over: z.number().int().positive(),
      collective_payment: z.number().int().positive(),
      /** every wait after an escalation (RE_ESCALATION) */
      re_escalation: z.number().int().positive(),
      public_notice: z.number().int().nonnegative(),
      /** the cooling-off after signing (冷静期) */
      cooling_off: z.number().int().nonnegative(),
    })
    .optional(),
  /** with `next: cooling_off`: what is left of the cooling-off, for the Wait (a re-drive waits the rest only) */
  waitSeconds: z.number().int().nonnegative().optional(),
});
export type TaskResult = z.infer<typeof taskResultSchema>;
