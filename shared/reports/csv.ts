import type { QuarterlyReport } from './quarterly.js';

/**
 * CSV for Excel as used in China: UTF-8 with a byte-order mark (without it Excel reads the file as
 * GBK and the Chinese labels turn to mojibake), CRLF line ends and RFC 4180 quoting. Every table of the
 * report is one section: a title row, a header row, then its rows; a blank row separates sections.
 */
export const BOM = '\uFEFF';
const EOL = '\r\n';

export type Cell = string | number | null;

/**
 * One field. Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed
 * with an apostrophe: review reasons are free text typed by users (CSV injection). Numbers are figures
 * and are written as they are, negative ones included.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return cells.map(csvField).join(',');
}

interface Section {
  title: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
}

const bi = (zh: string, en: string) => `${zh} ${en}`;
const METRIC_VALUE = ['metric', 'value'] as const;

function sections(r: QuarterlyReport): Section[] {
  const f = r.fund;
  const q = r.quota;
  const durationHeader = ['metric', 'count', 'median_days', 'max_days'] as const;
  return [
    {
      title: bi(
        '淄博市农村宅基地和承包地退出季度监测报告',
        'Quarterly monitoring report: Zibo land-rights exit',
      ),
      header: METRIC_VALUE,
      rows: [
        [bi('区县', 'district'), `${r.district.code} ${r.district.zh} ${r.district.en}`],
        [bi('年度', 'year'), r.year],
        [bi('季度', 'quarter'), r.quarter],
        [bi('报告期', 'period'), `${r.period.labelZh} ${r.period.labelEn}`],
        [bi('起始日（北京时间）', 'first day (China time, UTC+8)'), r.period.firstDay],
        [bi('截止日（北京时间）', 'last day (China time, UTC+8)'), r.period.lastDay],
        [bi('生成时间', 'generated at'), r.generatedAt],
      ],
    },
    {
      title: bi('案件状态（当前状态，季末前创建的案件）', 'Cases by current status (created by quarter end)'),
      header: METRIC_VALUE,
      rows: [
        [bi('案件总数', 'total'), r.cases.createdByQuarterEnd],
        ...r.cases.byStatus.map((row) => [bi(row.labelZh, row.key), row.count]),
      ],
    },
    {
      title: bi('案件类型', 'Cases by type'),
      header: METRIC_VALUE,
      rows: r.cases.byType.map((row) => [bi(row.labelZh, row.key), row.count]),
    },
    {
      title: bi('本季度办理情况（案件数）', 'Activity in the quarter (cases)'),
      header: METRIC_VALUE,
      rows: r.activity.map((row) => [bi(row.labelZh, row.key), row.count]),
    },
    {
      title: bi('退出土地', 'Land exited'),
      header: METRIC_VALUE,
      rows: [
        [bi('退出案件数', 'cases exited'), r.exits.cases],
        [bi('宅基地退出案件数', 'homestead cases'), r.exits.homestead.cases],
        [bi('退出宅基地宗数', 'parcels'), r.exits.homestead.parcels],
        [bi('退出宅基地面积（平方米）', 'area (m2)'), r.exits.homestead.areaM2],
        [bi('承包地退出案件数', 'contract-land cases'), r.exits.contractLand.cases],
        [bi('退出承包地块数', 'plots'), r.exits.contractLand.plots],
        [bi('退出承包地面积（亩）', 'area (mu)'), r.exits.contractLand.areaMu],
        [bi('集体资产股权退出案件数', 'equity exits'), r.exits.equity.cases],
        [bi('退出股份数（股）', 'shares exited'), r.exits.equity.shares],
        [bi('面积来自登记簿的地块数', 'areas from the registry'), r.exits.areaSources.registry],
        [bi('面积来自协议报价的地块数', 'areas from the signed offer'), r.exits.areaSources.agreementOffer],
        [bi('面积缺失的地块数', 'areas unknown'), r.exits.areaSources.unknown],
        ...r.exits.unknownAreaItems.map((item): Cell[] => [bi('面积缺失', 'area unknown'), item]),
      ],
    },
    {
      title: bi('土地退出节点（本季度登记数）', 'Land-leg milestones recorded (count)'),
      header: METRIC_VALUE,
      rows: [
        ...r.landLeg.milestones.map((row) => [bi(row.labelZh, row.key), row.count]),
        ...r.landLeg.dispositions.map((row) => [
          bi(`其中处置方式：${row.labelZh}`, `disposed: ${row.key}`),
          row.count,
        ]),
        [bi('验收面积（平方米）', 'accepted area (m2)'), r.landLeg.accepted.areaM2],
        [bi('统计口径', 'basis'), `${r.landLeg.basisZh} / ${r.landLeg.basisEn}`],
      ],
    },
    {
      title: bi('节余建设用地指标', 'Surplus construction-land quota'),
      header: METRIC_VALUE,
      rows: [
        [bi('本季度产生指标（亩）', 'quota produced (mu)'), r.quota.mu],
        [bi('本季度交易指标（亩）', 'quota sold (mu)'), r.quota.soldMu],
        [bi('计算口径', 'basis'), `${r.quota.basisZh} / ${r.quota.basisEn}`],
        [bi('复垦验收产生指标（平方米）', 'quota produced by accepted reclamation (m2)'), q.produced.areaM2],
        [bi('复垦验收产生指标（亩）', 'quota produced by accepted reclamation (mu)'), q.produced.mu],
        [bi('指标交易笔数（按交易事件）', 'quota sale events'), q.sold.sales],
        [bi('交易指标面积（平方米，按交易事件）', 'quota sold by the sale events (m2)'), q.sold.areaM2],
        [bi('交易指标（亩，按交易事件）', 'quota sold by the sale events (mu)'), q.sold.mu],
        [bi('其中仅以亩记录的交易笔数', 'sales recorded in mu only'), q.sold.salesInMuOnly],
        [bi('未记录指标数量的交易笔数', 'sales without a quota figure'), q.sold.salesWithoutQuota],
      ],
    },
    {
      title: bi('村集体支付（不经专项基金，金额单位：分）', 'Paid by the collective, not the fund (fen)'),
      header: METRIC_VALUE,
      rows: [
        [bi('登记支付笔数', 'payments recorded'), r.collective.recorded.count],
        [bi('登记支付金额', 'recorded (fen)'), r.collective.recorded.amountFen],
        [bi('其中：承包地', 'of which contract land (fen)'), r.collective.recorded.contractLand.amountFen],
        [bi('其中：集体资产股权', 'of which equity (fen)'), r.collective.recorded.equity.amountFen],
        [bi('农户确认收款笔数', 'receipts confirmed'), r.collective.confirmed.count],
        [bi('农户确认收款金额', 'confirmed (fen)'), r.collective.confirmed.amountFen],
        [bi('农户提出异议笔数', 'payments disputed'), r.collective.disputed.count],
        [bi('未结清笔数（制表时）', 'outstanding now'), r.collective.outstanding.count],
        [bi('未结清金额（制表时）', 'outstanding now (fen)'), r.collective.outstanding.amountFen],
        [bi('回购股份数（股）', 'shares bought back'), r.collective.sharesRedeemed.shares],
        [bi('统计口径', 'basis'), `${r.collective.basisZh} / ${r.collective.basisEn}`],
      ],
    },
    {
      title: bi('专项基金（金额单位：分）', 'Special fund (amounts in fen)'),
      header: METRIC_VALUE,
      rows: [
        [bi('先行垫付笔数', 'advances'), f.advanced.count],
        [bi('先行垫付金额', 'advanced (fen)'), f.advanced.amountFen],
        [bi('补充资金笔数', 'replenishments'), f.replenished.count],
        [bi('补充资金金额', 'replenished (fen)'), f.replenished.amountFen],
        [bi('其中：指标交易', 'of which quota sales (fen)'), f.replenished.bySource.quota_sale.amountFen],
        [
          bi('其中：财政拨款', 'of which appropriations (fen)'),
          f.replenished.bySource.appropriation.amountFen,
        ],
        [
          bi('其中：未注明来源', 'of which source not recorded (fen)'),
          f.replenished.bySource.unspecified.amountFen,
        ],
        [bi('冲正笔数', 'reversals'), f.reversals.count],
        [bi('冲正金额', 'reversed (fen)'), f.reversals.amountFen],
        [bi('其中：冲正垫付', 'of which advances (fen)'), f.reversals.byAccount.advances.amountFen],
        [bi('其中：冲正指标交易', 'of which quota sales (fen)'), f.reversals.byAccount.quota_sales.amountFen],
        [
          bi('其中：冲正财政拨款', 'of which appropriations (fen)'),
          f.reversals.byAccount.appropriations.amountFen,
        ],
        [bi('净垫付金额', 'net advanced (fen)'), f.netAdvancedFen],
        [bi('净补充金额', 'net replenished (fen)'), f.netReplenishedFen],
        [bi('基金现金净变动', 'net cash movement (fen)'), f.netCashFen],
      ],
    },
    {
      title: bi('专项基金分期支付（金额单位：分）', 'Special fund tranches paid (amounts in fen)'),
      header: METRIC_VALUE,
      rows: [
        [bi('分期支付笔数', 'tranche payments'), f.tranches.count],
        [bi('分期支付金额', 'tranches paid (fen)'), f.tranches.amountFen],
        ...f.tranches.byTranche.flatMap((t): Cell[][] => [
          [bi(`${t.labelZh}笔数`, `${t.labelEn} payments`), t.count],
          [bi(`${t.labelZh}金额`, `${t.labelEn} (fen)`), t.amountFen],
        ]),
        ...f.tranches.byMilestone.flatMap((t): Cell[][] => [
          [bi(`${t.labelZh}支付笔数`, `payments ${t.labelEn}`), t.count],
          [bi(`${t.labelZh}支付金额`, `paid ${t.labelEn} (fen)`), t.amountFen],
        ]),
      ],
    },
    {
      title: bi('环节用时（天）', 'Stage durations (days)'),
      header: durationHeader,
      rows: r.stageDurations.map((d) => [bi(d.labelZh, d.stage), d.count, d.medianDays, d.maxDays]),
    },
    {
      title: bi('状态间用时（天）', 'Time between consecutive statuses (days)'),
      header: durationHeader,
      rows: r.transitions.map((d) => [
        bi(d.labelZh, `${d.from.join('|')}>${d.to}`),
        d.count,
        d.medianDays,
        d.maxDays,
      ]),
    },
    {
      title: bi('不符合条件：未通过的规则（案件数）', 'Ineligible: failed rules (cases)'),
      header: METRIC_VALUE,
      rows: r.rejections.failedRules.map((row) => [bi(row.labelZh, row.key), row.count]),
    },
    {
      title: bi('权益校验未通过：涉及的权利（案件数）', 'Rights check: rights affected (cases)'),
      header: METRIC_VALUE,
      rows: r.rejections.rightsViolations.map((row) => [bi(row.labelZh, row.key), row.count]),
    },
    {
      title: bi('驳回理由（次数）', 'Rejection reasons (decisions)'),
      header: METRIC_VALUE,
      rows: r.rejections.reviewReasons.map((row) => [`${row.stageZh}：${row.reason}`, row.count]),
    },
  ];
}

/** The report as one CSV text, BOM first. */
export function quarterlyReportCsv(report: QuarterlyReport): string {
  const lines: string[] = [];
  for (const s of sections(report)) {
    if (lines.length > 0) lines.push('');
    lines.push(csvRow([s.title]), csvRow(s.header), ...s.rows.map(csvRow));
  }
  return BOM + lines.join(EOL) + EOL;
}
