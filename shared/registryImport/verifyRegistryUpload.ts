import { MAX_REGISTRY_FILE_BYTES } from '../contract/registryImports.js';
import { currentEtag, quarantine, readUpload } from '../documents/documentStore.js';
import { registryFileProblem } from '../documents/upload/registryFile.js';
import type { UploadVerdict } from '../documents/verifyUpload.js';
import {
  getRegistryDocument,
  parseRegistryDocumentKey,
  type RegistryDocumentRecord,
  recordRegistryVerdict,
} from './documentRecord.js';

/**
 * The verdict on an import file's bytes: the size as declared (and signed), then the content check of
 * its type (shared/documents/upload/registryFile.ts).
 */
export function verifyRegistryUpload(
  declared: Pick<RegistryDocumentRecord, 'contentType' | 'sizeBytes'>,
  actual: { sizeBytes: number; bytes: Uint8Array },
): UploadVerdict {
  if (actual.sizeBytes !== declared.sizeBytes || actual.bytes.length !== declared.sizeBytes) {
    return {
      status: 'rejected',
      reason: `文件大小 ${actual.sizeBytes} 字节与申报的 ${declared.sizeBytes} 字节不符 / size ${actual.sizeBytes} bytes differs from the declared ${declared.sizeBytes}`,
    };
  }
  const found = registryFileProblem(declared.contentType, actual.bytes);
  return found ? { status: 'rejected', reason: `${found.zh} / ${found.en}` } : { status: 'accepted' };
}

/**
 * S3 ObjectCreated under `registry-imports/` (functions/documents/verifyUpload.ts): judge the upload once
 * and record the verdict; a rejected or undeclared object moves to quarantine/, and so does an object put
 * over one already accepted (S3 enforces the ticket's `if-none-match: *`; a local S3 does not), which
 * rejects the document. Undefined for a key outside the prefix.
 */
export async function verifyRegistryObject(key: string, now: string): Promise<UploadVerdict | undefined> {
  const documentId = parseRegistryDocumentKey(key);
  if (!documentId) return undefined;
  const doc = await getRegistryDocument(documentId);
  if (!doc) {
    await quarantine(key);
    return { status: 'rejected', reason: 'undeclared upload' };
  }
  if (doc.status !== 'pending') {
    const etag = await currentEtag(key);
    if (etag === undefined || etag === doc.etag) {
      return doc.status === 'rejected'
        ? { status: 'rejected', reason: doc.reason ?? '' }
        : { status: 'accepted' };
    }
    await quarantine(key);
    const replaced: UploadVerdict = {
      status: 'rejected',
      reason:
        '文件在审核后被替换，已隔离，请重新上传 / the file was replaced after verification and quarantined; upload it again',
    };
    if (doc.status === 'accepted') await recordRegistryVerdict(doc, replaced, now, doc.etag ?? '');
    return replaced;
  }
  const actual = await readUpload(key, doc.sizeBytes, MAX_REGISTRY_FILE_BYTES);
  const verdict = verifyRegistryUpload(doc, actual);
  if (verdict.status === 'rejected') await quarantine(key);
  await recordRegistryVerdict(doc, verdict, now, actual.etag);
  return verdict;
}
