import * as z from 'zod';
import { reviewDecisionSchema } from '../domain/model/case.js';
import { caseStatusSchema } from '../domain/model/status.js';
import { agreementViewSchema } from './cases.js';

/**
 * What the case's actions answer: the case id and the status the action left it in, plus what the
 * action made (an objection, an agreement). The full case is one `GET /cases/{caseId}` away.
 */

/** `POST /cases` → 201: a draft. */
export const caseCreatedSchema = z.object({
  caseId: z.string(),
  status: z.literal('draft'),
  /** extension (issue 18): the number a person reads out, e.g. 370302-20261206-0042 */
  caseNumber: z.string().optional(),
});
export type CaseCreated = z.infer<typeof caseCreatedSchema>;

/** `POST /cases/{caseId}/submit` → 202, `POST /cases/{caseId}/appeal` → 201: where the case went. */
export const caseMovedSchema = z.object({ caseId: z.string(), status: caseStatusSchema });
export type CaseMoved = z.infer<typeof caseMovedSchema>;

/** `POST /cases/{caseId}/withdraw` → 200 (also when it was withdrawn already). */
export const caseWithdrawnSchema = z.object({
  /** extension */
  caseId: z.string(),
  status: z.literal('withdrawn'),
});
export type CaseWithdrawn = z.infer<typeof caseWithdrawnSchema>;

/** `POST /cases/{caseId}/rescind` → 200 (wave 2; also when it was rescinded already). */
export const agreementRescindedSchema = z.object({
  /** extension */
  caseId: z.string(),
  status: z.literal('rescinded'),
});
export type AgreementRescinded = z.infer<typeof agreementRescindedSchema>;

/** `POST /cases/{caseId}/review` → 200 (API.md names no body; this is what the API adds). */
export const reviewDecidedSchema = z.object({
  caseId: z.string(),
  status: caseStatusSchema,
  decision: reviewDecisionSchema,
});
export type ReviewDecided = z.infer<typeof reviewDecidedSchema>;

/** `POST /cases/{caseId}/objections` → 201 */
export const objectionFiledSchema = z.object({
  objectionId: z.string(),
  caseId: z.string(),
  /** extension (issue 18): the case's number, as printed on the notice */
  caseNumber: z.string().optional(),
  status: caseStatusSchema,
});
export type ObjectionFiled = z.infer<typeof objectionFiledSchema>;

/** `POST /cases/{caseId}/resettlement` → 200: the signature of the exit agreement (退出协议). */
export const agreementSignedSchema = z.object({
  agreementId: z.string(),
  /** extension: the case, its status and the agreement as signed */
  caseId: z.string(),
  status: caseStatusSchema,
  agreement: agreementViewSchema.extend({ caseId: z.string(), parametersVersion: z.string() }),
});
export type AgreementSigned = z.infer<typeof agreementSignedSchema>;
