import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { trancheEvent } from '../../shared/cases/commands/advance/tranche.js';
import { caseEvent } from '../../shared/cases/moveCase.js';
import { paymentSchedule } from '../../shared/domain/compensation/schedule.js';
import type { DistrictCode } from '../../shared/domain/model/common.js';
import { DOMAIN_EVENT_TYPES, type DomainEvent, domainEventSchema } from '../../shared/domain/model/event.js';
import { CASE_STATUSES } from '../../shared/domain/model/status.js';
import { TRANCHE_MILESTONES } from '../../shared/domain/model/tranche.js';
import {
  projectionUpdate,
  projectionView,
  quarterOf,
  statusCounter,
  trancheCounter,
  trancheFenCounter,
  typeCounter,
  UnprojectableEventError,
} from '../../shared/reports/projection.js';
import { retryTransientConflicts } from '../../shared/reports/projectionStore.js';
import { quarterlyReport } from '../../shared/reports/quarterly.js';
import { lambdaContext, TABLE_NAME, useApiEnvironment } from '../support/api.js';
import { agreement, makeCase } from './fixtures.js';

const ZICHUAN: DistrictCode = '370302';
const ZHANGDIAN: DistrictCode = '370303';

/** An event as a case move publishes it (shared/cases/moveCase.ts), through JSON as EventBridge carries it. */
function moveEvent(
  type: DomainEvent['type'],
  at: string,
  from: DomainEvent['fromStatus'],
  to: NonNullable<DomainEvent['toStatus']>,
  detail: Record<string, unknown> = {},
  opts: { caseId?: string; district?: DistrictCode; version?: number } = {},
): DomainEvent {
  const c = makeCase({
    caseId: opts.caseId ?? `C-${randomUUID().slice(0, 8)}`,
    districtCode: opts.district ?? ZICHUAN,
    steps: [['draft', '2020-01-01T00:00:00Z']],
    status: to,
    extra: { updatedAt: at, version: opts.version ?? 1 },
  });
  return domainEventSchema.parse(JSON.parse(JSON.stringify(caseEvent(type, c, 'tester', from, detail))));
}

/** FundReplenished exactly as shared/fund/replenish.ts publishes it: a district, no case. */
function replenished(
  at: string,
  amountFen: unknown,
  district: string = ZICHUAN,
  detail: Record<string, unknown> = { source: 'appropriation' },
): DomainEvent {
  const entryId = randomUUID();
  return domainEventSchema.parse({
    eventId: `FundReplenished:${district}:${entryId}`,
    type: 'FundReplenished',
    at,
    actor: 'fund-admin',
    districtCode: district,
    detail: { entryId, amountFen, reference: 'R-1', ...detail },
  });
}

/** A quota sale: `quota` is what the event states (quotaM2 with the m² change, quotaMu4 before it, or nothing). */
const quotaSale = (at: string, quota: Record<string, unknown> = {}) =>
  replenished(at, 1_000_00, ZICHUAN, { source: 'quota_sale', ...quota });

/** MilestoneRecorded as shared/cases/commands/milestones/record.ts publishes it: the kind and its fields. */
const milestone = (at: string, detail: Record<string, unknown>) =>
  moveEvent('MilestoneRecorded', at, 'vacating', 'disposing', detail);

describe('quarterOf', () => {
  it.each([
    ['2025-01-01T00:00:00+08:00', 2025, 1],
    ['2024-12-31T16:00:00Z', 2025, 1],
    ['2024-12-31T15:59:59.999Z', 2024, 4],
    ['2025-03-31T15:59:59.999Z', 2025, 1],
    // 23:30 on 31 March in Zibo is Q1; 00:10 on 1 April in Zibo is Q2, though still 31 March in UTC
    ['2025-03-31T23:30:00+08:00', 2025, 1],
    ['2025-03-31T16:10:00Z', 2025, 2],
    ['2025-04-01T07:00:00+08:00', 2025, 2],
    // 23:00 at UTC−2 on 30 September is 09:00 on 1 October in Zibo
    ['2025-09-30T23:00:00-02:00', 2025, 4],
    ['2025-09-30T06:00:00-02:00', 2025, 3],
    ['2025-12-31T15:59:59Z', 2025, 4],
    // 23:59 UTC on 31 December is already New Year's Day in Zibo
    ['2025-12-31T23:59:59Z', 2026, 1],
  ])('%s is %i Q%i (Zibo date)', (at, year, quarter) => {
    expect(quarterOf(at)).toEqual({ year, quarter });
  });
});

describe('projectionUpdate (event → increments)', () => {
  it('CaseCreated arrives at draft: one event, its type, one transition into draft', () => {
    const e = moveEvent('CaseCreated', '2025-05-02T03:00:00Z', undefined, 'draft');
    expect(projectionUpdate(e)).toEqual({
      district: ZICHUAN,
      year: 2025,
      quarter: 2,
      increments: { events: 1, 'type#CaseCreated': 1, 'to#draft': 1 },
    });
  });

  it('an event that leaves the status as it was counts as an event, not as a transition', () => {
    const escalated = moveEvent(
      'DeadlineEscalated',
      '2025-05-02T03:00:00Z',
      'village_review',
      'village_review',
    );
    expect(projectionUpdate(escalated).increments).toEqual({ events: 1, 'type#DeadlineEscalated': 1 });
    const approved = moveEvent('AdvanceApproved', '2025-05-02T03:00:00Z', 'fund_review', 'fund_review', {
      amountFen: 500_000,
    });
    // an approval moves no money: only the disbursement does
    expect(projectionUpdate(approved).increments).toEqual({ events: 1, 'type#AdvanceApproved': 1 });
  });

  it('AdvanceDisbursed adds its amount to advancedFen and a transition into disbursed', () => {
    const e = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00+08:00', 'fund_review', 'disbursed', {
      amountFen: 12_345_678,
      requiredApprovals: 2,
      approvals: 2,
      entryId: 'ADV-1',
    });
    expect(projectionUpdate(e)).toEqual({
      district: ZICHUAN,
      year: 2025,
      quarter: 3,
      increments: {
        events: 1,
        'type#AdvanceDisbursed': 1,
        'to#disbursed': 1,
        advancedFen: 12_345_678,
        // an event from before the payment schedule names no tranche: it was the one payment, tranche 1
        'tranche#1': 1,
        'trancheFen#1': 12_345_678,
        // nor a milestone: it was paid at the fund's approval
        'trancheAt#approval': 1,
        'trancheAtFen#approval': 12_345_678,
      },
    });
  });

  it('AdvanceDisbursed of a tranche counts that tranche and adds its amount to it and to advancedFen', () => {
    const e = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'disposing', 'cancelling', {
      tranche: 2,
      milestone: 'disposed',
      amountFen: 150_000_00,
    });
    expect(projectionUpdate(e).increments).toEqual({
      events: 1,
      'type#AdvanceDisbursed': 1,
      'to#cancelling': 1,
      advancedFen: 150_000_00,
      'tranche#2': 1,
      'trancheFen#2': 150_000_00,
      'trancheAt#disposed': 1,
      'trancheAtFen#disposed': 150_000_00,
    });
    const first = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'fund_review', 'vacating', {
      tranche: null,
      amountFen: 1,
    });
    expect(projectionUpdate(first).increments).toMatchObject({
      'tranche#1': 1,
      'trancheFen#1': 1,
      'trancheAt#approval': 1,
    });
    // a contract-land exit's tranche 2 falls due at the handover, not at a disposition
    const handover = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'handing_over', 'closed', {
      tranche: 2,
      milestone: 'handed_over',
      amountFen: 30_00,
    });
    expect(projectionUpdate(handover).increments).toMatchObject({
      'tranche#2': 1,
      'trancheAt#handed_over': 1,
      'trancheAtFen#handed_over': 30_00,
    });
  });

  it('counts the tranche events the fund publishes (trancheEvent): one id, tranche and amount each', () => {
    const schedule = paymentSchedule('homestead_exit', 1_000_001);
    const c = makeCase({
      caseId: 'C-PROJ-TRANCHES',
      steps: [['draft', '2025-01-01T00:00:00Z']],
      status: 'cancelling',
      extra: {
        updatedAt: '2025-08-09T10:00:00Z',
        agreement: agreement('C-PROJ-TRANCHES', '2025-05-01T00:00:00Z', []),
        paymentSchedule: schedule,
      },
    });
    const events = schedule.map((t) =>
      domainEventSchema.parse(
        JSON.parse(JSON.stringify(trancheEvent('AdvanceDisbursed', c, 'fund-admin', 'disposing', t, 'paid'))),
      ),
    );
    // three payments, three ids: none is taken for a replay of another
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    const item: Record<string, number> = {};
    for (const e of events) {
      for (const [k, n] of Object.entries(projectionUpdate(e).increments)) item[k] = (item[k] ?? 0) + n;
    }
    const v = projectionView(ZICHUAN, { year: 2025, quarter: 3 }, item);
    // 50/30/20 of 10 000.01 yuan: 500 001 (half-up), 300 000, and the rest, 200 000
    expect(v.tranches.map((t) => [t.tranche, t.count, t.amountFen])).toEqual([
      [1, 1, 500_001],
      [2, 1, 300_000],
      [3, 1, 200_000],
    ]);
    expect(v.tranchesAt.disposed).toEqual({ count: 1, amountFen: 300_000 });
    expect(v.advancedFen).toBe(1_000_001);
  });

  it.each(['vacated', 'cooling_off', 7])('refuses AdvanceDisbursed due at milestone %s', (milestone) => {
    const e = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'disposing', 'cancelling', {
      tranche: 2,
      milestone,
      amountFen: 1,
    });
    expect(() => projectionUpdate(e)).toThrow(/is due at milestone/);
  });

  it.each([0, 11, 1.5, -1, '2', true])('refuses AdvanceDisbursed of tranche %s', (tranche) => {
    const e = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'disposing', 'cancelling', {
      tranche,
      amountFen: 1,
    });
    expect(() => projectionUpdate(e)).toThrow(/not a tranche number from 1 to 10/);
  });

  it('MilestoneRecorded counts its kind; disposed its disposition and accepted area, reclaimed its quota', () => {
    const inc = (detail: Record<string, unknown>) =>
      projectionUpdate(milestone('2025-05-02T03:00:00Z', detail)).increments;
    const base = { events: 1, 'type#MilestoneRecorded': 1, 'to#disposing': 1 };
    expect(inc({ kind: 'vacated', documentIds: ['PH-1'] })).toEqual({ ...base, 'milestone#vacated': 1 });
    expect(inc({ kind: 'certificate_cancelled', cancellationNo: 'ZX-1' })).toEqual({
      ...base,
      'milestone#certificate_cancelled': 1,
    });
    expect(inc({ kind: 'handed_over', taker: { name: '村集体' } })).toEqual({
      ...base,
      'milestone#handed_over': 1,
    });
    expect(
      inc({ kind: 'disposed', disposition: 'reclaimed', acceptanceNo: 'FK-1', acceptedAreaM2: 220.05 }),
    ).toEqual({
      ...base,
      'milestone#disposed': 1,
      'disposition#reclaimed': 1,
      acceptedCentiM2: 22_005,
      quotaProducedCentiM2: 22_005,
    });
    expect(inc({ kind: 'disposed', disposition: 'direct_use', planApprovalNo: 'GH-1' })).toEqual({
      ...base,
      'milestone#disposed': 1,
      'disposition#direct_use': 1,
    });
  });

  it.each([
    [{ kind: 'demolished' }, /milestone kind "demolished"/],
    [{}, /milestone kind undefined/],
    [{ kind: 'disposed' }, /disposition undefined/],
    [{ kind: 'disposed', disposition: 'sold' }, /disposition "sold"/],
    [{ kind: 'disposed', disposition: 'reclaimed', acceptanceNo: 'FK-1' }, /without its accepted area/],
    [{ kind: 'disposed', disposition: 'reclaimed', acceptedAreaM2: 1.234 }, /acceptedAreaM2 1.234/],
    [{ kind: 'disposed', disposition: 'reclaimed', acceptedAreaM2: -1 }, /acceptedAreaM2 -1/],
    [{ kind: 'disposed', disposition: 'reclaimed', acceptedAreaM2: '12' }, /acceptedAreaM2 "12"/],
  ])('refuses MilestoneRecorded %j', (detail, message) => {
    expect(() => projectionUpdate(milestone('2025-05-02T03:00:00Z', detail))).toThrow(message);
  });

  it('a quota sale adds its quota: in m² when stated, else in mu, else counted as unstated', () => {
    const inc = (quota: Record<string, unknown>) =>
      projectionUpdate(quotaSale('2025-02-01T00:00:00Z', quota)).increments;
    const base = { events: 1, 'type#FundReplenished': 1, replenishedFen: 1_000_00, quotaSales: 1 };
    expect(inc({ quotaM2: 333.34 })).toEqual({ ...base, quotaSoldCentiM2: 33_334 });
    // both stated (the fund may keep mu beside m²): the m² are exact, the mu are not added again
    expect(inc({ quotaM2: 0.5, quotaMu4: 8 })).toEqual({ ...base, quotaSoldCentiM2: 50 });
    expect(inc({ quotaMu4: 12_345 })).toEqual({ ...base, quotaSoldMu4: 12_345, quotaSalesInMu4: 1 });
    expect(inc({})).toEqual({ ...base, quotaSalesUnstated: 1 });
    for (const bad of [{ quotaM2: 1.234 }, { quotaM2: '5' }, { quotaMu4: 1.5 }, { quotaMu4: -1 }]) {
      expect(() => inc(bad), JSON.stringify(bad)).toThrow(UnprojectableEventError);
    }
  });

  it('a zero advance (housing worth more than the compensation) adds zero fen; an absent amount adds none', () => {
    const zero = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'fund_review', 'disbursed', {
      amountFen: 0,
    });
    expect(projectionUpdate(zero).increments.advancedFen).toBe(0);
    // undefined is dropped by JSON on the way through EventBridge, as the fund's `a?.amountFen` would be
    const none = moveEvent('AdvanceDisbursed', '2025-08-09T10:00:00Z', 'awaiting_funds', 'disbursed', {
      amountFen: undefined,
    });
    // the payment is counted, its amount is not (neither in advancedFen nor in its tranche)
    expect(projectionUpdate(none).increments).toEqual({
      events: 1,
      'type#AdvanceDisbursed': 1,
      'to#disbursed': 1,
      'tranche#1': 1,
      'trancheAt#approval': 1,
    });
  });

  it('FundReplenished (a district, no case) adds to replenishedFen and moves no status', () => {
    expect(projectionUpdate(replenished('2025-02-01T00:00:00Z', 900_000_00)).increments).toEqual({
      events: 1,
      'type#FundReplenished': 1,
      replenishedFen: 900_000_00,
    });
  });

  it.each([1.5, -1, '100', Number.MAX_SAFE_INTEGER + 2])(
    'refuses amountFen %s: not integer fen',
    (amount) => {
      expect(() => projectionUpdate(replenished('2025-02-01T00:00:00Z', amount))).toThrow(
        UnprojectableEventError,
      );
    },
  );

  it('uses the resolved district only when the event names none, and refuses an unknown or missing one', () => {
    const verified = domainEventSchema.parse({
      eventId: 'C-1:D-1:DocumentVerified:verified',
      type: 'DocumentVerified',
      at: '2025-02-01T00:00:00Z',
      actor: 'system:upload-verifier',
      caseId: 'C-1',
      detail: { documentId: 'D-1', status: 'accepted' },
    });
    expect(projectionUpdate(verified, ZHANGDIAN).district).toBe(ZHANGDIAN);
    expect(() => projectionUpdate(verified)).toThrow(/names no district/);
    expect(() => projectionUpdate(verified, '999999')).toThrow(/unknown district 999999/);
    const own = moveEvent('CaseSubmitted', '2025-02-01T00:00:00Z', 'draft', 'submitted');
    expect(projectionUpdate(own, ZHANGDIAN).district).toBe(ZICHUAN);
    expect(() => projectionUpdate(replenished('2025-02-01T00:00:00Z', 1, 'nowhere'))).toThrow(
      UnprojectableEventError,
    );
  });
});

describe('projectionView', () => {
  it('is all zero, every type and status present, when nothing is stored', () => {
    const v = projectionView(ZICHUAN, { year: 2025, quarter: 1 }, undefined);
    expect(v.events).toBe(0);
    expect(Object.keys(v.byType).sort()).toEqual([...DOMAIN_EVENT_TYPES].sort());
    expect(Object.keys(v.transitionsTo).sort()).toEqual([...CASE_STATUSES].sort());
    expect([...Object.values(v.byType), ...Object.values(v.transitionsTo)].every((n) => n === 0)).toBe(true);
    expect(v).toMatchObject({ advancedFen: 0, replenishedFen: 0, district: ZICHUAN, year: 2025, quarter: 1 });
    expect(v.milestones).toEqual({ vacated: 0, disposed: 0, certificate_cancelled: 0, handed_over: 0 });
    expect(v.dispositions).toEqual({ reclaimed: 0, direct_use: 0, development: 0 });
    expect(v.tranches.map((t) => [t.tranche, t.count, t.amountFen])).toEqual([
      [1, 0, 0],
      [2, 0, 0],
      [3, 0, 0],
    ]);
    expect(v.quotaSold).toEqual({ sales: 0, centiM2: 0, mu4: 0, salesInMu4: 0, salesUnstated: 0 });
  });

  it('lists tranches 1 to 3 always and a higher one only when it was paid', () => {
    const v = projectionView(
      ZICHUAN,
      { year: 2025, quarter: 1 },
      {
        [trancheCounter(2)]: 1,
        [trancheFenCounter(2)]: 30,
        [trancheCounter(7)]: 2,
        [trancheFenCounter(7)]: 5,
      },
    );
    expect(v.tranches).toEqual([
      { tranche: 1, count: 0, amountFen: 0 },
      { tranche: 2, count: 1, amountFen: 30 },
      { tranche: 3, count: 0, amountFen: 0 },
      { tranche: 7, count: 2, amountFen: 5 },
    ]);
  });

  const arbEvent = fc
    .record({
      type: fc.constantFrom(...DOMAIN_EVENT_TYPES),
      from: fc.option(fc.constantFrom(...CASE_STATUSES), { nil: undefined }),
      to: fc.option(fc.constantFrom(...CASE_STATUSES), { nil: undefined }),
      amountFen: fc.option(fc.integer({ min: 0, max: 10_000_000_00 }), { nil: undefined }),
      tranche: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      dueAt: fc.option(fc.constantFrom(...TRANCHE_MILESTONES), { nil: undefined }),
      milestone: fc.constantFrom(
        { kind: 'vacated' },
        { kind: 'disposed', disposition: 'reclaimed', acceptedAreaM2: 100.25 },
        { kind: 'disposed', disposition: 'development', planApprovalNo: 'GH-1' },
        { kind: 'certificate_cancelled' },
        { kind: 'handed_over' },
      ),
      // 2024 Q1 in Zibo: 2023-12-31T16:00Z to 2024-03-31T15:59:59Z
      ms: fc.integer({ min: Date.UTC(2023, 11, 31, 16), max: Date.UTC(2024, 2, 31, 15, 59, 59) }),
    })
    .map(({ type, from, to, amountFen, tranche, dueAt, milestone, ms }) =>
      domainEventSchema.parse({
        eventId: `E-${randomUUID()}`,
        type,
        at: new Date(ms).toISOString(),
        actor: 'tester',
        districtCode: ZICHUAN,
        ...(from ? { fromStatus: from } : {}),
        ...(to ? { toStatus: to } : {}),
        detail: {
          ...(amountFen === undefined ? {} : { amountFen }),
          ...(type === 'AdvanceDisbursed' && tranche !== undefined ? { tranche } : {}),
          ...(type === 'AdvanceDisbursed' && dueAt !== undefined ? { milestone: dueAt } : {}),
          ...(type === 'MilestoneRecorded' ? milestone : {}),
        },
      }),
    );

  it('summing the increments of any events of a quarter gives a consistent view', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), (events) => {
        const item: Record<string, number> = {};
        for (const e of events) {
          for (const [k, n] of Object.entries(projectionUpdate(e).increments)) item[k] = (item[k] ?? 0) + n;
        }
        const v = projectionView(ZICHUAN, { year: 2024, quarter: 1 }, item);
        const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
        expect(v.events).toBe(events.length);
        expect(sum(v.byType)).toBe(events.length);
        expect(sum(v.transitionsTo)).toBe(
          events.filter((e) => e.toStatus !== undefined && e.toStatus !== e.fromStatus).length,
        );
        const amounts = (type: DomainEvent['type']) =>
          events
            .filter((e) => e.type === type)
            .reduce((a, e) => a + ((e.detail.amountFen as number | undefined) ?? 0), 0);
        expect(v.advancedFen).toBe(amounts('AdvanceDisbursed'));
        expect(v.replenishedFen).toBe(amounts('FundReplenished'));
        // every payment is in exactly one tranche, and the tranches add up to the money advanced
        expect(v.tranches.reduce((n, t) => n + t.count, 0)).toBe(v.byType.AdvanceDisbursed);
        expect(v.tranches.reduce((n, t) => n + t.amountFen, 0)).toBe(v.advancedFen);
        const at = Object.values(v.tranchesAt);
        expect(at.reduce((n, t) => n + t.count, 0)).toBe(v.byType.AdvanceDisbursed);
        expect(at.reduce((n, t) => n + t.amountFen, 0)).toBe(v.advancedFen);
        expect(sum(v.milestones)).toBe(v.byType.MilestoneRecorded);
        expect(sum(v.dispositions)).toBe(v.milestones.disposed);
        expect(v.quotaProducedCentiM2).toBe(v.acceptedCentiM2);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the stored counters by their names and ignores what is not a number', () => {
    const v = projectionView(
      ZICHUAN,
      { year: 2025, quarter: 2 },
      {
        PK: 'REPORT#370302',
        SK: '2025-Q2',
        events: 3,
        [typeCounter('CaseSubmitted')]: 2,
        [typeCounter('CaseClosed')]: 'x',
        [statusCounter('submitted')]: 2,
        advancedFen: 7,
      },
    );
    expect(v.events).toBe(3);
    expect(v.byType.CaseSubmitted).toBe(2);
    expect(v.byType.CaseClosed).toBe(0);
    expect(v.transitionsTo.submitted).toBe(2);
    expect(v.advancedFen).toBe(7);
  });
});

/** A transaction cancelled for the given per-item reasons, shaped as the SDK throws it. */
function cancelled(...codes: string[]): Error {
  return Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

// DynamoDB Local runs transactions one at a time and never answers TransactionConflict, so the retry
// is exercised here on its own, with the errors DynamoDB gives.
describe('retryTransientConflicts', () => {
  it('runs again while only TransactionConflict cancels, then answers', async () => {
    let calls = 0;
    const out = await retryTransientConflicts(async () => {
      calls += 1;
      if (calls < 3) throw cancelled('None', 'TransactionConflict');
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a failed condition (the event was seen) or any other error', async () => {
    for (const error of [cancelled('ConditionalCheckFailed', 'TransactionConflict'), new Error('boom')]) {
      let calls = 0;
      await expect(
        retryTransientConflicts(async () => {
          calls += 1;
          throw error;
        }),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('gives up after the last attempt and throws the conflict (SQS redelivers the message)', async () => {
    let calls = 0;
    const conflict = cancelled('TransactionConflict', 'None');
    await expect(
      retryTransientConflicts(async () => {
        calls += 1;
        throw conflict;
      }, 3),
    ).rejects.toBe(conflict);
    expect(calls).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------------
// the handler against DynamoDB Local

describe('reportingProjection handler (DynamoDB Local)', () => {
  useApiEnvironment();
  type Handler = (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse>;
  let handler: Handler;
  let store: typeof import('../../shared/reports/projectionStore.js');
  let clients: typeof import('../../shared/adapters/clients.js');
  beforeAll(async () => {
    // after useApiEnvironment's beforeAll: Powertools reads its settings when the module is evaluated
    const mod = await import('../../functions/events/reportingProjection.js');
    handler = mod.handler as unknown as Handler;
    store = await import('../../shared/reports/projectionStore.js');
    clients = await import('../../shared/adapters/clients.js');
  });

  /** One SQS message as the Projection queue delivers it: the EventBridge event, as JSON, in the body. */
  function record(detail: unknown, body?: string): SQSRecord {
    const type = (detail as { type?: string } | undefined)?.type ?? 'Unknown';
    const envelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': type,
      source: 'homestead-exit',
      account: '123456789012',
      time: '2025-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail,
    };
    return {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: body ?? JSON.stringify(envelope),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'events.amazonaws.com',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:Projection',
      awsRegion: 'us-east-1',
    };
  }
  const deliver = (records: SQSRecord[]) =>
    handler({ Records: records }, lambdaContext('reportingProjection'));
  const guard = async (eventId: string) =>
    (
      await clients.documentClient().send(
        new GetCommand({
          TableName: TABLE_NAME,
          Key: store.projectionKeys.seen(eventId),
          ConsistentRead: true,
        }),
      )
    ).Item;

  it('counts a quarter of events into the district and quarter of each event', async () => {
    const caseId = 'C-PROJ-1';
    const ev = [
      moveEvent('CaseCreated', '2031-04-02T01:00:00Z', undefined, 'draft', {}, { caseId, version: 1 }),
      moveEvent('CaseSubmitted', '2031-04-03T01:00:00Z', 'draft', 'submitted', {}, { caseId, version: 2 }),
      moveEvent(
        'AssessmentStarted',
        '2031-04-03T01:00:01Z',
        'submitted',
        'eligibility',
        {},
        { caseId, version: 3 },
      ),
      moveEvent(
        'AdvanceDisbursed',
        '2031-05-01T00:00:00Z',
        'fund_review',
        'disbursed',
        { amountFen: 250_000_00 },
        { caseId, version: 9 },
      ),
      moveEvent('AdvanceDisbursed', '2031-06-30T08:00:00-08:00', 'awaiting_funds', 'disbursed', {
        amountFen: 1,
      }),
      replenished('2031-05-05T00:00:00Z', 1_000_000_00),
      // another district, and the same district in another quarter
      moveEvent('CaseCreated', '2031-04-02T01:00:00Z', undefined, 'draft', {}, { district: ZHANGDIAN }),
      moveEvent('CaseCreated', '2031-07-01T08:00:00+08:00', undefined, 'draft'),
    ];
    const res = await deliver(ev.map((e) => record(e)));
    expect(res.batchItemFailures).toEqual([]);

    const q2 = await store.readProjection(ZICHUAN, 2031, 2);
    // 2031-06-30T08:00-08:00 is 16:00 UTC, 1 July 00:00 in Zibo: Q3; 2031-07-01T08:00+08:00: Q3 too
    expect(q2.events).toBe(5);
    expect(q2.byType).toMatchObject({
      CaseCreated: 1,
      CaseSubmitted: 1,
      AssessmentStarted: 1,
      AdvanceDisbursed: 1,
      FundReplenished: 1,
      CaseClosed: 0,
    });
    expect(q2.transitionsTo).toMatchObject({
      draft: 1,
      submitted: 1,
      eligibility: 1,
      disbursed: 1,
      closed: 0,
    });
    expect(q2.advancedFen).toBe(250_000_00);
    expect(q2.replenishedFen).toBe(1_000_000_00);

    const q3 = await store.readProjection(ZICHUAN, 2031, 3);
    expect(q3).toMatchObject({ events: 2, advancedFen: 1, replenishedFen: 0 });
    expect(q3.byType).toMatchObject({ AdvanceDisbursed: 1, CaseCreated: 1 });
    expect((await store.readProjection(ZHANGDIAN, 2031, 2)).transitionsTo.draft).toBe(1);
    expect((await store.readProjection(ZHANGDIAN, 2031, 3)).events).toBe(0);
    expect(await guard(ev[0]?.eventId ?? '')).toMatchObject({
      itemType: 'report_event',
      projection: 'REPORT#370302/2031-Q2',
    });
  });

  it('a redelivered event counts once, whether it comes again in the same batch or in a later one', async () => {
    const disbursed = moveEvent('AdvanceDisbursed', '2032-02-01T00:00:00Z', 'fund_review', 'disbursed', {
      amountFen: 300_00,
    });
    const other = replenished('2032-02-02T00:00:00Z', 50_00);
    // EventBridge delivers at least once: the same event can arrive as two messages of one batch
    const first = await deliver([record(disbursed), record(other), record(disbursed)]);
    expect(first.batchItemFailures).toEqual([]);
    // and again later, after a crash of the producer re-sent it (same eventId, same content)
    const again = await deliver([record(other), record(disbursed)]);
    expect(again.batchItemFailures).toEqual([]);

    const v = await store.readProjection(ZICHUAN, 2032, 1);
    expect(v).toMatchObject({ events: 2, advancedFen: 300_00, replenishedFen: 50_00 });
    expect(v.byType.AdvanceDisbursed).toBe(1);
    expect(v.transitionsTo.disbursed).toBe(1);
  });

  it('reports exactly the records it cannot project and applies the others of the same batch', async () => {
    const good1 = moveEvent('CaseSubmitted', '2033-01-10T00:00:00Z', 'draft', 'submitted');
    const good2 = replenished('2033-01-11T00:00:00Z', 70_00);
    const notJson = record(undefined, '{"detail": ');
    const notAnEvent = record({ type: 'CaseSubmitted', at: '2033-01-10T00:00:00Z' });
    const unknownType = record({ ...good1, eventId: 'x-1', type: 'CaseTeleported' });
    const noEnvelope = record(undefined, JSON.stringify(['not', 'an', 'event']));
    const badDistrict = replenished('2033-01-12T00:00:00Z', 10, '999999');
    const badAmount = replenished('2033-01-12T00:00:00Z', 10.5);
    const batch = [
      record(good1),
      notJson,
      notAnEvent,
      unknownType,
      noEnvelope,
      record(badDistrict),
      record(badAmount),
      record(good2),
    ];
    const res = await deliver(batch);
    const failed = [notJson, notAnEvent, unknownType, noEnvelope, batch[5], batch[6]].map(
      (r) => r?.messageId,
    );
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(failed.sort());

    const v = await store.readProjection(ZICHUAN, 2033, 1);
    expect(v).toMatchObject({ events: 2, replenishedFen: 70_00 });
    expect(v.byType).toMatchObject({ CaseSubmitted: 1, FundReplenished: 1 });
    // an event refused is not remembered as seen: once its producer is fixed, a redrive counts it
    expect(await guard(badAmount.eventId)).toBeUndefined();
    expect(await guard(good2.eventId)).toBeDefined();
  });

  it('attributes an event that names only its case (DocumentVerified) to the case’s district', async () => {
    const { createCase } = await import('../support/caseStore.js');
    const c = makeCase({
      caseId: 'C-PROJ-DOC',
      districtCode: ZHANGDIAN,
      steps: [['draft', '2034-01-01T00:00:00Z']],
    });
    await createCase(c, { actor: 'tester', action: 'case.create' });
    const verified = domainEventSchema.parse({
      eventId: `${c.caseId}:D-1:DocumentVerified:verified`,
      type: 'DocumentVerified',
      at: '2034-01-02T00:00:00Z',
      actor: 'system:upload-verifier',
      caseId: c.caseId,
      detail: { documentId: 'D-1', status: 'accepted' },
    });
    const orphan = { ...verified, eventId: 'C-NONE:D-1:DocumentVerified:verified', caseId: 'C-NONE' };
    const orphanRecord = record(orphan);
    const res = await deliver([record(verified), orphanRecord]);
    // a case that does not exist gives no district: refused, not guessed
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: orphanRecord.messageId }]);
    expect((await store.readProjection(ZHANGDIAN, 2034, 1)).byType.DocumentVerified).toBe(1);
    expect((await store.readProjection(ZICHUAN, 2034, 1)).events).toBe(0);
  });

  it('counts milestones, accepted area, quota produced and sold, and tranches once each, by the Zibo date', async () => {
    const caseId = 'C-PROJ-LAND';
    const at = (version: number) => ({ caseId, version });
    // the last half hour of Q1 in Zibo (15:30 UTC), and ten minutes into Q2 (still 31 March in UTC)
    const lateQ1 = moveEvent('MilestoneRecorded', '2036-03-31T23:30:00+08:00', 'vacating', 'disposing', {
      kind: 'vacated',
      documentIds: ['PH-1'],
    });
    const earlyQ2 = moveEvent('MilestoneRecorded', '2036-03-31T16:10:00Z', 'vacating', 'disposing', {
      kind: 'vacated',
      documentIds: ['PH-2'],
    });
    const reclaimed = moveEvent(
      'MilestoneRecorded',
      '2036-02-10T02:00:00Z',
      'disposing',
      'cancelling',
      { kind: 'disposed', disposition: 'reclaimed', acceptanceNo: 'FK-1', acceptedAreaM2: 200.05 },
      at(20),
    );
    const reclaimed2 = milestone('2036-02-11T02:00:00Z', {
      kind: 'disposed',
      disposition: 'reclaimed',
      acceptanceNo: 'FK-2',
      acceptedAreaM2: 466.62,
    });
    const developed = milestone('2036-02-12T02:00:00Z', {
      kind: 'disposed',
      disposition: 'development',
      planApprovalNo: 'GH-1',
    });
    const cancelled = moveEvent(
      'MilestoneRecorded',
      '2036-03-01T02:00:00Z',
      'cancelling',
      'closed',
      { kind: 'certificate_cancelled', cancellationNo: 'ZX-1' },
      at(21),
    );
    const handedOver = milestone('2036-03-02T02:00:00Z', { kind: 'handed_over', taker: { name: '村集体' } });
    // an advance as the fund publishes it today: no tranche, so the one payment, tranche 1
    const oldStyle = moveEvent(
      'AdvanceDisbursed',
      '2036-01-25T02:00:00Z',
      'fund_review',
      'disbursed',
      { amountFen: 500_000_00, requiredApprovals: 1, approvals: 1, entryId: 'ADV-OLD' },
      at(10),
    );
    const tranche1 = moveEvent('AdvanceDisbursed', '2036-01-26T02:00:00Z', 'fund_review', 'vacating', {
      tranche: 1,
      milestone: 'approval',
      amountFen: 250_000_00,
    });
    const tranche2 = moveEvent(
      'AdvanceDisbursed',
      '2036-02-10T02:00:01Z',
      'cancelling',
      'cancelling',
      { tranche: 2, milestone: 'disposed', amountFen: 150_000_00 },
      at(22),
    );
    const tranche3 = moveEvent('AdvanceDisbursed', '2036-03-01T02:00:01Z', 'closed', 'closed', {
      tranche: 3,
      milestone: 'certificate_cancelled',
      amountFen: 100_000_00,
    });
    const badTranche = moveEvent('AdvanceDisbursed', '2036-03-02T02:00:00Z', 'closed', 'closed', {
      tranche: 0,
      amountFen: 7,
    });
    const soldM2 = quotaSale('2036-03-10T00:00:00Z', { quotaM2: 333.34 });
    const soldMu4 = quotaSale('2036-03-11T00:00:00Z', { quotaMu4: 12_345 });
    const soldUnstated = quotaSale('2036-03-12T00:00:00Z');

    const badRecord = record(badTranche);
    const first = await deliver(
      [lateQ1, earlyQ2, reclaimed, reclaimed, reclaimed2, developed, oldStyle, tranche1, tranche2]
        .map((e) => record(e))
        .concat(badRecord),
    );
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: badRecord.messageId }]);
    // a later batch replays some of the same events (same eventId): each is counted once
    const again = await deliver(
      [cancelled, handedOver, tranche3, soldM2, soldMu4, soldUnstated, reclaimed, oldStyle, lateQ1].map((e) =>
        record(e),
      ),
    );
    expect(again.batchItemFailures).toEqual([]);

    const q1 = await store.readProjection(ZICHUAN, 2036, 1);
    expect(q1.milestones).toEqual({ vacated: 1, disposed: 3, certificate_cancelled: 1, handed_over: 1 });
    expect(q1.dispositions).toEqual({ reclaimed: 2, direct_use: 0, development: 1 });
    // 200.05 + 466.62 = 666.67 m², the reclamation counted once although delivered three times
    expect([q1.acceptedCentiM2, q1.quotaProducedCentiM2]).toEqual([66_667, 66_667]);
    expect(q1.tranches).toEqual([
      { tranche: 1, count: 2, amountFen: 750_000_00 },
      { tranche: 2, count: 1, amountFen: 150_000_00 },
      { tranche: 3, count: 1, amountFen: 100_000_00 },
    ]);
    expect(q1.tranchesAt).toEqual({
      approval: { count: 2, amountFen: 750_000_00 },
      disposed: { count: 1, amountFen: 150_000_00 },
      certificate_cancelled: { count: 1, amountFen: 100_000_00 },
      handed_over: { count: 0, amountFen: 0 },
      cooling_off_ended: { count: 0, amountFen: 0 },
    });
    // the money advanced is still Σ amountFen of the AdvanceDisbursed events, and that of the tranches
    expect(q1.advancedFen).toBe(1_000_000_00);
    expect(q1.byType.AdvanceDisbursed).toBe(4);
    expect(q1.quotaSold).toEqual({ sales: 3, centiM2: 33_334, mu4: 12_345, salesInMu4: 1, salesUnstated: 1 });
    const q2 = await store.readProjection(ZICHUAN, 2036, 2);
    expect(q2).toMatchObject({ events: 1, milestones: { vacated: 1, disposed: 0 } });
    expect(await guard(earlyQ2.eventId)).toMatchObject({ projection: 'REPORT#370302/2036-Q2' });
    expect(await guard(badTranche.eventId)).toBeUndefined();

    // the report's figures, from what was stored
    const r = quarterlyReport([], [], { year: 2036, quarter: 1, district: ZICHUAN }, undefined, q1);
    expect(r.landLeg.milestones.map((m) => [m.key, m.count])).toEqual([
      ['vacated', 1],
      ['disposed', 3],
      ['certificate_cancelled', 1],
      ['handed_over', 1],
    ]);
    expect(r.landLeg.accepted).toEqual({ areaCentiM2: 66_667, areaM2: '666.67' });
    expect(r.quota.produced).toEqual({ areaCentiM2: 66_667, areaM2: '666.67', mu: '1.0000' });
    // 0.5000 mu for 333.34 m² + 1.2345 mu stated in mu only
    expect(r.quota.sold).toEqual({
      sales: 3,
      areaCentiM2: 33_334,
      areaM2: '333.34',
      mu: '1.7345',
      salesInMuOnly: 1,
      salesWithoutQuota: 1,
    });
    expect(r.fund.tranches).toMatchObject({ count: 4, amountFen: 1_000_000_00 });
    expect(r.fund.tranches.byTranche.map((t) => [t.tranche, t.count, t.amountFen])).toEqual([
      [1, 2, 750_000_00],
      [2, 1, 150_000_00],
      [3, 1, 100_000_00],
    ]);
  });

  it('concurrent batches on the same quarter item all count, none is lost or doubled', async () => {
    const BATCHES = 20;
    const PER_BATCH = 5;
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: PER_BATCH }, (_, i) =>
        replenished(new Date(Date.UTC(2035, 0, 1) + (b * PER_BATCH + i) * 60_000).toISOString(), 1),
      ),
    );
    const results = await Promise.all(batches.map((events) => deliver(events.map((e) => record(e)))));
    expect(results.flatMap((r) => r.batchItemFailures)).toEqual([]);
    const total = BATCHES * PER_BATCH;
    expect(await store.readProjection(ZICHUAN, 2035, 1)).toMatchObject({
      events: total,
      replenishedFen: total,
    });
  });
});
