import * as z from 'zod';
import { documentDownloadSchema } from '../../shared/contract/documents.js';
import { getDocumentRecord } from '../../shared/documents/documentStore.js';
import { presignDownload, recordDocumentAccess } from '../../shared/documents/download.js';
import { requestIdSchema } from '../../shared/domain/model/common.js';
import { NotFound } from '../../shared/errors/appError.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody } from './http/schemas.js';

const documentParams = z.strictObject({ caseId: requestIdSchema, documentId: requestIdSchema });

/**
 * GET /cases/{caseId}/documents/{documentId} (whoever may read the case; an extension of API.md): a
 * presigned GET of one verified document, for the portal's viewer. No URL is handed out before the
 * access is in the case's audit trail.
 */
export const route: RouteDefinition<typeof documentParams, typeof anyQuery, typeof noBody> = {
  id: 'getDocument',
  method: 'GET',
  path: '/cases/{caseId}/documents/{documentId}',
  responses: { 200: documentDownloadSchema },
  params: documentParams,
  query: anyQuery,
  body: noBody,
  async handle({ params, principal, now, requestId }) {
    const { case: c, role } = await loadCaseFor('getDocument', principal, params.caseId);
    const doc = await getDocumentRecord(c.caseId, params.documentId);
    if (!doc) throw new NotFound(`no document ${params.documentId} in case ${c.caseId}`);
    const download = await presignDownload(doc, now);
    await recordDocumentAccess(doc, {
      actor: principal.sub,
      role,
      at: now,
      expiresAt: download.expiresAt,
      requestId,
    });
    return {
      status: 200,
      // the URL is personal and short-lived: no cache between the API and the viewer keeps it
      headers: { 'cache-control': 'no-store' },
      body: {
        documentId: doc.documentId,
        kind: doc.kind,
        contentType: doc.contentType,
        sizeBytes: doc.sizeBytes,
        url: download.url,
        method: 'GET',
        expiresAt: download.expiresAt,
      },
    };
  },
};

export const handler = lambdaHandler(route);
