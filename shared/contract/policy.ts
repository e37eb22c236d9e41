import * as z from 'zod';
import { districtCodeSchema } from '../domain/model/common.js';
import { daySchema, fenSchema } from './common.js';

/**
 * `GET /policy/parameters?district=` → 200: the parameter version in force. Rates are integer fen,
 * ratios basis points (1/10 000), areas m² or mu. A case keeps the version it was priced with.
 */
const byTier = <T extends z.ZodType>(s: T) => z.object({ '1': s, '2': s, '3': s });

export const policyParametersViewSchema = z.object({
  version: z.string(),
  districtCode: districtCodeSchema,
  effectiveFrom: daySchema,
  programmeOpen: z.boolean(),
  pilotLevel: z.enum(['national', 'provincial', 'none']),
  landRateFenPerM2: byTier(fenSchema),
  excessRateBp: z.number().int(),
  standardAreaM2: z.number(),
  structureRateFenPerM2: z.object({
    brick_concrete: fenSchema,
    brick_wood: fenSchema,
    earth_wood: fenSchema,
    simple: fenSchema,
  }),
  yearlyDepreciationBp: z.number().int(),
  minNewnessBp: z.number().int(),
  attachmentRateFen: z.object({ well: fenSchema, wall: fenSchema, tree: fenSchema, shed: fenSchema }),
  cashPremiumBp: z.number().int(),
  rewardRateBp: z.number().int(),
  rewardDays: z.number().int(),
  perCapitaAreaM2: z.number(),
  maxAreaM2: z.number(),
  resettlementUnitPriceFenPerM2: z.object({ urban_housing: fenSchema, town_housing: fenSchema }),
  annualRentFenPerMu: byTier(fenSchema),
  permanentYears: z.number().int(),
  /** the length of the public notice (公示), in days */
  publicNoticeDays: z.number().int(),
  /** extension (wave 2): the cooling-off after signing (冷静期), in days */
  coolingOffDays: z.number().int().optional(),
  /** advances above this need two fund administrators */
  fourEyesThresholdFen: fenSchema,
  /** extension (issue 16): replenishments of the fund above this need a second fund administrator */
  replenishmentFourEyesThresholdFen: fenSchema.optional(),
  nonFarmIncomeMonths: z.number().int(),
  urbanResidenceMonths: z.number().int(),
  deadlines: z.object({
    reviewDays: z.number().int(),
    resubmissionDays: z.number().int(),
    choiceDays: z.number().int(),
    fundReviewDays: z.number().int(),
  }),
});
export type PolicyParametersView = z.infer<typeof policyParametersViewSchema>;
