import type { Case } from '../domain/model/case.js';
import type { Tranche } from '../domain/model/tranche.js';
import { inPeriod, type QuarterPeriod } from '../domain/period.js';
import type { CollectivePart } from './caseRowSchema.js';
import type { MoneyRow, QuarterlyReport } from './quarterlyTypes.js';

/**
 * Who pays (DOMAIN.md wave 2): the collective's payments of contract land and equity, shown apart from
 * the special fund (its ledger never carries them). From the cases' payment schedules:
 * - `recorded`: tranches the village recorded as paid in the quarter (`paidAt`), in all and by case type;
 * - `confirmed`: receipts the household confirmed in the quarter (`confirmedAt`);
 * - `disputed`: tranches whose latest dispute was raised in the quarter (`dispute.at`);
 * - `outstanding`: now (when the report is made): due and not recorded, or recorded and not confirmed;
 * - `sharesRedeemed`: equity shares that left households in the quarter (the confirmed payment), and the
 *   cases they came from.
 */
const row = (): MoneyRow => ({ count: 0, amountFen: 0 });
const add = (r: MoneyRow, t: Tranche) => {
  r.count += 1;
  r.amountFen += t.amountFen;
};

/** What one case adds to the collective's payments of the quarter (all but `outstanding`). */
export function caseCollective(c: Case, p: QuarterPeriod): CollectivePart {
  const recorded = row();
  const contractLand = row();
  const equity = row();
  const confirmed = row();
  const disputed = row();
  for (const t of c.paymentSchedule ?? []) {
    if (t.payer !== 'collective') continue;
    if (t.paidAt && inPeriod(t.paidAt, p)) {
      add(recorded, t);
      add(c.type === 'equity_exit' ? equity : contractLand, t);
    }
    if (t.confirmedAt && inPeriod(t.confirmedAt, p)) add(confirmed, t);
    if (t.dispute && inPeriod(t.dispute.at, p)) add(disputed, t);
  }
  const cancelled = c.equity?.sharesCancelledAt;
  const sharesRedeemed =
    c.application.type === 'equity_exit' && cancelled && inPeriod(cancelled, p) ? c.application.shares : 0;
  return { recorded, contractLand, equity, confirmed, disputed, sharesRedeemed };
}

/** One case's collective tranches open now: due and not recorded, or recorded and not confirmed. */
export function caseOutstanding(c: Case): MoneyRow {
  const outstanding = row();
  for (const t of c.paymentSchedule ?? []) {
    if (t.payer !== 'collective') continue;
    if (t.status === 'payable' || t.status === 'paid' || t.status === 'disputed') add(outstanding, t);
  }
  return outstanding;
}

const sum = (rows: readonly MoneyRow[]): MoneyRow =>
  rows.reduce((a, r) => ({ count: a.count + r.count, amountFen: a.amountFen + r.amountFen }), row());

/** The collective's payments of a quarter summed: what collectiveFromTotals prints. */
export interface CollectiveTotals {
  recorded: MoneyRow;
  contractLand: MoneyRow;
  equity: MoneyRow;
  confirmed: MoneyRow;
  disputed: MoneyRow;
  /** cases that redeemed shares and the shares */
  redeemed: { cases: number; shares: number };
}

export function collectiveTotals(parts: readonly CollectivePart[]): CollectiveTotals {
  const redeemed = parts.filter((x) => x.sharesRedeemed > 0);
  return {
    recorded: sum(parts.map((x) => x.recorded)),
    contractLand: sum(parts.map((x) => x.contractLand)),
    equity: sum(parts.map((x) => x.equity)),
    confirmed: sum(parts.map((x) => x.confirmed)),
    disputed: sum(parts.map((x) => x.disputed)),
    redeemed: { cases: redeemed.length, shares: redeemed.reduce((n, x) => n + x.sharesRedeemed, 0) },
  };
}

/** The collective's figures of the quarter from what each case adds, and the tranches outstanding now. */
export function collectiveFromParts(
  parts: readonly CollectivePart[],
  outstanding: MoneyRow,
): QuarterlyReport['collective'] {
  return collectiveFromTotals(collectiveTotals(parts), outstanding);
}

/** The collective's figures of the quarter from its totals, and the tranches outstanding now. */
export function collectiveFromTotals(
  t: CollectiveTotals,
  outstanding: MoneyRow,
): QuarterlyReport['collective'] {
  return {
    recorded: { ...t.recorded, contractLand: t.contractLand, equity: t.equity },
    confirmed: t.confirmed,
    disputed: t.disputed,
    outstanding,
    sharesRedeemed: t.redeemed,
    basisZh:
      '承包地和集体资产股权退出补偿由村集体（或其指定的承接方）支付，不经专项基金、不记入基金台账；按村集体登记支付、农户确认收款、农户提出异议的时间计入季度；“未结清”为制表时应付未付或已付未确认的款项',
    basisEn:
      "contract-land and equity compensation is paid by the village collective (or the taker it names), never by the special fund and never in its ledger; counted in the quarter the village recorded the payment, the household confirmed it or disputed it; 'outstanding' is what is due or unconfirmed when the report is made",
  };
}

export function collectiveFigures(cases: readonly Case[], p: QuarterPeriod): QuarterlyReport['collective'] {
  return collectiveFromParts(
    cases.map((c) => caseCollective(c, p)),
    sum(cases.map(caseOutstanding)),
  );
}
