import { MAX_AMOUNT_FEN, MAX_RATE_FEN } from '../model/limits.js';

/**
 * Every field of a policy parameter version (政策参数) as a person setting it reads it: its name in both
 * languages, its unit and the range a district may choose. The stored schema (../model/policy.ts) bounds
 * what can be priced exactly; these ranges are the sane ones an approver may propose (depreciation at
 * most 10 % a year, every deadline at least a day), so a typing slip (20 for 2 %, 0 days) is refused
 * with the field's name and unit rather than stored and priced. Checked once, here, for the API and the
 * portal's proposal form alike.
 */
export type ParameterUnit =
  | 'fen_per_m2'
  | 'fen'
  | 'fen_per_mu_year'
  | 'bp'
  | 'm2'
  | 'days'
  | 'months'
  | 'years'
  | 'flag'
  | 'choice';

export interface ParameterSpec {
  /** dotted path inside `parameters`, e.g. `deadlines.reviewDays`, `landRateFenPerM2.1` */
  path: string;
  zh: string;
  en: string;
  unit: ParameterUnit;
  /** numbers: inclusive bounds in the field's own unit (fen, basis points, m², days…) */
  min?: number;
  max?: number;
  /** m² fields: decimal places allowed; every other number is a whole number */
  decimals?: number;
  choices?: readonly string[];
}

export const UNIT_WORDS: Record<ParameterUnit, { zh: string; en: string }> = {
  fen_per_m2: { zh: '分/平方米', en: 'fen per m²' },
  fen: { zh: '分', en: 'fen' },
  fen_per_mu_year: { zh: '分/亩·年', en: 'fen per mu and year' },
  bp: { zh: '基点（1 基点 = 0.01%）', en: 'basis points (1 bp = 0.01 %)' },
  m2: { zh: '平方米', en: 'm²' },
  days: { zh: '天', en: 'days' },
  months: { zh: '个月', en: 'months' },
  years: { zh: '年', en: 'years' },
  flag: { zh: '是/否', en: 'yes/no' },
  choice: { zh: '选项', en: 'choice' },
};

const TIERS = [
  ['1', '一类村', 'tier-1 village'],
  ['2', '二类村', 'tier-2 village'],
  ['3', '三类村', 'tier-3 village'],
] as const;

const rate = (path: string, zh: string, en: string, unit: ParameterUnit = 'fen_per_m2'): ParameterSpec => ({
  path,
  zh,
  en,
  unit,
  min: 0,
  max: MAX_RATE_FEN,
});
const share = (path: string, zh: string, en: string, max = 10_000, min = 0): ParameterSpec => ({
  path,
  zh,
  en,
  unit: 'bp',
  min,
  max,
});
const days = (path: string, zh: string, en: string, max = 365): ParameterSpec => ({
  path,
  zh,
  en,
  unit: 'days',
  min: 1,
  max,
});
const area = (path: string, zh: string, en: string): ParameterSpec => ({
  path,
  zh,
  en,
  unit: 'm2',
  min: 0.01,
  max: 1_000,
  decimals: 2,
});

export const PARAMETER_SPECS: readonly ParameterSpec[] = [
  { path: 'programmeOpen', zh: '本区开展退出工作', en: 'programme open in the district', unit: 'flag' },
  {
    path: 'pilotLevel',
    zh: '试点级别',
    en: 'pilot level',
    unit: 'choice',
    choices: ['national', 'provincial', 'none'],
  },
  ...TIERS.map(([t, zh, en]) =>
    rate(`landRateFenPerM2.${t}`, `宅基地补偿标准（${zh}）`, `land rate (${en})`),
  ),
  share('excessRateBp', '超出标准面积部分的补偿比例', 'excess-area share of the land rate'),
  area('standardAreaM2', '宅基地标准面积', 'standard homestead area'),
  rate('structureRateFenPerM2.brick_concrete', '砖混结构房屋重置价', 'building rate, brick-concrete'),
  rate('structureRateFenPerM2.brick_wood', '砖木结构房屋重置价', 'building rate, brick-wood'),
  rate('structureRateFenPerM2.earth_wood', '土木结构房屋重置价', 'building rate, earth-wood'),
  rate('structureRateFenPerM2.simple', '简易结构房屋重置价', 'building rate, simple'),
  share('yearlyDepreciationBp', '房屋年折旧率', 'yearly depreciation', 1_000),
  share('minNewnessBp', '最低成新率', 'minimum newness', 10_000),
  rate('attachmentRateFen.well', '附属物补偿：水井（每眼）', 'attachment: well (each)', 'fen'),
  rate('attachmentRateFen.wall', '附属物补偿：围墙（每米）', 'attachment: wall (per metre)', 'fen'),
  rate('attachmentRateFen.tree', '附属物补偿：树木（每棵）', 'attachment: tree (each)', 'fen'),
  rate('attachmentRateFen.shed', '附属物补偿：棚房（每平方米）', 'attachment: shed (per m²)', 'fen'),
  share('cashPremiumBp', '货币补偿上浮比例', 'cash premium'),
  share('rewardRateBp', '限期签约奖励比例', 'early-signing reward'),
  days('rewardDays', '限期签约奖励期限', 'early-signing reward window'),
  area('perCapitaAreaM2', '安置住房人均面积', 'resettlement area per person'),
  area('maxAreaM2', '安置住房户最大面积', 'resettlement area per household at most'),
  rate('resettlementUnitPriceFenPerM2.urban_housing', '城区安置住房价格', 'urban resettlement flat price'),
  rate('resettlementUnitPriceFenPerM2.town_housing', '镇区安置住房价格', 'town resettlement flat price'),
  ...TIERS.map(([t, zh, en]) =>
    rate(
      `annualRentFenPerMu.${t}`,
      `承包地年租金标准（${zh}）`,
      `contract-land yearly rent (${en})`,
      'fen_per_mu_year',
    ),
  ),
  {
    path: 'permanentYears',
    zh: '永久退出折算年限',
    en: 'years a permanent exit is priced at',
    unit: 'years',
    min: 1,
    max: 100,
  },
  days('publicNoticeDays', '公示期', 'public notice', 90),
  days('coolingOffDays', '冷静期', 'cooling-off after signing', 90),
  {
    path: 'fourEyesThresholdFen',
    zh: '垫付须双人审批的金额起点',
    en: 'advance amount needing two fund administrators',
    unit: 'fen',
    min: 0,
    max: MAX_AMOUNT_FEN,
  },
  {
    path: 'replenishmentFourEyesThresholdFen',
    zh: '基金补充须双人审批的金额起点',
    en: 'replenishment amount needing two fund administrators',
    unit: 'fen',
    min: 0,
    max: MAX_AMOUNT_FEN,
  },
  {
    path: 'qualificationFenPerMember',
    zh: '资格权退出补偿（每人）',
    en: 'qualification right, per member',
    unit: 'fen',
    min: 0,
    max: 100_000_000,
  },
  share('equityPremiumBp', '股权退出上浮比例', 'equity premium'),
  share('equityRedemptionCapBp', '集体年度回购股份上限', 'yearly share buy-back cap of a collective'),
  {
    path: 'nonFarmIncomeMonths',
    zh: '稳定非农收入年限要求',
    en: 'stable non-farm income required',
    unit: 'months',
    min: 0,
    max: 600,
  },
  {
    path: 'urbanResidenceMonths',
    zh: '城镇居住年限要求',
    en: 'urban residence required',
    unit: 'months',
    min: 0,
    max: 600,
  },
  days('deadlines.reviewDays', '村级审核时限', 'village review deadline'),
  days('deadlines.townReviewDays', '镇级审核时限', 'town review deadline'),
  days('deadlines.districtApprovalDays', '区级审批时限', 'district approval deadline'),
  days('deadlines.reEscalationDays', '再次督办间隔', 're-escalation interval'),
  days('deadlines.vacatedDays', '腾退时限', 'vacating deadline'),
  days('deadlines.disposedDays', '处置时限', 'disposal deadline', 730),
  days('deadlines.cancelledDays', '注销登记时限', 'certificate cancellation deadline'),
  days('deadlines.handedOverDays', '承包地交回时限', 'contract-land hand-over deadline'),
  days('deadlines.collectivePaymentDays', '集体支付时限', 'collective payment deadline'),
  days('deadlines.resubmissionDays', '退回补正时限', 'resubmission deadline'),
  days('deadlines.choiceDays', '选择补偿方式时限', 'deadline to choose an offer'),
  days('deadlines.fundReviewDays', '基金审核时限', 'fund review deadline'),
];
