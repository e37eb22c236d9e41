import { milestoneInputSchema } from '../../../shared/contract/milestones';
import { onePerField, type PlaceIssue, schemaErrors } from '../components/form';
import type { FormError } from '../components/ui';
import {
  checkMilestone,
  type MilestoneFormState,
  type MilestoneKind,
  milestoneBody,
  milestoneFieldOf,
} from './milestoneForm';

/**
 * The milestone form's whole check: its own (what was typed, the registered area) and the API's body
 * schema (`milestoneInputSchema`, which the handler parses with) on the body it would send; a module
 * of its own so that zod is loaded with the land officer's form only.
 */
const placeMilestoneIssue: PlaceIssue = (issue) => {
  const field = milestoneFieldOf(issue.path.map(String).join('.'));
  const max = 'maximum' in issue ? Number(issue.maximum) : undefined;
  if (field === 'creditCode') return { field, key: 'land.err.creditCode' };
  if (field === 'acceptedArea') return { field, key: 'land.err.areaFormat' };
  if (issue.code === 'too_big' && max !== undefined)
    return { field, key: 'land.err.tooLong', values: { max } };
  return { field, key: 'forms.err.invalid' };
};

export function checkMilestoneLive(
  kind: MilestoneKind,
  form: MilestoneFormState,
  ctx: { registeredAreaM2?: number | undefined } = {},
): FormError[] {
  // the schema speaks once the form's own checks pass: before, the body would name fields the form
  // does not show yet (a disposition's numbers before the disposition is chosen)
  const own = checkMilestone(kind, form, ctx);
  if (own.length > 0) return onePerField(own);
  return onePerField(schemaErrors(milestoneInputSchema, milestoneBody(kind, form), placeMilestoneIssue));
}
