import * as z from 'zod';
import { districtCodeSchema, insuranceSchema, tierSchema } from '../domain/model/common.js';
import {
  attachmentItemSchema,
  homesteadStatusSchema,
  plotStatusSchema,
  structureSchema,
} from '../domain/model/household.js';
import { rightNameSchema } from '../domain/model/rights.js';
import { daySchema } from './common.js';

/**
 * The registry's records as `PUT`/`GET /registry/...` answer them: the record as stored, defaults filled
 * in (`homesteads`, `contractPlots`, `attachments`, `socialInsurance`, `exitConditions` are always lists).
 */

/** `PUT /registry/villages/{villageCode}` → 200: the village with its code. */
export const villageRecordSchema = z.object({
  villageCode: z.string(),
  name: z.string(),
  townName: z.string(),
  districtCode: districtCodeSchema,
  tier: tierSchema,
  /** extension (docs/api-conformance.md): the collective's exit terms (村规民约) */
  exitConditions: z.array(z.object({ right: rightNameSchema, text: z.string() })),
});
export type VillageRecord = z.infer<typeof villageRecordSchema>;

export const memberRecordSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  nationalId: z.string(),
  birthDate: daySchema,
  relation: z.string(),
});
export type MemberRecord = z.infer<typeof memberRecordSchema>;

/** 宅基地 parcel with its 房地一体 certificate; areas in m². */
export const homesteadRecordSchema = z.object({
  parcelId: z.string(),
  certificateNo: z.string(),
  areaM2: z.number(),
  status: homesteadStatusSchema,
  mortgageeConsent: z.boolean(),
  building: z
    .object({ floorAreaM2: z.number(), structure: structureSchema, yearBuilt: z.number().int() })
    .optional(),
  attachments: z.array(z.object({ item: attachmentItemSchema, quantity: z.number() })),
  /** status `exited` only: the case whose certificate cancellation exited the parcel, and when */
  exitedByCaseId: z.string().optional(),
  exitedAt: z.string().optional(),
});
export type HomesteadRecord = z.infer<typeof homesteadRecordSchema>;

/** 承包地 plot; area in mu. `mortgageeConsent` is an extension of API.md. */
export const contractPlotRecordSchema = z.object({
  plotId: z.string(),
  areaMu: z.number(),
  termEnd: daySchema,
  status: plotStatusSchema,
  mortgageeConsent: z.boolean(),
});
export type ContractPlotRecord = z.infer<typeof contractPlotRecordSchema>;

/** The household record of API.md (`PUT`/`GET /registry/households/{householdId}` → 200). */
export const householdRecordSchema = z.object({
  householdId: z.string(),
  villageCode: z.string(),
  headMemberId: z.string(),
  members: z.array(memberRecordSchema),
  homesteads: z.array(homesteadRecordSchema),
  contractPlots: z.array(contractPlotRecordSchema),
  rights: z.object({
    homesteadQualification: z.boolean(),
    collectiveIncomeDistribution: z.boolean(),
    equityShares: z.number().int(),
  }),
  nonFarm: z.object({
    socialInsuranceMonths: z.number().int(),
    urbanResidenceMonths: z.number().int(),
    businessLicenceMonths: z.number().int(),
  }),
  socialInsurance: z.array(insuranceSchema),
});
export type HouseholdRecord = z.infer<typeof householdRecordSchema>;
