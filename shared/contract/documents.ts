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

/**
 * A document the system issues (issue 15: the agreement, a payment receipt, a village's notice list):
 * a 5-minute presigned GET of the PDF and the SHA-256 of its bytes, which anyone holding the file can
 * recompute (docs/documents.md).
 */
const issuedPdfSchema = z.object({
  url: z.string(),
  method: z.literal('GET'),
  expiresAt: timeSchema,
  /** hex SHA-256 of the PDF's bytes */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().positive(),
});

/** `GET /cases/{caseId}/agreement?option=` → 200 (API.md wave 2): `{url, sha256, signed}` and more. */
export const agreementDocumentSchema = issuedPdfSchema.extend({
  caseId: z.string(),
  /** false: a preview of `option`, not yet signed */
  signed: z.boolean(),
  option: z.string(),
  agreementId: z.string().optional(),
  /** the SHA-256 printed on the agreement's verification line: of the agreement's content (JSON) */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AgreementDocument = z.infer<typeof agreementDocumentSchema>;

/** `GET /cases/{caseId}/receipts/{tranche}` → 200 (extension): the 付款凭证 of one paid tranche. */
export const paymentReceiptDocumentSchema = issuedPdfSchema.extend({
  caseId: z.string(),
  tranche: z.number().int().positive(),
  payer: z.enum(['fund', 'collective']),
  /** extension: the 凭证编号 printed on it, derived from the ledger entry or the collective's payment record */
  receiptNo: z.string().optional(),
  /** extension: the SHA-256 printed on the receipt's verification line: of its content (canonical JSON) */
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type PaymentReceiptDocument = z.infer<typeof paymentReceiptDocumentSchema>;

/** `GET /villages/{villageCode}/public-notice` → 200 (extension): the village's 公示名单 to post. */
export const noticeListDocumentSchema = issuedPdfSchema.extend({
  villageCode: z.string(),
  /** how many cases the list names (0: a list saying that nothing is in notice) */
  cases: z.number().int().nonnegative(),
  /** the Zibo date the list was drawn up on (YYYY-MM-DD) */
  asOf: z.string(),
  /** extension: the ids of the cases the list names, in the list's order */
  caseIds: z.array(z.string()).optional(),
});
export type NoticeListDocument = z.infer<typeof noticeListDocumentSchema>;
