import type { QuarterlyReport } from '../reports/quarterlyTypes.js';
import { bi, type Cell, type Section } from './cells.js';

/**
 * The quarterly report as the tables of its export: one CSV section or one worksheet each. Every label
 * is Chinese first with the English after it (never a bare code: statuses, rules, rights, milestones,
 * dispositions, tranches and stages are named by their labels), money is yuan (the JSON report keeps
 * integer fen), times are Beijing time. The same sections feed the CSV and the xlsx writer, so the two
 * files always hold the same figures.
 */
const METRIC_VALUE = [bi('项目', 'metric'), bi('数值', 'value')] as const;
const DURATION_HEADER = [
  bi('项目', 'metric'),
  bi('案件数', 'count'),
  bi('中位数（天）', 'median days'),
  bi('最长（天）', 'max days'),
] as const;
const WIDE = [60, 24] as const;

type Row = readonly Cell[];
const fen = (amountFen: number): Cell => ({ fen: amountFen });
const decimal = (text: string): Cell => ({ decimal: text });
const counted = (rows: readonly { labelZh: string; labelEn: string; count: number }[]): Row[] =>
  rows.map((row) => [bi(row.labelZh, row.labelEn), row.count]);

function overview(r: QuarterlyReport): Row[] {
  return [
    [bi('区县', 'district'), `${r.district.code} ${r.district.zh} ${r.district.en}`],
    [bi('年度', 'year'), r.year],
    [bi('季度', 'quarter'), r.quarter],
    [bi('报告期', 'period'), `${r.period.labelZh} ${r.period.labelEn}`],
    [bi('起始日（北京时间）', 'first day (Beijing time, UTC+8)'), r.period.firstDay],
    [bi('截止日（北京时间）', 'last day (Beijing time, UTC+8)'), r.period.lastDay],
    [
      bi('生成时间（北京时间）', 'generated at (Beijing time, UTC+8)'),
      r.generatedAt ? { at: r.generatedAt } : null,
    ],
    [bi('金额单位', 'money unit'), bi('元（保留两位小数）', 'yuan, two decimals')],
  ];
}

function exits(r: QuarterlyReport): Row[] {
  const e = r.exits;
  return [
    [bi('退出案件数', 'cases exited'), e.cases],
    [bi('宅基地退出案件数', 'homestead cases'), e.homestead.cases],
    [bi('退出宅基地宗数', 'parcels'), e.homestead.parcels],
    [bi('退出宅基地面积（平方米）', 'area (m2)'), decimal(e.homestead.areaM2)],
    [bi('承包地退出案件数', 'contract-land cases'), e.contractLand.cases],
    [bi('退出承包地块数', 'plots'), e.contractLand.plots],
    [bi('退出承包地面积（亩）', 'area (mu)'), decimal(e.contractLand.areaMu)],
    [bi('集体资产股权退出案件数', 'equity exits'), e.equity.cases],
    [bi('退出股份数（股）', 'shares exited'), e.equity.shares],
    [bi('面积来自登记簿的地块数', 'areas from the registry'), e.areaSources.registry],
    [bi('面积来自协议报价的地块数', 'areas from the signed offer'), e.areaSources.agreementOffer],
    [bi('面积缺失的地块数', 'areas unknown'), e.areaSources.unknown],
    ...e.unknownAreaItems.map((item): Row => [bi('面积缺失', 'area unknown'), item]),
  ];
}

function landLeg(r: QuarterlyReport): Row[] {
  const l = r.landLeg;
  return [
    ...counted(l.milestones),
    ...l.dispositions.map(
      (row): Row => [bi(`其中处置方式：${row.labelZh}`, `disposed: ${row.labelEn}`), row.count],
    ),
    [bi('验收面积（平方米）', 'accepted area (m2)'), decimal(l.accepted.areaM2)],
    [bi('统计口径', 'basis'), `${l.basisZh} / ${l.basisEn}`],
  ];
}

function quota(r: QuarterlyReport): Row[] {
  const q = r.quota;
  return [
    [bi('本季度产生指标（亩）', 'quota produced (mu)'), decimal(q.mu)],
    [bi('本季度交易指标（亩）', 'quota sold (mu)'), decimal(q.soldMu)],
    [bi('计算口径', 'basis'), `${q.basisZh} / ${q.basisEn}`],
    [
      bi('复垦验收产生指标（平方米）', 'quota produced by accepted reclamation (m2)'),
      decimal(q.produced.areaM2),
    ],
    [bi('复垦验收产生指标（亩）', 'quota produced by accepted reclamation (mu)'), decimal(q.produced.mu)],
    [bi('指标交易笔数（按交易事件）', 'quota sale events'), q.sold.sales],
    [bi('交易指标面积（平方米，按交易事件）', 'quota sold by the sale events (m2)'), decimal(q.sold.areaM2)],
    [bi('交易指标（亩，按交易事件）', 'quota sold by the sale events (mu)'), decimal(q.sold.mu)],
    [bi('其中仅以亩记录的交易笔数', 'sales recorded in mu only'), q.sold.salesInMuOnly],
    [bi('未记录指标数量的交易笔数', 'sales without a quota figure'), q.sold.salesWithoutQuota],
  ];
}

function collective(r: QuarterlyReport): Row[] {
  const c = r.collective;
  return [
    [bi('登记支付笔数', 'payments recorded'), c.recorded.count],
    [bi('登记支付金额（元）', 'recorded (yuan)'), fen(c.recorded.amountFen)],
    [bi('其中：承包地（元）', 'of which contract land (yuan)'), fen(c.recorded.contractLand.amountFen)],
    [bi('其中：集体资产股权（元）', 'of which equity (yuan)'), fen(c.recorded.equity.amountFen)],
    [bi('农户确认收款笔数', 'receipts confirmed'), c.confirmed.count],
    [bi('农户确认收款金额（元）', 'confirmed (yuan)'), fen(c.confirmed.amountFen)],
    [bi('农户提出异议笔数', 'payments disputed'), c.disputed.count],
    [bi('未结清笔数（制表时）', 'outstanding now'), c.outstanding.count],
    [bi('未结清金额（制表时，元）', 'outstanding now (yuan)'), fen(c.outstanding.amountFen)],
    [bi('回购股份数（股）', 'shares bought back'), c.sharesRedeemed.shares],
    [bi('统计口径', 'basis'), `${c.basisZh} / ${c.basisEn}`],
  ];
}

function fund(r: QuarterlyReport): Row[] {
  const f = r.fund;
  const src = f.replenished.bySource;
  const rev = f.reversals.byAccount;
  return [
    [bi('先行垫付笔数', 'advances'), f.advanced.count],
    [bi('先行垫付金额（元）', 'advanced (yuan)'), fen(f.advanced.amountFen)],
    [bi('补充资金笔数', 'replenishments'), f.replenished.count],
    [bi('补充资金金额（元）', 'replenished (yuan)'), fen(f.replenished.amountFen)],
    [bi('其中：指标交易（元）', 'of which quota sales (yuan)'), fen(src.quota_sale.amountFen)],
    [bi('其中：财政拨款（元）', 'of which appropriations (yuan)'), fen(src.appropriation.amountFen)],
    [bi('其中：未注明来源（元）', 'of which source not recorded (yuan)'), fen(src.unspecified.amountFen)],
    [bi('冲正笔数', 'reversals'), f.reversals.count],
    [bi('冲正金额（元）', 'reversed (yuan)'), fen(f.reversals.amountFen)],
    [bi('其中：冲正垫付（元）', 'of which advances (yuan)'), fen(rev.advances.amountFen)],
    [bi('其中：冲正指标交易（元）', 'of which quota sales (yuan)'), fen(rev.quota_sales.amountFen)],
    [bi('其中：冲正财政拨款（元）', 'of which appropriations (yuan)'), fen(rev.appropriations.amountFen)],
    [bi('净垫付金额（元）', 'net advanced (yuan)'), fen(f.netAdvancedFen)],
    [bi('净补充金额（元）', 'net replenished (yuan)'), fen(f.netReplenishedFen)],
    [bi('基金现金净变动（元）', 'net cash movement (yuan)'), fen(f.netCashFen)],
  ];
}

function tranches(r: QuarterlyReport): Row[] {
  const t = r.fund.tranches;
  return [
    [bi('分期支付笔数', 'tranche payments'), t.count],
    [bi('分期支付金额（元）', 'tranches paid (yuan)'), fen(t.amountFen)],
    ...t.byTranche.flatMap((x): Row[] => [
      [bi(`${x.labelZh}笔数`, `${x.labelEn} payments`), x.count],
      [bi(`${x.labelZh}金额（元）`, `${x.labelEn} (yuan)`), fen(x.amountFen)],
    ]),
    ...t.byMilestone.flatMap((x): Row[] => [
      [bi(`${x.labelZh}支付笔数`, `payments ${x.labelEn}`), x.count],
      [bi(`${x.labelZh}支付金额（元）`, `paid ${x.labelEn} (yuan)`), fen(x.amountFen)],
    ]),
  ];
}

const durations = (
  rows: readonly {
    labelZh: string;
    labelEn: string;
    count: number;
    medianDays: number | null;
    maxDays: number | null;
  }[],
): Row[] => rows.map((d) => [bi(d.labelZh, d.labelEn), d.count, d.medianDays, d.maxDays]);

export function quarterlySections(r: QuarterlyReport): Section[] {
  const section = (
    sheet: string,
    zh: string,
    en: string,
    rows: Row[],
    header: readonly string[] = METRIC_VALUE,
  ): Section => ({
    title: bi(zh, en),
    sheet,
    header,
    rows,
    widths: header === METRIC_VALUE ? WIDE : [60, 12, 16, 16],
  });
  return [
    section(
      '概况',
      '淄博市农村宅基地和承包地退出季度监测报告',
      'Quarterly monitoring report: Zibo land-rights exit',
      overview(r),
    ),
    section(
      '案件状态',
      '案件状态（当前状态，季末前创建的案件）',
      'Cases by current status (created by quarter end)',
      [[bi('案件总数', 'total'), r.cases.createdByQuarterEnd], ...counted(r.cases.byStatus)],
    ),
    section('案件类型', '案件类型', 'Cases by type', counted(r.cases.byType)),
    section('本季度办理', '本季度办理情况（案件数）', 'Activity in the quarter (cases)', counted(r.activity)),
    section('退出土地', '退出土地', 'Land exited', exits(r)),
    section(
      '土地退出节点',
      '土地退出节点（本季度登记数）',
      'Land-leg milestones recorded (count)',
      landLeg(r),
    ),
    section('节余指标', '节余建设用地指标', 'Surplus construction-land quota', quota(r)),
    section(
      '村集体支付',
      '村集体支付（不经专项基金，金额单位：元）',
      'Paid by the collective, not the fund (yuan)',
      collective(r),
    ),
    section('专项基金', '专项基金（金额单位：元）', 'Special fund (amounts in yuan)', fund(r)),
    section(
      '分期支付',
      '专项基金分期支付（金额单位：元）',
      'Special fund tranches paid (amounts in yuan)',
      tranches(r),
    ),
    section(
      '环节用时',
      '环节用时（天）',
      'Stage durations (days)',
      durations(r.stageDurations),
      DURATION_HEADER,
    ),
    section(
      '状态间用时',
      '状态间用时（天）',
      'Time between consecutive statuses (days)',
      durations(r.transitions),
      DURATION_HEADER,
    ),
    section(
      '不符合条件规则',
      '不符合条件：未通过的规则（案件数）',
      'Ineligible: failed rules (cases)',
      // the rule id stays beside its words: H-, C- and E-VOLUNTARY read the same in Chinese
      r.rejections.failedRules.map(
        (row): Row => [bi(`${row.labelZh}（${row.key}）`, row.labelEn), row.count],
      ),
    ),
    section(
      '权益校验',
      '权益校验未通过：涉及的权利（案件数）',
      'Rights check: rights affected (cases)',
      counted(r.rejections.rightsViolations),
    ),
    {
      title: bi('驳回理由（次数）', 'Rejection reasons (decisions)'),
      sheet: '驳回理由',
      // the reason on its own: free text typed by reviewers, which CSV escaping must see first in its cell
      header: [bi('审核环节', 'stage'), bi('驳回理由', 'reason'), bi('次数', 'count')],
      rows: r.rejections.reviewReasons.map(
        (row): Row => [bi(row.stageZh, row.stageEn), row.reason, row.count],
      ),
      widths: [24, 60, 10],
    },
  ];
}
