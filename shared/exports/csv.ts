import type { QuarterlyReport } from '../reports/quarterly.js';
import { type Cell, cellText, type Section } from './cells.js';
import { quarterlySections } from './quarterlySections.js';

/**
 * The project's one CSV writer (every CSV the API or the portal hands out is written here), for Excel
 * as used in China: UTF-8 with a byte-order mark (without it Excel reads the file as GBK and the Chinese
 * labels turn to mojibake), CRLF line ends and RFC 4180 quoting. What a cell shows (yuan, Beijing time)
 * is decided once, in shared/exports/cells.ts, for the CSV and the xlsx writer alike.
 */
export const BOM = '\uFEFF';
const EOL = '\r\n';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type { Cell } from './cells.js';

/** A plain decimal number (a count, yuan, an area): a spreadsheet reads it as a number, never a formula. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed
 * with an apostrophe: notes, references and review reasons are free text typed by users (CSV
 * injection, OWASP). Plain numbers, negative ones included (-123.45 yuan), are written as they are.
 */
export function csvField(value: Cell): string {
  let text = cellText(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',');
}

/** Rows as one CSV text, BOM first, every line ended with CRLF. */
export function csvText(rows: readonly (readonly Cell[])[]): string {
  return BOM + rows.map(csvRow).join(EOL) + EOL;
}

/** Several tables in one CSV: each a title row, a header row and its rows; a blank row between them. */
export function csvSections(sections: readonly Section[]): string {
  const rows: (readonly Cell[])[] = [];
  for (const s of sections) {
    if (rows.length > 0) rows.push([]);
    rows.push([s.title], s.header, ...s.rows);
  }
  return csvText(rows);
}

/** The quarterly report as one CSV text, BOM first. */
export function quarterlyReportCsv(report: QuarterlyReport): string {
  return csvSections(quarterlySections(report));
}
