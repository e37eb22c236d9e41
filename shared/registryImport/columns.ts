import type { Insurance } from '../domain/model/common.js';
import type { AttachmentItem, HomesteadStatus, Structure } from '../domain/model/household.js';

/**
 * The template's layout (docs/registry-import.md "The template"): one sheet, Chinese headers in row 1,
 * one row per record. 记录类型 says which record a row is; every row names its 农户编号, so the rows of
 * one household need not be adjacent. A row fills the columns of its record type; the others are
 * ignored (a registry export that repeats 村编码 on every row still reads).
 */
export const RECORD_TYPES = { household: '户', member: '成员', homestead: '宅基地', plot: '承包地' } as const;
export type RecordType = keyof typeof RECORD_TYPES;

export const COL = {
  type: '记录类型',
  householdId: '农户编号',
  villageCode: '村编码',
  headMemberId: '户主成员编号',
  homesteadQualification: '宅基地资格权',
  collectiveIncomeDistribution: '集体收益分配权',
  equityShares: '集体资产股数',
  socialInsuranceMonths: '社保缴纳月数',
  urbanResidenceMonths: '城镇居住月数',
  businessLicenceMonths: '营业执照月数',
  socialInsurance: '社会保险',
  memberId: '成员编号',
  name: '姓名',
  nationalId: '公民身份号码',
  birthDate: '出生日期',
  relation: '与户主关系',
  parcelId: '宗地编号',
  certificateNo: '不动产权证书号',
  areaM2: '宗地面积（平方米）',
  homesteadStatus: '登记状态',
  mortgageeConsent: '抵押权人同意',
  floorAreaM2: '房屋建筑面积（平方米）',
  structure: '房屋结构',
  yearBuilt: '建成年份',
  well: '水井（眼）',
  wall: '围墙（米）',
  tree: '树木（棵）',
  shed: '棚舍（平方米）',
  exitedByCaseId: '退出案件',
  exitedAt: '注销时间',
  plotId: '地块编号',
  areaMu: '承包面积（亩）',
  termEnd: '承包期限至',
  plotStatus: '地块状态',
} as const;
export type ColumnKey = keyof typeof COL;

/** The header row, in the template's order. */
export const TEMPLATE_COLUMNS: readonly string[] = Object.values(COL);
export const COLUMN_KEYS = Object.keys(COL) as ColumnKey[];

/** The attachment items (附属物) in the template's column order; attachments read back in this order. */
export const ATTACHMENT_COLUMNS: Record<AttachmentItem, ColumnKey> = {
  well: 'well',
  wall: 'wall',
  tree: 'tree',
  shed: 'shed',
};
export const ATTACHMENT_ORDER: readonly AttachmentItem[] = ['well', 'wall', 'tree', 'shed'];

/** Chinese labels of the enumerations, as the template writes them; the English codes read as well. */
export const HOMESTEAD_STATUS_ZH: Record<HomesteadStatus, string> = {
  registered: '已登记',
  illegal_occupation: '违法占用',
  disputed: '有争议',
  mortgaged: '已抵押',
  seized: '已查封',
  exited: '已退出',
};
export const STRUCTURE_ZH: Record<Structure, string> = {
  brick_concrete: '砖混',
  brick_wood: '砖木',
  earth_wood: '土木',
  simple: '简易',
};
export const PLOT_STATUS_ZH = {
  normal: '正常',
  leased: '已流转',
  disputed: '有争议',
  mortgaged: '已抵押',
} as const;
export const INSURANCE_ZH: Record<Insurance, string> = {
  medical: '医疗',
  pension: '养老',
  unemployment: '失业',
};
export const YES = '是';
export const NO = '否';
/** Separator of several values in one cell (社会保险; several lines of one attachment item). */
export const LIST_SEPARATOR = ';';

/** The sheet names of the xlsx template. */
export const DATA_SHEET = '农户登记';
export const GUIDE_SHEET = '填写说明';

/** What each column holds, for the 填写说明 sheet: applies to, required, allowed values and unit. */
export const COLUMN_GUIDE: Record<ColumnKey, { rows: string; required: string; values: string }> = {
  type: { rows: '全部', required: '必填', values: '户 / 成员 / 宅基地 / 承包地' },
  householdId: {
    rows: '全部',
    required: '必填',
    values: '字母、数字、- _ . ，至多 32 个字符；同一农户各行相同，各行不必相邻',
  },
  villageCode: { rows: '户', required: '必填', values: '12 位行政区划代码，须为已登记的村' },
  headMemberId: { rows: '户', required: '必填', values: '本户某一成员行的成员编号' },
  homesteadQualification: { rows: '户', required: '必填', values: '是 / 否' },
  collectiveIncomeDistribution: { rows: '户', required: '必填', values: '是 / 否' },
  equityShares: { rows: '户', required: '必填', values: '整数，股，≥ 0' },
  socialInsuranceMonths: { rows: '户', required: '必填', values: '整数，月，0–1200' },
  urbanResidenceMonths: { rows: '户', required: '必填', values: '整数，月，0–1200' },
  businessLicenceMonths: { rows: '户', required: '必填', values: '整数，月，0–1200' },
  socialInsurance: {
    rows: '户',
    required: '选填',
    values: '医疗 / 养老 / 失业，多项以英文分号 ; 分隔，如 医疗;养老',
  },
  memberId: { rows: '成员', required: '必填', values: '本户内唯一' },
  name: { rows: '成员', required: '必填', values: '至多 50 个字' },
  nationalId: {
    rows: '成员',
    required: '必填',
    values: '18 位公民身份号码（末位可为 X），须通过校验码校验；请以文本格式填写',
  },
  birthDate: { rows: '成员', required: '必填', values: 'YYYY-MM-DD，须与身份号码中的出生日期一致' },
  relation: { rows: '成员', required: '必填', values: '户主、配偶、子女等，至多 20 个字' },
  parcelId: { rows: '宅基地', required: '必填', values: '本户内唯一' },
  certificateNo: { rows: '宅基地', required: '必填', values: '房地一体不动产权证书号，至多 60 个字' },
  areaM2: { rows: '宅基地', required: '必填', values: '平方米，至多 2 位小数，0–10000' },
  homesteadStatus: {
    rows: '宅基地',
    required: '必填',
    values: '已登记 / 违法占用 / 有争议 / 已抵押 / 已查封 / 已退出',
  },
  mortgageeConsent: { rows: '宅基地、承包地', required: '选填（空为否）', values: '是 / 否' },
  floorAreaM2: {
    rows: '宅基地',
    required: '有房屋时必填',
    values: '平方米，至多 2 位小数，0–10000；无房屋时房屋三列均留空',
  },
  structure: { rows: '宅基地', required: '有房屋时必填', values: '砖混 / 砖木 / 土木 / 简易' },
  yearBuilt: { rows: '宅基地', required: '有房屋时必填', values: '四位年份，1900–2100' },
  well: { rows: '宅基地', required: '选填', values: '眼，至多 2 位小数；空为无' },
  wall: { rows: '宅基地', required: '选填', values: '米，至多 2 位小数；空为无' },
  tree: { rows: '宅基地', required: '选填', values: '棵，至多 2 位小数；空为无' },
  shed: { rows: '宅基地', required: '选填', values: '平方米，至多 2 位小数；空为无' },
  exitedByCaseId: { rows: '宅基地', required: '登记状态为已退出时填写', values: '退出该宗地的案件编号' },
  exitedAt: {
    rows: '宅基地',
    required: '登记状态为已退出时填写',
    values: '注销登记时间，ISO 8601（如 2026-11-30T08:00:00.000Z）或北京时间 YYYY-MM-DD HH:mm:ss',
  },
  plotId: { rows: '承包地', required: '必填', values: '本户内唯一' },
  areaMu: { rows: '承包地', required: '必填', values: '亩，至多 4 位小数，0–1000' },
  termEnd: { rows: '承包地', required: '必填', values: 'YYYY-MM-DD，至迟 2100-12-31' },
  plotStatus: { rows: '承包地', required: '必填', values: '正常 / 已流转 / 有争议 / 已抵押' },
};
