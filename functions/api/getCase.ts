import { caseView } from '../../shared/cases/caseView.js';
import { caseViewSchema } from '../../shared/contract/cases.js';
import { noticeEndsAt, parametersForCase } from '../../shared/workflow/deadlines.js';
import { loadCaseCollectionFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams, noBody } from './http/schemas.js';

/**
 * GET /cases/{caseId}: the household, its village's reviewers, and the district's fund and audit staff.
 * During the public notice the view adds `noticeEndsAt`.
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof noBody> = {
  id: 'getCase',
  method: 'GET',
  path: '/cases/{caseId}',
  responses: { 200: caseViewSchema },
  params: caseParams,
  query: anyQuery,
  body: noBody,
  async handle({ params, principal, now }) {
    // the case, its documents, the whole timeline and every objection (the case item keeps the latest
    // entries, the rest beside it): one Query of the case's partition
    const { case: c, full, documents } = await loadCaseCollectionFor('getCase', principal, params.caseId);
    const view = caseView(full, documents);
    // during the notice, the date by which anyone may object (from the case's own parameters)
    const endsAt =
      c.status === 'public_notice' ? noticeEndsAt(c, await parametersForCase(c, now)) : undefined;
    return { status: 200, body: endsAt ? { ...view, noticeEndsAt: endsAt } : view };
  },
};

export const handler = lambdaHandler(route);
