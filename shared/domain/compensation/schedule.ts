import { divRoundHalfUp, fenToNumber } from '../decimal.js';
import type { CaseType } from '../model/application.js';
import type { Case } from '../model/case.js';
import type { Tranche, TrancheMilestone } from '../model/tranche.js';

/**
 * The payment schedule of an agreement (分期支付, DOMAIN.md wave 2 "Payment schedule"):
 * - homestead: 50 % when the fund approves, 30 % at `disposed`, 20 % at `certificate_cancelled`;
 * - contract land: 70 % when the cooling-off ends, 30 % at `handed_over`, paid by the village collective
 *   (or the taker it names), never by the special fund (二(二)3 advances homesteads only);
 * - equity: 100 % when the cooling-off ends, paid by the collective.
 * Contract-land agreements signed before the collective paid keep their fund-paid schedule (`approval`,
 * payer `fund`): a schedule is fixed at signing.
 * Each tranche but the last is payable × share, rounded half-up to the fen on its own; the last is the
 * rest, so the tranches always sum exactly to the payable amount. Nothing to pay, no tranches.
 */
export interface SchedulePlan {
  milestone: TrancheMilestone;
  sharePct: number;
}

/** Who pays each case type's tranches (DOMAIN.md wave 2 "Who pays"). */
export const PAYERS: Record<CaseType, Tranche['payer']> = {
  homestead_exit: 'fund',
  contract_land_exit: 'collective',
  equity_exit: 'collective',
};

export const SCHEDULES: Record<CaseType, readonly SchedulePlan[]> = {
  homestead_exit: [
    { milestone: 'approval', sharePct: 50 },
    { milestone: 'disposed', sharePct: 30 },
    { milestone: 'certificate_cancelled', sharePct: 20 },
  ],
  contract_land_exit: [
    { milestone: 'cooling_off_ended', sharePct: 70 },
    { milestone: 'handed_over', sharePct: 30 },
  ],
  equity_exit: [{ milestone: 'cooling_off_ended', sharePct: 100 }],
};

/** The tranches of `payableFen` under `plan` (shares summing to 100), all `scheduled`. */
export function scheduleTranches(
  payableFen: number | bigint,
  plan: readonly SchedulePlan[],
  payer: Tranche['payer'] = 'fund',
): Tranche[] {
  const payable = BigInt(payableFen);
  if (payable < 0n) throw new RangeError('the payable amount cannot be negative');
  if (plan.reduce((s, p) => s + p.sharePct, 0) !== 100) throw new RangeError('the shares must sum to 100 %');
  if (payable === 0n) return [];
  let paidBefore = 0n;
  return plan.map((p, i) => {
    const last = i === plan.length - 1;
    const amount = last ? payable - paidBefore : divRoundHalfUp(payable * BigInt(p.sharePct), 100n);
    // the rule can overshoot only for shares no schedule here has (e.g. 10/10/70/10 of 5 fen): refuse it
    if (amount < 0n) throw new RangeError('the shares round past the payable amount');
    paidBefore += amount;
    return {
      tranche: i + 1,
      milestone: p.milestone,
      sharePct: p.sharePct,
      amountFen: fenToNumber(amount),
      payer,
      status: 'scheduled',
    };
  });
}

/** The schedule an agreement of this case type carries. */
export function paymentSchedule(type: CaseType, payableFen: number): Tranche[] {
  return scheduleTranches(payableFen, SCHEDULES[type], PAYERS[type]);
}

/** The tranche due at a milestone, if the schedule has one. */
export function trancheAt(schedule: readonly Tranche[], milestone: TrancheMilestone): Tranche | undefined {
  return schedule.find((t) => t.milestone === milestone);
}

/** The tranche waiting in the fund's queue, if any (at most one at a time: the case waits with it). */
export function queuedTranche(schedule: readonly Tranche[] | undefined): Tranche | undefined {
  return schedule?.find((t) => t.status === 'queued');
}

/** The schedule with one tranche replaced. */
export function withTranche(schedule: readonly Tranche[], next: Tranche): Tranche[] {
  return schedule.map((t) => (t.tranche === next.tranche ? next : t));
}

/**
 * The schedule a case shows: its own, or, for a case paid in one sum before schedules existed, that sum
 * as a single tranche (so every paid case reads the same way).
 */
export function scheduleOf(c: Pick<Case, 'paymentSchedule' | 'advance' | 'agreement'>): Tranche[] {
  if (c.paymentSchedule) return c.paymentSchedule;
  const a = c.advance;
  if (!a || !c.agreement || a.amountFen === 0) return [];
  const status = a.status === 'paid' ? 'paid' : a.status === 'queued' ? 'queued' : 'scheduled';
  return [
    {
      tranche: 1,
      milestone: 'approval',
      sharePct: 100,
      amountFen: a.amountFen,
      payer: 'fund',
      status,
      ...(a.status === 'queued' && a.approvedAt ? { queuedAt: a.approvedAt } : {}),
      ...(a.paidAt ? { paidAt: a.paidAt } : {}),
      ...(a.entryId ? { entryId: a.entryId } : {}),
    },
  ];
}
