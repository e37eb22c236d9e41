import * as z from 'zod';
import { decideAdvance } from '../../shared/cases/commands/advance/decide.js';
import { advanceDecisionSchema } from '../../shared/contract/fund.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/advance (fund administrator of the case's district): approve or reject the
 * special fund's advance (先行垫付). Above the four-eyes threshold two different administrators must
 * approve; a rejection by either ends it and its note is the reason the household sees. The final
 * approval pays in one transaction (entry id derived from the agreement), or queues the advance when the
 * balance cannot cover it. Repeating a call, racing another administrator, or retrying after a crash
 * answers with the stored result and never pays twice (shared/fund/disburse.ts, docs/fund.md).
 */
const body = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(2000).default(''),
});

export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof body> = {
  id: 'decideAdvance',
  method: 'POST',
  path: '/cases/{caseId}/advance',
  responses: { 200: advanceDecisionSchema },
  params: caseParams,
  query: anyQuery,
  body,
  idempotent: true,
  async handle({ params, body: b, principal, now }) {
    if (b.decision === 'reject' && b.note.length === 0) {
      throw new ValidationFailed('a rejection must give the reason the household will see', [
        { path: 'body.note', message: 'required when rejecting' },
      ]);
    }
    const stored = await loadCaseFor('decideAdvance', principal, params.caseId);
    const view = await decideAdvance(stored, {
      adminId: principal.sub,
      householdId: principal.householdId,
      decision: b.decision,
      note: b.note,
      at: now,
    });
    return { status: 200, body: view };
  },
};

export const handler = lambdaHandler(route);
