import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { reviewChange, reviewInputSchema } from '../../shared/cases/commands/review.js';
import { reviewDecidedSchema } from '../../shared/contract/caseActions.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/review (village reviewer, own village): the collective's decision with the
 * members' meeting resolution (shared/cases/commands/review.ts). The decision consumes the step's task
 * token in the same conditional write, so of two reviewers deciding at once exactly one wins and the
 * other gets 409.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof reviewInputSchema> = {
  id: 'reviewCase',
  method: 'POST',
  path: '/cases/{caseId}/review',
  responses: { 200: reviewDecidedSchema },
  params: caseParams,
  query: anyQuery,
  body: reviewInputSchema,
  idempotent: true,
  async handle({ params, body, principal, now }) {
    const stored = await loadCaseFor('reviewCase', principal, params.caseId);
    const change = await reviewChange(stored, body, principal, now);
    const next = await commitCaseChange(change);
    const step = stored.case.status;
    return { status: 200, body: { caseId: next.caseId, status: next.status, decision: body.decision, step } };
  },
};

export const handler = lambdaHandler(route);
