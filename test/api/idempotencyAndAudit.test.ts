import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { caseAuditTrail, getCase as readCase } from '../../shared/adapters/table/caseRepository.js';
import type { RouteId } from '../../shared/auth/authorization.js';
import { listDocuments } from '../../shared/documents/documentStore.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import {
  expectProblem,
  type InvokeResult,
  invoke,
  loadRoute,
  loadRoutes,
  type RouteModule,
  TABLE_NAME,
  type TestPrincipal,
  useApiEnvironment,
} from '../support/api.js';
import {
  applicationBody,
  type Doubles,
  householdRecord,
  installDoubles,
  OWN_VILLAGE,
  principals,
  reviewerOfOwnVillage,
  type SeedCaseOptions,
  seedCase,
  seedRegistry,
  VILLAGES,
} from '../support/seed.js';

/**
 * Idempotency-Key (same key and body → the first answer; another body → 409) and the audit trail
 * (every write appends one entry with actor, time, action, status before and after, and reason; no
 * entry is ever changed, and a refused write appends nothing).
 */
useApiEnvironment();
const r = await loadRoutes(
  'createCase',
  'reviewCase',
  'withdrawCase',
  'createDocument',
  'putVillage',
  'putHousehold',
  'listCases',
);
const fund = {
  decideAdvance: await loadRoute('decideAdvance'),
  createReplenishment: await loadRoute('createReplenishment'),
  getLedger: await loadRoute('getLedger'),
};

let doubles: Doubles;
beforeAll(async () => {
  await seedRegistry();
});
beforeEach(() => {
  doubles = installDoubles();
});

const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };
const key = (name: string) => ({ 'Idempotency-Key': `${name}-${Math.random().toString(36).slice(2)}` });

describe('Idempotency-Key', () => {
  it('the same key and body answer the first answer; only one case is created', async () => {
    const headers = key('create');
    const body = applicationBody('H-370302-0001');
    const first = await invoke(r.createCase, { principal: principals.applicant, body, headers });
    const second = await invoke(r.createCase, { principal: principals.applicant, body, headers });
    expect(first.status, first.text).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(doubles.events.published.filter((e) => e.type === 'CaseCreated')).toHaveLength(1);
    expect(await caseAuditTrail(first.json.caseId)).toHaveLength(1);
  });

  it('the same key with another body is a 409', async () => {
    const headers = key('create');
    const first = await invoke(r.createCase, {
      principal: principals.applicant,
      body: applicationBody('H-370302-0001'),
      headers,
    });
    expect(first.status).toBe(201);
    const other = await invoke(r.createCase, {
      principal: principals.applicant,
      body: applicationBody('H-370302-0001', 'contract_land_exit'),
      headers,
    });
    expectProblem(other, 409);
    expect(other.json.detail).toMatch(/Idempotency-Key/);
    expect(doubles.events.published.filter((e) => e.type === 'CaseCreated')).toHaveLength(1);
  });

  it('keys belong to their caller: two users with the same key do not meet', async () => {
    const headers = key('shared');
    const a = await invoke(r.createCase, {
      principal: principals.applicant,
      body: applicationBody('H-370302-0001'),
      headers,
    });
    const b = await invoke(r.createCase, {
      principal: principals.otherApplicant,
      body: applicationBody('H-370303-0002'),
      headers,
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json.caseId).not.toBe(b.json.caseId);
    // each request did its own work: the case is the caller's, made from the caller's body
    expect((await readCase(a.json.caseId))?.case.householdId).toBe('H-370302-0001');
    expect((await readCase(b.json.caseId))?.case.householdId).toBe('H-370303-0002');
  });

  it('keys belong to their resource: the same key on two cases does two things', async () => {
    const headers = key('doc');
    const body = { kind: 'id_card', contentType: 'application/pdf', sizeBytes: 100 };
    const one = await seedCase();
    const two = await seedCase();
    const a = await invoke(r.createDocument, {
      principal: principals.applicant,
      pathParameters: { caseId: one.caseId },
      body,
      headers,
    });
    const b = await invoke(r.createDocument, {
      principal: principals.applicant,
      pathParameters: { caseId: two.caseId },
      body,
      headers,
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json.documentId).not.toBe(b.json.documentId);
    expect((await listDocuments(one.caseId)).map((d) => d.documentId)).toEqual([a.json.documentId]);
    expect((await listDocuments(two.caseId)).map((d) => d.documentId)).toEqual([b.json.documentId]);
  });

  it('a repeated review decision answers the first answer, though the case has moved on', async () => {
    const { caseId, token } = await seedCase({ status: 'village_review', token: true });
    const headers = key('review');
    const body = { decision: 'approve', reasons: [], resolution: RESOLUTION };
    const first = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body,
      headers,
    });
    const again = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body,
      headers,
    });
    expect(first.status, first.text).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(doubles.workflow.resumed).toEqual([{ token: token?.token, output: { outcome: 'approved' } }]);
    expect(doubles.events.ofCase(caseId, 'ReviewDecided')).toHaveLength(1);

    // without the key, the same call is what it is: a decision on a case no longer in review
    const plain = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body,
    });
    expect(plain.status).toBe(409);
    const changed = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { ...body, decision: 'reject', reasons: ['改主意了'] },
      headers,
    });
    expectProblem(changed, 409);
  });

  it('a refusal is not remembered: once the cause is fixed, the same key and body go through', async () => {
    const householdId = 'H-370302-0042';
    const late: TestPrincipal = { sub: 'applicant-late', groups: ['applicant'], householdId };
    const headers = key('late');
    const body = applicationBody(householdId);
    const refused = await invoke(r.createCase, { principal: late, body, headers });
    expectProblem(refused, 400, ['body.householdId']);

    const registered = await invoke(r.putHousehold, {
      principal: principals.registrar,
      pathParameters: { householdId },
      body: householdRecord(householdId, OWN_VILLAGE),
    });
    expect(registered.status, registered.text).toBe(200);
    const accepted = await invoke(r.createCase, { principal: late, body, headers });
    expect(accepted.status, accepted.text).toBe(201);
  });

  it('two identical requests at once create one case', async () => {
    const headers = key('race');
    const body = applicationBody('H-370302-0001');
    const before = doubles.events.published.length;
    const results = await Promise.all(
      [1, 2, 3].map(() => invoke(r.createCase, { principal: principals.applicant, body, headers })),
    );
    const created = results.filter((x) => x.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const x of results) expect([201, 409], x.text).toContain(x.status);
    expect(new Set(created.map((x) => x.json.caseId)).size).toBe(1);
    expect(doubles.events.published.slice(before).filter((e) => e.type === 'CaseCreated')).toHaveLength(1);
  });

  it('a key longer than 200 characters is refused, naming the header', async () => {
    const res = await invoke(r.createCase, {
      principal: principals.applicant,
      body: applicationBody('H-370302-0001'),
      headers: { 'Idempotency-Key': 'k'.repeat(201) },
    });
    expectProblem(res, 400, ['headers.idempotency-key']);
  });
});

// ---------------------------------------------------------------------------------------------------

interface WriteScenario {
  name: string;
  route: RouteId;
  seed: SeedCaseOptions;
  principal: TestPrincipal;
  body?: unknown;
  action: string | RegExp;
  from?: CaseStatus;
  to?: CaseStatus;
  reason?: string | RegExp;
}

/**
 * The appeal reopens a village rejection on a parcel no other case holds: this file's other cases of the
 * household hold P1 (some past the agreement), and reopening P1 would rightly be refused (409).
 */
const APPEAL_ON_FREE_PARCEL = { ...applicationBody('H-370302-0001'), parcelIds: ['P-APPEAL'] };

const WRITES: WriteScenario[] = [
  {
    name: 'submit',
    route: 'submitCase',
    seed: { status: 'draft' },
    principal: principals.applicant,
    action: 'case.submitted',
    from: 'draft',
    to: 'submitted',
  },
  {
    name: 'resubmit',
    route: 'submitCase',
    seed: { status: 'returned', token: true },
    principal: principals.applicant,
    action: 'case.resubmitted',
    from: 'returned',
    to: 'resubmitted',
  },
  {
    name: 'withdraw',
    route: 'withdrawCase',
    seed: { status: 'village_review', token: true },
    principal: principals.applicant,
    action: 'case.withdrawn',
    from: 'village_review',
    to: 'withdrawn',
    reason: /withdrawn/,
  },
  {
    name: 'approve',
    route: 'reviewCase',
    seed: { status: 'village_review', token: true },
    principal: principals.reviewer,
    body: { decision: 'approve', reasons: ['材料齐全，表决通过'], resolution: RESOLUTION },
    action: 'review.approve',
    from: 'village_review',
    to: 'public_notice',
    reason: '材料齐全，表决通过',
  },
  {
    name: 'reject',
    route: 'reviewCase',
    seed: { status: 'village_review', token: true },
    principal: principals.reviewer,
    body: { decision: 'reject', reasons: ['一户多宅，权属不清'], resolution: RESOLUTION },
    action: 'review.reject',
    from: 'village_review',
    to: 'rejected',
    reason: '一户多宅，权属不清',
  },
  {
    name: 'return',
    route: 'reviewCase',
    seed: { status: 'village_review', token: true },
    principal: principals.reviewer,
    body: { decision: 'return', reasons: ['缺少户口簿'], resolution: RESOLUTION },
    action: 'review.return',
    from: 'village_review',
    to: 'returned',
    reason: '缺少户口簿',
  },
  {
    name: 'objection',
    route: 'createObjection',
    seed: { status: 'public_notice' },
    principal: principals.otherApplicant,
    body: { text: '该房屋有继承纠纷' },
    action: 'objection.raised',
    from: 'public_notice',
    to: 'public_notice',
    reason: '该房屋有继承纠纷',
  },
  {
    name: 'appeal',
    route: 'appealCase',
    seed: { status: 'rejected', patch: { application: APPEAL_ON_FREE_PARCEL } },
    principal: principals.applicant,
    body: { text: '会议程序违法' },
    action: 'case.appealed',
    from: 'rejected',
    to: 'village_review',
    reason: '会议程序违法',
  },
  {
    name: 'resettlement choice',
    route: 'chooseResettlement',
    seed: { status: 'offers', token: true },
    principal: principals.applicant,
    body: { option: 'cash' },
    action: 'agreement.signed',
    from: 'offers',
    to: 'agreement_signed',
  },
  {
    name: 'document request',
    route: 'createDocument',
    seed: { status: 'draft' },
    principal: principals.applicant,
    body: { kind: 'hukou', contentType: 'image/png', sizeBytes: 5000 },
    action: 'document.requested',
  },
  {
    name: 'advance decision',
    route: 'decideAdvance',
    seed: { status: 'fund_review', token: true },
    principal: principals.fundAdmin,
    body: { decision: 'approve', note: '资料齐全，同意垫付' },
    action: 'advance.approve',
    from: 'fund_review',
    reason: '资料齐全，同意垫付',
  },
];

function expectRecent(at: string, since: number): void {
  expect(new Date(at).toISOString()).toBe(at);
  expect(Date.parse(at)).toBeGreaterThanOrEqual(since - 1_000);
  expect(Date.parse(at)).toBeLessThanOrEqual(Date.now() + 1_000);
}

describe('the audit trail', () => {
  it('creating a case writes its first entry', async () => {
    const since = Date.now();
    const res = await invoke(r.createCase, {
      principal: principals.applicant,
      body: applicationBody('H-370302-0001'),
    });
    expect(res.status).toBe(201);
    const trail = await caseAuditTrail(res.json.caseId);
    expect(trail).toEqual([
      expect.objectContaining({ actor: principals.applicant.sub, action: 'case.created', toStatus: 'draft' }),
    ]);
    expectRecent(trail[0]?.at ?? '', since);
  });

  for (const w of WRITES) {
    it(`${w.name}: one entry appended with actor, time, action, statuses and reason; nothing before it changed`, async () => {
      const mod: RouteModule | undefined = await loadRoute(w.route);
      if (!mod) throw new Error(`functions/api/${w.route}.ts does not exist`);
      const { caseId } = await seedCase(w.seed);
      const before = await caseAuditTrail(caseId);
      const since = Date.now();
      const res = await invoke(mod, {
        principal: w.principal,
        pathParameters: { caseId },
        ...(w.body === undefined ? {} : { body: w.body }),
      });
      expect(res.status, res.text).toBeLessThan(300);

      const after = await caseAuditTrail(caseId);
      expect(after.slice(0, before.length)).toEqual(before);
      const added = after.slice(before.length);
      const entry = added.find((e) =>
        typeof w.action === 'string' ? e.action === w.action : w.action.test(e.action),
      );
      expect(entry, JSON.stringify(added)).toBeDefined();
      if (w.route !== 'decideAdvance') expect(added).toHaveLength(1);
      expect(entry).toMatchObject({
        actor: w.principal.sub,
        caseId,
        ...(w.from ? { fromStatus: w.from } : {}),
        ...(w.to ? { toStatus: w.to } : {}),
      });
      expectRecent(entry?.at ?? '', since);
      if (w.reason !== undefined) {
        expect(entry?.reason).toEqual(
          typeof w.reason === 'string' ? w.reason : expect.stringMatching(w.reason),
        );
      }
    });
  }

  it('registry writes are audited under the record they change', async () => {
    const { villageCode, ...village } = VILLAGES.own;
    const since = Date.now();
    const res = await invoke(r.putVillage, {
      principal: principals.registrar,
      pathParameters: { villageCode },
      body: { ...village, tier: 3 },
    });
    expect(res.status, res.text).toBe(200);
    const out = await documentClient().send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#village#${villageCode}` },
      }),
    );
    const entries = out.Items ?? [];
    expect(entries.map((e) => e.actor)).toEqual(['seed', principals.registrar.sub]);
    expect(entries.at(-1)).toMatchObject({
      action: 'registry.village.put',
      entity: `village#${villageCode}`,
    });
    expectRecent(String(entries.at(-1)?.at), since);
  });

  it('a refused or lost write appends nothing', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    const before = await caseAuditTrail(caseId);
    const refused = await invoke(r.reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: { decision: 'reject', reasons: ['须同时退出承包地'], resolution: RESOLUTION },
    });
    expect(refused.status).toBe(422);
    expect(await caseAuditTrail(caseId)).toEqual(before);

    const race = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        invoke(r.reviewCase, {
          principal: reviewerOfOwnVillage(n),
          pathParameters: { caseId },
          body: { decision: 'approve', reasons: [], resolution: RESOLUTION },
        }),
      ),
    );
    expect(race.filter((x) => x.status === 200)).toHaveLength(1);
    const after = await caseAuditTrail(caseId);
    expect(after).toHaveLength(before.length + 1);
  });

  it('an entry can never be overwritten', async () => {
    const { caseId } = await seedCase();
    const [entry] = await caseAuditTrail(caseId);
    if (!entry) throw new Error('no entry');
    const out = await documentClient().send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':sk': 'AUDIT#' },
      }),
    );
    const item = out.Items?.[0];
    if (!item) throw new Error('no item');
    // the audit writes are conditional on the key being new; the same condition refuses a rewrite
    await expect(
      documentClient().send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: { ...item, actor: 'someone-else' },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await caseAuditTrail(caseId))[0]).toEqual(entry);
  });

  it.skipIf(!fund.createReplenishment || !fund.getLedger)(
    'money coming in is on the ledger with its actor, time and reference',
    async () => {
      const add = fund.createReplenishment as RouteModule;
      const ledger = fund.getLedger as RouteModule;
      const reference = `BUDGET-${Date.now()}`;
      const since = Date.now();
      const res: InvokeResult = await invoke(add, {
        principal: principals.fundAdmin,
        body: { source: 'appropriation', amountFen: 12_345_600, reference },
      });
      expect(res.status, res.text).toBe(201);
      const list = await invoke(ledger, { principal: principals.auditor });
      expect(list.status, list.text).toBe(200);
      const entry = list.json.items.find((i: { reference?: string }) => i.reference === reference);
      expect(entry).toMatchObject({
        amountFen: 12_345_600,
        actor: principals.fundAdmin.sub,
        kind: expect.any(String),
      });
      expectRecent(entry.at, since);
    },
  );
});
