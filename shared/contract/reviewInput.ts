import * as z from 'zod';
import {
  REVIEW_REASON_CODES,
  resolutionSchema,
  reviewDecisionSchema,
  reviewReasonCodeSchema,
  sharesGoToSchema,
} from '../domain/model/case.js';
import {
  MAX_REVIEW_REASON_CHARS,
  MAX_REVIEW_REASONS,
  MAX_REVIEW_WORDS_CHARS,
} from '../domain/model/limits.js';
import { votesExceedPresent } from '../domain/review/meetingResolution.js';

/**
 * POST /cases/{caseId}/review: the decision of the review step now pending, 村 → 镇 → 区 (DOMAIN.md wave 2):
 * the village collective with its members' meeting resolution, the town's audit, the district's
 * approval (which prices the offers). Each decision gives reason codes from a fixed list and an optional
 * note the household sees; the village step may still give its reasons in words (API.md wave 1).
 * Counts that cannot be and a rejection or return without a reason are bad input (400, in the schema, so
 * the portal can apply the same rule); an approval without a majority, and a note or reason that makes
 * the exit conditional on giving up another right (二(二)3, 4(3), 5), are refused by rule (422).
 */
export const reviewInputSchema = z
  .strictObject({
    decision: reviewDecisionSchema,
    reasonCodes: z
      .array(reviewReasonCodeSchema)
      .max(REVIEW_REASON_CODES.length)
      .refine((codes) => new Set(codes).size === codes.length, 'each reason code once')
      .default([]),
    note: z.string().trim().max(MAX_REVIEW_WORDS_CHARS).optional(),
    reasons: z
      .array(z.string().trim().min(1).max(MAX_REVIEW_REASON_CHARS))
      .max(MAX_REVIEW_REASONS)
      .default([]),
    resolution: resolutionSchema.optional(),
    /** equity exits, the village step: where the shares go (纳入集体股 / 量化到本组织成员), API.md wave 2 */
    sharesGoTo: sharesGoToSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.resolution && votesExceedPresent(b.resolution)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolution', 'votesFor'],
        message: 'votes for and against exceed the members present',
      });
    }
    if (b.decision !== 'approve' && b.reasons.length === 0 && b.reasonCodes.length === 0) {
      // either field carries the reason (wave 2 codes, or the village's words of wave 1): both are named
      for (const path of ['reasonCodes', 'reasons']) {
        ctx.addIssue({
          code: 'custom',
          path: [path],
          message:
            'a rejection or return must give at least one reason (a reason code, or a reason in words)',
        });
      }
    }
    // the reviewer's words are one text, stored once with the review: the note and the reasons together
    const words = b.reasons.reduce((n, r) => n + r.length, 0) + (b.note?.length ?? 0);
    if (words > MAX_REVIEW_WORDS_CHARS) {
      for (const path of b.note ? ['note', ...(b.reasons.length > 0 ? ['reasons'] : [])] : ['reasons']) {
        ctx.addIssue({
          code: 'custom',
          path: [path],
          message: `too long: the note and the reasons together may have at most ${MAX_REVIEW_WORDS_CHARS} characters (${words} given)`,
          params: {
            messageZh: `内容过长：审核意见和理由合计最多 ${MAX_REVIEW_WORDS_CHARS} 个字符（现为 ${words} 个）`,
          },
        });
      }
    }
  });
export type ReviewInput = z.infer<typeof reviewInputSchema>;
