import type { CaseView } from '../api/contract';

/**
 * What the household has received so far (分期支付): the sum of the tranches paid and the time of the
 * latest, never the agreement's total while tranches are still to come. A case paid in one sum shows
 * that sum.
 */
export interface PaidSoFar {
  amountFen: number;
  lastPaidAt: string;
  paid: number;
  tranches: number;
}

export function paidSoFar(c: Pick<CaseView, 'advance' | 'paymentSchedule'>): PaidSoFar | undefined {
  const schedule = c.paymentSchedule ?? [];
  const paid = schedule.filter((t) => t.status === 'paid' && t.paidAt);
  if (schedule.length > 0) {
    if (paid.length === 0) return undefined;
    const lastPaidAt =
      paid
        .map((t) => t.paidAt ?? '')
        .sort()
        .at(-1) ?? '';
    return {
      amountFen: paid.reduce((s, t) => s + t.amountFen, 0),
      lastPaidAt,
      paid: paid.length,
      tranches: schedule.length,
    };
  }
  if (!c.advance?.paidAt) return undefined;
  return { amountFen: c.advance.amountFen, lastPaidAt: c.advance.paidAt, paid: 1, tranches: 1 };
}
