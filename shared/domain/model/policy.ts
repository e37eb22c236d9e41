import * as z from 'zod';
import {
  decimalSchema,
  districtCodeSchema,
  idSchema,
  isoDateSchema,
  nonNegativeFenSchema,
  type Tier,
} from './common.js';
import { MAX_AMOUNT_FEN, MAX_PARCEL_AREA_M2, MAX_RATE_FEN } from './limits.js';

/**
/**
 * The default of `replenishmentFourEyesThresholdFen`: ¥1 000 000.00. A district's routine quota sales
 * and small top-ups go through on one administrator's word; a budget appropriation of a million or more
 * needs a second one. Districts set their own in their parameter version.
 */
export const REPLENISHMENT_FOUR_EYES_DEFAULT_FEN = 100_000_000;

/**
 * Ratios are basis points (1/10 000) so that every rate multiplies exactly: at most 1 000 % (a premium,
 * a reward or the excess-area rate; real ones are a few per cent to 100 %).
 */
const bpSchema = z.number().int().min(0).max(100_000);
const byTier = <T extends z.ZodType>(s: T) => z.strictObject({ '1': s, '2': s, '3': s });

export { MAX_RATE_FEN } from './limits.js';

const rateSchema = nonNegativeFenSchema.max(MAX_RATE_FEN);
/** An area parameter (standard area, housing entitlement), m² to 2 decimals. */
const areaSchema = decimalSchema(2, MAX_PARCEL_AREA_M2);

export const policyParametersSchema = z.strictObject({
  /** e.g. "370302-2026-01"; a case keeps the version it was priced with. */
  version: idSchema,
  districtCode: districtCodeSchema,
  effectiveFrom: isoDateSchema,
  /** H-PILOT / C-PILOT: whether the programme takes cases in this district. */
  programmeOpen: z.boolean(),
  /** Reference data for reports: national or provincial pilot district, or neither. */
  pilotLevel: z.enum(['national', 'provincial', 'none']),
  landRateFenPerM2: byTier(rateSchema),
  /** Excess area is paid at this share of the tier's land rate. */
  excessRateBp: bpSchema,
  standardAreaM2: areaSchema,
  structureRateFenPerM2: z.strictObject({
    brick_concrete: rateSchema,
    brick_wood: rateSchema,
    earth_wood: rateSchema,
    simple: rateSchema,
  }),
  yearlyDepreciationBp: bpSchema.max(10_000),
  minNewnessBp: bpSchema.max(10_000),
  attachmentRateFen: z.strictObject({
    well: rateSchema,
    wall: rateSchema,
    tree: rateSchema,
    shed: rateSchema,
  }),
  cashPremiumBp: bpSchema,
  rewardRateBp: bpSchema,
  rewardDays: z.number().int().min(0).max(3650),
  perCapitaAreaM2: areaSchema,
  maxAreaM2: areaSchema,
  resettlementUnitPriceFenPerM2: z.strictObject({
    urban_housing: rateSchema,
    town_housing: rateSchema,
  }),
  annualRentFenPerMu: byTier(rateSchema),
  permanentYears: z.number().int().min(0).max(100),
  publicNoticeDays: z.number().int().min(0).max(365),
  /** 冷静期 after signing (wave 2, illustrative 15): the household may rescind; then the agreement binds */
  coolingOffDays: z.number().int().min(0).max(90).default(15),
  fourEyesThresholdFen: nonNegativeFenSchema.max(MAX_AMOUNT_FEN),
  /**
   * issue 16: a replenishment of the special fund (a quota sale, an appropriation) above this needs a
   * second fund administrator (illustrative ¥1 000 000); versions stored before it get the default
   */
  replenishmentFourEyesThresholdFen: nonNegativeFenSchema
    .max(MAX_AMOUNT_FEN)
    .default(REPLENISHMENT_FOUR_EYES_DEFAULT_FEN),
  /** 资格权 surrendered (wave 2, illustrative 20 000 yuan): per registered member, added to every offer */
  qualificationFenPerMember: nonNegativeFenSchema.max(100_000_000).default(2_000_000),
  /** equity exit (二(二)5): the premium on the share value (illustrative 0 %) */
  equityPremiumBp: bpSchema.max(10_000).default(0),
  /** 防范大规模赎回: what a collective buys back in one calendar year at most, of its total shares (5 %) */
  equityRedemptionCapBp: bpSchema.max(10_000).default(500),
  /** Stable non-farm income: months of urban social insurance, or of a business licence. */
  nonFarmIncomeMonths: z.number().int().min(0).max(1200),
  /** Long-term urban residence, months. */
  urbanResidenceMonths: z.number().int().min(0).max(1200),
  deadlines: z.strictObject({
    reviewDays: z.number().int().min(1).max(365),
    /** 乡镇审核 (DOMAIN.md wave 2, illustrative 10); versions stored before the chain get the default */
    townReviewDays: z.number().int().min(1).max(365).default(10),
    /** 区县审批 (illustrative 10) */
    districtApprovalDays: z.number().int().min(1).max(365).default(10),
    /** 再次督办 (illustrative 5): the wait after a missed deadline before the next level up is told */
    reEscalationDays: z.number().int().min(1).max(365).default(5),
    /** the land leg (wave 2, illustrative): 腾退 90 days after the approval, 处置 180 after it, 注销 30 after */
    vacatedDays: z.number().int().min(1).max(365).default(90),
    disposedDays: z.number().int().min(1).max(365).default(180),
    cancelledDays: z.number().int().min(1).max(365).default(30),
    /** 承包地交回/承接 (wave 2, illustrative 30) */
    handedOverDays: z.number().int().min(1).max(365).default(30),
    /** the collective's payment of a contract-land or equity tranche, and the household's receipt (30) */
    collectivePaymentDays: z.number().int().min(1).max(365).default(30),
    resubmissionDays: z.number().int().min(1).max(365),
    choiceDays: z.number().int().min(1).max(365),
    fundReviewDays: z.number().int().min(1).max(365),
  }),
});
export type PolicyParameters = z.infer<typeof policyParametersSchema>;

export function tierKey(tier: Tier): '1' | '2' | '3' {
  return String(tier) as '1' | '2' | '3';
}
