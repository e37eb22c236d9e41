import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertMayDecide } from '../../shared/cases/commands/duties.js';
import {
  BOOKKEEPING_DUTIES,
  type CaseDecisions,
  DUTIES,
  type Duty,
  decisionsOf,
  dutyConflict,
  type Person,
} from '../../shared/domain/review/separationOfDuties.js';
import { AppError } from '../../shared/errors/appError.js';

/**
 * DOMAIN.md "Review chain", separation of duties (不相容岗位分离): on one case one `sub` takes at most one
 * duty, and nobody decides any step of a case their own household applied for. The attack this closes:
 * one account that was applicant, village reviewer and fund administrator approved its own review and
 * its own advance.
 */
const APPLYING = 'H-370302-0001';
const NEIGHBOUR = 'H-370302-0002';
const AT = '2025-06-10T08:00:00.000Z';
const RESOLUTION = { meetingDate: '2025-06-10', membersPresent: 30, votesFor: 25, votesAgainst: 3 };

/** A case of household APPLYING with nothing decided yet and an advance waiting for two approvals. */
function freshCase(): CaseDecisions {
  return {
    householdId: APPLYING,
    reviews: [],
    advance: { status: 'pending_approval', amountFen: 15_725_100, requiredApprovals: 2, approvals: [] },
  };
}

/** Records a decision where the commands store it (reviews[].reviewer, advance.approvals[].adminId). */
function record(
  c: CaseDecisions,
  duty: Duty,
  actor: string,
  decision: 'approve' | 'reject' | 'return' = 'approve',
): CaseDecisions {
  switch (duty) {
    case 'village_review':
      return {
        ...c,
        reviews: [
          ...c.reviews,
          {
            decision,
            reasons: decision === 'approve' ? [] : ['面积不符'],
            resolution: RESOLUTION,
            reviewer: actor,
            at: AT,
          },
        ],
      };
    case 'town_review':
    case 'district_approval':
      return {
        ...c,
        reviews: [
          ...c.reviews,
          {
            step: duty,
            decision,
            reasonCodes: [decision === 'approve' ? 'facts_verified' : 'area_mismatch'],
            reasons: [],
            reviewer: actor,
            at: AT,
          },
        ],
      };
    case 'fund_approval': {
      if (!c.advance || decision === 'return')
        throw new Error('the fund approves or rejects an open advance');
      const approval = { adminId: actor, decision, note: '', at: AT };
      return { ...c, advance: { ...c.advance, approvals: [...c.advance.approvals, approval] } };
    }
    // the land leg's milestones (wave 2): each recorded milestone is its recorder's duty
    case 'vacated':
    case 'disposed':
    case 'certificate_cancelled':
    case 'handed_over':
      return { ...c, milestones: [...(c.milestones ?? []), { kind: duty, at: AT, actor }] };
    // bookkeeping (the collective's transfer): recorded on the tranche, not a decision of the case
    case 'collective_payment':
      return c;
  }
}

const outsider: Person = { sub: 'cadre-1' };

describe('decisionsOf', () => {
  it('lists every recorded decision with its duty and actor, rejections included', () => {
    let c = record(freshCase(), 'village_review', 'reviewer-1', 'return');
    c = record(c, 'village_review', 'reviewer-2');
    c = record(c, 'fund_approval', 'admin-1');
    c = record(c, 'fund_approval', 'admin-2', 'reject');
    expect(decisionsOf(c)).toEqual([
      { duty: 'village_review', actor: 'reviewer-1' },
      { duty: 'village_review', actor: 'reviewer-2' },
      { duty: 'fund_approval', actor: 'admin-1' },
      { duty: 'fund_approval', actor: 'admin-2' },
    ]);
  });

  it('a case without an advance has only its reviews', () => {
    const { advance: _, ...rest } = record(freshCase(), 'village_review', 'reviewer-1');
    expect(decisionsOf(rest)).toEqual([{ duty: 'village_review', actor: 'reviewer-1' }]);
  });
});

describe('nobody decides a case their own household applied for', () => {
  it.each(DUTIES)(
    '%s by a member of the applying household is refused, even with nothing decided',
    (duty) => {
      const conflict = dutyConflict(freshCase(), { sub: 'cadre-1', householdId: APPLYING }, duty);
      expect(conflict).toMatchObject({ kind: 'own_household' });
      expect(conflict?.zh).toContain('本户申请');
      expect(conflict?.en).toContain('own household');
    },
  );

  it('a member of another household, or someone of no household, may decide', () => {
    for (const duty of DUTIES) {
      expect(dutyConflict(freshCase(), { sub: 'cadre-1', householdId: NEIGHBOUR }, duty)).toBeUndefined();
      expect(dutyConflict(freshCase(), outsider, duty)).toBeUndefined();
    }
  });

  it('the own household is named before any earlier duty', () => {
    const c = record(freshCase(), 'village_review', 'cadre-1');
    const conflict = dutyConflict(c, { sub: 'cadre-1', householdId: APPLYING }, 'fund_approval');
    expect(conflict?.kind).toBe('own_household');
  });
});

describe('one person, one duty per case', () => {
  it('the village reviewer may not approve the advance', () => {
    const c = record(freshCase(), 'village_review', 'cadre-1');
    expect(dutyConflict(c, outsider, 'fund_approval')).toEqual({
      kind: 'already_decided',
      earlierDuty: 'village_review',
      zh: '您已在本案件中办理过村集体审核，不能再办理专项基金垫付审批（不相容岗位分离）',
      en: 'you already took the village review of this case, so you cannot take the fund approval; one person takes one decision per case (separation of duties)',
    });
  });

  it.each(['approve', 'reject'] as const)(
    'a fund administrator who chose "%s" may not do the village review',
    (d) => {
      const c = record(freshCase(), 'fund_approval', 'cadre-1', d);
      expect(dutyConflict(c, outsider, 'village_review')).toMatchObject({
        kind: 'already_decided',
        earlierDuty: 'fund_approval',
      });
    },
  );

  it('a village reviewer who returned the case may review it again (the same duty)', () => {
    const c = record(freshCase(), 'village_review', 'cadre-1', 'return');
    expect(dutyConflict(c, outsider, 'village_review')).toBeUndefined();
  });

  it("the same administrator's second fund approval is the step's own duplicate, not a conflict", () => {
    const c = record(freshCase(), 'fund_approval', 'cadre-1');
    expect(dutyConflict(c, outsider, 'fund_approval')).toBeUndefined();
  });

  it('what others decided does not bind this person', () => {
    let c = record(freshCase(), 'village_review', 'reviewer-1');
    c = record(c, 'fund_approval', 'admin-1');
    for (const duty of DUTIES) expect(dutyConflict(c, outsider, duty)).toBeUndefined();
  });
});

describe('bookkeeping duties', () => {
  it("the village reviewer may record the collective's payment, never on their own household's case", () => {
    const c = record(freshCase(), 'village_review', 'cadre-1');
    expect(dutyConflict(c, outsider, 'collective_payment')).toBeUndefined();
    expect(dutyConflict(c, { sub: 'cadre-1', householdId: APPLYING }, 'collective_payment')).toMatchObject({
      kind: 'own_household',
    });
  });
});

describe('the command gate', () => {
  it('refuses with FORBIDDEN (403), the words of the conflict, and which conflict it is', () => {
    const c = record(freshCase(), 'village_review', 'cadre-1');
    let thrown: unknown;
    try {
      assertMayDecide(c, outsider, 'fund_approval');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const e = thrown as AppError;
    expect(e.code).toBe('FORBIDDEN');
    expect(e.status).toBe(403);
    expect(e.detailZh).toContain('村集体审核');
    expect(e.message).toContain('the village review');
    expect(e.extra).toEqual({
      conflict: 'already_decided',
      duty: 'fund_approval',
      earlierDuty: 'village_review',
    });
  });

  it('names the own household without an earlier duty, and lets an allowed person through', () => {
    expect(() => assertMayDecide(freshCase(), { sub: 'x', householdId: APPLYING }, 'village_review')).toThrow(
      expect.objectContaining({
        code: 'FORBIDDEN',
        extra: { conflict: 'own_household', duty: 'village_review' },
      }),
    );
    expect(() => assertMayDecide(freshCase(), outsider, 'village_review')).not.toThrow();
  });
});

describe('property: with the rule as the gate', () => {
  /** five people; each belongs to the applying household, a neighbour's, or none */
  const people = fc
    .array(fc.constantFrom<string | undefined>(APPLYING, NEIGHBOUR, undefined), {
      minLength: 5,
      maxLength: 5,
    })
    .map((households) =>
      households.map((householdId, i): Person => ({ sub: `p${i}`, ...(householdId ? { householdId } : {}) })),
    );
  const attempts = fc.array(
    fc.record({
      who: fc.nat({ max: 4 }),
      duty: fc.constantFrom(...DUTIES),
      decision: fc.constantFrom<'approve' | 'reject'>('approve', 'reject'),
    }),
    { maxLength: 30 },
  );

  it('no sub holds two duties of a case, nobody decides for their own household, and only those two reasons refuse', () => {
    fc.assert(
      fc.property(people, attempts, (pool, tries) => {
        let c = freshCase();
        // the oracle, kept apart from the case: the duty each sub was let take
        const held = new Map<string, Duty>();
        for (const t of tries) {
          const person = pool[t.who] as Person;
          const conflict = dutyConflict(c, person, t.duty);
          const ownHousehold = person.householdId === c.householdId;
          const earlier = held.get(person.sub);
          const bookkeeping = BOOKKEEPING_DUTIES.includes(t.duty);
          const otherDuty = !bookkeeping && earlier !== undefined && earlier !== t.duty;
          // refused exactly when one of the two reasons holds, and for that reason
          if (ownHousehold) expect(conflict?.kind).toBe('own_household');
          else if (otherDuty)
            expect(conflict).toMatchObject({ kind: 'already_decided', earlierDuty: earlier });
          else expect(conflict).toBeUndefined();
          if (conflict) continue;
          c = record(c, t.duty, person.sub, t.decision);
          if (!bookkeeping) held.set(person.sub, t.duty);
        }
        const dutiesOf = new Map<string, Set<Duty>>();
        for (const d of decisionsOf(c)) {
          dutiesOf.set(d.actor, (dutiesOf.get(d.actor) ?? new Set()).add(d.duty));
          const person = pool.find((p) => p.sub === d.actor);
          expect(person?.householdId).not.toBe(c.householdId);
        }
        for (const duties of dutiesOf.values()) expect(duties.size).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
