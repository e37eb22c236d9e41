import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/adapters/ids.js';
import { objectionPut, withHistory } from '../../shared/adapters/table/caseHistory.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { transact } from '../../shared/adapters/table/dynamo.js';
import { caseView } from '../../shared/cases/caseView.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { documentKey } from '../../shared/documents/documentModel.js';
import { listDocuments, putDocumentRecord } from '../../shared/documents/documentStore.js';
import { TIMELINE_ENTRIES_IN_CASE } from '../../shared/domain/model/limits.js';
import { invoke, loadRoutes, useApiEnvironment } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { dynamoCommandsDuring } from '../support/dynamoRequests.js';
import { installDoubles, principals, seedCase, seedRegistry } from '../support/seed.js';

/**
 * GET /cases/{caseId} reads the case's item collection in one Query (issue 17): the case, its documents,
 * the timeline entries moved out of the case item and the objections stored beside it. The answer is the
 * one the separate reads gave (case item, documents, earlier timeline, objections).
 */
useApiEnvironment();
const { getCase: getCaseRoute } = await loadRoutes('getCase');

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
});

/** The DynamoDB commands sent while `run` runs (the handlers' own client). */
async function commandsDuring(run: () => Promise<unknown>): Promise<string[]> {
  return (await dynamoCommandsDuring(run)).sent.map((c) => c.command);
}

describe('the case view', () => {
  it('is one Query of the case’s partition, and the same view as the case, documents, timeline and objections read apart', async () => {
    const objectionId = 'O-20260601-00000001';
    const noticeStartedAt = '2026-06-01T00:00:00.000Z';
    const seeded = await seedCase({
      status: 'village_review',
      patch: { objectionCount: 1, openObjectionIds: [objectionId] },
    });
    const caseId = seeded.caseId;
    // a long history: timeline entries moved out of the item
    for (let i = 0; i < TIMELINE_ENTRIES_IN_CASE + 3; i++) {
      const read = await getCase(caseId);
      if (!read) throw new Error('gone');
      const at = new Date(Date.parse(read.case.updatedAt) + 1000).toISOString();
      await saveCase(read, touchCase(read.case, { actor: 'system:workflow', at, note: `督办 ${i + 1}` }), {
        audit: { actor: 'system:workflow', action: 'task.escalated' },
      });
    }
    await transact([
      objectionPut({
        objectionId,
        caseId,
        text: '界址有误',
        by: 'villager-1',
        at: '2026-06-02T00:00:00.000Z',
        noticeStartedAt,
      }),
    ]);
    const at = new Date().toISOString();
    const documentId = newId('D', at);
    await putDocumentRecord({
      documentId,
      caseId,
      key: documentKey(caseId, documentId),
      kind: 'photo',
      contentType: 'image/png',
      sizeBytes: 68,
      status: 'accepted',
      createdAt: at,
      verifiedAt: at,
      uploadedBy: principals.applicant.sub,
    });

    const stored = await getCase(caseId);
    if (!stored) throw new Error('gone');
    expect(stored.case.timelineOffset).toBeGreaterThan(0);
    const apart = caseView(await withHistory(stored.case), await listDocuments(caseId));

    let view: Awaited<ReturnType<typeof invoke>> | undefined;
    const sent = await commandsDuring(async () => {
      view = await invoke(getCaseRoute, { principal: principals.applicant, pathParameters: { caseId } });
    });
    expect(view?.status, view?.text).toBe(200);
    expect(sent).toEqual(['QueryCommand']);
    expect(view?.json).toEqual(JSON.parse(JSON.stringify(apart)));
    expect(view?.json.documents.map((d: { documentId: string }) => d.documentId)).toEqual([documentId]);
    expect(view?.json.objections).toMatchObject([{ objectionId, resolved: false }]);
    expect(view?.json.timeline).toHaveLength(TIMELINE_ENTRIES_IN_CASE + 4);
  });

  it('an unknown case is still a 404, another household’s a 403', async () => {
    const missing = await invoke(getCaseRoute, {
      principal: principals.applicant,
      pathParameters: { caseId: 'C-20250101-00000000' },
    });
    expect(missing.status).toBe(404);
    const { caseId } = await seedCase({ household: 'other' });
    const foreign = await invoke(getCaseRoute, {
      principal: principals.applicant,
      pathParameters: { caseId },
    });
    expect(foreign.status).toBe(403);
  });
});
