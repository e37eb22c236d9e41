import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type CaseView, type ReviewBody } from '../../local/demo/client.js';
import { applicantOf, as, demoHousehold, resolution, reviewerOf } from '../../local/demo/scenarios.js';
import { demoApplication } from '../../local/seed/demoApplications.js';
import type { Scenario } from '../../local/seed/demoData.js';
import { REVIEW_REASON_CODES } from '../../shared/domain/model/case.js';
import { type E2eSystem, removeDataDir, startSystem } from './harness.js';

/**
 * The review chain 村 → 镇 → 区 (DOMAIN.md wave 2) over HTTP against the whole local runtime: the town
 * audits after the public notice, the district approves and its approval opens the offers; the wrong
 * step's reviewer, another town, an unknown reason code, a step that is not pending and one person
 * taking two decisions are all refused with a coded problem, and nothing is written.
 */
let sys: E2eSystem | undefined;

beforeAll(async () => {
  sys = await startSystem();
}, 120_000);

afterAll(async () => {
  await sys?.runtime.stop();
  await removeDataDir(sys?.dataDir);
}, 120_000);

function system(): E2eSystem {
  if (!sys) throw new Error('the system did not start');
  return sys;
}

const TIMEOUT = 30_000;
const townOf = (village: string) => village.slice(0, 9);
const townReviewer = (village: string) => `town-reviewer-${townOf(village)}`;
const districtApprover = (village: string) => `district-approver-${village.slice(0, 6)}`;

/** Files the scenario's application, has the village approve it and waits for the town's audit. */
async function atTown(scenario: Scenario): Promise<{ caseId: string; village: string }> {
  const d = demoHousehold(scenario);
  const me = await as(system().ctx, applicantOf(d));
  const { caseId } = await me.createCase(demoApplication(d, new Date().toISOString()));
  await me.submit(caseId);
  const reviewer = await as(system().ctx, reviewerOf(d));
  await reviewer.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: TIMEOUT });
  await reviewer.review(caseId, { decision: 'approve', reasons: [], resolution: resolution() });
  const town = await as(system().ctx, townReviewer(d.record.villageCode));
  await town.waitForTask(caseId, 'town_review', 'town_review', { timeoutMs: TIMEOUT });
  return { caseId, village: d.record.villageCode };
}

async function problemOf(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the call was expected to fail');
}

const approve: ReviewBody = { decision: 'approve', reasonCodes: ['facts_verified'] };

describe('the review chain 村 → 镇 → 区', () => {
  it('passes village → notice → town → district, and only the district’s approval opens the offers', async () => {
    const { caseId, village } = await atTown('cash');
    const ctx = system().ctx;
    const town = await as(ctx, townReviewer(village));

    // the village's reviewer is not the town's
    const wrongStep = await problemOf(
      (await as(ctx, reviewerOf(demoHousehold('cash')))).call('POST', `/cases/${caseId}/review`, {
        body: approve,
      }),
    );
    expect([wrongStep.status, wrongStep.problem.code]).toEqual([403, 'FORBIDDEN']);

    // another town of the demo, whichever: not this case's town
    const users = await system().api.users();
    const otherTown = users.find((u) => u.groups.includes('town_reviewer') && u.town !== townOf(village));
    if (!otherTown) throw new Error('the demo has one town only');
    const elsewhere = await problemOf(
      (await as(ctx, otherTown.userId)).call('POST', `/cases/${caseId}/review`, { body: approve }),
    );
    expect(elsewhere.status).toBe(403);

    // an unknown reason code is 400 naming the field and listing the codes
    const unknown = await problemOf(
      town.call('POST', `/cases/${caseId}/review`, {
        body: { decision: 'reject', reasonCodes: ['too_far'] },
      }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.problem.code).toBe('VALIDATION_FAILED');
    const codeError = unknown.problem.errors?.find((e) => e.path.startsWith('body.reasonCodes'));
    for (const code of REVIEW_REASON_CODES) expect(codeError?.message).toContain(code);

    // a resolution belongs to the village step only
    const withResolution = await problemOf(
      town.call('POST', `/cases/${caseId}/review`, { body: { ...approve, resolution: resolution() } }),
    );
    expect([withResolution.status, withResolution.problem.code]).toEqual([400, 'VALIDATION_FAILED']);

    const before = await town.getCase(caseId);
    expect(before.status).toBe('town_review');
    expect(before.offers).toEqual([]);

    const decided = await town.review(caseId, { ...approve, note: '经镇审核，材料齐全' });
    expect(decided.status).toBe('district_approval');

    // the town reviewer cannot approve for the district
    const district = await as(ctx, districtApprover(village));
    await district.waitForTask(caseId, 'district_approval', 'district_approval', { timeoutMs: TIMEOUT });
    const notTheirs = await problemOf(town.call('POST', `/cases/${caseId}/review`, { body: approve }));
    expect(notTheirs.status).toBe(403);

    const approved = await district.review(caseId, approve);
    expect(approved.status).toBe('offers');
    // once the household's choice is waiting, nothing else writes the case
    const c: CaseView = await district.waitForTask(caseId, 'offers', 'resettlement_choice', {
      timeoutMs: TIMEOUT,
    });
    expect(c.offers.map((o) => o.option).sort()).toEqual(['cash', 'town_housing', 'urban_housing']);
    expect(c.reviews.map((r) => [r.step, r.decision, r.actor])).toEqual([
      ['village_review', 'approve', reviewerOf(demoHousehold('cash'))],
      ['town_review', 'approve', townReviewer(village)],
      ['district_approval', 'approve', districtApprover(village)],
    ]);
    expect(c.reviews[1]?.note).toBe('经镇审核，材料齐全');

    // nothing is pending any more: 409 with its code, and nothing written
    const late = await problemOf(district.call('POST', `/cases/${caseId}/review`, { body: approve }));
    expect([late.status, late.problem.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    expect((await district.getCase(caseId)).timeline.length).toBe(c.timeline.length);
  }, 120_000);

  it('a town rejection is appealable once, and the appeal goes back to the town', async () => {
    const { caseId, village } = await atTown('town_housing');
    const ctx = system().ctx;
    const town = await as(ctx, townReviewer(village));
    const rejected = await town.review(caseId, { decision: 'reject', reasonCodes: ['area_mismatch'] });
    expect(rejected.status).toBe('rejected');
    const me = await as(ctx, applicantOf(demoHousehold('town_housing')));
    const appealed = await me.appeal(caseId, '面积已由登记机构更正');
    expect(appealed.status).toBe('town_review');
    const waiting = await town.waitForTask(caseId, 'town_review', 'town_review', { timeoutMs: TIMEOUT });
    expect(waiting.pendingTask?.kind).toBe('town_review');
    // the household sees the town's reason in words, not as a code
    const seen = await me.getCase(caseId);
    expect(seen.timeline.some((t) => t.note.includes('面积与登记不符'))).toBe(true);
  }, 120_000);

  it('one person holding the village’s and the town’s roles decides only one of the two steps', async () => {
    const d = demoHousehold('urban_housing');
    const village = d.record.villageCode;
    const both = `cadre-${village}`;
    await system().api.raw('POST', '/local/users', undefined, {
      body: { userId: both, groups: ['village_reviewer', 'town_reviewer'], village, town: townOf(village) },
    });
    const ctx = system().ctx;
    const me = await as(ctx, applicantOf(d));
    const { caseId } = await me.createCase(demoApplication(d, new Date().toISOString()));
    await me.submit(caseId);
    const cadre = await as(ctx, both);
    await cadre.waitForTask(caseId, 'village_review', 'village_review', { timeoutMs: TIMEOUT });
    await cadre.review(caseId, { decision: 'approve', reasons: [], resolution: resolution() });
    await cadre.waitForTask(caseId, 'town_review', 'town_review', { timeoutMs: TIMEOUT });
    const refused = await problemOf(cadre.call('POST', `/cases/${caseId}/review`, { body: approve }));
    expect([refused.status, refused.problem.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.problem.detailZh).toContain('村集体审核');
    // someone else of the town may
    const other = await as(ctx, townReviewer(village));
    expect((await other.review(caseId, approve)).status).toBe('district_approval');
  }, 120_000);
});
