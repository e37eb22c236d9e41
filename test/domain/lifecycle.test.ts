/**
 * Case life cycle (DOMAIN.md "Case life cycle"): draft → submitted → eligibility → (ineligible |
 * rights_blocked) or village_review → (returned → resubmitted | rejected) or public_notice → (wave 2: the
 * review chain 村 → 镇 → 区) town_review → district_approval → offers →
 * agreement_signed → fund_review → (awaiting_funds) → disbursed → reserved → closed; withdrawn from any
 * state before agreement_signed; every terminal rejection can be appealed once; failed for system errors.
 * The expectations below are written from that text, not read back from the table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealTarget } from '../../shared/domain/lifecycle/appeal.js';
import {
  assertResume,
  assertTransition,
  assertWithdrawable,
  canTransition,
  IllegalTransitionError,
} from '../../shared/domain/lifecycle/transition.js';
import { TRANSITIONS } from '../../shared/domain/lifecycle/transitions.js';
import type { AppealStage, Case } from '../../shared/domain/model/case.js';
import type { CaseStatus } from '../../shared/domain/model/status.js';
import { CASE_STATUSES } from '../../shared/domain/model/status.js';

const RUNS = { numRuns: 1000 };

/** Every status that comes before the agreement is signed, per DOMAIN.md. */
const BEFORE_AGREEMENT: readonly CaseStatus[] = [
  'draft',
  'submitted',
  'eligibility',
  'ineligible',
  'rights_blocked',
  'village_review',
  'returned',
  'resubmitted',
  'rejected',
  'public_notice',
  'town_review',
  'district_approval',
  'offers',
];
/** The agreement is signed in these (money may be moving). */
const AGREEMENT_AND_LATER: readonly CaseStatus[] = [
  'agreement_signed',
  'cooling_off',
  'rescinded',
  'fund_review',
  'awaiting_funds',
  'disbursed',
  'reserved',
  'vacating',
  'disposing',
  'cancelling',
  'handing_over',
  'paying',
  'closed',
];

/** The arrows of DOMAIN.md's life-cycle line. */
const DOMAIN_ARROWS: readonly [CaseStatus, CaseStatus][] = [
  ['draft', 'submitted'],
  ['submitted', 'eligibility'],
  ['eligibility', 'ineligible'],
  ['eligibility', 'rights_blocked'],
  ['eligibility', 'village_review'],
  ['village_review', 'returned'],
  ['returned', 'resubmitted'],
  ['village_review', 'rejected'],
  ['village_review', 'public_notice'],
  ['public_notice', 'village_review'], // an objection returns it to review
  // wave 2: the town audits, the district approves, then the offers (村 → 镇 → 区)
  ['public_notice', 'town_review'],
  ['town_review', 'district_approval'],
  ['town_review', 'returned'],
  ['town_review', 'rejected'],
  ['district_approval', 'offers'],
  ['district_approval', 'returned'],
  ['district_approval', 'rejected'],
  ['offers', 'agreement_signed'],
  // wave 2: the signature starts the cooling-off (冷静期); the household may rescind; then the fund
  ['agreement_signed', 'cooling_off'],
  ['agreement_signed', 'rescinded'],
  ['cooling_off', 'rescinded'],
  ['cooling_off', 'fund_review'],
  ['fund_review', 'awaiting_funds'],
  ['fund_review', 'disbursed'],
  ['awaiting_funds', 'disbursed'],
  ['disbursed', 'reserved'],
  ['reserved', 'closed'],
  // wave 2, who pays: contract land paying (70 %) → handing_over → paying (30 %) → closed; equity paying → closed
  ['cooling_off', 'paying'],
  ['paying', 'handing_over'],
  ['handing_over', 'paying'],
  ['paying', 'closed'],
];

/** Shortcuts the life cycle must never allow. */
const FORBIDDEN: readonly [CaseStatus, CaseStatus][] = [
  // the collective's payments never go through the special fund, and nothing pays before the cooling-off ends
  ['paying', 'fund_review'],
  ['paying', 'awaiting_funds'],
  ['agreement_signed', 'paying'],
  // no offers without the town's audit and the district's approval
  ['public_notice', 'offers'],
  ['town_review', 'offers'],
  ['village_review', 'town_review'],
  ['draft', 'eligibility'],
  ['draft', 'offers'],
  ['submitted', 'village_review'],
  ['eligibility', 'public_notice'],
  ['eligibility', 'offers'],
  ['village_review', 'offers'], // the public notice cannot be skipped
  ['village_review', 'agreement_signed'],
  ['returned', 'village_review'],
  ['offers', 'fund_review'], // no money without a signed agreement
  ['offers', 'disbursed'],
  ['agreement_signed', 'disbursed'], // the fund must review first
  ['agreement_signed', 'offers'],
  ['fund_review', 'closed'],
  ['awaiting_funds', 'reserved'],
  ['disbursed', 'closed'], // the parcel enters the reserve first
  ['closed', 'draft'],
  ['withdrawn', 'submitted'],
];

function reachableFrom(start: CaseStatus): Set<CaseStatus> {
  const seen = new Set<CaseStatus>([start]);
  const queue: CaseStatus[] = [start];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const next of TRANSITIONS[s]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function thrown(f: () => void): IllegalTransitionError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IllegalTransitionError);
    return e as IllegalTransitionError;
  }
  throw new Error('expected an IllegalTransitionError, nothing was thrown');
}

describe('transition table', () => {
  it('has exactly one entry per status, and every target is a status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(CASE_STATUSES).toHaveLength(28);
    for (const targets of Object.values(TRANSITIONS)) {
      for (const t of targets) expect(CASE_STATUSES).toContain(t);
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it('every status except draft is reachable from draft, and nothing leads back to draft', () => {
    const reachable = reachableFrom('draft');
    for (const s of CASE_STATUSES) expect(reachable.has(s), s).toBe(true);
    for (const s of CASE_STATUSES) expect(TRANSITIONS[s]).not.toContain('draft');
  });

  it.each(DOMAIN_ARROWS)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each(FORBIDDEN)('forbids %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('has no self-loops; closed and withdrawn are final', () => {
    for (const s of CASE_STATUSES) expect(canTransition(s, s), s).toBe(false);
    expect(TRANSITIONS.closed).toEqual([]);
    expect(TRANSITIONS.withdrawn).toEqual([]);
  });

  it('enters agreement_signed only from offers, and money statuses only after the agreement', () => {
    const into = (to: CaseStatus) => CASE_STATUSES.filter((s) => canTransition(s, to)).sort();
    expect(into('agreement_signed')).toEqual(['offers']);
    expect(into('offers')).toEqual(['district_approval']);
    expect(into('district_approval')).toEqual(['rejected', 'town_review']);
    expect(into('town_review')).toEqual(['public_notice', 'rejected']);
    expect(into('public_notice')).toEqual(['village_review']);
    expect(into('disbursed')).toEqual(['awaiting_funds', 'fund_review']);
    // rejected → fund_review is only an appeal of a fund rejection (see appealTarget)
    // the fund review opens only after the cooling-off (wave 2)
    expect(into('fund_review')).toEqual(['cooling_off', 'rejected']);
    expect(into('cooling_off')).toEqual(['agreement_signed']);
    expect(into('rescinded')).toEqual(['agreement_signed', 'cooling_off']);
  });
});

describe('assertTransition', () => {
  it('refuses an illegal transition with an error naming both statuses', () => {
    const e = thrown(() => assertTransition('draft', 'offers'));
    expect(e.from).toBe('draft');
    expect(e.to).toBe('offers');
    expect(e.message).toContain('draft');
    expect(e.message).toContain('offers');
    expect(e.name).toBe('IllegalTransitionError');
    expect(e.reasonZh.length).toBeGreaterThan(0);
    expect(e.reasonEn).toContain('submitted'); // what draft may go to
  });

  it('names the statuses in words, never by their codes (issue 18)', () => {
    const e = thrown(() => assertTransition('village_review', 'offers'));
    expect(e.reasonZh).toBe('当前状态（村集体审核中）只能转为：退回补正、已驳回、公示中、已撤回、系统异常');
    expect(e.reasonEn).toBe(
      'From village review the case may only go on to: returned for correction, rejected, public notice, withdrawn, failed (system error)',
    );
    for (const reason of [e.reasonZh, e.reasonEn]) expect(reason).not.toMatch(/village_review|public_notice/);
  });

  it('begins every English refusal with a capital letter and names no status code', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        if (canTransition(from, to)) continue;
        const e = thrown(() => assertTransition(from, to));
        expect(e.reasonEn[0]).toBe(e.reasonEn[0]?.toUpperCase());
        expect(`${e.reasonZh} ${e.reasonEn}`).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      }
    }
  });

  it('says a final status is final', () => {
    const e = thrown(() => assertTransition('closed', 'reserved'));
    expect(e.message).toMatch(/closed.*reserved/);
    expect(e.reasonZh).toBe('案件已处于终结状态（已结案）');
    expect(e.reasonEn).toBe('The case has ended (closed)');
  });
});

describe('withdrawal', () => {
  it.each(BEFORE_AGREEMENT)('is allowed from %s (before agreement_signed)', (s) => {
    expect(canTransition(s, 'withdrawn')).toBe(true);
    expect(() => assertTransition(s, 'withdrawn')).not.toThrow();
  });

  it.each(AGREEMENT_AND_LATER)('is refused from %s, because the agreement is signed', (s) => {
    expect(canTransition(s, 'withdrawn')).toBe(false);
    const e = thrown(() => assertTransition(s, 'withdrawn'));
    expect(e.from).toBe(s);
    expect(e.to).toBe('withdrawn');
    expect(e.message).toContain(s);
    expect(e.message).toContain('withdrawn');
    expect(e.message).toMatch(/agreement is signed/);
    expect(e.reasonZh).toContain('协议签订后');
    expect(() => assertWithdrawable({ status: s })).toThrow(/agreement is signed/);
  });

  it('covers every status: only withdrawn itself and failed are in neither list', () => {
    const rest = CASE_STATUSES.filter(
      (s) => !BEFORE_AGREEMENT.includes(s) && !AGREEMENT_AND_LATER.includes(s),
    );
    expect(rest.sort()).toEqual(['failed', 'withdrawn']);
  });

  it('does not claim an agreement for a case that is already withdrawn', () => {
    const e = thrown(() => assertTransition('withdrawn', 'withdrawn'));
    expect(e.message).not.toMatch(/agreement/);
    expect(e.reasonEn).toMatch(/already been withdrawn/);
  });

  it('is allowed after a village rejection but refused after a fund rejection (agreement signed)', () => {
    expect(() => assertWithdrawable({ status: 'rejected', rejectedAt: 'village_review' })).not.toThrow();
    const e = thrown(() => assertWithdrawable({ status: 'rejected', rejectedAt: 'fund_review' }));
    expect(e.message).toMatch(/rejected → withdrawn: .*agreement is signed/);
  });

  it.each(BEFORE_AGREEMENT.filter((s) => canTransition(s, 'failed')))(
    'is allowed for a case that failed in %s',
    (s) => {
      expect(() => assertWithdrawable({ status: 'failed', statusBeforeFailure: s })).not.toThrow();
    },
  );

  it.each(AGREEMENT_AND_LATER.filter((s) => canTransition(s, 'failed')))(
    'is refused for a case that failed in %s, because the agreement is signed',
    (s) => {
      const e = thrown(() => assertWithdrawable({ status: 'failed', statusBeforeFailure: s }));
      expect(e.from).toBe('failed');
      expect(e.to).toBe('withdrawn');
      expect(e.message).toMatch(/agreement is signed/);
    },
  );

  it('is refused for a failed case whose earlier status is unknown (staff must resolve it)', () => {
    const e = thrown(() => assertWithdrawable({ status: 'failed' }));
    expect(e.message).toMatch(/failed → withdrawn: .*system error/);
  });

  it('assertWithdrawable agrees with the table for cases that have not failed', () => {
    for (const s of CASE_STATUSES.filter((x) => x !== 'failed' && x !== 'rejected')) {
      if (canTransition(s, 'withdrawn')) expect(() => assertWithdrawable({ status: s })).not.toThrow();
      else expect(() => assertWithdrawable({ status: s })).toThrow(IllegalTransitionError);
    }
  });
});

describe('failure and resume', () => {
  it('failed has no table transitions; it resumes only in the status it failed in', () => {
    expect(TRANSITIONS.failed).toEqual([]);
    expect(() =>
      assertResume({ status: 'failed', statusBeforeFailure: 'eligibility' }, 'eligibility'),
    ).not.toThrow();
    const e = thrown(() =>
      assertResume({ status: 'failed', statusBeforeFailure: 'eligibility' }, 'village_review'),
    );
    expect(e.from).toBe('failed');
    expect(e.to).toBe('village_review');
    expect(e.message).toMatch(/failed → village_review/);
    expect(e.reasonEn).toContain('eligibility');
  });

  it('refuses to resume a case that has not failed, or whose earlier status is unknown', () => {
    expect(thrown(() => assertResume({ status: 'offers' }, 'offers')).reasonEn).toBe(
      'The case has not failed',
    );
    expect(thrown(() => assertResume({ status: 'failed' }, 'offers')).reasonEn).toContain('unknown');
  });

  it('every working status can fail; draft and the final statuses cannot', () => {
    for (const s of ['submitted', 'eligibility', 'village_review', 'public_notice', 'offers'] as const) {
      expect(canTransition(s, 'failed'), s).toBe(true);
    }
    for (const s of ['agreement_signed', 'fund_review', 'awaiting_funds', 'disbursed', 'reserved'] as const) {
      expect(canTransition(s, 'failed'), s).toBe(true);
    }
    for (const s of ['draft', 'closed', 'withdrawn', 'failed'] as const) {
      expect(canTransition(s, 'failed'), s).toBe(false);
    }
  });
});

describe('appealTarget (every terminal rejection can be appealed once)', () => {
  type AppealCase = Pick<Case, 'status' | 'rejectedAt' | 'appeals'>;
  const appeal = (stage: AppealStage) => ({
    stage,
    text: '请复核',
    at: '2025-04-01T00:00:00.000Z',
    actor: 'M1',
  });

  it.each([
    ['ineligible', undefined, 'eligibility'],
    ['rights_blocked', undefined, 'eligibility'],
    ['rejected', 'village_review', 'village_review'],
    ['rejected', 'fund_review', 'fund_review'],
  ] as const)(
    '%s (rejected at %s) reopens %s, a transition the table allows',
    (status, rejectedAt, target) => {
      const c: AppealCase = { status, appeals: [], ...(rejectedAt ? { rejectedAt } : {}) };
      expect(appealTarget(c)).toBe(target);
      expect(canTransition(status, target)).toBe(true);
    },
  );

  it('refuses a second appeal of the same rejection', () => {
    const once: AppealCase = {
      status: 'rejected',
      rejectedAt: 'village_review',
      appeals: [appeal('village_review')],
    };
    const e = thrown(() => appealTarget(once));
    expect(e.reasonEn).toBe('This rejection has already been appealed once');
    expect(() => appealTarget({ status: 'ineligible', appeals: [appeal('eligibility')] })).toThrow(
      /already been appealed/,
    );
  });

  it('allows an appeal of a later rejection at another stage', () => {
    const c: AppealCase = {
      status: 'rejected',
      rejectedAt: 'fund_review',
      appeals: [appeal('village_review')],
    };
    expect(appealTarget(c)).toBe('fund_review');
  });

  it.each(CASE_STATUSES.filter((s) => !['ineligible', 'rights_blocked', 'rejected'].includes(s)))(
    'refuses to appeal a case in %s',
    (status) => {
      expect(thrown(() => appealTarget({ status, appeals: [] })).reasonEn).toBe(
        'Only a rejected case can be appealed',
      );
    },
  );

  it('refuses a rejected case with no recorded stage', () => {
    expect(() => appealTarget({ status: 'rejected', appeals: [] })).toThrow(IllegalTransitionError);
  });
});

describe('life-cycle properties', () => {
  /**
   * An attempted move, mostly forward along the table (so that long paths through the agreement and
   * the fund are common), sometimes a withdrawal, a failure or any status at all.
   */
  const attemptArb = fc.record({ mode: fc.integer({ min: 0, max: 9 }), index: fc.nat({ max: 1_000 }) });
  type Attempt = { mode: number; index: number };
  const target = (from: CaseStatus, a: Attempt, resumeTo?: CaseStatus): CaseStatus => {
    const forward = TRANSITIONS[from].filter((s) => s !== 'withdrawn' && s !== 'failed');
    if (a.mode < 7 && from === 'failed' && resumeTo) return resumeTo;
    if (a.mode < 7 && forward.length > 0) return forward[a.index % forward.length] as CaseStatus;
    if (a.mode === 7) return 'withdrawn';
    if (a.mode === 8) return 'failed';
    return CASE_STATUSES[a.index % CASE_STATUSES.length] as CaseStatus;
  };

  it('applying only what canTransition allows never takes a forbidden step; assert ⇔ !can', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 200, size: 'max' }), (attempts) => {
        let status: CaseStatus = 'draft';
        const taken: [CaseStatus, CaseStatus][] = [];
        for (const a of attempts) {
          const to = target(status, a);
          const can = canTransition(status, to);
          let error: unknown;
          try {
            assertTransition(status, to);
          } catch (e) {
            error = e;
          }
          expect(error === undefined).toBe(can);
          if (error !== undefined) {
            expect(error).toBeInstanceOf(IllegalTransitionError);
            expect((error as IllegalTransitionError).from).toBe(status);
            expect((error as IllegalTransitionError).to).toBe(to);
          }
          if (can) {
            taken.push([status, to]);
            status = to;
          }
        }
        for (const [from, to] of taken) {
          expect(TRANSITIONS[from]).toContain(to);
          expect(FORBIDDEN.some(([f, t]) => f === from && t === to)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('with the context guards, no path withdraws or moves money without the right history', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 200, size: 'max' }), (attempts) => {
        const c: Pick<Case, 'status' | 'rejectedAt' | 'appeals' | 'statusBeforeFailure'> = {
          status: 'draft',
          appeals: [],
        };
        let signed = false;
        for (const a of attempts) {
          const from = c.status;
          const to = target(from, a, c.statusBeforeFailure);
          // how a workflow is expected to guard each kind of move
          const guard = (): void => {
            if (to === 'withdrawn') {
              assertWithdrawable(c);
              return;
            }
            if (from === 'failed') {
              assertResume(c, to);
              return;
            }
            if (from === 'ineligible' || from === 'rights_blocked' || from === 'rejected') {
              const reopen = appealTarget(c);
              if (reopen !== to)
                throw new IllegalTransitionError(from, to, '申诉', 'appeal reopens another step');
              c.appeals = [...c.appeals, { stage: reopen as AppealStage, text: '', at: '', actor: '' }];
              return;
            }
            assertTransition(from, to);
          };
          try {
            guard();
          } catch (e) {
            expect(e).toBeInstanceOf(IllegalTransitionError);
            continue;
          }
          // the move is made
          if (to === 'withdrawn') expect(signed).toBe(false);
          if (AGREEMENT_AND_LATER.includes(to) && to !== 'agreement_signed') expect(signed).toBe(true);
          if (to === 'agreement_signed') {
            expect(from === 'offers' || (from === 'failed' && c.statusBeforeFailure === to)).toBe(true);
            signed = true;
          }
          if (to === 'failed') c.statusBeforeFailure = from;
          if (to === 'rejected') c.rejectedAt = from as AppealStage;
          c.status = to;
        }
        const stages = c.appeals.map((x) => x.stage);
        expect(new Set(stages).size).toBe(stages.length);
      }),
      RUNS,
    );
  });
});
