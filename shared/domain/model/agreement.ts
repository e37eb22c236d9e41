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
  /**
   * The agreement document: the PDF the household signed (issue 15), `cases/{caseId}/agreements/
   * {sha256}.pdf`. Agreements signed before the PDF existed point at their JSON record and have no hash.
   */
  documentKey: z.string(),
  /** hex SHA-256 of the signed PDF's bytes (API.md wave 2 `agreement.sha256`) */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** hex SHA-256 of the agreement's content (canonical JSON), printed on its verification line */
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** the signed PDF's size in bytes */
  sizeBytes: z.number().int().positive().optional(),
  /** the machine-readable record written beside the PDF (what was signed, as JSON) */
  recordKey: z.string().optional(),
});
export type Agreement = z.infer<typeof agreementSchema>;
