import { capitalAmount } from '../../domain/compensation/capitalAmount.js';
import { decimalText, groupedYuan } from '../../domain/compensation/format.js';
import { scaled } from '../../domain/decimal.js';
import type { CaseType } from '../../domain/model/application.js';
import { DISTRICTS } from '../../domain/model/common.js';
import type { AttachmentItem, Structure } from '../../domain/model/household.js';
import type { OfferLine, ResettlementOption } from '../../domain/model/offer.js';
import type { Tranche, TrancheMilestone } from '../../domain/model/tranche.js';
import type { MoneyText } from './agreementTypes.js';

/**
 * The words of the agreement (Simplified Chinese): the rights as the action plan names them (二(二)3
 * 宅基地使用权, 二(二)4 土地承包经营权, 二(二)5 集体资产股权), and the registry's codes in words.
 */
export const POLICY_TITLE = '《淄博市高水平推进城乡融合发展行动方案》';

export const AGREEMENT_TITLES: Record<CaseType, string> = {
  homestead_exit: '宅基地使用权退出协议',
  contract_land_exit: '土地承包经营权退出协议',
  equity_exit: '集体资产股权退出协议',
};

export const OPTION_LABELS: Record<ResettlementOption, string> = {
  cash: '货币补偿',
  urban_housing: '城区住房安置',
  town_housing: '镇区住房安置',
};

export const STRUCTURE_LABELS: Record<Structure, string> = {
  brick_concrete: '砖混结构',
  brick_wood: '砖木结构',
  earth_wood: '土木结构',
  simple: '简易结构',
};

/** The attachment and the unit its quantity counts in (wells and trees by the piece, walls in metres). */
export const ATTACHMENT_LABELS: Record<AttachmentItem, { name: string; unit: string }> = {
  well: { name: '水井', unit: '眼' },
  wall: { name: '围墙', unit: '米' },
  tree: { name: '树木', unit: '棵' },
  shed: { name: '棚舍', unit: 'm²' },
};

export const COMPONENT_LABELS: Record<OfferLine['component'], string> = {
  land_within_standard: '标准面积内土地',
  land_excess: '超出标准面积土地',
  building: '房屋',
  attachment: '附属物',
  premium: '货币补偿上浮',
  reward: '提前签约奖励',
  housing_price: '安置房价款',
  plot_rent: '承包地补偿',
  qualification: '放弃宅基地资格权补偿',
  shares: '集体资产股权',
};

/** When each tranche falls due, in the words of the land leg (腾退 → 处置/复垦验收 → 注销登记). */
export const MILESTONE_DUE: Record<TrancheMilestone, string> = {
  approval: '专项基金审核通过后',
  disposed: '复垦验收（处置）后',
  certificate_cancelled: '不动产注销登记后',
  handed_over: '交回土地后',
  cooling_off_ended: '冷静期满后',
};

export const PAYER_LABELS: Record<Tranche['payer'], string> = {
  fund: '专项基金',
  collective: '村集体',
};

/**
 * The registry keeps a member's relation as typed: the registrar's forms write Chinese (户主, 配偶), the
 * API's examples English codes. Codes are put in words; anything else is shown as written.
 */
const RELATIONS: Record<string, string> = {
  head: '户主',
  spouse: '配偶',
  son: '儿子',
  daughter: '女儿',
  child: '子女',
  father: '父亲',
  mother: '母亲',
  parent: '父母',
  grandson: '孙子',
  granddaughter: '孙女',
  grandchild: '孙子女',
  grandfather: '祖父',
  grandmother: '祖母',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  brother: '兄弟',
  sister: '姐妹',
  other: '其他',
};

export function relationText(relation: string): string {
  return RELATIONS[relation.trim().toLowerCase()] ?? relation;
}

export function districtNameOf(code: string, given?: string): string {
  if (given) return given;
  return (DISTRICTS as Record<string, { zh: string } | undefined>)[code]?.zh ?? code;
}

/** ¥1,234.56 and 人民币壹仟贰佰叁拾肆元伍角陆分. */
export function moneyText(fen: number): MoneyText {
  return { fen, figures: `¥${groupedYuan(fen)}`, capital: `人民币${capitalAmount(fen)}` };
}

/** A decimal as the registry holds it (m² to 2 places, mu to 4), exactly: 220 → 220.00. */
export function areaText(value: number, decimals = 2): string {
  return decimalText(scaled(value, decimals), decimals);
}
