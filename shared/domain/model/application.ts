import * as z from 'zod';
import { idSchema, isoDateTimeSchema } from './common.js';

export const caseTypeSchema = z.enum(['homestead_exit', 'contract_land_exit']);
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

/** Body of `POST /cases`: a homestead exit (宅基地自愿有偿退出) or a contract-land exit (土地承包经营权退出). */
export const applicationSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('homestead_exit'),
    householdId: idSchema,
    parcelIds: idList.refine(uniqueIds, 'parcel ids must be unique'),
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
