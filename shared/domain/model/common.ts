import * as z from 'zod';
import { hasAtMostDecimals } from '../decimal.js';
import { MAX_ID_CHARS } from './limits.js';

/** The eight districts of Zibo (淄博市), by their real administrative codes. */
export const DISTRICTS = {
  '370302': { zh: '淄川区', en: 'Zichuan' },
  '370303': { zh: '张店区', en: 'Zhangdian' },
  '370304': { zh: '博山区', en: 'Boshan' },
  '370305': { zh: '临淄区', en: 'Linzi' },
  '370306': { zh: '周村区', en: 'Zhoucun' },
  '370321': { zh: '桓台县', en: 'Huantai' },
  '370322': { zh: '高青县', en: 'Gaoqing' },
  '370323': { zh: '沂源县', en: 'Yiyuan' },
} as const;
export type DistrictCode = keyof typeof DISTRICTS;
/** The codes in code order (integer-like keys keep ascending order), the order monitoring reports use. */
export const DISTRICT_CODES = Object.keys(DISTRICTS) as [DistrictCode, ...DistrictCode[]];
export const districtCodeSchema = z.enum(DISTRICT_CODES);

/** 分区位、有级差: 1 = urban fringe, 3 = remote. */
export const tierSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Tier = z.infer<typeof tierSchema>;

export const isoDateSchema = z.iso.date();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** Non-negative decimal with a bounded number of places, so it can be scaled to an exact integer. */
export function decimalSchema(decimals: number, max: number) {
  return z
    .number()
    .nonnegative()
    .max(max)
    .refine((v) => hasAtMostDecimals(v, decimals), { message: `at most ${decimals} decimal places` });
}

/** Integer fen (分). Money never exists as a float. */
export const fenSchema = z.number().int().safe();
export const nonNegativeFenSchema = fenSchema.nonnegative();

/** Identifiers used in keys: no key separators, no whitespace, bounded. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "-", "_" and "." only');

/**
 * An id as a request names it (path, query or body): the format of `idSchema`, at most MAX_ID_CHARS
 * (./limits.ts). What is stored keeps `idSchema`, so that a record written before still reads.
 */
export const requestIdSchema = idSchema.max(MAX_ID_CHARS);

export type Bilingual = { zh: string; en: string };

/** 城镇医疗、养老、失业保险 (kept by every exit, 二(二)5). */
export const insuranceSchema = z.enum(['medical', 'pension', 'unemployment']);
export type Insurance = z.infer<typeof insuranceSchema>;
