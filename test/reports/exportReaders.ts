import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * Reads the exports back with libraries that did not write them: csv-parse for the CSV, exceljs (a
 * fresh workbook, loaded from the bytes) for the xlsx. A section is the title, the header and the rows,
 * as the CSV has them (a blank record between sections) and as each worksheet has them.
 */
export interface ReadSection {
  title: string;
  header: string[];
  rows: string[][];
}

export function csvRecords(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

export function csvSectionsOf(text: string): ReadSection[] {
  const out: ReadSection[] = [];
  let block: string[][] = [];
  const flush = () => {
    const [title, header, ...rows] = block;
    if (title && header) out.push({ title: title[0] ?? '', header, rows });
    block = [];
  };
  for (const record of csvRecords(text)) {
    if (record.length === 1 && record[0] === '') flush();
    else block.push(record);
  }
  flush();
  return out;
}

export interface XlsxCell {
  value: unknown;
  numFmt: string | undefined;
  type: number;
}

export interface XlsxSheet {
  name: string;
  /** rows from 1, cells from 1, as exceljs numbers them; undefined cells dropped at the end of a row */
  rows: XlsxCell[][];
  frozenRows: number;
  headerBold: boolean;
  headerRow: number;
}

export async function xlsxSheetsOf(bytes: Uint8Array, headerRow: number): Promise<XlsxSheet[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as never);
  return workbook.worksheets.map((ws) => {
    const rows: XlsxCell[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: XlsxCell[] = [];
      for (let c = 1; c <= row.cellCount; c++) {
        const cell = row.getCell(c);
        cells.push({ value: cell.value ?? null, numFmt: cell.numFmt || undefined, type: cell.type });
      }
      rows.push(cells);
    }
    const view = ws.views[0] as { state?: string; ySplit?: number } | undefined;
    return {
      name: ws.name,
      rows,
      frozenRows: view?.state === 'frozen' ? (view.ySplit ?? 0) : 0,
      headerBold: ws.getRow(headerRow).getCell(1).font?.bold === true,
      headerRow,
    };
  });
}

/** Every status code that is not an English word by itself (village_review, …): none may be left in a file. */
export const RAW_CODE = /\b[a-z]+_[a-z_]+\b/;
