import { NotFound, ValidationFailed } from '../errors/appError.js';
import { getRegistryDocument, type RegistryDocumentRecord, readRegistryObject } from './documentRecord.js';
import type { ReadImportDocument } from './types.js';

/**
 * The registry import file's record, if it can be imported: it exists as a `registry_import` document
 * (NotFound otherwise: a case's evidence is another partition, never found here) and was accepted by the
 * upload verifier. A file still pending is `DOCUMENT_PENDING` (409: the caller retries), a rejected one a
 * ValidationFailed with the verifier's reason.
 */
export async function acceptedImportDocument(documentId: string): Promise<RegistryDocumentRecord> {
  const doc = await getRegistryDocument(documentId);
  if (!doc) {
    throw new NotFound({
      zh: `没有编号为 ${documentId} 的导入文件，请先上传（POST /registry/documents）`,
      en: `no registry import document ${documentId}; upload it first (POST /registry/documents)`,
    });
  }
  if (doc.status === 'rejected') {
    throw new ValidationFailed(
      {
        zh: `导入文件未通过检查：${doc.reason ?? ''}`,
        en: `the import file was rejected on upload: ${doc.reason ?? ''}`,
      },
      [{ path: 'body.documentId', message: `rejected: ${doc.reason ?? ''}` }],
    );
  }
  return doc;
}

/** The verified upload's bytes (the seam's ReadImportDocument: the worker reads the file with it). */
export const readImportDocument: ReadImportDocument = async (documentId) => {
  const doc = await acceptedImportDocument(documentId);
  if (doc.status !== 'accepted') {
    throw new ValidationFailed({
      zh: '导入文件尚未通过检查',
      en: `the import file ${documentId} has not been verified yet`,
    });
  }
  return readRegistryObject(doc);
};
