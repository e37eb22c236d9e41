import * as z from 'zod';
import { landClaimRefSchema } from '../domain/model/case.js';
import { rightsViolationSchema } from '../domain/model/rights.js';
import { caseStatusSchema } from '../domain/model/status.js';
import { documentStatusSchema } from './documents.js';

/**
 * The extra members some problems carry beside those of ./problem.ts (docs/api-conformance.md): the
 * machine-readable side of a refusal, for a client to show what is in the way. All optional: a problem
 * carries the ones that apply.
 */
export const problemMembersSchema = z.object({
  /** 409: the case's status when the request was refused */
  caseStatus: caseStatusSchema.optional(),
  /** 422, the conditional-surrender guard: the rights a reason would have made the exit depend on */
  violations: z.array(rightsViolationSchema.loose()).optional(),
  /** 409 of an appeal or a signature: the land another case holds */
  heldBy: z
    .array(landClaimRefSchema.loose().extend({ caseId: z.string(), exited: z.boolean().optional() }))
    .optional(),
  /** 409 of the document viewer: why the file cannot be served yet, or at all */
  documentStatus: documentStatusSchema.optional(),
  /** with documentStatus `rejected`: the verifier's reason, "中文 / English" */
  reason: z.string().optional(),
  /** 422 of a quota sale beyond the district's quota (API.md Wave 2): the figures in m² */
  availableM2: z.number().optional(),
  acceptedM2: z.number().optional(),
  soldM2: z.number().optional(),
  askedM2: z.number().optional(),
});
export type ProblemMembers = z.infer<typeof problemMembersSchema>;
