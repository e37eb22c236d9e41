import * as z from 'zod';
import { timeSchema } from './common.js';

/**
 * Bulk registry import on the wire (API.md "Go-live", issue 19 item 2; docs/registry-import.md).
 * The file is uploaded first as a document of kind `registry_import` (`POST /registry/documents`, an
 * extension: API.md's document route belongs to a case), then named in `POST /registry/imports`.
 */
export const REGISTRY_IMPORT_FORMATS = ['xlsx', 'csv'] as const;
export const registryImportFormatSchema = z.enum(REGISTRY_IMPORT_FORMATS);
export type RegistryImportFormat = z.infer<typeof registryImportFormatSchema>;

/** The content type each format is uploaded with. */
export const REGISTRY_IMPORT_CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const satisfies Record<RegistryImportFormat, string>;

/** `POST /registry/imports` → 202 */
export const registryImportAcceptedSchema = z.object({ importId: z.string() });

export const registryImportStatusSchema = z.enum(['running', 'done', 'failed']);
export type RegistryImportStatus = z.infer<typeof registryImportStatusSchema>;

/**
 * One finding of an import: a row that fails its checks (its household is not applied, none of it), or a
 * conflict with what is stored (the household is left unchanged). `row` is the spreadsheet's row number
 * (the header is row 1), `column` the template's Chinese header.
 */
export const registryImportErrorSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  messageZh: z.string(),
  messageEn: z.string(),
  /** extension: the household the row belongs to, when the row names one */
  householdId: z.string().optional(),
  /** extension: `INVALID_ROW` (the row fails its checks), or the conflict's problem code (`CERTIFICATE_HELD`, `LAND_HELD`, `ILLEGAL_TRANSITION` for an exited parcel) */
  code: z.string(),
});
export type RegistryImportError = z.infer<typeof registryImportErrorSchema>;

/** Findings a `GET /registry/imports/{importId}` answers at most (≈ 0.3–0.9 KB each: under 2 MB a page). */
export const ERRORS_PAGE = 2_000;

/** `GET /registry/imports/{importId}` → 200 */
export const registryImportViewSchema = z.object({
  importId: z.string(),
  status: registryImportStatusSchema,
  /** data rows read (the header not counted) */
  rows: z.number().int(),
  /** households applied: new, changed, exactly as stored */
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** households left unchanged because of a conflict with what is stored */
  conflicts: z.number().int(),
  errors: z.array(registryImportErrorSchema),
  /** extensions: progress while it runs */
  households: z.number().int(),
  processed: z.number().int(),
  /** households not applied because a row of theirs fails its checks */
  rejected: z.number().int(),
  format: registryImportFormatSchema,
  documentId: z.string(),
  startedBy: z.string(),
  /** extension: the registrar's name, where the sign-in carries one (issue 18: names, not user ids) */
  startedByName: z.string().optional(),
  startedAt: timeSchema,
  finishedAt: timeSchema.optional(),
  /**
   * extensions: the findings come a page of ERRORS_PAGE at a time (`?errorsFrom=`, default 0): how many
   * there are in all, where this page begins, and where the next begins (absent on the last page)
   */
  errorCount: z.number().int().optional(),
  errorsFrom: z.number().int().optional(),
  nextErrorsFrom: z.number().int().optional(),
  /** status `failed`: why the whole file was refused */
  failure: z.object({ messageZh: z.string(), messageEn: z.string() }).optional(),
});
export type RegistryImportView = z.infer<typeof registryImportViewSchema>;

/** The document kind of an import file: never a case's evidence (`POST /cases/{caseId}/documents` refuses it). */
export const REGISTRY_IMPORT_DOCUMENT_KIND = 'registry_import';
/** An import file's upper bound: 20 MB holds ≈ 10 000 households of the template as xlsx or CSV. */
export const MAX_REGISTRY_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Body of `POST /registry/documents` (registrar; extension) → 201 the upload ticket of `POST
 * /cases/{caseId}/documents` (./documents.ts uploadTicketSchema).
 */
export const registryDocumentRequestSchema = z.strictObject({
  kind: z.literal(REGISTRY_IMPORT_DOCUMENT_KIND),
  contentType: z.enum([REGISTRY_IMPORT_CONTENT_TYPES.xlsx, REGISTRY_IMPORT_CONTENT_TYPES.csv], {
    error: 'xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or text/csv only',
  }),
  sizeBytes: z.number().int().min(1).max(MAX_REGISTRY_FILE_BYTES, { error: 'at most 20 MB' }),
});
export type RegistryDocumentRequest = z.infer<typeof registryDocumentRequestSchema>;

/** Body of `POST /registry/imports`. */
export const registryImportRequestSchema = z.strictObject({
  format: registryImportFormatSchema,
  documentId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "-", "_" and "." only'),
});
export type RegistryImportRequest = z.infer<typeof registryImportRequestSchema>;
