import { newId } from '../../shared/adapters/ids.js';
import { uploadTicketSchema } from '../../shared/contract/documents.js';
import {
  type DocumentRecord,
  documentKey,
  documentRequestSchema,
} from '../../shared/documents/documentModel.js';
import { putDocumentRecord, uploadTicketFor } from '../../shared/documents/documentStore.js';
import { mayAddDocument } from '../../shared/documents/uploadRules.js';
import { IllegalTransition } from '../../shared/errors/appError.js';
import { loadCaseFor } from './http/caseAccess.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, caseParams } from './http/schemas.js';

/**
 * POST /cases/{caseId}/documents (applicant, own case; wave 2: the land leg's evidence from the village reviewer and
 * the land officer, ../../shared/documents/uploadRules.ts): registers a document and answers a presigned
 * PUT. The upload is verified server-side when it lands (size, magic bytes).
 */
export const route: RouteDefinition<typeof caseParams, typeof anyQuery, typeof documentRequestSchema> = {
  id: 'createDocument',
  method: 'POST',
  path: '/cases/{caseId}/documents',
  responses: { 201: uploadTicketSchema },
  params: caseParams,
  query: anyQuery,
  body: documentRequestSchema,
  idempotent: true,
  async handle({ params, body, principal, now }) {
    const { case: c, role } = await loadCaseFor('createDocument', principal, params.caseId);
    // the household's evidence up to signing; the land leg's from the staff who record it (wave 2)
    if (!mayAddDocument(role, c.status, body.kind)) {
      throw new IllegalTransition(
        {
          zh: '当前办理状态下不能添加该类材料。',
          en: `a ${body.kind} document cannot be added to a case in status ${c.status}`,
        },
        { caseStatus: c.status },
      );
    }
    const documentId = newId('D', now);
    const doc: DocumentRecord = {
      ...body,
      documentId,
      caseId: c.caseId,
      key: documentKey(c.caseId, documentId),
      status: 'pending',
      createdAt: now,
      uploadedBy: principal.sub,
    };
    await putDocumentRecord(doc);
    return { status: 201, body: await uploadTicketFor(doc) };
  },
};

export const handler = lambdaHandler(route);
