import type { TransactItem } from '../adapters/table/dynamo.js';
import type { DocumentStatus } from '../contract/documents.js';
import type { UploadVerdict } from './verifyUpload.js';

/**
 * The write of an upload's verdict on its record (a case document's or a registry import file's): the
 * status, when, the ETag of the object judged and a rejection's reason, only while the record still has
 * the status the verifier read (`was`), so that a redelivered event changes nothing.
 */
export function verdictUpdate(
  TableName: string,
  Key: Record<string, string>,
  verdict: UploadVerdict,
  at: string,
  etag: string,
  was: DocumentStatus,
): TransactItem {
  const rejected = verdict.status === 'rejected';
  return {
    Update: {
      TableName,
      Key,
      UpdateExpression: `SET #status = :status, verifiedAt = :at, etag = :etag${rejected ? ', reason = :reason' : ''}`,
      ConditionExpression: '#status = :was',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': verdict.status,
        ':at': at,
        ':was': was,
        ':etag': etag,
        ...(rejected ? { ':reason': verdict.reason } : {}),
      },
    },
  };
}
