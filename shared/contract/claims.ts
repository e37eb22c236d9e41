import * as z from 'zod';
import { timeSchema } from './common.js';

/**
 * Desk claims (认领, issue 18; docs/api-conformance.md): who on a shared queue is working on a case's
 * current step. Advisory: the claim decides nothing, and a colleague who may act on the step may take
 * it over (the takeover is audited). Shown on every case summary of `GET /cases`, so colleagues see it.
 */
export const claimedByViewSchema = z.object({
  sub: z.string(),
  /** the staff member's display name, when their token carries one */
  name: z.string().optional(),
  at: timeSchema,
});
export type ClaimedByView = z.infer<typeof claimedByViewSchema>;

/** `POST /cases/{caseId}/claim` and `POST /cases/{caseId}/release` → 200: the claim as it now stands. */
export const caseClaimAnswerSchema = z.object({
  caseId: z.string(),
  /** null: nobody holds the step (after a release) */
  claimedBy: claimedByViewSchema.nullable(),
  /** a claim that was taken over from a colleague: whose it was */
  takenOverFrom: claimedByViewSchema.optional(),
});
export type CaseClaimAnswer = z.infer<typeof caseClaimAnswerSchema>;
