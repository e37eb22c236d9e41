import type { Section } from './cells.js';
import { CSV_CONTENT_TYPE, csvSections, csvText } from './csv.js';
import { XLSX_CONTENT_TYPE, xlsxWorkbook } from './xlsx.js';

/**
 * A file as a route answers it (functions/api/http/route.ts RouteResult): CSV as text, xlsx as bytes
 * (sent base64 with isBase64Encoded, API Gateway HTTP API payload 2.0), always as an attachment.
 */
export interface FileAnswer {
  status: 200;
  body: null;
  text?: string;
  binary?: Uint8Array;
  headers: Record<string, string>;
}

export type ExportFormat = 'csv' | 'xlsx';

/** RFC 5987 value-chars: encodeURIComponent leaves ' ( ) * ! as they are, the header grammar does not. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment; filename="<ascii>"; filename*=UTF-8''<chinese>` (RFC 6266): every browser shows the
 * Chinese name, and a client that knows only `filename` still gets a safe ASCII one.
 */
export function contentDisposition(asciiName: string, name?: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return name && name !== ascii
    ? `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`
    : `attachment; filename="${ascii}"`;
}

export interface FileNames {
  /** without extension, ASCII */
  ascii: string;
  /** without extension, Chinese */
  zh: string;
}

/**
 * The sections as a file of the format asked for. `titled`: the report's sections each keep their title
 * row (CSV sections separated by a blank row, one worksheet each); a single plain table (the ledger)
 * has its header in the first row, which is what a spreadsheet filter or an import expects.
 */
export async function fileAnswer(
  format: ExportFormat,
  sections: readonly Section[],
  names: FileNames,
  opts: { titled: boolean; created: string },
): Promise<FileAnswer> {
  const disposition = (ext: string) => contentDisposition(`${names.ascii}.${ext}`, `${names.zh}.${ext}`);
  if (format === 'csv') {
    const text = opts.titled
      ? csvSections(sections)
      : csvText(sections.flatMap((s) => [s.header, ...s.rows]));
    return {
      status: 200,
      body: null,
      text,
      headers: { 'content-type': CSV_CONTENT_TYPE, 'content-disposition': disposition('csv') },
    };
  }
  return {
    status: 200,
    body: null,
    binary: await xlsxWorkbook(sections, { titleRow: opts.titled, created: opts.created }),
    headers: { 'content-type': XLSX_CONTENT_TYPE, 'content-disposition': disposition('xlsx') },
  };
}
