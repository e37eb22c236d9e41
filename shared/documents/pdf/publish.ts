import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { documentClient, s3Client } from '../../adapters/clients.js';
import { requireConfig } from '../../adapters/config.js';
import { auditPut } from '../../adapters/table/audit.js';
import type { Role } from '../../auth/principal.js';
import { DOWNLOAD_URL_SECONDS } from '../download.js';

/**
 * Where the documents the system issues (agreements, notice lists, receipts) are kept and how they
 * are handed out: each PDF is an S3 object named by its SHA-256, its hash travels with it (the
 * object's metadata, the answer, the audit entry), and a person gets a 5-minute presigned GET, never
 * the bucket. docs/documents.md.
 */

export const PDF_CONTENT_TYPE = 'application/pdf';

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

export interface IssuedPdf {
  key: string;
  sha256: string;
  sizeBytes: number;
}

/**
 * Writes a rendered PDF under `prefix/<sha256>.pdf`. The key is the content's hash, so writing the
 * same document twice (a retry, two readers of one preview) puts the same bytes at the same key:
 * idempotent, and an object can never hold other bytes than its name says.
 */
export async function storePdf(prefix: string, bytes: Uint8Array): Promise<IssuedPdf> {
  const sha256 = sha256Hex(bytes);
  const key = `${prefix.replace(/\/+$/, '')}/${sha256}.pdf`;
  await s3Client().send(
    new PutObjectCommand({
      Bucket: requireConfig('DOCUMENTS_BUCKET'),
      Key: key,
      Body: bytes,
      ContentType: PDF_CONTENT_TYPE,
      ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      Metadata: { sha256 },
    }),
  );
  return { key, sha256, sizeBytes: bytes.byteLength };
}

/** Reads a stored PDF back (the signed agreement's bytes, to check them against the case's hash). */
export async function readPdf(key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3Client().send(
      new GetObjectCommand({ Bucket: requireConfig('DOCUMENTS_BUCKET'), Key: key }),
    );
    return out.Body ? await out.Body.transformToByteArray() : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

export interface PresignedPdf {
  url: string;
  expiresAt: string;
}

/**
 * A presigned GET that makes S3 answer as a PDF shown in the browser's viewer (`inline`), with a
 * filename a person recognises (ASCII, plus the Chinese one as RFC 5987 `filename*`).
 */
export async function presignPdf(
  key: string,
  now: string,
  filename: { ascii: string; zh?: string },
): Promise<PresignedPdf> {
  const disposition = filename.zh
    ? `inline; filename="${filename.ascii}"; filename*=UTF-8''${encodeURIComponent(filename.zh)}`
    : `inline; filename="${filename.ascii}"`;
  const signedAt = new Date(now);
  const url = await getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: requireConfig('DOCUMENTS_BUCKET'),
      Key: key,
      ResponseContentType: PDF_CONTENT_TYPE,
      ResponseContentDisposition: disposition,
      ResponseCacheControl: 'private, no-store',
    }),
    { expiresIn: DOWNLOAD_URL_SECONDS, signingDate: signedAt },
  );
  return { url, expiresAt: new Date(signedAt.getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString() };
}

export interface DownloadRecord {
  actor: string;
  role: Role;
  at: string;
  /** e.g. `agreement.downloaded`, `notice_list.downloaded`, `receipt.downloaded` */
  action: string;
  /** the case the document belongs to; otherwise the entity (e.g. `VILLAGE#370302001001`) */
  caseId?: string;
  entity?: string;
  reason: string;
  sha256: string;
  key: string;
  urlExpiresAt: string;
  requestId?: string;
  detail?: Record<string, unknown>;
}

/**
 * Every download is in the audit trail before its URL leaves the function: one conditional Put of a
 * new audit item (the case item is not touched, so a download never makes a decision 409).
 */
export async function recordDownload(d: DownloadRecord): Promise<void> {
  const { Put } = auditPut(
    requireConfig('TABLE_NAME'),
    {
      actor: d.actor,
      action: d.action,
      ...(d.caseId ? { caseId: d.caseId } : { entity: d.entity ?? 'system' }),
      reason: d.reason,
      detail: {
        role: d.role,
        sha256: d.sha256,
        key: d.key,
        urlExpiresAt: d.urlExpiresAt,
        ...(d.requestId ? { requestId: d.requestId } : {}),
        ...d.detail,
      },
    },
    d.at,
  );
  await documentClient().send(new PutCommand(Put));
}
