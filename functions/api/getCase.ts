import { caseView } from '../../shared/cases/caseView.js';
import { listDocuments } from '../../shared/documents/documentStore.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, caseParams, noBody } from './http/schemas.js';

/** GET /cases/{caseId}: the household, its village's reviewers, and the district's fund and audit staff. */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof noBody> = {
  id: 'getCase',
  method: 'GET',
  path: '/cases/{caseId}',
  params: caseParams,
  query: anyQuery,
  body: noBody,
  async handle({ params, principal }) {
    const { case: c } = await loadCaseFor('getCase', principal, params.caseId);
    return { status: 200, body: caseView(c, await listDocuments(c.caseId)) };
  },
};

export const handler = lambdaHandler(route);
