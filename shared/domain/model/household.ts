import * as z from 'zod';
import { scaled } from '../decimal.js';
import { MAX_EQUITY_SHARES } from './application.js';
import {
  decimalSchema,
  idSchema,
  insuranceSchema,
  isoDateSchema,
  isoDateTimeSchema,
  requestIdSchema,
} from './common.js';
import {
  MAX_ATTACHMENT_QUANTITY,
  MAX_ATTACHMENTS_PER_PARCEL,
  MAX_CERTIFICATE_NO_CHARS,
  MAX_CONTRACT_TERM_END,
  MAX_FLOOR_AREA_M2,
  MAX_HOMESTEADS,
  MAX_MEMBERS,
  MAX_PARCEL_AREA_M2,
  MAX_PERSON_NAME_CHARS,
  MAX_PLOT_AREA_MU,
  MAX_PLOTS,
  MAX_RELATION_CHARS,
} from './limits.js';
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

/**
 * The bounds of a household record. A registrar's PUT is held to the real counts and sizes of
 * ./limits.ts (INPUT); a record read back is held only to the looser bounds every earlier version of the
 * API accepted (STORED), so that a record stored before issue 16 still reads.
 */
interface HouseholdBounds {
  /** the ids' schema: a request's (MAX_ID_CHARS) or a stored record's (idSchema) */
  id: typeof idSchema;
  nameChars: number;
  relationChars: number;
  certificateChars: number;
  parcelAreaM2: number;
  floorAreaM2: number;
  attachmentQuantity: number;
  attachments: number;
  plotAreaMu: number;
  /** the latest contract term end (YYYY-MM-DD), or none */
  termEnd?: string;
  members: number;
  homesteads: number;
  plots: number;
}

const INPUT: HouseholdBounds = {
  id: requestIdSchema,
  nameChars: MAX_PERSON_NAME_CHARS,
  relationChars: MAX_RELATION_CHARS,
  certificateChars: MAX_CERTIFICATE_NO_CHARS,
  parcelAreaM2: MAX_PARCEL_AREA_M2,
  floorAreaM2: MAX_FLOOR_AREA_M2,
  attachmentQuantity: MAX_ATTACHMENT_QUANTITY,
  attachments: MAX_ATTACHMENTS_PER_PARCEL,
  plotAreaMu: MAX_PLOT_AREA_MU,
  termEnd: MAX_CONTRACT_TERM_END,
  members: MAX_MEMBERS,
  homesteads: MAX_HOMESTEADS,
  plots: MAX_PLOTS,
};

const STORED: HouseholdBounds = {
  id: idSchema,
  nameChars: 50,
  relationChars: 30,
  certificateChars: 100,
  parcelAreaM2: 100_000,
  floorAreaM2: 100_000,
  attachmentQuantity: 100_000,
  attachments: 100,
  plotAreaMu: 100_000,
  members: 50,
  homesteads: 20,
  plots: 200,
};

/** Areas: m2 to 2 decimals; floor area likewise; quantities to 2 decimals (metres of wall, m2 of shed). */
function schemasWith(b: HouseholdBounds) {
  const member = z.strictObject({
    memberId: b.id,
    name: z.string().trim().min(1).max(b.nameChars),
    nationalId: z.string().regex(/^\d{17}[\dX]$/, 'an 18-character resident identity number'),
    birthDate: isoDateSchema,
    relation: z.string().trim().min(1).max(b.relationChars),
  });
  const attachment = z.strictObject({
    item: attachmentItemSchema,
    quantity: decimalSchema(2, b.attachmentQuantity),
  });
  const building = z.strictObject({
    floorAreaM2: decimalSchema(2, b.floorAreaM2),
    structure: structureSchema,
    yearBuilt: z.number().int().min(1900).max(2100),
  });
  /** 宅基地 parcel with its 房地一体 certificate. */
  const homestead = z.strictObject({
    parcelId: b.id,
    certificateNo: z.string().trim().min(1).max(b.certificateChars),
    areaM2: decimalSchema(2, b.parcelAreaM2),
    status: homesteadStatusSchema,
    mortgageeConsent: z.boolean().default(false),
    building: building.optional(),
    attachments: z.array(attachment).max(b.attachments).default([]),
    /** with status `exited` only, set with it by the certificate cancellation: the case that exited the parcel */
    exitedByCaseId: b.id.optional(),
    /** with status `exited` only: when the registration was cancelled */
    exitedAt: isoDateTimeSchema.optional(),
  });
  const latest = b.termEnd;
  /** 承包地 plot; area in mu to 4 decimals. `mortgageeConsent` extends API.md (default false). */
  const contractPlot = z.strictObject({
    plotId: b.id,
    areaMu: decimalSchema(4, b.plotAreaMu),
    termEnd: latest
      ? isoDateSchema.refine((d) => d <= latest, `a contract term ends on ${latest} at the latest`)
      : isoDateSchema,
    status: plotStatusSchema,
    mortgageeConsent: z.boolean().default(false),
  });
  /** The household record exactly as API.md's `PUT /registry/households/{householdId}`. */
  const household = z
    .strictObject({
      householdId: b.id,
      villageCode: villageCodeSchema,
      headMemberId: b.id,
      members: z.array(member).min(1).max(b.members),
      homesteads: z.array(homestead).max(b.homesteads).default([]),
      contractPlots: z.array(contractPlot).max(b.plots).default([]),
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
      unique(h.socialInsurance, 'socialInsurance', 'insurance');
      if (!h.members.some((m) => m.memberId === h.headMemberId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['headMemberId'],
          message: 'the head must be one of the members',
        });
      }
    });
  return { member, attachment, building, homestead, contractPlot, household };
}

export const rightsRecordSchema = z.strictObject({
  /** 宅基地资格权 */
  homesteadQualification: z.boolean(),
  /** 集体收益分配权 */
  collectiveIncomeDistribution: z.boolean(),
  /** 集体资产股权 (number of shares) */
  equityShares: z.number().int().nonnegative().max(MAX_EQUITY_SHARES),
});

export const nonFarmSchema = z.strictObject({
  socialInsuranceMonths: z.number().int().nonnegative().max(1200),
  urbanResidenceMonths: z.number().int().nonnegative().max(1200),
  businessLicenceMonths: z.number().int().nonnegative().max(1200),
});

const input = schemasWith(INPUT);
const stored = schemasWith(STORED);

export const memberSchema = input.member;
export type Member = z.infer<typeof memberSchema>;
export const attachmentSchema = input.attachment;
export const buildingSchema = input.building;
export const homesteadSchema = input.homestead;
export type Homestead = z.infer<typeof homesteadSchema>;
export const contractPlotSchema = input.contractPlot;
export type ContractPlot = z.infer<typeof contractPlotSchema>;

/**
 * The household record of `PUT /registry/households/{householdId}`, held to the bounds of ./limits.ts
 * (docs/limits.md). Read it back with `storedHouseholdSchema`.
 */
export const householdSchema = input.household;
/** A household record as stored: the bounds of every earlier version of the API, so that it still reads. */
export const storedHouseholdSchema = stored.household;
export type Household = z.infer<typeof householdSchema>;
export type HouseholdInput = z.input<typeof householdSchema>;

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
