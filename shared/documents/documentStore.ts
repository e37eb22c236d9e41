import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { documentClient, s3Client } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { keys } from '../adapters/keys.js';
import { auditPut } from '../adapters/table/audit.js';
import { cancellationCodes, transact } from '../adapters/table/dynamo.js';
import type { UploadTicket } from '../contract/documents.js';
import {
  type DocumentRecord,
  documentRecordSchema,
  MAX_DOCUMENT_BYTES,
  quarantineKey,
  UPLOAD_SIGNED_HEADERS,
} from './documentModel.js';
import { recordUploadVerdict } from './uploadVerdict.js';
import type { UploadVerdict } from './verifyUpload.js';

/** Case documents: metadata in the table, bytes in the private documents bucket. */
export const UPLOAD_URL_SECONDS = 15 * 60;

/** The stored document item (also what bench/scale writes in bulk). */
export function documentItem(doc: DocumentRecord): Record<string, unknown> {
  return { ...keys.document(doc.caseId, doc.documentId), itemType: 'document', ...doc };
}

export async function putDocumentRecord(doc: DocumentRecord): Promise<void> {
  const TableName = requireConfig('TABLE_NAME');
  await transact([
    {
      Put: {
        TableName,
        Item: documentItem(doc),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    auditPut(
      TableName,
      {
        actor: doc.uploadedBy,
        action: 'document.requested',
        caseId: doc.caseId,
        detail: {
          documentId: doc.documentId,
          kind: doc.kind,
          contentType: doc.contentType,
          sizeBytes: doc.sizeBytes,
        },
      },
      doc.createdAt,
    ),
  ]);
}

export async function listDocuments(caseId: string): Promise<DocumentRecord[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: requireConfig('TABLE_NAME'),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':sk': 'DOC#' },
    }),
  );
  return (out.Items ?? []).map((i) => documentRecordSchema.parse(i));
}

/**
 * One document of one case, read consistently: the verdict the verifier has just recorded (or the record
 * an upload has just created) is the one that decides. Looked up under the case's own partition, so
 * another case's document id is simply not found.
 */
export async function getDocumentRecord(
  caseId: string,
  documentId: string,
): Promise<DocumentRecord | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: keys.document(caseId, documentId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? documentRecordSchema.parse(out.Item) : undefined;
}

/**
 * The upload ticket of a registered document (`POST …/documents` → 201): a presigned PUT that signs the
 * content type and length (S3 enforces both on AWS), the headers to send with it, and when it expires.
 */
export async function uploadTicketFor(
  // a case document, or a registry import file (shared/registryImport/documentRecord.ts)
  doc: Pick<DocumentRecord, 'documentId' | 'key' | 'sizeBytes' | 'createdAt'> & { contentType: string },
): Promise<UploadTicket> {
  const command = new PutObjectCommand({
    Bucket: requireConfig('DOCUMENTS_BUCKET'),
    Key: doc.key,
    ContentType: doc.contentType,
    ContentLength: doc.sizeBytes,
    // write-once: S3 refuses a second PUT through the same URL, so a verified file cannot be swapped
    IfNoneMatch: '*',
  });
  const url = await getSignedUrl(s3Client(), command, {
    expiresIn: UPLOAD_URL_SECONDS,
    signableHeaders: new Set(UPLOAD_SIGNED_HEADERS),
  });
  return {
    documentId: doc.documentId,
    uploadUrl: url,
    method: 'PUT',
    headers: {
      'content-type': doc.contentType,
      'content-length': String(doc.sizeBytes),
      'if-none-match': '*',
    },
    expiresAt: new Date(Date.parse(doc.createdAt) + UPLOAD_URL_SECONDS * 1000).toISOString(),
  };
}

/**
 * Size, ETag and bytes of an uploaded object, for verification. The HEAD comes first: an object of
 * another size than declared is refused on its size alone and never downloaded (on s3rver, which does
 * not enforce the signed length, it could be anything). Otherwise the whole object is read (at most
 * MAX_DOCUMENT_BYTES, 10 MiB, the cap every declaration is held to) with If-Match on the HEAD's ETag,
 * so the bytes judged are those of the object whose ETag the verdict records.
 */
export async function readUpload(
  key: string,
  declaredBytes: number,
  /** a registry import file may be larger (20 MB: shared/contract/registryImports.ts) */
  maxBytes: number = MAX_DOCUMENT_BYTES,
): Promise<{ sizeBytes: number; bytes: Uint8Array; etag: string }> {
  const Bucket = requireConfig('DOCUMENTS_BUCKET');
  const head = await s3Client().send(new HeadObjectCommand({ Bucket, Key: key }));
  const sizeBytes = head.ContentLength ?? 0;
  const etag = head.ETag ?? '';
  if (sizeBytes === 0 || sizeBytes !== declaredBytes || sizeBytes > maxBytes) {
    return { sizeBytes, bytes: new Uint8Array(), etag };
  }
  const out = await s3Client().send(
    new GetObjectCommand({ Bucket, Key: key, ...(etag ? { IfMatch: etag } : {}) }),
  );
  const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  return { sizeBytes, bytes, etag };
}

/** The ETag of the object now under a key, or undefined when there is none. */
export async function currentEtag(key: string): Promise<string | undefined> {
  try {
    const head = await s3Client().send(
      new HeadObjectCommand({ Bucket: requireConfig('DOCUMENTS_BUCKET'), Key: key }),
    );
    return head.ETag;
  } catch (error) {
    if (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return undefined;
    throw error;
  }
}

/** Rejected uploads leave cases/ for quarantine/, so nothing unverified is ever served from a case. */
export async function quarantine(key: string): Promise<string> {
  const Bucket = requireConfig('DOCUMENTS_BUCKET');
  const target = quarantineKey(key);
  await s3Client().send(
    new CopyObjectCommand({ Bucket, Key: target, CopySource: `${Bucket}/${encodeURI(key)}` }),
  );
  await s3Client().send(new DeleteObjectCommand({ Bucket, Key: key }));
  return target;
}

/** Records the verdict once; a redelivered event for a document already judged changes nothing. */
export function recordVerdict(
  doc: DocumentRecord,
  verdict: UploadVerdict,
  at: string,
  etag: string,
): Promise<boolean> {
  return recordUploadVerdict(
    {
      Key: keys.document(doc.caseId, doc.documentId),
      was: 'pending',
      audit: {
        action: `document.${verdict.status}`,
        caseId: doc.caseId,
        detail: { documentId: doc.documentId },
      },
    },
    verdict,
    at,
    etag,
  );
}

/**
 * A file replaced after its verdict (a second PUT through a still-valid URL, where S3 does not enforce
 * write-once): the replacement is quarantined and the document marked rejected, once.
 */
export async function recordReplacement(doc: DocumentRecord, at: string): Promise<boolean> {
  const TableName = requireConfig('TABLE_NAME');
  const reason =
    '文件在审核后被替换，已隔离，请重新上传 / the file was replaced after verification and quarantined; upload it again';
  try {
    await transact([
      {
        Update: {
          TableName,
          Key: keys.document(doc.caseId, doc.documentId),
          UpdateExpression: 'SET #status = :rejected, verifiedAt = :at, reason = :reason',
          ConditionExpression: '#status = :was AND (etag = :etag OR attribute_not_exists(etag))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':rejected': 'rejected',
            ':at': at,
            ':reason': reason,
            ':was': doc.status,
            ':etag': doc.etag ?? '',
          },
        },
      },
      auditPut(
        TableName,
        {
          actor: 'system:upload-verifier',
          action: 'document.replaced',
          caseId: doc.caseId,
          reason,
          detail: { documentId: doc.documentId },
        },
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
