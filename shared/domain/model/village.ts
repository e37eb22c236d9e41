import * as z from 'zod';
import { districtCodeSchema, nonNegativeFenSchema, tierSchema } from './common.js';
import { MAX_EXIT_CONDITION_CHARS, MAX_EXIT_CONDITIONS, MAX_PLACE_NAME_CHARS } from './limits.js';
import { rightNameSchema } from './rights.js';

/** 12-digit village code (行政区划代码); its first six digits are the district. */
export const villageCodeSchema = z.string().regex(/^\d{12}$/, 'a 12-digit village code');

/**
 * The most one share of a collective may be valued at (每股净资产, fen): ¥1 000 000.00. With at most
 * MAX_EQUITY_SHARES shares in one exit, the value of an exit stays an exact integer far below 2^53; the
 * offer is then held to MAX_AMOUNT_FEN like every other (docs/limits.md "Money").
 */
export const MAX_SHARE_VALUE_FEN = 100_000_000;

function villageFields(b: {
  nameChars: number;
  conditions: number;
  conditionChars: number;
  shareValueFen: number;
}) {
  return z.strictObject({
    name: z.string().trim().min(1).max(b.nameChars),
    townName: z.string().trim().min(1).max(b.nameChars),
    districtCode: districtCodeSchema,
    tier: tierSchema,
    /**
     * Extension of API.md: exit terms the collective has adopted (村规民约 on exits), such as "exiting
     * households also return their contract land". The rights check applies them to every case of the
     * village, so a term that makes an exit conditional on another right blocks the case (rights_blocked)
     * with the right named, instead of being enforced silently later.
     */
    exitConditions: z
      .array(z.strictObject({ right: rightNameSchema, text: z.string().trim().min(1).max(b.conditionChars) }))
      .max(b.conditions)
      .default([]),
    /**
     * Equity exit (二(二)5, API.md wave 2): the collective's latest audited net assets per share, in fen,
     * and the shares it has issued in all (the base of the yearly redemption cap). Kept by the registrar.
     */
    shareValueFen: nonNegativeFenSchema.max(b.shareValueFen).optional(),
    totalShares: z.number().int().min(1).max(100_000_000).optional(),
  });
}

/** The body of `PUT /registry/villages/{villageCode}`, held to the bounds of ./limits.ts. */
export const villageInputSchema = villageFields({
  nameChars: MAX_PLACE_NAME_CHARS,
  conditions: MAX_EXIT_CONDITIONS,
  conditionChars: MAX_EXIT_CONDITION_CHARS,
  shareValueFen: MAX_SHARE_VALUE_FEN,
});

/** A village as stored: the looser bounds of every earlier version of the API, so that it still reads. */
const storedVillageFields = villageFields({
  nameChars: 100,
  conditions: 20,
  conditionChars: 500,
  shareValueFen: 1_000_000_000,
});

export const villageSchema = storedVillageFields
  .extend({ villageCode: villageCodeSchema })
  .refine((v) => v.villageCode.startsWith(v.districtCode), {
    message: 'the village code must begin with its district code',
    path: ['villageCode'],
  });
export type Village = z.infer<typeof villageSchema>;
