import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { caseStatusSchema } from '../../domain/model/status.js';
import { keys } from '../keys.js';

/** Append-only audit entry (审计留痕): who did what, when, why, and the status before and after. */
export const auditEntrySchema = z.object({
  auditId: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  caseId: z.string().optional(),
  entity: z.string().optional(),
  fromStatus: caseStatusSchema.optional(),
  toStatus: caseStatusSchema.optional(),
  reason: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export type AuditInput = Omit<AuditEntry, 'auditId' | 'at'> & { at?: string; auditId?: string };

/** The item for an audit entry; written with `attribute_not_exists` so it can never be overwritten. */
export function auditPut(tableName: string, input: AuditInput, now: string) {
  const entry: AuditEntry = { ...input, at: input.at ?? now, auditId: input.auditId ?? randomUUID() };
  const key = entry.caseId
    ? keys.caseAudit(entry.caseId, entry.at, entry.auditId)
    : keys.entityAudit(entry.entity ?? 'system', entry.at, entry.auditId);
  return {
    Put: {
      TableName: tableName,
      Item: { ...key, itemType: 'audit', ...entry },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
