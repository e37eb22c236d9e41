import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  paymentSchedule,
  SCHEDULES,
  type SchedulePlan,
  scheduleOf,
  scheduleTranches,
} from '../../shared/domain/compensation/schedule.js';

/** The payment schedule (分期支付, DOMAIN.md wave 2): exact to the fen, the last tranche the remainder. */
const RUNS = { numRuns: 1000 };
const MAX_FEN = 2 ** 43; // far above any agreement (¥87 billion)

/** Random shares in whole per cent summing to 100, one to five tranches. */
const plan: fc.Arbitrary<SchedulePlan[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 4 })
  .map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 100];
    return points
      .slice(1)
      .map((p, i) => ({ milestone: 'approval' as const, sharePct: p - (points[i] ?? 0) }));
  });

describe('payment schedule', () => {
  it('sums exactly to the payable amount for any amount under the schedules in force; every tranche ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_FEN }),
        fc.constantFrom(...Object.values(SCHEDULES)),
        (payable, p) => {
          const tranches = scheduleTranches(payable, p);
          expect(tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(payable);
          for (const t of tranches) expect(t.amountFen).toBeGreaterThanOrEqual(0);
          expect(tranches.map((t) => t.tranche)).toEqual(payable === 0 ? [] : p.map((_, i) => i + 1));
        },
      ),
      RUNS,
    );
  });

  it('for any shares: sums exactly, or refuses shares whose rounding would overshoot (never a negative tranche)', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_FEN }), plan, (payable, p) => {
        let tranches: ReturnType<typeof scheduleTranches>;
        try {
          tranches = scheduleTranches(payable, p);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          refused++;
          return;
        }
        expect(tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(payable);
        for (const t of tranches) expect(t.amountFen).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
    expect(() =>
      scheduleTranches(
        5,
        [10, 10, 70, 10].map((sharePct) => ({ milestone: 'approval' as const, sharePct })),
      ),
    ).toThrow(RangeError);
    expect(refused).toBeLessThan(RUNS.numRuns);
  });

  it('rounds each tranche but the last half-up on its own (四舍五入), computed with bigint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_FEN }),
        fc.constantFrom(...Object.values(SCHEDULES)),
        (payable, p) => {
          const tranches = scheduleTranches(payable, p);
          tranches.slice(0, -1).forEach((t, i) => {
            const exact = (BigInt(payable) * BigInt(p[i]?.sharePct ?? 0) * 2n + 100n) / 200n;
            expect(BigInt(t.amountFen)).toBe(exact);
          });
        },
      ),
      RUNS,
    );
  });

  it('homestead 50/30/20 at approval, disposed, certificate_cancelled (the fund); contract land 70/30 when the cooling-off ends and at handed_over, equity 100 % (the collective)', () => {
    expect(paymentSchedule('homestead_exit', 15_725_101).map((t) => [t.milestone, t.amountFen])).toEqual([
      ['approval', 7_862_551], // 7 862 550.5 rounds up
      ['disposed', 4_717_530], // 4 717 530.3
      ['certificate_cancelled', 3_145_020], // the rest
    ]);
    expect(
      paymentSchedule('contract_land_exit', 999).map((t) => [t.milestone, t.amountFen, t.payer]),
    ).toEqual([
      ['cooling_off_ended', 699, 'collective'], // 699.3
      ['handed_over', 300, 'collective'],
    ]);
    expect(paymentSchedule('equity_exit', 1_020_001).map((t) => [t.milestone, t.amountFen, t.payer])).toEqual(
      [['cooling_off_ended', 1_020_001, 'collective']],
    );
    expect(paymentSchedule('homestead_exit', 10).every((t) => t.payer === 'fund')).toBe(true);
    for (const plans of Object.values(SCHEDULES)) {
      expect(plans.reduce((s, p) => s + p.sharePct, 0)).toBe(100);
    }
    expect(paymentSchedule('homestead_exit', 1).map((t) => t.amountFen)).toEqual([1, 0, 0]);
    expect(paymentSchedule('homestead_exit', 0)).toEqual([]);
  });

  it('refuses shares that do not sum to 100 and negative amounts', () => {
    expect(() => scheduleTranches(100, [{ milestone: 'approval', sharePct: 90 }])).toThrow(RangeError);
    expect(() => scheduleTranches(-1, SCHEDULES.homestead_exit)).toThrow(RangeError);
  });

  it('shows a case paid in one sum before schedules as one tranche of 100 %', () => {
    const advance = {
      status: 'paid' as const,
      amountFen: 500,
      requiredApprovals: 1,
      approvals: [],
      approvedAt: '2025-06-01T00:00:00.000Z',
      paidAt: '2025-06-01T00:00:00.000Z',
      entryId: 'ADV-AG-1',
    };
    const agreement = { agreementId: 'AG-1' } as Parameters<typeof scheduleOf>[0]['agreement'];
    expect(scheduleOf({ advance, agreement })).toEqual([
      {
        tranche: 1,
        milestone: 'approval',
        sharePct: 100,
        amountFen: 500,
        payer: 'fund',
        status: 'paid',
        paidAt: '2025-06-01T00:00:00.000Z',
        entryId: 'ADV-AG-1',
      },
    ]);
  });
});
