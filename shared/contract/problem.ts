import * as z from 'zod';
import { PROBLEM_CODES } from './problemCodes.js';

export {
  PROBLEM_CODES,
  PROBLEM_STATUS,
  type ProblemCode,
  RETRYABLE_CODES,
} from './problemCodes.js';

export const problemCodeSchema = z.enum(PROBLEM_CODES);

export const fieldErrorSchema = z.object({
  /** where the value came from and its path: `body.resolution.votesFor`, `query.cursor`, `path.caseId` */
  path: z.string(),
  /** English */
  message: z.string(),
  /** Simplified Chinese, where a person reads it */
  messageZh: z.string().optional(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/**
 * problem+json as this API sends it. `title`/`detail` are English (API.md), `titleZh`/`detailZh` the
 * Simplified Chinese a farmer reads; extra members (`caseStatus`, `heldBy`, `violations`, …) may follow.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    titleZh: z.string(),
    status: z.number().int(),
    code: problemCodeSchema,
    detail: z.string(),
    detailZh: z.string(),
    errors: z.array(fieldErrorSchema),
  })
  .loose();
export type Problem = z.infer<typeof problemSchema>;
