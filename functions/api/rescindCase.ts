import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { rescindDecision } from '../../shared/cases/commands/rescind.js';
import { agreementRescindedSchema } from '../../shared/contract/caseActions.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/rescind (applicant, API.md wave 2): undoes the agreement during the cooling-off
 * (冷静期); the land claims go back in the same transaction (shared/cases/commands/rescind.ts). 409
 * after it.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'rescindCase',
  method: 'POST',
  path: '/cases/{caseId}/rescind',
  responses: { 200: agreementRescindedSchema },
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('rescindCase', principal, params.caseId);
    const next = await commitCaseChange(rescindDecision(stored, principal.sub, now));
    return { status: 200, body: { caseId: next.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
