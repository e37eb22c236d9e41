import * as z from 'zod';
import { caseTypeSchema } from '../domain/model/application.js';
import { ruleIdSchema } from '../domain/model/finding.js';
import { rightNameSchema } from '../domain/model/rights.js';
import { caseStatusSchema } from '../domain/model/status.js';

/**
 * What one case adds to one quarter's report (the quarter partition of the reporting projection,
 * `REPORT#{district}` / `{year}-Q{quarter}#CASE#{caseId}`), and what it adds to the district's figures
 * "now" (`REPORT#{district}` / `NOW#{year}-Q{quarter}` of the quarter it was created in). Both are
 * functions of the case as stored (caseRows.ts), so a row rewritten from a later version of the case, or
 * by the rebuild, is the same row. Validated when read back (a boundary, as every DynamoDB item read).
 */

const count = z.number().int().nonnegative();
const moneyRowSchema = z.object({ count, amountFen: z.number().int() });
/** a bigint as decimal digits (areas in 0.01 m² or 1/10 000 mu are summed exactly) */
const bigintText = z.string().regex(/^\d+$/);
const stageSchema = z.enum(['village_review', 'fund_review']);

export const exitPartSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('equity'), shares: count }),
  z.object({
    kind: z.enum(['homestead', 'contract_land']),
    /** parcels (homestead) or plots (contract land) that left the household */
    items: count,
    /** Σ known area: 0.01 m² (homestead) or 1/10 000 mu (contract land) */
    area: bigintText,
    registry: count,
    agreementOffer: count,
    /** `caseId/itemId` whose area neither the registry nor the signed offer holds */
    unknownItems: z.array(z.string()),
  }),
]);
export type ExitPart = z.infer<typeof exitPartSchema>;

export const collectivePartSchema = z.object({
  recorded: moneyRowSchema,
  contractLand: moneyRowSchema,
  equity: moneyRowSchema,
  confirmed: moneyRowSchema,
  disputed: moneyRowSchema,
  /** equity shares that left the household in the quarter (0: none) */
  sharesRedeemed: count,
});
export type CollectivePart = z.infer<typeof collectivePartSchema>;

export const caseQuarterRowSchema = z.object({
  caseId: z.string().min(1),
  /** the case's version the row was computed from (a row never goes back to an older one) */
  version: z.number().int().nonnegative(),
  /** created in the quarter */
  created: z.boolean(),
  /** statuses of the report's activity table the case arrived at in the quarter */
  reached: z.array(caseStatusSchema),
  exit: exitPartSchema.optional(),
  /** stage → durations (ms) of the stages finished in the quarter (stageDurations.ts STAGES) */
  spans: z.record(z.string(), z.array(z.number().nonnegative())),
  /** consecutive statuses whose second was reached in the quarter, and the time spent in the first (ms) */
  transitions: z.array(z.tuple([caseStatusSchema, caseStatusSchema, z.number().nonnegative()])),
  failedRules: z.array(ruleIdSchema),
  rightsViolations: z.array(rightNameSchema),
  /** one entry per reason counted (rejections.ts), stage and reason text */
  reasons: z.array(z.tuple([stageSchema, z.string()])),
  collective: collectivePartSchema.optional(),
});
export type CaseQuarterRow = z.infer<typeof caseQuarterRowSchema>;

/** What a case adds to the district's figures "now": its status and type, its collective tranches open. */
export const caseNowSchema = z.object({
  /** `{year}-Q{quarter}` (Zibo) of createdAt: the report of quarter Q counts the cases created by its end */
  createdQuarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  status: caseStatusSchema,
  type: caseTypeSchema,
  /** collective tranches due and not recorded, or recorded and not confirmed (disputes included) */
  outstanding: moneyRowSchema,
});
export type CaseNow = z.infer<typeof caseNowSchema>;
