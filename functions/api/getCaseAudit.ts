import * as z from 'zod';
import type { AuditEntry } from '../../shared/adapters/table/audit.js';
import {
  caseAuditPage,
  decodeCursor,
  isCaseAuditCursor,
} from '../../shared/adapters/table/caseRepository.js';
import { auditTrailSchema } from '../../shared/contract/audit.js';
import { ValidationFailed } from '../../shared/errors/appError.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { caseParams, noBody } from './http/schemas.js';

/**
 * GET /cases/{caseId}/audit?cursor=&limit= (an extension of API.md; the auditor of the case's district):
 * the case's audit trail (审计留痕), oldest first — every transition, decision, document access and money
 * movement with actor, time and reason. Only the auditor: the trail names staff and shows who viewed
 * whose documents, and the household already sees its own timeline on the case view.
 *
 * Reading the trail leaves no entry in it. It is the auditor reading the record of what others did, not
 * an access to the case's evidence (viewing a document still goes through getDocument, which is
 * audited); an entry per read would make every page of the trail change the trail it lists, and the
 * function only holds read access to the table, which keeps it a pure read.
 */
const query = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** The entry as the auditor sees it: the partition's own case id and the storage fields left out. */
function entryView(e: AuditEntry) {
  return {
    auditId: e.auditId,
    at: e.at,
    actor: e.actor,
    action: e.action,
    ...(e.fromStatus ? { fromStatus: e.fromStatus } : {}),
    ...(e.toStatus ? { toStatus: e.toStatus } : {}),
    ...(e.reason !== undefined ? { reason: e.reason } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
  };
}

export const route: RouteDefinition<typeof caseParams, typeof query, typeof noBody> = {
  id: 'getCaseAudit',
  method: 'GET',
  path: '/cases/{caseId}/audit',
  responses: { 200: auditTrailSchema },
  params: caseParams,
  query,
  body: noBody,
  async handle({ params, principal, query: q }) {
    // 404 and 403 come before anything about the cursor, as on every case route
    const { case: c } = await loadCaseFor('getCaseAudit', principal, params.caseId);
    // `cursor=` with nothing after it is the first page, as on GET /cases
    const start = decodeCursor(q.cursor);
    // a cursor is only ever a position in this case's trail: anything else is refused, not followed
    if (q.cursor && (!start || !isCaseAuditCursor(c.caseId, start))) {
      throw new ValidationFailed('the cursor is not valid', [
        { path: 'query.cursor', message: 'not a cursor this API issued for this case' },
      ]);
    }
    const page = await caseAuditPage(c.caseId, q.limit, start);
    return {
      status: 200,
      body: { items: page.items.map(entryView), nextCursor: page.nextCursor ?? null },
    };
  },
};

export const handler = lambdaHandler(route);
