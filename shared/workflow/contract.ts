import * as z from 'zod';
import { caseStatusSchema } from '../domain/model/status.js';
import { HUMAN_STEP_OUTCOMES, HUMAN_STEPS, type HumanStep } from './humanSteps.js';

export {
  HANDED_OVER,
  HUMAN_STEP_OUTCOMES,
  HUMAN_STEPS,
  type HumanStep,
  outcomeOfStatus,
  STEP_OUTCOMES,
  stepOutcomes,
} from './humanSteps.js';

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

/** What the API sends with SendTaskSuccess when a human step is done. */
export const humanStepOutcomeSchema = z.strictObject({ outcome: z.enum(HUMAN_STEP_OUTCOMES) });
export type HumanStepOutcome = z.infer<typeof humanStepOutcomeSchema>;

export const humanStepSchema = z.enum(Object.keys(HUMAN_STEPS) as [HumanStep, ...HumanStep[]]);

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
