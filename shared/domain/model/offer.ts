import * as z from 'zod';
import { fenSchema, isoDateTimeSchema, nonNegativeFenSchema } from './common.js';

export const resettlementOptionSchema = z.enum(['cash', 'urban_housing', 'town_housing']);
export type ResettlementOption = z.infer<typeof resettlementOptionSchema>;

export const breakdownSchema = z.strictObject({
  landFen: nonNegativeFenSchema,
  buildingFen: nonNegativeFenSchema,
  attachmentsFen: nonNegativeFenSchema,
  premiumFen: nonNegativeFenSchema,
  rewardFen: nonNegativeFenSchema,
  /** 资格权 surrendered (homestead, wave 2): registered members × the premium per member; absent or 0 if kept */
  qualificationFen: nonNegativeFenSchema.optional(),
  /** equity exit: shares × share value, before the premium */
  sharesFen: nonNegativeFenSchema.optional(),
});
export type Breakdown = z.infer<typeof breakdownSchema>;

/** One priced line, so that a household can check every fen (explainable compensation). */
export const offerLineSchema = z.strictObject({
  component: z.enum([
    'land_within_standard',
    'land_excess',
    'building',
    'attachment',
    'premium',
    'reward',
    'housing_price',
    'plot_rent',
    'qualification',
    'shares',
  ]),
  /** parcel, plot or attachment the line is about */
  subject: z.string(),
  /** the exact formula with the figures used, e.g. "200 m2 × 500.00 元/m2" */
  formula: z.string(),
  amountFen: nonNegativeFenSchema,
});
export type OfferLine = z.infer<typeof offerLineSchema>;

/**
 * An offer. For cash, amountFen is what the household receives (reward included, conditional on
 * signing by rewardDeadline). For housing, amountFen is the compensation set against the price and
 * balanceFen = amountFen − priceFen (positive: paid to the household; negative: owed by it).
 */
export const offerSchema = z.strictObject({
  option: resettlementOptionSchema,
  amountFen: nonNegativeFenSchema,
  /** the amount if the household signs after rewardDeadline */
  amountWithoutRewardFen: nonNegativeFenSchema,
  entitledAreaM2: z.number().nonnegative().optional(),
  priceFen: nonNegativeFenSchema.optional(),
  balanceFen: fenSchema.optional(),
  balanceWithoutRewardFen: fenSchema.optional(),
  breakdown: breakdownSchema,
  lines: z.array(offerLineSchema),
  rewardDeadline: isoDateTimeSchema.optional(),
});
export type Offer = z.infer<typeof offerSchema>;
