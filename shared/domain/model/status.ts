import * as z from 'zod';

/** Case statuses, exactly the names of DOMAIN.md's life cycle, plus `failed`. */
export const CASE_STATUSES = [
  'draft',
  'submitted',
  'eligibility',
  'ineligible',
  'rights_blocked',
  'village_review',
  'returned',
  'resubmitted',
  'rejected',
  'public_notice',
  'town_review',
  'district_approval',
  'offers',
  'agreement_signed',
  /** 冷静期 (wave 2): the household may still rescind; the fund review opens when it ends */
  'cooling_off',
  'fund_review',
  'awaiting_funds',
  'disbursed',
  'reserved',
  /** the land leg (wave 2): 腾退 → 处置/复垦验收 → 注销登记 for a homestead, 交回/承接 for contract land */
  'vacating',
  'disposing',
  'cancelling',
  'handing_over',
  /** contract land and equity (wave 2): the collective pays a tranche and the household confirms receipt */
  'paying',
  'closed',
  'withdrawn',
  /** rescinded during the cooling-off (wave 2): nothing was paid, the land is free, it may be filed again */
  'rescinded',
  'failed',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;
