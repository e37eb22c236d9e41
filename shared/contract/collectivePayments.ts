import * as z from 'zod';
import { MAX_ORGANISATION_NAME_CHARS, MAX_TEXT_CHARS } from '../domain/model/limits.js';
import { caseStatusSchema } from '../domain/model/status.js';
import { trancheSchema } from '../domain/model/tranche.js';
import { statedFenSchema } from './common.js';

/**
 * Collective payments (DOMAIN.md wave 2 "Who pays", API.md wave 2): contract-land and equity tranches are
 * paid by the village collective (or the taker it names), never by the special fund. The village
 * reviewer records each payment; the household confirms receipt or disputes it.
 */

/** A bank's transfer reference: printable, no control characters. */
const bankReference = z
  .string()
  .trim()
  .min(1, 'the bank reference of the transfer is required')
  .max(64)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

/** `POST /cases/{caseId}/collective-payments` (village_reviewer, own village). */
export const collectivePaymentInputSchema = z.strictObject({
  tranche: z.number().int().min(1).max(9),
  /**
   * must equal the tranche's amount, to the fen (400 otherwise, with the amount due); like every amount a
   * request states, a positive integer of fen up to MAX_AMOUNT_FEN
   */
  amountFen: statedFenSchema,
  bankReference,
  /** extension: who paid, when the collective named a taker of the contract land (承接方) */
  payerName: z.string().trim().min(1).max(MAX_ORGANISATION_NAME_CHARS).optional(),
});
export type CollectivePaymentInput = z.infer<typeof collectivePaymentInputSchema>;

/** `POST /cases/{caseId}/collective-payments/{tranche}/receipt` (applicant, own case). */
export const receiptInputSchema = z.discriminatedUnion('confirmed', [
  z.strictObject({ confirmed: z.literal(true) }),
  z.strictObject({
    confirmed: z.literal(false),
    /** what is wrong: not arrived, a different amount … (shown to the village and the town) */
    text: z.string().trim().min(1, 'say what is wrong with the payment').max(MAX_TEXT_CHARS),
  }),
]);
export type ReceiptInput = z.infer<typeof receiptInputSchema>;

/** → 201 / 200: the tranche as it now stands and where the case went. */
export const collectivePaymentAnswerSchema = z.object({
  caseId: z.string(),
  status: caseStatusSchema,
  tranche: trancheSchema,
});
export type CollectivePaymentAnswer = z.infer<typeof collectivePaymentAnswerSchema>;
