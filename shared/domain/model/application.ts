import * as z from 'zod';
import { idSchema, isoDateTimeSchema, requestIdSchema } from './common.js';
import { MAX_HOMESTEADS, MAX_MEMBERS } from './limits.js';

/**
 * The most parcels or plots one case may cover: each is claimed in the transaction that moves the case
 * (shared/cases/landClaims.ts), and a DynamoDB transaction holds at most 100 items. A household with
 * more plots files several cases.
 */
export const MAX_LAND_PER_CASE = 90;

export const caseTypeSchema = z.enum(['homestead_exit', 'contract_land_exit', 'equity_exit']);
export type CaseType = z.infer<typeof caseTypeSchema>;

const consentWith = (id: typeof idSchema) =>
  z.strictObject({
    memberId: id,
    consented: z.literal(true, { error: 'consent must be given explicitly (true)' }),
    signedAt: isoDateTimeSchema,
  });

export const consentSchema = consentWith(idSchema);
export type Consent = z.infer<typeof consentSchema>;

const declarationsSchema = z.strictObject({
  voluntary: z.literal(true, { error: 'the household must declare that the exit is voluntary' }),
});

const uniqueIds = (ids: string[] | undefined) => !ids || new Set(ids).size === ids.length;

/**
 * 保障资格权 (二(二)2, DOMAIN.md wave 2): a homestead exit keeps the household's qualification right unless
 * the household chooses to surrender it (with proof of other housing, for a premium). Never by default.
 */
export const qualificationChoiceSchema = z.enum(['keep', 'surrender']);
export type QualificationChoice = z.infer<typeof qualificationChoiceSchema>;

/** The most shares one equity exit names (the registry holds at most 1 000 000 per household). */
export const MAX_EQUITY_SHARES = 1_000_000;

/**
 * The bounds of an application: `POST /cases` is held to the registry's real counts (INPUT: at most the
 * homesteads a household may have, at most MAX_LAND_PER_CASE plots, one consent per member); a case
 * read back only to what every earlier version of the API accepted (STORED), so that it still reads.
 */
function applicationWith(b: { id: typeof idSchema; parcels: number; plots: number; consents: number }) {
  const consents = z.array(consentWith(b.id)).min(1).max(b.consents);
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('homestead_exit'),
      householdId: b.id,
      parcelIds: z.array(b.id).min(1).max(b.parcels).refine(uniqueIds, 'parcel ids must be unique'),
      /** absent: `keep` (the default, and what every case filed before the choice did) — `qualificationChoice` */
      qualificationRight: qualificationChoiceSchema.optional(),
      consents,
      declarations: declarationsSchema,
    }),
    z.strictObject({
      type: z.literal('equity_exit'),
      householdId: b.id,
      /** the shares the household gives up (some or all of its holding) */
      shares: z
        .number({ error: 'shares must be a whole number of shares' })
        .int('shares must be a whole number of shares')
        .min(1, 'an equity exit gives up at least one share')
        .max(MAX_EQUITY_SHARES),
      consents,
      declarations: declarationsSchema,
    }),
    z
      .strictObject({
        type: z.literal('contract_land_exit'),
        householdId: b.id,
        scope: z.enum(['all', 'partial']),
        term: z.enum(['current_term', 'permanent']),
        plotIds: z.array(b.id).min(1).max(b.plots).refine(uniqueIds, 'plot ids must be unique').optional(),
        consents,
        declarations: declarationsSchema,
      })
      .refine((a) => a.scope !== 'partial' || (a.plotIds?.length ?? 0) > 0, {
        message: 'a partial exit names at least one plot',
        path: ['plotIds'],
      }),
  ]);
}

/**
 * Body of `POST /cases`: a homestead exit (宅基地自愿有偿退出), a contract-land exit (土地承包经营权退出) or
 * a collective equity exit (集体资产股权有偿退出, 二(二)5). A case covers at most MAX_LAND_PER_CASE plots
 * (its land claims go in one transaction; a household with more files several cases).
 */
export const applicationSchema = applicationWith({
  id: requestIdSchema,
  parcels: MAX_HOMESTEADS,
  plots: MAX_LAND_PER_CASE,
  consents: MAX_MEMBERS,
});
/** An application as a stored case holds it (the bounds it was filed under). */
export const storedApplicationSchema = applicationWith({
  id: idSchema,
  parcels: 200,
  plots: 200,
  consents: 50,
});
export type Application = z.infer<typeof applicationSchema>;
export type HomesteadApplication = Extract<Application, { type: 'homestead_exit' }>;
export type ContractLandApplication = Extract<Application, { type: 'contract_land_exit' }>;
export type EquityApplication = Extract<Application, { type: 'equity_exit' }>;

/** What a homestead application chose for the qualification right; anything else keeps it. */
export function qualificationChoice(application: Application): QualificationChoice {
  return application.type === 'homestead_exit' ? (application.qualificationRight ?? 'keep') : 'keep';
}
