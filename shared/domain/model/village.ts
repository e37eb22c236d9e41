import * as z from 'zod';
import { districtCodeSchema, nonNegativeFenSchema, tierSchema } from './common.js';
import { rightNameSchema } from './rights.js';

/** 12-digit village code (行政区划代码); its first six digits are the district. */
export const villageCodeSchema = z.string().regex(/^\d{12}$/, 'a 12-digit village code');

export const villageInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  townName: z.string().trim().min(1).max(100),
  districtCode: districtCodeSchema,
  tier: tierSchema,
  /**
   * Extension of API.md: exit terms the collective has adopted (村规民约 on exits), such as "exiting
   * households also return their contract land". The rights check applies them to every case of the
   * village, so a term that makes an exit conditional on another right blocks the case (rights_blocked)
   * with the right named, instead of being enforced silently later.
   */
  exitConditions: z
    .array(z.strictObject({ right: rightNameSchema, text: z.string().trim().min(1).max(500) }))
    .max(20)
    .default([]),
  /**
   * Equity exit (二(二)5, API.md wave 2): the collective's latest audited net assets per share, in fen,
   * and the shares it has issued in all (the base of the yearly redemption cap). Kept by the registrar.
   */
  shareValueFen: nonNegativeFenSchema.max(1_000_000_000).optional(),
  totalShares: z.number().int().min(1).max(100_000_000).optional(),
});

export const villageSchema = villageInputSchema
  .extend({ villageCode: villageCodeSchema })
  .refine((v) => v.villageCode.startsWith(v.districtCode), {
    message: 'the village code must begin with its district code',
    path: ['villageCode'],
  });
export type Village = z.infer<typeof villageSchema>;
