import * as z from 'zod';
import { agreementDocumentSchema } from '../../shared/contract/documents.js';
import { agreementDownload } from '../../shared/documents/agreementDownload.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { caseParams, noBody } from './http/schemas.js';

// the option is checked against the case's own offers (400 naming query.option), not here
const query = z.object({ option: z.string().max(40).optional() });

/**
 * GET /cases/{caseId}/agreement?option= (API.md wave 2; the household, the fund, the district approver,
 * the auditor): the signed agreement PDF, or before signing the preview of one offer, as a 5-minute
 * presigned GET with its SHA-256 (shared/documents/agreementDownload.ts). Each download is audited.
 */
export const route: RouteDefinition<typeof caseParams, typeof query, typeof noBody> = {
  id: 'getAgreement',
  method: 'GET',
  path: '/cases/{caseId}/agreement',
  responses: { 200: agreementDocumentSchema },
  params: caseParams,
  query,
  body: noBody,
  async handle({ params, query: q, principal, now, requestId }) {
    const { case: c, role } = await loadCaseFor('getAgreement', principal, params.caseId);
    const body = await agreementDownload({
      case: c,
      role,
      principal,
      now,
      requestId,
      ...(q.option !== undefined ? { option: q.option } : {}),
    });
    // the URL is personal and short-lived: no cache keeps it
    return { status: 200, headers: { 'cache-control': 'no-store' }, body };
  },
};

export const handler = lambdaHandler(route);
