import { claimDecision } from '../../shared/cases/commands/claim.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { caseClaimAnswerSchema } from '../../shared/contract/claims.js';
import { loadCaseFor } from './http/caseAccess.js';
import { claimantOf } from './http/claimant.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/claim (extension, issue 18; docs/api-conformance.md): 认领: claim the step the case waits in, so that colleagues on the same queue see who works on it. Advisory: a step a colleague claimed is taken over (audited with whose it was); claiming one's own claim again answers as it stands.
 * Only staff who may act on the case's current step (shared/cases/deskClaims.ts): 403 otherwise, 409
 * ILLEGAL_TRANSITION when no staff step waits.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'claimCase',
  method: 'POST',
  path: '/cases/{caseId}/claim',
  responses: { 200: caseClaimAnswerSchema },
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  // every POST takes an Idempotency-Key (infra/constructs/api.ts); a repeat answers as the first did
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('claimCase', principal, params.caseId);
    const { decision, answer } = claimDecision(stored, claimantOf(principal, now));
    await commitCaseChange(decision);
    return { status: 200, body: answer };
  },
};

export const handler = lambdaHandler(route);
