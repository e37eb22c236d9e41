import {
  REGISTRY_IMPORT_CONTENT_TYPES,
  REGISTRY_IMPORT_DOCUMENT_KIND,
  type RegistryDocumentRequest,
  type RegistryImportFormat,
  type RegistryImportRequest,
} from '../../../shared/contract/registryImports';
import { apiFetch, newIdempotencyKey } from './client';
import type { UploadTicket } from './contract';

/**
 * The registrar's bulk import (issue 19 item 2, API.md "Go-live"): the file goes up as a document of
 * kind `registry_import` through an upload ticket, exactly as a household's evidence does, then
 * `POST /registry/imports` names it and the import runs on the server; its progress is read with
 * `GET /registry/imports/{importId}` (see pages/registry/RegistryImport.tsx).
 */

/** The format a chosen file is in, by its extension first (a browser's type for .csv varies), or none. */
export function importFormatOf(file: { name: string; type: string }): RegistryImportFormat | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return 'xlsx';
  if (name.endsWith('.csv')) return 'csv';
  if (file.type === REGISTRY_IMPORT_CONTENT_TYPES.xlsx) return 'xlsx';
  if (file.type === REGISTRY_IMPORT_CONTENT_TYPES.csv) return 'csv';
  return undefined;
}

/** The PUT of the ticket, with its signed headers; answers the HTTP status. */
async function put(ticket: UploadTicket, body: Blob): Promise<number> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ticket.headers)) {
    // the browser sets content-length (and host) itself and refuses to be told
    if (k.toLowerCase() === 'content-length' || k.toLowerCase() === 'host') continue;
    headers[k] = v;
  }
  const res = await fetch(ticket.uploadUrl, { method: ticket.method, headers, body });
  return res.status;
}

/** Thrown when the file store refused the PUT itself (the ticket's API call had succeeded). */
export class UploadFailed extends Error {
  constructor(readonly status: number) {
    super(`upload refused: HTTP ${status}`);
    this.name = 'UploadFailed';
  }
}

export type ImportPhase = 'uploading' | 'starting';

/**
 * Uploads the file and starts its import; answers the import's id. A 409 NOT_READY at the start is the
 * upload still being verified server-side: the same request is sent again after a short pause. A 400 (not the template) is thrown as the ApiError it is, for the form to show its field messages.
 */
export async function uploadAndStartImport(
  file: File,
  format: RegistryImportFormat,
  onPhase: (phase: ImportPhase) => void = () => undefined,
): Promise<string> {
  onPhase('uploading');
  const contentType = REGISTRY_IMPORT_CONTENT_TYPES[format];
  const ticketRequest: RegistryDocumentRequest = {
    kind: REGISTRY_IMPORT_DOCUMENT_KIND,
    contentType,
    sizeBytes: file.size,
  };
  const ticket = await apiFetch<UploadTicket>('/registry/documents', {
    body: ticketRequest,
    idempotencyKey: newIdempotencyKey(),
  });
  // the file is sent as the type the ticket was asked for, whatever the browser guessed
  const status = await put(ticket, new Blob([file], { type: contentType }));
  // 412: an earlier attempt did arrive (the URL is write-once)
  if (!(status >= 200 && status < 300) && status !== 412) throw new UploadFailed(status);
  onPhase('starting');
  // NOT_READY while the verifier has not judged the upload yet: sent again after its Retry-After (the
  // key is given back when a request fails, so the repeat is the same request)
  const start: RegistryImportRequest = { format, documentId: ticket.documentId };
  const { importId } = await apiFetch<{ importId: string }>('/registry/imports', {
    body: start,
    idempotencyKey: newIdempotencyKey(),
    retryWhileNotReady: true,
  });
  return importId;
}
