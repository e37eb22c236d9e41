import * as z from 'zod';
import { isoDateTimeSchema, nonNegativeFenSchema } from './common.js';

/**
 * One tranche of an agreement's payment schedule (分期支付, DOMAIN.md wave 2): a share of the payable
 * amount, due when its milestone is reached. `approval` is the fund's one approval of the agreement;
 * the others are milestones of the land leg.
 */
export const TRANCHE_MILESTONES = [
  'approval',
  'disposed',
  'certificate_cancelled',
  'handed_over',
  /** contract land and equity (wave 2): the collective's first (or only) tranche, when the cooling-off ends */
  'cooling_off_ended',
] as const;
export const trancheMilestoneSchema = z.enum(TRANCHE_MILESTONES);
export type TrancheMilestone = z.infer<typeof trancheMilestoneSchema>;

export const trancheStatusSchema = z.enum([
  /** its milestone is still ahead */
  'scheduled',
  /** its milestone is reached and the payment is being made */
  'payable',
  /** the fund's balance could not cover it: it waits in the FIFO queue */
  'queued',
  'paid',
  /** collective payments (issue 14): the household confirmed or disputed the receipt */
  'confirmed',
  'disputed',
]);
export type TrancheStatus = z.infer<typeof trancheStatusSchema>;

export const trancheSchema = z.strictObject({
  /** 1-based, in the order the tranches fall due */
  tranche: z.number().int().min(1).max(9),
  milestone: trancheMilestoneSchema,
  /** the share of the payable amount, in whole per cent */
  sharePct: z.number().int().min(1).max(100),
  amountFen: nonNegativeFenSchema,
  payer: z.enum(['fund', 'collective']),
  status: trancheStatusSchema,
  /** when it joined the FIFO queue: the queue's order for this tranche */
  queuedAt: isoDateTimeSchema.optional(),
  paidAt: isoDateTimeSchema.optional(),
  /** the ledger entry that paid it: one per (agreement, tranche), ever */
  entryId: z.string().optional(),
  /**
   * A collective's payment (payer `collective`, wave 2): its record (one per agreement and tranche, ever),
   * the bank's reference, who recorded it, and the household's answer.
   */
  paymentId: z.string().max(200).optional(),
  bankReference: z.string().max(100).optional(),
  recordedBy: z.string().max(200).optional(),
  confirmedAt: isoDateTimeSchema.optional(),
  /** the household says the money did not arrive (or not in full): the town is told */
  dispute: z.strictObject({ text: z.string().max(2000), at: isoDateTimeSchema }).optional(),
});
export type Tranche = z.infer<typeof trancheSchema>;
