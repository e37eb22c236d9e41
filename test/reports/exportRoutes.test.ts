import { beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_HEADER } from '../../shared/exports/ledgerSection.js';
import { ledgerEntriesInRange } from '../../shared/exports/ledgerSource.js';
import { YUAN_FORMAT } from '../../shared/exports/xlsx.js';
import {
  expectProblem,
  httpEvent,
  invoke,
  lambdaContext,
  loadRoutes,
  useApiEnvironment,
} from '../support/api.js';
import { AUDITOR, EVIL, FUND_ADMIN, OTHER_AUDITOR, seedExportData, XLSX } from './exportFixtures.js';
import { csvRecords, RAW_CODE, xlsxSheetsOf } from './exportReaders.js';

/**
 * The exports against DynamoDB Local: GET /fund/ledger/export (CSV, xlsx, Zibo date range, paging,
 * scope, bad input) and GET /reports/quarterly?format=csv|xlsx, each file read back with csv-parse and
 * exceljs and compared with the JSON report of the same request.
 */
useApiEnvironment();

const routes = await loadRoutes('exportLedger', 'getQuarterlyReport');

beforeAll(seedExportData);

const Q2 = { year: '2026', quarter: '2' };
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

describe('GET /fund/ledger/export', () => {
  it('answers the entries of the Zibo dates asked for as CSV, oldest first, codes in words, Beijing time', async () => {
    const res = await invoke(routes.exportLedger, {
      principal: AUDITOR,
      query: { format: 'csv', from: '2026-04-01', to: '2026-06-30' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="ledger-370302-2026-04-01_2026-06-30.csv"; filename*=UTF-8''${encodeURIComponent('淄川区专项基金台账_2026-04-01至2026-06-30.csv')}`,
    );
    const [header, ...rows] = csvRecords(res.text);
    expect(header).toEqual([...LEDGER_HEADER]);
    const col = (name: string) => header?.findIndex((h) => h.startsWith(name)) ?? -1;
    expect(rows.map((r) => r[col('分录编号')])).toEqual(['L-2', 'L-3', 'L-4', 'L-5']);
    const byId = new Map(rows.map((r) => [r[col('分录编号')], r]));
    const l2 = byId.get('L-2') ?? [];
    expect(l2[col('记账时间')]).toBe('2026-04-01 01:00:00');
    expect(l2[col('类型')]).toBe('垫付 advance');
    expect(l2[col('金额')]).toBe('123.45');
    expect(l2[col('基金现金变动')]).toBe('-123.45');
    expect(l2[col('借方科目')]).toBe('先行垫付 advances');
    expect(byId.get('L-4')?.[col('记账时间')]).toBe('2026-06-01 07:59:59');
    expect(byId.get('L-4')?.[col('金额')]).toBe('30000.99');
    expect(byId.get('L-4')?.[col('资金来源')]).toBe(
      '节余建设用地指标交易 surplus construction-land quota sale',
    );
    expect(byId.get('L-4')?.[col('交易指标（亩）')]).toBe('0.1500');
    expect(byId.get('L-3')?.[col('凭证号')]).toBe(`'${EVIL}`);
    expect(byId.get('L-5')?.[col('类型')]).toBe('冲正 reversal');
    expect(byId.get('L-5')?.[col('冲正的分录')]).toBe('L-2');
    for (const r of rows) for (const cell of r) expect(cell).not.toMatch(RAW_CODE);
  });

  it('sums to the JSON quarterly report of the same Zibo quarter', async () => {
    const report = (await invoke(routes.getQuarterlyReport, { principal: AUDITOR, query: Q2 })).json;
    const csv = await invoke(routes.exportLedger, {
      principal: AUDITOR,
      query: { from: report.period.firstDay, to: report.period.lastDay },
    });
    const [header, ...rows] = csvRecords(csv.text);
    const kind = header?.findIndex((h) => h.startsWith('类型')) ?? -1;
    const amount = header?.findIndex((h) => h.startsWith('金额')) ?? -1;
    const cash = header?.findIndex((h) => h.startsWith('基金现金变动')) ?? -1;
    const fenOf = (yuan: string | undefined) => Math.round(Number(yuan) * 100);
    const sum = (k: string) =>
      rows.filter((r) => r[kind]?.startsWith(k)).reduce((s, r) => s + fenOf(r[amount]), 0);
    const count = (k: string) => rows.filter((r) => r[kind]?.startsWith(k)).length;
    expect([count('垫付'), sum('垫付')]).toEqual([
      report.fund.advanced.count,
      report.fund.advanced.amountFen,
    ]);
    expect([count('资金补充'), sum('资金补充')]).toEqual([
      report.fund.replenished.count,
      report.fund.replenished.amountFen,
    ]);
    expect([count('冲正'), sum('冲正')]).toEqual([
      report.fund.reversals.count,
      report.fund.reversals.amountFen,
    ]);
    expect(rows.reduce((s, r) => s + fenOf(r[cash]), 0)).toBe(report.fund.netCashFen);
  });

  it('answers the same rows as xlsx: numbers in yuan, header bold and frozen, base64 on the wire', async () => {
    const query = { format: 'xlsx', from: '2026-04-01', to: '2026-06-30' };
    const raw = (await routes.exportLedger.handler(
      httpEvent('GET', '/fund/ledger/export', { principal: AUDITOR, query }) as never,
      lambdaContext('exportLedger'),
    )) as { isBase64Encoded?: boolean; headers: Record<string, string> };
    expect(raw.isBase64Encoded).toBe(true);
    expect(raw.headers['content-type']).toBe(XLSX);
    const res = await invoke(routes.exportLedger, { principal: AUDITOR, query });
    const csv = csvRecords(
      (await invoke(routes.exportLedger, { principal: AUDITOR, query: { ...query, format: 'csv' } })).text,
    );
    const [sheet] = await xlsxSheetsOf(bytesOf(res.text), 1);
    expect(sheet?.name).toBe('资金台账');
    expect([sheet?.frozenRows, sheet?.headerBold]).toEqual([1, true]);
    expect(sheet?.rows.length).toBe(csv.length);
    sheet?.rows.forEach((row, r) => {
      csv[r]?.forEach((text, c) => {
        const cell = row[c];
        const value = cell?.value ?? null;
        if (typeof value === 'number') {
          // money: a number of yuan, formatted as such, equal to the CSV's text to the fen
          if (cell?.numFmt === YUAN_FORMAT) expect(value.toFixed(2), `${r},${c}`).toBe(text);
          else expect(String(value), `${r},${c}`).toBe(Number(text).toString());
        } else if (text.startsWith("'")) {
          // the CSV's escaped formula is the plain string in xlsx
          expect(value, `${r},${c}`).toBe(text.slice(1));
        } else {
          expect(value ?? '', `${r},${c}`).toBe(text);
        }
      });
    });
  });

  it("reads the whole district's ledger page by page, and only that district's", async () => {
    const all = await ledgerEntriesInRange('370302', {}, { pageSize: 2 });
    expect(all.map((e) => e.entryId)).toEqual(['L-1', 'L-2', 'L-3', 'L-4', 'L-5', 'L-6']);
    const other = csvRecords((await invoke(routes.exportLedger, { principal: OTHER_AUDITOR })).text);
    expect(other.slice(1).map((r) => r.at(-1))).toEqual(['L-X']);
    const open = csvRecords(
      (await invoke(routes.exportLedger, { principal: FUND_ADMIN, query: { from: '2026-07-01' } })).text,
    );
    expect(open.slice(1).map((r) => r.at(-1))).toEqual(['L-6']);
  });

  it('refuses a range wider than one file may hold, naming from and to', async () => {
    await expect(ledgerEntriesInRange('370302', {}, { max: 3, pageSize: 2 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'query.from' }, { path: 'query.to' }],
    });
  });

  it.each([
    [{ format: 'pdf' }, ['query.format']],
    [{ format: 'json' }, ['query.format']],
    [{ from: '2026-13-01' }, ['query.from']],
    [{ from: '2026-02-30' }, ['query.from']],
    [{ to: '20260401' }, ['query.to']],
    [{ from: '2026-05-01', to: '2026-04-30' }, ['query.from', 'query.to']],
  ])('refuses %o with 400 naming the field', async (query, fields) => {
    expectProblem(await invoke(routes.exportLedger, { principal: AUDITOR, query }), 400, fields);
  });

  it('refuses callers out of scope', async () => {
    expectProblem(
      await invoke(routes.exportLedger, { principal: { sub: 'au-2', groups: ['auditor'] } }),
      403,
    );
    expectProblem(
      await invoke(routes.exportLedger, {
        principal: { sub: 'vr-1', groups: ['village_reviewer'], village: '370302101201' },
      }),
      403,
    );
    expectProblem(await invoke(routes.exportLedger, {}), 401);
  });
});
