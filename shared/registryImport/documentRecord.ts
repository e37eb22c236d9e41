import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { documentClient, s3Client } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { keys } from '../adapters/keys.js';
import { auditPut } from '../adapters/table/audit.js';
import { transact } from '../adapters/table/dynamo.js';
import { registryDocumentRequestSchema } from '../contract/registryImports.js';
import { uploadStateShape } from '../documents/documentModel.js';
import { recordUploadVerdict } from '../documents/uploadVerdict.js';
import type { UploadVerdict } from '../documents/verifyUpload.js';
import { idSchema } from '../domain/model/common.js';

/**
 * An uploaded registry import file (issue 19, `POST /registry/documents`): belongs to no case, so it has
 * a partition of its own (keys.registryDocument) and its object a prefix of its own, which the upload
 * verifier watches beside `cases/` (functions/documents/verifyUpload.ts → ./verifyRegistryUpload.ts).
 */
export const REGISTRY_UPLOAD_PREFIX = 'registry-imports/';
/** The audit entity of an import file's record (AUDIT#REGISTRY_IMPORT). */
export const REGISTRY_IMPORT_AUDIT_ENTITY = 'REGISTRY_IMPORT';

export const registryDocumentKey = (documentId: string) => `${REGISTRY_UPLOAD_PREFIX}${documentId}`;

/** documentId back from an object key, or undefined for a key outside the prefix. */
export function parseRegistryDocumentKey(key: string): string | undefined {
  const match = /^registry-imports\/([^/]+)$/.exec(key);
  return match?.[1];
}

/** The import reads exactly the object judged (If-Match on its `etag`). */
export const registryDocumentRecordSchema = z.object({
  ...registryDocumentRequestSchema.shape,
  documentId: idSchema,
  ...uploadStateShape,
});
export type RegistryDocumentRecord = z.infer<typeof registryDocumentRecordSchema>;

export async function putRegistryDocument(doc: RegistryDocumentRecord): Promise<void> {
  const TableName = requireConfig('TABLE_NAME');
  await transact([
    {
      Put: {
        TableName,
        Item: { ...keys.registryDocument(doc.documentId), itemType: 'registryDocument', ...doc },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    auditPut(
      TableName,
      {
        actor: doc.uploadedBy,
        action: 'registry_import.document_requested',
        entity: REGISTRY_IMPORT_AUDIT_ENTITY,
        detail: { documentId: doc.documentId, contentType: doc.contentType, sizeBytes: doc.sizeBytes },
      },
      doc.createdAt,
    ),
  ]);
}

/** Read consistently: the verdict just recorded is the one that decides. */
export async function getRegistryDocument(documentId: string): Promise<RegistryDocumentRecord | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: requireConfig('TABLE_NAME'),
      Key: keys.registryDocument(documentId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? registryDocumentRecordSchema.parse(out.Item) : undefined;
}

/**
 * Records a verdict once, from the status the caller read (`pending` for a first verdict; `accepted`
 * when a replacement is found), so a redelivered event changes nothing.
 */
export function recordRegistryVerdict(
  doc: RegistryDocumentRecord,
  verdict: UploadVerdict,
  at: string,
  etag: string,
): Promise<boolean> {
  return recordUploadVerdict(
    {
      Key: keys.registryDocument(doc.documentId),
      was: doc.status,
      audit: {
        action: `registry_import.document_${verdict.status}`,
        entity: REGISTRY_IMPORT_AUDIT_ENTITY,
        detail: { documentId: doc.documentId },
      },
    },
    verdict,
    at,
    etag,
  );
}

/** The bytes of the object the verdict judged (If-Match on its ETag: a replacement is never read). */
export async function readRegistryObject(doc: RegistryDocumentRecord): Promise<Uint8Array> {
  const out = await s3Client().send(
    new GetObjectCommand({
      Bucket: requireConfig('DOCUMENTS_BUCKET'),
      Key: doc.key,
      ...(doc.etag ? { IfMatch: doc.etag } : {}),
    }),
  );
  return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
}
