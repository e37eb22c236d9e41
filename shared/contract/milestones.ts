import * as z from 'zod';
import { requestIdSchema } from '../domain/model/common.js';
import {
  MAX_HOMESTEADS,
  MAX_MILESTONE_DOCUMENTS,
  MAX_ORGANISATION_NAME_CHARS,
  MAX_PARCEL_AREA_M2,
} from '../domain/model/limits.js';
import { caseStatusSchema } from '../domain/model/status.js';

/**
 * `POST /cases/{caseId}/milestones` (API.md wave 2): the land leg's milestones as the person who records
 * them sends them. Which fields a kind needs is the command's check (shared/cases/commands/milestones/),
 * so that a missing field is named with the kind's words in Chinese and English.
 */
export const MILESTONE_KIND_VALUES = ['vacated', 'disposed', 'certificate_cancelled', 'handed_over'] as const;

/** A registry number (acceptance, plan approval, cancellation): printable, no control characters. */
const registryNo = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{Cc}]+$/u, 'no control characters');

/** 统一社会信用代码: 18 characters of the national standard's alphabet (GB 32100-2015). */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export const milestoneInputSchema = z.strictObject({
  kind: z.enum(MILESTONE_KIND_VALUES),
  documentIds: z
    .array(requestIdSchema)
    .max(MAX_MILESTONE_DOCUMENTS)
    .refine((ids) => new Set(ids).size === ids.length, 'each document once')
    .optional(),
  disposition: z.enum(['reclaimed', 'direct_use', 'development']).optional(),
  acceptanceNo: registryNo.optional(),
  /** m², at most 2 decimals, positive; at most the registered area (the command checks) */
  acceptedAreaM2: z
    .number()
    .positive()
    .max(MAX_HOMESTEADS * MAX_PARCEL_AREA_M2)
    .refine((v) => Math.round(v * 100) === v * 100, 'at most 2 decimals')
    .optional(),
  planApprovalNo: registryNo.optional(),
  cancellationNo: registryNo.optional(),
  taker: z
    .strictObject({
      name: z.string().trim().min(1).max(MAX_ORGANISATION_NAME_CHARS),
      creditCode: z
        .string()
        .trim()
        .toUpperCase()
        .regex(CREDIT_CODE, 'an 18-character unified social credit code')
        .optional(),
    })
    .optional(),
});
export type MilestoneInput = z.infer<typeof milestoneInputSchema>;

/** `POST /cases/{caseId}/milestones` → 200: where the case went. */
export const milestoneRecordedSchema = z.object({
  caseId: z.string(),
  status: caseStatusSchema,
  kind: z.enum(MILESTONE_KIND_VALUES),
});
export type MilestoneRecorded = z.infer<typeof milestoneRecordedSchema>;
