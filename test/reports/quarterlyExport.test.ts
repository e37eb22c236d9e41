import { beforeAll, describe, expect, it } from 'vitest';
import { YUAN_FORMAT } from '../../shared/exports/xlsx.js';
import { expectProblem, invoke, loadRoutes, useApiEnvironment } from '../support/api.js';
import { AUDITOR, EVIL, FUND_ADMIN, seedExportData, XLSX } from './exportFixtures.js';
import { csvSectionsOf, RAW_CODE, type ReadSection, xlsxSheetsOf } from './exportReaders.js';

/**
 * GET /reports/quarterly?format=csv|xlsx against DynamoDB Local: both files read back (csv-parse,
 * exceljs) and every figure compared with the JSON report of the same request: counts equal, money in
 * yuan = fen / 100 exactly, labels translated, no raw code left, the reviewer's formula defused.
 */
useApiEnvironment();
const { getQuarterlyReport } = await loadRoutes('getQuarterlyReport');
beforeAll(seedExportData);

const Q2 = { year: '2026', quarter: '2' };
// biome-ignore lint/suspicious/noExplicitAny: the JSON report as the contract types it is wide; tests read paths
let report: any;
let csv: ReadSection[];
let xlsx: Awaited<ReturnType<typeof xlsxSheetsOf>>;

beforeAll(async () => {
  report = (await invoke(getQuarterlyReport, { principal: AUDITOR, query: Q2 })).json;
  const c = await invoke(getQuarterlyReport, { principal: AUDITOR, query: { ...Q2, format: 'csv' } });
  expect(c.status, c.text).toBe(200);
  csv = csvSectionsOf(c.text);
  const x = await invoke(getQuarterlyReport, { principal: FUND_ADMIN, query: { ...Q2, format: 'xlsx' } });
  expect(x.status, x.text).toBe(200);
  expect(x.headers['content-type']).toBe(XLSX);
  expect(x.headers['content-disposition']).toBe(
    `attachment; filename="report-370302-2026Q2.xlsx"; filename*=UTF-8''${encodeURIComponent('淄川区2026年第二季度退出监测报告.xlsx')}`,
  );
  xlsx = await xlsxSheetsOf(new Uint8Array(Buffer.from(x.text, 'base64')), 2);
});

/** The value of a labelled row of a CSV section (by the label's start), as text. */
function csvValue(titleStart: string, labelStart: string, column = 1): string | undefined {
  const section = csv.find((s) => s.title.startsWith(titleStart));
  return section?.rows.find((r) => r[0]?.startsWith(labelStart))?.[column];
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

describe('the quarterly report as CSV and xlsx', () => {
  it('has one section per table, in both files, with the same rows', () => {
    expect(csv.length).toBe(15);
    expect(xlsx.map((s) => s.name)).toEqual([
      '概况',
      '案件状态',
      '案件类型',
      '本季度办理',
      '退出土地',
      '土地退出节点',
      '节余指标',
      '村集体支付',
      '专项基金',
      '分期支付',
      '环节用时',
      '状态间用时',
      '不符合条件规则',
      '权益校验',
      '驳回理由',
    ]);
    csv.forEach((section, i) => {
      const sheet = xlsx[i];
      expect([sheet?.frozenRows, sheet?.headerBold], section.title).toEqual([2, true]);
      expect(sheet?.rows[0]?.[0]?.value).toBe(section.title);
      expect(sheet?.rows[1]?.map((c) => c.value)).toEqual(section.header);
      expect(sheet?.rows.length, section.title).toBe(section.rows.length + 2);
      section.rows.forEach((row, r) => {
        const cells = sheet?.rows[r + 2] ?? [];
        row.forEach((text, c) => {
          const cell = cells[c];
          const where = `${section.title} ${row[0]} [${c}]`;
          // two requests, two clocks: the time the file was made is checked on its own below
          if (row[0]?.startsWith('生成时间') && c === 1) {
            expect(cell?.value, where).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
            return;
          }
          if (typeof cell?.value === 'number') {
            if (cell.numFmt === YUAN_FORMAT) expect(cell.value.toFixed(2), where).toBe(text);
            else expect(cell.value, where).toBe(Number(text));
          } else if (text.startsWith("'")) expect(cell?.value, where).toBe(text.slice(1));
          else expect(cell?.value ?? '', where).toBe(text);
        });
      });
    });
  });

  it('writes every money figure of the fund in yuan, equal to the JSON fen / 100', () => {
    const f = report.fund;
    const expected: [string, number][] = [
      ['先行垫付金额', f.advanced.amountFen],
      ['补充资金金额', f.replenished.amountFen],
      ['其中：指标交易', f.replenished.bySource.quota_sale.amountFen],
      ['其中：财政拨款', f.replenished.bySource.appropriation.amountFen],
      ['其中：未注明来源', f.replenished.bySource.unspecified.amountFen],
      ['冲正金额', f.reversals.amountFen],
      ['其中：冲正垫付', f.reversals.byAccount.advances.amountFen],
      ['其中：冲正指标交易', f.reversals.byAccount.quota_sales.amountFen],
      ['其中：冲正财政拨款', f.reversals.byAccount.appropriations.amountFen],
      ['净垫付金额', f.netAdvancedFen],
      ['净补充金额', f.netReplenishedFen],
      ['基金现金净变动', f.netCashFen],
    ];
    // the fixture's quarter: 123.45 advanced and reversed, 500 000 + 30 000.99 replenished
    expect(f.advanced.amountFen).toBe(12_345);
    expect(f.netAdvancedFen).toBe(0);
    expect(f.replenished.amountFen).toBe(53_000_099);
    for (const [label, fen] of expected) expect(csvValue('专项基金（', label), label).toBe(yuan(fen));
    const sheet = xlsx.find((s) => s.name === '专项基金');
    for (const [label, fen] of expected) {
      const row = sheet?.rows.find((r) => String(r[0]?.value).startsWith(label));
      expect(row?.[1]?.value, label).toBe(fen / 100);
      expect(row?.[1]?.numFmt, label).toBe(YUAN_FORMAT);
    }
    expect(csvValue('专项基金（', '先行垫付笔数')).toBe(String(f.advanced.count));
    expect(csvValue('专项基金（', '冲正笔数')).toBe(String(f.reversals.count));
    const c = report.collective;
    expect(csvValue('村集体支付', '登记支付金额')).toBe(yuan(c.recorded.amountFen));
    expect(csvValue('专项基金分期支付', '分期支付金额')).toBe(yuan(report.fund.tranches.amountFen));
  });

  it('counts cases as the JSON does, statuses and types named in words', () => {
    expect(csvValue('案件状态', '案件总数')).toBe(String(report.cases.createdByQuarterEnd));
    for (const row of report.cases.byStatus) {
      expect(csvValue('案件状态', `${row.labelZh} ${row.labelEn}`), row.key).toBe(String(row.count));
    }
    for (const row of report.cases.byType) {
      expect(csvValue('案件类型', `${row.labelZh} ${row.labelEn}`), row.key).toBe(String(row.count));
    }
    for (const row of report.activity) {
      expect(csvValue('本季度办理', `${row.labelZh} ${row.labelEn}`), row.key).toBe(String(row.count));
    }
    expect(csvValue('案件状态', '村集体审核中 village review')).toBe('1');
    expect(csvValue('退出土地', '退出案件数')).toBe(String(report.exits.cases));
  });

  it('leaves no raw code in any label, shows times in Beijing time and defuses the formula', () => {
    for (const section of csv) {
      for (const cell of [section.title, ...section.header, ...section.rows.map((r) => r[0] ?? '')]) {
        expect(cell).not.toMatch(RAW_CODE);
      }
    }
    const generated = csvValue('淄博市', '生成时间');
    expect(generated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Date.parse(`${generated?.replace(' ', 'T')}+08:00`)).toBeGreaterThan(Date.now() - 60_000);
    const reasons = csv.find((s) => s.title.startsWith('驳回理由'));
    expect(reasons?.rows).toEqual([['村集体审核 village review', `'${EVIL}`, '1']]);
    const sheet = xlsx.find((s) => s.name === '驳回理由');
    expect(sheet?.rows[2]?.[1]).toMatchObject({ value: EVIL, type: 3 });
  });

  it('refuses a format it does not write with 400 naming the field', async () => {
    const res = await invoke(getQuarterlyReport, { principal: AUDITOR, query: { ...Q2, format: 'pdf' } });
    expectProblem(res, 400, ['query.format']);
  });

  it('refuses another district, also as a file', async () => {
    const res = await invoke(getQuarterlyReport, {
      principal: AUDITOR,
      query: { ...Q2, district: '370303', format: 'xlsx' },
    });
    expectProblem(res, 403);
  });
});
