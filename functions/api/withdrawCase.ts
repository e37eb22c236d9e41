import { ConflictError } from '../../shared/adapters/errors.js';
import { saveCase } from '../../shared/adapters/table/caseRepository.js';
import { releaseAll } from '../../shared/cases/landClaims.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import { assertWithdrawable, IllegalTransitionError } from '../../shared/domain/lifecycle/transition.js';
import type { Case } from '../../shared/domain/model/case.js';
import { events } from '../../shared/ports/events.js';
import { resumeDecided } from '../../shared/ports/workflow.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/withdraw (applicant): allowed from any status before the agreement (退出自愿).
 * A waiting step is resumed with `withdrawn`, so the execution ends cleanly; a step that is running
 * sees the status when it next writes and stops. The land claims of the case are given back in the same
 * transaction.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'withdrawCase',
  method: 'POST',
  path: '/cases/{caseId}/withdraw',
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('withdrawCase', principal, params.caseId);
    const { case: c, pendingToken } = stored;
    if (c.status === 'withdrawn') return { status: 200, body: { caseId: c.caseId, status: 'withdrawn' } };
    try {
      assertWithdrawable(c);
    } catch (error) {
      if (error instanceof IllegalTransitionError) {
        throw new ConflictError(`${error.reasonZh} / ${error.reasonEn}`, { caseStatus: c.status });
      }
      throw error;
    }
    // the land goes back in the same transaction: a later case for it may then take it
    const claims = releaseAll(c);
    const next = moveCaseFromAny(c, principal.sub, now, claims?.landClaims);
    await saveCase(stored, next, {
      consumeToken: pendingToken !== undefined,
      audit: { actor: principal.sub, action: 'case.withdrawn', reason: 'withdrawn by the household' },
      ...(claims && claims.extra.length > 0 ? { extra: claims.extra } : {}),
    });
    await events().publish([caseEvent('CaseWithdrawn', next, principal.sub, c.status)]);
    if (pendingToken) await resumeDecided(pendingToken.token, { outcome: 'withdrawn' });
    return { status: 200, body: { caseId: c.caseId, status: 'withdrawn' } };
  },
};

function moveCaseFromAny(c: Case, actor: string, at: string, landClaims: Case['landClaims']) {
  const change = {
    actor,
    at,
    note: '申请人撤回申请 / withdrawn by the household',
    patch: { pendingTask: undefined, ...(landClaims ? { landClaims } : {}) },
  };
  // a failed case may be withdrawn only if it failed before the agreement (checked above)
  return c.status === 'failed'
    ? moveCase({ ...c, status: c.statusBeforeFailure ?? c.status }, 'withdrawn', change)
    : moveCase(c, 'withdrawn', change);
}

export const handler = lambdaHandler(route);
