import type { RegistryImportFormat } from '../contract/registryImports.js';
import { REGISTRY_IMPORT_CONTENT_TYPES } from '../contract/registryImports.js';
import { COL, COLUMN_GUIDE, COLUMN_KEYS, DATA_SHEET, GUIDE_SHEET, TEMPLATE_COLUMNS } from './columns.js';
import { csvDocument } from './csvTable.js';

/**
 * Writing the template's layout (docs/registry-import.md "The template"), for the empty template
 * (./template.ts) and for households (./householdsFile.ts): rows of cells, each text, a number or empty,
 * under the header; xlsx as the sheet 农户登记 (header bold and frozen) with the sheet 填写说明 after it, CSV
 * as UTF-8 text with a byte-order mark.
 */
export type OutCell = string | number | null;

const GUIDE_HEADER = ['列名', '适用的记录类型', '是否必填', '填写要求、允许值与单位'];
const GUIDE_NOTES = [
  '每行一条记录，第一列“记录类型”说明本行是：户、成员、宅基地、承包地。',
  '每行都须填写“农户编号”；同一农户的各行不必相邻（通常相邻）。每户恰有一个“户”行，至少一个“成员”行。',
  '每行只填写本记录类型适用的列，其余列留空（填写了也不读取）。',
  '是否类的列填“是”或“否”；枚举类的列填写下表所列中文，也接受登记系统导出的英文代码（如 registered、brick_concrete、true）。',
  '日期填 YYYY-MM-DD（或 Excel 日期单元格）；公民身份号码、编号请以文本格式填写。',
  '面积以平方米计至多 2 位小数，承包地以亩计至多 4 位小数；附属物一项有多行时以英文分号 ; 分隔数量。',
  '某户任何一行有误，该户全部不导入（其余农户照常导入），错误报告列出行号、列名和原因。',
];

function guideRows(): OutCell[][] {
  return COLUMN_KEYS.map((k) => {
    const g = COLUMN_GUIDE[k];
    return [COL[k], g.rows, g.required, g.values];
  });
}

export function templateFileName(format: RegistryImportFormat): string {
  return `农村不动产登记导入模板.${format}`;
}

export function templateContentType(format: RegistryImportFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : REGISTRY_IMPORT_CONTENT_TYPES.xlsx;
}

const WIDTHS: Record<string, number> = {
  [COL.certificateNo]: 34,
  [COL.nationalId]: 22,
  [COL.exitedAt]: 26,
  [COL.exitedByCaseId]: 22,
  [COL.householdId]: 16,
};

/** The header and rows as a file of the format. */
export async function layoutFile(
  format: RegistryImportFormat,
  rows: readonly (readonly OutCell[])[],
): Promise<Uint8Array> {
  if (format === 'csv') return new TextEncoder().encode(csvDocument([TEMPLATE_COLUMNS, ...rows]));
  const { default: ExcelJS } = await import('exceljs');
  const { PassThrough } = await import('node:stream');
  // the streaming writer: a file of 10 000 households (≈ 53 000 rows) in a few seconds, where the
  // in-memory workbook takes several times as long (bench/registryImportParse.ts)
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: true,
  });
  workbook.creator = 'homestead-exit';
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((h) => ({
    header: h,
    width: WIDTHS[h] ?? Math.max(10, h.length * 2 + 2),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const cells of rows) sheet.addRow(cells.map((c) => (c === null ? undefined : c))).commit();
  sheet.commit();
  const guide = workbook.addWorksheet(GUIDE_SHEET);
  guide.columns = [{ width: 26 }, { width: 16 }, { width: 20 }, { width: 80 }];
  for (const note of GUIDE_NOTES) guide.addRow([note]).commit();
  guide.addRow([]).commit();
  const guideHeader = guide.addRow(GUIDE_HEADER);
  guideHeader.font = { bold: true };
  guideHeader.commit();
  for (const r of guideRows()) guide.addRow(r).commit();
  guide.commit();
  await workbook.commit();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
