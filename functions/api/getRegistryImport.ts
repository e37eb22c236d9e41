import * as z from 'zod';
import { registryImportViewSchema } from '../../shared/contract/registryImports.js';
import { requestIdSchema } from '../../shared/domain/model/common.js';
import { NotFound } from '../../shared/errors/appError.js';
import { getImport } from '../../shared/registryImport/importStore.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { anyQuery, noBody } from './http/schemas.js';

/**
 * GET /registry/imports/{importId} (registrar, auditor; API.md "Go-live"): the import's status, counts,
 * progress while it runs, and every error and conflict with its row and column.
 */
const params = z.strictObject({ importId: requestIdSchema });

export const route: RouteDefinition<typeof params, typeof anyQuery, typeof noBody> = {
  id: 'getRegistryImport',
  method: 'GET',
  path: '/registry/imports/{importId}',
  responses: { 200: registryImportViewSchema },
  params,
  query: anyQuery,
  body: noBody,
  async handle({ params: p }) {
    const view = await getImport(p.importId);
    if (!view) {
      throw new NotFound({ zh: `没有编号为 ${p.importId} 的导入`, en: `no registry import ${p.importId}` });
    }
    return { status: 200, body: view };
  },
};

export const handler = lambdaHandler(route);
