import * as z from 'zod';
import { dispositionSchema } from '../domain/model/case.js';
import { districtCodeSchema } from '../domain/model/common.js';
import { ruleIdSchema } from '../domain/model/finding.js';
import { rightNameSchema } from '../domain/model/rights.js';
import { caseStatusSchema } from '../domain/model/status.js';
import { trancheMilestoneSchema } from '../domain/model/tranche.js';
import { daySchema, fenSchema, timeSchema } from './common.js';
import { MILESTONE_KIND_VALUES } from './milestones.js';

/**
 * `GET /reports/quarterly?year=&quarter=&district=` → 200: the quarterly monitoring report (四(四)
 * 季度报告) as JSON (`&format=csv` answers the same figures as CSV text). Every row carries its label
 * in both languages; areas and quota are exact decimal strings; money is integer fen. The definitions
 * of each figure are in shared/reports/quarterly.ts.
 */
const countRowSchema = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  count: z.number().int(),
});

const durationRowSchema = z.object({
  from: z.array(caseStatusSchema),
  to: caseStatusSchema,
  labelZh: z.string(),
  labelEn: z.string(),
  count: z.number().int(),
  /** null when nothing was measured in the quarter */
  medianDays: z.number().nullable(),
  maxDays: z.number().nullable(),
});

const moneyRowSchema = z.object({ count: z.number().int(), amountFen: fenSchema });

/** An exact area: integer 0.01 m² and its decimal text ("123.45"). */
const areaSchema = z.object({ areaCentiM2: z.number().int().nonnegative(), areaM2: z.string() });

export const quarterlyReportSchema = z.object({
  reportType: z.literal('quarterly_monitoring'),
  district: z.object({ code: districtCodeSchema, zh: z.string(), en: z.string() }),
  year: z.number().int(),
  quarter: z.number().int(),
  period: z.object({
    start: timeSchema,
    /** exclusive */
    end: timeSchema,
    firstDay: daySchema,
    lastDay: daySchema,
    labelZh: z.string(),
    labelEn: z.string(),
  }),
  generatedAt: timeSchema.nullable(),
  cases: z.object({
    createdByQuarterEnd: z.number().int(),
    byStatus: z.array(countRowSchema),
    byType: z.array(countRowSchema),
  }),
  activity: z.array(countRowSchema),
  exits: z.object({
    cases: z.number().int(),
    homestead: z.object({
      cases: z.number().int(),
      parcels: z.number().int(),
      areaCentiM2: z.number().int(),
      areaM2: z.string(),
    }),
    contractLand: z.object({ cases: z.number().int(), plots: z.number().int(), areaMu: z.string() }),
    /** wave 2: equity exits closed in the quarter and the shares they gave up */
    equity: z.object({ cases: z.number().int(), shares: z.number().int() }),
    areaSources: z.object({
      registry: z.number().int(),
      agreementOffer: z.number().int(),
      unknown: z.number().int(),
    }),
    unknownAreaItems: z.array(z.string()),
  }),
  /** wave 2, from the domain events of the quarter: the land leg's milestones and the accepted area */
  landLeg: z.object({
    milestones: z.array(countRowSchema.extend({ key: z.enum(MILESTONE_KIND_VALUES) })),
    dispositions: z.array(countRowSchema.extend({ key: dispositionSchema })),
    accepted: areaSchema,
    basisZh: z.string(),
    basisEn: z.string(),
  }),
  quota: z.object({
    /** wave 1: homestead area exited in the quarter, in mu */
    mu: z.string(),
    /** the ledger's quota-sale entries, in mu */
    soldMu: z.string(),
    basisZh: z.string(),
    basisEn: z.string(),
    /** wave 2: accepted area of `disposed` + `reclaimed` in the quarter, and in mu */
    produced: areaSchema.extend({ mu: z.string() }),
    /** the quarter's quota-sale events: m² stated, mu (m² converted + mu-only sales) */
    sold: areaSchema.extend({
      sales: z.number().int(),
      mu: z.string(),
      salesInMuOnly: z.number().int(),
      salesWithoutQuota: z.number().int(),
    }),
  }),
  fund: z.object({
    advanced: moneyRowSchema,
    replenished: moneyRowSchema.extend({ bySource: z.record(z.string(), moneyRowSchema) }),
    reversals: moneyRowSchema.extend({
      byAccount: z.object({
        advances: moneyRowSchema,
        quota_sales: moneyRowSchema,
        appropriations: moneyRowSchema,
      }),
    }),
    netAdvancedFen: fenSchema,
    netReplenishedFen: fenSchema,
    /** Σ effect of every entry of the quarter on the fund's cash: in − out */
    netCashFen: fenSchema,
    /** payments by tranche (AdvanceDisbursed events of the quarter) */
    tranches: moneyRowSchema.extend({
      byTranche: z.array(
        moneyRowSchema.extend({ tranche: z.number().int().min(1), labelZh: z.string(), labelEn: z.string() }),
      ),
      /** the same payments by the milestone they fell due at */
      byMilestone: z.array(
        moneyRowSchema.extend({
          milestone: trancheMilestoneSchema,
          labelZh: z.string(),
          labelEn: z.string(),
        }),
      ),
    }),
  }),
  /** wave 2, who pays: the collective's payments of contract land and equity, never in the fund's ledger */
  collective: z.object({
    recorded: moneyRowSchema.extend({ contractLand: moneyRowSchema, equity: moneyRowSchema }),
    confirmed: moneyRowSchema,
    disputed: moneyRowSchema,
    outstanding: moneyRowSchema,
    sharesRedeemed: z.object({ cases: z.number().int(), shares: z.number().int() }),
    basisZh: z.string(),
    basisEn: z.string(),
  }),
  stageDurations: z.array(durationRowSchema.extend({ stage: z.string() })),
  transitions: z.array(durationRowSchema),
  rejections: z.object({
    failedRules: z.array(countRowSchema.extend({ key: ruleIdSchema })),
    rightsViolations: z.array(countRowSchema.extend({ key: rightNameSchema })),
    reviewReasons: z.array(
      z.object({
        stage: z.enum(['village_review', 'fund_review']),
        stageZh: z.string(),
        stageEn: z.string(),
        reason: z.string(),
        count: z.number().int(),
      }),
    ),
  }),
});
export type QuarterlyReportView = z.infer<typeof quarterlyReportSchema>;
