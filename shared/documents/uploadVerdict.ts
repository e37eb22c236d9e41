import { requireConfig } from '../adapters/config.js';
import { type AuditInput, auditPut } from '../adapters/table/audit.js';
import { cancellationCodes, transact } from '../adapters/table/dynamo.js';
import type { DocumentStatus } from '../contract/documents.js';
import type { UploadVerdict } from './verifyUpload.js';

/** Where a verdict is written and audited: a case document's record or a registry import file's. */
export interface VerdictTarget {
  Key: Record<string, string>;
  /** the status the verifier read: the verdict is written only while the record still has it */
  was: DocumentStatus;
  /** the audit entry's action and where it is filed (the case, or an entity) */
  audit: Pick<AuditInput, 'action' | 'caseId' | 'entity' | 'detail'>;
}

/**
 * Records an upload's verdict once, with its audit entry, in one transaction: the status, when, the
 * ETag of the object judged and a rejection's reason, only while the record still has the status the
 * verifier read, so that a redelivered event changes nothing (false: a verdict was recorded meanwhile).
 */
export async function recordUploadVerdict(
  target: VerdictTarget,
  verdict: UploadVerdict,
  at: string,
  etag: string,
): Promise<boolean> {
  const TableName = requireConfig('TABLE_NAME');
  const rejected = verdict.status === 'rejected';
  try {
    await transact([
      {
        Update: {
          TableName,
          Key: target.Key,
          UpdateExpression: `SET #status = :status, verifiedAt = :at, etag = :etag${rejected ? ', reason = :reason' : ''}`,
          ConditionExpression: '#status = :was',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': verdict.status,
            ':at': at,
            ':was': target.was,
            ':etag': etag,
            ...(rejected ? { ':reason': verdict.reason } : {}),
          },
        },
      },
      auditPut(
        TableName,
        { actor: 'system:upload-verifier', ...target.audit, ...(rejected ? { reason: verdict.reason } : {}) },
        at,
      ),
    ]);
    return true;
  } catch (error) {
    // a verdict recorded meanwhile (the status is no longer the one read): nothing to do
    if (cancellationCodes(error)) return false;
    throw error;
  }
}
