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
  'fund_review',
  'awaiting_funds',
  'disbursed',
  'reserved',
  'closed',
  'withdrawn',
  'failed',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;
