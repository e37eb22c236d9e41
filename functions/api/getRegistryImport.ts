import * as z from 'zod';
import { ERRORS_PAGE, registryImportViewSchema } from '../../shared/contract/registryImports.js';
import { requestIdSchema } from '../../shared/domain/model/common.js';
import { NotFound } from '../../shared/errors/appError.js';
import { getImport } from '../../shared/registryImport/importStore.js';
import { lambdaHandler, type RouteDefinition } from './http/route.js';
import { noBody } from './http/schemas.js';

/**
 * GET /registry/imports/{importId} (registrar, auditor; API.md "Go-live"): the import's status, counts,
 * progress while it runs, and every error and conflict with its row and column (a page at a time).
 */
const params = z.strictObject({ importId: requestIdSchema });
/**
 * `errorsFrom` (extension): the findings are answered a page at a time. A file whose every household is
 * refused has tens of thousands of findings, 3–9 MB in both languages, past Lambda's 6 MB answer; a page
 * of ERRORS_PAGE stays under 2 MB. `errorCount` says how many there are, `nextErrorsFrom` where the next
 * page begins.
 */
const query = z.object({ errorsFrom: z.coerce.number().int().min(0).max(100_000_000).default(0) });

export const route: RouteDefinition<typeof params, typeof query, typeof noBody> = {
  id: 'getRegistryImport',
  method: 'GET',
  path: '/registry/imports/{importId}',
  responses: { 200: registryImportViewSchema },
  params,
  query,
  body: noBody,
  async handle({ params: p, query: q }) {
    const view = await getImport(p.importId);
    if (!view) {
      throw new NotFound({ zh: `没有编号为 ${p.importId} 的导入`, en: `no registry import ${p.importId}` });
    }
    const next = q.errorsFrom + ERRORS_PAGE;
    const body = {
      ...view,
      errors: view.errors.slice(q.errorsFrom, next),
      errorCount: view.errors.length,
      errorsFrom: q.errorsFrom,
      ...(next < view.errors.length ? { nextErrorsFrom: next } : {}),
    };
    return { status: 200, body };
  },
};

export const handler = lambdaHandler(route);
