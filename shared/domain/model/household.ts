import * as z from 'zod';
import { scaled } from '../decimal.js';
import { decimalSchema, idSchema, insuranceSchema, isoDateSchema, isoDateTimeSchema } from './common.js';
import { villageCodeSchema } from './village.js';

/**
 * `exited`: the homestead was exited and its registration cancelled (不动产注销登记) in a case. Only the
 * certificate cancellation sets it (registryRepository.markParcelExited), never a registrar's PUT, and
 * nothing ever clears it: an exited parcel can never be in a new case (H-LEGAL).
 */
export const homesteadStatusSchema = z.enum([
  'registered',
  'illegal_occupation',
  'disputed',
  'mortgaged',
  'seized',
  'exited',
]);
export type HomesteadStatus = z.infer<typeof homesteadStatusSchema>;
export const structureSchema = z.enum(['brick_concrete', 'brick_wood', 'earth_wood', 'simple']);
export type Structure = z.infer<typeof structureSchema>;
export const attachmentItemSchema = z.enum(['well', 'wall', 'tree', 'shed']);
export type AttachmentItem = z.infer<typeof attachmentItemSchema>;
export const plotStatusSchema = z.enum(['normal', 'leased', 'disputed', 'mortgaged']);

export const memberSchema = z.strictObject({
  memberId: idSchema,
  name: z.string().trim().min(1).max(50),
  nationalId: z.string().regex(/^\d{17}[\dX]$/, 'an 18-character resident identity number'),
  birthDate: isoDateSchema,
  relation: z.string().trim().min(1).max(30),
});
export type Member = z.infer<typeof memberSchema>;

/** Areas: m2 to 2 decimals; floor area likewise; quantities to 2 decimals (metres of wall, m2 of shed). */
export const attachmentSchema = z.strictObject({
  item: attachmentItemSchema,
  quantity: decimalSchema(2, 100_000),
});

export const buildingSchema = z.strictObject({
  floorAreaM2: decimalSchema(2, 100_000),
  structure: structureSchema,
  yearBuilt: z.number().int().min(1900).max(2100),
});

/** 宅基地 parcel with its 房地一体 certificate. */
export const homesteadSchema = z.strictObject({
  parcelId: idSchema,
  certificateNo: z.string().trim().min(1).max(100),
  areaM2: decimalSchema(2, 100_000),
  status: homesteadStatusSchema,
  mortgageeConsent: z.boolean().default(false),
  building: buildingSchema.optional(),
  attachments: z.array(attachmentSchema).max(100).default([]),
  /** with status `exited` only, set with it by the certificate cancellation: the case that exited the parcel */
  exitedByCaseId: idSchema.optional(),
  /** with status `exited` only: when the registration was cancelled */
  exitedAt: isoDateTimeSchema.optional(),
});
export type Homestead = z.infer<typeof homesteadSchema>;

/**
 * The form of a certificate number under which two spellings of one certificate are the same number:
 * every whitespace removed (a trim, and no space typed inside can make a second number), full-width
 * ASCII (U+FF01–U+FF5E, e.g. （２０２０）) to half-width, upper case. The registry keeps the number as entered
 * and keys its uniqueness item by this form (docs/registry-integrity.md).
 */
export function normaliseCertificateNo(certificateNo: string): string {
  return certificateNo
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/gu, '')
    .toUpperCase();
}

/** 承包地 plot; area in mu to 4 decimals. `mortgageeConsent` extends API.md (default false). */
export const contractPlotSchema = z.strictObject({
  plotId: idSchema,
  areaMu: decimalSchema(4, 100_000),
  termEnd: isoDateSchema,
  status: plotStatusSchema,
  mortgageeConsent: z.boolean().default(false),
});
export type ContractPlot = z.infer<typeof contractPlotSchema>;

export const rightsRecordSchema = z.strictObject({
  /** 宅基地资格权 */
  homesteadQualification: z.boolean(),
  /** 集体收益分配权 */
  collectiveIncomeDistribution: z.boolean(),
  /** 集体资产股权 (number of shares) */
  equityShares: z.number().int().nonnegative().max(1_000_000),
});

export const nonFarmSchema = z.strictObject({
  socialInsuranceMonths: z.number().int().nonnegative().max(1200),
  urbanResidenceMonths: z.number().int().nonnegative().max(1200),
  businessLicenceMonths: z.number().int().nonnegative().max(1200),
});

/** The household record exactly as API.md's `PUT /registry/households/{householdId}`. */
export const householdSchema = z
  .strictObject({
    householdId: idSchema,
    villageCode: villageCodeSchema,
    headMemberId: idSchema,
    members: z.array(memberSchema).min(1).max(50),
    homesteads: z.array(homesteadSchema).max(20).default([]),
    contractPlots: z.array(contractPlotSchema).max(200).default([]),
    rights: rightsRecordSchema,
    nonFarm: nonFarmSchema,
    socialInsurance: z.array(insuranceSchema).max(3).default([]),
  })
  .superRefine((h, ctx) => {
    const unique = (ids: string[], path: string, what: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id))
          ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate ${what} ${id}` });
        seen.add(id);
      });
    };
    unique(
      h.members.map((m) => m.memberId),
      'members',
      'memberId',
    );
    unique(
      h.homesteads.map((p) => p.parcelId),
      'homesteads',
      'parcelId',
    );
    unique(
      h.contractPlots.map((p) => p.plotId),
      'contractPlots',
      'plotId',
    );
    if (!h.members.some((m) => m.memberId === h.headMemberId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['headMemberId'],
        message: 'the head must be one of the members',
      });
    }
  });
export type Household = z.infer<typeof householdSchema>;
export type HouseholdInput = z.input<typeof householdSchema>;

/**
 * The registered area of the parcels named, exactly, in centi-m² (m² have at most 2 decimals): what a
 * reclamation may accept at most (DOMAIN.md wave 2). Parcels not in the list count nothing.
 */
export function registeredAreaCentiM2(
  homesteads: readonly Pick<Homestead, 'parcelId' | 'areaM2'>[],
  parcelIds: readonly string[],
): bigint {
  return homesteads
    .filter((p) => parcelIds.includes(p.parcelId))
    .reduce((sum, p) => sum + scaled(p.areaM2, 2), 0n);
}
