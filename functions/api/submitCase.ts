import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { submitChange } from '../../shared/cases/commands/submit.js';
import { caseMovedSchema } from '../../shared/contract/caseActions.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/submit (applicant): a draft starts the workflow; a returned case is resubmitted
 * into its waiting step (shared/cases/commands/submit.ts); surrendering the qualification right needs
 * an accepted housing certificate first (400 naming it).
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'submitCase',
  method: 'POST',
  path: '/cases/{caseId}/submit',
  responses: { 202: caseMovedSchema },
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('submitCase', principal, params.caseId);
    const next = await commitCaseChange(await submitChange(stored, principal.sub, now));
    return { status: 202, body: { caseId: next.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
