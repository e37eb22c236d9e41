import type { CaseType } from '../domain/model/application.js';
import type { MilestoneKind } from '../domain/model/case.js';
import type { Bilingual } from '../domain/model/common.js';
import type { RuleId } from '../domain/model/finding.js';
import type { LedgerAccount, LedgerEntry } from '../domain/model/ledger.js';
import type { TrancheMilestone } from '../domain/model/tranche.js';
import type { Disposition } from './projection.js';

/** The statuses in words (zh-CN first): kept with the life cycle, whose refusals name them too. */
export { STATUS_LABELS } from '../domain/lifecycle/statusLabels.js';

export const CASE_TYPE_LABELS: Readonly<Record<CaseType, Bilingual>> = {
  homestead_exit: { zh: '宅基地自愿有偿退出', en: 'homestead exit' },
  contract_land_exit: { zh: '土地承包经营权退出', en: 'contract-land exit' },
  equity_exit: { zh: '集体资产股权有偿退出', en: 'collective equity exit' },
};

export const RULE_LABELS: Readonly<Record<RuleId, Bilingual>> = {
  'H-VOLUNTARY': { zh: '全体成年成员自愿', en: 'every adult member consents' },
  'H-LEGAL': { zh: '宅基地依法登记在本户名下', en: 'parcels lawfully registered to the household' },
  'H-QUALIFIED': {
    zh: '稳定非农收入且长期城镇居住，或一户多宅',
    en: 'stable non-farm income and urban residence, or more than one homestead',
  },
  'H-UNENCUMBERED': {
    zh: '无争议、未查封、未经同意不得抵押',
    en: 'not disputed, seized or mortgaged without consent',
  },
  'H-NO-DUPLICATE': { zh: '同一宗地无其他在办案件', en: 'no other open case for the parcel' },
  'H-PILOT': { zh: '所在区县已开放退出', en: 'programme open in the district' },
  'C-VOLUNTARY': { zh: '全体成年成员自愿', en: 'every adult member consents' },
  'C-NONFARM': { zh: '有稳定非农就业收入', en: 'stable non-farm income' },
  'C-PLOTS': { zh: '地块属本户承包且无争议', en: 'plots in the household contract, undisputed' },
  'C-NO-DUPLICATE': { zh: '同一地块无其他在办案件', en: 'no other open case for the plot' },
  'C-PILOT': { zh: '所在区县已开放退出', en: 'programme open in the district' },
  'E-VOLUNTARY': { zh: '全体成年成员自愿', en: 'every adult member consents' },
  'E-SETTLED': { zh: '已在城镇长期居住', en: 'settled in town (long-term urban residence)' },
  'E-SHARES': { zh: '持有申请退出的股份', en: 'holds the shares named' },
  'E-NO-DUPLICATE': { zh: '本户无其他在办股权退出案件', en: 'no other open equity exit of the household' },
  'E-PILOT': { zh: '所在区县已开放退出', en: 'programme open in the district' },
};

export const SOURCE_LABELS = {
  quota_sale: { zh: '节余建设用地指标交易', en: 'surplus construction-land quota sale' },
  appropriation: { zh: '财政拨款', en: 'budget appropriation' },
  unspecified: { zh: '未注明来源', en: 'source not recorded' },
} as const satisfies Record<string, Bilingual>;

export const REVIEW_STAGE_LABELS = {
  village_review: { zh: '村集体审核', en: 'village review' },
  fund_review: { zh: '基金审核', en: 'fund review' },
} as const satisfies Record<string, Bilingual>;

/** The land leg's milestones (DOMAIN.md wave 2: 腾退 → 处置/复垦验收 → 注销登记; 承包地交回). */
export const MILESTONE_LABELS: Readonly<Record<MilestoneKind, Bilingual>> = {
  vacated: { zh: '腾退', en: 'vacated' },
  disposed: { zh: '处置', en: 'disposed' },
  certificate_cancelled: { zh: '不动产注销登记', en: 'certificate cancelled' },
  handed_over: { zh: '承包地交回', en: 'contract land handed over' },
};

export const DISPOSITION_LABELS: Readonly<Record<Disposition, Bilingual>> = {
  reclaimed: { zh: '复垦并验收', en: 'reclaimed and accepted' },
  direct_use: { zh: '集体直接利用', en: 'direct use by the collective' },
  development: { zh: '综合开发', en: 'development' },
};

/**
 * When a tranche falls due (DOMAIN.md payment schedule: homestead 50 % at the fund's approval, 30 % at
 * disposed, 20 % at the cancellation; contract land 70 % first, 30 % at the handover). A tranche number
 * alone does not say it: tranche 2 is `disposed` for a homestead, `handed_over` for contract land.
 */
export const TRANCHE_MILESTONE_LABELS: Readonly<Record<TrancheMilestone, Bilingual>> = {
  approval: { zh: '基金批准时', en: "at the fund's approval" },
  disposed: { zh: '处置后', en: 'at disposed' },
  certificate_cancelled: { zh: '注销登记后', en: 'at certificate cancelled' },
  handed_over: { zh: '承包地交回后', en: 'at handed over' },
  cooling_off_ended: { zh: '冷静期结束时', en: 'when the cooling-off ends' },
};

export function trancheLabel(tranche: number): Bilingual {
  return { zh: `第${tranche}期`, en: `tranche ${tranche}` };
}

/** Ledger entry kinds, as the portal's ledger names them (portal/src/i18n ledgerKind). */
export const LEDGER_KIND_LABELS: Readonly<Record<LedgerEntry['kind'], Bilingual>> = {
  advance: { zh: '垫付', en: 'advance' },
  replenishment: { zh: '资金补充', en: 'replenishment' },
  reversal: { zh: '冲正', en: 'reversal' },
};

/** The accounts of the fund's double-entry ledger (shared/domain/model/ledger.ts). */
export const LEDGER_ACCOUNT_LABELS: Readonly<Record<LedgerAccount, Bilingual>> = {
  fund_cash: { zh: '专项基金存款', en: 'fund cash' },
  advances: { zh: '先行垫付', en: 'advances' },
  quota_sales: { zh: '指标交易收入', en: 'quota sales' },
  appropriations: { zh: '财政拨款', en: 'appropriations' },
};
