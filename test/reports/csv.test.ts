import { describe, expect, it } from 'vitest';
import { BOM, csvField, csvRow, quarterlyReportCsv } from '../../shared/reports/csv.js';
import { quarterlyReport } from '../../shared/reports/quarterly.js';
import { makeCase } from './fixtures.js';

const INPUT = { year: 2024, quarter: 2, district: '370304' as const, generatedAt: '2024-07-01T00:00:00Z' };

const rejected = makeCase({
  caseId: 'R1',
  districtCode: '370304',
  steps: [
    ['draft', '2024-04-01T00:00:00Z'],
    ['submitted', '2024-04-02T00:00:00Z'],
    ['village_review', '2024-04-03T00:00:00Z'],
    ['rejected', '2024-04-05T00:00:00Z'],
  ],
  extra: {
    reviews: [
      {
        decision: 'reject',
        reasons: ['不符合"一户一宅", 需补正', '=1+1'],
        resolution: { meetingDate: '2024-04-05', membersPresent: 9, votesFor: 1, votesAgainst: 8 },
        reviewer: 'vr1',
        at: '2024-04-05T00:00:00Z',
      },
    ],
  },
});

const csv = quarterlyReportCsv(quarterlyReport([rejected], [], INPUT));
const lines = csv.slice(1).split('\r\n');

describe('csvField', () => {
  it('quotes a field with a comma or a quote and doubles the quote', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('两行\n文字')).toBe('"两行\n文字"');
    expect(csvField('plain 文字')).toBe('plain 文字');
  });

  it('defuses text a spreadsheet would run as a formula, but writes negative numbers as numbers', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField(-1500)).toBe('-1500');
    expect(csvField(null)).toBe('');
  });

  it('joins a row', () => {
    expect(csvRow(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"');
  });
});

describe('quarterlyReportCsv', () => {
  it('starts with the UTF-8 byte-order mark and ends rows with CRLF', () => {
    expect(csv.startsWith(BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1)).not.toMatch(/[^\r]\n/);
  });

  it('writes one section per table: title, header, rows, blank line between', () => {
    expect(lines[0]).toBe(
      '淄博市农村宅基地和承包地退出季度监测报告 Quarterly monitoring report: Zibo land-rights exit',
    );
    expect(lines[1]).toBe('metric,value');
    expect(lines).toContain('区县 district,370304 博山区 Boshan');
    expect(lines).toContain('报告期 period,2024年第二季度 2024 Q2');
    const statusTitle = lines.indexOf(
      // a full-width comma is text, not a separator: no quotes
      '案件状态（当前状态，季末前创建的案件） Cases by current status (created by quarter end)',
    );
    expect(statusTitle).toBeGreaterThan(0);
    expect(lines[statusTitle - 1]).toBe('');
    expect(lines[statusTitle + 1]).toBe('metric,value');
    expect(lines[statusTitle + 2]).toBe('案件总数 total,1');
    expect(lines).toContain('已驳回 rejected,1');
    const titles = lines.filter((_, i) => i === 0 || lines[i - 1] === '');
    expect(titles).toHaveLength(12);
  });

  it('quotes a reason containing a comma and a quote', () => {
    expect(lines).toContain('"村集体审核：不符合""一户一宅"", 需补正",1');
    expect(lines).toContain('村集体审核：=1+1,1');
  });

  it('writes durations with their own header and leaves unmeasured stages empty', () => {
    const header = lines.indexOf('metric,count,median_days,max_days');
    expect(header).toBeGreaterThan(0);
    // submitted 04-02 → village review 04-03
    expect(lines).toContain('提交至村集体审核（资格审查） eligibility,1,1,1');
    expect(lines).toContain('收储至结案 closing,0,,');
  });

  it('writes money as integer fen and areas as exact decimals', () => {
    expect(lines).toContain('先行垫付金额 advanced (fen),0');
    expect(lines).toContain('退出宅基地面积（平方米） area (m2),0.00');
    expect(lines).toContain('本季度产生指标（亩） quota produced (mu),0.0000');
    // the basis text holds ASCII commas: quoted
    expect(
      lines.some((l) => l.startsWith('计算口径 basis,"本季度退出宅基地面积') && l.endsWith('quota)"')),
    ).toBe(true);
  });
});
