import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common.js';

export const caseTypeSchema = z.enum(['homestead_exit', 'contract_land_exit', 'equity_exit']);
export type CaseType = z.infer<typeof caseTypeSchema>;

export const consentSchema = z.strictObject({
  memberId: idSchema,
  consented: z.literal(true, { error: 'consent must be given explicitly (true)' }),
  signedAt: isoDateTimeSchema,
});
export type Consent = z.infer<typeof consentSchema>;

const declarationsSchema = z.strictObject({
  voluntary: z.literal(true, { error: 'the household must declare that the exit is voluntary' }),
});

const idList = z.array(idSchema).min(1).max(200);

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
 * Body of `POST /cases`: a homestead exit (宅基地自愿有偿退出), a contract-land exit (土地承包经营权退出) or
 * a collective equity exit (集体资产股权有偿退出, 二(二)5).
 */
export const applicationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('homestead_exit'),
    householdId: idSchema,
    parcelIds: idList.refine(uniqueIds, 'parcel ids must be unique'),
    /** absent: `keep` (the default, and what every case filed before the choice did) — `qualificationChoice` */
    qualificationRight: qualificationChoiceSchema.optional(),
    consents: z.array(consentSchema).min(1).max(50),
    declarations: declarationsSchema,
  }),
  z.strictObject({
    type: z.literal('equity_exit'),
    householdId: idSchema,
    /** the shares the household gives up (some or all of its holding) */
    shares: z
      .number({ error: 'shares must be a whole number of shares' })
      .int('shares must be a whole number of shares')
      .min(1, 'an equity exit gives up at least one share')
      .max(MAX_EQUITY_SHARES),
    consents: z.array(consentSchema).min(1).max(50),
    declarations: declarationsSchema,
  }),
  z
    .strictObject({
      type: z.literal('contract_land_exit'),
      householdId: idSchema,
      scope: z.enum(['all', 'partial']),
      term: z.enum(['current_term', 'permanent']),
      plotIds: idList.refine(uniqueIds, 'plot ids must be unique').optional(),
      consents: z.array(consentSchema).min(1).max(50),
      declarations: declarationsSchema,
    })
    .refine((a) => a.scope !== 'partial' || (a.plotIds?.length ?? 0) > 0, {
      message: 'a partial exit names at least one plot',
      path: ['plotIds'],
    }),
]);
export type Application = z.infer<typeof applicationSchema>;
export type HomesteadApplication = Extract<Application, { type: 'homestead_exit' }>;
export type ContractLandApplication = Extract<Application, { type: 'contract_land_exit' }>;
export type EquityApplication = Extract<Application, { type: 'equity_exit' }>;

/** What a homestead application chose for the qualification right; anything else keeps it. */
export function qualificationChoice(application: Application): QualificationChoice {
  return application.type === 'homestead_exit' ? (application.qualificationRight ?? 'keep') : 'keep';
}
