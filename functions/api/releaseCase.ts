import { releaseDecision } from '../../shared/cases/commands/claim.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { caseClaimAnswerSchema } from '../../shared/contract/claims.js';
import { loadCaseFor } from './http/caseAccess.js';
import { claimantOf } from './http/claimant.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/release (extension, issue 18; docs/api-conformance.md): 释放: end the claim on the step the case waits in (the holder's own, or a colleague's: audited for whom). A step nobody claimed answers as it stands.
 * Only staff who may act on the case's current step (shared/cases/deskClaims.ts): 403 otherwise, 409
 * ILLEGAL_TRANSITION when no staff step waits.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'releaseCase',
  method: 'POST',
  path: '/cases/{caseId}/release',
  responses: { 200: caseClaimAnswerSchema },
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  // every POST takes an Idempotency-Key (infra/constructs/api.ts); a repeat answers as the first did
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('releaseCase', principal, params.caseId);
    const { decision, answer } = releaseDecision(stored, claimantOf(principal, now));
    await commitCaseChange(decision);
    return { status: 200, body: answer };
  },
};

export const handler = lambdaHandler(route);
