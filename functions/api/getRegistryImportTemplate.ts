import * as z from 'zod';
import { exportFileSchema } from '../../shared/contract/exports.js';
import { registryImportFormatSchema } from '../../shared/contract/registryImports.js';
import { contentDisposition } from '../../shared/exports/download.js';
import {
  registryTemplate,
  templateContentType,
  templateFileName,
} from '../../shared/registryImport/template.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody, noParams } from './http/schemas.js';

/**
 * GET /registry/imports/template?format=xlsx|csv (registrar; API.md "Go-live"): the import template
 * with its Chinese headers (shared/registryImport/template.ts), as an attachment under its Chinese file
 * name (RFC 5987, as the ledger export) with an ASCII fallback.
 */
const query = z.object({ format: registryImportFormatSchema });

export const route: RouteDefinition<typeof noParams, typeof query, typeof noBody> = {
  id: 'getRegistryImportTemplate',
  method: 'GET',
  path: '/registry/imports/template',
  responses: { 200: exportFileSchema },
  params: noParams,
  query,
  body: noBody,
  async handle({ query: q }) {
    const bytes = await registryTemplate(q.format);
    return {
      status: 200,
      body: null,
      binary: bytes,
      headers: {
        'content-type': templateContentType(q.format),
        'content-disposition': contentDisposition(
          `registry-import-template.${q.format}`,
          templateFileName(q.format),
        ),
      },
    };
  },
};

export const handler = lambdaHandler(route);
