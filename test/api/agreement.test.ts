import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { getCase as readCase } from '../../shared/adapters/table/caseRepository.js';
import { capitalAmount } from '../../shared/domain/compensation/capitalAmount.js';
import { groupedYuan } from '../../shared/domain/compensation/format.js';
import {
  DOCUMENTS_BUCKET,
  expectProblem,
  invoke,
  loadRoutes,
  TABLE_NAME,
  useApiEnvironment,
} from '../support/api.js';
import { compact, pdfText } from '../support/pdfText.js';
import { installDoubles, principals, seedCase, seedRegistry } from '../support/seed.js';

/**
 * GET /cases/{caseId}/agreement (API.md wave 2, issue 15): the preview of an offer before signing, the
 * signed PDF after, its SHA-256 on the case, who may download it, the audit of every download, and the
 * refusals. Each PDF is fetched through its presigned URL (s3rver) and read back with PDF.js.
 */
const env = useApiEnvironment();
const r = await loadRoutes('getAgreement', 'chooseResettlement', 'getCase', 'withdrawCase');

beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  installDoubles();
});

async function fetchPdf(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await res.arrayBuffer());
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function auditActions(
  caseId: string,
): Promise<{ action: string; actor: string; detail?: Record<string, unknown> }[]> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':audit': 'AUDIT#' },
    }),
  );
  return (out.Items ?? []) as { action: string; actor: string; detail?: Record<string, unknown> }[];
}

describe('the agreement before signing', () => {
  it('previews the chosen offer with its figures, marked as a preview, and audits the preview', async () => {
    const { caseId, case: c } = await seedCase({ status: 'offers', token: true });
    const cash = c.offers.find((o) => o.option === 'cash');
    if (!cash) throw new Error('no cash offer');
    const res = await invoke(r.getAgreement, {
      principal: principals.applicant,
      pathParameters: { caseId },
      query: { option: 'cash' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toMatchObject({ caseId, signed: false, option: 'cash', method: 'GET' });
    const bytes = await fetchPdf(res.json.url);
    expect(sha256(bytes)).toBe(res.json.sha256);
    expect(bytes.byteLength).toBe(res.json.sizeBytes);
    // a preview of a few pages stays small: the font is subset per document
    expect(bytes.byteLength).toBeLessThan(300_000);
    const { text } = await pdfText(bytes);
    expect(text).toContain('预览');
    expect(text).toContain('张三');
    expect(text).toContain(caseId);
    expect(compact(text)).toContain(res.json.contentSha256);
    // every priced line of the offer, and the total in figures and in capital numerals
    for (const line of cash.lines ?? [])
      expect(compact(text), line.component).toContain(groupedYuan(line.amountFen));
    expect(compact(text)).toContain(`人民币${capitalAmount(cash.amountFen)}`);
    const audit = await auditActions(caseId);
    expect(audit.filter((a) => a.action === 'agreement.previewed')).toEqual([
      expect.objectContaining({
        actor: principals.applicant.sub,
        detail: expect.objectContaining({ sha256: res.json.sha256, role: 'applicant', signed: false }),
      }),
    ]);
  });

  it('asks which offer to preview, and refuses one the case was not offered, naming query.option', async () => {
    const { caseId } = await seedCase({ status: 'offers', token: true, type: 'contract_land_exit' });
    for (const query of [undefined, { option: 'urban_housing' }, { option: 'gold' }]) {
      const res = await invoke(r.getAgreement, {
        principal: principals.applicant,
        pathParameters: { caseId },
        ...(query ? { query } : {}),
      });
      expectProblem(res, 400, ['query.option']);
    }
  });

  it('has no agreement to show before the offers (404), nor a preview once the case is withdrawn (409)', async () => {
    const early = await seedCase({ status: 'village_review' });
    expectProblem(
      await invoke(r.getAgreement, {
        principal: principals.applicant,
        pathParameters: { caseId: early.caseId },
        query: { option: 'cash' },
      }),
      404,
    );
    const { caseId } = await seedCase({ status: 'offers', token: true });
    const gone = await invoke(r.withdrawCase, {
      principal: principals.applicant,
      pathParameters: { caseId },
    });
    expect(gone.status, gone.text).toBe(200);
    expectProblem(
      await invoke(r.getAgreement, {
        principal: principals.applicant,
        pathParameters: { caseId },
        query: { option: 'cash' },
      }),
      409,
    );
  });

  it('answers 404 for a case that does not exist and 403 outside the caller’s scope', async () => {
    expectProblem(
      await invoke(r.getAgreement, {
        principal: principals.applicant,
        pathParameters: { caseId: 'C-20990101-NOPE' },
        query: { option: 'cash' },
      }),
      404,
    );
    const { caseId } = await seedCase({ status: 'offers', token: true });
    for (const principal of [
      principals.otherApplicant,
      principals.otherAuditor,
      principals.reviewer,
      principals.registrar,
    ]) {
      const res = await invoke(r.getAgreement, {
        principal,
        pathParameters: { caseId },
        query: { option: 'cash' },
      });
      expectProblem(res, 403);
    }
  });
});

describe('the signed agreement', () => {
  it('is set at the signature, stored under its SHA-256 with the record it was set from, and the case keeps the hash', async () => {
    const { caseId } = await seedCase({ status: 'offers', token: true });
    const signed = await invoke(r.chooseResettlement, {
      principal: principals.applicant,
      pathParameters: { caseId },
      body: { option: 'cash' },
    });
    expect(signed.status, signed.text).toBe(200);
    const agreement = (await readCase(caseId))?.case.agreement;
    if (!agreement?.sha256 || !agreement.recordKey) throw new Error('the agreement has no PDF');
    expect(agreement.documentKey).toBe(`cases/${caseId}/agreements/${agreement.sha256}.pdf`);

    const stored = await env.s3.send(
      new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: agreement.documentKey }),
    );
    const bytes = Buffer.from((await stored.Body?.transformToByteArray()) ?? []);
    expect(sha256(bytes)).toBe(agreement.sha256);
    expect(bytes.byteLength).toBe(agreement.sizeBytes);
    // the record beside it holds the content whose hash the PDF prints
    const record = JSON.parse(
      (await (
        await env.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: agreement.recordKey }))
      ).Body?.transformToString()) ?? '{}',
    );
    expect(record.agreement.sha256).toBe(agreement.sha256);
    expect(record.content).toBeDefined();

    // the case view says the same
    const view = await invoke(r.getCase, { principal: principals.applicant, pathParameters: { caseId } });
    expect(view.json.agreement).toMatchObject({
      sha256: agreement.sha256,
      contentSha256: agreement.contentSha256,
    });

    // the household, the fund, the auditor and the district approver each get the very same file
    for (const principal of [
      principals.applicant,
      principals.fundAdmin,
      principals.auditor,
      principals.districtApprover,
    ]) {
      const res = await invoke(r.getAgreement, { principal, pathParameters: { caseId } });
      expect(res.status, `${principal.sub}: ${res.text}`).toBe(200);
      expect(res.json).toMatchObject({
        caseId,
        signed: true,
        option: 'cash',
        sha256: agreement.sha256,
        agreementId: agreement.agreementId,
      });
      expect(sha256(await fetchPdf(res.json.url))).toBe(agreement.sha256);
    }
    const { text } = await pdfText(bytes);
    expect(text).not.toContain('预览');
    expect(text).toContain(agreement.agreementId);
    expect(compact(text)).toContain(`人民币${capitalAmount(agreement.payableFen)}`);
    expect(compact(text)).toContain(agreement.contentSha256 ?? 'no content hash');

    const downloads = (await auditActions(caseId)).filter((a) => a.action === 'agreement.downloaded');
    expect(downloads.map((a) => a.actor).sort()).toEqual(
      [principals.applicant, principals.fundAdmin, principals.auditor, principals.districtApprover]
        .map((p) => p.sub)
        .sort(),
    );
    for (const d of downloads)
      expect(d.detail).toMatchObject({ sha256: agreement.sha256, key: agreement.documentKey });
  });

  it('refuses an option other than the one signed (400), and is still the signed file with it', async () => {
    // contract land: the household's parcel P1 is held for good by the signature of the test above
    const { caseId } = await seedCase({ status: 'offers', token: true, type: 'contract_land_exit' });
    expect(
      (
        await invoke(r.chooseResettlement, {
          principal: principals.applicant,
          pathParameters: { caseId },
          body: { option: 'cash' },
        })
      ).status,
    ).toBe(200);
    expectProblem(
      await invoke(r.getAgreement, {
        principal: principals.applicant,
        pathParameters: { caseId },
        query: { option: 'urban_housing' },
      }),
      400,
      ['query.option'],
    );
    const same = await invoke(r.getAgreement, {
      principal: principals.applicant,
      pathParameters: { caseId },
      query: { option: 'cash' },
    });
    expect(same.json).toMatchObject({ signed: true });
  });

  it('an agreement signed before PDFs existed is set once from the case, the same bytes every time', async () => {
    // seedCase signs with the domain function alone: a JSON record, no PDF, no hash
    const { caseId } = await seedCase({ status: 'fund_review' });
    const [a, b] = [
      await invoke(r.getAgreement, { principal: principals.fundAdmin, pathParameters: { caseId } }),
      await invoke(r.getAgreement, { principal: principals.auditor, pathParameters: { caseId } }),
    ];
    expect(a.status, a.text).toBe(200);
    expect(a.json.signed).toBe(true);
    expect(b.json.sha256).toBe(a.json.sha256);
    expect(sha256(await fetchPdf(b.json.url))).toBe(a.json.sha256);
  });
});
