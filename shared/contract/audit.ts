import * as z from 'zod';
import { caseStatusSchema } from '../domain/model/status.js';
import { pageSchema, timeSchema } from './common.js';

/**
 * `GET /cases/{caseId}/audit` (extension): the case's append-only audit trail (审计留痕), oldest first.
 * `action` is a dotted verb (`case.submitted`, `review.approve`, `document.accessed`, …); `detail` is
 * the action's own record (e.g. the document, the viewer's role), open by design.
 */
export const auditEntryViewSchema = z.object({
  auditId: z.string(),
  at: timeSchema,
  actor: z.string(),
  action: z.string(),
  fromStatus: caseStatusSchema.optional(),
  toStatus: caseStatusSchema.optional(),
  reason: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const auditTrailSchema = pageSchema(auditEntryViewSchema);
export type AuditTrail = z.infer<typeof auditTrailSchema>;
