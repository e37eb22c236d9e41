import { describe, expect, it } from 'vitest';
import { domainEventSchema } from '../../shared/domain/model/event.js';
import { BOM, csvField, csvRow, quarterlyReportCsv } from '../../shared/exports/csv.js';
import { projectionUpdate, projectionView } from '../../shared/reports/projection.js';
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
    expect(lines[1]).toBe('项目 metric,数值 value');
    expect(lines).toContain('区县 district,370304 博山区 Boshan');
    expect(lines).toContain('报告期 period,2024年第二季度 2024 Q2');
    const statusTitle = lines.indexOf(
      // a full-width comma is text, not a separator: no quotes
      '案件状态（当前状态，季末前创建的案件） Cases by current status (created by quarter end)',
    );
    expect(statusTitle).toBeGreaterThan(0);
    expect(lines[statusTitle - 1]).toBe('');
    expect(lines[statusTitle + 1]).toBe('项目 metric,数值 value');
    expect(lines[statusTitle + 2]).toBe('案件总数 total,1');
    expect(lines).toContain('已驳回 rejected,1');
    const titles = lines.filter((_, i) => i === 0 || lines[i - 1] === '');
    expect(titles).toHaveLength(15);
  });

  it('quotes a reason containing a comma and a quote, and defuses one that starts a formula', () => {
    expect(lines).toContain('审核环节 stage,驳回理由 reason,次数 count');
    expect(lines).toContain('村集体审核 village review,"不符合""一户一宅"", 需补正",1');
    // the reason has its own cell, so the escaping sees its first character
    expect(lines).toContain("村集体审核 village review,'=1+1,1");
  });

  it('writes durations with their own header and leaves unmeasured stages empty', () => {
    const header = lines.indexOf('项目 metric,案件数 count,中位数（天） median days,最长（天） max days');
    expect(header).toBeGreaterThan(0);
    // submitted 04-02 → village review 04-03
    expect(lines).toContain(
      '提交至村集体审核（资格审查） submission to village review (eligibility check),1,1,1',
    );
    expect(lines).toContain('收储至结案 reserve to closing,0,,');
  });

  it('writes money as yuan with two decimals and areas as exact decimals', () => {
    expect(lines).toContain('先行垫付金额（元） advanced (yuan),0.00');
    expect(lines).toContain('退出宅基地面积（平方米） area (m2),0.00');
    expect(lines).toContain('本季度产生指标（亩） quota produced (mu),0.0000');
    // the basis text holds ASCII commas: quoted
    expect(
      lines.some((l) => l.startsWith('计算口径 basis,"本季度退出宅基地面积') && l.endsWith('quota)"')),
    ).toBe(true);
  });
});

describe('quarterlyReportCsv: the figures from the domain events', () => {
  const events = [
    ['MilestoneRecorded', { kind: 'vacated', documentIds: ['PH-1'] }],
    [
      'MilestoneRecorded',
      { kind: 'disposed', disposition: 'reclaimed', acceptanceNo: 'FK-1', acceptedAreaM2: 333.34 },
    ],
    ['AdvanceDisbursed', { amountFen: 100_00 }],
    ['AdvanceDisbursed', { tranche: 2, milestone: 'disposed', amountFen: 60_00 }],
    ['FundReplenished', { entryId: 'R-1', amountFen: 1, source: 'quota_sale', quotaM2: 100.5 }],
  ] as const;
  const item: Record<string, number> = {};
  events.forEach(([type, detail], i) => {
    const e = domainEventSchema.parse({
      eventId: `E-${i}`,
      type,
      at: '2024-05-01T00:00:00Z',
      actor: 'tester',
      districtCode: '370304',
      detail,
    });
    for (const [k, n] of Object.entries(projectionUpdate(e).increments)) item[k] = (item[k] ?? 0) + n;
  });
  const view = projectionView('370304', { year: 2024, quarter: 2 }, item);
  const rows = quarterlyReportCsv(quarterlyReport([rejected], [], INPUT, undefined, view))
    .slice(1)
    .split('\r\n');

  it('writes the milestones, dispositions and accepted area, Chinese first, codes translated', () => {
    const title = rows.indexOf('土地退出节点（本季度登记数） Land-leg milestones recorded (count)');
    expect(title).toBeGreaterThan(0);
    expect(rows[title + 1]).toBe('项目 metric,数值 value');
    expect(rows.slice(title + 2, title + 9)).toEqual([
      '腾退 vacated,1',
      '处置 disposed,1',
      '不动产注销登记 certificate cancelled,0',
      '承包地交回 contract land handed over,0',
      '其中处置方式：复垦并验收 disposed: reclaimed and accepted,1',
      '其中处置方式：集体直接利用 disposed: direct use by the collective,0',
      '其中处置方式：综合开发 disposed: development,0',
    ]);
    expect(rows).toContain('验收面积（平方米） accepted area (m2),333.34');
  });

  it('writes the quota produced and sold in m² and mu', () => {
    expect(rows).toContain('复垦验收产生指标（平方米） quota produced by accepted reclamation (m2),333.34');
    // 33 334 × 10 000 / 66 667 = 5 000.07… → 0.5000
    expect(rows).toContain('复垦验收产生指标（亩） quota produced by accepted reclamation (mu),0.5000');
    expect(rows).toContain('交易指标面积（平方米，按交易事件） quota sold by the sale events (m2),100.50');
    // 10 050 × 10 000 / 66 667 = 1 507.49… → 0.1507
    expect(rows).toContain('交易指标（亩，按交易事件） quota sold by the sale events (mu),0.1507');
    expect(rows).toContain('指标交易笔数（按交易事件） quota sale events,1');
  });

  it('writes the tranches paid, count and yuan, each tranche named', () => {
    expect(rows).toContain('分期支付笔数 tranche payments,2');
    expect(rows).toContain('分期支付金额（元） tranches paid (yuan),160.00');
    expect(rows).toContain('第1期笔数 tranche 1 payments,1');
    expect(rows).toContain('第2期金额（元） tranche 2 (yuan),60.00');
    expect(rows).toContain('第3期笔数 tranche 3 payments,0');
    // and by the milestone they fell due at (no milestone: the fund's approval)
    expect(rows).toContain("基金批准时支付金额（元） paid at the fund's approval (yuan),100.00");
    expect(rows).toContain('处置后支付笔数 payments at disposed,1');
    expect(rows).toContain('承包地交回后支付金额（元） paid at handed over (yuan),0.00');
  });
});
