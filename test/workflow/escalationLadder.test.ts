import { describe, expect, it } from 'vitest';
import { getCase } from '../../shared/adapters/table/caseRepository.js';
import { townOfVillage } from '../../shared/auth/town.js';
import { commitCaseChange } from '../../shared/cases/commands/commit.js';
import { touchCase } from '../../shared/cases/moveCase.js';
import type { Case } from '../../shared/domain/model/case.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { listInbox, recipients } from '../../shared/notifications/inbox.js';
import type { Audience } from '../../shared/notifications/ladder.js';
import { loggingSmsPort, setSmsPort } from '../../shared/ports/sms.js';
import { HUMAN_STEPS, type HumanStep } from '../../shared/workflow/contract.js';
import { invoke, lambdaContext, loadRoutes } from '../support/api.js';
import { principals } from '../support/seed.js';
import { caseOf, loadTasks, snapshot, useWorkflowEnvironment } from './harness.js';

/**
 * The escalation ladder (DOMAIN.md wave 2, 督办): every missed deadline tells the next level up and the
 * step waits again with the re-escalation deadline, until someone decides. The steps run here as the
 * state machine runs them (first wait, then timeout → escalate → the wait after the escalation, again
 * and again), on a clock the test holds, so every due date is exact.
 */
const env = useWorkflowEnvironment();
const { register, escalate } = await loadTasks();
const { reviewCase, listNotifications } = await loadRoutes('reviewCase', 'listNotifications');
const { handler: notifyHandler } = await import('../../functions/events/notify.js');

const DAY_MS = 86_400_000;
/** the illustrative parameters: village review 15 days, re-escalation 5 days */
const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
/** the registration of a wait takes a moment after the state is entered */
const REGISTERING_MS = 200;

let tokens = 0;

interface Missed {
  /** the token of each wait, the first one's first */
  tokens: string[];
  /** pendingTask.dueAt after each registration, the first wait's first */
  dueAts: string[];
  /** pendingTask after each escalation */
  escalated: NonNullable<Case['pendingTask']>[];
}

/** Registers the step's first wait at T0, then lets `times` deadlines pass, as the state machine would. */
async function missDeadlines(caseId: string, step: HumanStep, times: number): Promise<Missed> {
  const out: Missed = { tokens: [], dueAts: [], escalated: [] };
  const wait = async (at: number, escalated: boolean) => {
    const taskToken = `ladder-${caseId}-${++tokens}`;
    await register.registerTask({ caseId, step, taskToken, ...(escalated ? { escalated } : {}) }, iso(at));
    out.tokens.push(taskToken);
    const due = (await getCase(caseId))?.case.pendingTask?.dueAt;
    if (!due) throw new Error('the wait stored no due date');
    out.dueAts.push(due);
    return Date.parse(due);
  };
  let due = await wait(T0, false);
  for (let i = 0; i < times; i++) {
    // States.Timeout at the due date: escalate, then the wait after the escalation
    expect(await escalate.escalate({ caseId, step }, iso(due))).toEqual({ caseId, next: step });
    const pending = (await getCase(caseId))?.case.pendingTask;
    if (!pending) throw new Error('the escalation left no pending task');
    out.escalated.push(pending);
    due = await wait(due + REGISTERING_MS, true);
  }
  return out;
}

/** The inbox of every audience the ladder knows, for the case's household, village and district. */
function inboxesOf(c: Case): Record<Audience, string> {
  return {
    household: recipients.household(c.householdId),
    village: recipients.village(c.village),
    town: recipients.town(townOfVillage(c.village)),
    district: recipients.districtApprovers(c.districtCode),
    fund: recipients.fundAdmins(c.districtCode),
    auditor: recipients.auditors(c.districtCode),
    land: recipients.landOfficers(c.districtCode),
    registrar: recipients.registrars(),
  };
}

/** For each escalation event of the case, in order, the audiences whose inbox holds its notice. */
async function toldPerEscalation(c: Case): Promise<Audience[][]> {
  const escalations = env.doubles.events.ofCase(c.caseId).filter((e) => e.type === 'DeadlineEscalated');
  const inboxes = await Promise.all(
    Object.entries(inboxesOf(c)).map(async ([audience, recipient]) => ({
      audience: audience as Audience,
      items: (await listInbox(recipient, 100)).filter((i) => i.caseId === c.caseId),
    })),
  );
  return escalations.map((e) =>
    inboxes.filter((x) => x.items.some((i) => i.notificationId === e.eventId)).map((x) => x.audience),
  );
}

describe('the escalation ladder', () => {
  it('a village review missed three times tells the village and the town, then the district, then the auditors', async () => {
    const { caseId, case: c } = await caseOf('village_review');
    const missed = await missDeadlines(caseId, 'village_review', 3);

    expect(await toldPerEscalation(c)).toEqual([['village', 'town'], ['district'], ['auditor']]);
    const events = env.doubles.events.ofCase(caseId);
    expect(events.map((e) => [e.type, e.detail.level])).toEqual([
      ['DeadlineEscalated', 1],
      ['DeadlineEscalated', 2],
      ['DeadlineEscalated', 3],
    ]);
    // one event per escalation, each with its own id (from the case version each escalation writes)
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    // each names the deadline that passed
    expect(events.map((e) => e.detail.dueAt)).toEqual(missed.dueAts.slice(0, 3));
    expect(missed.escalated.map((p) => [p.escalated, p.escalations])).toEqual([
      [true, 1],
      [true, 2],
      [true, 3],
    ]);

    // the timeline says it in plain words, for staff
    const stored = (await getCase(caseId))?.case;
    expect(stored?.timeline.filter((t) => t.action === 'task.escalated').map((t) => t.note)).toEqual([
      '已超过办理期限（第 1 次督办），已通知村审核员、镇审核员 / deadline passed (escalation 1), the village reviewers and the town reviewers were told',
      '已超过办理期限（第 2 次督办），已通知区审批员 / deadline passed (escalation 2), the district approvers were told',
      '已超过办理期限（第 3 次督办），已通知审计员 / deadline passed (escalation 3), the auditors were told',
    ]);

    // the top of the ladder is told again at every further miss, the others are not
    const fourth = await escalate.escalate({ caseId, step: 'village_review' }, missed.dueAts[3] ?? '');
    expect(fourth).toEqual({ caseId, next: 'village_review' });
    expect((await toldPerEscalation(c)).at(-1)).toEqual(['auditor']);
    expect((await getCase(caseId))?.case.pendingTask?.escalations).toBe(4);
  });

  it('the due date moves on with every escalation, to when the next one comes', async () => {
    const { caseId } = await caseOf('village_review');
    const { dueAts } = await missDeadlines(caseId, 'village_review', 3);
    const first = T0 + 15 * DAY_MS;
    const nth = (n: number) => first + n * (REGISTERING_MS + 5 * DAY_MS);
    expect(dueAts).toEqual([iso(first), iso(nth(1)), iso(nth(2)), iso(nth(3))]);
    const pending = (await getCase(caseId))?.case.pendingTask;
    expect(pending).toEqual({
      kind: 'village_review',
      dueAt: iso(nth(3)),
      escalated: true,
      escalations: 3,
    });
  });

  it('a decision after two escalations resumes the latest wait normally', async () => {
    const { caseId } = await caseOf('village_review');
    const { tokens: waits } = await missDeadlines(caseId, 'village_review', 2);
    expect(waits).toHaveLength(3);
    const decided = await invoke(reviewCase, {
      principal: principals.reviewer,
      pathParameters: { caseId },
      body: {
        decision: 'approve',
        reasons: [],
        resolution: { meetingDate: '2026-03-30', membersPresent: 30, votesFor: 25, votesAgainst: 3 },
      },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(env.doubles.workflow.resumed).toEqual([{ token: waits[2], output: { outcome: 'approved' } }]);
    const stored = await getCase(caseId);
    expect(stored?.case.status).toBe('public_notice');
    expect(stored?.case.pendingTask).toBeUndefined();

    // the deadline passing just after the decision escalates nothing
    const before = await snapshot(caseId);
    await escalate.escalate({ caseId, step: 'village_review' }, new Date().toISOString());
    expect(await snapshot(caseId)).toEqual(before);
  });

  it.each([
    ['town_review', 'town_review', [['town', 'district'], ['auditor'], ['auditor']]],
    ['district_approval', 'district_approval', [['district', 'auditor'], ['auditor'], ['auditor']]],
    ['resubmission', 'returned', [['household', 'village'], ['village'], ['village']]],
    ['resettlement_choice', 'offers', [['household', 'village'], ['village'], ['village']]],
    ['fund_review', 'fund_review', [['fund', 'auditor'], ['auditor'], ['auditor']]],
    ['awaiting_funds', 'awaiting_funds', [['fund', 'auditor'], ['auditor'], ['auditor']]],
  ] as const)('%s (case %s) climbs its own ladder: %j', async (step, status, ladder) => {
    expect(HUMAN_STEPS[step].status).toBe(status);
    const { caseId, case: c } = await caseOf(status as CaseStatus);
    await missDeadlines(caseId, step, 3);
    expect(await toldPerEscalation(c)).toEqual(ladder);
  });

  it('the village is asked to help a household that missed its own deadline', async () => {
    const { caseId, case: c } = await caseOf('returned');
    await missDeadlines(caseId, 'resubmission', 2);
    const village = (await listInbox(recipients.village(c.village), 100)).filter((i) => i.caseId === caseId);
    expect(village.map((i) => [i.titleZh, i.bodyZh.replace(/^期限：.+?。/, '')])).toEqual([
      ['督办：补正材料已超过办理期限（第 2 次督办）', '请联系申请农户，协助其尽快办理。'],
      ['督办：补正材料已超过办理期限（第 1 次督办）', '请联系申请农户，协助其尽快办理。'],
    ]);
    const household = (await listInbox(recipients.household(c.householdId), 100)).filter(
      (i) => i.caseId === caseId,
    );
    expect(household.map((i) => i.titleZh)).toEqual(['补正材料已超过办理期限']);
  });

  it('a re-run of an escalation adds nothing, even when another write came in between', async () => {
    const { caseId } = await caseOf('village_review');
    const { dueAts } = await missDeadlines(caseId, 'village_review', 1);
    // the wait after the first escalation times out: the second escalation
    const due = Date.parse(dueAts[1] ?? '');
    await escalate.escalate({ caseId, step: 'village_review' }, iso(due));
    const escalations = () => env.doubles.events.ofCase(caseId).filter((e) => e.type === 'DeadlineEscalated');
    const second = escalations().at(-1);
    expect(second?.detail.level).toBe(2);

    // the household adds a document before the next wait registers
    const read = await getCase(caseId);
    if (!read) throw new Error('no case');
    await commitCaseChange({
      read,
      next: touchCase(read.case, {
        actor: principals.applicant.sub,
        at: iso(due + 1000),
        note: '补充材料 / document added',
      }),
      token: 'keep',
      audit: { actor: principals.applicant.sub, action: 'document.added', caseId },
      events: [],
    });
    // the escalation runs again (a retry of the same timeout): nothing is written, its event goes again
    const before = await snapshot(caseId);
    await escalate.escalate({ caseId, step: 'village_review' }, iso(due + 2000));
    expect(await snapshot(caseId)).toEqual(before);
    // the same event; re-sent, it no longer says its inbox items were written with it (notify then writes
    // them conditionally, finding them there)
    const { inboxWritten: firstTime, ...sameEvent } = second ?? {};
    expect(firstTime).toBe(true);
    expect(escalations().at(-1)).toEqual(sameEvent);
    expect(new Set(escalations().map((e) => e.eventId)).size).toBe(2);
  });

  it('a case escalated before the ladder counted (escalated, no count) goes on at the second rung', async () => {
    const { caseId, case: c } = await caseOf('village_review', {
      patch: { pendingTask: { kind: 'village_review', dueAt: iso(T0), escalated: true } },
    });
    await register.registerTask(
      { caseId, step: 'village_review', taskToken: `old-${caseId}`, escalated: true },
      iso(T0 + 1000),
    );
    expect((await getCase(caseId))?.case.pendingTask).toMatchObject({ escalated: true, escalations: 1 });
    await escalate.escalate({ caseId, step: 'village_review' }, iso(T0 + 6 * DAY_MS));
    expect(await toldPerEscalation(c)).toEqual([['district']]);
  });

  it('every rung is texted (SMS port), and the auditors read theirs in their own inbox', async () => {
    const { caseId, case: c } = await caseOf('district_approval');
    await missDeadlines(caseId, 'district_approval', 2);
    const texts: { to: string; text: string }[] = [];
    setSmsPort({ send: async (to, text) => void texts.push({ to, text }) });
    try {
      for (const e of env.doubles.events.ofCase(caseId)) {
        await notifyHandler({ detail: e } as never, lambdaContext());
      }
    } finally {
      setSmsPort(loggingSmsPort);
    }
    const inboxes = inboxesOf(c);
    expect(texts.map((t) => t.to)).toEqual([inboxes.district, inboxes.auditor, inboxes.auditor]);
    expect(texts[2]?.text).toMatch(/^宅基地退出办理：督办：区审批已超过办理期限（第 2 次督办）/);

    const inbox = await invoke(listNotifications, { principal: principals.auditor, query: { limit: '100' } });
    expect(inbox.status, inbox.text).toBe(200);
    const mine = (inbox.json.items as { caseId?: string; titleZh: string }[]).filter(
      (i) => i.caseId === caseId,
    );
    expect(mine.map((i) => i.titleZh)).toEqual([
      '督办：区审批已超过办理期限（第 2 次督办）',
      '督办：区审批已超过办理期限（第 1 次督办）',
    ]);
  });
});

describe('an execution never needs to outlive a year (the case may)', () => {
  it('a wait that could outlive its execution hands the case over to a new one, and the ladder goes on there', async () => {
    const { caseId } = await caseOf('village_review');
    await missDeadlines(caseId, 'village_review', 2);
    const before = await snapshot(caseId);
    const pending = before.stored?.case.pendingTask;
    // the execution began 361 days ago: a 5-day wait would end past its year (less the 7-day margin)
    const now = Date.parse(pending?.dueAt ?? '') + REGISTERING_MS;
    const old = { caseId, step: 'village_review' as const, escalated: true };
    const token = `old-execution-${caseId}`;
    await register.registerTask(
      { ...old, taskToken: token, executionStartedAt: iso(now - 361 * DAY_MS) },
      iso(now),
    );

    // nothing written on the case; a new execution resumes it at its status; this wait ends at once
    expect(await snapshot(caseId)).toEqual(before);
    const started = env.doubles.workflow.started.filter((s) => s.input.caseId === caseId);
    expect(started).toEqual([
      {
        executionName: expect.stringMatching(/-handover-[0-9a-f]{16}$/),
        input: { caseId, resumeFrom: 'village_review' },
      },
    ]);
    expect(started[0]?.executionName.length).toBeLessThanOrEqual(80);
    expect(env.doubles.workflow.resumed.filter((r) => r.token === token)).toEqual([
      { token, output: { outcome: 'continued' } },
    ]);

    // a retry of the same task starts the same execution (by name), never another one
    await register.registerTask(
      { ...old, taskToken: token, executionStartedAt: iso(now - 361 * DAY_MS) },
      iso(now),
    );
    const names = env.doubles.workflow.started
      .filter((s) => s.input.caseId === caseId)
      .map((s) => s.executionName);
    expect(new Set(names).size).toBe(1);

    // the new execution's first wait: the step's own deadline from now, the ladder's count kept
    await register.registerTask(
      { caseId, step: 'village_review', taskToken: `new-${caseId}`, executionStartedAt: iso(now) },
      iso(now + REGISTERING_MS),
    );
    expect((await getCase(caseId))?.case.pendingTask).toEqual({
      kind: 'village_review',
      dueAt: iso(now + REGISTERING_MS + 15 * DAY_MS),
      escalated: true,
      escalations: 2,
    });
    await escalate.escalate({ caseId, step: 'village_review' }, iso(now + REGISTERING_MS + 15 * DAY_MS));
    expect((await getCase(caseId))?.case.pendingTask?.escalations).toBe(3);
  });

  it('a young execution waits as usual, and so does one whose wait ends in time', async () => {
    const { caseId } = await caseOf('village_review');
    const now = T0;
    // 15 days of review from day 340 ends on day 355, inside 365 less the margin of 7
    const token = `in-time-${caseId}`;
    // as the state machine calls it: with the wait's deadline, so the step writes without reading first
    const deadlineSeconds = 15 * 86_400;
    await register.registerTask(
      {
        caseId,
        step: 'village_review',
        taskToken: token,
        executionStartedAt: iso(now - 340 * DAY_MS),
        deadlineSeconds,
      },
      iso(now),
    );
    expect((await getCase(caseId))?.pendingToken?.token).toBe(token);
    expect(env.doubles.workflow.started.filter((s) => s.input.caseId === caseId)).toEqual([]);
    // one day later it would not: 15 days from day 344 end on day 359 > 358
    const { caseId: late } = await caseOf('village_review');
    await register.registerTask(
      {
        caseId: late,
        step: 'village_review',
        taskToken: `late-${late}`,
        executionStartedAt: iso(now - 344 * DAY_MS),
        deadlineSeconds,
      },
      iso(now),
    );
    expect((await getCase(late))?.pendingToken).toBeUndefined();
    expect(env.doubles.workflow.started.filter((s) => s.input.caseId === late)).toHaveLength(1);
  });
});
