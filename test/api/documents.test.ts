import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/adapters/ids.js';
import { caseAuditTrail, getCase as readCase } from '../../shared/adapters/table/caseRepository.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import { documentKey } from '../../shared/documents/documentModel.js';
import { putDocumentRecord } from '../../shared/documents/documentStore.js';
import {
  DOCUMENTS_BUCKET,
  eventually,
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoutes,
  useApiEnvironment,
} from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { type Doubles, installDoubles, principals, seedCase, seedRegistry } from '../support/seed.js';
import {
  EXE,
  JPEG,
  JPEG_THEN_SCRIPT,
  PDF_THEN_HTML,
  PNG,
  PNG_THEN_HTML,
  pdfHtmlPolyglot,
  realPdf,
  truncated,
} from '../support/uploadFiles.js';

/**
 * POST /cases/{caseId}/documents and the upload through the presigned URL: real files are accepted,
 * fakes (an executable renamed .pdf, a body of another length than declared) are rejected and moved to
 * quarantine/. s3rver's ObjectCreated notification runs the verifier, as the bucket notification does
 * on AWS; the tests see the verdict the way the portal does, by reading the case. Then the viewer's
 * GET /cases/{caseId}/documents/{documentId}: a presigned GET of accepted files only, each access audited.
 */
const env = useApiEnvironment({ verifyUploads: true });
const { createDocument, getCase, getDocument } = await loadRoutes('createDocument', 'getCase', 'getDocument');

let doubles: Doubles;
beforeAll(async () => {
  doubles = installDoubles();
  await seedRegistry();
});

// ---------------------------------------------------------------------------------------------------
// files (test/support/uploadFiles.ts: real files and issue 16's fakes)

/** A real one-page PDF with a classic cross-reference table. */
const PDF = await realPdf({ objectStreams: false });

// ---------------------------------------------------------------------------------------------------
// helpers

type ContentType = 'application/pdf' | 'image/jpeg' | 'image/png';

async function requestUpload(
  caseId: string,
  contentType: ContentType,
  sizeBytes: number,
  kind = 'property_certificate',
): Promise<InvokeResult> {
  return invoke(createDocument, {
    principal: principals.applicant,
    pathParameters: { caseId },
    body: { kind, contentType, sizeBytes },
  });
}

/** What a browser does with the answer: PUT the bytes to the URL with the headers it was given. */
async function upload(answer: InvokeResult, bytes: Buffer, headers?: Record<string, string>) {
  return fetch(answer.json.uploadUrl, {
    method: answer.json.method,
    headers: headers ?? answer.json.headers,
    body: bytes,
  });
}

interface DocumentView {
  documentId: string;
  kind: string;
  contentType: string;
  sizeBytes: number;
  status: 'pending' | 'accepted' | 'rejected';
  reason?: string;
}

async function documentsOf(caseId: string): Promise<DocumentView[]> {
  const res = await invoke(getCase, { principal: principals.applicant, pathParameters: { caseId } });
  expect(res.status, res.text).toBe(200);
  return res.json.documents;
}

/** Polls GET /cases/{caseId} until the document has its verdict. */
async function verdictOf(caseId: string, documentId: string): Promise<DocumentView> {
  return eventually(
    async () => {
      const doc = (await documentsOf(caseId)).find((d) => d.documentId === documentId);
      return doc && doc.status !== 'pending' ? doc : undefined;
    },
    { what: `the verdict on ${documentId}` },
  );
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await env.s3.send(new HeadObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

async function readObject(key: string): Promise<Buffer | undefined> {
  if (!(await objectExists(key))) return undefined;
  const out = await env.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: key }));
  return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
}

// ---------------------------------------------------------------------------------------------------

describe('the presigned upload', () => {
  it('answers a PUT URL that signs content type and length, valid for 15 minutes', async () => {
    const { caseId } = await seedCase();
    const before = Date.now();
    const res = await requestUpload(caseId, 'application/pdf', PDF.length, 'id_card');
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      documentId: expect.any(String),
      uploadUrl: expect.any(String),
      method: 'PUT',
      headers: { 'content-type': 'application/pdf', 'content-length': String(PDF.length) },
      expiresAt: expect.any(String),
    });
    const url = new URL(res.json.uploadUrl);
    expect(url.pathname).toBe(`/${DOCUMENTS_BUCKET}/cases/${caseId}/${res.json.documentId}`);
    const signed = (url.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-type', 'content-length', 'host']));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    const expires = Date.parse(res.json.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 900_000 - 2_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 900_000 + 2_000);

    // registered as pending until the upload is verified
    const docs = await documentsOf(caseId);
    expect(docs).toEqual([
      {
        documentId: res.json.documentId,
        kind: 'id_card',
        contentType: 'application/pdf',
        sizeBytes: PDF.length,
        status: 'pending',
      },
    ]);
  });

  it.each([
    ['a PDF', 'application/pdf', PDF],
    ['a PNG', 'image/png', PNG],
    ['a JPEG', 'image/jpeg', JPEG],
  ] as const)('%s uploaded as declared is accepted and kept', async (_, contentType, bytes) => {
    const { caseId } = await seedCase();
    const answer = await requestUpload(caseId, contentType, bytes.length);
    expect(answer.status, answer.text).toBe(201);
    const put = await upload(answer, bytes);
    expect(put.status).toBe(200);

    const doc = await verdictOf(caseId, answer.json.documentId);
    expect(doc).toEqual({
      documentId: answer.json.documentId,
      kind: 'property_certificate',
      contentType,
      sizeBytes: bytes.length,
      status: 'accepted',
    });
    const key = `cases/${caseId}/${answer.json.documentId}`;
    expect(await readObject(key)).toEqual(bytes);
    expect(doubles.events.ofCase(caseId, 'DocumentVerified')).toEqual([
      expect.objectContaining({ detail: { documentId: answer.json.documentId, status: 'accepted' } }),
    ]);
  });

  it('an executable renamed .pdf is rejected and quarantined', async () => {
    const { caseId } = await seedCase();
    const answer = await requestUpload(caseId, 'application/pdf', EXE.length);
    const put = await upload(answer, EXE);
    expect(put.status).toBe(200);

    const doc = await verdictOf(caseId, answer.json.documentId);
    expect(doc.status).toBe('rejected');
    expect(doc.reason).toContain('application/pdf');
    const key = `cases/${caseId}/${answer.json.documentId}`;
    expect(await objectExists(key)).toBe(false);
    expect(await objectExists(`quarantine/${key}`)).toBe(true);
  });

  it('a real PNG declared as a PDF is rejected: the content must be the declared type', async () => {
    const { caseId } = await seedCase();
    const answer = await requestUpload(caseId, 'application/pdf', PNG.length);
    await upload(answer, PNG, { 'content-type': 'application/pdf' });
    const doc = await verdictOf(caseId, answer.json.documentId);
    expect(doc.status).toBe('rejected');
    expect(doc.reason).toContain('application/pdf');
  });

  it.each([
    ['longer', Buffer.concat([PDF, Buffer.alloc(4096, 0x20)])],
    ['shorter', PDF.subarray(0, PDF.length - 10)],
  ])('a body %s than declared is refused: by S3 at the door, or by the verifier', async (_, bytes) => {
    const { caseId } = await seedCase();
    const answer = await requestUpload(caseId, 'application/pdf', PDF.length);
    // the client ignores the signed length and sends what it has (fetch sets the real length)
    const put = await upload(answer, bytes, { 'content-type': 'application/pdf' });
    const key = `cases/${caseId}/${answer.json.documentId}`;
    if (put.ok) {
      // s3rver does not enforce signed headers, which is why every upload is verified server-side
      const doc = await verdictOf(caseId, answer.json.documentId);
      expect(doc.status).toBe('rejected');
      expect(doc.reason).toContain(`${bytes.length}`);
      expect(doc.reason).toContain(`${PDF.length}`);
      expect(await objectExists(`quarantine/${key}`)).toBe(true);
    } else {
      // real S3: the signed content-length does not match, nothing is stored
      expect(put.status).toBe(403);
      expect(await objectExists(key)).toBe(false);
    }
    expect(await objectExists(key)).toBe(false);
  });

  it('an accepted document cannot be swapped for a fake through the same URL', async () => {
    const { caseId } = await seedCase();
    const answer = await requestUpload(caseId, 'application/pdf', PDF.length);
    await upload(answer, PDF);
    expect((await verdictOf(caseId, answer.json.documentId)).status).toBe('accepted');

    // the URL stays valid for 15 minutes; a second PUT of the same length carries an executable
    const swap = Buffer.alloc(PDF.length, 0x90);
    EXE.copy(swap);
    expect(swap.length).toBe(PDF.length);
    await upload(answer, swap);
    await env.services.s3.drain();

    const key = `cases/${caseId}/${answer.json.documentId}`;
    const doc = (await documentsOf(caseId)).find((d) => d.documentId === answer.json.documentId);
    const served = await readObject(key);
    const content = served === undefined ? 'none' : served.equals(PDF) ? 'the pdf' : 'the executable';
    // acceptable: the second PUT refused (the pdf stays), or the new object verified and quarantined
    expect(
      [
        { status: 'accepted', content: 'the pdf' },
        { status: 'rejected', content: 'none' },
      ],
      `the document is ${doc?.status} while the bucket serves ${content}`,
    ).toContainEqual({ status: doc?.status, content });
  });

  it.each([
    ['%PDF- and then a web page', 'application/pdf', PDF_THEN_HTML, /web page markup/],
    ['a PDF cut in half', 'application/pdf', truncated(PDF), /startxref and %%EOF/],
    ['a PDF that is also a web page (polyglot)', 'application/pdf', pdfHtmlPolyglot(PDF), /web page markup/],
    ['a PNG header and then a web page', 'image/png', PNG_THEN_HTML, /web page markup/],
    ['JPEG magic bytes and then a script', 'image/jpeg', JPEG_THEN_SCRIPT, /<script/],
  ] as const)(
    'issue 16: %s is rejected and quarantined, with the reason',
    async (_, contentType, bytes, why) => {
      const { caseId } = await seedCase();
      const answer = await requestUpload(caseId, contentType, bytes.length);
      expect(answer.status, answer.text).toBe(201);
      expect((await upload(answer, bytes)).status).toBe(200);
      const doc = await verdictOf(caseId, answer.json.documentId);
      expect(doc.status).toBe('rejected');
      expect(doc.reason).toMatch(why);
      const key = `cases/${caseId}/${answer.json.documentId}`;
      expect(await objectExists(key)).toBe(false);
      expect(await readObject(`quarantine/${key}`)).toEqual(bytes);
      expect(doubles.events.ofCase(caseId, 'DocumentVerified')).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ status: 'rejected' }) }),
      ]);
    },
  );

  it('an object nobody declared is quarantined', async () => {
    const { caseId } = await seedCase();
    const key = `cases/${caseId}/D-20250101-undeclared`;
    await env.s3.send(new PutObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: key, Body: PDF }));
    await eventually(async () => ((await objectExists(`quarantine/${key}`)) ? true : undefined), {
      what: 'the quarantine of an undeclared upload',
    });
    expect(await objectExists(key)).toBe(false);
    expect(await documentsOf(caseId)).toEqual([]);
  });
});

describe('the case view lists every document with its verdict', () => {
  it('accepted, rejected with the reason, and pending side by side; each step audited', async () => {
    const { caseId } = await seedCase();
    const good = await requestUpload(caseId, 'image/jpeg', JPEG.length, 'id_card');
    const fake = await requestUpload(caseId, 'application/pdf', EXE.length, 'hukou');
    const never = await requestUpload(caseId, 'image/png', 2048, 'residence_proof');
    await upload(good, JPEG);
    await upload(fake, EXE);
    await verdictOf(caseId, good.json.documentId);
    await verdictOf(caseId, fake.json.documentId);

    const docs = await documentsOf(caseId);
    const byId = new Map(docs.map((d) => [d.documentId, d]));
    expect(docs).toHaveLength(3);
    expect(byId.get(good.json.documentId)).toMatchObject({ kind: 'id_card', status: 'accepted' });
    expect(byId.get(good.json.documentId)).not.toHaveProperty('reason');
    expect(byId.get(fake.json.documentId)).toMatchObject({
      kind: 'hukou',
      status: 'rejected',
      reason: expect.stringContaining('application/pdf'),
    });
    expect(byId.get(never.json.documentId)).toMatchObject({
      kind: 'residence_proof',
      contentType: 'image/png',
      sizeBytes: 2048,
      status: 'pending',
    });

    const trail = await caseAuditTrail(caseId);
    const actions = trail.filter((e) => e.action.startsWith('document.'));
    expect(actions.filter((e) => e.action === 'document.requested')).toHaveLength(3);
    for (const e of actions.filter((x) => x.action === 'document.requested')) {
      expect(e.actor).toBe(principals.applicant.sub);
    }
    expect(actions.find((e) => e.action === 'document.accepted')).toMatchObject({
      actor: 'system:upload-verifier',
      detail: { documentId: good.json.documentId },
    });
    expect(actions.find((e) => e.action === 'document.rejected')).toMatchObject({
      actor: 'system:upload-verifier',
      reason: expect.stringContaining('application/pdf'),
      detail: { documentId: fake.json.documentId },
    });
  });
});

describe('what may be declared', () => {
  it('only pdf, jpeg or png, at most 10 MB, of a known kind — every bad field listed', async () => {
    const { caseId } = await seedCase();
    const res = await invoke(createDocument, {
      principal: principals.applicant,
      pathParameters: { caseId },
      body: { kind: 'selfie', contentType: 'application/x-msdownload', sizeBytes: 10 * 1024 * 1024 + 1 },
    });
    expectProblem(res, 400, ['body.kind', 'body.contentType', 'body.sizeBytes']);
  });

  it.each([0, -1, 1.5, '100'])('a size of %j is refused', async (sizeBytes) => {
    const { caseId } = await seedCase();
    const res = await invoke(createDocument, {
      principal: principals.applicant,
      pathParameters: { caseId },
      body: { kind: 'id_card', contentType: 'image/png', sizeBytes },
    });
    expectProblem(res, 400, ['body.sizeBytes']);
  });

  it('exactly 10 MB is allowed', async () => {
    const { caseId } = await seedCase();
    const res = await requestUpload(caseId, 'application/pdf', 10 * 1024 * 1024);
    expect(res.status, res.text).toBe(201);
  });

  it('no evidence is added once the agreement is signed (409)', async () => {
    const { caseId } = await seedCase({ status: 'agreement_signed' });
    expectProblem(await requestUpload(caseId, 'application/pdf', 100), 409);
  });

  it('an unknown case is 404', async () => {
    expectProblem(await requestUpload('C-20250101-00000000', 'application/pdf', 100), 404);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('viewing a document (GET /cases/{caseId}/documents/{documentId})', () => {
  /** Declares, uploads and waits for the verdict; the document must be accepted. */
  async function acceptedDocument(
    caseId: string,
    contentType: ContentType,
    bytes: Buffer,
    kind = 'property_certificate',
    putHeaders?: Record<string, string>,
  ): Promise<string> {
    const answer = await requestUpload(caseId, contentType, bytes.length, kind);
    expect(answer.status, answer.text).toBe(201);
    expect((await upload(answer, bytes, putHeaders)).status).toBe(200);
    expect((await verdictOf(caseId, answer.json.documentId)).status).toBe('accepted');
    return answer.json.documentId;
  }

  function view(
    caseId: string,
    documentId: string,
    principal: (typeof principals)[keyof typeof principals] = principals.applicant,
  ) {
    return invoke(getDocument, { principal, pathParameters: { caseId, documentId } });
  }

  const accessesOf = async (caseId: string) =>
    (await caseAuditTrail(caseId)).filter((e) => e.action === 'document.accessed');

  it.each([
    ['a PDF', 'application/pdf', PDF, 'pdf'],
    ['a PNG', 'image/png', PNG, 'png'],
    ['a JPEG', 'image/jpeg', JPEG, 'jpg'],
  ] as const)(
    '%s: a 5-minute GET URL that serves exactly the verified bytes with the verified type; only an image inline',
    async (_, contentType, bytes, ext) => {
      const { caseId } = await seedCase();
      const documentId = await acceptedDocument(caseId, contentType, bytes, 'id_card');
      const before = Date.now();
      const res = await view(caseId, documentId);
      expect(res.status, res.text).toBe(200);
      expect(res.json).toEqual({
        documentId,
        kind: 'id_card',
        contentType,
        sizeBytes: bytes.length,
        url: expect.any(String),
        method: 'GET',
        expiresAt: expect.any(String),
      });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');

      const url = new URL(res.json.url);
      expect(url.pathname).toBe(`/${DOCUMENTS_BUCKET}/cases/${caseId}/${documentId}`);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
      // nothing but the host is signed, so an <img> or <iframe> can load it as it is
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
      expect(url.searchParams.get('response-content-type')).toBe(contentType);
      const filename = `id_card-${documentId}.${ext}`;
      // a PDF is saved, never rendered in the bucket's origin; an image is shown in place (issue 16)
      const disposition = `${contentType === 'application/pdf' ? 'attachment' : 'inline'}; filename="${filename}"; filename*=UTF-8''${filename}`;
      expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
      const expires = Date.parse(res.json.expiresAt);
      expect(expires).toBeGreaterThanOrEqual(before + 300_000 - 2_000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 300_000 + 2_000);

      const got = await fetch(res.json.url);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe(contentType);
      expect(got.headers.get('content-disposition')).toBe(disposition);
      expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    },
  );

  it('serves the verified type, not the one the uploader’s PUT claimed', async () => {
    const { caseId } = await seedCase();
    // real S3 refuses this PUT (the content type is signed); s3rver stores it with the claimed type
    const documentId = await acceptedDocument(caseId, 'image/png', PNG, 'id_card', {
      'content-type': 'text/html',
    });
    const res = await view(caseId, documentId);
    expect(res.status, res.text).toBe(200);
    const got = await fetch(res.json.url);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(PNG);
  });

  it('a pending document is 409: still being verified; nothing is presigned or audited', async () => {
    const { caseId } = await seedCase();
    const declared = await requestUpload(caseId, 'application/pdf', PDF.length);
    const res = await view(caseId, declared.json.documentId);
    expectProblem(res, 409);
    expect(res.json.documentStatus).toBe('pending');
    expect(res.json.detailZh).toMatch(/核验中/);
    expect(res.json.detail).toMatch(/still being verified/);
    expect(res.json).not.toHaveProperty('url');
    expect(await accessesOf(caseId)).toEqual([]);
  });

  it('a rejected document is 409: it failed verification and is quarantined; never a quarantine/ URL', async () => {
    const { caseId } = await seedCase();
    const answer = await requestUpload(caseId, 'application/pdf', EXE.length);
    await upload(answer, EXE);
    expect((await verdictOf(caseId, answer.json.documentId)).status).toBe('rejected');
    const res = await view(caseId, answer.json.documentId);
    expectProblem(res, 409);
    expect(res.json.documentStatus).toBe('rejected');
    expect(res.json.detailZh).toMatch(/隔离/);
    expect(res.json.detail).toMatch(/quarantined/);
    expect(res.json.reason).toContain('application/pdf');
    expect(res.text).not.toContain('quarantine/');
    expect(res.text).not.toContain('X-Amz-');
    expect(await accessesOf(caseId)).toEqual([]);
  });

  it('someone else’s case is 403: another household, another village’s reviewer, another district’s auditor', async () => {
    const { caseId } = await seedCase();
    const documentId = await acceptedDocument(caseId, 'application/pdf', PDF);
    for (const p of [principals.otherApplicant, principals.otherReviewer, principals.otherAuditor]) {
      const res = await view(caseId, documentId, p);
      expectProblem(res, 403);
      expect(res.text).not.toContain('X-Amz-');
    }
    // a registrar has no business with case evidence at all
    expectProblem(await view(caseId, documentId, principals.registrar), 403);
    expect(await accessesOf(caseId)).toEqual([]);
  });

  it('an unknown document, or a document of another case, is 404 (its own case reveals nothing)', async () => {
    const { caseId } = await seedCase();
    const { caseId: secondCase } = await seedCase();
    const { caseId: othersCase } = await seedCase({ household: 'other' });
    const mine = await acceptedDocument(secondCase, 'application/pdf', PDF);
    // another household's accepted document, recorded as the verifier leaves it
    const at = new Date().toISOString();
    const theirs = newId('D', at);
    await putDocumentRecord({
      documentId: theirs,
      caseId: othersCase,
      key: documentKey(othersCase, theirs),
      kind: 'id_card',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      status: 'accepted',
      createdAt: at,
      verifiedAt: at,
      uploadedBy: principals.otherApplicant.sub,
    });

    expectProblem(await view(caseId, 'D-20250101-00000000'), 404);
    // the household's own document, asked for under its other case
    expectProblem(await view(caseId, mine), 404);
    // another household's document, asked for under the applicant's own case
    const res = await view(caseId, theirs);
    expectProblem(res, 404);
    expect(res.text).not.toContain(othersCase);
    // an unknown case
    expectProblem(await view('C-20250101-00000000', mine), 404);
  });

  it('every access is audited (actor, time, role, reason) and leaves the case item and its version alone', async () => {
    const { caseId } = await seedCase({ status: 'village_review' });
    const documentId = await acceptedDocument(caseId, 'image/jpeg', JPEG, 'hukou');
    const read = await readCase(caseId);
    if (!read) throw new Error('the seeded case is gone');

    const started = new Date().toISOString();
    expect((await view(caseId, documentId, principals.reviewer)).status).toBe(200);
    expect((await view(caseId, documentId, principals.applicant)).status).toBe(200);

    const after = await readCase(caseId);
    expect(after).toEqual(read);
    expect(after?.case.version).toBe(read.case.version);

    const accesses = await accessesOf(caseId);
    expect(accesses).toHaveLength(2);
    const byActor = new Map(accesses.map((e) => [e.actor, e]));
    expect(byActor.get(principals.reviewer.sub)).toMatchObject({
      caseId,
      reason: expect.stringMatching(/村集体审核.*\/ viewed for the village review/),
      detail: { documentId, kind: 'hukou', role: 'village_reviewer', urlExpiresAt: expect.any(String) },
    });
    expect(byActor.get(principals.applicant.sub)).toMatchObject({
      reason: expect.stringContaining('the household viewed its own evidence'),
      detail: { documentId, kind: 'hukou', role: 'applicant' },
    });
    for (const e of accesses) {
      expect(e.at >= started).toBe(true);
      expect(e).not.toHaveProperty('fromStatus');
      expect(e).not.toHaveProperty('toStatus');
    }

    // a decision taken on the case as read before the views still goes through: viewing is no write to it
    const next = touchCase(read.case, {
      actor: 'reviewer-own',
      at: new Date().toISOString(),
      note: 'decided',
    });
    await expect(
      saveCase(read, next, { audit: { actor: 'reviewer-own', action: 'test.decided' } }),
    ).resolves.toBeUndefined();
  });
});
