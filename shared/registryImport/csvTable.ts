import { parse } from 'csv-parse/sync';
/**
 * The import template's CSV (RFC 4180), read and written here and nowhere else: UTF-8 with a byte-order
 * mark (Excel in China reads a file without it as GBK), CRLF line ends, fields quoted when they hold a
 * comma, a quote or a line break, quotes doubled. Text a spreadsheet would run as a formula (= + - @, a tab
 * or CR first) is written with a leading apostrophe (CSV injection, as shared/exports/csv.ts does), and so
 * is text that itself starts with an apostrophe; the reader takes exactly one leading apostrophe off every
 * field, as Excel does with a typed '. So whatever the writer writes reads back as it was. Numbers are
 * written as they are (a negative number stays a number).
 */
export const BOM = '\uFEFF';
const EOL = '\r\n';

/** One field as the writer puts it: a number as its digits, text guarded and quoted as needed. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r']/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(rows: readonly (readonly (string | number | null)[])[]): string {
  let out = BOM;
  for (const row of rows) out += row.map(csvCell).join(',') + EOL;
  return out;
}

/** One record of the file: its number (the first record is 1, as a spreadsheet numbers rows) and fields. */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/**
 * The records of a CSV text (BOM already removed). A quoted field may hold line breaks: a record is
 * numbered as a spreadsheet opening the file would number its row. The one leading apostrophe the writer
 * adds is taken off every field. A record of one empty field (a blank line) is kept, empty.
 */
export function parseCsv(text: string, maxRecords = Number.POSITIVE_INFINITY): CsvRecord[] {
  const records: CsvRecord[] = [];
  for (const record of csvRecords(text, maxRecords)) {
    if (records.length >= maxRecords) break;
    records.push(record);
  }
  return records;
}

/**
 * The records one by one, read by csv-parse (RFC 4180; quoted fields may hold commas, quotes and line
 * breaks; a stray quote inside a field, or text after a closing quote, is kept as Excel keeps it). A file
 * csv-parse cannot read at all is the template's 400 (table.ts), not a crash.
 */
export function* csvRecords(text: string, maxRecords = Number.POSITIVE_INFINITY): Generator<CsvRecord> {
  const unguard = (f: string) => (f.charCodeAt(0) === 39 /* ' */ ? f.slice(1) : f);
  let records: string[][];
  try {
    records = parse(text, {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      // a file may mix CRLF, LF and a lone CR (an old Mac export): each ends a record
      record_delimiter: ['\r\n', '\n', '\r'],
      // the upload's check reads the header only: csv-parse stops after it
      ...(Number.isFinite(maxRecords) ? { to: maxRecords } : {}),
    });
  } catch (error) {
    throw new CsvUnreadable(error instanceof Error ? error.message : String(error));
  }
  let row = 0;
  for (const fields of records) {
    row += 1;
    yield { row, fields: fields.map(unguard) };
  }
}

/** csv-parse could not read the text (an unclosed quote at the end, …): the message says where. */
export class CsvUnreadable extends Error {
  override readonly name = 'CsvUnreadable';
}
