import { MAX_TEXT_CHARS } from '../../../../../shared/domain/model/limits';
import type { CaseStatus, CaseView } from '../../../api/contract';

/** What the household may still do with its case: withdraw it, appeal a rejection. */

/** appealCase's schema: the reason, trimmed, at most 4000 characters */
export const APPEAL_MAX = MAX_TEXT_CHARS;

export const WITHDRAWABLE: CaseStatus[] = [
  'draft',
  'submitted',
  'eligibility',
  'ineligible',
  'rights_blocked',
  'village_review',
  'returned',
  'resubmitted',
  'public_notice',
  'town_review',
  'district_approval',
  'offers',
];

/** The stage an appeal would reopen, or undefined when this case cannot be appealed (once per stage). */
export function appealStage(c: CaseView): string | undefined {
  const stage =
    c.status === 'ineligible' || c.status === 'rights_blocked'
      ? 'eligibility'
      : c.status === 'rejected'
        ? c.advance?.status === 'rejected'
          ? 'fund_review'
          : // the review step that rejected it: village, town or district (村 → 镇 → 区)
            (c.reviews.at(-1)?.step ?? 'village_review')
        : undefined;
  if (!stage || (c.appeals ?? []).some((a) => a.stage === stage)) return undefined;
  return stage;
}
