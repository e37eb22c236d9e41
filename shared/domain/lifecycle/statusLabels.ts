import type { PendingTaskKind } from '../model/case.js';
import type { Bilingual } from '../model/common.js';
import type { ResettlementOption } from '../model/offer.js';
import type { CaseStatus } from '../model/status.js';

/**
 * The case statuses in words, zh-CN first: the quarterly report (四(四) 季度报告) is read by district
 * supervisors in Chinese and by outside reviewers in English, a refusal of the life cycle by a household,
 * and a bare status id means nothing to either.
 */
export const STATUS_LABELS: Readonly<Record<CaseStatus, Bilingual>> = {
  draft: { zh: '草稿', en: 'draft' },
  submitted: { zh: '已提交', en: 'submitted' },
  eligibility: { zh: '资格审查中', en: 'eligibility check' },
  ineligible: { zh: '不符合条件', en: 'ineligible' },
  rights_blocked: { zh: '权益校验未通过', en: 'blocked by the rights check' },
  village_review: { zh: '村集体审核中', en: 'village review' },
  returned: { zh: '退回补正', en: 'returned for correction' },
  resubmitted: { zh: '已重新提交', en: 'resubmitted' },
  rejected: { zh: '已驳回', en: 'rejected' },
  public_notice: { zh: '公示中', en: 'public notice' },
  town_review: { zh: '镇审核中', en: 'town audit' },
  district_approval: { zh: '区审批中', en: 'district approval' },
  offers: { zh: '待选择安置方式', en: 'offers made' },
  agreement_signed: { zh: '已签订退出协议', en: 'agreement signed' },
  cooling_off: { zh: '冷静期中', en: 'cooling-off' },
  fund_review: { zh: '基金审核中', en: 'fund review' },
  awaiting_funds: { zh: '等待资金', en: 'awaiting funds' },
  disbursed: { zh: '已拨付', en: 'disbursed' },
  reserved: { zh: '已收储', en: 'reserved' },
  vacating: { zh: '腾退中', en: 'vacating' },
  disposing: { zh: '处置中（复垦验收）', en: 'disposition' },
  cancelling: { zh: '注销登记中', en: 'certificate cancellation' },
  handing_over: { zh: '承包地交回中', en: 'handing over' },
  paying: { zh: '集体支付中', en: 'paid by the collective' },
  closed: { zh: '已结案', en: 'closed' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  rescinded: { zh: '冷静期内已解除协议', en: 'rescinded in the cooling-off' },
  failed: { zh: '系统异常', en: 'failed (system error)' },
};

/** A status as a person reads it: `'zh'` or `'en'`. */
export function statusLabel(status: CaseStatus, lang: 'zh' | 'en'): string {
  return STATUS_LABELS[status][lang];
}

/** The resettlement options in words (二(二)3), for the timeline's notes: never the option's code. */
export const OPTION_LABELS: Readonly<Record<ResettlementOption, Bilingual>> = {
  cash: { zh: '货币补偿', en: 'cash compensation' },
  urban_housing: { zh: '城区住房安置', en: 'a flat in the city' },
  town_housing: { zh: '镇区住房安置', en: 'a flat in the town' },
};

/** The human steps a case waits for, in words (the timeline's "waiting for …" notes). */
export const PENDING_TASK_LABELS: Readonly<Record<PendingTaskKind, Bilingual>> = {
  village_review: { zh: '村集体审核', en: 'the village review' },
  town_review: { zh: '镇审核', en: 'the town audit' },
  district_approval: { zh: '区审批', en: 'the district approval' },
  resubmission: { zh: '补正材料后重新提交', en: 'the corrected application' },
  resettlement_choice: { zh: '选择安置方式', en: 'the choice of an offer' },
  fund_review: { zh: '专项基金审核拨付', en: 'the fund review' },
  vacated: { zh: '腾退房屋', en: 'the vacating of the house' },
  disposed: { zh: '处置（复垦验收）', en: 'the disposition (reclamation)' },
  certificate_cancelled: { zh: '注销不动产登记', en: 'the cancellation of the certificate' },
  handed_over: { zh: '交回承包地', en: 'the hand-over of the contract land' },
  collective_payment: { zh: '村集体支付', en: 'the collective’s payment' },
};
