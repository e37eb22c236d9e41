import { ConflictError } from '../../shared/adapters/errors.js';
import { saveCase } from '../../shared/adapters/table/caseRepository.js';
import { caseEvent, moveCase } from '../../shared/cases/moveCase.js';
import { events } from '../../shared/ports/events.js';
import { resumeDecided, workflow } from '../../shared/ports/workflow.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams, emptyBody } from './http/schemas.js';

/**
 * POST /cases/{caseId}/submit (applicant): a draft starts the workflow; a returned case is resubmitted
 * into its waiting step. A repeated submit of a case still in `submitted` re-issues the start, which the
 * execution name makes harmless, so a lost start can be healed by the household simply trying again.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof emptyBody> = {
  id: 'submitCase',
  method: 'POST',
  path: '/cases/{caseId}/submit',
  params: caseParams,
  query: anyQuery,
  body: emptyBody,
  idempotent: true,
  async handle({ params, principal, now }) {
    const stored = await loadCaseFor('submitCase', principal, params.caseId);
    const { case: c, pendingToken } = stored;
    if (c.status === 'submitted') {
      await workflow().startCase(c.caseId, { caseId: c.caseId });
      return { status: 202, body: { caseId: c.caseId, status: c.status } };
    }
    if (c.status === 'draft') {
      const next = moveCase(c, 'submitted', {
        actor: principal.sub,
        at: now,
        note: '申请已提交 / application submitted',
        patch: { submittedAt: now },
      });
      await saveCase(stored, next, { audit: { actor: principal.sub, action: 'case.submitted' } });
      await events().publish([caseEvent('CaseSubmitted', next, principal.sub, 'draft')]);
      await workflow().startCase(c.caseId, { caseId: c.caseId });
      return { status: 202, body: { caseId: c.caseId, status: next.status } };
    }
    if (c.status === 'returned') {
      if (pendingToken?.status !== 'returned') {
        throw new ConflictError('the case is not yet waiting for resubmission; try again shortly');
      }
      const next = moveCase(c, 'resubmitted', {
        actor: principal.sub,
        at: now,
        note: '已补正并重新提交 / corrected and resubmitted',
        patch: { pendingTask: undefined },
      });
      await saveCase(stored, next, {
        consumeToken: true,
        audit: { actor: principal.sub, action: 'case.resubmitted' },
      });
      await events().publish([caseEvent('CaseResubmitted', next, principal.sub, 'returned')]);
      await resumeDecided(pendingToken.token, { outcome: 'resubmitted' });
      return { status: 202, body: { caseId: c.caseId, status: next.status } };
    }
    throw new ConflictError(`a case in status ${c.status} cannot be submitted`);
  },
};

export const handler = lambdaHandler(route);
