import { z } from 'zod';
import { districtCodeSchema, tierSchema } from './common.js';

/** 12-digit village code (行政区划代码); its first six digits are the district. */
export const villageCodeSchema = z.string().regex(/^\d{12}$/, 'a 12-digit village code');

export const villageInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  townName: z.string().trim().min(1).max(100),
  districtCode: districtCodeSchema,
  tier: tierSchema,
});

export const villageSchema = villageInputSchema
  .extend({ villageCode: villageCodeSchema })
  .refine((v) => v.villageCode.startsWith(v.districtCode), {
    message: 'the village code must begin with its district code',
    path: ['villageCode'],
  });
export type Village = z.infer<typeof villageSchema>;
