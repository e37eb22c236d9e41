import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { withdrawDecision } from '../../shared/cases/commands/withdraw.js';
import { caseWithdrawnSchema } from '../../shared/contract/caseActions.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/withdraw (applicant): allowed from any status before the agreement (退出自愿);
 * the land claims go back in the same transaction (shared/cases/commands/withdraw.ts).
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'withdrawCase',
  method: 'POST',
  path: '/cases/{caseId}/withdraw',
  responses: { 200: caseWithdrawnSchema },
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('withdrawCase', principal, params.caseId);
    const next = await commitCaseChange(withdrawDecision(stored, principal.sub, now));
    return { status: 200, body: { caseId: next.caseId, status: next.status } };
  },
};

export const handler = lambdaHandler(route);
