import { newId } from '../../shared/adapters/ids.js';
import {
  REGISTRY_IMPORT_CONTENT_TYPES,
  registryImportAcceptedSchema,
  registryImportRequestSchema,
} from '../../shared/contract/registryImports.js';
import { NotReady, ValidationFailed } from '../../shared/errors/appError.js';
import { readRegistryObject } from '../../shared/registryImport/documentRecord.js';
import { handOffImport } from '../../shared/registryImport/handOff.js';
import { acceptedImportDocument } from '../../shared/registryImport/importDocument.js';
import { createImport, getImport } from '../../shared/registryImport/importStore.js';
import { checkRegistryFile } from '../../shared/registryImport/parse.js';
import { lambdaHandler, type RouteDefinition } from './http/idempotentRoute.js';
import { anyQuery, noParams } from './http/schemas.js';

/** How long a client waits before asking again while the upload verifier has not judged the file. */
const VERIFYING_RETRY_SECONDS = 2;

/**
 * POST /registry/imports (registrar; API.md "Go-live"): `{format, documentId}` → 202 `{importId}`. The
 * file must be an accepted `registry_import` upload of that format and the template (its sheet and
 * header row: a file that is not is a 400 saying what was expected); the rows are read and applied by
 * the worker (functions/registry/importRegistry.ts), whose progress `GET /registry/imports/{importId}`
 * shows. One import per document: the same document again answers the same import.
 */
export const route: RouteDefinition<typeof noParams, typeof anyQuery, typeof registryImportRequestSchema> = {
  id: 'startRegistryImport',
  method: 'POST',
  path: '/registry/imports',
  responses: { 202: registryImportAcceptedSchema },
  params: noParams,
  query: anyQuery,
  body: registryImportRequestSchema,
  idempotent: true,
  async handle({ body, principal, now }) {
    const doc = await acceptedImportDocument(body.documentId);
    const expected = REGISTRY_IMPORT_CONTENT_TYPES[body.format];
    if (doc.contentType !== expected) {
      throw new ValidationFailed(
        {
          zh: `导入格式 ${body.format} 与上传文件的类型 ${doc.contentType} 不符`,
          en: `format ${body.format} does not match the uploaded file's type ${doc.contentType}`,
        },
        [
          {
            path: 'body.format',
            message: `the document was uploaded as ${doc.contentType}; format ${body.format} needs ${expected}`,
            messageZh: `上传的文件类型为 ${doc.contentType}，格式 ${body.format} 需要 ${expected}`,
          },
        ],
      );
    }
    if (doc.status === 'pending') {
      throw new NotReady(
        {
          zh: `导入文件仍在检查中，请 ${VERIFYING_RETRY_SECONDS} 秒后重试`,
          en: `the import file is still being verified; retry in ${VERIFYING_RETRY_SECONDS} s`,
        },
        { retryAfterSeconds: VERIFYING_RETRY_SECONDS },
      );
    }
    // the template's sheet and header row, before anything is recorded (a 400 saying what was expected)
    await checkRegistryFile(body.format, await readRegistryObject(doc));
    const { importId, created } = await createImport({
      importId: newId('RI', now),
      documentId: doc.documentId,
      format: body.format,
      startedBy: principal.sub,
      ...(principal.name ? { startedByName: principal.name } : {}),
      startedAt: now,
    });
    // a new import goes to the worker; one already recorded for this document is handed off again while it
    // has not finished (a crash between recording and handing off must not leave it waiting forever: the
    // run is safe to repeat), never once it has
    const handOff = created || (await getImport(importId))?.status === 'running';
    if (handOff) await handOffImport(importId, now);
    return { status: 202, body: { importId } };
  },
};

export const handler = lambdaHandler(route);
