import * as z from 'zod';
import { insuranceSchema } from './common.js';

/**
 * The rights a household holds, in a shape that can be compared before and after an exit.
 * Parcel- and plot-level rights are sets of ids so that "which parcel changed" is explicit.
 */
export const rightsSnapshotSchema = z.strictObject({
  /** 宅基地使用权, per parcel */
  homesteadUse: z.array(z.string()),
  /** 宅基地资格权 */
  homesteadQualification: z.boolean(),
  /** 土地承包经营权, per plot */
  contractLand: z.array(z.string()),
  /** 集体收益分配权 */
  collectiveIncomeDistribution: z.boolean(),
  /** 集体资产股权 */
  equityShares: z.number().int().nonnegative(),
  /** 城市医疗、养老、失业保险 enrolments */
  socialInsurance: z.array(insuranceSchema),
});
export type RightsSnapshot = z.infer<typeof rightsSnapshotSchema>;

export const rightNameSchema = z.enum([
  'homestead_use',
  'homestead_qualification',
  'contract_land',
  'collective_income_distribution',
  'equity_shares',
  'social_insurance',
]);
export type RightName = z.infer<typeof rightNameSchema>;

export const RIGHT_LABELS: Record<RightName, { zh: string; en: string }> = {
  homestead_use: { zh: '宅基地使用权', en: 'homestead use right' },
  homestead_qualification: { zh: '宅基地资格权', en: 'homestead qualification right' },
  contract_land: { zh: '土地承包经营权', en: 'land contract right' },
  collective_income_distribution: { zh: '集体收益分配权', en: 'collective income distribution right' },
  equity_shares: { zh: '集体资产股权', en: 'collective equity shares' },
  social_insurance: { zh: '城镇医疗、养老、失业保险', en: 'medical, pension and unemployment insurance' },
};

/** A surrender of a right, as an agreement or a decision may list it. */
export const surrenderSchema = z.strictObject({
  right: rightNameSchema,
  /** parcel or plot ids for per-item rights; empty for whole rights */
  items: z.array(z.string()).default([]),
  /** equity_shares only: how many shares are given up (absent: all of them) */
  shares: z.number().int().min(1).max(1_000_000).optional(),
});
export type Surrender = z.infer<typeof surrenderSchema>;

export const rightsViolationSchema = z.strictObject({
  right: rightNameSchema,
  /** the clause of the Zibo plan that protects the right (absent on checks stored before issue 18) */
  clause: z.string().max(40).optional(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export type RightsViolation = z.infer<typeof rightsViolationSchema>;

export const rightsCheckResultSchema = z.strictObject({
  passed: z.boolean(),
  before: rightsSnapshotSchema,
  after: rightsSnapshotSchema,
  violations: z.array(rightsViolationSchema),
});
export type RightsCheckResult = z.infer<typeof rightsCheckResultSchema>;
