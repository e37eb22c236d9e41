import { reviewInputSchema } from '../../../../../shared/contract/reviewInput';
import { MAX_REVIEW_WORDS_CHARS } from '../../../../../shared/domain/model/limits';
import { ApiError } from '../../../api/client';
import type { ReviewReasonCode, ReviewStep } from '../../../components/case/reviews';
import { fieldErrorsFrom, onePerField, type PlaceIssue, schemaErrors } from '../../../components/form';
import type { FormError } from '../../../components/ui';
import type { Decision, Refusal } from './decision';

/**
 * The town's and the district's decision (村 → 镇 → 区, DOMAIN.md wave 2), apart from its rendering: a
 * decision, reason codes from the fixed list, and a note the household reads; no members' meeting
 * (that is the village's). The checks are the API's (`POST /cases/{caseId}/review`: a return or a
 * rejection gives a code, the note is at most 2000 characters) and DOMAIN.md's ("with one or more
 * reason codes", so an approval gives one too), plus one of the portal's: "other" says what in the note.
 */
export type ChainStep = Exclude<ReviewStep, 'village_review'>;

export interface StepDecisionState {
  decision?: Decision;
  reasonCodes: ReviewReasonCode[];
  note: string;
}

/** the note and the reasons' words together (docs/limits.md) */
export const NOTE_MAX = MAX_REVIEW_WORDS_CHARS;

export const emptyStepDecision = (): StepDecisionState => ({ reasonCodes: [], note: '' });

/** The API schema's word on the body, beside the field to correct. */
const placeStepIssue: PlaceIssue = (issue) => {
  const head = String(issue.path[0] ?? '');
  if (head === 'note' || (issue.code === 'custom' && issue.params?.messageZh))
    return { field: 'note', key: 'chain.err.noteLong', values: { max: NOTE_MAX } };
  if (head === 'reasonCodes' || head === 'reasons') return { field: 'reasonCodes', key: 'chain.err.codes' };
  if (head === 'decision') return { field: 'decision', key: 'chain.err.decision' };
  return undefined;
};

/**
 * What is wrong with the form now, each beside its field (live, useLiveForm): the form's own checks,
 * then the API's body schema (shared/contract/reviewInput.ts) on the body it would send.
 */
export function checkStepDecision(form: StepDecisionState): FormError[] {
  const errors: FormError[] = [];
  if (!form.decision) errors.push({ field: 'decision', key: 'chain.err.decision' });
  if (form.reasonCodes.length === 0) errors.push({ field: 'reasonCodes', key: 'chain.err.codes' });
  const note = form.note.trim();
  if (form.reasonCodes.includes('other') && !note) errors.push({ field: 'note', key: 'chain.err.otherNote' });
  if (note.length > NOTE_MAX)
    errors.push({ field: 'note', key: 'chain.err.noteLong', values: { max: NOTE_MAX } });
  errors.push(
    ...schemaErrors(
      reviewInputSchema,
      stepBody({ ...form, decision: form.decision ?? 'approve' }),
      placeStepIssue,
    ),
  );
  return onePerField(errors);
}

/** The body the API takes from this form (the note only when there is one). */
export function stepBody(form: StepDecisionState & { decision: Decision }) {
  const note = form.note.trim();
  return { decision: form.decision, reasonCodes: form.reasonCodes, ...(note ? { note } : {}) };
}

/** The form's field for a path of the API's field errors (`reasons` is the village's words: the codes here). */
function fieldOf(path: string): string {
  if (path.startsWith('note')) return 'note';
  if (path.startsWith('reasonCodes') || path.startsWith('reasons')) return 'reasonCodes';
  return 'decision';
}

/**
 * Where the API's refusal of a decision goes: a note that makes the exit conditional on another right
 * (422 with `violations`) beside the note with the rights named; a 400 beside its fields; anything else
 * (403 not this reviewer's step, town or district, or separation of duties; 409 the case moved on) in
 * the banner, in the reader's language (ApiError.detailIn).
 */
export function placeStepRefusal(error: unknown): Refusal {
  if (!(error instanceof ApiError)) return { kind: 'banner' };
  if (error.status === 422 && error.problem.violations?.length) {
    return {
      kind: 'conditional',
      problem: error.problem,
      errors: [{ field: 'note', key: 'chain.err.conditional' }],
    };
  }
  if (error.status === 400) {
    const errors = fieldErrorsFrom(error, fieldOf, 'chain.err.server');
    // one message a field: the API names both `reasonCodes` and `reasons` for a return without a reason
    const once = errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i);
    return once.length > 0 ? { kind: 'fields', errors: once } : { kind: 'banner' };
  }
  return { kind: 'banner' };
}
