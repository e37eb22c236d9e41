import { reviewInputSchema } from '../../../../../shared/contract/reviewInput';
import { MAX_REVIEW_WORDS_CHARS } from '../../../../../shared/domain/model/limits';
import {
  type MeetingCounts,
  type ResolutionProblem,
  resolutionProblems,
  votesExceedPresent,
} from '../../../../../shared/domain/review/meetingResolution';
import { ApiError, type ReceivedProblem } from '../../../api/client';
import { fieldErrorsFrom, onePerField, type PlaceIssue, schemaErrors } from '../../../components/form';
import type { FormError } from '../../../components/ui';
import { todayInChina } from '../../../lib/format';

const MAX_WORDS = MAX_REVIEW_WORDS_CHARS;

/**
 * The village decision form's state and its checks, apart from its rendering: what the reviewer typed,
 * what is wrong with it (the form's own checks of what was typed, then the API's body schema,
 * shared/contract/reviewInput.ts, and the members' meeting arithmetic, the domain's own rule, the one
 * the API applies), and where a refusal from the API belongs. The form runs the check on every change
 * (useLiveForm), so an error goes as soon as it is fixed.
 */
export type Decision = 'approve' | 'return' | 'reject';

/** Where the shares of an equity exit go, as the members' meeting decides (纳入集体股 / 量化到本组织成员). */
export type SharesGoTo = 'collective_share' | 'members';
export const SHARES_GO_TO: readonly SharesGoTo[] = ['collective_share', 'members'];

export interface DecisionFormState {
  decision?: Decision;
  reasons: string;
  meetingDate: string;
  membersPresent: string;
  votesFor: string;
  votesAgainst: string;
  /** equity exits only: the meeting's decision on the shares (API.md wave 2: required at the village step) */
  sharesGoTo?: SharesGoTo;
}

/** The three counts of the members' meeting resolution: same input, same validation. */
export const COUNTS = ['membersPresent', 'votesFor', 'votesAgainst'] as const;

export const emptyDecision = (): DecisionFormState => ({
  reasons: '',
  meetingDate: todayInChina(),
  membersPresent: '',
  votesFor: '',
  votesAgainst: '',
});

const count = (v: string) => (/^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : undefined);

const RESOLUTION_FIELDS = ['meetingDate', 'membersPresent', 'votesFor', 'votesAgainst'];

/** The API schema's word on the body, beside the field a reviewer would correct. */
export const placeReviewIssue: PlaceIssue = (issue) => {
  const [head, sub] = issue.path.map(String);
  const max = 'maximum' in issue ? Number(issue.maximum) : undefined;
  if (head === 'resolution') {
    const field = sub && RESOLUTION_FIELDS.includes(sub) ? sub : 'membersPresent';
    if (issue.code === 'custom') return { field: 'votesFor', key: 'review.err.votesExceed' };
    if (issue.code === 'too_big') return { field, key: 'forms.err.atMost', values: { max } };
    if (field === 'meetingDate') return { field, key: 'review.err.meetingDate' };
    return { field, key: field === 'membersPresent' ? 'review.err.membersPresent' : 'review.err.votes' };
  }
  if (head === 'reasons' || head === 'reasonCodes') {
    if (issue.code === 'too_big' && sub !== undefined)
      return { field: 'reasons', key: 'forms.err.reasonLong', values: { n: Number(sub) + 1, max } };
    if (issue.code === 'too_big') return { field: 'reasons', key: 'forms.err.reasonsMany', values: { max } };
    if (issue.code === 'custom' && issue.params?.messageZh)
      return { field: 'reasons', key: 'forms.err.wordsLong', values: { max: MAX_WORDS } };
    return { field: 'reasons', key: 'review.err.reasons' };
  }
  if (head === 'decision') return { field: 'decision', key: 'review.err.decision' };
  if (head === 'sharesGoTo') return { field: 'sharesGoTo', key: 'review.err.sharesGoTo' };
  return undefined;
};

/** The form as the API would read it, and the errors to show before anything is sent. */
export interface CheckedDecision {
  errors: FormError[];
  reasons: string[];
  counts: Partial<MeetingCounts>;
}

/** Each problem of the resolution beside the field a reviewer would correct. */
function resolutionError(p: ResolutionProblem): FormError {
  return p.kind === 'votes_exceed_present'
    ? { field: 'votesFor', key: 'review.err.votesExceed' }
    : { field: 'votesFor', key: 'review.err.majority', values: { votes: p.votesFor, present: p.present } };
}

export function checkDecision(form: DecisionFormState, opts: { equity?: boolean } = {}): CheckedDecision {
  const errors: FormError[] = [];
  const reasons = form.reasons
    .split('\n')
    .map((r) => r.trim())
    .filter(Boolean);
  const membersPresent = count(form.membersPresent);
  const votesFor = count(form.votesFor);
  const votesAgainst = count(form.votesAgainst);
  if (!form.decision) errors.push({ field: 'decision', key: 'review.err.decision' });
  if (form.decision && form.decision !== 'approve' && reasons.length === 0)
    errors.push({ field: 'reasons', key: 'review.err.reasons' });
  if (opts.equity && !form.sharesGoTo) errors.push({ field: 'sharesGoTo', key: 'review.err.sharesGoTo' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.meetingDate))
    errors.push({ field: 'meetingDate', key: 'review.err.meetingDate' });
  else if (form.meetingDate > todayInChina())
    errors.push({ field: 'meetingDate', key: 'review.err.meetingFuture' });
  if (membersPresent === undefined || membersPresent < 1)
    errors.push({ field: 'membersPresent', key: 'review.err.membersPresent' });
  if (votesFor === undefined) errors.push({ field: 'votesFor', key: 'review.err.votes' });
  if (votesAgainst === undefined) errors.push({ field: 'votesAgainst', key: 'review.err.votes' });
  // the body as it would be sent, through the API's own schema (limits, counts that cannot be, reasons)
  errors.push(
    ...schemaErrors(
      reviewInputSchema,
      {
        decision: form.decision ?? 'approve',
        reasons,
        resolution: { meetingDate: form.meetingDate, membersPresent, votesFor, votesAgainst },
        ...(opts.equity && form.sharesGoTo ? { sharesGoTo: form.sharesGoTo } : {}),
      },
      placeReviewIssue,
    ),
  );
  if (membersPresent !== undefined && votesFor !== undefined && votesAgainst !== undefined) {
    const counts = { membersPresent, votesFor, votesAgainst };
    // without a decision yet, only counts that cannot be are wrong; a majority is an approval's concern
    const problems = form.decision
      ? resolutionProblems(form.decision, counts)
      : [votesExceedPresent(counts)].filter((p) => p !== undefined);
    errors.push(...problems.map(resolutionError));
  }
  return { errors: onePerField(errors), reasons, counts: { membersPresent, votesFor, votesAgainst } };
}

/** Where the API's refusal of a decision goes: beside a field the reviewer can fix, or nowhere (banner). */
export type Refusal =
  | { kind: 'conditional'; problem: ReceivedProblem; errors: FormError[] }
  | { kind: 'fields'; errors: FormError[] }
  | { kind: 'banner' };

export function placeRefusal(error: unknown, checked: CheckedDecision): Refusal {
  if (!(error instanceof ApiError)) return { kind: 'banner' };
  // 422 with the rights a reason would make the exit depend on: the reasons must change
  if (error.status === 422 && error.problem.violations?.length) {
    return {
      kind: 'conditional',
      problem: error.problem,
      errors: [{ field: 'reasons', key: 'review.err.conditional' }],
    };
  }
  // the other 422 of a review is the majority the API counted itself
  if (error.status === 422) {
    const { votesFor, membersPresent } = checked.counts;
    return {
      kind: 'fields',
      errors: [
        {
          field: 'votesFor',
          key: 'review.err.majority',
          values: { votes: votesFor, present: membersPresent },
        },
      ],
    };
  }
  if (error.status === 400) {
    const errors = fieldErrorsFrom(
      error,
      (path) => path.replace('resolution.', '').replace(/\..*$/, ''),
      'review.err.server',
    );
    return errors.length > 0 ? { kind: 'fields', errors } : { kind: 'banner' };
  }
  return { kind: 'banner' };
}
