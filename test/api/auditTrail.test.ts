import { beforeAll, describe, expect, it } from 'vitest';
import { caseAuditTrail } from '../../shared/adapters/table/caseRepository.js';
import {
  eventually,
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoutes,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import {
  applicationBody,
  installDoubles,
  OWN_HOUSEHOLD,
  principals,
  seedCase,
  seedRegistry,
} from '../support/seed.js';
import { realPdf } from '../support/uploadFiles.js';

/**
 * GET /cases/{caseId}/audit (an extension of API.md): the district's auditor reads a case's audit trail,
 * oldest first, a page at a time. The case is driven through the real routes (create, submit, upload
 * and verification of a document, viewing it, a review decision), so the entries are the ones those
 * routes write; the auditor's own reading adds none.
 */
useApiEnvironment({ verifyUploads: true });
const r = await loadRoutes(
  'createCase',
  'submitCase',
  'createDocument',
  'getCase',
  'getDocument',
  'reviewCase',
  'getCaseAudit',
);

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
});

/** a real one-page PDF: the verifier parses the whole file (issue 16) */
const PDF = await realPdf();
const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };

interface Entry {
  auditId: string;
  at: string;
  actor: string;
  action: string;
  fromStatus?: string;
  toStatus?: string;
  reason?: string;
  detail?: Record<string, unknown>;
}

function audit(
  caseId: string,
  query: Record<string, string> = {},
  principal: TestPrincipal = principals.auditor,
): Promise<InvokeResult> {
  return invoke(r.getCaseAudit, { principal, pathParameters: { caseId }, query });
}

/** Every page with `limit`, following nextCursor to the end; the pages' sizes alongside. */
async function allPages(caseId: string, limit: number): Promise<{ items: Entry[]; sizes: number[] }> {
  const items: Entry[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 50; n++) {
    const res = await audit(caseId, { limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(res.status, res.text).toBe(200);
    items.push(...res.json.items);
    sizes.push(res.json.items.length);
    cursor = res.json.nextCursor;
    if (cursor === null) return { items, sizes };
  }
  throw new Error('the pages never ended');
}

/** Declares, uploads and waits for the verifier to accept a PDF, as the portal does. */
async function acceptedDocument(caseId: string): Promise<string> {
  const answer = await invoke(r.createDocument, {
    principal: principals.applicant,
    pathParameters: { caseId },
    body: { kind: 'property_certificate', contentType: 'application/pdf', sizeBytes: PDF.length },
  });
  expect(answer.status, answer.text).toBe(201);
  const put = await fetch(answer.json.uploadUrl, {
    method: answer.json.method,
    headers: answer.json.headers,
    body: PDF,
  });
  expect(put.status).toBe(200);
  const documentId: string = answer.json.documentId;
  await eventually(
    async () => {
      const res = await invoke(r.getCase, { principal: principals.applicant, pathParameters: { caseId } });
      const doc = (res.json.documents as { documentId: string; status: string }[]).find(
        (d) => d.documentId === documentId,
      );
      return doc?.status === 'accepted' ? doc : undefined;
    },
    { what: `the verdict on ${documentId}` },
  );
  return documentId;
}

describe('the audit trail of a case', () => {
  it('create and submit through the routes: the entries with actor, action, from and to, oldest first', async () => {
    const created = await invoke(r.createCase, {
      principal: principals.applicant,
      body: applicationBody(OWN_HOUSEHOLD),
    });
    expect(created.status, created.text).toBe(201);
    const caseId: string = created.json.caseId;
    const submitted = await invoke(r.submitCase, {
      principal: principals.applicant,
      pathParameters: { caseId },
    });
    expect(submitted.status, submitted.text).toBe(202);

    const res = await audit(caseId);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({
      items: [
        {
          auditId: expect.any(String),
          at: expect.any(String),
          actor: principals.applicant.sub,
          action: 'case.created',
          toStatus: 'draft',
        },
        {
          auditId: expect.any(String),
          at: expect.any(String),
          actor: principals.applicant.sub,
          action: 'case.submitted',
          fromStatus: 'draft',
          toStatus: 'submitted',
        },
      ],
      nextCursor: null,
    });
  });

  it('a review and a document view: listed oldest first, exactly what is stored, and reading adds nothing', async () => {
    // in village review, waiting for the reviewer (case.seeded, then task.waiting)
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    const documentId = await acceptedDocument(caseId);
    const viewed = await invoke(r.getDocument, {
      principal: principals.auditor,
      pathParameters: { caseId, documentId },
    });
    expect(viewed.status, viewed.text).toBe(200);
    const reviewed = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { decision: 'approve', reasons: ['材料齐全'], resolution: RESOLUTION },
    });
    expect(reviewed.status, reviewed.text).toBe(200);

    const res = await audit(caseId);
    expect(res.status, res.text).toBe(200);
    expect(res.json.nextCursor).toBeNull();
    const items: Entry[] = res.json.items;
    expect(items.map((e) => [e.actor, e.action, e.fromStatus, e.toStatus])).toEqual([
      ['seed', 'case.seeded', undefined, 'village_review'],
      ['system:workflow', 'task.waiting', 'village_review', 'village_review'],
      [principals.applicant.sub, 'document.requested', undefined, undefined],
      ['system:upload-verifier', 'document.accepted', undefined, undefined],
      [principals.auditor.sub, 'document.accessed', undefined, undefined],
      [principals.reviewer.sub, 'review.approve', 'village_review', 'public_notice'],
    ]);
    expect(items[4]?.detail).toMatchObject({ documentId, role: 'auditor' });
    expect(items[4]?.reason).toEqual(expect.any(String));
    expect(items[5]).toMatchObject({ reason: '材料齐全', detail: { resolution: RESOLUTION } });
    const times = items.map((e) => e.at);
    expect(times).toEqual([...times].sort());

    // the answer is the stored trail, field for field (without the partition's own case id)
    const stored = await caseAuditTrail(caseId);
    expect(items).toEqual(stored.map(({ caseId: _, entity: __, ...rest }) => rest));

    // reading the trail, however often, does not write into it
    await audit(caseId);
    await audit(caseId, { limit: '1' });
    expect(await caseAuditTrail(caseId)).toHaveLength(stored.length);
  });

  it('pages of 2 list every entry exactly once, in the same order as one page', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    const documentId = await acceptedDocument(caseId);
    for (const principal of [principals.auditor, principals.reviewer, principals.applicant]) {
      const res = await invoke(r.getDocument, { principal, pathParameters: { caseId, documentId } });
      expect(res.status, res.text).toBe(200);
    }
    const whole = await audit(caseId);
    expect(whole.status, whole.text).toBe(200);
    const all: Entry[] = whole.json.items;
    expect(all).toHaveLength(7);

    const paged = await allPages(caseId, 2);
    expect(paged.items).toEqual(all);
    expect(new Set(paged.items.map((e) => e.auditId)).size).toBe(all.length);
    // 2 + 2 + 2 + 1; DynamoDB may end on an empty last page when the count divides evenly, never here
    expect(paged.sizes).toEqual([2, 2, 2, 1]);

    // limit 1 as well, and a cursor works from where it was issued (not bound to the first answer)
    expect((await allPages(caseId, 1)).items).toEqual(all);
    const first = await audit(caseId, { limit: '3' });
    const rest = await audit(caseId, { limit: '200', cursor: first.json.nextCursor });
    expect([...first.json.items, ...rest.json.items]).toEqual(all);
    expect(rest.json.nextCursor).toBeNull();
  });

  it('the default page is 100 entries, at most 200', async () => {
    const { caseId } = await seedCase();
    const res = await audit(caseId);
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(1);
    expectProblem(await audit(caseId, { limit: '201' }), 400, ['query.limit']);
  });

  it('a cursor of another case’s trail is a 400 naming the cursor, not a way into that case', async () => {
    const a = await seedCase({ status: 'village_review', token: true });
    const b = await seedCase({ status: 'village_review', token: true });
    const page = await audit(a.caseId, { limit: '1' });
    expect(page.json.nextCursor).toEqual(expect.any(String));
    expectProblem(await audit(b.caseId, { cursor: page.json.nextCursor }), 400, ['query.cursor']);
  });
});

describe('who may read it', () => {
  it('the auditor of another district is 403, on a case that exists and on one that does not', async () => {
    const { caseId } = await seedCase();
    expectProblem(await audit(caseId, {}, principals.otherAuditor), 403);
    const other = await seedCase({ household: 'other' });
    expectProblem(await audit(other.caseId), 403);
    expect((await audit(other.caseId, {}, principals.otherAuditor)).status).toBe(200);
  });

  it.each([
    ['the village reviewer', principals.reviewer],
    ['the household itself', principals.applicant],
    ['the district’s fund administrator', principals.fundAdmin],
    ['a registrar', principals.registrar],
  ])('%s is 403', async (_, principal) => {
    const { caseId } = await seedCase();
    expectProblem(await audit(caseId, {}, principal), 403);
  });

  it('an unknown case is 404 for the auditor, 403 for whoever may not use the route', async () => {
    expectProblem(await audit('C-20250101-ffffffff'), 404);
    expectProblem(await audit('C-20250101-ffffffff', {}, principals.reviewer), 403);
  });
});
