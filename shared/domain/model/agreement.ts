import * as z from 'zod';
import { fenSchema, idSchema, isoDateTimeSchema, nonNegativeFenSchema } from './common.js';
import { resettlementOptionSchema } from './offer.js';
import { surrenderSchema } from './rights.js';

/** The signed exit agreement (退出协议). Lists as surrendered only rights within the case's scope. */
export const agreementSchema = z.strictObject({
  agreementId: idSchema,
  caseId: idSchema,
  option: resettlementOptionSchema,
  /** compensation the agreement fixes (cash total, or housing compensation set against the price) */
  amountFen: nonNegativeFenSchema,
  /** housing only: compensation minus the resettlement price */
  balanceFen: fenSchema.optional(),
  /** what the special fund advances to the household */
  payableFen: nonNegativeFenSchema,
  rewardIncluded: z.boolean(),
  signedAt: isoDateTimeSchema,
  surrendered: z.array(surrenderSchema),
  parametersVersion: z.string(),
  documentKey: z.string(),
});
export type Agreement = z.infer<typeof agreementSchema>;
