import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.js';
import { requireConfig } from '../../shared/adapters/config.js';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { putHousehold } from '../../shared/adapters/table/registryRepository.js';
import { claimItem } from '../../shared/cases/landClaims.js';
import { moveCase, touchCase } from '../../shared/cases/moveCase.js';
import type { Application } from '../../shared/domain/model/application.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { Household } from '../../shared/domain/model/household.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { invoke, loadRoutes, type TestPrincipal } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import { principals } from '../support/seed.js';
import {
  caseOf,
  holders,
  holding,
  invokeTask,
  loadTasks,
  newHousehold,
  snapshot,
  useWorkflowEnvironment,
} from './harness.js';

/**
 * Land claims (退出占用) against DynamoDB Local with the real handlers: a parcel or plot is held by one
 * case from the assessment on, given back on withdrawal or a rejection before signing, and kept for good
 * once signed, so no household can exit (and be paid for) the same land twice — not after the first case
 * closed, not by two cases assessed at once, not by appealing a rejection after another case took it.
 */
const env = useWorkflowEnvironment();
const { assess, register } = await loadTasks();
const { withdrawCase, reviewCase, appealCase, decideAdvance } = await loadRoutes(
  'withdrawCase',
  'reviewCase',
  'appealCase',
  'decideAdvance',
);

const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };
const CONSENTS = ['m1', 'm2'].map((memberId) => ({
  memberId,
  consented: true as const,
  signedAt: '2025-06-01T09:00:00+08:00',
}));

const applicantOf = (h: Household): TestPrincipal => ({
  sub: `applicant-${h.householdId}`,
  groups: ['applicant'],
  householdId: h.householdId,
});

function contractApplication(
  h: Household,
  scope: { scope: 'all' } | { scope: 'partial'; plotIds: string[] },
): Application {
  return {
    type: 'contract_land_exit',
    householdId: h.householdId,
    term: 'current_term',
    ...scope,
    consents: CONSENTS,
    declarations: { voluntary: true },
  };
}

/** A submitted contract-land case of the household. */
function contractCase(h: Household, scope: Parameters<typeof contractApplication>[1], status: CaseStatus) {
  return caseOf(status, {
    household: h,
    type: 'contract_land_exit',
    patch: { application: contractApplication(h, scope) },
  });
}

async function read(caseId: string): Promise<Case> {
  const c = (await getCase(caseId))?.case;
  if (!c) throw new Error(`no case ${caseId}`);
  return c;
}

/** Walks a case along the life cycle by plain writes (the steps' own tests cover the steps). */
async function walk(caseId: string, path: CaseStatus[], patch: Partial<Case> = {}) {
  for (const to of path) {
    const stored = await getCase(caseId);
    if (!stored) throw new Error('no case');
    const next = moveCase(stored.case, to, {
      actor: 'test',
      at: new Date().toISOString(),
      note: `to ${to}`,
      patch: to === 'agreement_signed' ? patch : {},
    });
    await saveCase(stored, next, { audit: { actor: 'test', action: `test.${to}` } });
  }
}

/** Assessed to village review, with the review step waiting (its token stored). */
async function awaitingReview(caseId: string) {
  expect(await invokeTask(assess.handler, { caseId })).toMatchObject({ next: 'village_review' });
  await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: `token-${caseId}` });
}

function duplicateFinding(c: Case) {
  return c.findings.find((f) => f.ruleId === 'H-NO-DUPLICATE' || f.ruleId === 'C-NO-DUPLICATE');
}

/** Writes b's claim on P1 directly (the transaction a case's move would make, reduced to the claim). */
async function takeParcel(h: Household, caseId: string) {
  await documentClient().send(
    new PutCommand({
      TableName: requireConfig('TABLE_NAME'),
      Item: claimItem(h.householdId, { kind: 'parcel', id: 'P1' }, caseId, new Date().toISOString()),
    }),
  );
}

/**
 * Runs `run`, and just before the first transaction that claims land for `caseId` goes out, runs
 * `meanwhile` (another writer winning the race after the case read the claims). Returns whether it ran.
 */
async function beforeClaimWrite(
  caseId: string,
  meanwhile: () => Promise<void>,
  run: () => Promise<unknown>,
): Promise<boolean> {
  const client = documentClient();
  const send = client.send.bind(client);
  let injected = false;
  client.send = (async (command: unknown, ...rest: unknown[]) => {
    const items = command instanceof TransactWriteCommand ? (command.input.TransactItems ?? []) : [];
    if (
      !injected &&
      items.some((i) => i.Put?.Item?.itemType === 'landClaim' && i.Put.Item.caseId === caseId)
    ) {
      injected = true;
      await meanwhile();
    }
    return (send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
  }) as typeof client.send;
  try {
    await run();
  } finally {
    client.send = send;
  }
  return injected;
}

describe('a parcel exited once cannot be exited again', () => {
  it('after the first case closed, a new case for the parcel is ineligible naming it, and stays so on appeal', async () => {
    const h = await newHousehold();
    const first = await caseOf('submitted', { household: h });
    await invokeTask(assess.handler, { caseId: first.caseId });
    expect(await holders(h)).toEqual({ 'parcel:P1': first.caseId });
    // the rest of its life by plain writes, with the agreement of a signed case
    const signed = await caseOf('closed', { household: await newHousehold() });
    await walk(
      first.caseId,
      [
        'public_notice',
        'town_review',
        'district_approval',
        'offers',
        'agreement_signed',
        'cooling_off',
        'fund_review',
        'disbursed',
        'reserved',
        'closed',
      ],
      { agreement: signed.case.agreement, choice: signed.case.choice },
    );
    expect((await read(first.caseId)).status).toBe('closed');
    // a closed case keeps its claim: the parcel is exited for good
    expect(await holders(h)).toEqual({ 'parcel:P1': first.caseId });

    const second = await caseOf('submitted', { household: h });
    expect(await invokeTask(assess.handler, { caseId: second.caseId })).toMatchObject({ next: 'end' });
    const c = await read(second.caseId);
    expect(c.status).toBe('ineligible');
    const f = duplicateFinding(c);
    expect(f).toMatchObject({ ruleId: 'H-NO-DUPLICATE', passed: false, subjects: ['P1'] });
    expect(f?.messageZh).toContain(first.caseId);
    expect(f?.messageZh).toContain('该宗地已退出');
    expect(f?.messageEn).toContain(`already been exited in case ${first.caseId}`);
    expect(c.landClaims).toEqual([]);

    // the appeal re-runs the assessment: still ineligible, so it never reaches an agreement
    const appeal = await invoke(appealCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: second.caseId },
      body: { text: '请复核' },
    });
    expect(appeal.status, appeal.text).toBe(201);
    expect(appeal.json.status).toBe('eligibility');
    await invokeTask(assess.handler, { caseId: second.caseId });
    expect((await read(second.caseId)).status).toBe('ineligible');
    expect(await holders(h)).toEqual({ 'parcel:P1': first.caseId });
  });

  it('a fund rejection after signing keeps the claim, and so does its appeal', async () => {
    const h = await newHousehold();
    const first = await holding('fund_review', h, { token: true });
    const res = await invoke(decideAdvance, {
      principal: principals.fundAdmin,
      pathParameters: { caseId: first.caseId },
      body: { decision: 'reject', note: '材料不全 / documents missing' },
    });
    expect(res.status, res.text).toBe(200);
    const rejected = await read(first.caseId);
    expect(rejected).toMatchObject({ status: 'rejected', rejectedAt: 'fund_review' });
    expect(rejected.landClaims).toEqual([{ kind: 'parcel', id: 'P1' }]);
    expect(await holders(h)).toEqual({ 'parcel:P1': first.caseId });

    const second = await caseOf('submitted', { household: h });
    await invokeTask(assess.handler, { caseId: second.caseId });
    const f = duplicateFinding(await read(second.caseId));
    expect(f?.passed).toBe(false);
    expect(f?.messageZh).toContain('该宗地已退出');

    const appeal = await invoke(appealCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: first.caseId },
      body: { text: '材料已补齐' },
    });
    expect(appeal.status, appeal.text).toBe(201);
    expect((await read(first.caseId)).status).toBe('fund_review');
    expect(await holders(h)).toEqual({ 'parcel:P1': first.caseId });
  });
});

describe('two cases assessed at once', () => {
  it('exactly one reaches village review; the other is ineligible naming it', async () => {
    for (let round = 0; round < 4; round++) {
      const h = await newHousehold();
      const a = await caseOf('submitted', { household: h });
      const b = await caseOf('submitted', { household: h });
      await Promise.all([a, b].map(({ caseId }) => invokeTask(assess.handler, { caseId })));
      const cases = await Promise.all([read(a.caseId), read(b.caseId)]);
      expect(cases.map((c) => c.status).sort()).toEqual(['ineligible', 'village_review']);
      const winner = cases.find((c) => c.status === 'village_review');
      const loser = cases.find((c) => c.status === 'ineligible');
      if (!winner || !loser) throw new Error('unreachable');
      expect(duplicateFinding(loser)?.messageEn).toContain(`open case ${winner.caseId}`);
      expect(winner.landClaims).toEqual([{ kind: 'parcel', id: 'P1' }]);
      expect(loser.landClaims).toEqual([]);
      expect(await holders(h)).toEqual({ 'parcel:P1': winner.caseId });
    }
  });

  it('a write that loses the claim to another case is decided again: ineligible, not an error', async () => {
    const h = await newHousehold();
    const a = await caseOf('submitted', { household: h });
    const b = await caseOf('village_review', { household: h, patch: { landClaims: [] } });
    // b takes the parcel between a's read of the claims and a's write
    const injected = await beforeClaimWrite(
      a.caseId,
      () => takeParcel(h, b.caseId),
      () =>
        invokeTask(assess.handler, { caseId: a.caseId }).then((r) =>
          expect(r).toMatchObject({ next: 'end' }),
        ),
    );
    expect(injected).toBe(true);
    const c = await read(a.caseId);
    expect(c.status).toBe('ineligible');
    expect(duplicateFinding(c)?.messageEn).toContain(b.caseId);
    expect(await holders(h)).toEqual({ 'parcel:P1': b.caseId });
  });
});

describe('giving the land back', () => {
  it('a withdrawal releases the parcel, so a later case takes it', async () => {
    const h = await newHousehold();
    const first = await caseOf('submitted', { household: h });
    await awaitingReview(first.caseId);
    const res = await invoke(withdrawCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: first.caseId },
    });
    expect(res.status, res.text).toBe(200);
    expect((await read(first.caseId)).landClaims).toEqual([]);
    expect(await holders(h)).toEqual({});

    const second = await caseOf('submitted', { household: h });
    expect(await invokeTask(assess.handler, { caseId: second.caseId })).toMatchObject({
      next: 'village_review',
    });
    expect(await holders(h)).toEqual({ 'parcel:P1': second.caseId });
  });

  it('a resubmission assessed ineligible gives the parcel back', async () => {
    const h = await newHousehold();
    const first = await holding('resubmitted', h);
    await putHousehold(
      { ...h, nonFarm: { socialInsuranceMonths: 0, urbanResidenceMonths: 0, businessLicenceMonths: 0 } },
      'registrar',
      new Date().toISOString(),
    );
    await invokeTask(assess.handler, { caseId: first.caseId });
    expect((await read(first.caseId)).status).toBe('ineligible');
    expect(await holders(h)).toEqual({});
  });

  it('village rejection releases; a new case takes the parcel; the appeal of the first is refused, writing nothing', async () => {
    const h = await newHousehold();
    const first = await caseOf('submitted', { household: h });
    await awaitingReview(first.caseId);
    const rejected = await invoke(reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: first.caseId },
      body: { decision: 'reject', reasons: ['宅基地面积与登记不符'], resolution: RESOLUTION },
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect((await read(first.caseId)).landClaims).toEqual([]);
    expect(await holders(h)).toEqual({});

    const second = await caseOf('submitted', { household: h });
    await awaitingReview(second.caseId);
    expect(await holders(h)).toEqual({ 'parcel:P1': second.caseId });

    const before = await snapshot(first.caseId);
    const started = env.doubles.workflow.started.length;
    const appeal = await invoke(appealCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: first.caseId },
      body: { text: '村民代表会议未达法定人数' },
    });
    expect(appeal.status, appeal.text).toBe(409);
    expect(appeal.headers['content-type']).toContain('application/problem+json');
    expect(appeal.json.detailZh).toContain(`宅基地 P1 已在案件 ${second.caseId} 中办理`);
    expect(appeal.json.detail).toContain(`parcel P1 is already in open case ${second.caseId}`);
    expect(appeal.json.heldBy).toEqual([{ kind: 'parcel', id: 'P1', caseId: second.caseId, exited: false }]);
    // nothing written: the case, its audit trail, the claim, the workflow
    expect(await snapshot(first.caseId)).toEqual(before);
    expect(await holders(h)).toEqual({ 'parcel:P1': second.caseId });
    expect(env.doubles.workflow.started.length).toBe(started);
    expect(env.doubles.events.ofCase(first.caseId, 'CaseAppealed')).toEqual([]);
  });

  it('with the parcel still free, the appeal reopens the review and takes the parcel again', async () => {
    const h = await newHousehold();
    const first = await caseOf('submitted', { household: h });
    await awaitingReview(first.caseId);
    await invoke(reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: first.caseId },
      body: { decision: 'reject', reasons: ['证明材料不全'], resolution: RESOLUTION },
    });
    expect(await holders(h)).toEqual({});
    const appeal = await invoke(appealCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: first.caseId },
      body: { text: '材料已补齐' },
    });
    expect(appeal.status, appeal.text).toBe(201);
    const c = await read(first.caseId);
    expect(c.status).toBe('village_review');
    expect(c.landClaims).toEqual([{ kind: 'parcel', id: 'P1' }]);
    expect(await holders(h)).toEqual({ 'parcel:P1': first.caseId });

    // and a new case now finds it held
    const second = await caseOf('submitted', { household: h });
    await invokeTask(assess.handler, { caseId: second.caseId });
    expect(duplicateFinding(await read(second.caseId))?.messageEn).toContain(first.caseId);
  });
  it('an appeal that loses the parcel to another case between its check and its write is refused the same way', async () => {
    const h = await newHousehold();
    const first = await caseOf('rejected', { household: h, patch: { landClaims: [] } });
    const other = await caseOf('village_review', { household: h, patch: { landClaims: [] } });
    const before = await snapshot(first.caseId);
    let appeal: Awaited<ReturnType<typeof invoke>> | undefined;
    const injected = await beforeClaimWrite(
      first.caseId,
      () => takeParcel(h, other.caseId),
      async () => {
        appeal = await invoke(appealCase, {
          principal: applicantOf(h),
          pathParameters: { caseId: first.caseId },
          body: { text: '申诉' },
        });
      },
    );
    expect(injected).toBe(true);
    expect(appeal?.status, appeal?.text).toBe(409);
    expect(appeal?.json.heldBy).toEqual([{ kind: 'parcel', id: 'P1', caseId: other.caseId, exited: false }]);
    expect(await snapshot(first.caseId)).toEqual(before);
    expect(await holders(h)).toEqual({ 'parcel:P1': other.caseId });
  });
});

describe('contract land: the same for plots', () => {
  it('each plot in scope is claimed; scope all clashes with any claimed plot, another plot passes', async () => {
    const h = await newHousehold();
    const c1 = await contractCase(h, { scope: 'partial', plotIds: ['C1'] }, 'submitted');
    expect(await invokeTask(assess.handler, { caseId: c1.caseId })).toMatchObject({ next: 'village_review' });
    expect(await holders(h)).toEqual({ 'plot:C1': c1.caseId });

    const all = await contractCase(h, { scope: 'all' }, 'submitted');
    await invokeTask(assess.handler, { caseId: all.caseId });
    const f = duplicateFinding(await read(all.caseId));
    expect(f).toMatchObject({ ruleId: 'C-NO-DUPLICATE', passed: false, subjects: ['C1'] });
    expect(f?.messageZh).toContain(`地块 C1 已在案件 ${c1.caseId} 中办理`);

    const c2 = await contractCase(h, { scope: 'partial', plotIds: ['C2'] }, 'submitted');
    expect(await invokeTask(assess.handler, { caseId: c2.caseId })).toMatchObject({ next: 'village_review' });
    expect(await holders(h)).toEqual({ 'plot:C1': c1.caseId, 'plot:C2': c2.caseId });
    // a homestead case of the same household is not in the way of plots, nor they of it
    const homestead = await caseOf('submitted', { household: h });
    expect(await invokeTask(assess.handler, { caseId: homestead.caseId })).toMatchObject({
      next: 'village_review',
    });
  });

  it('a scope-all case holds every plot; after village rejection and a new case, the appeal is refused', async () => {
    const h = await newHousehold();
    const all = await contractCase(h, { scope: 'all' }, 'submitted');
    await awaitingReview(all.caseId);
    expect(await holders(h)).toEqual({ 'plot:C1': all.caseId, 'plot:C2': all.caseId });
    const rejected = await invoke(reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId: all.caseId },
      body: { decision: 'reject', reasons: ['地块四至不清'], resolution: RESOLUTION },
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(await holders(h)).toEqual({});

    const c2 = await contractCase(h, { scope: 'partial', plotIds: ['C2'] }, 'submitted');
    await awaitingReview(c2.caseId);
    const before = await snapshot(all.caseId);
    const appeal = await invoke(appealCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: all.caseId },
      body: { text: '四至已补正' },
    });
    expect(appeal.status, appeal.text).toBe(409);
    expect(appeal.json.detailZh).toContain(`地块 C2 已在案件 ${c2.caseId} 中办理`);
    expect(appeal.json.heldBy).toEqual([{ kind: 'plot', id: 'C2', caseId: c2.caseId, exited: false }]);
    expect(await snapshot(all.caseId)).toEqual(before);
    expect(await holders(h)).toEqual({ 'plot:C2': c2.caseId });
  });

  it('a plot exited in a closed case is refused with 该地块已退出', async () => {
    const h = await newHousehold();
    const closed = await holding('closed', h, {
      type: 'contract_land_exit',
      patch: { application: contractApplication(h, { scope: 'partial', plotIds: ['C1'] }) },
    });
    const again = await contractCase(h, { scope: 'partial', plotIds: ['C1'] }, 'submitted');
    await invokeTask(assess.handler, { caseId: again.caseId });
    const f = duplicateFinding(await read(again.caseId));
    expect(f?.passed).toBe(false);
    expect(f?.messageZh).toContain(`地块 C1 已在案件 ${closed.caseId} 中签订退出协议，该地块已退出`);
  });
});

describe('cases stored before claims (no claim items) are judged by their status', () => {
  it.each([
    ['closed', {}, true],
    ['fund_review', {}, true],
    ['village_review', {}, false],
    ['returned', {}, false],
    ['rejected', { rejectedAt: 'fund_review' as const }, true],
  ] as const)('one in %s still holds the parcel', async (status, patch, exited) => {
    const h = await newHousehold();
    const seeded = await caseOf(status, { household: h, patch });
    const other =
      status === 'rejected' ? await caseOf('closed', { household: await newHousehold() }) : undefined;
    if (other) {
      // a fund rejection comes after signing: the seeded case needs the agreement it signed
      const stored = await getCase(seeded.caseId);
      if (!stored) throw new Error('no case');
      await saveCase(
        stored,
        touchCase(stored.case, {
          actor: 'seed',
          at: new Date().toISOString(),
          note: 'signed',
          patch: { agreement: other.case.agreement },
        }),
        { audit: { actor: 'seed', action: 'seed' } },
      );
    }
    expect((await read(seeded.caseId)).landClaims).toBeUndefined();
    const next = await caseOf('submitted', { household: h });
    await invokeTask(assess.handler, { caseId: next.caseId });
    const f = duplicateFinding(await read(next.caseId));
    expect(f?.passed).toBe(false);
    expect(f?.messageEn).toContain(seeded.caseId);
    expect(f?.messageZh.includes('该宗地已退出')).toBe(exited);
  });

  it.each(['rejected', 'withdrawn', 'ineligible', 'submitted'] as const)(
    'one in %s does not',
    async (status) => {
      const h = await newHousehold();
      await caseOf(status, { household: h });
      const next = await caseOf('submitted', { household: h });
      expect(await invokeTask(assess.handler, { caseId: next.caseId })).toMatchObject({
        next: 'village_review',
      });
    },
  );

  it('the appeal of an old rejected case is refused while an old case holds the parcel by status', async () => {
    const h = await newHousehold();
    const rejected = await caseOf('rejected', { household: h });
    const open = await caseOf('public_notice', { household: h });
    const before = await snapshot(rejected.caseId);
    const appeal = await invoke(appealCase, {
      principal: applicantOf(h),
      pathParameters: { caseId: rejected.caseId },
      body: { text: '申诉' },
    });
    expect(appeal.status, appeal.text).toBe(409);
    expect(appeal.json.heldBy).toEqual([{ kind: 'parcel', id: 'P1', caseId: open.caseId, exited: false }]);
    expect(await snapshot(rejected.caseId)).toEqual(before);
    expect(await holders(h)).toEqual({});
  });
});
