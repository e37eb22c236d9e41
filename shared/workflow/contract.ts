import * as z from 'zod';
import { caseStatusSchema } from '../domain/model/status.js';

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
  ]),
});
export type HumanStepOutcome = z.infer<typeof humanStepOutcomeSchema>;

/**
 * The human steps: each is a `.waitForTaskToken` task on `registerTask` whose token is stored on the
 * case together with the status it belongs to. The API resumes it with a HumanStepOutcome.
 */
export const HUMAN_STEPS = {
  village_review: { status: 'village_review', pendingKind: 'village_review', deadline: 'reviewDays' },
  resubmission: { status: 'returned', pendingKind: 'resubmission', deadline: 'resubmissionDays' },
  resettlement_choice: { status: 'offers', pendingKind: 'resettlement_choice', deadline: 'choiceDays' },
  fund_review: { status: 'fund_review', pendingKind: 'fund_review', deadline: 'fundReviewDays' },
  awaiting_funds: { status: 'awaiting_funds', pendingKind: 'fund_review', deadline: 'fundReviewDays' },
} as const;
export type HumanStep = keyof typeof HUMAN_STEPS;
export const humanStepSchema = z.enum(Object.keys(HUMAN_STEPS) as [HumanStep, ...HumanStep[]]);

/** Input of every Lambda task: the case id and, for human steps and escalations, the step. */
export const taskEventSchema = z.object({
  caseId: z.string().min(1),
  step: humanStepSchema.optional(),
  taskToken: z.string().min(1).optional(),
  /** the error a Catch caught, for recordFailure */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

/** What a routing task returns; the state machine's Choice states read `next`. */
export const taskResultSchema = z.object({
  caseId: z.string(),
  next: z.enum([
    'village_review',
    'resubmission',
    'public_notice',
    'resettlement_choice',
    'fund_review',
    'awaiting_funds',
    'reserve',
    'close',
    'end',
  ]),
  /** human-step deadlines and the public notice, in seconds, from the case's policy parameters */
  seconds: z
    .object({
      village_review: z.number().int().positive(),
      resubmission: z.number().int().positive(),
      resettlement_choice: z.number().int().positive(),
      fund_review: z.number().int().positive(),
      awaiting_funds: z.number().int().positive(),
      public_notice: z.number().int().nonnegative(),
    })
    .optional(),
});
export type TaskResult = z.infer<typeof taskResultSchema>;
