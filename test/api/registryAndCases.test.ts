import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDynamoLocal } from '../../local/services/dynamoLocal.js';
import { documentClient } from '../../shared/adapters/clients.js';
import { caseNumberDay } from '../../shared/adapters/ids.js';
import { keys } from '../../shared/adapters/keys.js';
import { allocateCaseNumber, caseIdOfNumber } from '../../shared/adapters/table/caseNumbers.js';
import { getCase as readCase } from '../../shared/adapters/table/caseRepository.js';
import { claimItem } from '../../shared/cases/landClaims.js';
import { chinaDate } from '../../shared/domain/chinaDate.js';
import { putInboxItem, recipients } from '../../shared/notifications/inbox.js';
import {
  DOCUMENTS_BUCKET,
  expectProblem,
  invoke,
  loadRoutes,
  TABLE_NAME,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import {
  applicationBody,
  type Doubles,
  householdRecord,
  installDoubles,
  OTHER_DISTRICT,
  OTHER_HOUSEHOLD,
  OWN_DISTRICT,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  principals,
  seedCase,
  seedRegistry,
} from '../support/seed.js';

/** The registry, the case routes an applicant drives, the lists, and the policy parameters. */
const env = useApiEnvironment();
const r = await loadRoutes(
  'putVillage',
  'putHousehold',
  'getHousehold',
  'createCase',
  'submitCase',
  'getCase',
  'listCases',
  'withdrawCase',
  'createObjection',
  'appealCase',
  'chooseResettlement',
  'getPolicyParameters',
  'listNotifications',
);

let doubles: Doubles;
beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  doubles = installDoubles();
});

const applicant = principals.applicant;

describe('registry', () => {
  it('a registrar registers a village and a household in it, and reads the household back', async () => {
    const village = { name: '石马村', townName: '石马镇', districtCode: '370304', tier: 3 };
    const put = await invoke(r.putVillage, {
      principal: principals.registrar,
      pathParameters: { villageCode: '370304100001' },
      body: village,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ ...village, villageCode: '370304100001' });

    const record = householdRecord('H-370304-0003', '370304100001');
    const putHousehold = await invoke(r.putHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: 'H-370304-0003' },
      body: record,
    });
    expect(putHousehold.status, putHousehold.text).toBe(200);

    const got = await invoke(r.getHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: 'H-370304-0003' },
    });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject(record);
    // the auditor of that district reads it too; the one of another district does not
    const auditor: TestPrincipal = { sub: 'auditor-boshan', groups: ['auditor'], district: '370304' };
    const byAuditor = await invoke(r.getHousehold, {
      principal: auditor,
      pathParameters: { householdId: 'H-370304-0003' },
    });
    expect(byAuditor.status).toBe(200);
    const byOther = await invoke(r.getHousehold, {
      principal: principals.auditor,
      pathParameters: { householdId: 'H-370304-0003' },
    });
    expect(byOther.status).toBe(403);
  });

  it('a village code outside its district is refused, naming the field', async () => {
    const res = await invoke(r.putVillage, {
      principal: principals.registrar,
      pathParameters: { villageCode: '370304100002' },
      body: { name: '错村', townName: '错镇', districtCode: OWN_DISTRICT, tier: 1 },
    });
    expectProblem(res, 400, ['body.districtCode']);
  });

  it('a household in a village that is not registered is refused', async () => {
    const res = await invoke(r.putHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: 'H-370305-0004' },
      body: householdRecord('H-370305-0004', '370305999999'),
    });
    expectProblem(res, 400, ['body.villageCode']);
  });

  it('a household whose id differs from the path is refused', async () => {
    const res = await invoke(r.putHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: 'H-370302-0005' },
      body: householdRecord(OWN_HOUSEHOLD, OWN_VILLAGE),
    });
    expectProblem(res, 400, ['body.householdId']);
  });

  it('a household record with several bad fields lists every one of them', async () => {
    const record = householdRecord('H-370302-0006', OWN_VILLAGE);
    const res = await invoke(r.putHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: 'H-370302-0006' },
      body: {
        ...record,
        headMemberId: 'nobody',
        members: [{ ...record.members[0], nationalId: '12345', birthDate: '1970-13-40' }],
        homesteads: [{ ...record.homesteads?.[0], status: 'demolished', areaM2: 220.123 }],
        rights: undefined,
      },
    });
    expectProblem(res, 400, [
      'body.members.0.nationalId',
      'body.members.0.birthDate',
      'body.homesteads.0.status',
      'body.homesteads.0.areaM2',
      'body.rights',
    ]);
  });

  it('an unknown household is 404 for the registrar', async () => {
    const res = await invoke(r.getHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId: 'H-370302-9999' },
    });
    expectProblem(res, 404);
  });
});

describe('creating and reading a case', () => {
  it('an applicant creates a draft for the own household; the case view has the contract fields', async () => {
    const created = await invoke(r.createCase, {
      principal: applicant,
      body: applicationBody(OWN_HOUSEHOLD),
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toEqual({
      caseId: expect.any(String),
      status: 'draft',
      caseNumber: expect.stringMatching(/^370302-\d{8}-\d{4}$/),
    });
    const caseId: string = created.json.caseId;
    expect(doubles.events.ofCase(caseId)).toEqual([
      expect.objectContaining({ type: 'CaseCreated', actor: applicant.sub, toStatus: 'draft' }),
    ]);

    const view = await invoke(r.getCase, { principal: applicant, pathParameters: { caseId } });
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({
      caseId,
      type: 'homestead_exit',
      householdId: OWN_HOUSEHOLD,
      village: OWN_VILLAGE,
      status: 'draft',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      findings: [],
      documents: [],
      offers: [],
      timeline: [{ at: expect.any(String), status: 'draft', actor: applicant.sub, note: expect.any(String) }],
    });
    expect(new Date(view.json.createdAt).toISOString()).toBe(view.json.createdAt);
  });

  it('a household the registry does not know is refused, naming the field', async () => {
    const ghost: TestPrincipal = { sub: 'ghost', groups: ['applicant'], householdId: 'H-370302-0404' };
    const res = await invoke(r.createCase, { principal: ghost, body: applicationBody('H-370302-0404') });
    expectProblem(res, 400, ['body.householdId']);
  });

  it('an application with several bad fields lists each of them', async () => {
    const body = {
      ...applicationBody(OWN_HOUSEHOLD),
      parcelIds: [],
      consents: [{ memberId: 'm1', consented: false, signedAt: 'yesterday' }],
      declarations: { voluntary: false },
    };
    const res = await invoke(r.createCase, { principal: applicant, body });
    expectProblem(res, 400, [
      'body.parcelIds',
      'body.consents.0.consented',
      'body.consents.0.signedAt',
      'body.declarations.voluntary',
    ]);
  });

  it('a partial contract-land exit must name its plots', async () => {
    const { plotIds: _plots, ...body } = applicationBody(OWN_HOUSEHOLD, 'contract_land_exit');
    const res = await invoke(r.createCase, { principal: applicant, body });
    expectProblem(res, 400, ['body.plotIds']);
  });

  it('a body that is not JSON is a 400, not a 500', async () => {
    const res = await invoke(r.createCase, { principal: applicant, body: '{"type": "homestead_exit",' });
    expectProblem(res, 400, ['body']);
  });
});

describe('submitting', () => {
  it('a draft is submitted and its workflow started; a repeat re-issues the same start', async () => {
    const { caseId } = await seedCase();
    const res = await invoke(r.submitCase, { principal: applicant, pathParameters: { caseId } });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toEqual({ caseId, status: 'submitted' });
    expect(doubles.workflow.started).toEqual([{ executionName: caseId, input: { caseId } }]);
    expect(doubles.events.ofCase(caseId)).toEqual([
      expect.objectContaining({ type: 'CaseSubmitted', fromStatus: 'draft', toStatus: 'submitted' }),
    ]);
    const stored = await readCase(caseId);
    expect(stored?.case.submittedAt).toEqual(expect.any(String));

    const again = await invoke(r.submitCase, { principal: applicant, pathParameters: { caseId }, body: {} });
    expect(again.status).toBe(202);
    expect(doubles.workflow.started.map((s) => s.executionName)).toEqual([caseId, caseId]);
    // no second transition, no second event
    expect(doubles.events.ofCase(caseId)).toHaveLength(1);
    expect((await readCase(caseId))?.case.version).toBe(stored?.case.version);
  });

  it('a returned case is resubmitted into its waiting step', async () => {
    const { caseId, token } = await seedCase({ status: 'returned', token: true });
    const res = await invoke(r.submitCase, { principal: applicant, pathParameters: { caseId } });
    expect(res.status, res.text).toBe(202);
    expect(res.json.status).toBe('resubmitted');
    expect(doubles.workflow.resumed).toEqual([{ token: token?.token, output: { outcome: 'resubmitted' } }]);
    expect((await readCase(caseId))?.pendingToken).toBeUndefined();
  });

  it('a returned case whose step is not yet waiting is a conflict', async () => {
    const { caseId } = await seedCase({ status: 'returned' });
    expectProblem(await invoke(r.submitCase, { principal: applicant, pathParameters: { caseId } }), 409);
    expect(doubles.workflow.started).toEqual([]);
  });

  it('a withdrawn case cannot be submitted', async () => {
    const { caseId } = await seedCase({ status: 'withdrawn' });
    expectProblem(await invoke(r.submitCase, { principal: applicant, pathParameters: { caseId } }), 409);
  });

  it('submit takes no fields', async () => {
    const { caseId } = await seedCase();
    const res = await invoke(r.submitCase, {
      principal: applicant,
      pathParameters: { caseId },
      body: { force: true },
    });
    expectProblem(res, 400, ['body.force']);
  });
});

describe('withdrawing', () => {
  it('a draft is withdrawn', async () => {
    const { caseId } = await seedCase();
    const res = await invoke(r.withdrawCase, { principal: applicant, pathParameters: { caseId } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: 'withdrawn' });
    expect(doubles.events.ofCase(caseId, 'CaseWithdrawn')).toHaveLength(1);
    expect(doubles.workflow.resumed).toEqual([]);
  });

  it('a waiting step is resumed with "withdrawn" so the execution ends', async () => {
    const { caseId, token } = await seedCase({ status: 'offers', token: true });
    const res = await invoke(r.withdrawCase, { principal: applicant, pathParameters: { caseId } });
    expect(res.status, res.text).toBe(200);
    expect(doubles.workflow.resumed).toEqual([{ token: token?.token, output: { outcome: 'withdrawn' } }]);
    const stored = await readCase(caseId);
    expect(stored?.case.status).toBe('withdrawn');
    expect(stored?.pendingToken).toBeUndefined();
  });

  it('withdrawing again answers the same', async () => {
    const { caseId } = await seedCase({ status: 'withdrawn' });
    const res = await invoke(r.withdrawCase, { principal: applicant, pathParameters: { caseId } });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe('withdrawn');
  });

  it.each(['agreement_signed', 'fund_review', 'disbursed', 'closed'] as const)(
    'after the agreement (%s) it is a conflict',
    async (status) => {
      const { caseId } = await seedCase({ status });
      expectProblem(await invoke(r.withdrawCase, { principal: applicant, pathParameters: { caseId } }), 409);
      expect((await readCase(caseId))?.case.status).toBe(status);
    },
  );
});

describe('objections during the public notice', () => {
  it('the case view tells when the notice ends: its start plus the notice days of the case parameters', async () => {
    const { caseId, case: c } = await seedCase({ status: 'public_notice' });
    const view = await invoke(r.getCase, { principal: principals.reviewer, pathParameters: { caseId } });
    expect(view.status, view.text).toBe(200);
    const start = Date.parse(c.timeline.at(-1)?.at ?? '');
    // the illustrative parameters of DOMAIN.md: a 7-day notice
    expect(view.json.noticeEndsAt).toBe(new Date(start + 7 * 86_400_000).toISOString());

    const { caseId: inReview } = await seedCase({ status: 'village_review' });
    const other = await invoke(r.getCase, { principal: applicant, pathParameters: { caseId: inReview } });
    expect(other.json.noticeEndsAt).toBeUndefined();
  });

  it('anyone signed in objects during the notice; the objection stays open for the workflow', async () => {
    const { caseId } = await seedCase({ status: 'public_notice' });
    const villager: TestPrincipal = {
      sub: 'villager-1',
      groups: ['applicant'],
      householdId: 'H-370302-0777',
    };
    const res = await invoke(r.createObjection, {
      principal: villager,
      pathParameters: { caseId },
      body: { text: '该宅基地存在权属争议' },
    });
    expect(res.status, res.text).toBe(201);
    const stored = await readCase(caseId);
    expect(stored?.case.status).toBe('public_notice');
    // beside the case, not inside it (issue 16): the case keeps the count and the id not yet heard
    expect(stored?.case.objections).toEqual([]);
    expect(stored?.case.objectionCount).toBe(1);
    expect(stored?.case.openObjectionIds).toEqual([res.json.objectionId]);
    const view = await invoke(r.getCase, { principal: principals.reviewer, pathParameters: { caseId } });
    expect(view.json.objections).toEqual([
      expect.objectContaining({
        objectionId: res.json.objectionId,
        text: '该宅基地存在权属争议',
        by: 'villager-1',
        resolved: false,
      }),
    ]);
  });

  it('outside the notice it is a conflict for those who may read the case, and no case at all for others', async () => {
    const { caseId } = await seedCase({ status: 'village_review' });
    const own = await invoke(r.createObjection, {
      principal: applicant,
      pathParameters: { caseId },
      body: { text: '异议' },
    });
    expectProblem(own, 409);
    expect(own.json.caseStatus).toBe('village_review');
    const other = await invoke(r.createObjection, {
      principal: principals.otherApplicant,
      pathParameters: { caseId },
      body: { text: '异议' },
    });
    expectProblem(other, 404);
    expect(other.json.caseStatus).toBeUndefined();
  });

  it('an empty objection is refused', async () => {
    const { caseId } = await seedCase({ status: 'public_notice' });
    const res = await invoke(r.createObjection, {
      principal: applicant,
      pathParameters: { caseId },
      body: { text: '   ' },
    });
    expectProblem(res, 400, ['body.text']);
  });
});

describe('appeals', () => {
  it('a village rejection is appealed once: back to village review, a new execution there', async () => {
    // on a parcel no other case holds: this file's other cases of the household hold P1 (one closed), and
    // an appeal that would reopen P1 is refused (test/workflow/landClaims.test.ts)
    const application = { ...applicationBody(OWN_HOUSEHOLD), parcelIds: ['P-APPEAL'] };
    const { caseId } = await seedCase({ status: 'rejected', patch: { application } });
    const res = await invoke(r.appealCase, {
      principal: applicant,
      pathParameters: { caseId },
      body: { text: '村民代表会议未达法定人数' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ caseId, status: 'village_review' });
    expect(doubles.workflow.started).toEqual([
      { executionName: expect.stringContaining(caseId), input: { caseId, resumeFrom: 'village_review' } },
    ]);
    expect(doubles.events.ofCase(caseId, 'CaseAppealed')).toHaveLength(1);
  });

  it('a rejection already appealed cannot be appealed again', async () => {
    const { caseId } = await seedCase({
      status: 'rejected',
      patch: {
        appeals: [
          { stage: 'village_review', text: '第一次申诉', at: '2025-06-01T00:00:00Z', actor: applicant.sub },
        ],
      },
    });
    const res = await invoke(r.appealCase, {
      principal: applicant,
      pathParameters: { caseId },
      body: { text: '再次申诉' },
    });
    expectProblem(res, 409);
    expect(doubles.workflow.started).toEqual([]);
  });

  it('a fund rejection is appealed into a fresh advance request, with no approvals carried over', async () => {
    const signed = await seedCase({ status: 'fund_review' });
    const agreement = (await readCase(signed.caseId))?.case.agreement;
    expect(agreement).toBeDefined();
    const { caseId } = await seedCase({
      status: 'rejected',
      patch: {
        rejectedAt: 'fund_review',
        ...(agreement ? { agreement } : {}),
        advance: {
          status: 'rejected',
          amountFen: agreement?.payableFen ?? 0,
          requiredApprovals: 1,
          approvals: [{ adminId: 'fa-1', decision: 'reject', note: '材料不全', at: '2025-06-01T00:00:00Z' }],
          rejectionReason: '材料不全',
        },
      },
    });
    const res = await invoke(r.appealCase, {
      principal: applicant,
      pathParameters: { caseId },
      body: { text: '材料已补齐' },
    });
    expect(res.status, res.text).toBe(201);
    const after = (await readCase(caseId))?.case;
    expect(after?.status).toBe('fund_review');
    expect(after?.advance).toMatchObject({
      status: 'pending_approval',
      approvals: [],
      amountFen: agreement?.payableFen,
    });
    expect(doubles.workflow.started).toEqual([
      { executionName: expect.stringContaining(caseId), input: { caseId, resumeFrom: 'fund_review' } },
    ]);
  });

  it('a case that was not rejected cannot be appealed', async () => {
    const { caseId } = await seedCase({ status: 'public_notice' });
    const res = await invoke(r.appealCase, {
      principal: applicant,
      pathParameters: { caseId },
      body: { text: '申诉' },
    });
    expectProblem(res, 409);
  });
});

describe('choosing a resettlement option (the signature)', () => {
  // Every case seeded here exits P1 of the same household, and a signature claims its land for good: the
  // claim an earlier test's signature took is cleared so that each test signs afresh. Claims themselves
  // are tested in test/workflow/landClaims.test.ts and in the refusal below.
  beforeEach(async () => {
    await documentClient().send(
      new DeleteCommand({ TableName: TABLE_NAME, Key: keys.landClaim(OWN_HOUSEHOLD, 'parcel', 'P1') }),
    );
  });

  it('a signature on land another case already holds is refused, and the case stays in offers', async () => {
    const { caseId, token } = await seedCase({ status: 'offers', token: true });
    await documentClient().send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: claimItem(
          OWN_HOUSEHOLD,
          { kind: 'parcel', id: 'P1' },
          'C-20250101-OTHER',
          new Date().toISOString(),
        ),
      }),
    );
    const res = await invoke(r.chooseResettlement, {
      principal: applicant,
      pathParameters: { caseId },
      body: { option: 'cash' },
    });
    expectProblem(res, 409);
    expect(res.json.heldBy).toEqual([
      { kind: 'parcel', id: 'P1', caseId: 'C-20250101-OTHER', exited: false },
    ]);
    expect(res.json.detail).toContain('C-20250101-OTHER');
    const stored = await readCase(caseId);
    expect(stored?.case.status).toBe('offers');
    expect(stored?.case.agreement).toBeUndefined();
    expect(stored?.pendingToken?.token).toBe(token?.token);
    expect(doubles.workflow.resumed).toEqual([]);
  });

  it('signs the agreement, stores its document and resumes the choice step', async () => {
    const { caseId, token, case: c } = await seedCase({ status: 'offers', token: true });
    const res = await invoke(r.chooseResettlement, {
      principal: applicant,
      pathParameters: { caseId },
      body: { option: 'cash' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.agreementId).toEqual(expect.any(String));
    const cash = c.offers.find((o) => o.option === 'cash');
    expect(res.json.agreement).toMatchObject({ option: 'cash', amountFen: cash?.amountFen });
    expect(doubles.workflow.resumed).toEqual([{ token: token?.token, output: { outcome: 'chosen' } }]);

    const stored = await readCase(caseId);
    expect(stored?.case.status).toBe('agreement_signed');
    expect(stored?.pendingToken).toBeUndefined();
    // the machine record beside the agreement PDF (docs/documents.md)
    const key = stored?.case.agreement?.recordKey;
    expect(stored?.case.agreement?.documentKey).toMatch(/^cases\/.+\/agreements\/[0-9a-f]{64}\.pdf$/);
    const object = await env.s3.send(new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: key }));
    const document = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    expect(document.agreement.agreementId).toBe(res.json.agreementId);
    // the agreement surrenders only what the case is about
    expect(document.agreement.surrendered).toEqual([{ right: 'homestead_use', items: ['P1'] }]);

    const view = await invoke(r.getCase, { principal: applicant, pathParameters: { caseId } });
    expect(view.json.agreement).toMatchObject({
      agreementId: res.json.agreementId,
      option: 'cash',
      amountFen: cash?.amountFen,
      signedAt: expect.any(String),
      documentKey: stored?.case.agreement?.documentKey,
      sha256: stored?.case.agreement?.sha256,
    });
  });

  it('two racing choices sign once, and the stored document says what the winning choice signed', async () => {
    const { caseId } = await seedCase({ status: 'offers', token: true });
    const [a, b] = await Promise.all(
      (['cash', 'urban_housing'] as const).map((option) =>
        invoke(r.chooseResettlement, { principal: applicant, pathParameters: { caseId }, body: { option } }),
      ),
    );
    expect([a?.status, b?.status].sort()).toEqual([200, 409]);
    const stored = await readCase(caseId);
    const agreement = stored?.case.agreement;
    const object = await env.s3.send(
      new GetObjectCommand({ Bucket: DOCUMENTS_BUCKET, Key: agreement?.recordKey }),
    );
    const document = JSON.parse((await object.Body?.transformToString()) ?? '{}');
    expect(document.agreement.option).toBe(agreement?.option);
    expect(document.agreement.amountFen).toBe(agreement?.amountFen);
    expect(doubles.workflow.resumed).toHaveLength(1);
  });

  it('an option that is not offered is refused, naming the field', async () => {
    const { caseId } = await seedCase({ status: 'offers', token: true, type: 'contract_land_exit' });
    const res = await invoke(r.chooseResettlement, {
      principal: applicant,
      pathParameters: { caseId },
      body: { option: 'urban_housing' },
    });
    expectProblem(res, 400, ['body.option']);
  });

  it('offers whose choice step is not yet waiting are a conflict', async () => {
    const { caseId } = await seedCase({ status: 'offers' });
    const res = await invoke(r.chooseResettlement, {
      principal: applicant,
      pathParameters: { caseId },
      body: { option: 'cash' },
    });
    expectProblem(res, 409);
  });
});

describe('lists', () => {
  it('each role lists exactly its own slice', async () => {
    const own = await seedCase({ household: 'own', status: 'village_review' });
    const other = await seedCase({ household: 'other', status: 'village_review' });
    const ownFund = await seedCase({ household: 'own', status: 'fund_review' });
    const otherFund = await seedCase({ household: 'other', status: 'fund_review' });

    async function listed(principal: TestPrincipal, query: Record<string, string> = {}) {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await invoke(r.listCases, {
          principal,
          query: { ...query, limit: '100', ...(cursor ? { cursor } : {}) },
        });
        expect(res.status, res.text).toBe(200);
        ids.push(...res.json.items.map((i: { caseId: string }) => i.caseId));
        cursor = res.json.nextCursor;
      } while (cursor);
      return ids;
    }

    const mine = await listed(applicant);
    expect(mine).toEqual(expect.arrayContaining([own.caseId, ownFund.caseId]));
    expect(mine).not.toContain(other.caseId);

    const theirs = await listed(principals.otherApplicant);
    expect(theirs).toContain(other.caseId);
    expect(theirs).not.toContain(own.caseId);

    const village = await listed(principals.reviewer, { status: 'village_review' });
    expect(village).toContain(own.caseId);
    expect(village).not.toContain(other.caseId);
    expect(village).not.toContain(ownFund.caseId);

    const district = await listed(principals.auditor);
    expect(district).toEqual(expect.arrayContaining([own.caseId, ownFund.caseId]));
    expect(district).not.toContain(other.caseId);
    expect(await listed(principals.otherAuditor)).toContain(otherFund.caseId);

    const queue = await listed(principals.fundAdmin);
    expect(queue).toContain(ownFund.caseId);
    expect(queue).not.toContain(otherFund.caseId);
    expect(queue).not.toContain(own.caseId);

    // the registrar (wave 2) lists the certificates to cancel of one district, which it must name
    const unnamed = await invoke(r.listCases, { principal: principals.registrar });
    expectProblem(unnamed, 400);
    const cancelling = await seedCase({ status: 'cancelling' });
    const registrarQueue = await invoke(r.listCases, {
      principal: principals.registrar,
      query: { district: OWN_DISTRICT, status: 'cancelling' },
    });
    expect(registrarQueue.status, registrarQueue.text).toBe(200);
    const ids = registrarQueue.json.items.map((i: { caseId: string; status: string }) => i.caseId);
    expect(ids).toContain(cancelling.caseId);
    expect(ids).not.toContain(own.caseId);
  });

  it('pages with a cursor through a status, without repeats', async () => {
    const seeded = await Promise.all([1, 2, 3, 4, 5].map(() => seedCase({ status: 'returned' })));
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const res = await invoke(r.listCases, {
        principal: principals.reviewer,
        query: { status: 'returned', limit: '2', ...(cursor ? { cursor } : {}) },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(2);
      for (const item of res.json.items) expect(item.status).toBe('returned');
      pages.push(res.json.items.map((i: { caseId: string }) => i.caseId));
      cursor = res.json.nextCursor;
    } while (cursor);
    const all = pages.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(seeded.map((s) => s.caseId)));
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['not a cursor at all', { cursor: '%%%' }, 'query.cursor'],
    [
      'a cursor naming other keys',
      { cursor: Buffer.from('{"PK":"HOUSEHOLD#x"}').toString('base64url') },
      'query.cursor',
    ],
    ['a limit of 0', { limit: '0' }, 'query.limit'],
    ['a limit of 1000', { limit: '1000' }, 'query.limit'],
    ['an unknown status', { status: 'lost' }, 'query.status'],
  ])('%s is a 400 naming the parameter', async (_, query, field) => {
    const res = await invoke(r.listCases, { principal: principals.reviewer, query });
    expectProblem(res, 400, [field]);
  });
});

describe('policy parameters', () => {
  it('the version in force for a district', async () => {
    const res = await invoke(r.getPolicyParameters, {
      principal: principals.reviewer,
      query: { district: OTHER_DISTRICT },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ districtCode: OTHER_DISTRICT, version: `${OTHER_DISTRICT}-2020-01` });
  });

  it("without a district, the caller's own (an applicant's through the household)", async () => {
    const res = await invoke(r.getPolicyParameters, { principal: applicant });
    expect(res.status, res.text).toBe(200);
    expect(res.json.districtCode).toBe(OWN_DISTRICT);
  });

  it('an unknown district is a 400 naming it; no district and none of the own is a 400 too', async () => {
    expectProblem(
      await invoke(r.getPolicyParameters, { principal: applicant, query: { district: '110101' } }),
      400,
      ['query.district'],
    );
    expectProblem(await invoke(r.getPolicyParameters, { principal: principals.registrar }), 400, [
      'query.district',
    ]);
  });
});

describe('without java', () => {
  // the run's DynamoDB Local (test/support/sharedDynamo.ts) and the local runtime's start it this way
  it('starting DynamoDB Local fails at once, saying how to install it', async () => {
    const emptyBin = await mkdtemp(join(tmpdir(), 'no-java-'));
    const path = process.env.PATH;
    process.env.PATH = emptyBin;
    const started = Date.now();
    try {
      await expect(startDynamoLocal({})).rejects.toThrow(/apt-get install -y openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = path;
      await rm(emptyBin, { recursive: true, force: true });
    }
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('notifications inbox (GET /notifications, an extension of API.md)', () => {
  const notice = (recipient: string, id: string, at: string) => ({
    notificationId: id,
    recipient,
    at,
    eventType: 'ReviewDecided' as const,
    caseId: 'C-20250601-00000001',
    titleZh: '村集体已作出审核决定',
    titleEn: 'The village has decided',
    bodyZh: '',
    bodyEn: '',
  });

  it('each caller reads only their own inbox, newest first', async () => {
    await putInboxItem(notice(recipients.household(OWN_HOUSEHOLD), 'n-own-1', '2025-06-01T01:00:00.000Z'));
    await putInboxItem(notice(recipients.household(OWN_HOUSEHOLD), 'n-own-2', '2025-06-02T01:00:00.000Z'));
    await putInboxItem(notice(recipients.household(OTHER_HOUSEHOLD), 'n-other', '2025-06-03T01:00:00.000Z'));
    await putInboxItem(notice(recipients.village(OWN_VILLAGE), 'n-village', '2025-06-03T01:00:00.000Z'));
    // the cases of the tests above wrote their own notices with them (issue 17: inbox items are written
    // in the case's transaction), so only this test's items are compared
    const ours = (items: { notificationId: string }[]) =>
      items.map((i) => i.notificationId).filter((id) => id.startsWith('n-'));
    const own = await invoke(r.listNotifications, { principal: principals.applicant });
    expect(own.status, own.text).toBe(200);
    expect(ours(own.json.items)).toEqual(['n-own-2', 'n-own-1']);
    const reviewer = await invoke(r.listNotifications, { principal: principals.reviewer });
    expect(ours(reviewer.json.items)).toEqual(['n-village']);
  });

  it('every role has an inbox (wave 2: the land officers and the registrars too); no token, none', async () => {
    const res = await invoke(r.listNotifications, { principal: principals.registrar });
    expect(res.status, res.text).toBe(200);
    expectProblem(await invoke(r.listNotifications, {}), 401);
  });
});

/** Issue 18: case numbers a person can read out, allocated atomically at filing; names on the view and summaries. */
const namedApplicant: TestPrincipal = { ...principals.applicant, name: '张三' };

describe('case numbers', () => {
  it('are dated by the Zibo calendar: 02:00 on 6 December in Zibo is a case of 1206', () => {
    expect(caseNumberDay('2026-12-05T18:00:00.000Z')).toBe('20261206');
    expect(caseNumberDay('2026-12-05T15:59:59.999Z')).toBe('20261205');
  });

  it('count per district and Zibo day, digits only', async () => {
    const at = '2031-03-01T17:30:00.000Z'; // 01:30 on 2 March in Zibo
    expect(await allocateCaseNumber(OWN_DISTRICT, at)).toBe(`${OWN_DISTRICT}-20310302-0001`);
    expect(await allocateCaseNumber(OWN_DISTRICT, at)).toBe(`${OWN_DISTRICT}-20310302-0002`);
    expect(await allocateCaseNumber(OTHER_DISTRICT, at)).toBe(`${OTHER_DISTRICT}-20310302-0001`);
    expect(await allocateCaseNumber(OWN_DISTRICT, '2031-03-02T16:00:00.000Z')).toBe(
      `${OWN_DISTRICT}-20310303-0001`,
    );
  });

  it('never hand the same number to filings at the same moment', async () => {
    const at = '2031-04-01T02:00:00.000Z';
    const numbers = await Promise.all(Array.from({ length: 12 }, () => allocateCaseNumber(OWN_DISTRICT, at)));
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.map((n) => Number(n.slice(-4))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('concurrent filings through the API get distinct numbers, each pointing at its own case', async () => {
    const created = await Promise.all(
      Array.from({ length: 4 }, () =>
        invoke(r.createCase, { principal: namedApplicant, body: applicationBody(OWN_HOUSEHOLD) }),
      ),
    );
    for (const c of created) expect(c.status, c.text).toBe(201);
    const numbers = created.map((c) => c.json.caseNumber as string);
    expect(new Set(numbers).size).toBe(4);
    const today = chinaDate(new Date().toISOString()).replaceAll('-', '');
    for (const [i, n] of numbers.entries()) {
      expect(n).toMatch(new RegExp(`^${OWN_DISTRICT}-(${today}|\\d{8})-\\d{4}$`));
      expect(await caseIdOfNumber(n)).toBe(created[i]?.json.caseId);
    }
  });
});

describe('names and the case number on the case view and the summaries', () => {
  it('come from the registry at filing, and the timeline names the person who wrote', async () => {
    const created = await invoke(r.createCase, {
      principal: namedApplicant,
      body: applicationBody(OWN_HOUSEHOLD),
    });
    expect(created.status, created.text).toBe(201);
    const { caseId, caseNumber } = created.json;
    const view = await invoke(r.getCase, { principal: namedApplicant, pathParameters: { caseId } });
    expect(view.status, view.text).toBe(200);
    expect(view.json).toMatchObject({
      caseId,
      caseNumber,
      householdHeadName: '张三',
      villageName: '西河村',
      townName: '西河镇',
      memberNames: [
        { memberId: 'm1', name: '张三' },
        { memberId: 'm2', name: '李四' },
      ],
    });
    expect(view.json.application.consents.map((c: { name?: string }) => c.name)).toEqual(['张三', '李四']);
    expect(view.json.timeline[0]).toMatchObject({ actor: namedApplicant.sub, actorName: '张三' });

    const list = await invoke(r.listCases, { principal: namedApplicant, query: { limit: '100' } });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.find((s: { caseId: string }) => s.caseId === caseId)).toMatchObject({
      caseNumber,
      householdHeadName: '张三',
      villageName: '西河村',
      townName: '西河镇',
    });
  });

  it('the objection form may name the case by its number', async () => {
    const created = await invoke(r.createCase, {
      principal: namedApplicant,
      body: applicationBody(OWN_HOUSEHOLD),
    });
    const { caseNumber } = created.json;
    // a draft takes no objection: its household (who may read it) is told why, by the number too
    const answer = await invoke(r.createObjection, {
      principal: namedApplicant,
      pathParameters: { caseId: caseNumber },
      body: { text: '该户房屋不在本村' },
    });
    expectProblem(answer, 409);
    const unknown = await invoke(r.createObjection, {
      principal: namedApplicant,
      pathParameters: { caseId: `${OWN_DISTRICT}-20000101-0001` },
      body: { text: '该户房屋不在本村' },
    });
    expectProblem(unknown, 404);
  });
});
