import * as z from 'zod';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KINDS, documentStatusSchema } from '../contract/documents.js';
import { idSchema } from '../domain/model/common.js';

/** The kinds and content types are the wire contract's (API.md); the request is checked against them. */
export { DOCUMENT_KINDS } from '../contract/documents.js';
export const CONTENT_TYPES = DOCUMENT_CONTENT_TYPES;
export type DocumentContentType = (typeof CONTENT_TYPES)[number];
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/**
 * The headers a presigned upload signs and the upload ticket tells the browser to send
 * (shared/documents/documentStore.ts). The documents bucket's CORS rule must allow each one a browser
 * lets a page set (infra/constructs/data.ts); content-length the browser sets itself.
 */
export const UPLOAD_SIGNED_HEADERS = ['content-type', 'content-length', 'if-none-match'] as const;
/** Headers no page may set (the Fetch standard's forbidden request headers among the signed ones). */
export const BROWSER_SET_HEADERS: readonly string[] = ['content-length'];

/** Body of `POST /cases/{caseId}/documents`. */
export const documentRequestSchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  contentType: z.enum(CONTENT_TYPES, { error: 'pdf, jpeg or png only' }),
  sizeBytes: z.number().int().min(1).max(MAX_DOCUMENT_BYTES, { error: 'at most 10 MB' }),
});
export type DocumentRequest = z.infer<typeof documentRequestSchema>;

/**
 * What a stored upload records of its object and its verdict: a case document's and a registry import
 * file's (shared/registryImport/documentRecord.ts) alike.
 */
export const uploadStateShape = {
  key: z.string(),
  status: documentStatusSchema,
  reason: z.string().optional(),
  createdAt: z.string(),
  verifiedAt: z.string().optional(),
  /** the ETag of the object that was judged: a later object under the same key is a replacement */
  etag: z.string().optional(),
  uploadedBy: z.string(),
};

/** Stored document metadata; read with z.object so table keys around it are dropped. */
export const documentRecordSchema = z.object({
  ...documentRequestSchema.shape,
  documentId: idSchema,
  caseId: idSchema,
  ...uploadStateShape,
});
export type DocumentRecord = z.infer<typeof documentRecordSchema>;

/** Object keys: every case document under cases/{caseId}/; rejected uploads move under quarantine/. */
export const documentKey = (caseId: string, documentId: string) => `cases/${caseId}/${documentId}`;
export const quarantineKey = (key: string) => `quarantine/${key}`;

/** caseId and documentId back from an object key, or undefined for keys outside cases/. */
export function parseDocumentKey(key: string): { caseId: string; documentId: string } | undefined {
  const match = /^cases\/([^/]+)\/([^/]+)$/.exec(key);
  return match?.[1] && match[2] ? { caseId: match[1], documentId: match[2] } : undefined;
}
