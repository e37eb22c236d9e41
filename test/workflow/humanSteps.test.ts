import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/keys.js';
import { caseAuditTrail, getCase } from '../../shared/adapters/table/caseRepository.js';
import { getItem } from '../../shared/adapters/table/dynamo.js';
import { registerTask } from '../../shared/cases/commands/steps/registerTask.js';
import { domainEventSchema } from '../../shared/domain/model/event.js';
import { listInbox, recipients } from '../../shared/notifications/inbox.js';
import { notificationsFor } from '../../shared/notifications/messages.js';
import { loggingSmsPort, setSmsPort } from '../../shared/ports/sms.js';
import { parametersForCase, stepSeconds } from '../../shared/workflow/deadlines.js';
import { dynamoCommandsDuring } from '../support/dynamoRequests.js';
import { caseOf, invokeTask, loadTasks, snapshot, useWorkflowEnvironment } from './harness.js';

/**
 * The human steps: registerTask (the `.waitForTaskToken` task that stores the token), escalate (the
 * States.Timeout of a step's first wait) and the notify consumer that turns events into inbox items.
 */
const env = useWorkflowEnvironment();
const { register, escalate } = await loadTasks();
const { handler: notifyHandler } = await import('../../functions/events/notify.js');
const { lambdaContext } = await import('../support/api.js');

const DAY_MS = 86_400_000;
let tokens = 0;
const newToken = () => `token-${Date.now()}-${++tokens}`;

describe('registerTask', () => {
  it('stores the token with its status and the step waiting, due after the parameters’ deadline', async () => {
    const { caseId, case: before } = await caseOf('village_review');
    const token = newToken();
    const started = Date.now();
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: token });

    const stored = await getCase(caseId);
    expect(stored?.pendingToken).toEqual({ token, status: 'village_review' });
    expect(stored?.case.status).toBe('village_review');
    expect(stored?.case.version).toBe(before.version + 1);
    const pending = stored?.case.pendingTask;
    expect(pending).toMatchObject({ kind: 'village_review', escalated: false });
    // reviewDays = 15 in the illustrative parameters
    const due = Date.parse(pending?.dueAt ?? '');
    expect(due - started).toBeGreaterThanOrEqual(15 * DAY_MS - 1000);
    expect(due - Date.now()).toBeLessThanOrEqual(15 * DAY_MS);
    // a waiting step is not a status change: no event, no resume
    expect(env.doubles.events.ofCase(caseId)).toEqual([]);
    expect(env.doubles.workflow.resumed).toEqual([]);
  });

  it.each([
    ['resubmission', 'returned', 'resubmission', 30],
    ['resettlement_choice', 'offers', 'resettlement_choice', 30],
    ['fund_review', 'fund_review', 'fund_review', 10],
    ['awaiting_funds', 'awaiting_funds', 'fund_review', 10],
  ] as const)('step %s waits in status %s as pending %s for %i days', async (step, status, kind, days) => {
    const { caseId } = await caseOf(status);
    const token = newToken();
    await invokeTask(register.handler, { caseId, step, taskToken: token });
    const stored = await getCase(caseId);
    expect(stored?.pendingToken).toEqual({ token, status });
    expect(stored?.case.pendingTask?.kind).toBe(kind);
    const left = Date.parse(stored?.case.pendingTask?.dueAt ?? '') - Date.now();
    expect(left).toBeGreaterThan((days - 1) * DAY_MS);
    expect(left).toBeLessThanOrEqual(days * DAY_MS);
  });

  it('a retried invocation with the same token writes nothing', async () => {
    const { caseId } = await caseOf('village_review');
    const token = newToken();
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: token });
    const before = await snapshot(caseId);
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: token });
    expect(await snapshot(caseId)).toEqual(before);
  });

  it('on a withdrawn case it resumes the token at once with "withdrawn" and writes nothing', async () => {
    const { caseId } = await caseOf('withdrawn');
    const before = await snapshot(caseId);
    const token = newToken();
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: token });
    expect(env.doubles.workflow.resumed).toEqual([{ token, output: { outcome: 'withdrawn' } }]);
    expect(await snapshot(caseId)).toEqual(before);
  });

  it.each([
    ['fund_review', 'disbursed', 'paid'],
    ['fund_review', 'awaiting_funds', 'queued'],
    ['awaiting_funds', 'disbursed', 'paid'],
    ['village_review', 'public_notice', 'approved'],
    ['village_review', 'returned', 'returned'],
    ['resubmission', 'resubmitted', 'resubmitted'],
    ['resettlement_choice', 'agreement_signed', 'chosen'],
  ] as const)('step %s on a case already %s resumes with "%s"', async (step, status, outcome) => {
    const { caseId } = await caseOf(status);
    const token = newToken();
    await invokeTask(register.handler, { caseId, step, taskToken: token });
    expect(env.doubles.workflow.resumed).toEqual([{ token, output: { outcome } }]);
    expect((await getCase(caseId))?.pendingToken).toBeUndefined();
  });

  it('a rejection resumes "rejected" only at the step that rejected', async () => {
    const village = await caseOf('rejected', { patch: { rejectedAt: 'village_review' } });
    const token = newToken();
    await invokeTask(register.handler, { caseId: village.caseId, step: 'village_review', taskToken: token });
    expect(env.doubles.workflow.resumed).toEqual([{ token, output: { outcome: 'rejected' } }]);
    // a village rejection seen from the fund step is a disagreement, failed loudly, never resumed
    await expect(
      invokeTask(register.handler, { caseId: village.caseId, step: 'fund_review', taskToken: newToken() }),
    ).rejects.toMatchObject({ name: 'UnexpectedCaseStatus' });
    expect(env.doubles.workflow.resumed).toHaveLength(1);
  });

  it('a token Step Functions has already closed is not an error (the decision resumed it first)', async () => {
    const { caseId } = await caseOf('public_notice');
    const closed = Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });
    env.doubles.workflow.resumeTask = async () => {
      throw closed;
    };
    await expect(
      invokeTask(register.handler, { caseId, step: 'village_review', taskToken: newToken() }),
    ).resolves.toBeUndefined();
  });

  it('a missing step or token is invalid input', async () => {
    const { caseId } = await caseOf('village_review');
    await expect(invokeTask(register.handler, { caseId, step: 'village_review' })).rejects.toMatchObject({
      name: 'InvalidTaskInput',
    });
    await expect(
      invokeTask(register.handler, { caseId, step: 'nope', taskToken: 't' }),
    ).rejects.toMatchObject({ name: 'InvalidTaskInput' });
  });
});

describe('escalate', () => {
  it('counts the first escalation, publishes DeadlineEscalated level 1 and tells the village and the town', async () => {
    const { caseId } = await caseOf('village_review');
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: newToken() });
    const due = (await getCase(caseId))?.case.pendingTask?.dueAt;

    const result = await invokeTask(escalate.handler, { caseId, step: 'village_review' });
    expect(result).toEqual({ caseId, next: 'village_review' });
    const after = await snapshot(caseId);
    expect(after.stored?.case.pendingTask).toEqual({
      kind: 'village_review',
      dueAt: due,
      escalated: true,
      escalations: 1,
    });
    expect(after.stored?.case.status).toBe('village_review');
    expect(after.stored?.case.timeline.at(-1)).toMatchObject({
      action: 'task.escalated',
      note: '已超过办理期限（第 1 次督办），已通知村审核员、镇审核员 / deadline passed (escalation 1), the village reviewers and the town reviewers were told',
    });
    const events = env.doubles.events.ofCase(caseId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'DeadlineEscalated',
      fromStatus: 'village_review',
      toStatus: 'village_review',
      detail: { step: 'village_review', dueAt: due, responsible: 'village', level: 1 },
    });

    const village = after.stored?.case.village ?? '';
    const inboxOf = async (recipient: string) =>
      (await listInbox(recipient, 200)).filter((i) => i.caseId === caseId);
    const own = await inboxOf(recipients.village(village));
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      eventType: 'DeadlineEscalated',
      notificationId: events[0]?.eventId,
      titleZh: '村集体审核已超过办理期限',
    });
    const above = await inboxOf(recipients.town(village.slice(0, 9)));
    expect(above).toHaveLength(1);
    expect(above[0]).toMatchObject({
      notificationId: events[0]?.eventId,
      titleZh: '督办：村集体审核已超过办理期限（第 1 次督办）',
    });
    expect(above[0]?.bodyZh).toMatch(/请督促村审核员尽快办理。$/);

    // again (a re-run of the same timeout): same state, no second escalation, no second notice
    await invokeTask(escalate.handler, { caseId, step: 'village_review' });
    expect(await snapshot(caseId)).toEqual(after);
    expect(new Set(env.doubles.events.ofCase(caseId).map((e) => e.eventId)).size).toBe(1);
    expect(await inboxOf(recipients.village(village))).toHaveLength(1);
  });

  it('the wait after the escalation keeps the escalation and is due when the next one comes', async () => {
    const { caseId } = await caseOf('fund_review');
    await invokeTask(register.handler, { caseId, step: 'fund_review', taskToken: newToken() });
    await invokeTask(escalate.handler, { caseId, step: 'fund_review' });
    const second = newToken();
    const started = Date.now();
    await invokeTask(register.handler, { caseId, step: 'fund_review', taskToken: second, escalated: true });
    const stored = await getCase(caseId);
    expect(stored?.pendingToken).toEqual({ token: second, status: 'fund_review' });
    expect(stored?.case.pendingTask).toMatchObject({ kind: 'fund_review', escalated: true, escalations: 1 });
    // reEscalationDays = 5 in the illustrative parameters
    const due = Date.parse(stored?.case.pendingTask?.dueAt ?? '');
    expect(due - started).toBeGreaterThanOrEqual(5 * DAY_MS - 1000);
    expect(due - Date.now()).toBeLessThanOrEqual(5 * DAY_MS);
  });

  it('a first wait registered again on an escalated step (a re-drive, a handover) keeps the ladder and is due by the step’s deadline from then', async () => {
    const { caseId } = await caseOf('fund_review');
    await invokeTask(register.handler, { caseId, step: 'fund_review', taskToken: newToken() });
    await invokeTask(escalate.handler, { caseId, step: 'fund_review' });
    const escalated = (await getCase(caseId))?.case.pendingTask;
    const before = Date.now();
    await invokeTask(register.handler, { caseId, step: 'fund_review', taskToken: newToken() });
    const again = (await getCase(caseId))?.case.pendingTask;
    expect(again).toMatchObject({ kind: 'fund_review', escalated: true, escalations: 1 });
    // the new execution's timer is the step's own (fund review: 10 days), from its registration
    const due = Date.parse(again?.dueAt ?? '') - 10 * 86_400_000;
    expect(due).toBeGreaterThanOrEqual(before);
    expect(due).toBeLessThanOrEqual(Date.now());
    expect(again?.dueAt).not.toBe(escalated?.dueAt);
  });

  it.each([
    ['fund_review', 'fund_review', 'FUNDADMIN'],
    ['awaiting_funds', 'awaiting_funds', 'FUNDADMIN'],
    ['resubmission', 'returned', 'household'],
    ['resettlement_choice', 'offers', 'household'],
  ] as const)('a late %s step notifies the responsible party (%s → %s)', async (step, status, who) => {
    const { caseId, case: c } = await caseOf(status);
    await invokeTask(register.handler, { caseId, step, taskToken: newToken() });
    await invokeTask(escalate.handler, { caseId, step });
    const recipient =
      who === 'household' ? recipients.household(c.householdId) : recipients.fundAdmins(c.districtCode);
    const inbox = (await listInbox(recipient, 200)).filter((i) => i.caseId === caseId);
    expect(inbox.map((i) => i.eventType)).toEqual(['DeadlineEscalated']);
  });

  it('a case decided just as the deadline passed is left alone', async () => {
    const { caseId } = await caseOf('public_notice');
    const before = await snapshot(caseId);
    expect(await invokeTask(escalate.handler, { caseId, step: 'village_review' })).toEqual({
      caseId,
      next: 'village_review',
    });
    expect(await snapshot(caseId)).toEqual(before);
    expect(env.doubles.events.ofCase(caseId)).toEqual([]);
  });
});

describe('notify (EventBridge consumer)', () => {
  function bridged(detail: unknown) {
    return {
      version: '0',
      id: 'eb-1',
      'detail-type': 'X',
      source: 'homestead-exit',
      account: '123456789012',
      time: new Date().toISOString(),
      region: 'us-east-1',
      resources: [],
      detail,
    };
  }

  it('a case change writes its events’ inbox items in its own transaction; notify adds none', async () => {
    const { caseId } = await caseOf('submitted');
    await (await loadTasks()).assess.handler({ caseId } as never, lambdaContext());
    const outcome = env.doubles.events.ofCase(caseId).at(-1);
    if (!outcome) throw new Error('no event');
    expect(outcome.toStatus).toBe('village_review');
    expect(outcome.inboxWritten).toBe(true);

    // the items are there before any consumer ran
    const inboxes = async () => ({
      household: (await listInbox(recipients.household(outcome.householdId ?? ''), 200)).filter(
        (i) => i.notificationId === outcome.eventId,
      ),
      village: (await listInbox(recipients.village(outcome.villageCode ?? ''), 200)).filter(
        (i) => i.notificationId === outcome.eventId,
      ),
    });
    const written = await inboxes();
    expect(written.household).toHaveLength(1);
    expect(written.village).toMatchObject([
      { eventType: 'EligibilityAssessed', titleZh: '有新的退出申请待审核' },
    ]);

    const first = await notifyHandler(bridged(outcome) as never, lambdaContext());
    expect(first).toEqual({ eventId: outcome.eventId, written: 0, existing: 2, texted: 0 });
    expect(await inboxes()).toEqual(written);
  });

  it('turns an event whose items were not written with it into inbox items once, however often it is delivered', async () => {
    const { caseId } = await caseOf('submitted');
    await (await loadTasks()).assess.handler({ caseId } as never, lambdaContext());
    const written = env.doubles.events.ofCase(caseId).at(-1);
    if (!written) throw new Error('no event');
    // as a fund or document event, or a re-sent one, comes: without `inboxWritten` (another id, so that
    // its items are not the ones the case write stored)
    const { inboxWritten: _, ...rest } = written;
    const outcome = { ...rest, eventId: `${written.eventId}:resent` };

    const first = await notifyHandler(bridged(outcome) as never, lambdaContext());
    expect(first).toEqual({ eventId: outcome.eventId, written: 2, existing: 0, texted: 0 });
    const again = await notifyHandler(bridged(outcome) as never, lambdaContext());
    expect(again).toEqual({ eventId: outcome.eventId, written: 0, existing: 2, texted: 0 });

    const household = await listInbox(recipients.household(outcome.householdId ?? ''), 200);
    const village = await listInbox(recipients.village(outcome.villageCode ?? ''), 200);
    expect(household.filter((i) => i.notificationId === outcome.eventId)).toHaveLength(1);
    expect(village.filter((i) => i.notificationId === outcome.eventId)).toMatchObject([
      { eventType: 'EligibilityAssessed', titleZh: '有新的退出申请待审核' },
    ]);
  });

  it('an escalation it receives was already written by escalate: nothing is added, the rung is texted', async () => {
    const { caseId, case: c } = await caseOf('village_review');
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: newToken() });
    await invokeTask(escalate.handler, { caseId, step: 'village_review' });
    const event = env.doubles.events.ofCase(caseId)[0];
    const texts: { to: string; text: string }[] = [];
    setSmsPort({ send: async (to, text) => void texts.push({ to, text }) });
    try {
      const result = await notifyHandler(bridged(event) as never, lambdaContext());
      expect(result).toMatchObject({ written: 0, existing: 2, texted: 2 });
    } finally {
      setSmsPort(loggingSmsPort);
    }
    expect(texts.map((t) => t.to)).toEqual([
      recipients.village(c.village),
      recipients.town(c.village.slice(0, 9)),
    ]);
    expect(texts[0]?.text).toMatch(
      new RegExp(
        `^宅基地退出办理：村集体审核已超过办理期限（案件 ${caseId}）。期限：.+（北京时间）。请尽快办理。$`,
      ),
    );
    expect(texts[1]?.text).toMatch(/^宅基地退出办理：督办：村集体审核已超过办理期限（第 1 次督办）（案件 /);
  });

  it('an escalation tells the deadline on the clock in Zibo, not in UTC', () => {
    const escalated = domainEventSchema.parse({
      eventId: 'C-1:village_review:DeadlineEscalated',
      type: 'DeadlineEscalated',
      at: '2026-12-11T02:00:00.000Z',
      actor: 'system:workflow',
      caseId: 'C-1',
      householdId: 'H-1',
      villageCode: '370302101201',
      detail: { step: 'village_review', dueAt: '2026-12-10T17:30:00.000Z', responsible: 'village' },
    });
    const [item] = notificationsFor(escalated);
    expect(item?.bodyZh).toBe('期限：2026年12月11日 01:30（北京时间）。请尽快办理。');
    expect(item?.bodyEn).toBe('Due 11 Dec 2026 01:30 China time (UTC+8). Please act now.');
  });

  it('the start of an assessment notifies nobody; a detail that is not a domain event is refused', async () => {
    const started = domainEventSchema.parse({
      eventId: 'C-1:1:AssessmentStarted',
      type: 'AssessmentStarted',
      at: new Date().toISOString(),
      actor: 'system:workflow',
      caseId: 'C-1',
      householdId: 'H-1',
      toStatus: 'eligibility',
      detail: {},
    });
    expect(notificationsFor(started)).toEqual([]);
    await expect(notifyHandler(bridged({ nope: true }) as never, lambdaContext())).rejects.toThrow();
  });
});

describe('registerTask without reading the case (the wait passes its deadline)', () => {
  /** What a write changed in the case item: every attribute path whose value differs, with the new value. */
  function changes(before: unknown, after: unknown, caseId: string, path = ''): Record<string, unknown> {
    const isMap = (v: unknown): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v);
    if (isMap(before) && isMap(after)) {
      const out: Record<string, unknown> = {};
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        Object.assign(out, changes(before[key], after[key], caseId, `${path}.${key}`));
      }
      return out;
    }
    if (JSON.stringify(before) === JSON.stringify(after)) return {};
    // a list that grew at its end (the timeline): what was appended
    if (
      Array.isArray(before) &&
      Array.isArray(after) &&
      JSON.stringify(after.slice(0, before.length)) === JSON.stringify(before)
    ) {
      return { [`${path}+`]: after.slice(before.length) };
    }
    // two cases are compared: the one's id stands for the other's
    return { [path]: JSON.parse(JSON.stringify(after ?? null).replaceAll(caseId, 'CASE')) };
  }

  const rawCase = async (caseId: string) => (await getItem(keys.case(caseId))) ?? {};

  it.each([
    ['village_review', 'village_review'],
    ['town_review', 'town_review'],
    ['resettlement_choice', 'offers'],
    ['fund_review', 'fund_review'],
  ] as const)(
    '%s: one write, and exactly the item and audit entry the read-decide-write stores',
    async (step, status) => {
      const viaRead = await caseOf(status);
      const direct = await caseOf(status);
      const now = new Date(Date.now() + 1000).toISOString();
      const seconds = stepSeconds(await parametersForCase(direct.case, now))[step];
      const beforeRead = await rawCase(viaRead.caseId);
      const beforeDirect = await rawCase(direct.caseId);

      await registerTask({ caseId: viaRead.caseId, step, taskToken: 'the-token' }, now);
      const { sent } = await dynamoCommandsDuring(() =>
        registerTask({ caseId: direct.caseId, step, taskToken: 'the-token', deadlineSeconds: seconds }, now),
      );
      expect(sent.map((c) => c.command)).toEqual(['TransactWriteItemsCommand']);

      const expected = changes(beforeRead, await rawCase(viaRead.caseId), viaRead.caseId);
      expect(expected['.taskToken']).toBe('the-token');
      expect(changes(beforeDirect, await rawCase(direct.caseId), direct.caseId)).toEqual(expected);
      const lastAudit = async (caseId: string) => {
        const { auditId: _id, caseId: _c, ...entry } = (await caseAuditTrail(caseId)).at(-1) ?? {};
        return entry;
      };
      expect(await lastAudit(direct.caseId)).toEqual(await lastAudit(viaRead.caseId));
    },
  );

  it('a retry, a re-drive, an escalated wait or a case that left the step reads the case and decides as before', async () => {
    const deadlineSeconds = 15 * 86_400;
    // a retry: the token is stored already, nothing is written again
    const { caseId } = await caseOf('village_review');
    const token = newToken();
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: token, deadlineSeconds });
    const before = await snapshot(caseId);
    await invokeTask(register.handler, { caseId, step: 'village_review', taskToken: token, deadlineSeconds });
    expect(await snapshot(caseId)).toEqual(before);
    // the wait after an escalation keeps the ladder, due by the deadline it was given
    const escalated = await caseOf('village_review', {
      patch: {
        pendingTask: {
          kind: 'village_review',
          dueAt: new Date().toISOString(),
          escalated: true,
          escalations: 2,
        },
      },
    });
    const started = Date.now();
    await invokeTask(register.handler, {
      caseId: escalated.caseId,
      step: 'village_review',
      taskToken: newToken(),
      escalated: true,
      deadlineSeconds: 60,
    });
    const pending = (await getCase(escalated.caseId))?.case.pendingTask;
    expect(pending).toMatchObject({ escalated: true, escalations: 2 });
    expect(Date.parse(pending?.dueAt ?? '') - started).toBeGreaterThanOrEqual(59_000);
    expect(Date.parse(pending?.dueAt ?? '') - Date.now()).toBeLessThanOrEqual(60_000);
    // a withdrawn case: the token is resumed at once, nothing written
    const withdrawn = await caseOf('withdrawn');
    const snap = await snapshot(withdrawn.caseId);
    const late = newToken();
    await invokeTask(register.handler, {
      caseId: withdrawn.caseId,
      step: 'village_review',
      taskToken: late,
      deadlineSeconds,
    });
    expect(env.doubles.workflow.resumed).toEqual([{ token: late, output: { outcome: 'withdrawn' } }]);
    expect(await snapshot(withdrawn.caseId)).toEqual(snap);
    // a wait that could outlive its execution hands the case over, written or not
    const old = await caseOf('village_review');
    const oldSnap = await snapshot(old.caseId);
    const now = new Date(Date.now() + 1000).toISOString();
    await registerTask(
      {
        caseId: old.caseId,
        step: 'village_review',
        taskToken: 'old-token',
        executionStartedAt: new Date(Date.parse(now) - 361 * 86_400_000).toISOString(),
        deadlineSeconds,
      },
      now,
    );
    expect(await snapshot(old.caseId)).toEqual(oldSnap);
    expect(env.doubles.workflow.started.filter((s) => s.input.caseId === old.caseId)).toHaveLength(1);
  });
});
