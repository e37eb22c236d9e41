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
  for (const record of csvRecords(text)) {
    if (records.length >= maxRecords) break;
    records.push(record);
  }
  return records;
}

/** The records one by one (the import handles each row as it comes, so the file is never a table in memory). */
export function* csvRecords(text: string): Generator<CsvRecord> {
  let count = 0;
  let fields: string[] = [];
  let i = 0;
  const n = text.length;
  const unguard = (f: string) => (f.charCodeAt(0) === 39 /* ' */ ? f.slice(1) : f);
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      // quoted: up to the closing quote, "" is a quote
      let value = '';
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          value += text.slice(i);
          i = n;
          break;
        }
        value += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // anything between the closing quote and the separator is kept (lenient, as Excel is)
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 13 || c === 10) break;
        end += 1;
      }
      field = value + text.slice(i, end);
      i = end;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 13 || c === 10) break;
        end += 1;
      }
      field = text.slice(i, end);
      i = end;
    }
    fields.push(unguard(field));
    const c = text.charCodeAt(i);
    if (c === 44) {
      i += 1;
      // a separator at the very end: one more (empty) field
      if (i === n) fields.push('');
      continue;
    }
    // end of record: CRLF, CR or LF (or end of text)
    if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
    else if (i < n) i += 1;
    count += 1;
    yield { row: count, fields };
    fields = [];
  }
  if (fields.length > 0) yield { row: count + 1, fields };
}
