import * as z from 'zod';
import { timeSchema } from './common.js';

/**
 * Evidence documents on the wire: the upload ticket, a case's documents as the case view lists them,
 * and the presigned GET of the document viewer. The kinds and content types are those API.md names;
 * shared/documents/documentModel.ts keeps the same lists for the request (test/contract checks they agree).
 */
export const DOCUMENT_KINDS = [
  'id_card',
  'hukou',
  'property_certificate',
  'social_insurance',
  'residence_proof',
  'consent_form',
  'other',
  // wave 2: the land leg's evidence (腾退 photo, 复垦验收 certificate, 交回 record) and the housing certificate
  'photo',
  'acceptance_certificate',
  'handover_record',
  'housing_certificate',
] as const;
export const documentKindSchema = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof documentKindSchema>;

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const documentContentTypeSchema = z.enum(DOCUMENT_CONTENT_TYPES);

/** pending until the server has verified the upload (size, magic bytes); rejected with a reason. */
export const documentStatusSchema = z.enum(['pending', 'accepted', 'rejected']);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;

/** `POST /cases/{caseId}/documents` → 201: where and how to PUT the file. */
export const uploadTicketSchema = z.object({
  documentId: z.string(),
  uploadUrl: z.string(),
  method: z.literal('PUT'),
  /** to send with the PUT as they are: the URL signs them (extension: `if-none-match: *`) */
  headers: z.record(z.string(), z.string()),
  expiresAt: timeSchema,
});
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

/** One document of a case, as the case view lists it. */
export const caseDocumentSchema = z.object({
  documentId: z.string(),
  kind: documentKindSchema,
  contentType: documentContentTypeSchema,
  sizeBytes: z.number().int(),
  status: documentStatusSchema,
  /** why a file was rejected, "中文 / English" */
  reason: z.string().optional(),
});
export type CaseDocument = z.infer<typeof caseDocumentSchema>;

/** `GET /cases/{caseId}/documents/{documentId}` → 200 (extension): a 5-minute presigned GET. */
export const documentDownloadSchema = z.object({
  documentId: z.string(),
  kind: documentKindSchema,
  contentType: documentContentTypeSchema,
  sizeBytes: z.number().int(),
  url: z.string(),
  method: z.literal('GET'),
  expiresAt: timeSchema,
});
export type DocumentDownload = z.infer<typeof documentDownloadSchema>;
