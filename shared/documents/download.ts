import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { documentClient, s3Client } from '../adapters/clients.js';
import { requireConfig } from '../adapters/config.js';
import { auditPut } from '../adapters/table/audit.js';
import type { Role } from '../auth/principal.js';
import { IllegalTransition, NotReady } from '../errors/appError.js';
import { type DocumentContentType, type DocumentRecord, documentKey } from './documentModel.js';

/**
 * Viewing a case document: a presigned GET of the verified object, and the audit entry that records
 * the access (DOMAIN.md, "every … document access is recorded with actor, time and reason").
 */

/** Long enough to open the file in the viewer, short enough that a leaked link soon stops working. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;

const EXTENSIONS: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** `<kind>-<documentId>.<ext>`: kinds and ids are [A-Za-z0-9_.-] only, so nothing needs quoting. */
export function downloadFilename(doc: Pick<DocumentRecord, 'kind' | 'documentId' | 'contentType'>): string {
  return `${doc.kind}-${doc.documentId}.${EXTENSIONS[doc.contentType]}`;
}

/**
 * Only a verified file is served. A pending one may still turn out to be a fake, and a rejected one
 * has been moved to quarantine/, which must never be handed to a browser.
 */
export function assertServable(doc: DocumentRecord): void {
  if (doc.status === 'pending') {
    throw new NotReady(
      { zh: '文件仍在核验中，请稍后再查看', en: 'the file is still being verified; try again shortly' },
      { documentStatus: doc.status },
    );
  }
  if (doc.status === 'rejected') {
    throw new IllegalTransition(
      {
        zh: '文件未通过核验，已被隔离，不能查看',
        en: 'the file failed verification and is quarantined; it cannot be viewed',
      },
      { documentStatus: doc.status, ...(doc.reason ? { reason: doc.reason } : {}) },
    );
  }
}

export interface PresignedDownload {
  url: string;
  expiresAt: string;
}

/**
 * How the browser is told to treat a served upload. Only an image is shown in place (`inline`): the
 * viewer's <img> renders it as an image whatever bytes it holds. Anything else (a PDF) is `attachment`:
 * the browser saves it and never renders it in the API's or the bucket's origin, so even a file that got
 * past verification cannot run there (issue 16). The name is given plainly and as RFC 6266's
 * `filename*` (UTF-8, percent-encoded), which browsers prefer.
 */
export function contentDisposition(doc: Pick<DocumentRecord, 'kind' | 'documentId' | 'contentType'>): string {
  const name = downloadFilename(doc);
  const disposition = doc.contentType.startsWith('image/') ? 'inline' : 'attachment';
  // RFC 8187 attr-char: encodeURIComponent leaves !'()* as they are, which must be encoded too
  const encoded = encodeURIComponent(name).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${name}"; filename*=UTF-8''${encoded}`;
}

/**
 * A presigned GET, signed with this function's credentials, that makes S3 answer with the verified
 * content type (not whatever the uploader's PUT claimed) and the disposition above. Personal papers
 * (ID cards, hukou) stay out of shared caches. S3 cannot add `X-Content-Type-Options: nosniff` to a
 * presigned GET (no response-* parameter sets it): the explicit, verified content type and, for
 * anything but an image, `attachment` are what keep a browser from reading the file as something else.
 */
export async function presignDownload(doc: DocumentRecord, now: string): Promise<PresignedDownload> {
  assertServable(doc);
  // the key is taken from the record, so it must still be the case's own key: never quarantine/ or
  // another case's object, whatever the record says
  if (doc.key !== documentKey(doc.caseId, doc.documentId)) {
    throw new Error(`document ${doc.documentId} of case ${doc.caseId} has an unexpected key`);
  }
  const command = new GetObjectCommand({
    Bucket: requireConfig('DOCUMENTS_BUCKET'),
    Key: doc.key,
    ResponseContentType: doc.contentType,
    ResponseContentDisposition: contentDisposition(doc),
    ResponseCacheControl: 'private, no-store',
  });
  const signedAt = new Date(now);
  const url = await getSignedUrl(s3Client(), command, {
    expiresIn: DOWNLOAD_URL_SECONDS,
    // signed at the request's own clock reading, so expiresAt is exactly when S3 stops honouring it
    signingDate: signedAt,
  });
  return { url, expiresAt: new Date(signedAt.getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString() };
}

/** Why each role looks at a case's evidence: the audit's reason, zh-CN first. */
const ACCESS_REASONS: Record<Role, string> = {
  applicant: '申请农户查看本户提交的材料 / the household viewed its own evidence',
  village_reviewer: '村集体审核查阅材料 / viewed for the village review',
  fund_admin: '专项基金审核查阅材料 / viewed for the fund review',
  registrar: '不动产登记查阅材料 / viewed by the registry',
  auditor: '审计监督查阅材料 / viewed for audit',
  town_reviewer: '乡镇审核查阅材料 / viewed for the town audit',
  district_approver: '区县审批查阅材料 / viewed for the district approval',
  land_officer: '自然资源部门查阅材料 / viewed by the land officer',
};

export interface DocumentAccess {
  actor: string;
  /** the role under which the caller reached the case */
  role: Role;
  at: string;
  expiresAt: string;
  requestId?: string;
}

/**
 * Appends the access to the case's audit trail. A lone conditional Put of a new audit item: the case
 * item and its version are not touched, so viewing evidence never makes a concurrent decision 409.
 */
export async function recordDocumentAccess(doc: DocumentRecord, access: DocumentAccess): Promise<void> {
  const TableName = requireConfig('TABLE_NAME');
  const { Put } = auditPut(
    TableName,
    {
      actor: access.actor,
      action: 'document.accessed',
      caseId: doc.caseId,
      reason: ACCESS_REASONS[access.role],
      detail: {
        documentId: doc.documentId,
        kind: doc.kind,
        role: access.role,
        urlExpiresAt: access.expiresAt,
        ...(access.requestId ? { requestId: access.requestId } : {}),
      },
    },
    access.at,
  );
  await documentClient().send(new PutCommand(Put));
}
