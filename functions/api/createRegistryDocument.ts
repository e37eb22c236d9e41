import { newId } from '../../shared/adapters/ids.js';
import { uploadTicketSchema } from '../../shared/contract/documents.js';
import { registryDocumentRequestSchema } from '../../shared/contract/registryImports.js';
import { uploadTicketFor } from '../../shared/documents/documentStore.js';
import {
  putRegistryDocument,
  type RegistryDocumentRecord,
  registryDocumentKey,
} from '../../shared/registryImport/documentRecord.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, noParams } from './http/schemas.js';

/**
 * POST /registry/documents (registrar; extension, issue 19): registers a registry import file (kind
 * `registry_import`, xlsx or CSV, at most 20 MB) and answers the presigned PUT of `POST
 * /cases/{caseId}/documents`. The object lands under `registry-imports/`, where the upload verifier
 * judges it (size as signed, zip header or UTF-8 text); `POST /registry/imports` then names it.
 */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof registryDocumentRequestSchema> =
  {
    id: 'createRegistryDocument',
    method: 'POST',
    path: '/registry/documents',
    responses: { 201: uploadTicketSchema },
    params: noParams,
    query: anyQuery,
    body: registryDocumentRequestSchema,
    idempotent: true,
    async handle({ body, principal, now }) {
      const documentId = newId('RD', now);
      const doc: RegistryDocumentRecord = {
        ...body,
        documentId,
        key: registryDocumentKey(documentId),
        status: 'pending',
        createdAt: now,
        uploadedBy: principal.sub,
      };
      await putRegistryDocument(doc);
      return { status: 201, body: await uploadTicketFor(doc) };
    },
  };

export const handler = lambdaHandler(route);
