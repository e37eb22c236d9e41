import type { S3Event } from 'aws-lambda';
import * as z from 'zod';
import { logger, withLambdaContext } from '../../shared/adapters/observability.js';
import { type DocumentRecord, parseDocumentKey } from '../../shared/documents/documentModel.js';
import {
  currentEtag,
  getDocumentRecord,
  quarantine,
  readUpload,
  recordReplacement,
  recordVerdict,
} from '../../shared/documents/documentStore.js';
import { type UploadVerdict, verifyUpload } from '../../shared/documents/verifyUpload.js';
import { events } from '../../shared/ports/events.js';
import { verifyRegistryObject } from '../../shared/registryImport/verifyRegistryUpload.js';

/**
 * S3 ObjectCreated under cases/ (and registry-imports/, the registry's import files:
 * shared/registryImport/verifyRegistryUpload.ts) → verify the upload against what was declared (its size, and its whole
 * content parsed as the declared type: shared/documents/verifyUpload.ts), record `accepted` or `rejected` with the reason, and move a rejected object to quarantine/. An object
 * nobody declared is quarantined too. Redelivered events find the document already judged and stop.
 */
const recordSchema = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), size: z.number().optional() }),
  }),
});

export async function verifyObject(rawKey: string, now: string): Promise<UploadVerdict | undefined> {
  const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
  const ids = parseDocumentKey(key);
  // a registry import file (issue 19): its own record and content check, no case to tell
  if (!ids) return verifyRegistryObject(key, now);
  const doc = await getDocumentRecord(ids.caseId, ids.documentId);
  if (!doc) {
    await quarantine(key);
    logger.warn('undeclared upload quarantined', { key });
    return { status: 'rejected', reason: 'undeclared upload' };
  }
  if (doc.status !== 'pending') {
    // already judged: only a different object under the key (a replacement) needs action
    const etag = await currentEtag(key);
    if (etag === undefined || etag === doc.etag) return verdictOf(doc);
    await quarantine(key);
    if (doc.status === 'accepted' && (await recordReplacement(doc, now))) {
      await publishVerdict(
        doc,
        { status: 'rejected', reason: 'replaced after verification' },
        now,
        'replaced',
      );
    }
    return { status: 'rejected', reason: 'replaced after verification' };
  }
  const actual = await readUpload(key, doc.sizeBytes);
  const verdict = await verifyUpload(doc, actual);
  if (verdict.status === 'rejected') await quarantine(key);
  if (await recordVerdict(doc, verdict, now, actual.etag))
    await publishVerdict(doc, verdict, now, 'verified');
  return verdict;
}

function verdictOf(doc: DocumentRecord): UploadVerdict {
  return doc.status === 'rejected'
    ? { status: 'rejected', reason: doc.reason ?? '' }
    : { status: 'accepted' };
}

async function publishVerdict(doc: DocumentRecord, verdict: UploadVerdict, now: string, what: string) {
  await events().publish([
    {
      eventId: `${doc.caseId}:${doc.documentId}:DocumentVerified:${what}`,
      type: 'DocumentVerified',
      at: now,
      actor: 'system:upload-verifier',
      caseId: doc.caseId,
      detail: {
        documentId: doc.documentId,
        status: verdict.status,
        ...(verdict.status === 'rejected' ? { reason: verdict.reason } : {}),
      },
    },
  ]);
}

export async function verifyUploads(event: S3Event): Promise<void> {
  for (const raw of event.Records ?? []) {
    const record = recordSchema.safeParse(raw);
    if (!record.success || !record.data.eventName.startsWith('ObjectCreated')) continue;
    await verifyObject(record.data.s3.object.key, new Date().toISOString());
  }
}

export const handler = withLambdaContext(verifyUploads);
