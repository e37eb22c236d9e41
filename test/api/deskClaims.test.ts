import { beforeAll, describe, expect, it } from 'vitest';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { moveCase } from '../../shared/cases/moveCase.js';
import { putInboxItem, recipients } from '../../shared/notifications/inbox.js';
import { invoke, loadRoutes, type TestPrincipal, useApiEnvironment } from '../support/api.js';
import { saveCase } from '../support/caseStore.js';
import {
  installDoubles,
  OWN_HOUSEHOLD,
  OWN_VILLAGE,
  principals,
  reviewerOfOwnVillage,
  seedCase,
  seedRegistry,
} from '../support/seed.js';

/**
 * Issue 18, the desk queues: a claim (认领) on the step a case waits in, made and released over the
 * API by the staff who act on that step, audited, shown to colleagues on `GET /cases`, taken over
 * (advisory) with the takeover audited, and over once the case leaves the step; and the inbox's read
 * markers, each colleague's own.
 */
useApiEnvironment();
const r = await loadRoutes('claimCase', 'releaseCase', 'listCases', 'listNotifications', 'readNotification');

const first = reviewerOfOwnVillage(81);
const second = reviewerOfOwnVillage(82);

beforeAll(async () => {
  installDoubles();
  await seedRegistry();
});

const claim = (principal: TestPrincipal | undefined, caseId: string) =>
  invoke(r.claimCase, { ...(principal ? { principal } : {}), pathParameters: { caseId } });
const release = (principal: TestPrincipal, caseId: string) =>
  invoke(r.releaseCase, { principal, pathParameters: { caseId } });

async function summaryAs(principal: TestPrincipal, caseId: string) {
  const res = await invoke(r.listCases, { principal, query: { status: 'village_review', limit: '100' } });
  expect(res.status).toBe(200);
  return res.json.items.find((c: { caseId: string }) => c.caseId === caseId);
}

describe('desk claims', () => {
  it('a claim shows to a colleague, a takeover is audited with whose claim it was, a release ends it', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    const mine = await claim(first, caseId);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ caseId, claimedBy: { sub: first.sub } });
    const seen = await summaryAs(second, caseId);
    expect(seen.claimedBy).toEqual({ sub: first.sub, at: mine.json.claimedBy.at });
    expect(seen.submittedAt).toBeDefined();

    // claiming one's own claim again writes nothing
    const versionBefore = (await getCase(caseId))?.case.version;
    expect((await claim(first, caseId)).json.claimedBy.sub).toBe(first.sub);
    expect((await getCase(caseId))?.case.version).toBe(versionBefore);

    // advisory: a colleague takes it over
    const taken = await claim(second, caseId);
    expect(taken.status).toBe(200);
    expect(taken.json.claimedBy.sub).toBe(second.sub);
    expect(taken.json.takenOverFrom.sub).toBe(first.sub);
    expect((await summaryAs(first, caseId)).claimedBy.sub).toBe(second.sub);

    // anyone who may act on the step may release it (a colleague on leave): audited for whom
    const released = await release(first, caseId);
    expect(released.status).toBe(200);
    expect(released.json).toEqual({ caseId, claimedBy: null });
    expect((await summaryAs(second, caseId)).claimedBy).toBeUndefined();
    expect((await release(first, caseId)).json.claimedBy).toBeNull();

    const audit = (await caseAuditTrail(caseId)).filter((e) => e.action.startsWith('case.claim'));
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['case.claimed', first.sub],
      ['case.claim_taken_over', second.sub],
      ['case.claim_released', first.sub],
    ]);
    expect(audit[1]?.detail).toMatchObject({ step: 'village_review', previous: { sub: first.sub } });
    expect(audit[2]?.detail).toMatchObject({ holder: { sub: second.sub } });
    // the household's timeline does not follow the office's desk work
    const stored = await getCase(caseId);
    expect(stored?.case.timeline.some((t) => /claim/i.test(t.note))).toBe(false);
  });

  it('only staff who act on the current step claim it: 403 for others, 404 for no case, 401 without a token', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    // the town acts later in the chain, not on the village's step
    const town = await claim(principals.townReviewer, caseId);
    expect(town.status).toBe(403);
    expect(town.json).toMatchObject({ code: 'FORBIDDEN', step: 'village_review', role: 'village_reviewer' });
    expect((await claim(principals.otherReviewer, caseId)).status).toBe(403);
    expect((await claim(principals.applicant, caseId)).status).toBe(403);
    expect((await claim(principals.auditor, caseId)).status).toBe(403);
    expect((await release(principals.townReviewer, caseId)).status).toBe(403);
    expect((await claim(undefined, caseId)).status).toBe(401);
    expect((await claim(first, 'C-20250101-NONE')).status).toBe(404);
    // a reviewer of the household's own family may not decide it, so may not claim it either
    const kin: TestPrincipal = { ...reviewerOfOwnVillage(83), householdId: OWN_HOUSEHOLD };
    expect((await claim(kin, caseId)).json).toMatchObject({ code: 'FORBIDDEN', conflict: 'own_household' });
    // the household's own step has no desk
    const offers = await seedCase({ status: 'offers', token: true });
    const nothing = await claim(first, offers.caseId);
    expect(nothing.status).toBe(409);
    expect(nothing.json.code).toBe('ILLEGAL_TRANSITION');
    const audit = await caseAuditTrail(caseId);
    expect(audit.filter((e) => e.action.startsWith('case.claim'))).toEqual([]);
  });

  it('the town and the fund claim their own steps', async () => {
    const atTown = await seedCase({ status: 'town_review', token: true });
    expect((await claim(principals.townReviewer, atTown.caseId)).status).toBe(200);
    expect((await claim(first, atTown.caseId)).status).toBe(403);
    const atFund = await seedCase({ status: 'fund_review', token: true });
    expect((await claim(principals.fundAdmin, atFund.caseId)).status).toBe(200);
  });

  it('a claim ends when the case leaves the step it was made in', async () => {
    const { caseId } = await seedCase({ status: 'village_review', token: true });
    expect((await claim(first, caseId)).status).toBe(200);
    const read = await getCase(caseId);
    if (!read) throw new Error('no case');
    const next = moveCase(read.case, 'public_notice', {
      actor: first.sub,
      note: '村集体审核通过 / approved by the village',
      at: new Date().toISOString(),
      patch: { pendingTask: undefined },
    });
    await saveCase(read, next, { consumeToken: true, audit: { actor: first.sub, action: 'test.moved' } });
    expect((await getCase(caseId))?.case.deskClaim).toBeUndefined();
    const listed = await invoke(r.listCases, {
      principal: second,
      query: { status: 'public_notice', limit: '100' },
    });
    const row = listed.json.items.find((c: { caseId: string }) => c.caseId === caseId);
    expect(row.status).toBe('public_notice');
    expect(row.claimedBy).toBeUndefined();
  });
});

describe('inbox read markers', () => {
  it("marks a notice read for the caller only: a colleague's copy stays unread", async () => {
    const at = new Date().toISOString();
    const notificationId = `EV-desk-${Date.now()}`;
    await putInboxItem({
      notificationId,
      recipient: recipients.village(OWN_VILLAGE),
      at,
      eventType: 'CaseSubmitted',
      titleZh: '新申请待审核',
      titleEn: 'A new application to review',
      bodyZh: '请审核。',
      bodyEn: 'Please review it.',
    });
    const inboxOf = async (p: TestPrincipal) => {
      const res = await invoke(r.listNotifications, { principal: p });
      expect(res.status).toBe(200);
      return res.json.items.find((i: { notificationId: string }) => i.notificationId === notificationId);
    };
    expect(await inboxOf(first)).toMatchObject({ read: false });
    const marked = await invoke(r.readNotification, {
      principal: first,
      pathParameters: { notificationId },
      body: { at },
    });
    expect(marked.status).toBe(200);
    expect(marked.json).toMatchObject({ notificationId, read: true });
    expect(await inboxOf(first)).toMatchObject({ read: true, readAt: marked.json.readAt });
    expect(await inboxOf(second)).toMatchObject({ read: false });
    // marking again keeps the first time
    const again = await invoke(r.readNotification, {
      principal: first,
      pathParameters: { notificationId },
      body: { at },
    });
    expect(again.json.readAt).toBe(marked.json.readAt);
    // another inbox's notice, or the wrong key: 404; a body without the time: 400
    const elsewhere = await invoke(r.readNotification, {
      principal: principals.otherReviewer,
      pathParameters: { notificationId },
      body: { at },
    });
    expect(elsewhere.status).toBe(404);
    const noTime = await invoke(r.readNotification, {
      principal: first,
      pathParameters: { notificationId },
      body: {},
    });
    expect(noTime.status).toBe(400);
    expect(noTime.json.errors.map((e: { path: string }) => e.path)).toContain('body.at');
  });
});
