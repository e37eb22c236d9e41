import { beijingTime, type Cell, type Section, yuanNumber } from './cells.js';

/**
 * The project's xlsx writer (exceljs), for the same sections the CSV writer takes (shared/exports/csv.ts):
 * one worksheet per section, its title in row 1, the header in row 2 (bold, frozen with the title, with
 * an auto filter), then the rows. Money is a number of yuan formatted '#,##0.00' (Excel sums it), exact
 * decimals (areas, mu) are numbers shown with their own digits, times are Beijing-time text like the
 * CSV's. Free text stays a string cell: an xlsx string is never evaluated as a formula, so it needs no
 * apostrophe.
 *
 * exceljs is loaded on the first workbook only: it is most of the bundle and most of the cold start,
 * and JSON or CSV answers never need it.
 */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const YUAN_FORMAT = '#,##0.00';

export interface WorkbookOptions {
  /** a title row above the header (the quarterly report's sections); off for one plain table (the ledger) */
  titleRow: boolean;
  /** the file's creation time (the request's clock, so one request always writes the same file) */
  created: string;
}

type ExcelCell = { value: unknown; numFmt?: string };

function excelCell(cell: Cell): ExcelCell | undefined {
  if (cell === null) return undefined;
  if (typeof cell === 'string' || typeof cell === 'number') return { value: cell };
  if ('fen' in cell) return { value: yuanNumber(cell.fen), numFmt: YUAN_FORMAT };
  if ('at' in cell) return { value: beijingTime(cell.at) };
  const places = cell.decimal.split('.')[1]?.length ?? 0;
  const value = Number(cell.decimal);
  // a decimal that is not a number is shown as the text it is, never as NaN
  if (!Number.isFinite(value)) return { value: cell.decimal };
  return { value, numFmt: places > 0 ? `0.${'0'.repeat(places)}` : '0' };
}

/** Worksheet names must be unique, at most 31 characters and free of \ / ? * [ ] : */
function sheetName(name: string, used: Set<string>): string {
  const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 28) || 'Sheet';
  let out = base;
  for (let i = 2; used.has(out); i++) out = `${base}${i}`;
  used.add(out);
  return out;
}

export async function xlsxWorkbook(sections: readonly Section[], opts: WorkbookOptions): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'homestead-exit';
  workbook.created = new Date(opts.created);
  workbook.modified = workbook.created;
  const used = new Set<string>();
  for (const s of sections) {
    const headerRow = opts.titleRow ? 2 : 1;
    const sheet = workbook.addWorksheet(sheetName(s.sheet, used), {
      views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    });
    if (opts.titleRow) {
      const title = sheet.getRow(1);
      title.getCell(1).value = s.title;
      title.font = { bold: true, size: 13 };
    }
    const header = sheet.getRow(headerRow);
    s.header.forEach((h, i) => {
      header.getCell(i + 1).value = h;
    });
    header.font = { bold: true };
    s.rows.forEach((cells, r) => {
      const row = sheet.getRow(headerRow + 1 + r);
      cells.forEach((cell, c) => {
        const out = excelCell(cell);
        if (!out) return;
        const target = row.getCell(c + 1);
        target.value = out.value as never;
        if (out.numFmt) target.numFmt = out.numFmt;
      });
    });
    s.header.forEach((_, i) => {
      sheet.getColumn(i + 1).width = s.widths?.[i] ?? 16;
    });
    if (s.header.length > 0) {
      sheet.autoFilter = {
        from: { row: headerRow, column: 1 },
        to: { row: headerRow, column: s.header.length },
      };
    }
  }
  // a Node Buffer at run time; exceljs declares its own Buffer interface
  return (await workbook.xlsx.writeBuffer()) as unknown as Uint8Array;
}
