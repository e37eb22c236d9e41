import { describe, expect, it } from 'vitest';
import type { Case } from '../../shared/domain/model/case.js';
import type { Tranche } from '../../shared/domain/model/tranche.js';
import { quarterPeriod } from '../../shared/domain/period.js';
import { collectiveFigures } from '../../shared/reports/collective.js';

/**
 * Who pays (wave 2) in the quarterly report: the collective's payments are counted apart from the fund,
 * each in the quarter (by the Zibo date) the village recorded it, the household confirmed it or disputed
 * it. 2026 Q1 in Zibo is 2025-12-31T16:00Z ≤ t < 2026-03-31T16:00Z.
 */
const Q1 = quarterPeriod(2026, 1);

const tranche = (over: Partial<Tranche>): Tranche => ({
  tranche: 1,
  milestone: 'cooling_off_ended',
  sharePct: 70,
  amountFen: 700_00,
  payer: 'collective',
  status: 'scheduled',
  ...over,
});

function aCase(type: Case['type'], schedule: Tranche[], extra: Partial<Case> = {}): Case {
  const consents = [{ memberId: 'm1', consented: true as const, signedAt: '2026-01-01T00:00:00Z' }];
  const application =
    type === 'equity_exit'
      ? { type, householdId: 'H-1', shares: 12, consents, declarations: { voluntary: true as const } }
      : {
          type: 'contract_land_exit' as const,
          householdId: 'H-1',
          scope: 'all' as const,
          term: 'current_term' as const,
          consents,
          declarations: { voluntary: true as const },
        };
  return { type, application, paymentSchedule: schedule, ...extra } as Case;
}

describe('collectiveFigures', () => {
  const cases = [
    // contract land: T1 recorded and confirmed in Q1 (the last day of Q1 in Zibo), T2 still scheduled
    aCase('contract_land_exit', [
      tranche({ status: 'confirmed', paidAt: '2026-02-01T02:00:00Z', confirmedAt: '2026-03-31T15:59:59Z' }),
      tranche({ tranche: 2, milestone: 'handed_over', sharePct: 30, amountFen: 300_00 }),
    ]),
    // contract land: T1 recorded on 31 Dec 2025 at 23:00 Zibo time (Q4), disputed in Q1, not confirmed
    aCase('contract_land_exit', [
      tranche({
        status: 'disputed',
        paidAt: '2025-12-31T15:00:00Z',
        dispute: { text: '未收到', at: '2026-01-05T00:00:00Z' },
      }),
    ]),
    // equity: 12 shares, paid and confirmed in Q1: the shares leave in Q1
    aCase(
      'equity_exit',
      [
        tranche({
          sharePct: 100,
          amountFen: 1_020_000,
          status: 'confirmed',
          paidAt: '2026-03-01T00:00:00Z',
          confirmedAt: '2026-03-02T00:00:00Z',
        }),
      ],
      {
        equity: { sharesCancelledAt: '2026-03-02T00:00:00Z' },
      },
    ),
    // a homestead's fund tranche is not the collective's: ignored
    aCase('contract_land_exit', [tranche({ payer: 'fund', status: 'paid', paidAt: '2026-02-01T00:00:00Z' })]),
    // due now, not recorded: outstanding only
    aCase('contract_land_exit', [tranche({ status: 'payable' })]),
  ];

  it('counts each payment in its own quarter, by type, and what is outstanding now', () => {
    const f = collectiveFigures(cases, Q1);
    expect(f.recorded).toEqual({
      count: 2,
      amountFen: 700_00 + 1_020_000,
      contractLand: { count: 1, amountFen: 700_00 },
      equity: { count: 1, amountFen: 1_020_000 },
    });
    expect(f.confirmed).toEqual({ count: 2, amountFen: 700_00 + 1_020_000 });
    expect(f.disputed).toEqual({ count: 1, amountFen: 700_00 });
    // the disputed one and the payable one; the scheduled T2 is not due yet
    expect(f.outstanding).toEqual({ count: 2, amountFen: 1_400_00 });
    expect(f.sharesRedeemed).toEqual({ cases: 1, shares: 12 });
  });

  it('the quarter before sees the payment recorded on New Year’s Eve in Zibo, and nothing else', () => {
    const f = collectiveFigures(cases, quarterPeriod(2025, 4));
    expect(f.recorded.count).toBe(1);
    expect(f.recorded.contractLand.amountFen).toBe(700_00);
    expect(f.confirmed.count).toBe(0);
    expect(f.sharesRedeemed.shares).toBe(0);
  });
});
