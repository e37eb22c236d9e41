import { describe, expect, it } from 'vitest';
import { deadline } from '../../portal/src/lib/format.js';
import { escalationCount, reviewStepOfAction } from '../../portal/src/lib/reviewChain.js';

/**
 * The review chain's rules as the portal applies them, without a browser: the days left on a task by
 * the Zibo calendar, the chase-ups a household is told of, the step of a review row. (The form's checks
 * are walked in the browser by portal.test.ts and journeys.test.ts.)
 */
describe('days left by the Zibo calendar (UTC+8)', () => {
  const at = (iso: string) => Date.parse(iso);

  it('counts calendar days in Zibo, not 24-hour periods', () => {
    // 23:30 in Zibo on 1 March; due 00:30 in Zibo on 2 March: one hour away, but tomorrow
    expect(deadline('2026-03-01T16:30:00Z', at('2026-03-01T15:30:00Z'))).toEqual({ days: 1, overdue: false });
    // 08:30 on 1 March in Zibo (00:30 UTC), due 23:00 the same Zibo day (15:00 UTC): due today
    expect(deadline('2026-03-01T15:00:00Z', at('2026-03-01T00:30:00Z'))).toEqual({ days: 0, overdue: false });
    expect(deadline('2026-03-11T02:00:00Z', at('2026-03-01T02:00:00Z'))).toEqual({
      days: 10,
      overdue: false,
    });
  });

  it('is overdue once the moment passes, and counts the days late', () => {
    expect(deadline('2026-03-01T01:00:00Z', at('2026-03-01T02:00:00Z'))).toEqual({ days: 0, overdue: true });
    expect(deadline('2026-02-27T01:00:00Z', at('2026-03-01T02:00:00Z'))).toEqual({ days: -2, overdue: true });
  });

  it('says nothing of a date it cannot read', () => {
    expect(deadline('soon', Date.now())).toBeUndefined();
  });
});

describe('the chase-ups a household is told of', () => {
  const entry = (status: string, action?: string) => ({
    at: '2026-03-01T00:00:00Z',
    status,
    actor: 'system:workflow',
    note: '—',
    ...(action ? { action } : {}),
  });
  const base = {
    status: 'town_review' as const,
    pendingTask: { kind: 'town_review' as const, dueAt: '2026-03-01T00:00:00Z', escalated: true },
  };

  it("takes the server's count where it sends one", () => {
    const c = { ...base, pendingTask: { ...base.pendingTask, escalations: 3 }, timeline: [] };
    expect(escalationCount(c)).toBe(3);
  });

  it('else counts the escalations since the case came to its step', () => {
    const timeline = [
      entry('village_review', 'task.waiting'),
      entry('village_review', 'task.escalated'),
      entry('public_notice', 'review.approve'),
      entry('town_review', 'notice.closed'),
      entry('town_review', 'task.waiting'),
      entry('town_review', 'task.escalated'),
      entry('town_review', 'task.waiting'),
      entry('town_review', 'task.escalated'),
    ];
    expect(escalationCount({ ...base, timeline })).toBe(2);
  });

  it('is nothing when no step waits', () => {
    expect(escalationCount({ status: 'offers', timeline: [entry('offers', 'task.escalated')] })).toBe(0);
  });
});

describe('the review a timeline row records', () => {
  it('reads the step from the action code', () => {
    expect(reviewStepOfAction('review.approve')).toBe('village_review');
    expect(reviewStepOfAction('town_review.return')).toBe('town_review');
    expect(reviewStepOfAction('district_approval.reject')).toBe('district_approval');
    expect(reviewStepOfAction('task.escalated')).toBeUndefined();
    expect(reviewStepOfAction(undefined)).toBeUndefined();
  });
});
