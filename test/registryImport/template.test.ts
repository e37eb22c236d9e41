import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { COL, GUIDE_SHEET, TEMPLATE_COLUMNS } from '../../shared/registryImport/columns.js';
import { csvDocument, parseCsv } from '../../shared/registryImport/csvTable.js';
import { checkRegistryFile, parseRegistryFile } from '../../shared/registryImport/parse.js';
import { registryTemplate } from '../../shared/registryImport/template.js';
import { xlsxHeaderRow } from '../../shared/registryImport/xlsxHeader.js';

/**
 * The registry import's template (docs/registry-import.md "The template"): the empty template in both
 * formats, the upload's check of row 1, the 400 of a file that is not the template, the CSV reader and writer.
 */
const parse = (format: 'xlsx' | 'csv', bytes: Uint8Array) =>
  parseRegistryFile(format, bytes, async (codes) => new Set(codes));

/** The 400 of a file that is not the template, from the cheap check and from the parse alike. */
async function refused(format: 'xlsx' | 'csv', bytes: Uint8Array): Promise<ValidationFailed> {
  const errors: unknown[] = [];
  for (const read of [() => checkRegistryFile(format, bytes), () => parse(format, bytes)]) {
    try {
      await read();
    } catch (e) {
      errors.push(e);
    }
  }
  expect(errors).toHaveLength(2);
  const e = errors[0] as ValidationFailed;
  expect(e).toBeInstanceOf(ValidationFailed);
  expect(e.code).toBe('VALIDATION_FAILED');
  expect(e.status).toBe(400);
  expect((errors[1] as ValidationFailed).detailZh).toBe(e.detailZh);
  return e;
}

describe('a file that is not the template: 400 saying what was expected', () => {
  const header = (cols: readonly string[]) => new TextEncoder().encode(csvDocument([cols]));

  it('a CSV whose body csv-parse cannot read (a quote never closed): the header passes the upload check, the parse refuses it with a 400, not a crash', async () => {
    const bytes = new TextEncoder().encode(`${csvDocument([TEMPLATE_COLUMNS])}户,"H-1\r\n`);
    // the upload's check reads row 1 only (the import then ends failed with this reason)
    await expect(checkRegistryFile('csv', bytes)).resolves.toBeUndefined();
    const e = await parse('csv', bytes).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(ValidationFailed);
    expect((e as ValidationFailed).status).toBe(400);
    expect((e as ValidationFailed).detailZh).toContain('RFC 4180');
    expect((e as ValidationFailed).message).toContain('Quote Not Closed');
  });

  it('a CSV lacking columns names them; unknown columns are named too', async () => {
    const e = await refused(
      'csv',
      header(TEMPLATE_COLUMNS.filter((c) => c !== COL.name && c !== COL.areaMu)),
    );
    expect(e.detailZh).toContain(`表头缺少列：${COL.name}、${COL.areaMu}`);
    expect(e.message).toContain(`${COL.name}, ${COL.areaMu}`);
    expect(e.extra.missingColumns).toEqual([COL.name, COL.areaMu]);
    const u = await refused('csv', header([...TEMPLATE_COLUMNS, '备注']));
    expect(u.detailZh).toContain('模板之外的列：备注');
    expect(u.detailZh).toContain(TEMPLATE_COLUMNS.join('、'));
  });

  it('reads a header typed with ASCII brackets and spaces as the template’s', async () => {
    const typed = TEMPLATE_COLUMNS.map((c) => c.replace('（', ' (').replace('）', ')'));
    expect(typed).toContain('宗地面积 (平方米)');
    await expect(checkRegistryFile('csv', header(typed))).resolves.toBeUndefined();
  });

  it('a CSV that is not UTF-8 (GBK from Excel), an empty file', async () => {
    // "记录类型" in GBK
    const gbk = new Uint8Array([0xbc, 0xc7, 0xc2, 0xbc, 0xc0, 0xe0, 0xd0, 0xcd, 0x0d, 0x0a]);
    expect((await refused('csv', gbk)).detailZh).toContain('UTF-8');
    expect((await refused('csv', new Uint8Array())).detailZh).toContain('没有表头');
  });

  it('an xlsx that is no zip, a CSV sent as xlsx, a workbook whose first sheet is something else', async () => {
    expect((await refused('xlsx', new TextEncoder().encode('not a workbook'))).detailZh).toContain('zip');
    expect((await refused('xlsx', await registryTemplate('csv'))).detailZh).toContain('不是 xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['户号', '姓名']);
    const other = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const e = await refused('xlsx', other);
    expect(e.detailZh).toContain('表头缺少列：记录类型、农户编号');
    expect(e.detailZh).toContain('模板之外的列：户号');
    const broken = (await registryTemplate('xlsx')).slice(0, 200);
    expect((await refused('xlsx', broken)).detailZh).toMatch(/无法读取|没有/);
  });
});

describe('the upload check reads row 1 only', () => {
  it('finds the header as exceljs does: shared strings, rich text, entities, a gap', async () => {
    expect(xlsxHeaderRow(await registryTemplate('xlsx'))).toEqual([...TEMPLATE_COLUMNS]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.getCell('A1').value = { richText: [{ text: '记录', font: { bold: true } }, { text: '类型' }] };
    ws.getCell('B1').value = 'a & <b>';
    ws.getCell('D1').value = 12;
    ws.getCell('A2').value = 'row 2';
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(xlsxHeaderRow(bytes)).toEqual(['记录类型', 'a & <b>', null, '12']);
    // a workbook whose row 1 is empty: no short cut, exceljs decides
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('x').getCell('A3').value = 'late';
    expect(xlsxHeaderRow(new Uint8Array((await empty.xlsx.writeBuffer()) as ArrayBuffer))).toBeUndefined();
  });
});

describe('the xlsx template explains itself', () => {
  it('has the header on 农户登记 and a 填写说明 row for every column', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await registryTemplate('xlsx')) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['农户登记', GUIDE_SHEET]);
    expect(((wb.worksheets[0]?.getRow(1).values ?? []) as unknown[]).slice(1)).toEqual([...TEMPLATE_COLUMNS]);
    const guide: string[] = [];
    wb.worksheets[1]?.eachRow((r) => {
      guide.push(String(r.getCell(1).value ?? ''));
    });
    for (const c of TEMPLATE_COLUMNS) expect(guide, c).toContain(c);
  });

  it('the CSV template is UTF-8 with a byte-order mark and the header row', async () => {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await registryTemplate('csv'));
    expect(text).toBe(`\uFEFF${TEMPLATE_COLUMNS.join(',')}\r\n`);
  });
});

describe('the CSV reader', () => {
  it('quotes, doubled quotes, line breaks in cells, CR or LF line ends, the writer’s apostrophe', () => {
    const text = 'a,"b,""c""\r\nd",e\nf,\'=1+2,\'\'x\r"g"\r\n,,';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['a', 'b,"c"\r\nd', 'e'] },
      { row: 2, fields: ['f', '=1+2', "'x"] },
      { row: 3, fields: ['g'] },
      { row: 4, fields: ['', '', ''] },
    ]);
    const written = csvDocument([['=cmd', -5, "'quoted", '+1', '@x', 'plain', null, 12.5]]);
    expect(written).toBe("\uFEFF'=cmd,-5,''quoted,'+1,'@x,plain,,12.5\r\n");
    expect(parseCsv(written.slice(1))[0]?.fields).toEqual([
      '=cmd',
      '-5',
      "'quoted",
      '+1',
      '@x',
      'plain',
      '',
      '12.5',
    ]);
  });
});
