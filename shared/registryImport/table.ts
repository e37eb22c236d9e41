import type { RegistryImportFormat } from '../contract/registryImports.js';
import { ValidationFailed } from '../errors/appError.js';
import { TEMPLATE_COLUMNS } from './columns.js';
import { type CsvRecord, CsvUnreadable, csvRecords } from './csvTable.js';
import type { RawCell } from './rawCell.js';
import { xlsxHeaderRow } from './xlsxHeader.js';

/**
 * The file as a table: its header row and its data rows, cells as the file holds them (CSV: text;
 * xlsx: text, numbers, booleans, dates). A file that is not the template at all is refused here with a
 * ValidationFailed (400) saying what was expected (docs/registry-import.md "The template").
 */
export interface TableRow {
  /** the spreadsheet's row number (the header is row 1) */
  row: number;
  cells: RawCell[];
}

export interface Table {
  /** column index (0-based) of each template header */
  columns: Map<string, number>;
  /** the data rows as they are read: the file is never held as a table of 60 000 rows in memory */
  rows: AsyncIterable<TableRow> | Iterable<TableRow>;
}

const EXPECTED_ZH = `应为导入模板：第一个工作表的第 1 行为表头（${TEMPLATE_COLUMNS.join('、')}）`;
const EXPECTED_EN = `expected the import template: the first sheet's row 1 is the header (${TEMPLATE_COLUMNS.length} Chinese columns, 记录类型 first)`;

function notTemplate(zh: string, en: string, extra: Record<string, unknown> = {}): ValidationFailed {
  return new ValidationFailed(
    { zh: `${zh}。${EXPECTED_ZH}。`, en: `${en}; ${EXPECTED_EN}.` },
    [{ path: 'body.documentId', message: en, messageZh: zh }],
    { expectedColumns: TEMPLATE_COLUMNS, ...extra },
  );
}

/** The header row against the template's: every column present once, no other; the index of each. */
export function headerColumns(header: readonly RawCell[]): Map<string, number> {
  // 宗地面积(平方米) typed with ASCII brackets, or with a space, is the template's column
  const names = header.map((c) =>
    c === null || c === undefined
      ? ''
      : String(c).replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）'),
  );
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  const doubled: string[] = [];
  names.forEach((name, i) => {
    if (!TEMPLATE_COLUMNS.includes(name)) unknown.push(name === '' ? `（第 ${i + 1} 列为空）` : name);
    else if (columns.has(name)) doubled.push(name);
    else columns.set(name, i);
  });
  const missing = TEMPLATE_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length === 0 && unknown.length === 0 && doubled.length === 0) return columns;
  const zh: string[] = [];
  const en: string[] = [];
  if (missing.length > 0) {
    zh.push(`表头缺少列：${missing.join('、')}`);
    en.push(`the header lacks the columns ${missing.join(', ')}`);
  }
  if (unknown.length > 0) {
    zh.push(`表头有模板之外的列：${unknown.join('、')}`);
    en.push(`the header has columns the template does not: ${unknown.join(', ')}`);
  }
  if (doubled.length > 0) {
    zh.push(`表头列重复：${doubled.join('、')}`);
    en.push(`the header repeats the columns ${doubled.join(', ')}`);
  }
  throw notTemplate(zh.join('；'), en.join('; '), { missingColumns: missing, unknownColumns: unknown });
}

// --- CSV -------------------------------------------------------------------------------------------------

function csvText(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notTemplate(
      '文件不是 UTF-8 编码的 CSV（可能是 GBK）：请在 Excel 中“另存为 CSV UTF-8（逗号分隔）”',
      'the file is not UTF-8 text (GBK?): save it from Excel as "CSV UTF-8 (comma delimited)"',
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function csvTable(bytes: Uint8Array, headerOnly: boolean): Table {
  const text = csvText(bytes);
  if (text.includes('\u0000')) {
    throw notTemplate('文件不是 CSV 文本', 'the file is not CSV text');
  }
  const records = csvRecords(text, headerOnly ? 1 : Number.POSITIVE_INFINITY);
  let header: IteratorResult<CsvRecord>;
  try {
    // csv-parse reads the whole text on the first record: a file it cannot read fails here
    header = records.next();
  } catch (error) {
    if (!(error instanceof CsvUnreadable)) throw error;
    throw notTemplate(
      `CSV 文件无法按 RFC 4180 读取（${error.message}），请用 Excel 另存为“CSV UTF-8”后再上传`,
      `the CSV cannot be read as RFC 4180 (${error.message}); save it again from Excel as "CSV UTF-8"`,
    );
  }
  if (header.done || header.value.fields.every((f) => f.trim() === '')) {
    throw notTemplate('文件为空，没有表头', 'the file is empty: no header row');
  }
  const columns = headerColumns(header.value.fields);
  if (headerOnly) return { columns, rows: [] };
  function* rows(): Generator<TableRow> {
    for (const rec of records) {
      yield { row: rec.row, cells: rec.fields.map((f) => (f === '' ? null : f)) };
    }
  }
  return { columns, rows: rows() };
}

// --- xlsx ------------------------------------------------------------------------------------------------

/** A cell value of exceljs as the plain value it shows: rich text joined, a formula's result, a link's text. */
function plainCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((t: { text?: string }) => t.text ?? '').join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return plainCell(v.result);
    if ('text' in v) return plainCell(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

async function xlsxTable(bytes: Uint8Array, headerOnly: boolean): Promise<Table> {
  if (!isZip(bytes)) {
    throw notTemplate(
      '文件不是 xlsx 工作簿（不是 zip 格式）',
      'the file is not an xlsx workbook (not a zip archive)',
    );
  }
  if (headerOnly) {
    // the short cut for the upload's check (./xlsxHeader.ts); a header it finds wrong is read again by
    // exceljs below, so that only exceljs ever refuses a file
    const header = xlsxHeaderRow(bytes);
    if (header) {
      try {
        return { columns: headerColumns(header), rows: [] };
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
      }
    }
  }
  const { default: ExcelJS } = await import('exceljs');
  const { Readable } = await import('node:stream');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const unreadable = () =>
    notTemplate(
      '无法读取 xlsx 工作簿（文件损坏或不是 Excel 工作簿）',
      'the xlsx workbook cannot be read (damaged, or not an Excel workbook)',
    );
  let sawSheet = false;
  // the first sheet's rows, as exceljs's streaming reader gives them
  async function* sheetRows(): AsyncGenerator<TableRow> {
    try {
      for await (const sheet of reader) {
        sawSheet = true;
        for await (const row of sheet) {
          yield { row: row.number, cells: (row.values as unknown[]).slice(1).map(plainCell) };
        }
        return;
      }
    } catch (e) {
      throw e instanceof ValidationFailed ? e : unreadable();
    }
  }
  const rows = sheetRows();
  const first = await rows.next();
  if (!sawSheet) throw notTemplate('工作簿中没有工作表', 'the workbook has no worksheet');
  // the header must be row 1, not the first row that has a cell
  if (first.done || first.value.row !== 1) {
    await rows.return(undefined);
    throw notTemplate('第一个工作表的第 1 行没有表头', "the first sheet's row 1 has no header");
  }
  let columns: Map<string, number>;
  try {
    columns = headerColumns(first.value.cells);
  } catch (e) {
    await rows.return(undefined);
    throw e;
  }
  if (headerOnly) await rows.return(undefined);
  if (headerOnly) return { columns, rows: [] };
  return { columns, rows };
}

/** The file's table; `headerOnly` reads the header row and stops (the cheap check at upload). */
export async function readTable(
  format: RegistryImportFormat,
  bytes: Uint8Array,
  headerOnly = false,
): Promise<Table> {
  return format === 'csv' ? csvTable(bytes, headerOnly) : xlsxTable(bytes, headerOnly);
}
