/**
 * What the household has received so far (分期支付): the sum of the tranches paid and the time of the
 * latest, never the agreement's total while tranches are still to come. A case paid in one sum shows
 * that sum. A tranche of the collective counts once recorded as paid and once confirmed, never while
 * the household disputes it (DOMAIN.md wave 2, "Who pays"). On the fields it needs only, so that it
 * has no imports and is tested as it is.
 */
export interface PaidSoFar {
  amountFen: number;
  lastPaidAt: string;
  paid: number;
  tranches: number;
}

interface PaidCase {
  advance?: { amountFen: number; paidAt?: string | undefined } | undefined;
  paymentSchedule?: readonly { amountFen: number; status: string; paidAt?: string | undefined }[] | undefined;
}

const RECEIVED: readonly string[] = ['paid', 'confirmed'];

export function paidSoFar(c: PaidCase): PaidSoFar | undefined {
  const schedule = c.paymentSchedule ?? [];
  const paid = schedule.filter((t) => RECEIVED.includes(t.status) && t.paidAt);
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
